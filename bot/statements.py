"""Every attributed statement of an article: direct quotations and reported speech.

A statement is a slice of the article (``text[start:end]``), the words naming
its speaker as the article writes them (``who``, at ``who_start:who_end``, which
may be an earlier, fuller mention: "McCaul" is "Rep. Michael McCaul" where the
article named him so), the cue ("said") and when it was made. A speaker nobody
names stays None: "he" with no person before it is not guessed at.

A quotation is a statement unless it is a scare quote or a title: one to three
words inside a sentence (“rumour”), or a short run of capitalised words (“State
of the Union”), with no attribution of its own. A quotation with no attribution
of its own continues the statement of the quotation before it in its paragraph
("“…,” he said. “…”").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from bot.answers import When
from bot.attribution import PRONOUNS, Attribution, after_quotation, before_quotation, reported
from bot.dates import resolve_when
from bot.mentions import Mentions, is_body
from bot.quote_marks import Quotation, quotations
from bot.tokens import Tokens, word_set

_SHORT = 3
_TITLE_WORDS = 8
# How far back (in characters) "he" or "the statement" looks for whom it stands for.
_LOOK_BACK = 2000
_STAND_INS = word_set("statement report letter communiqué release")


@dataclass(frozen=True, slots=True)
class Statement:
    """One attributed statement; offsets are into the article's text."""

    start: int
    end: int
    quote: str
    who: str | None
    who_start: int | None
    who_end: int | None
    cue: str | None
    when: When | None


@dataclass(frozen=True, slots=True)
class _Speaker:
    who: str
    start: int
    end: int
    person: bool
    at: int


def find_statements(text: str, published: str | None = None) -> list[Statement]:
    """The article's statements in text order, in time linear in its length."""
    date = dt.date.fromisoformat(published) if published else None
    tokens = Tokens.of(text)
    reader = _Reader(tokens, Mentions(tokens), date)
    return reader.read()


class _Reader:
    """One reading of an article from the top, as a reader follows its speakers."""

    def __init__(self, tokens: Tokens, mentions: Mentions, date: dt.date | None) -> None:
        self._tokens = tokens
        self._mentions = mentions
        self._date = date
        self._last_person: _Speaker | None = None
        self._last_speaker: _Speaker | None = None
        self._found: list[Statement] = []
        self._waiting: list[tuple[int, Quotation]] = []

    def read(self) -> list[Statement]:
        tokens = self._tokens
        marks = list(quotations(tokens))
        quoted = 0
        previous: tuple[Quotation, _Speaker | None, str | None] | None = None
        after_quote = False
        sentence_ends = tokens.sentence_ends()
        i = 0
        while i < len(tokens):
            if quoted < len(marks) and marks[quoted].first <= i:
                mark = marks[quoted]
                quoted += 1
                previous = self._quotation(mark, previous)
                i = mark.last + 1
                after_quote = True
                continue
            end = sentence_ends[i]
            if quoted < len(marks) and marks[quoted].first <= end:
                # The sentence holds a quotation: its attribution belongs to that.
                if not after_quote:
                    self._sentence(i, marks[quoted].first - 1, whole=False)
                i = marks[quoted].first
                continue
            if not after_quote:
                self._sentence(i, end, whole=True)
            after_quote = False
            if tokens.words[end] == "\n":
                previous = None
            i = end + 1
        return self._found

    def _quotation(
        self, mark: Quotation, previous: tuple[Quotation, _Speaker | None, str | None] | None
    ) -> tuple[Quotation, _Speaker | None, str | None]:
        tokens = self._tokens
        attribution = after_quotation(tokens, mark.last + 1) if mark.closed else None
        if attribution is None:
            attribution = before_quotation(tokens, mark.first)
            adjacent = mark.first > 0 and tokens.words[mark.first - 1] in ",:\n"
            if attribution is not None and not adjacent and not self._stands_alone(mark):
                attribution = None
        if attribution is None and not self._stands_alone(mark):
            return previous if previous else (mark, None, None)
        speaker: _Speaker | None
        cue: str | None
        if attribution is not None:
            speaker = self._resolve(attribution)
            cue = tokens.words[attribution.cue]
            context = (min(tokens.starts[attribution.first], tokens.starts[mark.first]), tokens.ends[attribution.last])
        elif previous is not None and self._same_paragraph(previous[0], mark):
            _, speaker, cue = previous
            context = (tokens.starts[mark.first], tokens.ends[mark.last])
        else:
            speaker, cue = None, None
            context = (tokens.starts[mark.first], tokens.ends[mark.last])
        start, end = tokens.starts[mark.first], tokens.ends[mark.last]
        if attribution is not None:
            self._fill_waiting(mark, speaker, cue)
        elif speaker is None and self._opens_sentence(mark):
            self._waiting.append((len(self._found), mark))
        self._add(start, end, speaker, cue, context)
        return mark, speaker, cue

    def _fill_waiting(self, mark: Quotation, speaker: _Speaker | None, cue: str | None) -> None:
        """Quotations earlier in the paragraph with no attribution of their own are
        the speaker's too ("“…” “…,” Rubio said")."""
        if speaker is not None:
            for index, waiting in self._waiting:
                if self._same_paragraph(waiting, mark):
                    self._found[index] = dataclasses.replace(
                        self._found[index], who=speaker.who, who_start=speaker.start, who_end=speaker.end, cue=cue
                    )
        self._waiting.clear()

    def _stands_alone(self, mark: Quotation) -> bool:
        """A quotation of its own, not a scare quote or a title."""
        tokens = self._tokens
        inner = [tokens.words[k] for k in range(mark.first + 1, mark.last) if tokens.is_word(k)]
        size = len(inner)
        if size <= _SHORT:
            return False
        long_words = [w for w in inner if len(w) > 3]
        return not (size <= _TITLE_WORDS and long_words and all(w[0].isupper() for w in long_words))

    def _opens_sentence(self, mark: Quotation) -> bool:
        tokens = self._tokens
        before = mark.first - 1
        return before < 0 or tokens.words[before] in '\n”"' or tokens.ends_sentence(before)

    def _same_paragraph(self, before: Quotation, mark: Quotation) -> bool:
        paragraphs = self._tokens.paragraphs
        return paragraphs[before.last] == paragraphs[mark.first]

    def _sentence(self, lo: int, hi: int, *, whole: bool) -> None:
        if hi < lo:
            return
        found = reported(self._tokens, lo, hi)
        if found is None:
            return
        attribution, first, last = found
        if not whole and attribution.cue >= hi - 1:
            # "Kirby said “…”": the quotation is the statement, found with it.
            return
        tokens = self._tokens
        speaker = self._resolve(attribution)
        start, end = tokens.starts[first], tokens.ends[last]
        if last > first and tokens.words[last] in ".!?":
            end = tokens.ends[last - 1]
        context = (tokens.starts[lo], tokens.ends[hi])
        self._add(start, end, speaker, tokens.words[attribution.cue], context)

    def _add(self, start: int, end: int, speaker: _Speaker | None, cue: str | None, context: tuple[int, int]) -> None:
        text = self._tokens.text
        when = resolve_when(text[context[0] : context[1]], self._date)
        who, who_start, who_end = (speaker.who, speaker.start, speaker.end) if speaker else (None, None, None)
        self._found.append(Statement(start, end, text[start:end], who, who_start, who_end, cue, when))

    def _resolve(self, attribution: Attribution) -> _Speaker | None:
        """The speaker as the article names them: a pronoun or a stand-in ("the
        statement") is whom it follows, a bare surname its fullest earlier mention."""
        tokens = self._tokens
        start, end = tokens.starts[attribution.first], tokens.ends[attribution.last]
        words = tokens.text[start:end]
        lower = words.lower()
        parts = lower.split()
        if lower in PRONOUNS or (len(parts) == 2 and parts[0] in ("the", "this") and parts[1] in _STAND_INS):
            earlier = self._last_person if lower in ("he", "she", "him", "her") else self._last_speaker
            return earlier if earlier is not None and earlier.at >= start - _LOOK_BACK else None
        if len(parts) == 2 and parts[0] in ("the", "this") and self._last_speaker is not None:
            # "the official said": the official named just before, if one was.
            earlier = self._last_speaker
            if earlier.at >= start - _LOOK_BACK and parts[1] in earlier.who.lower().split():
                return earlier
        if len(parts) == 1 and tokens.is_capitalised(attribution.first):
            name = self._mentions.fullest(parts[0], start)
            if name is not None and name.size > 1:
                start, end, words = name.start, name.end, tokens.text[name.start : name.end]
        at = tokens.starts[attribution.first]
        speaker = _Speaker(words, start, end, person=not is_body(words), at=at)
        self._last_speaker = speaker
        if speaker.person:
            self._last_person = speaker
        return speaker
