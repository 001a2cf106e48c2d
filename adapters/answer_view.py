"""What an answer says, the same on every platform: the renderers only lay it out.

``answer_view`` decides what is said: the question (and, for a follow-up read in its
conversation's context, how it was read), then either one sentence in place of claims
(the error, or that no article supports an answer) or the claims, each with its
speaker, date and source as people read them and the other articles that carry it,
and then a note on the words no article holds (and, first in a conversation, that
the bot answers follow-ups there). Every piece of article
text in it is safe to show (``adapters.display_text``). A renderer decides how that
looks and how much of it fits: ``answer_text`` (a terminal), ``slack_blocks`` (Block
Kit) and ``discord_embeds`` (embeds), each by the limits of its platform.

The view lives with the adapters, not in the core, although nothing in it belongs
to a platform: it serves only what is shown, and ``factcheck ask --json`` shows the
answer as stored, without it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from adapters.display_text import linkable, strip_bidi
from bot import messages
from bot.answers import Answer, Claim, Evidence, QuoteMatch, Status, Verification, VerificationStatus
from bot.quote_diff import DiffEntry, Op
from bot.timeline import articles, date_of

QUESTION_SHOWN = 300
"""How much of the question a chat message repeats above its answer: enough to recognise it by."""
ELLIPSIS = "…"
EVENT_WORDS = 12
"""How much of a quote a timeline's line shows: enough to tell the statements apart."""


@dataclass(frozen=True, slots=True)
class EvidenceView:
    """One quote with its labels filled in: an unknown speaker or date is said so."""

    quote: str
    who: str
    when: str
    source: str
    url: str | None
    """Only a URL that can be shown as a link."""
    file: str
    start: int
    end: int

    @property
    def location(self) -> str:
        """Where the quote is in its article, for a reader to find it."""
        return messages.PASSAGE_AT.format(file=self.file, start=self.start, end=self.end)


@dataclass(frozen=True, slots=True)
class ClaimView:
    number: int
    lead: EvidenceView
    also_in: tuple[EvidenceView, ...]


@dataclass(frozen=True, slots=True)
class DiffPiece:
    """One step of a claim's comparison with an article: a renderer strikes ``claimed``
    (words the article does not have there) and marks ``article`` (its own words)."""

    op: Op
    claimed: str
    article: str


@dataclass(frozen=True, slots=True)
class MatchView:
    evidence: EvidenceView
    verdict: str
    diff: tuple[DiffPiece, ...]
    warning: str | None
    """Said when the article gives the words to someone other than the claimed speaker."""


@dataclass(frozen=True, slots=True)
class VerificationView:
    """A claimed quotation checked: the verdict in one line, then each article's match."""

    claim: str
    status: VerificationStatus
    verdict: str
    matches: tuple[MatchView, ...] = ()


@dataclass(frozen=True, slots=True)
class EventView:
    """One line of a timeline: when, who, the start of the quote, how many articles carry it."""

    date: str
    who: str
    words: str
    articles: int
    lead: EvidenceView


@dataclass(frozen=True, slots=True)
class AnswerView:
    question: str
    status: Status
    verdict: str | None = None
    """Said in place of claims: the error, or that no article supports an answer (and the note)."""
    claims: tuple[ClaimView, ...] = ()
    note: str | None = None
    """Said after the claims: the words no article holds, and the words searched instead."""
    query_id: int | None = None
    verification: VerificationView | None = None
    """Shown above the claims; when there are none, in place of the no-evidence sentence."""
    events: tuple[EventView, ...] = ()
    """A timeline's lines, in place of claims."""
    reading: str | None = None
    """How a follow-up was read ("Reading this as: …"), under the question; its words are partly an article's."""
    conversation: str | None = None
    """Said by a conversation's first answer: that the bot answers follow-ups there, and how to stop it."""


def answer_view(answer: Answer) -> AnswerView:
    view = _view(answer)
    reading = messages.READING_AS.format(reading=strip_bidi(answer.read_as)) if answer.read_as else None
    return replace(
        view, reading=reading, conversation=messages.CONVERSATION_STARTED if answer.opens_conversation else None
    )


def _view(answer: Answer) -> AnswerView:
    question = strip_bidi(answer.question)
    checked = None if answer.verification is None else verification_view(answer.verification)
    if answer.status == "error":
        return AnswerView(question, "error", strip_bidi(answer.error or "") or messages.INTERNAL_ERROR)
    note = messages.answer_note(
        replace(
            answer,
            question=question,
            missing_terms=tuple(strip_bidi(term) for term in answer.missing_terms),
            corrections=tuple((strip_bidi(word), strip_bidi(fix)) for word, fix in answer.corrections),
        )
    )
    if answer.filtered_out:
        filters = answer.filters
        safe = replace(
            filters, outlet=filters.outlet and strip_bidi(filters.outlet), by=filters.by and strip_bidi(filters.by)
        )
        return AnswerView(question, "no_evidence", messages.nothing_passes(safe), query_id=answer.query_id)
    if answer.status == "no_evidence":
        if checked is not None:
            return AnswerView(question, "no_evidence", note=note, query_id=answer.query_id, verification=checked)
        verdict = " ".join(filter(None, [messages.NO_EVIDENCE, note]))
        return AnswerView(question, "no_evidence", verdict, query_id=answer.query_id)
    if answer.timeline:
        events = tuple(_event(claim) for claim in answer.claims)
        return AnswerView(question, "answered", note=note, query_id=answer.query_id, events=events)
    claims = tuple(
        ClaimView(number, _evidence(claim.evidence), tuple(_evidence(other) for other in claim.also_in))
        for number, claim in enumerate(answer.claims, 1)
    )
    return AnswerView(question, "answered", claims=claims, note=note, query_id=answer.query_id, verification=checked)


def verification_view(checked: Verification) -> VerificationView:
    """The check as people read it, every piece of article text made safe to show."""
    claimed = strip_bidi(checked.claimed_speaker or "") or None
    safe = replace(
        checked,
        claim=strip_bidi(checked.claim),
        claimed_speaker=claimed,
        error=checked.error and strip_bidi(checked.error),
        matches=tuple(_safe_match(match) for match in checked.matches),
    )
    matches = tuple(
        MatchView(
            _evidence(match.evidence),
            match.verdict,
            tuple(DiffPiece(d.op, d.claimed, d.article) for d in match.diff),
            messages.speaker_warning(claimed, match),
        )
        for match in safe.matches
    )
    return VerificationView(safe.claim, safe.status, messages.verification_verdict(safe), matches)


def _safe_match(match: QuoteMatch) -> QuoteMatch:
    evidence = match.evidence
    source = evidence.source
    return replace(
        match,
        evidence=replace(
            evidence,
            who=evidence.who and strip_bidi(evidence.who),
            source=replace(
                source, outlet=source.outlet and strip_bidi(source.outlet), doc_id=strip_bidi(source.doc_id)
            ),
        ),
        diff=tuple(DiffEntry(d.op, strip_bidi(d.claimed), strip_bidi(d.article)) for d in match.diff),
    )


def _event(claim: Claim) -> EventView:
    lead = _evidence(claim.evidence)
    words = lead.quote.split()
    start = " ".join(words[:EVENT_WORDS]) + (ELLIPSIS if len(words) > EVENT_WORDS else "")
    return EventView(date_of(claim.evidence) or messages.DATE_UNKNOWN, lead.who, start, articles(claim), lead)


def _evidence(evidence: Evidence) -> EvidenceView:
    source = evidence.source
    when = evidence.when and replace(evidence.when, text=strip_bidi(evidence.when.text))
    label = messages.source_label(
        strip_bidi(source.title or "") or None,
        strip_bidi(source.outlet or "") or None,
        strip_bidi(source.published or "") or None,
        headline=evidence.headline,
    )
    return EvidenceView(
        quote=strip_bidi(evidence.quote),
        who=strip_bidi(evidence.who or "") or messages.SPEAKER_UNKNOWN,
        when=messages.when_label(when),
        source=label,
        url=linkable(evidence.source.url),
        file=strip_bidi(source.file),
        start=evidence.start,
        end=evidence.end,
    )


def clip(text: str, limit: int, *, tidy: Callable[[str], str] | None = None) -> str:
    """``text`` in at most ``limit`` characters, cut visibly, never silently: what was dropped
    is marked with an ellipsis. ``tidy`` trims the cut end where a platform's escaping must not
    be split (an ``&amp;``, a ``\\*``)."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (tidy(cut) if tidy else cut) + ELLIPSIS


def fitting(sizes: Iterable[int], budget: int) -> int:
    """How many of a list's items, in order, fit in ``budget`` characters with a separator after
    each; a list cut short ends with ``messages.AND_MORE`` for the rest."""
    count = 0
    for size in sizes:
        if size + 1 > budget:
            break
        budget -= size + 1
        count += 1
    return count
