"""A claimed quotation's check in Block Kit: the verdict line, then each article's match.

The verdict names the article's words ("“China” where the article says
“Russia”"), and each match shows the claim against the article word by word, so
both are built of ``rich_text`` elements, never mrkdwn: the claim's words that
the article does not have there are struck (``strike``), the article's own words
in their place are bold, and article words a claimed ellipsis skips follow
"[…]" in italics. Under each match come its source, speaker and date as a claim
shows them, and a warning when the article gives the words to someone else.
"""

from __future__ import annotations

from typing import Any

from adapters.answer_view import ELLIPSIS, DiffPiece, MatchView, VerificationView, clip
from adapters.slack_rich_text import DETAIL_LIMIT, details, literal, section
from bot import messages

VERDICT_LIMIT = 1000
"""The verdict line: it quotes at most two changes, each a few words."""
DIFF_LIMIT = 1500
"""The characters of one match's comparison: a claimed quotation is a sentence or two, and three
matches with their details stay well under the size at which Slack refuses a message."""
BLOCKS_PER_MATCH = 2
"""The match's ``rich_text`` and a divider."""

_Style = tuple[bool, bool, bool]
"""(bold, italic, strike)."""
_PLAIN: _Style = (False, False, False)
_ARTICLE: _Style = (True, False, False)
_SKIPPED: _Style = (False, True, False)
_CLAIMED: _Style = (False, False, True)


def verification_blocks(view: VerificationView, *, room: int) -> list[dict[str, Any]]:
    """The verdict, then as many matches as fit in ``room`` blocks; the verdict is always shown."""
    verdict = literal(clip(view.verdict, VERDICT_LIMIT), bold=True)
    blocks: list[dict[str, Any]] = [{"type": "rich_text", "elements": [section([verdict])]}]
    for number, match in enumerate(view.matches[: max(room - 1, 0) // BLOCKS_PER_MATCH], 1):
        blocks.extend([_match_block(number, match), {"type": "divider"}])
    return blocks


def _match_block(number: int, match: MatchView) -> dict[str, Any]:
    heading = section([literal(f"{number}. {match.verdict}", bold=True)])
    compared = {"type": "rich_text_quote", "elements": diff_elements(match.diff) or [literal(" ")]}
    elements = [heading, compared, section(details(match.evidence))]
    if match.warning:
        elements.append(section([literal(clip(match.warning, DETAIL_LIMIT), bold=True)]))
    return {"type": "rich_text", "elements": elements}


def diff_elements(diff: tuple[DiffPiece, ...]) -> list[dict[str, Any]]:
    """The comparison as styled text elements, at most ``DIFF_LIMIT`` characters, cut visibly."""
    runs: list[tuple[str, _Style]] = []
    for piece in diff:
        for text, style in _runs(piece):
            _append(runs, " " if runs else "", _PLAIN)
            _append(runs, text, style)
    elements: list[dict[str, Any]] = []
    budget = DIFF_LIMIT
    for text, (bold, italic, strike) in runs:
        cut = len(text) > budget
        shown = (clip(text, budget) if budget else ELLIPSIS) if cut else text
        elements.append(literal(shown, bold=bold, italic=italic, strike=strike))
        if cut:
            break
        budget -= len(text)
    return elements


def _runs(piece: DiffPiece) -> list[tuple[str, _Style]]:
    if piece.op == "equal":
        found = [(piece.article, _PLAIN)]
    elif piece.op == "omitted":
        found = [(messages.OMITTED_MARK, _PLAIN), (piece.article, _SKIPPED)]
    else:
        found = [(piece.claimed, _CLAIMED), (piece.article, _ARTICLE)]
    return [(text, style) for text, style in found if text]


def _append(runs: list[tuple[str, _Style]], text: str, style: _Style) -> None:
    """Add ``text``, joined to the run before when it has the same style: fewer elements, same look."""
    if not text:
        return
    if runs and runs[-1][1] == style:
        runs[-1] = (runs[-1][0] + text, style)
    else:
        runs.append((text, style))
