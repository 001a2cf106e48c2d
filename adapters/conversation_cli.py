"""Conversations on the command line: ``factcheck chat`` and ``factcheck eval --conversations``.

``chat`` reads questions one per line, each a follow-up of the one before
(``bot.followups``), and prints each answer as ``ask`` does, with the reading of a
follow-up asked in other words than typed. On a terminal the line can be edited
and earlier lines recalled (readline), for this session only: the history is never
written to disk, since questions may name sources. The prompt goes to standard
error, so standard output holds only answers. ``stop`` starts a new conversation;
``exit`` or the end of input ends the chat, and its conversation with it.
"""

from __future__ import annotations

import json
import secrets
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from rich.console import Console

from adapters.answer_json import answer_to_dict
from adapters.answer_text import render_text
from bot import messages
from bot.answers import Answer
from bot.conversation_eval import evaluate_dialogues, read_dialogues
from bot.conversation_state import ConversationKey
from bot.factchecker import FactChecker
from bot.thread_messages import is_stop

EXIT = "exit"


async def chat(
    checker: FactChecker, *, as_json: bool, limit: int, stdin: TextIO, stdout: TextIO, stderr: TextIO
) -> int:
    """Answer the lines of ``stdin`` as one conversation, a new one after each ``stop``."""
    console = Console(file=stdout, highlight=False)
    key = _new_conversation()
    try:
        for line in _lines(stdin, stderr):
            text = _decoded(line)
            if isinstance(text, Answer):
                _show(text, as_json, console, stdout)
                continue
            if text.strip().lower() == EXIT:
                break
            if is_stop(text):
                await checker.end_conversation(key)
                key = _new_conversation()
                print(messages.CHAT_NEW_CONVERSATION, file=stderr, flush=True)
                continue
            _show(await checker.follow_up(key, text, limit=limit), as_json, console, stdout)
    finally:
        await checker.end_conversation(key)
    return 0


async def eval_conversations(checker: FactChecker, file: Path) -> int:
    """Score the conversations of ``file`` (``bot.conversation_eval``) and print the figures."""
    try:
        dialogues = read_dialogues(file.read_text(encoding="utf-8").splitlines())
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        print(f"factcheck eval: {messages.CASES_UNREADABLE.format(file=file, detail=exc)}", file=sys.stderr)
        return 1
    run = secrets.token_hex(4)

    def key(name: str) -> ConversationKey:
        return ConversationKey("local", f"eval-{run}", name)

    report = await evaluate_dialogues(
        dialogues,
        lambda name, text: checker.follow_up(key(name), text),
        lambda name: checker.end_conversation(key(name)),
    )
    for name, tally in report.figures():
        if tally.total:
            print(f"{name:<48} {tally.right:>3} / {tally.total:<3} ({tally.right / tally.total:.0%})")
    print(f"{'follow-up MRR':<48} {report.answers.mrr:.3f}")
    if report.failures:
        print(f"\n{messages.EVAL_FAILURES}")
        for failure in report.failures:
            print(f"  {failure}")
    return 0


def _new_conversation() -> ConversationKey:
    """Each chat, and each ``stop`` in one, starts a conversation of its own."""
    return ConversationKey("local", "chat", secrets.token_hex(8))


def _lines(stdin: TextIO, stderr: TextIO) -> Iterator[str | bytes]:
    """The lines typed: edited with readline on a terminal, else read as bytes (a line
    that is not UTF-8 is refused as ``ask`` refuses it)."""
    if not stdin.isatty():
        for raw in stdin.buffer:
            yield raw.rstrip(b"\r\n")
        return
    import readline  # noqa: F401  (line editing and recall for ``input``; no history file is read or written)

    while True:
        stderr.write(messages.CHAT_PROMPT)
        stderr.flush()
        try:
            yield input()
        except EOFError:
            return


def _decoded(line: str | bytes) -> str | Answer:
    """The line as text, or the error answer for one that is not UTF-8 (never asked)."""
    if isinstance(line, str):
        return line
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return Answer(question=line.decode("utf-8", "replace"), status="error", error=messages.UNREADABLE_QUESTION)


def _show(answer: Answer, as_json: bool, console: Console, stream: TextIO) -> None:
    if as_json:
        stream.write(json.dumps({**answer_to_dict(answer), "read_as": answer.read_as}, ensure_ascii=False) + "\n")
        stream.flush()
    else:
        console.print(render_text(answer))
        console.print()
