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

from adapters.display_text import for_display
from bot import messages
from bot.answers import Answer, Claim, Evidence

CONTENT_LIMIT = 2000
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_LIMIT = 1024
FOOTER_LIMIT = 2048
MESSAGE_LIMIT = 6000
MAX_EMBEDS = 10
_COLOUR = discord.Colour.from_rgb(29, 53, 87)


def render_embeds(answer: Answer) -> tuple[str, list[discord.Embed]]:
    """The message content (the question, and any note) and its embeds."""
    answer = for_display(answer)
    question = _clip(_literal(answer.question.strip()), 300)
    if answer.status == "error":
        return _clip(_literal(answer.error or messages.INTERNAL_ERROR), CONTENT_LIMIT), []
    missing = messages.answer_note(answer)
    if answer.status == "no_evidence":
        verdict = " ".join(filter(None, [messages.NO_EVIDENCE, missing]))
        return _clip(f"**{question}**\n{_literal(verdict)}" if question else verdict, CONTENT_LIMIT), []
    content = f"**{question}**" if question else ""
    if missing:
        content += f"\n{_literal(missing)}"
    claims = answer.claims[:MAX_EMBEDS]
    budget = (MESSAGE_LIMIT - 50) // max(len(claims), 1)
    return _clip(content, CONTENT_LIMIT), [_embed(number, claim, budget) for number, claim in enumerate(claims, 1)]


def _embed(number: int, claim: Claim, budget: int) -> discord.Embed:
    """One claim in at most ``budget`` characters as Discord counts them (``len(embed)``).

    The quote gets what the other parts leave; where that would cut it below a
    third of the budget, the other parts are cut shorter, step by step.
    """
    lead = claim.evidence
    source = lead.source
    fields = [
        (messages.WHO_LABEL, _literal(lead.who or messages.SPEAKER_UNKNOWN)),
        (messages.WHEN_LABEL, _literal(_when(lead))),
    ]
    if claim.also_in:
        fields.append((messages.ALSO_REPORTED_BY, _also_reported(claim.also_in)))
    quote = _literal(lead.quote)
    label = messages.source_label(source.title, source.outlet, source.published, headline=lead.headline)
    for cap in (FIELD_LIMIT, budget // 3, budget // 5, budget // 8):
        embed = discord.Embed(
            title=_clip(f"{number}. {_literal(label)}", min(cap, TITLE_LIMIT)),
            url=source.url,
            colour=_COLOUR,
        )
        for name, value in fields:
            embed.add_field(name=name, value=_clip(value, cap), inline=name != messages.ALSO_REPORTED_BY)
        embed.set_footer(text=_clip(f"{source.file}, characters {lead.start}-{lead.end}", cap))
        room = min(DESCRIPTION_LIMIT, budget - len(embed))
        if room >= min(len(quote), budget // 3):
            break
    embed.description = _clip(quote, room)
    return embed


def _also_reported(others: tuple[Evidence, ...]) -> str:
    lines: list[str] = []
    used = 0
    for count, other in enumerate(others):
        s = other.source
        label = _literal(messages.source_label(s.title, s.outlet, s.published, headline=other.headline))
        line = f"• {_clip(label, 200)}: “{_clip(_literal(other.quote), 160)}”"
        if used + len(line) + 20 > FIELD_LIMIT:
            lines.append(f"• {messages.AND_MORE.format(count=len(others) - count)}")
            break
        lines.append(line)
        used += len(line) + 1
    return "\n".join(lines)


def _when(evidence: Evidence) -> str:
    when = evidence.when
    return messages.when_label(when.text, when.date, when.basis) if when else messages.DATE_UNKNOWN


def _literal(text: str) -> str:
    """Text shown as written: Discord's markdown escaped, and the ``<`` that opens a mention,
    channel, emoji or timestamp too, since those render as pills even where they cannot ping."""
    return escape_markdown(text).replace("<", "\\<")


def _clip(text: str, limit: int) -> str:
    """Cut visibly; never leave a dangling escape backslash at the cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rstrip("\\")
    return cut + "…"
