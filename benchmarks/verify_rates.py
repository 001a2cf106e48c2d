"""How often ``verify`` gets a real archive's quotations right (issue 15's bars).

    python -m benchmarks.verify_rates POLNEAR_FOLDER [--sample 100] [--seed 15]

Needs ``FACTCHECK_DB`` holding the archive's articles without the demo seeds
(``FACTCHECK_SEEDS= factcheck ingest POLNEAR_FOLDER/archive``). From the dev
articles' direct quotes of 12 words or more (annotated ``Content`` spans opening
with a quotation mark), a fixed random sample; for each, the quote's words 2 to 11:

- as written: must be verbatim, first match verbatim;
- with the fifth word replaced by a word of another sampled quote: must be
  altered, with that word in a ``changed`` entry;
- and 10-word runs of the seed articles' sentences (no such article is in the
  archive): must be not_found.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
from pathlib import Path

from bot.factchecker import FactChecker
from bot.quote_lookup import quote_word_spans
from bot.settings import Settings

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
_OPENING_MARKS = "“\"‘'"
_SENTENCE_END = re.compile(r"(?<=[.!?])[”\"’]?\s+")


def direct_quotes(folder: Path) -> list[tuple[str, str]]:
    """(article id, quote text) for every direct quote of 12 words or more in the dev articles."""
    found = []
    for doc_id in (folder / "dev-articles.txt").read_text(encoding="utf-8").split():
        text = (folder / "archive" / f"{doc_id}.txt").read_text(encoding="utf-8")
        for line in (folder / "attributions" / f"{doc_id}.ann").read_text(encoding="utf-8").splitlines():
            fields = line.split("\t")
            if len(fields) < 3 or not fields[1].startswith("Content "):
                continue
            spans = fields[1].split(" ", 1)[1].split(";")
            start, end = int(spans[0].split()[0]), int(spans[-1].split()[-1])
            quote = text[start:end]
            if quote[:1] in _OPENING_MARKS and len(quote_word_spans(quote)) >= 12:
                found.append((doc_id, quote))
    return found


def words_2_to_11(quote: str) -> str:
    spans = quote_word_spans(quote)
    return quote[spans[1][1] : spans[10][2]]


def fifth_replaced(fragment: str, other: str) -> tuple[str, str]:
    """``fragment`` with its fifth word replaced by a word of ``other`` that it lacks."""
    spans = quote_word_spans(fragment)
    held = {word for word, _, _ in spans}
    substitute = next(
        fragment_word
        for word, start, end in quote_word_spans(other)
        if len(word) > 3 and word not in held and (fragment_word := other[start:end])
    )
    _, start, end = spans[4]
    return fragment[:start] + substitute + fragment[end:], substitute


def seed_fragments(count: int, rng: random.Random) -> list[str]:
    """``count`` runs of 10 words, each within one sentence of a seed article."""
    runs: list[str] = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for sentence in _SENTENCE_END.split(text):
            spans = quote_word_spans(sentence)
            runs.extend(sentence[spans[first][1] : spans[first + 9][2]] for first in range(len(spans) - 9))
    return rng.sample(runs, min(count, len(runs)))


async def rates(folder: Path, sample: int, seed: int) -> None:
    rng = random.Random(seed)
    quotes = rng.sample(direct_quotes(folder), sample)
    verbatim = altered = not_found = 0
    async with FactChecker.open(Settings.load()) as checker:
        for n, (_, quote) in enumerate(quotes):
            fragment = words_2_to_11(quote)
            found = (await checker.verify(fragment)).verification
            if found and found.status == "verbatim" and found.matches[0].verdict == "verbatim":
                verbatim += 1
            else:
                print(f"not verbatim: {fragment!r}")
            changed, word = fifth_replaced(fragment, quotes[(n + 1) % len(quotes)][1])
            found = (await checker.verify(changed)).verification
            if (
                found
                and found.status == "altered"
                and any(d.op == "changed" and word in d.claimed for d in found.matches[0].diff)
            ):
                altered += 1
            else:
                print(f"not altered with {word!r}: {changed!r} -> {found.status if found else None}")
        fragments = seed_fragments(sample, rng)
        for fragment in fragments:
            found = (await checker.verify(fragment)).verification
            if found and found.status == "not_found":
                not_found += 1
            else:
                print(f"found: {fragment!r} -> {found.matches[0].evidence.quote if found else None!r}")
    print(f"verbatim {verbatim}/{len(quotes)} ({verbatim / len(quotes):.0%})")
    print(f"altered {altered}/{len(quotes)} ({altered / len(quotes):.0%})")
    print(f"not_found {not_found}/{len(fragments)} ({not_found / len(fragments):.0%})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="the PolNeAR folder (archive, attributions, dev-articles.txt)")
    parser.add_argument("--sample", type=int, default=100)
    parser.add_argument("--seed", type=int, default=15)
    options = parser.parse_args()
    asyncio.run(rates(options.folder, options.sample, options.seed))


if __name__ == "__main__":
    main()
