"""Cut an article into the passages a quote may come from.

A passage is a paragraph of article content (a long one is cut between sentences
into pieces of at most ``MAX_PASSAGE_WORDS`` words), given as character offsets
into the article's original text, so ``text[start:end]`` is always the verbatim
quote: nothing is normalised, re-punctuated or joined across places. A paragraph,
not a sentence: reporters name the speaker in one sentence and carry the claim
in the next, and a question names both (on the PolNeAR development questions,
sentences found the answer first for 63 of 80 "What did X say about …"
questions, paragraphs for 75). The headline is a passage of its own, marked as one.

News pages carry chrome that must never be served as evidence: browser
warnings, "More to explore", source tags, image labels and credits, section
headings, stray headlines, the title repeated at the top. Those are dropped
here, before anything is indexed; a photo caption is content and stays.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_LINE = re.compile(r"[^\n]*\n?")
_LEAD = re.compile(r"[\s•·*\-–—]+")
_TERMINAL = re.compile(r"[.!?…:;][\"'”’)\]]*$")
_CHROME = re.compile(
    r"""^(?:
        .*\bis\ not\ supported\b.*\bbrowser\b.*
      | .*\bfor\ an\ optimal\ experience\b.*
      | more\ to\ explor.*
      | (?:advertisement|skip\ to\ (?:main\ )?content|read\ more|share\ this\ (?:article|story))\b.*
      | source\s*:?\s*site[-\s]?\d+
      | /?\s*source\s*:.*
      | (?:image|photo|picture|video|graphic|illustration)\s*:.*
      | (?:photo|image)\s+(?:by|credit)\b.*
      | (?:click|tap)\ here\b.*
      | sign\ up\b.*\bnewsletter\b.*
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
# A photo credit glued to the end of its caption ("in 2019.KCNA/Korea News
# Service via AP file"): the caption is content, the credit is not.
_GLUED_CREDIT = re.compile(
    r"(?<=[.!?])[\"”’)]?(?P<credit>[A-Z][^.!?\n]{0,120}?"
    r"(?:/|\bvia\b|\bfile\b|\bGetty\b|\bReuters\b|\bAP\b|\bAFP\b)[^.!?\n]*)$"
)
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[–—•]?[A-Z0-9])")
_ABBREVIATION = re.compile(
    r"(?:\b(?:[A-Z]\.)*[A-Z]|\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Col|Lt|Sgt|Capt|Adm|Sen|Rep|Gov|Pres|"
    r"St|Jr|Sr|No|Nos|Vol|Inc|Corp|Ltd|Co|vs|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec))$"
)
_WORD = re.compile(r"\w+")
_CAPITALISED = re.compile(r"\b[A-Z]\w{3,}")
_LONG_WORD = re.compile(r"\b\w{4,}")
_MAX_HEADING_WORDS = 16


# A paragraph longer than this is cut between sentences: a whole column of text is
# no quote a fact-checker can check at a glance, nor one a chat message can show.
MAX_PASSAGE_WORDS = 80


@dataclass(frozen=True, slots=True)
class Passage:
    """A paragraph (or part of a long one) of content, or the headline, located in
    its article by character offsets."""

    start: int
    end: int
    headline: bool = False


def split_passages(text: str, title: str | None = None) -> list[Passage]:
    """Return the passages of ``text`` in reading order, the headline first.

    The first line that is not site chrome ("IE 11 is not supported …") is the
    headline when it repeats ``title`` (the article's known title) or when no title
    is known; later lines repeating it are dropped because many pages print the
    headline again above the body. A headline without a body is no article: it
    has no passages.
    """
    titles = {_fold(title)} if title else set()
    passages: list[Passage] = []
    first = True
    for start, end in _segments(text):
        segment = text[start:end]
        if _CHROME.match(segment):
            continue
        if first:
            first = False
            if not title or _is_title(segment, titles):
                titles.add(_fold(segment))
                if _WORD.search(segment):
                    passages.append(Passage(start, end, headline=True))
                continue
        if _is_title(segment, titles):
            continue
        credit = _GLUED_CREDIT.search(segment)
        if credit:
            end = start + credit.start("credit")
            segment = text[start:end]
        if _is_heading(segment):
            continue
        passages.extend(_paragraph(text, list(sentences(text, start, end))))
    return passages if any(not p.headline for p in passages) else []


def _paragraph(text: str, pieces: list[Passage]) -> Iterator[Passage]:
    """The paragraph's sentences joined into passages of at most ``MAX_PASSAGE_WORDS``
    words (a single longer sentence stays whole)."""
    if not pieces:
        return
    start, end, words = pieces[0].start, pieces[0].end, _count(text, pieces[0])
    for piece in pieces[1:]:
        more = _count(text, piece)
        if words + more > MAX_PASSAGE_WORDS:
            yield Passage(start, end)
            start, words = piece.start, 0
        end, words = piece.end, words + more
    yield Passage(start, end)


def _count(text: str, piece: Passage) -> int:
    return len(_WORD.findall(text, piece.start, piece.end))


def _segments(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of each line-level unit, lead bullets and dashes trimmed.

    Lines of one paragraph are joined only when a line plainly continues on the
    next (no closing punctuation, next line starting in lower case), so hard-wrapped
    text reads as one unit while labels, captions and credits on their own lines
    stay apart.
    """
    lines = [(m.start(), m.end()) for m in _LINE.finditer(text) if m.end() > m.start()]
    pending: tuple[int, int] | None = None
    for start, end in lines:
        line = text[start:end].strip()
        if not line:
            if pending:
                yield _trim(text, *pending)
                pending = None
            continue
        if pending and _continues(text[pending[0] : pending[1]], line):
            pending = (pending[0], end)
            continue
        if pending:
            yield _trim(text, *pending)
        pending = (start, end)
    if pending:
        yield _trim(text, *pending)


def _continues(previous: str, line: str) -> bool:
    return not _TERMINAL.search(previous.rstrip()) and line[:1].islower()


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    lead = _LEAD.match(text, start, end)
    if lead:
        start = lead.end()
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentences(text: str, start: int, end: int) -> Iterator[Passage]:
    """The sentences of ``text[start:end]``, as passages of their own."""
    cursor = start
    for boundary in _BOUNDARY.finditer(text, start, end):
        if _ABBREVIATION.search(text, cursor, boundary.start()) and text[boundary.start()] == ".":
            continue
        yield from _passage(text, cursor, boundary.end())
        cursor = boundary.end()
    yield from _passage(text, cursor, end)


def _passage(text: str, start: int, end: int) -> Iterator[Passage]:
    start, end = _trim(text, start, end)
    if _WORD.search(text, start, end):
        yield Passage(start, end)


def _is_heading(segment: str) -> bool:
    """Headings, kickers and stray headlines are short and either lack closing
    punctuation or are set in title case ("Interception or Just Watching?")."""
    if len(_WORD.findall(segment)) > _MAX_HEADING_WORDS:
        return False
    if not _TERMINAL.search(segment):
        return True
    long_words = len(_LONG_WORD.findall(segment))
    return not segment.endswith(".") and long_words > 0 and len(_CAPITALISED.findall(segment)) / long_words > 0.6


def _is_title(segment: str, titles: set[str]) -> bool:
    folded = _fold(segment)
    return any(folded == t or (len(t) > 20 and folded.startswith(t)) for t in titles)


def _fold(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))
