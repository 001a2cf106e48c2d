"""Why ``factcheck serve`` cannot start, in one line, and the exit status a supervisor acts on.

    ConfigError (bot.errors)   a setting is wrong, a token refused: exit 78 (EX_CONFIG),
                               which a supervisor should not restart (systemd's
                               ``RestartPreventExitStatus=78``): it would fail again
    StartupError               a port in use, a platform's API out of reach: exit 1,
                               which a supervisor may retry, since it can pass

A token is named by its variable, never shown.
"""

from __future__ import annotations

import errno

from aiohttp import web

from bot import messages
from bot.errors import ConfigError, FactCheckError

EX_CONFIG = 78


class StartupError(FactCheckError):
    """The service cannot start for a reason that may pass (exit status 1)."""


def refused_token(platform: str, variable: str, detail: str, fix: str) -> ConfigError:
    """``fix`` says where to get the token again."""
    return ConfigError(messages.TOKEN_REFUSED.format(platform=platform, variable=variable, detail=detail, fix=fix))


def unreachable(platform: str, url: str, exc: BaseException) -> StartupError:
    reason = str(exc) or type(exc).__name__
    return StartupError(messages.API_UNREACHABLE.format(platform=platform, url=url, reason=reason))


async def start_site(site: web.TCPSite, *, host: str | None, port: int, option: str) -> None:
    """Start listening; a port in use or an address that cannot be had is one line naming ``option``."""
    try:
        await site.start()
    except OSError as exc:
        where = messages.LISTENING_ON.format(port=port, host=host or messages.ALL_INTERFACES)
        if exc.errno == errno.EADDRINUSE:
            raise StartupError(messages.PORT_IN_USE.format(where=where, option=option)) from None
        raise StartupError(messages.CANNOT_LISTEN.format(where=where, reason=exc.strerror or exc)) from None
