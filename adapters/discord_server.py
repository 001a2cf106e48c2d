"""Run the Discord bot, configured from the environment (or ``.env``), read once at start-up.

``DISCORD_API_BASE`` and ``DISCORD_GATEWAY_URL`` point discord.py at REST and
gateway proxies (which share rate limits and connections across processes) or,
in tests, at loopback fakes. discord.py reads both from class attributes, so
they are set once here, at start-up, before anything connects.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

import discord
import yarl
from aiohttp import ClientError
from discord.gateway import DiscordWebSocket

from adapters.asking import Checker
from adapters.discord_app import FactCheckBot
from adapters.discord_guilds import ServedGuilds, server_id
from adapters.drain import Work
from adapters.health import Health
from adapters.startup_errors import StartupError, refused_token, unreachable
from bot import messages
from bot.errors import ConfigError
from bot.settings import Secret

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DiscordConfig:
    token: Secret
    guild_id: int | None
    """Where to sync the slash command for instant updates while testing; also the one server
    served when DISCORD_GUILDS is unset."""
    served: ServedGuilds
    api_base: str | None
    gateway_url: str | None

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> DiscordConfig:
        token = env.get("DISCORD_TOKEN", "").strip()
        if not token:
            raise ConfigError(messages.NEEDS_SETTINGS.format(platform="Discord", names="DISCORD_TOKEN"))
        guild_id, served = server_id(env, "DISCORD_GUILD_ID"), ServedGuilds.from_env(env)
        if not served.serves(guild_id):
            raise ConfigError(messages.GUILD_NOT_SERVED.format(guild_id=guild_id))
        return cls(
            token=Secret(token),
            guild_id=guild_id,
            served=served,
            api_base=env.get("DISCORD_API_BASE", "").strip().rstrip("/") or None,
            gateway_url=env.get("DISCORD_GATEWAY_URL", "").strip() or None,
        )

    def apply_endpoints(self) -> None:
        """Send discord.py's REST calls and its gateway connection where configured."""
        if self.api_base:
            discord.http.Route.BASE = self.api_base
        if self.gateway_url:
            DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.gateway_url)


async def serve_discord(
    checker: Checker, config: DiscordConfig, *, work: Work | None = None, health: Health | None = None
) -> None:
    """Connect and serve until cancelled.

    Logging in comes first, so that a refused token or an API out of reach ends
    the start in one line (``adapters.startup_errors``). With ``reconnect=True``
    discord.py then replaces a lost gateway itself (``Client.connect``): it
    RESUMEs after any close but the fatal ones (4004 bad token, 4010-4014 bad
    shard or intents), IDENTIFYs again when Discord invalidates the session, and
    backs off exponentially while the network is down. Once ``work`` stops taking
    events the bot ignores new ones; cancelling closes the gateway and the client."""
    config.apply_endpoints()
    async with FactCheckBot(checker, guild_id=config.guild_id, served=config.served, work=work) as bot:
        if health is not None:
            health.watch("discord", bot.connected)
        try:
            await bot.login(config.token.value)
        except discord.LoginFailure:
            raise refused_token("Discord", "DISCORD_TOKEN", "401 Unauthorized", messages.DISCORD_TOKEN_AGAIN) from None
        except discord.HTTPException as exc:
            url, detail = discord.http.Route.BASE, f"HTTP {exc.status}"
            raise StartupError(
                messages.API_FAILED_AT_START.format(platform="Discord", url=url, detail=detail)
            ) from None
        except (ClientError, OSError) as exc:
            raise unreachable("Discord", discord.http.Route.BASE, exc) from None
        log.warning("serving Discord")
        if config.served.ids is None:
            log.warning(
                "Discord: serving any server that invites the bot; set DISCORD_GUILDS to the newsroom's server ids"
            )
        try:
            await bot.connect(reconnect=True)
        except discord.PrivilegedIntentsRequired as exc:
            raise ConfigError(messages.INTENT_REFUSED) from exc
