"""The one answer type the core hands to every adapter.

An adapter (command line, Slack, Discord) only renders these values; it never
looks inside the index. Every quote is a verbatim slice of its article:
``article_text[start:end] == quote`` holds, so a reader can always find it.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Literal

from bot.person_names import Agreement
from bot.quote_diff import DiffEntry, Verdict

Status = Literal["answered", "no_evidence", "error"]
VerificationStatus = Literal["verbatim", "altered", "not_found", "error"]


@dataclass(frozen=True, slots=True)
class Filters:
    """What a question keeps to (``bot.filters``); None is no filter. Dates are ISO (``YYYY-MM-DD``)."""

    outlet: str | None = None
    by: str | None = None
    after: str | None = None
    before: str | None = None

    def __bool__(self) -> bool:
        return any(getattr(self, field.name) is not None for field in fields(self))

    def over(self, given: Filters) -> Filters:
        """These filters with ``given``'s wherever it sets one (a command's options over the question's words)."""
        return replace(self, **{f.name: v for f in fields(given) if (v := getattr(given, f.name)) is not None})


@dataclass(frozen=True, slots=True)
class When:
    """When a claim was made, in the article's own words and, where the
    publication date allows, as an ISO date (``YYYY-MM-DD``) or month (``YYYY-MM``).

    ``until`` closes a span ("last week" is Monday to Sunday of that week).
    ``basis`` is ``"text"`` when the date comes from time words in the passage,
    ``"published"`` when the passage has none and the article's date stands in.
    """

    text: str
    date: str | None
    until: str | None = None
    basis: Literal["text", "published"] = "text"


@dataclass(frozen=True, slots=True)
class Source:
    """Where a quote comes from, as the newsroom's manifest describes it."""

    doc_id: str
    file: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None


@dataclass(frozen=True, slots=True)
class Evidence:
    """One verbatim quote with its provenance, speaker and date."""

    quote: str
    start: int
    end: int
    score: float
    source: Source
    who: str | None
    when: When | None
    headline: bool = False
    """The quote is the article's headline, not a passage of its body."""

    @property
    def doc_id(self) -> str:
        return self.source.doc_id


@dataclass(frozen=True, slots=True)
class Claim:
    """One distinct statement: its best quote, and the same statement as the
    other articles word it, so a fact-checker sees how many sources carry it."""

    evidence: Evidence
    also_in: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class QuoteMatch:
    """Where an article holds a claimed quotation: ``evidence.quote`` is the smallest
    verbatim slice covering the matched words; ``similarity`` the share of the claim's
    words it holds in order."""

    evidence: Evidence
    verdict: Verdict
    speaker: Agreement
    similarity: float
    diff: tuple[DiffEntry, ...]


@dataclass(frozen=True, slots=True)
class Verification:
    """The verdict on one claimed quotation: its best match's, or ``not_found``."""

    claim: str
    claimed_speaker: str | None
    status: VerificationStatus
    matches: tuple[QuoteMatch, ...] = ()
    error: str | None = None


@dataclass(frozen=True, slots=True)
class Answer:
    """The core's reply to one question.

    ``missing_terms`` lists the question's words that no article contains, so
    an adapter can say "No article mentions China" instead of guessing.
    ``query_id`` is the answer's row in the query log, which feedback refers to.
    """

    question: str
    status: Status
    claims: tuple[Claim, ...] = ()
    missing_terms: tuple[str, ...] = ()
    corrections: tuple[tuple[str, str], ...] = ()
    """(word as asked, known word searched instead) for each misspelt word."""
    error: str | None = None
    query_id: int | None = None
    filters: Filters = Filters()
    """What the question kept to."""
    timeline: bool = False
    """The claims are a topic's events in date order, one line each (``bot.timeline``)."""
    filtered_out: bool = False
    """No passage passes ``filters``: the answer says which left nothing, not that nothing matched."""
    verification: Verification | None = None
    """The check of the quotation the question holds ("Did Kirby say “…”?"), shown above the answer."""
    read_as: str | None = None
    """A follow-up's reading, when it was asked as other words than typed ("Reading this as: …")."""
    opens_conversation: bool = False
    """The first answer of a conversation: it says that the bot answers follow-ups where it was asked."""
