"""Score the bot on conversations (``factcheck eval --conversations FILE.jsonl``).

Each line is one conversation: ``id`` and ``turns``, each turn a question ``q`` with
what a right answer holds (``any_of``, ``who_any``, ``when_any``, as in
``bot.evaluation``), ``read_as_all`` (words the follow-up's reading must hold) and
``may_repeat`` (its answer may lead with the claim the turn before led with: "when
did he say that?"). The turns are asked in order in one conversation; the first
only sets the scene, and is not scored. What is scored, over the later turns:
Hit@1 (and the rest of ``bot.evaluation.Report``), the readings holding all their
words (a turn asked as typed is its own reading), and the answers that lead with
the claim the answer before led with, which none should unless ``may_repeat``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from bot import messages
from bot.answers import Answer, Claim
from bot.evaluation import Case, Report, Tally, fold, read_records, score_answerable


@dataclass(frozen=True, slots=True)
class Turn:
    case: Case
    read_as_all: tuple[str, ...] = ()
    may_repeat: bool = False


@dataclass(frozen=True, slots=True)
class Dialogue:
    id: str
    turns: tuple[Turn, ...]


@dataclass(slots=True)
class DialogueReport:
    answers: Report = field(default_factory=Report)
    readings: Tally = field(default_factory=Tally)
    repeats: Tally = field(default_factory=Tally)
    failures: list[str] = field(default_factory=list)

    def figures(self) -> list[tuple[str, Tally]]:
        named = {"Hit@1": "follow-up Hit@1", "Hit@3": "follow-up Hit@3"}
        shown = [(named.get(name, name), tally) for name, tally in self.answers.figures() if name != "quotes verbatim"]
        return [
            *shown,
            ("readings holding their words", self.readings),
            ("repeating the claim before (want 0)", self.repeats),
        ]


def read_dialogues(lines: Iterable[str]) -> list[Dialogue]:
    return read_records(lines, _dialogue, messages.NOT_A_CONVERSATION)


def _dialogue(number: int, raw: dict[str, Any]) -> Dialogue:
    name = str(raw.get("id", number))
    return Dialogue(name, tuple(_turn(f"{name}.{at}", turn) for at, turn in enumerate(raw["turns"], 1)))


def _turn(name: str, raw: dict[str, Any]) -> Turn:
    case = Case(
        id=name,
        question=str(raw["q"]),
        any_of=tuple(raw.get("any_of", ())),
        who_any=tuple(raw.get("who_any", ())),
        when_any=tuple(raw.get("when_any", ())),
    )
    return Turn(case, tuple(raw.get("read_as_all", ())), bool(raw.get("may_repeat", False)))


async def evaluate_dialogues(
    dialogues: Iterable[Dialogue],
    follow_up: Callable[[str, str], Awaitable[Answer]],
    end: Callable[[str], Awaitable[object]],
) -> DialogueReport:
    """Ask each conversation's turns in order with ``follow_up(conversation id, text)``
    and ``end`` it after its last."""
    report = DialogueReport()
    for dialogue in dialogues:
        before: Answer | None = None
        for turn in dialogue.turns:
            answer = await follow_up(dialogue.id, turn.case.question)
            if before is not None:
                _score(turn, answer, before, report)
            before = answer
        await end(dialogue.id)
    return report


def _score(turn: Turn, answer: Answer, before: Answer, report: DialogueReport) -> None:
    if turn.case.any_of:
        score_answerable(turn.case, answer, report.answers)
        report.failures.extend(report.answers.failures)
        report.answers.failures.clear()
    reading = answer.read_as or turn.case.question
    if turn.read_as_all:
        held = all(fold(word) in fold(reading) for word in turn.read_as_all)
        report.readings.add(held)
        if not held:
            report.failures.append(f"{turn.case.id}: read {reading!r}, wanted {list(turn.read_as_all)}")
    if not turn.may_repeat:
        repeated = bool(answer.claims and before.claims) and _same(answer.claims[0], before.claims[0])
        report.repeats.add(repeated)
        if repeated:
            report.failures.append(f"{turn.case.id}: {turn.case.question!r} led with the claim before it again")


def _same(claim: Claim, before: Claim) -> bool:
    """Whether ``claim``'s lead quote is one of ``before``'s (its lead or another report of it)."""
    lead = claim.evidence
    return any(
        e.doc_id == lead.doc_id and e.start < lead.end and lead.start < e.end
        for e in (before.evidence, *before.also_in)
    )
