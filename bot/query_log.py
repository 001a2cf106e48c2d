"""Writing each answer to the query log (the audit trail), and going on without it.

A database the process may read but not write, or one on a full disk, still
holds every article and the index in force: refusing to answer would take the
archive away from the newsroom over its log. So a question whose line cannot be
written is answered anyway, unlogged, and the operator is warned once, not on
every question. Any other failure to write is raised as before.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from pathlib import Path

from bot import messages
from bot.answers import Answer
from bot.errors import disk_problem
from index.archive import Archive
from index.storage_errors import DiskFault

log = logging.getLogger(__name__)


class QueryLog:
    """Logs answers from whichever thread answered them; one per core."""

    def __init__(self, archive: Archive, db_path: Path) -> None:
        self._archive = archive
        self._db_path = db_path
        self._warned = False
        # Answers are logged from worker threads and the event loop alike.
        self._lock = threading.Lock()

    def logged(self, answer: Answer, origin: str) -> Answer:
        """``answer`` with its id in the query log, where it has just been written; as
        it is, without an id (so without feedback buttons), when the disk refuses the write."""
        try:
            query_id = self._archive.log_query(
                origin, answer.question, answer.status, _logged_results(answer), answer.read_as
            )
        except DiskFault as exc:
            with self._lock:
                first, self._warned = not self._warned, True
            if first:
                log.warning(messages.QUESTIONS_NOT_LOGGED.format(problem=disk_problem(self._db_path, exc)))
            return answer
        return dataclasses.replace(answer, query_id=query_id)


def _logged_results(answer: Answer) -> list[dict[str, object]]:
    shown = [e for claim in answer.claims for e in (claim.evidence, *claim.also_in)]
    if answer.verification is not None:
        shown.extend(match.evidence for match in answer.verification.matches)
    return [{"doc_id": e.doc_id, "start": e.start, "end": e.end} for e in shown]
