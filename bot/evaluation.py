"""Score the bot on a newsroom's own question set (``factcheck eval FILE.jsonl``).

The file holds one JSON object per line: ``id``, ``q``, ``any_of`` (phrases
one of which a correct quote contains), optional ``who_any``, ``when_any``,
``sources``, and ``unanswerable`` with optional ``missing``. Phrases compare
case-insensitively with curly quotes folded to straight ones and runs of white
space folded to one space. Denominators follow the question set's README:
Hit@k, MRR and false abstentions over the answerable questions, abstention
over the unanswerable ones, who and when over the questions that carry them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, TypeVar

from bot import messages
from bot.answers import Answer, Evidence

T = TypeVar("T")
_FOLD = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'"})
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    question: str
    any_of: tuple[str, ...] = ()
    who_any: tuple[str, ...] = ()
    when_any: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    unanswerable: bool = False
    missing: tuple[str, ...] = ()


@dataclass(slots=True)
class Tally:
    """Right out of total, kept as counts so nothing is rounded until shown."""

    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += int(ok)
        self.total += 1


@dataclass(slots=True)
class Report:
    hit1: Tally = field(default_factory=Tally)
    hit3: Tally = field(default_factory=Tally)
    reciprocal_ranks: list[Fraction] = field(default_factory=list)
    abstained: Tally = field(default_factory=Tally)
    false_abstentions: Tally = field(default_factory=Tally)
    missing_named: Tally = field(default_factory=Tally)
    who: Tally = field(default_factory=Tally)
    when: Tally = field(default_factory=Tally)
    sources: Tally = field(default_factory=Tally)
    verbatim: Tally = field(default_factory=Tally)
    failures: list[str] = field(default_factory=list)

    @property
    def mrr(self) -> float:
        return float(sum(self.reciprocal_ranks) / len(self.reciprocal_ranks)) if self.reciprocal_ranks else 0.0

    def figures(self) -> list[tuple[str, Tally]]:
        return [
            ("Hit@1", self.hit1),
            ("Hit@3", self.hit3),
            ("abstention (unanswerable answered no_evidence)", self.abstained),
            ("false abstentions (answerable refused)", self.false_abstentions),
            ("missing terms named", self.missing_named),
            ("who right", self.who),
            ("when right", self.when),
            ("sources found", self.sources),
            ("quotes verbatim", self.verbatim),
        ]


def read_cases(lines: Iterable[str]) -> list[Case]:
    return read_records(lines, _case, messages.NOT_A_CASE)


def read_records(lines: Iterable[str], build: Callable[[int, dict[str, Any]], T], refusal: str) -> list[T]:
    """One record per line that is not blank, built by ``build(line number, its object)``; a
    line that is not one is refused with ``refusal``, which names the line."""
    found = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            found.append(build(number, json.loads(line)))
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
            raise ValueError(refusal.format(number=number, detail=exc)) from exc
    return found


def _case(number: int, raw: dict[str, Any]) -> Case:
    return Case(
        id=str(raw.get("id", number)),
        question=str(raw["q"]),
        any_of=tuple(raw.get("any_of", ())),
        who_any=tuple(raw.get("who_any", ())),
        when_any=tuple(raw.get("when_any", ())),
        sources=tuple(raw.get("sources", ())),
        unanswerable=bool(raw.get("unanswerable", False)),
        missing=tuple(raw.get("missing", ())),
    )


async def evaluate(
    cases: Iterable[Case],
    ask: Callable[[str], Awaitable[Answer]],
    article_text: Callable[[str], Awaitable[str | None]],
) -> Report:
    report = Report()
    for case in cases:
        answer = await ask(case.question)
        await _check_verbatim(answer, article_text, report)
        if case.unanswerable:
            _score_unanswerable(case, answer, report)
        else:
            score_answerable(case, answer, report)
    return report


def fold(text: str) -> str:
    return _SPACE.sub(" ", text.translate(_FOLD)).casefold().strip()


def _matches(evidence: Evidence, phrases: tuple[str, ...]) -> bool:
    quote = fold(evidence.quote)
    return any(fold(p) in quote for p in phrases)


def score_answerable(case: Case, answer: Answer, report: Report) -> None:
    leads = [claim.evidence for claim in answer.claims]
    rank = next((n for n, e in enumerate(leads, 1) if _matches(e, case.any_of)), None)
    report.hit1.add(rank == 1)
    report.hit3.add(rank is not None and rank <= 3)
    report.reciprocal_ranks.append(Fraction(1, rank) if rank else Fraction(0))
    report.false_abstentions.add(answer.status == "no_evidence")
    if rank != 1:
        shown = leads[0].quote[:100] if leads else f"status {answer.status}"
        report.failures.append(f"{case.id}: rank {rank or '-'} for {case.question!r}; top: {shown!r}")
    for check in _CHECKS:
        wanted = getattr(case, check.wanted)
        if not wanted:
            continue
        given = check.given(answer)
        ok = check.passes(given, wanted)
        getattr(report, check.name).add(ok)
        if not ok:
            report.failures.append(f"{case.id}: {check.name} {given!r}, wanted {list(wanted)}")


@dataclass(frozen=True, slots=True)
class _Check:
    """A measure a case asks for by carrying its ``wanted`` field: ``given`` is what the
    answer offers, ``passes`` whether that is one of the wanted. ``name`` is the
    ``Report`` tally it counts in."""

    name: str
    wanted: str
    given: Callable[[Answer], Any]
    passes: Callable[[Any, tuple[str, ...]], bool]


def _lead(answer: Answer) -> Evidence | None:
    return answer.claims[0].evidence if answer.claims else None


def _lead_who(answer: Answer) -> str | None:
    lead = _lead(answer)
    return lead.who if lead else None


def _lead_date(answer: Answer) -> str | None:
    lead = _lead(answer)
    return lead.when.date if lead and lead.when else None


def _documents(answer: Answer) -> list[str]:
    return sorted({e.doc_id for claim in answer.claims for e in (claim.evidence, *claim.also_in)})


_CHECKS = (
    _Check("who", "who_any", _lead_who, lambda who, wanted: bool(who) and any(fold(w) in fold(who) for w in wanted)),
    _Check("when", "when_any", _lead_date, lambda date, wanted: date is not None and date.startswith(tuple(wanted))),
    _Check(
        "sources",
        "sources",
        _documents,
        lambda found, wanted: all(any(doc.startswith(s) for doc in found) for s in wanted),
    ),
)


def _score_unanswerable(case: Case, answer: Answer, report: Report) -> None:
    abstained = answer.status == "no_evidence"
    report.abstained.add(abstained)
    if not abstained:
        top = answer.claims[0].evidence.quote[:100] if answer.claims else ""
        report.failures.append(f"{case.id}: answered an unanswerable question {case.question!r} with {top!r}")
    if case.missing:
        ok = all(term.casefold() in answer.missing_terms for term in case.missing)
        report.missing_named.add(ok)
        if not ok:
            report.failures.append(
                f"{case.id}: missing terms {list(answer.missing_terms)}, wanted {list(case.missing)}"
            )


async def _check_verbatim(answer: Answer, article_text: Callable[[str], Awaitable[str | None]], report: Report) -> None:
    for claim in answer.claims:
        for evidence in (claim.evidence, *claim.also_in):
            text = await article_text(evidence.doc_id)
            ok = text is not None and text[evidence.start : evidence.end] == evidence.quote
            report.verbatim.add(ok)
            if not ok:
                report.failures.append(f"quote not verbatim: {evidence.doc_id} {evidence.start}-{evidence.end}")
