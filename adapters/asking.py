"""What every chat adapter needs of the core, and how it asks without ever failing silently."""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from typing import Protocol

from adapters.logging_setup import question_in_hand
from bot import messages
from bot.answers import Answer, Filters
from bot.asked_speakers import claimed_speaker
from bot.conversation_state import ConversationKey
from bot.errors import FactCheckError
from bot.quote_lookup import quotations, unquoted

log = logging.getLogger(__name__)


class Checker(Protocol):
    """The part of ``bot.factchecker.FactChecker`` the chat adapters use."""

    async def ask(
        self, question: str, *, limit: int = 5, origin: str = "local", filters: Filters = Filters()
    ) -> Answer: ...

    async def verify(self, claim: str, *, who: str | None = None, limit: int = 3, origin: str = "local") -> Answer: ...

    async def timeline(self, topic: str, *, limit: int = 10, origin: str = "local") -> Answer: ...

    async def record_feedback(self, query_id: int, user: str, *, helpful: bool) -> bool: ...

    def admit(self, *, user: str, channel: str) -> bool: ...

    async def follow_up(
        self,
        key: ConversationKey,
        text: str,
        *,
        origin: str = "local",
        limit: int = 5,
        filters: Filters = Filters(),
        keep_at: ConversationKey | None = None,
    ) -> Answer: ...

    async def start_conversation(self, key: ConversationKey, answer: Answer, *, origin: str) -> Answer: ...

    def conversation_active(self, key: ConversationKey) -> bool: ...

    async def end_conversation(self, key: ConversationKey) -> bool: ...


async def ask_safely(
    checker: Checker, question: str, *, limit: int = 5, origin: str, filters: Filters = Filters()
) -> Answer:
    """Ask, turning any failure into an answer: the asker gets a short message, the log the details.
    What the calling task logs from then on (delivering the answer) carries the answer's query-log id."""
    return await _safely(checker.ask(question, limit=limit, origin=origin, filters=filters), question)


async def verify_safely(checker: Checker, claim: str, *, who: str | None = None, origin: str) -> Answer:
    """Verify a claimed quotation as ``ask_safely`` asks: any failure is an answer."""
    return await _safely(checker.verify(claim, who=who, origin=origin), claim)


async def check_message_safely(checker: Checker, text: str, *, origin: str) -> Answer:
    """Fact-check a chat message someone points at: the longest quotation it marks is verified,
    against the speaker it names ("Kirby said “…”"); a message quoting nothing is asked as a question."""
    quoted = quotations(text)
    if quoted:
        return await verify_safely(checker, quoted[0], who=claimed_speaker(unquoted(text)), origin=origin)
    return await ask_safely(checker, text, origin=origin)


async def follow_up_safely(
    checker: Checker, key: ConversationKey, text: str, *, origin: str, keep_at: ConversationKey | None = None
) -> Answer:
    """Answer ``text`` as a follow-up in the conversation at ``key`` (its answer held at
    ``keep_at``, if given); any failure is an answer, as in ``ask_safely``."""
    return await _safely(checker.follow_up(key, text, origin=origin, keep_at=keep_at), text)


async def start_conversation_safely(checker: Checker, key: ConversationKey, answer: Answer, *, origin: str) -> Answer:
    """``answer`` as the first of a conversation at ``key``; when the conversation cannot be
    kept, the answer as it was, since the asker is owed it all the same."""
    try:
        return await checker.start_conversation(key, answer, origin=origin)
    except Exception:
        log.exception("starting a conversation failed")
        return answer


async def timeline_safely(checker: Checker, topic: str, *, origin: str) -> Answer:
    """A topic's timeline, any failure an answer as ``ask_safely`` gives it."""
    return await _safely(checker.timeline(topic, origin=origin), topic)


async def _safely(answering: Awaitable[Answer], question: str) -> Answer:
    try:
        answer = await answering
    except FactCheckError as exc:
        answer = Answer(question=question, status="error", error=str(exc))
    except Exception:
        log.exception("answering %r failed", question[:200])
        answer = Answer(question=question, status="error", error=messages.INTERNAL_ERROR)
    question_in_hand.set(answer.query_id)
    return answer
