"""Hypothesis strategies for hostile, long and unicode-heavy chat text."""

from __future__ import annotations

from hypothesis import strategies as st

HOSTILE = st.sampled_from(
    ["<!channel>", "<!here>", "<@U123>", "@everyone", "<https://evil.example|click>", "&lt;", "*", "_", "~", "`"]
)
TEXT = st.lists(st.one_of(st.text(min_size=0, max_size=400), HOSTILE), max_size=12).map("".join)
LONG_TEXT = st.one_of(TEXT, st.integers(3000, 9000).map(lambda n: "Ünïcødé “quote” ✓ " * (n // 18)))
