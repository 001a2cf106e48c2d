"""What an article carries that would reorder or crowd out the bot's own words: bidirectional
controls and over-long manifest URLs, through every renderer and an ingested article."""

from __future__ import annotations

import io
import json
from pathlib import Path

from rich.console import Console

from adapters.answer_json import answer_to_dict
from adapters.answer_text import render_text
from adapters.discord_embeds import render_embeds
from adapters.slack_blocks import render_blocks
from bot.answers import Answer
from bot.factchecker import FactChecker
from tests.conftest import ingest_texts

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
ARTICLE = (
    "Ministry denies \u202eshipment\u202c to the front\n\n"
    "“We never sent a single \u2067shell\u2069 to the front,” said Anna \u202eKowalska\u202c, "
    "the ministry's spokeswoman, on Monday.\n"
)
MANIFEST = """
[[article]]
file = "bidi.txt"
title = "Ministry \u202edenies\u202c"
outlet = "Daily \u200fCourier"
published = "2024-03-05"
url = "https://example.org/\u202e"
"""


def shown_everywhere(answer: Answer) -> str:
    """Everything each platform would show for ``answer``, as one string."""
    blocks, fallback = render_blocks(answer, share="kept-answer-id")
    content, embeds = render_embeds(answer)
    terminal = io.StringIO()
    Console(file=terminal, width=200).print(render_text(answer))
    return json.dumps(
        [blocks, fallback, content, [e.to_dict() for e in embeds], terminal.getvalue()], ensure_ascii=False
    )


async def test_bidi_controls_are_shown_nowhere_and_kept_exactly_in_the_json(
    checker: FactChecker, tmp_path: Path
) -> None:
    await ingest_texts(checker, tmp_path / "archive", {"bidi": ARTICLE}, manifest=MANIFEST)
    answer = await checker.ask("What did Kowalska say about the shell?")
    assert answer.claims and answer.claims[0].evidence.doc_id == "bidi"

    shown = shown_everywhere(answer)
    assert not set(BIDI) & set(shown), [hex(ord(c)) for c in set(BIDI) & set(shown)]
    assert "single shell" in shown and "Ministry denies" in shown and "Daily Courier" in shown
    assert "https://example.org/" not in shown, "a URL with a control in it is not linked"

    result = answer_to_dict(answer)["results"][0]
    assert ARTICLE[result["start"] : result["end"]] == result["quote"] and "\u2067shell\u2069" in result["quote"]
    assert result["title"] == "Ministry \u202edenies\u202c" and result["url"] == "https://example.org/\u202e"
