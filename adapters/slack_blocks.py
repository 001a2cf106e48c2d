"""Render an ``Answer`` as a Slack message: Block Kit blocks and a plain-text fallback.

Two rules shape everything here. Everything an article supplies (quotes,
speakers, dates in its words, titles, outlets, links) travels in ``rich_text``
elements, which Slack shows literally, so ``*``, ``_``, ``~``, backticks,
``<!channel>`` and ``&amp;`` in an article never turn into formatting, pings or
links; mrkdwn's own escaping covers ``&<>`` but not the formatting marks. And
the user's question and the bot's notes, which do go out as mrkdwn, are escaped
(``&``, ``<``, ``>``), so no question can ping ``<!channel>`` or smuggle a link.

Limits are kept by construction (text is clipped where it is placed); the fuzz
tests parse every rendering back through slack_sdk's own block models, which
check Slack's limits. Doing that on every message cost a millisecond of
event-loop time per answer, as much as the answer.
"""

from __future__ import annotations

from typing import Any

from adapters.display_text import for_display
from bot import messages
from bot.answers import Answer, Claim, Evidence

TEXT_LIMIT = 3000
QUOTE_LIMIT = 2800
MAX_BLOCKS = 50
BLOCKS_PER_CLAIM = 3
HELPFUL, UNHELPFUL, SHARE = "factcheck_helpful", "factcheck_unhelpful", "factcheck_share"


def escape(text: str) -> str:
    """Slack's three control characters, as its formatting guide requires."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_blocks(answer: Answer, *, share: str | None = None) -> tuple[list[dict[str, Any]], str]:
    """The message's blocks and its ``text`` fallback (for notifications and screen readers).

    ``share``: the id under which a private answer is kept (``bot.shares``), for its Share button."""
    answer = for_display(answer)
    asked = answer.question.strip()
    blocks: list[dict[str, Any]] = [_context([escape(_clip(asked, 300))])] if asked else []
    if answer.status == "error":
        blocks.append(_mrkdwn_section(escape(answer.error or messages.INTERNAL_ERROR)))
        return blocks, _clip(escape(answer.error or messages.INTERNAL_ERROR), TEXT_LIMIT)
    missing = messages.answer_note(answer)
    if answer.status == "no_evidence":
        verdict = " ".join(filter(None, [messages.NO_EVIDENCE, missing]))
        blocks.append(_mrkdwn_section(escape(verdict)))
        blocks.append(_buttons(answer, share))
        return blocks, _clip(escape(verdict), TEXT_LIMIT)
    room = (MAX_BLOCKS - len(blocks) - 2) // BLOCKS_PER_CLAIM
    for claim in answer.claims[:room]:
        blocks.extend(_claim_blocks(claim))
    if missing:
        blocks.append(_context([escape(missing)]))
    blocks.append(_buttons(answer, share))
    return blocks, _fallback(answer)


def _claim_blocks(claim: Claim) -> list[dict[str, Any]]:
    lead = claim.evidence
    quote = lead.quote if len(lead.quote) <= QUOTE_LIMIT else lead.quote[:QUOTE_LIMIT].rstrip() + "…"
    details = [
        _text("Who: ", bold=True),
        _text(_clip(lead.who or messages.SPEAKER_UNKNOWN, 600)),
        _text("\nWhen: ", bold=True),
        _text(_clip(_when(lead), 600)),
        _text("\nSource: ", bold=True),
        _source(lead),
    ]
    if quote != lead.quote:
        note = messages.QUOTE_TRUNCATED.format(start=lead.start, end=lead.end, file=lead.source.file)
        details.append(_text(f"\n{_clip(note, 600)}", italic=True))
    # Slack refuses an empty text element; a quote of nothing but bidirectional controls shows as one space.
    quoted = {"type": "rich_text_quote", "elements": [_text(quote or " ")]}
    blocks = [{"type": "rich_text", "elements": [quoted, {"type": "rich_text_section", "elements": details}]}]
    if claim.also_in:
        blocks.append(_also_reported(claim.also_in))
    blocks.append({"type": "divider"})
    return blocks


def _also_reported(others: tuple[Evidence, ...]) -> dict[str, Any]:
    """The other articles' wording, as a bulleted list within about a section's 3,000 characters
    (a link's URL counts: it is part of the message Slack measures)."""
    items: list[dict[str, Any]] = []
    budget = TEXT_LIMIT - len(messages.ALSO_REPORTED_BY) - 40
    for count, other in enumerate(others):
        source = _source(other)
        line = [source, _text(f": “{_clip(other.quote, 280)}”")]
        size = sum(len(part["text"]) + len(part.get("url", "")) for part in line)
        if size + 1 > budget:
            items.append(_section([_text(messages.AND_MORE.format(count=len(others) - count))]))
            break
        items.append(_section(line))
        budget -= size + 1
    heading = _section([_text(messages.ALSO_REPORTED_BY, bold=True)])
    return {
        "type": "rich_text",
        "elements": [heading, {"type": "rich_text_list", "style": "bullet", "elements": items}],
    }


def _source(evidence: Evidence) -> dict[str, Any]:
    """The source's label, linked to its URL where the manifest gives one that can be shown."""
    s = evidence.source
    label = _clip(messages.source_label(s.title, s.outlet, s.published, headline=evidence.headline), 400)
    return {"type": "link", "url": s.url, "text": label} if s.url else _text(label)


def _text(text: str, *, bold: bool = False, italic: bool = False) -> dict[str, Any]:
    """Literal text: Slack shows a rich text element as written, so ``*``, ``~``, backticks,
    ``<!channel>`` and ``&amp;`` in an article stay characters, never formatting or pings."""
    element: dict[str, Any] = {"type": "text", "text": text}
    style = {name: True for name, on in (("bold", bold), ("italic", italic)) if on}
    if style:
        element["style"] = style
    return element


def _section(elements: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "rich_text_section", "elements": elements}


def _when(evidence: Evidence) -> str:
    when = evidence.when
    return messages.when_label(when.text, when.date, when.basis) if when else messages.DATE_UNKNOWN


def _buttons(answer: Answer, share: str | None) -> dict[str, Any]:
    query = str(answer.query_id or 0)
    elements = [
        _button(messages.HELPFUL_BUTTON, HELPFUL, query),
        _button(messages.UNHELPFUL_BUTTON, UNHELPFUL, query),
    ]
    if share is not None:
        elements.append(_button(messages.SHARE_BUTTON, SHARE, share))
    return {"type": "actions", "block_id": "factcheck_feedback", "elements": elements}


def _button(label: str, action_id: str, value: str) -> dict[str, Any]:
    return {"type": "button", "action_id": action_id, "value": value, "text": {"type": "plain_text", "text": label}}


def _mrkdwn_section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": _clip(text, TEXT_LIMIT)}}


def _context(texts: list[str]) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": _clip(t, TEXT_LIMIT)} for t in texts[:10]]}


def _fallback(answer: Answer) -> str:
    lines = [escape(_clip(answer.question, 300))]
    for number, claim in enumerate(answer.claims, 1):
        lead = claim.evidence
        who = lead.who or messages.SPEAKER_UNKNOWN
        lines.append(f"{number}. {escape(_clip(lead.quote, 400))} ({escape(_clip(who, 100))}, {escape(_when(lead))})")
    return _clip("\n".join(lines), TEXT_LIMIT)


def _clip(text: str, limit: int) -> str:
    """Cut visibly, never silently: what was dropped is marked with an ellipsis.

    A cut never splits an escape such as ``&amp;``: the text is cut before its ``&``."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    amp = cut.rfind("&")
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]
    return cut + "…"
