"""``/factcheck timeline`` through the real Bolt app on loopback: one rich-text line per event, by date."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from slack_sdk.models.blocks import Block

from adapters.slack_commands import Command, parse_command
from bot.factchecker import FactChecker
from fakes.slack_api import command_body
from tests.integration.test_slack import Slack, running
from tests.integration.test_slack_verify import mrkdwn, styled
from tests.unit.test_slack_blocks import texts_in


@pytest.fixture
async def slack(checker: FactChecker) -> AsyncIterator[Slack]:
    async for running_slack in running(checker):
        yield running_slack


def test_timeline_is_read_from_the_command_text() -> None:
    assert parse_command("timeline kirby shells") == Command("kirby shells", timeline=True)
    assert parse_command("private timeline kirby") == Command("kirby", private=True, timeline=True)
    assert parse_command("timeline verify x") == Command("verify x", timeline=True)


async def test_the_timeline_lists_the_events_in_date_order_in_rich_text(slack: Slack) -> None:
    await slack.post(command_body("timeline north korea arms sales russia denial", slack.fake.response_url()))
    (reply,) = await slack.fake.wait_for("response_url")
    blocks = reply["blocks"]
    dates = [text.strip() for text in styled(blocks, "bold") if text.strip()[:4].isdigit()]
    assert dates and dates == sorted(dates) and dates[0].startswith("2022-09")
    assert "John Kirby: " in [text for _, text in texts_in(blocks)]
    assert "Kirby" not in mrkdwn(blocks) and "covertly" not in mrkdwn(blocks)
    for block in blocks:
        assert Block.parse(block) is not None
