"""Render an ``Answer`` as a Discord message: content plus one embed per claim.

Discord rejects a message over its limits (embed description 4,096, field value
1,024, 25 fields, 10 embeds, 6,000 characters across them), so every piece is
cut to fit, visibly ("…"), and the whole message is measured before it is
sent. Markdown characters in article and user text (quotes, speakers, titles,
outlets) are backslash-escaped so they render exactly as the article wrote
them; pings are prevented by sending every message with ``allowed_mentions``
set to nothing, not by altering text.
"""

from __future__ import annotations

import discord
from discord.utils import escape_markdown

from adapters.answer_view import QUESTION_SHOWN, ClaimView, EvidenceView, answer_view, clip, fitting
from bot import messages
from bot.answers import Answer

CONTENT_LIMIT = 2000
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_LIMIT = 1024
FOOTER_LIMIT = 2048
MESSAGE_LIMIT = 6000
MAX_EMBEDS = 10
MESSAGE_HEADROOM = 50
"""Kept free of the 6,000 characters a message's embeds may hold, so a claim's share is never the last character."""
QUOTE_SHARE = 3
"""A claim's quote keeps at least a third of the claim's characters (or all it needs, if less)."""
SHRINKING_SHARES = (3, 5, 8)
"""Where the quote would get less, the other parts are cut to a third, a fifth, then an eighth of the claim's."""
OTHER_SOURCE_LIMIT, OTHER_QUOTE_LIMIT = 200, 160
"""Another article's label and wording under "Also reported by", so several fit in the field."""
AND_MORE_ROOM = 19
"""Kept free in the "Also reported by" field for its last line, "• and N more"."""
_COLOUR = discord.Colour.from_rgb(29, 53, 87)


def render_embeds(answer: Answer) -> tuple[str, list[discord.Embed]]:
    """The message content (the question, and any note) and its embeds."""
    view = answer_view(answer)
    question = _fit(_literal(view.question.strip()), QUESTION_SHOWN)
    if view.status == "error":
        return _fit(_literal(view.verdict or ""), CONTENT_LIMIT), []
    if view.verdict is not None:
        verdict = _literal(view.verdict)
        return _fit(f"**{question}**\n{verdict}" if question else verdict, CONTENT_LIMIT), []
    content = f"**{question}**" if question else ""
    if view.note:
        content += f"\n{_literal(view.note)}"
    claims = view.claims[:MAX_EMBEDS]
    budget = (MESSAGE_LIMIT - MESSAGE_HEADROOM) // max(len(claims), 1)
    return _fit(content, CONTENT_LIMIT), [_embed(claim, budget) for claim in claims]


def _embed(claim: ClaimView, budget: int) -> discord.Embed:
    """One claim in at most ``budget`` characters as Discord counts them (``len(embed)``).

    The quote gets what the other parts leave; where that would cut it below a
    third of the budget, the other parts are cut shorter, step by step.
    """
    lead = claim.lead
    fields = [(messages.WHO_LABEL, _literal(lead.who)), (messages.WHEN_LABEL, _literal(lead.when))]
    if claim.also_in:
        fields.append((messages.ALSO_REPORTED_BY, _also_reported(claim.also_in)))
    quote = _literal(lead.quote)
    for cap in (FIELD_LIMIT, *(budget // share for share in SHRINKING_SHARES)):
        embed = discord.Embed(
            title=_fit(f"{claim.number}. {_literal(lead.source)}", min(cap, TITLE_LIMIT)),
            url=lead.url,
            colour=_COLOUR,
        )
        for name, value in fields:
            embed.add_field(name=name, value=_fit(value, cap), inline=name != messages.ALSO_REPORTED_BY)
        embed.set_footer(text=_fit(lead.location, cap))
        room = min(DESCRIPTION_LIMIT, budget - len(embed))
        if room >= min(len(quote), budget // QUOTE_SHARE):
            break
    embed.description = _fit(quote, room)
    return embed


def _also_reported(others: tuple[EvidenceView, ...]) -> str:
    lines = [
        f"• {_fit(_literal(other.source), OTHER_SOURCE_LIMIT)}: “{_fit(_literal(other.quote), OTHER_QUOTE_LIMIT)}”"
        for other in others
    ]
    shown = fitting(map(len, lines), FIELD_LIMIT - AND_MORE_ROOM)
    if shown < len(others):
        return "\n".join([*lines[:shown], f"• {messages.AND_MORE.format(count=len(others) - shown)}"])
    return "\n".join(lines)


def _literal(text: str) -> str:
    """Text shown as written: Discord's markdown escaped, and the ``<`` that opens a mention,
    channel, emoji or timestamp too, since those render as pills even where they cannot ping."""
    return escape_markdown(text).replace("<", "\\<")


def _fit(text: str, limit: int) -> str:
    """``clip`` for text Discord reads as markdown: a cut never leaves a dangling escape backslash."""
    return clip(text, limit, tidy=_without_dangling_backslash)


def _without_dangling_backslash(cut: str) -> str:
    return cut.rstrip("\\")
