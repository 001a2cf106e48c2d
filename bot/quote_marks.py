"""Where an article opens and closes its quotations, across paragraphs.

A quotation runs from an opening mark (“ or ") to the next closing one (” or ").
A quotation that runs over several paragraphs opens each paragraph with a mark
and closes only the last, so a paragraph that ends inside a quotation continues
it when the next paragraph opens with a mark; otherwise the quotation was left
open by mistake and ends with its paragraph. Single marks (‘ ’) are left alone:
in US copy they quote inside a quotation, and ’ is also an apostrophe.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from bot.tokens import CLOSERS, OPENERS, Tokens


@dataclass(frozen=True, slots=True)
class Quotation:
    """Token indexes of the opening mark and of the closing mark (or, when the
    quotation is never closed, of its last token); ``closed`` says which."""

    first: int
    last: int
    closed: bool


def quotations(tokens: Tokens) -> Iterator[Quotation]:
    """Every quotation of the article, in text order, in one pass over its tokens."""
    words = tokens.words
    opened: int | None = None
    chain: int | None = None
    last_word = -1
    i = 0
    while i < len(words):
        word = words[i]
        if word == "\n":
            if opened is not None:
                following = i + 1
                while following < len(words) and words[following] == "\n":
                    following += 1
                if following < len(words) and words[following] in OPENERS:
                    # The next paragraph goes on with the same quotation.
                    chain = opened if chain is None else chain
                    opened = following
                    i = following + 1
                    continue
                start = opened if chain is None else chain
                if last_word > start:
                    yield Quotation(start, last_word, False)
                opened = chain = None
            i += 1
            continue
        if opened is None and word in OPENERS:
            opened = i
        elif opened is not None and word in CLOSERS:
            yield Quotation(opened if chain is None else chain, i, True)
            opened = chain = None
        last_word = i
        i += 1
    if opened is not None:
        start = opened if chain is None else chain
        if last_word > start:
            yield Quotation(start, last_word, False)
