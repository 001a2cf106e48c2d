"""Keep Slack's ``response_url``, and the text of Slack messages, out of the log.

A response URL lets whoever holds it post as the app in its conversation for
30 minutes: it is a bearer credential. slack_sdk's webhook client writes it to
the log itself, at INFO each time a post is retried ("A retry handler found:
ServerErrorRetry for POST https://hooks.slack.com/commands/..."), and at DEBUG
with every request, so at ``-v`` one 5xx or 429 on a reply was enough. The
filter rewrites those records with the URL replaced by ``<response_url>``,
recognised by its shape (``/commands/TEAM/ID/SECRET`` or ``/actions/...``, on
any host, so a proxy in front of Slack is covered too). A logger's filter runs
before any handler sees the record, so every handler and format gets the
redacted text. The bot's own error lines never carry the URL in the first
place (see ``adapters.slack_delivery``).

The bot receives every message of the channels it is in, to find the follow-ups
in its threads, and keeps none of the others: not in the log either, at any
level. At DEBUG, slack_sdk's Socket Mode client writes each envelope it receives
("Received message (type: TEXT, data: '{...}')"), Bolt each of the bot's own
messages it skips, and the Web API and webhook clients each request's arguments
and each answer's body (the bot's answers, which repeat the question). Those
records keep their first words, which say what happened, and lose the rest.
"""

from __future__ import annotations

import logging
import re

RESPONSE_URL = re.compile(r"https?://[^\s/]+/(?:commands|actions)/[^\s/]+/[^\s/]+/[^\s'\"<>,;)]+")
REDACTED = "<response_url>"
# The loggers slack_sdk's webhook clients (async and sync) write to; both post to response URLs.
WEBHOOK_LOGGERS = ("slack_sdk.webhook.async_client", "slack_sdk.webhook.client")
# Where a message's text is written: Bolt's app logger (the Socket Mode client's too, as Bolt builds
# it), Bolt's self-event filter, and the Web API clients (the bot's own is built without a logger).
PAYLOAD_LOGGERS = (
    "slack_bolt.AsyncApp",
    "slack_bolt.IgnoringSelfEvents",
    "slack_sdk.web.async_base_client",
    *WEBHOOK_LOGGERS,
)
WITHHELD = " [the rest withheld: it may hold a message's text]"
# What stays of a record that carries a payload: the words before it.
_PAYLOAD_RECORDS = re.compile(
    r"Received message \(type: \w+"
    r"|Skipped self event"
    r"|Sending a request - url: (?:\w+ )?\S+?(?=,|$)"
    r"|Received the following response - status: \d+"
)


class RedactResponseUrls(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:
            # A malformed record is the handler's to report; a filter that raised would
            # break the slack_sdk call that logged it.
            return True
        redacted = RESPONSE_URL.sub(REDACTED, message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


class WithholdMessageText(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not isinstance(record.msg, str) or (kept := _PAYLOAD_RECORDS.match(record.msg)) is None:
            return True
        if kept.end() < len(record.msg):
            record.msg, record.args = kept.group() + WITHHELD, None
        return True


def redact_slack_logs() -> None:
    """Put the filters on slack_sdk's and Bolt's loggers; once, however often it is called."""
    for names, kind in ((PAYLOAD_LOGGERS, WithholdMessageText), (WEBHOOK_LOGGERS, RedactResponseUrls)):
        for name in names:
            logger = logging.getLogger(name)
            if not any(isinstance(f, kind) for f in logger.filters):
                logger.addFilter(kind())
