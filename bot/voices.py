"""Which of a passage's speakers said the words a question quotes.

A paragraph may hold two people's words ("“…,” Collins said. “…,” added Rep.
McMorris Rodgers."); its ``who`` is the one it holds most of. Asked "Who said
“…”?", a fact-checker wants the speaker of those words, not of the paragraph.
"""

from __future__ import annotations

from dataclasses import replace

from bot.annotations import Voice, voices_of
from bot.answers import Evidence
from bot.quote_lookup import Match, Quoted, match
from index.passage_notes import PassageNote


def voiced(evidence: Evidence, note: PassageNote, lookup: Quoted) -> Evidence:
    """``evidence`` with the speaker of the statement in it that holds the words
    ``lookup`` quotes, when its passage (``note``) has several speakers."""
    held = [voice for voice in voices_of(note) if match(lookup, _said(evidence, voice), near=False) == Match.EXACT]
    if not held or held[0].who == evidence.who:
        return evidence
    return replace(evidence, who=held[0].who)


def _said(evidence: Evidence, voice: Voice) -> str:
    """The words of ``voice`` within the passage ``evidence`` quotes."""
    return evidence.quote[max(voice.start - evidence.start, 0) : voice.end - evidence.start]
