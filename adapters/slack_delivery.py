"""Sending a reply to Slack so that a failure is reported, never lost.

The client's retry handlers (``adapters.slack_retries``) try a call again
first. Bolt's own ``respond()`` builds a webhook client with slack_sdk's default
handlers (connection errors only) and returns a failed post's status without
raising, so a 429 or 5xx on a ``response_url`` would vanish; ``respond`` here
posts with the Web API client's handlers and checks the status. What still
fails is logged with Slack's status and error code, never the token nor the
``response_url`` (anyone holding it can post as the app for 30 minutes), and
the listener returns normally: one lost reply must not stop the bot serving.
Each function says whether its post got through, for a caller with another
way to deliver it.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from typing import Any, TypeVar

from aiohttp import ClientError
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

log = logging.getLogger(__name__)
T = TypeVar("T")


async def post_message(
    client: AsyncWebClient, *, channel: str, thread: str | None, blocks: list[dict[str, Any]], text: str
) -> bool:
    sent = await _reported(
        f"chat.postMessage to {channel}",
        client.chat_postMessage(
            channel=channel, thread_ts=thread, blocks=blocks or None, text=text, unfurl_links=False, unfurl_media=False
        ),
    )
    return sent is not None


async def post_ephemeral(client: AsyncWebClient, *, channel: str, user: str, text: str) -> None:
    await _reported(
        f"chat.postEphemeral to {user} in {channel}", client.chat_postEphemeral(channel=channel, user=user, text=text)
    )


async def respond(
    client: AsyncWebClient,
    response_url: str,
    *,
    text: str,
    blocks: list[dict[str, Any]] | None = None,
    response_type: str | None = None,
    replace_original: bool | None = None,
) -> bool:
    """Post to a slash command's or button's ``response_url``, as Bolt's ``respond()`` would."""
    webhook = AsyncWebhookClient(
        url=response_url,
        timeout=client.timeout,
        ssl=client.ssl,
        proxy=client.proxy,
        session=client.session,
        retry_handlers=client.retry_handlers,
    )
    body = {
        "text": text,
        "blocks": blocks or None,
        "response_type": response_type,
        "replace_original": replace_original,
    }
    response = await _reported("response_url post", webhook.send_dict(body), hide=response_url)
    if response is not None and response.status_code != 200:
        log.error("Slack response_url post failed: HTTP %s %s", response.status_code, (response.body or "")[:200])
    return response is not None and response.status_code == 200


async def _reported(what: str, call: Awaitable[T], *, hide: str = "") -> T | None:
    """``call``'s result, or None once its failure is logged; ``hide`` is cut from the error text."""
    try:
        return await call
    except SlackApiError as exc:
        log.error("Slack %s failed: %s", what, _describe(exc))
    except (ClientError, TimeoutError) as exc:
        detail = str(exc).replace(hide, "<response_url>") if hide else str(exc)
        log.error("Slack %s failed: %s", what, f"{type(exc).__name__} {detail}".rstrip())
    return None


def _describe(exc: SlackApiError) -> str:
    """Slack's status and error code, without the request (its headers hold the token)."""
    response = exc.response
    error = response.data.get("error") if isinstance(response.data, dict) else None
    return f"HTTP {response.status_code} {error or ''}".rstrip()
