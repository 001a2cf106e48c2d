"""Hypothesis strategies for hostile, long and unicode-heavy chat text."""

from __future__ import annotations

from hypothesis import strategies as st

from bot.answers import Answer, Claim, Evidence, Source, When

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
"""Unicode's bidirectional embeddings, overrides, isolates and marks: an article may carry them."""
HOSTILE = st.sampled_from(
    [
        "<!channel>",
        "<!here>",
        "<@U123>",
        "@everyone",
        "<https://evil.example|click>",
        "&lt;",
        "*",
        "_",
        "~",
        "`",
        *BIDI_CONTROLS,
    ]
)
TEXT = st.lists(st.one_of(st.text(min_size=0, max_size=400), HOSTILE), max_size=12).map("".join)
LONG_TEXT = st.one_of(TEXT, st.integers(3000, 9000).map(lambda n: "Ünïcødé “quote” ✓ " * (n // 18)))


@st.composite
def evidence(draw: st.DrawFn) -> Evidence:
    quote = draw(LONG_TEXT) or "x"
    source = Source(
        doc_id=draw(TEXT) or "doc",
        file=draw(TEXT) + ".txt",
        title=draw(st.none() | LONG_TEXT),
        outlet=draw(st.none() | TEXT),
        published=draw(st.none() | st.just("2022-11-08")),
        url=draw(
            st.none()
            | st.sampled_from(
                [
                    "https://example.org/a",
                    "javascript:alert(1)",
                    "https://x.org/|<!channel>",
                    "https://x.org/" + "l" * 1200,
                ]
            )
        ),
    )
    when = draw(
        st.none()
        | st.builds(When, TEXT, st.none() | st.just("2022-11"), st.none(), st.sampled_from(["text", "published"]))
    )
    return Evidence(quote, 0, len(quote), 0.5, source, draw(st.none() | LONG_TEXT), when)


ANSWERS = st.builds(
    Answer,
    question=LONG_TEXT,
    status=st.sampled_from(["answered", "no_evidence", "error"]),
    claims=st.lists(st.builds(Claim, evidence(), st.lists(evidence(), max_size=8).map(tuple)), max_size=15).map(tuple),
    missing_terms=st.lists(st.sampled_from(["china", "india", "<!here>", "@everyone"]), max_size=3).map(tuple),
    error=st.none() | LONG_TEXT,
    query_id=st.none() | st.integers(1, 10**9),
    read_as=st.none() | LONG_TEXT,
    opens_conversation=st.booleans(),
)

# What people (and scripts) type after /factcheck: words the seed articles answer, chat
# mention and link syntax of both platforms, SQL and regex metacharacters, control
# characters, NUL, emoji, right-to-left text and combining marks, and lengths on both
# sides of the 1,000-character limit.
QUESTION_PARTS = st.sampled_from(
    [
        "Who denied the arms deal?",
        "What did John Kirby say",
        "North Korea",
        "Russia",
        "artillery shells",
        "when",
        "<!channel>",
        "<!here>",
        "<!everyone>",
        "<@U123>",
        "<@U123|bob>",
        "<#C123|general>",
        "<!subteam^S123>",
        "@everyone",
        "@here",
        "<@456>",
        "<@!456>",
        "<@&789>",
        "<#600>",
        "[click](https://evil.example)",
        "<https://evil.example|click>",
        "**bold** __under__ ~~gone~~ ||spoiler|| `code` > quote",
        "&amp; &lt;!channel&gt;",
        "'; DROP TABLE query_log; --",
        '" OR 1=1 --',
        "%_",
        ".*+?[](){}|^$\\",
        "(a+)+$",
        "\\d{3}\\b",
        "\x00",
        "\r\n",
        "\t\x0b\x0c",
        "\x1b[31m",
        "\x7f\x85\x9f",
        "\u202e\u202d\u2066",
        "\u200b\ufeff",
        "🕵️‍♀️ 👍🏽 🇰🇵",
        "كيربي قال",
        "שלום",
        "e\u0301 Z\u0337\u031b\u0300a",
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    ]
)
QUESTION_TEXT = st.one_of(
    st.lists(st.one_of(QUESTION_PARTS, st.text(max_size=40)), max_size=12).map(" ".join),
    st.text(max_size=300),
    st.integers(950, 1050).map(lambda n: ("Kirby <!channel> said @everyone ✓ " * 40)[:n]),
    st.integers(1001, 20_000).map(lambda n: "<@U1>" * (n // 5)),
)
