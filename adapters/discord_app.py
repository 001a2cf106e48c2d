"""The Discord adapter: its commands (``adapters.discord_commands``), @mentions, direct messages and
follow-ups in conversations (``adapters.discord_conversations``), on discord.py.

The bot asks for no privileged intent: Discord delivers the text of a message that
mentions the bot, of a direct message to it, and of a message its *Fact-check* menu
is used on without the message-content intent, and a bot that asks for an intent the
portal has not granted cannot connect at all. Direct messages arrive through the
``dm_messages`` intent, which discord.py's default intents include. Every message goes
out with ``allowed_mentions`` set to nothing. Only the servers in ``DISCORD_GUILDS``
are served (``adapters.discord_guilds``); direct messages are. Answers go out through
``Redelivery`` (``adapters.discord_delivery``), which retries what discord.py does not
and logs what still fails.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import discord
from discord.utils import MISSING

from adapters.asking import Checker, ask_safely, follow_up_safely, start_conversation_safely
from adapters.conversation_turns import Turns
from adapters.discord_commands import COMMANDS
from adapters.discord_conversations import DIRECT, THREAD, Addressed, addressed, answer_key, opening_sentence
from adapters.discord_delivery import Redelivery
from adapters.discord_embeds import render_embeds
from adapters.discord_guilds import ServedCommandTree, ServedGuilds, leave_unless_served
from adapters.discord_interactions import NO_PINGS, FeedbackButton, ShareButton, feedback_view, origin, without_mentions
from adapters.discord_redaction import redact_interaction_tokens
from adapters.drain import Work
from adapters.log_privacy import withhold_message_text
from bot import messages
from bot.shares import SharedAnswers
from bot.thread_messages import is_stop

_ANSWERED_TYPES = (discord.MessageType.default, discord.MessageType.reply)
"""What a person writes; a pin, a call or another system message in a direct message is not a question."""


class FactCheckBot(discord.Client):
    """A discord.py client answering from ``checker``: its commands, mentions and direct messages."""

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
        self.turns = Turns()
        self.tree = ServedCommandTree(self, self.served)
        for command in COMMANDS:
            self.tree.add_command(command)
        self._guild = discord.Object(id=guild_id) if guild_id else None
        withhold_message_text()
        redact_interaction_tokens()

    async def setup_hook(self) -> None:
        """Register the buttons and sync the commands: to one guild for instant updates
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
        """Answer a message meant for the bot (``adapters.discord_conversations``); never a bot's,
        so the bot cannot answer its own replies."""
        if message.author.bot or self.user is None or not self.work.taking or message.type not in _ANSWERED_TYPES:
            return
        # A message from a server not yet in the cache has no ``guild``; its channel still knows the id.
        guild_id = message.guild.id if message.guild else getattr(message.channel, "guild_id", None)
        if not self.served.serves(guild_id):
            return
        how = addressed(message, self.user, self.checker.conversation_active)
        if how is None:
            return
        async with self.work.held(), self.turns.taken(how.key):
            await self._answer_message(message, guild_id, how)

    async def _answer_message(self, message: discord.Message, guild_id: int | None, how: Addressed) -> None:
        """Answer in the conversation's turn, so that its answers go out in the order its messages came."""
        question = without_mentions(message.content)
        if not question or question.lower() == "help":
            await self._reply(message, "usage reply", content=messages.USAGE_DISCORD)
            return
        if is_stop(message.content):
            await self.checker.end_conversation(how.key)
            ended = messages.DIRECT_CONVERSATION_ENDED if how.key.thread == DIRECT else messages.CONVERSATION_ENDED
            await self._reply(message, "stop reply", content=ended)
            return
        if how.follow_up and how.key.thread != DIRECT and not self.checker.conversation_active(how.key):
            return  # ended (``stop``) while this message waited for its turn
        asker = origin(guild_id, message.author.id)
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
        if how.follow_up:
            # Outside threads its answer replies to this message, and a reply to that answer
            # goes on from it, while another reply to the answer before is read against that one.
            branch = answer_key(message) if how.key.thread not in (THREAD, DIRECT) else None
            answer = await follow_up_safely(self.checker, how.key, question, origin=asker, keep_at=branch)
        else:
            answer = await ask_safely(self.checker, question, origin=asker)
            answer = await start_conversation_safely(self.checker, how.key, answer, origin=asker)
        content, embeds = render_embeds(answer, conversation=opening_sentence(how.key))
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
