"""What ``/factcheck`` is asked to do, read from the text typed after it.

``/factcheck [private] QUESTION`` asks; ``/factcheck verify [private] [who:NAME] CLAIM``
checks a claimed quotation; ``/factcheck timeline [private] TOPIC`` lists a topic's
statements by date. Slack hands a slash command one line of text, so the
options are words at its start: ``private`` anywhere among them, and the claimed
speaker as ``who:Kirby`` or, for a name of several words, ``who:"John Kirby"``.
Everything after the options is the claim, its enclosing quotation marks dropped.
A speaker written after the claim ("… by Kirby") would be ambiguous with the
claim's own words, so it is not read.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

_PRIVATE = re.compile(r"private(?:\s+|$)", re.IGNORECASE)
_VERIFY = re.compile(r"verify(?:\s+|$)", re.IGNORECASE)
_TIMELINE = re.compile(r"timeline(?:\s+|$)", re.IGNORECASE)
_WHO = re.compile(r"who:(?:\"(?P<plain>[^\"]*)\"|“(?P<curly>[^”]*)”|(?P<word>\S+))(?:\s+|$)", re.IGNORECASE)
_ENCLOSED = re.compile(r"^(?:\"(?P<plain>[^\"]*)\"|“(?P<curly>[^”]*)”)$")


@dataclass(frozen=True, slots=True)
class Command:
    text: str
    """The question, or the claimed quotation when ``verify``."""
    private: bool = False
    verify: bool = False
    timeline: bool = False
    who: str | None = None
    """Who the claim says spoke the words (``verify`` only)."""


def parse_command(typed: str) -> Command:
    """Read ``private``, ``verify`` and ``who:`` from the start of ``typed``; the rest is the question or claim."""
    rest = unescape(typed).strip()
    private = verify = timeline = False
    who: str | None = None
    while True:
        if not private and (found := _PRIVATE.match(rest)):
            private = True
        elif not (verify or timeline) and (found := _VERIFY.match(rest)):
            verify = True
        elif not (verify or timeline) and (found := _TIMELINE.match(rest)):
            timeline = True
        elif verify and who is None and (found := _WHO.match(rest)):
            who = next(name for name in found.group("plain", "curly", "word") if name is not None).strip() or None
        else:
            break
        rest = rest[found.end() :]
    if verify and (enclosed := _ENCLOSED.match(rest)):
        rest = next(claim for claim in enclosed.group("plain", "curly") if claim is not None).strip()
    return Command(rest, private=private, verify=verify, timeline=timeline, who=who)


def unescape(text: str) -> str:
    """Slack sends ``&``, ``<`` and ``>`` in message text as entities; the question is what was typed."""
    return html.unescape(text) if "&" in text else text
