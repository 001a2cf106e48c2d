"""The bot's application commands: ``/factcheck``, ``/verify`` and the message menu's *Fact-check*.

Their docstrings and descriptions are the help Discord shows beside them. Each answers
through ``answer_interaction``: the rate limit, the defer, the follow-up with its buttons.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from adapters.asking import ask_safely, verify_safely
from adapters.discord_interactions import NO_PINGS, answer_interaction, as_work, client_of, without_mentions
from bot import messages
from bot.asked_speakers import claimed_speaker
from bot.quote_lookup import quotations, unquoted


@app_commands.command(name="factcheck", description="Ask the newsroom's articles; get verbatim, sourced quotes")
@app_commands.describe(
    question="What to check, e.g. who denied the arms deal?",
    private="Show the answer only to you (default: everyone in the channel sees it)",
)
@as_work
async def factcheck(interaction: discord.Interaction, question: str, private: bool = False) -> None:
    """Answer a question from the newsroom's articles."""
    checker = client_of(interaction).checker
    await answer_interaction(interaction, lambda asker: ask_safely(checker, question, origin=asker), private=private)


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
    quoted = quotations(text)
    if quoted:
        who = claimed_speaker(unquoted(text))
        await answer_interaction(
            interaction, lambda asker: verify_safely(checker, quoted[0], who=who, origin=asker), private=True
        )
    else:
        await answer_interaction(interaction, lambda asker: ask_safely(checker, text, origin=asker), private=True)


COMMANDS: tuple[app_commands.Command[Any, ..., None] | app_commands.ContextMenu, ...] = (
    factcheck,
    verify,
    fact_check_message,
)
