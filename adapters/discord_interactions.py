"""What every Discord interaction of the bot goes through: work the process waits for, the rate
limit, the defer, the follow-up, and the buttons under an answer.

Discord drops an interaction not answered within 3 seconds, so a command defers at once and
follows up with the answer (the follow-up token lives 15 minutes). Every message goes out with
``allowed_mentions`` set to nothing. A private answer's *Share in channel* button posts the
answer kept for it (``bot.shares``), once, as the button's interaction response, and counts
against the presser's rate limit.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Awaitable, Callable, Coroutine
from typing import TYPE_CHECKING, Any, ParamSpec, cast

import discord

from adapters.discord_embeds import render_embeds
from adapters.discord_guilds import refuse_unless_served
from bot import messages
from bot.answers import Answer
from bot.shares import Refusal

if TYPE_CHECKING:
    from adapters.discord_app import FactCheckBot

NO_PINGS = discord.AllowedMentions.none()
_MENTION = re.compile(r"<@!?\d+>")
_P = ParamSpec("_P")


def as_work(handler: Callable[_P, Coroutine[Any, Any, None]]) -> Callable[_P, Coroutine[Any, Any, None]]:
    """Run an interaction's handler as the bot's ``work``, which a stopping process waits for; once
    stopping, the person is told to ask again. The wrapper keeps the handler's signature
    (``functools.wraps``), from which discord.py reads a command's options."""

    @functools.wraps(handler)
    async def run(*args: _P.args, **kwargs: _P.kwargs) -> None:
        interaction = next(arg for arg in args if isinstance(arg, discord.Interaction))
        work = client_of(interaction).work
        if not work.taking:
            await interaction.response.send_message(messages.RESTARTING, ephemeral=True, allowed_mentions=NO_PINGS)
            return
        async with work.held():
            await handler(*args, **kwargs)

    return run


async def answer_interaction(
    interaction: discord.Interaction, answering: Callable[[str], Awaitable[Answer]], *, private: bool
) -> None:
    """Answer as ``answering(asker)`` does, within the asker's rate limit: defer, then follow up
    with the answer, its 👍 / 👎 and, when ``private``, its *Share in channel* button."""
    client = client_of(interaction)
    asker = origin(interaction.guild_id, interaction.user.id)
    if not client.checker.admit(user=asker, channel=f"discord:{interaction.channel_id}"):
        await interaction.response.send_message(messages.RATE_LIMITED, ephemeral=True, allowed_mentions=NO_PINGS)
        return
    await interaction.response.defer(ephemeral=private, thinking=True)
    answer = await answering(asker)
    content, embeds = render_embeds(answer)
    view = feedback_view(answer, share=client.shares.keep(answer) if private else None)
    await client.redelivery.send(
        "follow-up answer",
        lambda: interaction.followup.send(
            content=content, embeds=embeds, view=view, ephemeral=private, allowed_mentions=NO_PINGS
        ),
        webhook=True,
    )


class FeedbackButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"factcheck:(?P<vote>up|down):(?P<query>\d+)"
):
    """👍 / 👎 under an answer. The custom id carries the vote and the query id, so
    the buttons keep working after a restart."""

    def __init__(self, vote: str, query_id: int) -> None:
        label = messages.HELPFUL_BUTTON if vote == "up" else messages.UNHELPFUL_BUTTON
        super().__init__(discord.ui.Button(label=label, custom_id=f"factcheck:{vote}:{query_id}"))
        self.vote, self.query_id = vote, query_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> FeedbackButton:
        return cls(match["vote"], int(match["query"]))

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return await refuse_unless_served(interaction, client_of(interaction).served)

    @as_work
    async def callback(self, interaction: discord.Interaction) -> None:
        client = client_of(interaction)
        user = origin(interaction.guild_id, interaction.user.id)
        recorded = await client.checker.record_feedback(self.query_id, user, helpful=self.vote == "up")
        text = messages.FEEDBACK_THANKS if recorded else messages.FEEDBACK_LOST
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_PINGS)


class ShareButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"factcheck:share:(?P<share>[\w-]+)"):
    """*Share in channel* under a private answer. The custom id carries the id the answer is kept
    under; after a restart the id is unknown, and the presser is told so."""

    def __init__(self, share_id: str) -> None:
        super().__init__(discord.ui.Button(label=messages.SHARE_BUTTON, custom_id=f"factcheck:share:{share_id}"))
        self.share_id = share_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ShareButton:
        return cls(match["share"])

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return await refuse_unless_served(interaction, client_of(interaction).served)

    @as_work
    async def callback(self, interaction: discord.Interaction) -> None:
        client = client_of(interaction)
        answer = client.shares.take(self.share_id)
        if isinstance(answer, Refusal):
            await interaction.response.send_message(answer.value, ephemeral=True, allowed_mentions=NO_PINGS)
            return
        asker = origin(interaction.guild_id, interaction.user.id)
        if not client.checker.admit(user=asker, channel=f"discord:{interaction.channel_id}"):
            client.shares.release(self.share_id)
            await interaction.response.send_message(
                messages.SHARE_RATE_LIMITED, ephemeral=True, allowed_mentions=NO_PINGS
            )
            return
        content, embeds = render_embeds(answer)
        shared = await client.redelivery.send(
            "shared answer",
            lambda: interaction.response.send_message(
                content=content, embeds=embeds, view=feedback_view(answer), allowed_mentions=NO_PINGS
            ),
            webhook=True,
        )
        if shared is None:
            client.shares.release(self.share_id)


def feedback_view(answer: Answer, *, share: str | None = None) -> discord.ui.View:
    """👍 / 👎, and *Share in channel* for a private answer kept under ``share``."""
    view = discord.ui.View(timeout=None)
    if answer.query_id is not None and answer.status != "error":
        view.add_item(FeedbackButton("up", answer.query_id))
        view.add_item(FeedbackButton("down", answer.query_id))
    if share is not None:
        view.add_item(ShareButton(share))
    return view


def without_mentions(text: str) -> str:
    """A message's text as a question: user mentions (the bot's among them) name nobody the articles know."""
    return _MENTION.sub(" ", text).strip()


def origin(guild: int | None, user: int) -> str:
    return f"discord:{guild or 'dm'}/{user}"


def client_of(interaction: discord.Interaction) -> FactCheckBot:
    """The bot an interaction came to, typed: discord.py types ``interaction.client`` as a plain client."""
    return cast("FactCheckBot", interaction.client)
