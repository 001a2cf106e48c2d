"""Discord markdown: article and user text shown as written, and a claim's comparison marked up.

Discord reads markdown in message content and embeds, so every piece of article or user
text is backslash-escaped before the bot adds any markup of its own. Pings are prevented by
sending every message with ``allowed_mentions`` set to nothing, not by altering text.

A claim compared with an article strikes the claimed words the article does not have there
(``~~x~~``) and bolds the article's own (``**y**``); words the claim skips with an ellipsis
follow "[…]" in italics. The marks go around text already escaped, so no article can open
or close one, and a cut to fit Discord's limits falls inside a mark's text, never between a
mark and its partner, so no mark is left open.
"""

from __future__ import annotations

from collections.abc import Sequence

from discord.utils import escape_markdown

from adapters.answer_view import ELLIPSIS, DiffPiece, clip
from bot import messages

STRUCK, ARTICLE, SKIPPED = "~~", "**", "*"


def literal(text: str) -> str:
    """Text shown as written: Discord's markdown escaped, and the ``<`` that opens a mention,
    channel, emoji or timestamp too, since those render as pills even where they cannot ping."""
    return escape_markdown(text).replace("<", "\\<")


def fit(text: str, limit: int) -> str:
    """``clip`` for text Discord reads as markdown: a cut never leaves a dangling escape backslash."""
    return clip(text, limit, tidy=_without_dangling_backslash)


def marked_diff(diff: Sequence[DiffPiece], limit: int) -> str:
    """The comparison in at most ``limit`` characters, cut visibly ("…") where it does not fit."""
    segments = [(mark, literal(text.strip())) for piece in diff for mark, text in _segments(piece) if text.strip()]
    shown: list[str] = []
    used = 0
    for number, (mark, text) in enumerate(segments):
        room = limit - used - (1 if shown else 0)
        whole = f"{mark}{text}{mark}"
        # The last segment may fill the room; any other leaves one character for the ellipsis of a cut.
        if len(whole) <= room - (number < len(segments) - 1):
            shown.append(whole)
            used += len(whole) + (len(shown) > 1)
            continue
        inner = min(room - 2 * len(mark), len(text) - 1)
        if inner >= 2:
            shown.append(f"{mark}{fit(text, inner)}{mark}")
        elif room >= 1:
            shown.append(ELLIPSIS)
        break
    return " ".join(shown)


def _segments(piece: DiffPiece) -> list[tuple[str, str]]:
    """Each piece of the comparison as (mark, text) pairs, read from the claim's side."""
    if piece.op == "equal":
        return [("", piece.article)]
    if piece.op == "omitted":
        return [("", messages.OMITTED_MARK), (SKIPPED, piece.article)]
    return [(STRUCK, piece.claimed), (ARTICLE, piece.article)]


def _without_dangling_backslash(cut: str) -> str:
    return cut.rstrip("\\")
