"""Render an ``Answer`` as a Slack message: Block Kit blocks and a plain-text fallback.

Two rules shape everything here. Everything an article supplies (quotes,
speakers, dates in its words, titles, outlets, links) travels in ``rich_text``
elements (``adapters.slack_rich_text``), which Slack shows literally, so ``*``,
``_``, ``~``, backticks, ``<!channel>`` and ``&amp;`` in an article never turn
into formatting, pings or links; mrkdwn's own escaping covers ``&<>`` but not
the formatting marks. A claimed quotation's check, when the answer has one, is
shown above the claims (``adapters.slack_verification``). And
the user's question and the bot's notes, which do go out as mrkdwn, are escaped
(``&``, ``<``, ``>``), so no question can ping ``<!channel>`` or smuggle a link.

Limits are kept by construction (text is clipped where it is placed); the fuzz
tests parse every rendering back through slack_sdk's own block models, which
check Slack's limits. The bot does not do that on every message: building the
models takes event-loop time that every answer would pay.
"""

from __future__ import annotations

from typing import Any

from adapters.answer_view import (
    ELLIPSIS,
    QUESTION_SHOWN,
    AnswerView,
    ClaimView,
    EventView,
    EvidenceView,
    answer_view,
    clip,
    fitting,
)
from adapters.slack_rich_text import DETAIL_LIMIT, details, literal, section, source
from adapters.slack_verification import verification_blocks
from bot import messages
from bot.answers import Answer

TEXT_LIMIT = 3000
"""Slack's limit on a section's text; no block's text here is longer."""
MAX_BLOCKS = 50
"""Slack's limit on a message's blocks."""
QUOTE_LIMIT = 2800
"""The characters of a quote shown before it is cut: most of a section, the rest is its details."""
OTHER_QUOTE_LIMIT = 280
"""Another article's wording under "Also reported by": a sentence or two, so several fit in a section."""
LIST_HEADROOM = 40
"""Kept free in the "Also reported by" section for the list's own characters and its "and N more"."""
FALLBACK_QUOTE_LIMIT, FALLBACK_WHO_LIMIT = 400, 100
"""The notification text previews each claim; the message shows it whole."""
MAX_EVENTS = 25
"""A timeline's lines in one message: each is a date, a speaker and a dozen words."""
BLOCKS_PER_CLAIM = 3
BLOCKS_AFTER_CLAIMS = 2
"""The note and the buttons."""
HELPFUL, UNHELPFUL, SHARE = "factcheck_helpful", "factcheck_unhelpful", "factcheck_share"
SHARE_IN_THREAD = "factcheck_share_thread"


def escape(text: str) -> str:
    """Slack's three control characters, as its formatting guide requires."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_blocks(
    answer: Answer, *, share: str | None = None, in_thread: bool = False
) -> tuple[list[dict[str, Any]], str]:
    """The message's blocks and its ``text`` fallback (for notifications and screen readers).

    ``share``: what a private answer's Share button carries (the id under which it is kept,
    ``bot.shares``); ``in_thread``: the button shares in the thread of the message fact-checked."""
    view = answer_view(answer)
    asked = view.question.strip()
    blocks: list[dict[str, Any]] = [_context(escape(_fit(asked, QUESTION_SHOWN)))] if asked else []
    if view.reading:
        # Partly an article's words (a claim's), so shown as written, as article text is.
        blocks.append({"type": "rich_text", "elements": [section([literal(clip(view.reading, TEXT_LIMIT))])]})
    closing = [_context(escape(view.conversation))] if view.conversation else []
    if view.verdict is not None:
        verdict = escape(view.verdict)
        blocks.append(_mrkdwn_section(verdict))
        if view.status != "error":
            blocks.append(_buttons(view, share, in_thread))
        return blocks + closing, _fit(verdict, TEXT_LIMIT)
    if view.verification is not None:
        blocks.extend(verification_blocks(view.verification, room=MAX_BLOCKS - len(blocks) - BLOCKS_AFTER_CLAIMS))
    if view.events:
        blocks.append(_timeline(view.events))
    room = (MAX_BLOCKS - len(blocks) - len(closing) - BLOCKS_AFTER_CLAIMS) // BLOCKS_PER_CLAIM
    for claim in view.claims[:room]:
        blocks.extend(_claim_blocks(claim))
    if view.note:
        blocks.append(_context(escape(view.note)))
    blocks.append(_buttons(view, share, in_thread))
    return blocks + closing, _fallback(view)


def _timeline(events: tuple[EventView, ...]) -> dict[str, Any]:
    """A timeline, one line per event, in rich text: its quotes and speakers are the articles'."""
    lines: list[dict[str, Any]] = []
    for number, event in enumerate(events[:MAX_EVENTS]):
        reports = messages.articles_count(event.articles)
        lines.extend(
            [
                literal(("\n" if number else "") + f"{event.date}  ", bold=True),
                literal(f"{clip(event.who, DETAIL_LIMIT)}: "),
                literal(clip(event.words, DETAIL_LIMIT), italic=True),
                literal(f"  {reports}"),
            ]
        )
    return {"type": "rich_text", "elements": [section(lines)]}


def _claim_blocks(claim: ClaimView) -> list[dict[str, Any]]:
    lead = claim.lead
    quote = clip(lead.quote, QUOTE_LIMIT + len(ELLIPSIS), tidy=str.rstrip)
    labelled = details(lead)
    if quote != lead.quote:
        note = messages.QUOTE_TRUNCATED.format(start=lead.start, end=lead.end, file=lead.file)
        labelled.append(literal(f"\n{clip(note, DETAIL_LIMIT)}", italic=True))
    # Slack refuses an empty text element; a quote of nothing but bidirectional controls shows as one space.
    quoted = {"type": "rich_text_quote", "elements": [literal(quote or " ")]}
    blocks = [{"type": "rich_text", "elements": [quoted, section(labelled)]}]
    if claim.also_in:
        blocks.append(_also_reported(claim.also_in))
    blocks.append({"type": "divider"})
    return blocks


def _also_reported(others: tuple[EvidenceView, ...]) -> dict[str, Any]:
    """The other articles' wording, as a bulleted list within about a section's 3,000 characters
    (a link's URL counts: it is part of the message Slack measures)."""
    lines = [(source(other), literal(f": “{clip(other.quote, OTHER_QUOTE_LIMIT)}”")) for other in others]
    sizes = (len(label["text"]) + len(label.get("url", "")) + len(said["text"]) for label, said in lines)
    shown = fitting(sizes, TEXT_LIMIT - len(messages.ALSO_REPORTED_BY) - LIST_HEADROOM)
    items = [section(list(line)) for line in lines[:shown]]
    if shown < len(others):
        items.append(section([literal(messages.AND_MORE.format(count=len(others) - shown))]))
    heading = section([literal(messages.ALSO_REPORTED_BY, bold=True)])
    return {
        "type": "rich_text",
        "elements": [heading, {"type": "rich_text_list", "style": "bullet", "elements": items}],
    }


def _buttons(view: AnswerView, share: str | None, in_thread: bool) -> dict[str, Any]:
    query = str(view.query_id or 0)
    elements = [
        _button(messages.HELPFUL_BUTTON, HELPFUL, query),
        _button(messages.UNHELPFUL_BUTTON, UNHELPFUL, query),
    ]
    if share is not None:
        button = (messages.SHARE_IN_THREAD_BUTTON, SHARE_IN_THREAD) if in_thread else (messages.SHARE_BUTTON, SHARE)
        elements.append(_button(*button, share))
    return {"type": "actions", "block_id": "factcheck_feedback", "elements": elements}


def _button(label: str, action_id: str, value: str) -> dict[str, Any]:
    return {"type": "button", "action_id": action_id, "value": value, "text": {"type": "plain_text", "text": label}}


def _mrkdwn_section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": _fit(text, TEXT_LIMIT)}}


def _context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": _fit(text, TEXT_LIMIT)}]}


def _fallback(view: AnswerView) -> str:
    lines = [escape(_fit(view.question, QUESTION_SHOWN))]
    if view.reading:
        lines.append(escape(_fit(view.reading, FALLBACK_QUOTE_LIMIT)))
    if view.verification is not None:
        lines.append(escape(_fit(view.verification.verdict, FALLBACK_QUOTE_LIMIT)))
    for claim in view.claims:
        lead = claim.lead
        quote, who = _fit(lead.quote, FALLBACK_QUOTE_LIMIT), _fit(lead.who, FALLBACK_WHO_LIMIT)
        lines.append(f"{claim.number}. {escape(quote)} ({escape(who)}, {escape(lead.when)})")
    return _fit("\n".join(lines), TEXT_LIMIT)


def _fit(text: str, limit: int) -> str:
    """``clip`` for text Slack reads as mrkdwn: a cut never splits an escape such as ``&amp;``."""
    return clip(text, limit, tidy=_before_open_entity)


def _before_open_entity(cut: str) -> str:
    amp = cut.rfind("&")
    return cut[:amp] if amp != -1 and ";" not in cut[amp:] else cut
