"""The Discord adapter: ``/factcheck`` and @mentions, on discord.py.

Discord drops an interaction not answered within 3 seconds, so the slash
command defers at once and follows up with the answer (the follow-up token
lives 15 minutes). The bot asks for no privileged intent: a message that
mentions the bot carries its text without the message-content intent, and a
bot that asks for an intent the portal has not granted cannot connect at all.
Every message goes out with ``allowed_mentions`` set to nothing. Only the
servers in ``DISCORD_GUILDS`` are served (``adapters.discord_guilds``). Answers
go out through ``Redelivery`` (``adapters.discord_delivery``), which retries
what discord.py does not and logs what still fails. A private answer's *Share in
channel* button posts the answer kept for it (``bot.shares``), once, as the
button's interaction response, and counts against the presser's rate limit.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Coroutine, Sequence
from typing import Any, ParamSpec, cast

import discord
from discord import app_commands
from discord.utils import MISSING

from adapters.asking import Checker, ask_safely
from adapters.discord_delivery import Redelivery
from adapters.discord_embeds import render_embeds
from adapters.discord_guilds import ServedCommandTree, ServedGuilds, leave_unless_served, refuse_unless_served
from adapters.drain import Work
from bot import messages
from bot.answers import Answer
from bot.shares import Refusal, SharedAnswers

NO_PINGS = discord.AllowedMentions.none()
_MENTION = re.compile(r"<@!?\d+>")
_P = ParamSpec("_P")


def as_work(handler: Callable[_P, Coroutine[Any, Any, None]]) -> Callable[_P, Coroutine[Any, Any, None]]:
    """Run an interaction's handler as the bot's ``work``, which a stopping process waits for; once
    stopping, the person is told to ask again. The wrapper keeps the handler's signature
    (``functools.wraps``), from which discord.py reads a slash command's options."""

    @functools.wraps(handler)
    async def run(*args: _P.args, **kwargs: _P.kwargs) -> None:
        interaction = next(arg for arg in args if isinstance(arg, discord.Interaction))
        work = cast(FactCheckBot, interaction.client).work
        if not work.taking:
            await interaction.response.send_message(messages.RESTARTING, ephemeral=True, allowed_mentions=NO_PINGS)
            return
        async with work.held():
            await handler(*args, **kwargs)

    return run


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
        return await refuse_unless_served(interaction, cast(FactCheckBot, interaction.client).served)

    @as_work
    async def callback(self, interaction: discord.Interaction) -> None:
        client = cast(FactCheckBot, interaction.client)
        user = _origin(interaction.guild_id, interaction.user.id)
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
        return await refuse_unless_served(interaction, cast(FactCheckBot, interaction.client).served)

    @as_work
    async def callback(self, interaction: discord.Interaction) -> None:
        client = cast(FactCheckBot, interaction.client)
        answer = client.shares.take(self.share_id)
        if isinstance(answer, Refusal):
            await interaction.response.send_message(answer.value, ephemeral=True, allowed_mentions=NO_PINGS)
            return
        asker = _origin(interaction.guild_id, interaction.user.id)
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


@app_commands.command(name="factcheck", description="Ask the newsroom's articles; get verbatim, sourced quotes")
@app_commands.describe(
    question="What to check, e.g. who denied the arms deal?",
    private="Show the answer only to you (default: everyone in the channel sees it)",
)
@as_work
async def factcheck(interaction: discord.Interaction, question: str, private: bool = False) -> None:
    """Answer a question from the newsroom's articles."""
    client = cast(FactCheckBot, interaction.client)
    asker = _origin(interaction.guild_id, interaction.user.id)
    if not client.checker.admit(user=asker, channel=f"discord:{interaction.channel_id}"):
        await interaction.response.send_message(messages.RATE_LIMITED, ephemeral=True, allowed_mentions=NO_PINGS)
        return
    await interaction.response.defer(ephemeral=private, thinking=True)
    answer = await ask_safely(client.checker, question, origin=asker)
    content, embeds = render_embeds(answer)
    view = feedback_view(answer, share=client.shares.keep(answer) if private else None)
    await client.redelivery.send(
        "follow-up answer",
        lambda: interaction.followup.send(
            content=content, embeds=embeds, view=view, ephemeral=private, allowed_mentions=NO_PINGS
        ),
        webhook=True,
    )


class FactCheckBot(discord.Client):
    """A discord.py client answering from ``checker``: one slash command and mentions."""

    def __init__(
        self,
        checker: Checker,
        *,
        guild_id: int | None = None,
        served: ServedGuilds | None = None,
        redelivery: Redelivery | None = None,
        shares: SharedAnswers | None = None,
        work: Work | None = None,
    ) -> None:
        # No message cache: the bot answers the message in hand and never looks back,
        # and a cache of a thousand messages with their authors only grew with use.
        super().__init__(intents=discord.Intents.default(), allowed_mentions=NO_PINGS, max_messages=None)
        self.checker = checker
        self.redelivery = redelivery or Redelivery()
        self.served = served or ServedGuilds()
        self.shares = SharedAnswers() if shares is None else shares
        self.work = work if work is not None else Work()
        self.tree = ServedCommandTree(self, self.served)
        self.tree.add_command(factcheck)
        self._guild = discord.Object(id=guild_id) if guild_id else None

    async def setup_hook(self) -> None:
        """Register the buttons and sync the command: to one guild for instant updates
        while testing, globally otherwise."""
        self.add_dynamic_items(FeedbackButton, ShareButton)
        if self._guild is not None:
            self.tree.copy_global_to(guild=self._guild)
        await self.tree.sync(guild=self._guild)

    async def on_guild_available(self, guild: discord.Guild) -> None:
        await leave_unless_served(guild, self.served)

    async def on_guild_join(self, guild: discord.Guild) -> None:
        await leave_unless_served(guild, self.served)

    async def connected(self) -> bool:
        """Whether the gateway is up: READY received and its connection open."""
        return self.is_ready() and not self.is_closed() and self.ws is not None and self.ws.open

    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or self.user is None or self.user not in message.mentions or not self.work.taking:
            return
        # A message from a server not yet in the cache has no ``guild``; its channel still knows the id.
        guild_id = message.guild.id if message.guild else getattr(message.channel, "guild_id", None)
        if not self.served.serves(guild_id):
            return
        async with self.work.held():
            await self._answer_mention(message, guild_id)

    async def _answer_mention(self, message: discord.Message, guild_id: int | None) -> None:
        question = _MENTION.sub(" ", message.content).strip()
        if not question or question.lower() == "help":
            await self._reply(message, "usage reply", content=messages.USAGE_DISCORD)
            return
        asker = _origin(guild_id, message.author.id)
        if not self.checker.admit(user=asker, channel=f"discord:{message.channel.id}"):
            # Only a direct message is private on Discord. Many people refuse them: a refusal is
            # logged at INFO, since at a higher level every refused question would add a line.
            await self.redelivery.send(
                f"rate-limit notice by direct message to {asker}",
                lambda: message.author.send(messages.RATE_LIMITED, allowed_mentions=NO_PINGS),
                webhook=False,
                level=logging.INFO,
            )
            return
        answer = await ask_safely(self.checker, question, origin=asker)
        content, embeds = render_embeds(answer)
        await self._reply(message, "answer reply", content=content, embeds=embeds, view=feedback_view(answer))

    async def _reply(
        self,
        message: discord.Message,
        what: str,
        *,
        content: str,
        embeds: Sequence[discord.Embed] = MISSING,
        view: discord.ui.View = MISSING,
    ) -> None:
        """Reply to ``message``. The nonce is the message's id, and Discord keeps only the first message
        with a given nonce (``enforce_nonce``), so a retry after a lost connection cannot post twice."""
        await self.redelivery.send(
            f"{what} to message {message.id}",
            lambda: message.reply(
                content=content,
                embeds=embeds,
                view=view,
                nonce=message.id,
                allowed_mentions=NO_PINGS,
                mention_author=False,
            ),
            webhook=False,
        )


def _origin(guild: int | None, user: int) -> str:
    return f"discord:{guild or 'dm'}/{user}"
