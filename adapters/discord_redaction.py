"""Keep Discord's interaction tokens out of the log.

An interaction's token lets whoever holds it answer that interaction as the bot,
and post follow-ups, for 15 minutes: it is a bearer credential, and it is part
of the URL of every answer to a slash command or button (``/interactions/ID/TOKEN/
callback``, ``/webhooks/APP/TOKEN``). discord.py writes those URLs to the log: at
DEBUG with every request (``discord.http``; ``discord.webhook.async_``, which
sends the interaction answers) and at WARNING when a request is rate limited. The
filter rewrites those records with the token replaced by ``<token>``; the route
stays, so the line still says what was sent. A logger's filter runs before any
handler sees the record, so every handler and format gets the redacted text.
"""

from __future__ import annotations

import re

from adapters.log_privacy import TextRewrite, filter_loggers

TOKEN_IN_URL = re.compile(r"(/(?:interactions|webhooks)/\d+/)[^\s/'\"<>,;)?]+")
REDACTED = r"\1<token>"
LOGGERS = ("discord.http", "discord.webhook.async_")


class RedactInteractionTokens(TextRewrite):
    def rewritten(self, message: str) -> str:
        return TOKEN_IN_URL.sub(REDACTED, message)


def redact_interaction_tokens() -> None:
    """Put the filter on discord.py's HTTP loggers; once, however often it is called."""
    filter_loggers(LOGGERS, RedactInteractionTokens)
