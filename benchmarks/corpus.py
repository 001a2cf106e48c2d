"""A deterministic synthetic newsroom archive for the scale benchmark.

Articles of about 20 sentences of about 40 words: English function words mixed
with made-up content words drawn from a finite Zipf distribution (exponent 1,
as in natural language, over 200,000 words), some sentences
attributed ("…, the minister said on Tuesday."), a title line and a manifest
with outlets and publication dates, so the real ingest path (cleaning,
attribution, dates) does its real work. The same seed gives the same archive.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import numpy as np

FUNCTION_WORDS = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "is",
    "that",
    "for",
    "on",
    "with",
    "as",
    "was",
    "by",
    "at",
    "from",
    "it",
    "an",
    "be",
    "has",
    "have",
    "were",
    "said",
    "its",
]
SPEAKERS = ["the minister", "a spokesperson", "the mayor", "officials", "the ministry", "the council chair"]
DAYS = ["on Monday", "on Tuesday", "last week", "on Friday", "earlier this month", ""]
# Ten outlets, each a tenth of the articles: a filter on one keeps 10% (scale.py).
OUTLETS = [
    "Daily Ledger",
    "Evening Post",
    "Wire Service",
    "Harbour Times",
    "Morning Star",
    "City Courier",
    "Valley Gazette",
    "Coast Herald",
    "Capital Review",
    "River Journal",
]
VOCABULARY = 200_000
PASSAGES_PER_ARTICLE = 20
# Questions use the words that name things, not the commonest ones: ranks from
# here on, still Zipf-weighted.
QUERY_RANKS = (30, 30_000)


def zipf_ranks(rng: np.random.Generator, size: int, low: int = 0, high: int = VOCABULARY) -> np.ndarray:
    weights = 1.0 / np.arange(low + 1, high + 1)
    return low + rng.choice(high - low, size=size, p=weights / weights.sum())


def content_words(seed: int = 7) -> list[str]:
    """Pronounceable made-up words, so the stemmer and stop list see word-like input."""
    rng = random.Random(seed)
    syllables = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
    words: set[str] = set()
    while len(words) < VOCABULARY:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    ranked = sorted(words)
    rng.shuffle(ranked)
    return ranked


def write_archive(folder: Path, passages: int, seed: int = 11) -> Path:
    """Write ``passages // 20`` articles and their manifest into ``folder`` (once)."""
    folder.mkdir(parents=True, exist_ok=True)
    manifest = folder / "manifest.toml"
    if manifest.exists():
        return folder
    vocabulary = content_words()
    rng = np.random.default_rng(seed)
    picks = iter(zipf_ranks(rng, passages * 30).tolist())
    chooser = random.Random(seed)
    entries = []
    start = dt.date(2024, 1, 1)
    for number in range(passages // PASSAGES_PER_ARTICLE):
        sentences = []
        for _ in range(PASSAGES_PER_ARTICLE):
            words = [
                vocabulary[next(picks)] if chooser.random() < 0.6 else chooser.choice(FUNCTION_WORDS) for _ in range(38)
            ]
            sentence = " ".join(words).capitalize()
            if chooser.random() < 0.3:
                sentence += f", {chooser.choice(SPEAKERS)} said {chooser.choice(DAYS)}".rstrip()
            sentences.append(sentence + ".")
        title = " ".join(vocabulary[next(picks)] for _ in range(6)).title()
        body = "\n\n".join(" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3))
        name = f"a{number:07d}.txt"
        (folder / name).write_text(f"{title}\n\n{body}\n", encoding="utf-8")
        published = start + dt.timedelta(days=number % 900)
        outlet = OUTLETS[number % len(OUTLETS)]
        fields = f'file = "{name}"\ntitle = "{title}"\noutlet = "{outlet}"\npublished = "{published}"'
        entries.append(f"[[article]]\n{fields}\n")
    manifest.write_text("\n".join(entries), encoding="utf-8")
    return folder


def queries(count: int, seed: int = 3) -> list[str]:
    """Questions of 3-6 content words, drawn from the same Zipf distribution."""
    vocabulary = content_words()
    rng = np.random.default_rng(seed)
    found = []
    for _ in range(count):
        ranks = zipf_ranks(rng, int(rng.integers(3, 7)), *QUERY_RANKS)
        found.append("What did they say about " + " ".join(vocabulary[r] for r in ranks.tolist()) + "?")
    return found
