"""Render an ``Answer`` as a Discord message: content plus one embed per claim.

Discord rejects a message over its limits (embed description 4,096, field value
1,024, 25 fields, 10 embeds, 6,000 characters across them), so every piece is
cut to fit, visibly ("…"), and the whole message is measured before it is
sent. Article and user text (quotes, speakers, titles, outlets) is escaped so it
renders exactly as the article wrote it (``adapters.discord_markdown``).

A checked quotation comes first: its verdict under the question, then one embed
per article that holds it, the claim compared word by word with the article's
text, then the claims answering the question, if any.
"""

from __future__ import annotations

from collections.abc import Callable

import discord

from adapters.answer_view import QUESTION_SHOWN, ClaimView, EventView, EvidenceView, MatchView, answer_view, fitting
from adapters.discord_markdown import fit, literal, marked_diff
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
WARNING_SHARE = 3
"""A speaker warning takes at most a third of its match's description; the comparison keeps the rest."""
WARNING_SIGN = "⚠️ "
_COLOUR = discord.Colour.from_rgb(29, 53, 87)


def render_embeds(answer: Answer, *, conversation: str | None = None) -> tuple[str, list[discord.Embed]]:
    """The message content (the question, the verdict on its quotation, any note) and its embeds.
    ``conversation`` says, in place of the usual sentence, how to go on when the answer opens a conversation."""
    view = answer_view(answer)
    question = fit(literal(view.question.strip()), QUESTION_SHOWN)
    reading = [literal(view.reading)] if view.reading else []
    closing = [literal(conversation or view.conversation)] if view.conversation else []
    if view.status == "error":
        return fit("\n".join([*reading, literal(view.verdict or "")]), CONTENT_LIMIT), []
    if view.verdict is not None:
        lines = [f"**{question}**"] if question else []
        return fit("\n".join([*lines, *reading, literal(view.verdict), *closing]), CONTENT_LIMIT), []
    checked = view.verification
    lines = [f"**{question}**"] if question else []
    lines.extend(reading)
    lines.extend(literal(line) for line in (checked and checked.verdict, view.note) if line)
    lines.extend(closing)
    if view.events:
        return fit("\n".join(lines), CONTENT_LIMIT), [_timeline_embed(view.events)]
    matches = checked.matches if checked else ()
    count = min(len(matches) + len(view.claims), MAX_EMBEDS)
    budget = (MESSAGE_LIMIT - MESSAGE_HEADROOM) // max(count, 1)
    embeds = [_match_embed(number, match, budget) for number, match in enumerate(matches, 1)]
    embeds.extend(_claim_embed(claim, budget) for claim in view.claims[: MAX_EMBEDS - len(embeds)])
    return fit("\n".join(lines), CONTENT_LIMIT), embeds[:MAX_EMBEDS]


def _timeline_embed(events: tuple[EventView, ...]) -> discord.Embed:
    """A timeline, one line per event; its speakers and quotes are the articles', escaped."""
    lines = []
    for event in events:
        reports = messages.articles_count(event.articles)
        lines.append(f"**{literal(event.date)}** {literal(event.who)}: *{literal(event.words)}* {reports}")
    shown = fitting((len(line) for line in lines), DESCRIPTION_LIMIT - AND_MORE_ROOM)
    if shown < len(lines):
        lines = [*lines[:shown], messages.AND_MORE.format(count=len(lines) - shown)]
    return discord.Embed(description="\n".join(lines), colour=_COLOUR)


def _claim_embed(claim: ClaimView, budget: int) -> discord.Embed:
    lead = claim.lead
    more = [(messages.ALSO_REPORTED_BY, _also_reported(claim.also_in))] if claim.also_in else []
    quote = literal(lead.quote)
    return _embed(f"{claim.number}. {literal(lead.source)}", lead, budget, lambda room: fit(quote, room), more)


def _match_embed(number: int, match: MatchView, budget: int) -> discord.Embed:
    """An article holding the checked quotation: the claim against its words, and whom it gives them to."""

    def described(room: int) -> str:
        if not match.warning:
            return marked_diff(match.diff, room)
        warning = fit(WARNING_SIGN + literal(match.warning), max(room // WARNING_SHARE, 1))
        return f"{marked_diff(match.diff, room - len(warning) - 2)}\n\n{warning}"

    title = f"{number}. {match.verdict}: {literal(match.evidence.source)}"
    return _embed(title, match.evidence, budget, described)


def _embed(
    title: str,
    evidence: EvidenceView,
    budget: int,
    described: Callable[[int], str],
    more: list[tuple[str, str]] | None = None,
) -> discord.Embed:
    """A quote's embed in at most ``budget`` characters as Discord counts them (``len(embed)``):
    the title, who and when, any ``more`` fields, the footer, and ``described(room)`` as its text.

    The text gets what the other parts leave; where that would cut it below a third of the
    budget, the other parts are cut shorter, step by step.
    """
    fields = [(messages.WHO_LABEL, literal(evidence.who)), (messages.WHEN_LABEL, literal(evidence.when)), *(more or [])]
    wanted = len(described(DESCRIPTION_LIMIT))
    for cap in (FIELD_LIMIT, *(budget // share for share in SHRINKING_SHARES)):
        embed = discord.Embed(title=fit(title, min(cap, TITLE_LIMIT)), url=evidence.url, colour=_COLOUR)
        for name, value in fields:
            embed.add_field(name=name, value=fit(value, cap), inline=name != messages.ALSO_REPORTED_BY)
        embed.set_footer(text=fit(evidence.location, cap))
        room = min(DESCRIPTION_LIMIT, budget - len(embed))
        if room >= min(wanted, budget // QUOTE_SHARE):
            break
    embed.description = described(room)
    return embed


def _also_reported(others: tuple[EvidenceView, ...]) -> str:
    lines = [
        f"• {fit(literal(other.source), OTHER_SOURCE_LIMIT)}: “{fit(literal(other.quote), OTHER_QUOTE_LIMIT)}”"
        for other in others
    ]
    shown = fitting(map(len, lines), FIELD_LIMIT - AND_MORE_ROOM)
    if shown < len(others):
        return "\n".join([*lines[:shown], f"• {messages.AND_MORE.format(count=len(others) - shown)}"])
    return "\n".join(lines)
