"""Which Discord servers the bot serves, and what it does about the others.

Anyone can invite a public bot to a server of their own and read the archive
through it. ``DISCORD_GUILDS`` (server ids, comma-separated; when unset,
``DISCORD_GUILD_ID`` if that is set) names the servers it serves. It leaves any
other server as soon as discord.py reports it, at start-up
(``on_guild_available``) or when invited (``on_guild_join``), with one log line
each. An interaction from elsewhere can still arrive before the bot has left,
or from a server it was never in (a user-installed app): it gets an ephemeral
refusal at once, well within Discord's 3 seconds. Direct messages are served:
Discord lets only people who share a server with the bot open one, so once the
bot is only in allowed servers, only their members can.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass

import discord
from discord import app_commands

from bot import messages
from bot.errors import ConfigError

log = logging.getLogger(__name__)
_SERVER_ID = re.compile(r"[0-9]{1,20}")


@dataclass(frozen=True, slots=True)
class ServedGuilds:
    """The servers the bot serves; ``ids`` None serves any server."""

    ids: frozenset[int] | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> ServedGuilds:
        raw = env.get("DISCORD_GUILDS", "").strip()
        if not raw:
            single = server_id(env, "DISCORD_GUILD_ID")
            return cls(frozenset({single}) if single is not None else None)
        listed = [part.strip() for part in raw.split(",") if part.strip()]
        wrong = next((part for part in listed if not _SERVER_ID.fullmatch(part)), None)
        if wrong is not None or not listed:
            raise ConfigError(messages.SERVER_IDS_SETTING.format(name="DISCORD_GUILDS", wrong=wrong or raw))
        return cls(frozenset(int(part) for part in listed))

    def serves(self, guild_id: int | None) -> bool:
        """Whether to answer what comes from ``guild_id`` (None: a direct message)."""
        return guild_id is None or self.ids is None or guild_id in self.ids


def server_id(env: Mapping[str, str], name: str) -> int | None:
    raw = env.get(name, "").strip()
    if raw and not _SERVER_ID.fullmatch(raw):
        raise ConfigError(messages.SERVER_ID_SETTING.format(name=name, raw=raw))
    return int(raw) if raw else None


async def leave_unless_served(guild: discord.Guild, served: ServedGuilds) -> None:
    if served.serves(guild.id):
        return
    try:
        await guild.leave()
    except discord.HTTPException as exc:
        log.error(
            "could not leave Discord server %r (%d), which DISCORD_GUILDS does not list: %s", guild.name, guild.id, exc
        )
    else:
        log.warning("left Discord server %r (%d): DISCORD_GUILDS does not list it", guild.name, guild.id)


async def refuse_unless_served(interaction: discord.Interaction, served: ServedGuilds) -> bool:
    """True to go on; False once the refusal is sent. Nothing is looked up first, so the
    refusal goes out as fast as an acknowledgement."""
    if served.serves(interaction.guild_id):
        return True
    if interaction.type is discord.InteractionType.autocomplete:
        return False  # an autocomplete cannot carry a message
    await interaction.response.send_message(
        messages.NOT_SET_UP_HERE, ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
    )
    return False


class ServedCommandTree(app_commands.CommandTree[discord.Client]):
    """A command tree that answers slash commands only from the servers it serves."""

    def __init__(self, client: discord.Client, served: ServedGuilds) -> None:
        super().__init__(client)
        self.served = served

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        return await refuse_unless_served(interaction, self.served)
