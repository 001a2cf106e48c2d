"""The bot's application commands: ``/factcheck``, ``/verify``, ``/timeline`` and the message menu's *Fact-check*.

Their docstrings and descriptions are the help Discord shows beside them. Each answers
through ``answer_interaction``: the rate limit, the defer, the follow-up with its buttons.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from adapters.asking import ask_safely, check_message_safely, timeline_safely, verify_safely
from adapters.discord_interactions import NO_PINGS, answer_interaction, as_work, client_of, without_mentions
from bot import messages
from bot.answers import Filters


@app_commands.command(name="factcheck", description="Ask the newsroom's articles; get verbatim, sourced quotes")
@app_commands.describe(
    question="What to check, e.g. who denied the arms deal?",
    private="Show the answer only to you (default: everyone in the channel sees it)",
    outlet="Only articles whose outlet holds this, e.g. nbc",
    by="Only statements by this speaker, e.g. Kirby",
    after="Only statements on or after this date, YYYY-MM-DD",
    before="Only statements on or before this date, YYYY-MM-DD",
)
@as_work
async def factcheck(
    interaction: discord.Interaction,
    question: str,
    private: bool = False,
    outlet: str | None = None,
    by: str | None = None,
    after: str | None = None,
    before: str | None = None,
) -> None:
    """Answer a question from the newsroom's articles, within the filters given."""
    checker = client_of(interaction).checker
    filters = Filters(outlet, by, after, before)
    await answer_interaction(
        interaction, lambda asker: ask_safely(checker, question, origin=asker, filters=filters), private=private
    )


@app_commands.command(name="timeline", description="The statements about a topic, one line per event, by date")
@app_commands.describe(
    topic="What the statements are about, e.g. north korea arms sales russia denial",
    private="Show the answer only to you (default: everyone in the channel sees it)",
)
@as_work
async def timeline(interaction: discord.Interaction, topic: str, private: bool = False) -> None:
    """List a topic's statements in date order: when, who, the start of the quote, how many articles."""
    checker = client_of(interaction).checker
    await answer_interaction(interaction, lambda asker: timeline_safely(checker, topic, origin=asker), private=private)


@app_commands.command(name="verify", description="Check a claimed quotation against the articles, word by word")
@app_commands.describe(
    claim="The quotation as claimed, e.g. we have never had arms deals with Russia",
    who="Who the claim says spoke the words, e.g. John Kirby",
    private="Show the answer only to you (default: everyone in the channel sees it)",
)
@as_work
async def verify(interaction: discord.Interaction, claim: str, who: str | None = None, private: bool = False) -> None:
    """Say whether an article holds a claimed quotation verbatim, altered, or not at all."""
    checker = client_of(interaction).checker
    await answer_interaction(
        interaction, lambda asker: verify_safely(checker, claim, who=who, origin=asker), private=private
    )


@app_commands.context_menu(name="Fact-check")
@as_work
async def fact_check_message(interaction: discord.Interaction, message: discord.Message) -> None:
    """Check a message privately: the longest quotation it marks is verified against the speaker it
    names; a message without one is asked as a question. Discord hands a message menu command its
    message's text without the message-content intent."""
    checker = client_of(interaction).checker
    text = without_mentions(message.content)
    if not text:
        await interaction.response.send_message(messages.NOTHING_TO_CHECK, ephemeral=True, allowed_mentions=NO_PINGS)
        return
    await answer_interaction(interaction, lambda asker: check_message_safely(checker, text, origin=asker), private=True)


COMMANDS: tuple[app_commands.Command[Any, ..., None] | app_commands.ContextMenu, ...] = (
    factcheck,
    verify,
    timeline,
    fact_check_message,
)
