"""Keep Slack's ``response_url`` out of the log.

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
"""

from __future__ import annotations

import re

from adapters.log_privacy import TextRewrite, filter_loggers

RESPONSE_URL = re.compile(r"https?://[^\s/]+/(?:commands|actions)/[^\s/]+/[^\s/]+/[^\s'\"<>,;)]+")
REDACTED = "<response_url>"
# The loggers slack_sdk's webhook clients (async and sync) write to; both post to response URLs.
WEBHOOK_LOGGERS = ("slack_sdk.webhook.async_client", "slack_sdk.webhook.client")


class RedactResponseUrls(TextRewrite):
    def rewritten(self, message: str) -> str:
        return RESPONSE_URL.sub(REDACTED, message)


def redact_response_urls() -> None:
    """Put the filter on slack_sdk's webhook loggers; once, however often it is called."""
    filter_loggers(WEBHOOK_LOGGERS, RedactResponseUrls)
