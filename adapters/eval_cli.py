"""``factcheck eval``: the bot's scores on a question set, or on conversations, printed."""

from __future__ import annotations

import secrets
import sys
from collections.abc import Sequence
from pathlib import Path

from bot import messages
from bot.conversation_eval import evaluate_dialogues, read_dialogues
from bot.conversation_state import ConversationKey
from bot.evaluation import Tally, evaluate, read_cases
from bot.factchecker import FactChecker


async def eval_questions(checker: FactChecker, file: Path) -> int:
    """Score the questions of ``file`` (``bot.evaluation``), each asked on its own."""
    try:
        cases = read_cases(file.read_text(encoding="utf-8").splitlines())
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return _unreadable(file, exc)
    report = await evaluate(cases, checker.ask, checker.article_text)
    print_figures(report.figures(), ("MRR", report.mrr), report.failures)
    return 0


async def eval_conversations(checker: FactChecker, file: Path) -> int:
    """Score the conversations of ``file`` (``bot.conversation_eval``), each in a conversation of its own."""
    try:
        dialogues = read_dialogues(file.read_text(encoding="utf-8").splitlines())
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return _unreadable(file, exc)
    run = secrets.token_hex(4)

    def key(name: str) -> ConversationKey:
        return ConversationKey("local", f"eval-{run}", name)

    report = await evaluate_dialogues(
        dialogues,
        lambda name, text: checker.follow_up(key(name), text),
        lambda name: checker.end_conversation(key(name)),
    )
    print_figures(report.figures(), ("follow-up MRR", report.answers.mrr), report.failures)
    return 0


def _unreadable(file: Path, exc: Exception) -> int:
    print(f"factcheck eval: {messages.CASES_UNREADABLE.format(file=file, detail=exc)}", file=sys.stderr)
    return 1


def print_figures(figures: Sequence[tuple[str, Tally]], mrr: tuple[str, float], failures: Sequence[str]) -> None:
    for name, tally in figures:
        if tally.total:
            # To a tenth: 52 of 58 is 89.7%, below a 90% target, not "90%".
            print(f"{name:<48} {tally.right:>3} / {tally.total:<3} ({tally.right / tally.total:.1%})")
    print(f"{mrr[0]:<48} {mrr[1]:.3f}")
    if failures:
        print(f"\n{messages.EVAL_FAILURES}")
        for failure in failures:
            print(f"  {failure}")
