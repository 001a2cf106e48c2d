"""An article cut into tokens once, so that attribution reads it in one pass.

Every later step (quotation marks, speakers, mentions) walks these tokens
within a bounded window, never re-scanning the text with open-ended patterns:
that keeps attribution linear in the article's length whatever it holds, where
a backtracking pattern's time can grow far faster than it (over "a, b said c", say).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A dotted abbreviation ("U.S."), a word with its inner apostrophes, hyphens,
# slashes and points ("CNN’s", "9/11", "D-N.C"), a line break, or one mark. A
# word is any run of characters that are not spaces or marks, so mis-decoded
# letters ("FranÃ§ois") stay inside their word.
_MARKS = "“”\"‘’',.;:!?()\\[\\]{}—–―\\-/…"
_PART = rf"[^\s{_MARKS}]+"
_TOKEN = re.compile(rf"(?:[A-Za-z]\.){{2,}}|{_PART}(?:[’'\-./&]{_PART})*|\n|\S")


def word_set(words: str) -> frozenset[str]:
    """The words of a space-separated list, as a set (lists of words read best as prose)."""
    return frozenset(words.split())


_ABBREVIATIONS = word_set(
    "mr mrs ms dr prof gen col lt sgt capt adm sen rep del rev hon atty gov pres st jr sr no vol inc corp ltd co "
    "vs jan feb mar apr jun jul aug sep sept oct nov dec"
)
OPENERS = frozenset('“"')
CLOSERS = frozenset('”"')
_ENDS = frozenset(".!?…")
_MARK_SET = frozenset(_MARKS.replace("\\", ""))


@dataclass(frozen=True, slots=True)
class Tokens:
    """The article's tokens: ``words[i]`` is ``text[starts[i]:ends[i]]``."""

    text: str
    words: list[str]
    starts: list[int]
    ends: list[int]
    paragraphs: list[int]

    @classmethod
    def of(cls, text: str) -> Tokens:
        words: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        paragraphs: list[int] = []
        paragraph = 0
        for match in _TOKEN.finditer(text):
            word = match.group()
            paragraph += word == "\n"
            words.append(word)
            starts.append(match.start())
            ends.append(match.end())
            paragraphs.append(paragraph)
        return cls(text, words, starts, ends, paragraphs)

    def __len__(self) -> int:
        return len(self.words)

    def is_word(self, i: int) -> bool:
        return 0 <= i < len(self.words) and self.words[i][0] not in _MARK_SET and not self.words[i].isspace()

    def is_capitalised(self, i: int) -> bool:
        return self.is_word(i) and self.words[i][0].isupper()

    def ends_sentence(self, i: int) -> bool:
        """A full stop, question or exclamation mark that closes a sentence (not "Mr.")."""
        word = self.words[i]
        if word not in _ENDS:
            return False
        if word != "." or i == 0:
            return True
        before = self.words[i - 1]
        if self.ends[i - 1] != self.starts[i]:
            return True
        if before.lower() in _ABBREVIATIONS or (len(before) == 1 and before.isupper()):
            return False
        # "R-Ky., said": a point followed by a comma or a lower-case word ends no sentence,
        # nor one closing a bracket they follow ("Rep. Hakeem Jeffries (D-N.Y.) reacted").
        after = i + 2 if i + 1 < len(self.words) and self.words[i + 1] == ")" else i + 1
        following = self.words[after] if after < len(self.words) else "\n"
        return not (following == "," or following[0].islower())

    def sentence_ends(self) -> list[int]:
        """For each token, the last token of its sentence (bounded by its paragraph),
        worked out in one backward pass."""
        found = [0] * len(self.words)
        last = len(self.words) - 1
        for i in range(len(self.words) - 1, -1, -1):
            if self.words[i] == "\n" or self.ends_sentence(i):
                last = i
            found[i] = last
        return found

    def is_possessive_mark(self, i: int) -> bool:
        """The apostrophe of a plural or -s possessive ("Sanders’ campaign manager"),
        which belongs to its word: glued to a word ending in "s", a word after it."""
        return (
            self.words[i] in "’'"
            and 0 < i < len(self.words) - 1
            and self.ends[i - 1] == self.starts[i]
            and self.words[i - 1][-1:] in "sS"
            and self.starts[i + 1] > self.ends[i]
            and self.is_word(i + 1)
        )

    def is_abbreviation_point(self, i: int) -> bool:
        """The point of "Rep." or "Mr.", which belongs to the name it stands in."""
        return self.words[i] == "." and i > 0 and not self.ends_sentence(i)
