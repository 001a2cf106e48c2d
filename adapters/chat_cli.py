"""``factcheck chat``: a conversation on the command line.

It reads questions one per line, each a follow-up of the one before
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
from collections.abc import Iterator
from typing import TextIO

from rich.console import Console

from adapters.answer_json import answer_to_dict
from adapters.answer_text import render_text
from bot import messages
from bot.answers import Answer
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
