"""A follow-up led again by the claim the thread just showed gets the rest of that
statement: the next paragraph, when the same speaker goes on there."""

from __future__ import annotations

from pathlib import Path

from bot.conversation_state import ConversationKey
from bot.factchecker import FactChecker
from bot.settings import Settings

THREAD = ConversationKey("slack", "C1", "1700000000.000100")
OPENING = (
    "Ministry rejects smuggling report\n\n"
    "A defense ministry official called the smuggling report a lie and said the country has "
    "“never sold arms abroad.”\n\n"
)
FIRST = "What did the defense ministry official say about the smuggling report?"
SECOND = "Who did they say was behind the lie?"


async def asked_twice(tmp_path: Path, going_on: str) -> tuple[str, str, str]:
    """The first claims of the two answers, and the article they come from."""
    folder = tmp_path / "articles"
    folder.mkdir()
    article = OPENING + going_on + "\n\nThe report was published last week."
    (folder / "ministry.txt").write_text(article, encoding="utf-8")
    (folder / "manifest.toml").write_text(
        '[[article]]\nfile = "ministry.txt"\ntitle = "Ministry rejects smuggling report"\npublished = "2024-03-01"\n',
        encoding="utf-8",
    )
    async with FactChecker.open(Settings(db_path=tmp_path / "factcheck.db", seeds_dir=folder)) as checker:
        first = await checker.follow_up(THREAD, FIRST, origin="local")
        second = await checker.follow_up(THREAD, SECOND, origin="local")
    lead = second.claims[0].evidence
    assert article[lead.start : lead.end] == lead.quote
    return first.claims[0].evidence.quote, lead.quote, lead.who or ""


async def test_the_claim_led_with_again_goes_on_into_its_speakers_next_paragraph(tmp_path: Path) -> None:
    going_on = "“We regard the report as a smear spread by the Northland Agency,” the official said."
    shown, again, who = await asked_twice(tmp_path, going_on)
    assert shown.startswith("A defense ministry official called")
    assert again == shown + "\n\n" + going_on
    assert who == "A defense ministry official"


async def test_another_speakers_next_paragraph_is_not_joined_to_it(tmp_path: Path) -> None:
    shown, again, _ = await asked_twice(tmp_path, "“It is a smear by the Northland Agency,” analyst Mary Roe said.")
    assert again == shown
