"""Attribution time against content: a pathological article against a plain one.

    python -m benchmarks.attribution_speed [ARCHIVE_FOLDER] [--size BYTES] [--runs N]

The plain article is real prose (the folder's ``.txt`` files joined until the size
is reached; without a folder, a made-up news paragraph repeated); the
pathological one is the shape that made the old backtracking patterns quadratic
("a, b said c" thousands of times with a stray quotation mark at the end) mixed
with unclosed quotations and attributions with no speaker. Attribution must take
about as long on both (target: within 3x), since its time grows with length only.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from bot.annotations import annotate
from index.passages import split_passages

PLAIN = (
    "“We will not stop until the bridge is safe,” Mayor Jane Doe said on Tuesday. The council has not voted. "
    "She added that repairs would take a year, according to a statement from the city.\n\n"
)
PATHOLOGICAL = "a, b said c " * 40 + "“x,” said " * 20 + "“unclosed, and, then, said, " + '"'


def build(pattern: str, size: int) -> str:
    return (pattern * (size // len(pattern) + 1))[:size]


def plain_text(folder: Path | None, size: int) -> str:
    if folder is None:
        return build(PLAIN, size)
    parts: list[str] = []
    total = 0
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        parts.append(text)
        total += len(text)
        if total >= size:
            break
    return build("\n\n".join(parts), size)


def median_seconds(text: str, runs: int) -> float:
    passages = split_passages(text)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        annotate(text, passages, None)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, help="a folder of .txt articles for the plain text")
    parser.add_argument("--size", type=int, default=200_000, help="characters per article (default 200,000)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    plain = median_seconds(plain_text(args.folder, args.size), args.runs)
    pathological = median_seconds(build(PATHOLOGICAL, args.size), args.runs)
    print(f"plain        {args.size:,} chars: median {plain * 1000:8.1f} ms over {args.runs} runs")
    print(f"pathological {args.size:,} chars: median {pathological * 1000:8.1f} ms over {args.runs} runs")
    print(f"ratio pathological / plain: {pathological / plain:.2f}x (target: within 3x)")


if __name__ == "__main__":
    main()
