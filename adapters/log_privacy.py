"""Keep the text of chat messages out of the log, at every level, the libraries' debug lines included.

The bot receives every message of the Slack channels it is in, to find the
follow-ups in its threads, and on Discord every message that pings it; it keeps
none of those it does not answer, and none of them reaches the log either. At
DEBUG the libraries write what they receive and send: slack_sdk's Socket Mode
client each envelope ("Received message (type: TEXT, data: '{...}')"), Bolt each
of the bot's own messages it skips, slack_sdk's Web API and webhook clients each
request's arguments and each answer's body (the bot's answers repeat the
question), discord.py each gateway event and each REST call's body and answer.
Those records keep their first words, which say what happened, and lose the
rest. A logger's filter runs before any handler sees the record, so every
handler and format gets the shortened text.
"""

from __future__ import annotations

import logging
import re

WITHHELD = " [the rest withheld: it may hold a message's text]"
LOGGERS = (
    # Bolt's app logger, which the Socket Mode client Bolt builds writes to as well.
    "slack_bolt.AsyncApp",
    "slack_bolt.IgnoringSelfEvents",
    # The Web API client's logger when it is built without one, as the bot builds it.
    "slack_sdk.web.async_base_client",
    "slack_sdk.webhook.async_client",
    "slack_sdk.webhook.client",
    "discord.gateway",
    "discord.http",
)
# What stays of a record that carries a payload: the words before it.
_PAYLOAD_RECORDS = re.compile(
    r"Received message \(type: \w+"
    r"|Skipped self event"
    r"|Sending a request - url: (?:\w+ )?[^\s,]+"
    r"|Received the following response - status: \d+"
    r"|For Shard ID \S+: WebSocket Event"
    r"|(?:GET|POST|PUT|PATCH|DELETE) \S+(?= with | has received )"
)


class TextRewrite(logging.Filter):
    """A filter that rewrites a record's text (``rewritten``) and lets every record through."""

    def rewritten(self, message: str) -> str:
        raise NotImplementedError

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:
            # A malformed record is the handler's to report; a filter that raised would
            # break the library call that logged it.
            return True
        changed = self.rewritten(message)
        if changed != message:
            record.msg, record.args = changed, None
        return True


class WithholdMessageText(TextRewrite):
    def rewritten(self, message: str) -> str:
        kept = _PAYLOAD_RECORDS.match(message)
        return message if kept is None or kept.end() == len(message) else kept.group() + WITHHELD


def filter_loggers(names: tuple[str, ...], kind: type[TextRewrite]) -> None:
    """Put a ``kind`` filter on each logger named; once, however often it is called."""
    for name in names:
        logger = logging.getLogger(name)
        if not any(isinstance(f, kind) for f in logger.filters):
            logger.addFilter(kind())


def withhold_message_text() -> None:
    """Put the filter on the libraries' loggers."""
    filter_loggers(LOGGERS, WithholdMessageText)
