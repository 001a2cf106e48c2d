"""The Slack adapter: ``/factcheck``, @mentions and answer buttons, on slack-bolt.

Slack drops a request that is not acknowledged within 3 seconds, so every
listener acknowledges first and answers after: a slash command through its
``response_url``, a mention with ``chat.postMessage`` in the message's thread.
Bolt's signature check stays on (the app is never built with it disabled).
Slack retries an event it thinks was lost; answered event ids are remembered so
a retry never produces a second answer. Replies go out through
``adapters.slack_delivery``: retried on 429, 5xx and lost connections by the
client's handlers, and logged when they still fail.

A private answer's *Share in channel* button carries the id under which the
answer is kept (``bot.shares``): pressing it posts that answer, once, and counts
against the presser's rate limit as a question does. It is posted through the
button's ``response_url``, which works where the bot is no member (a channel it
was never invited to, a direct message between people), and with
``chat.postMessage`` when that fails.
"""

from __future__ import annotations

import html
import re
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from adapters.asking import Checker, ask_safely
from adapters.drain import Work
from adapters.slack_blocks import HELPFUL, SHARE, UNHELPFUL, render_blocks
from adapters.slack_delivery import post_ephemeral, post_message, respond
from adapters.slack_payloads import AppMention, BlockActions, ButtonAction, EventEnvelope, SlashCommand
from adapters.slack_redaction import redact_response_urls
from bot import messages
from bot.shares import Refusal, SharedAnswers

_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")
_PRIVATE = re.compile(r"^private\b\s*", re.IGNORECASE)
_REMEMBERED_EVENTS = 10_000


def build_slack_app(
    checker: Checker,
    *,
    client: AsyncWebClient,
    signing_secret: str,
    shares: SharedAnswers | None = None,
    work: Work | None = None,
) -> AsyncApp:
    """A Bolt app answering from ``checker``. ``client`` carries the bot token, the API URL and the retry
    handlers (see ``adapters.slack_retries.slack_web_client``); every reply uses them, ``response_url`` posts too.
    ``shares`` keeps private answers for their Share buttons. Every listener runs as ``work``, so that a
    stopping process delivers what it acknowledged."""
    redact_response_urls()
    app = AsyncApp(client=client, signing_secret=signing_secret)
    work = work if work is not None else Work()
    answered: OrderedDict[str, None] = OrderedDict()
    shares = SharedAnswers() if shares is None else shares

    @app.command("/factcheck")
    @work.tracked
    async def on_command(ack: Any, command: SlashCommand, client: AsyncWebClient) -> None:
        private, question = parse_command(command.get("text") or "")
        if not question or question.lower() == "help":
            await ack(response_type="ephemeral", text=messages.USAGE)
            return
        asker = _origin(command.get("team_id"), command.get("user_id"))
        if not checker.admit(user=asker, channel=_origin(command.get("team_id"), command.get("channel_id"))):
            await ack(response_type="ephemeral", text=messages.RATE_LIMITED)
            return
        await ack()
        answer = await ask_safely(checker, question, origin=asker)
        blocks, text = render_blocks(answer, share=shares.keep(answer) if private else None)
        response_type = "ephemeral" if private else "in_channel"
        await respond(client, command["response_url"], blocks=blocks, text=text, response_type=response_type)

    @app.event("app_mention")
    @work.tracked
    async def on_mention(body: EventEnvelope, event: AppMention, client: AsyncWebClient) -> None:
        event_id = body.get("event_id") or f"{event.get('channel')}/{event.get('ts')}"
        if event_id in answered:
            return
        answered[event_id] = None
        while len(answered) > _REMEMBERED_EVENTS:
            answered.popitem(last=False)
        question = _unescape(_MENTION.sub(" ", event.get("text") or "")).strip()
        thread = event.get("thread_ts") or event["ts"]
        if not question or question.lower() == "help":
            await post_message(client, channel=event["channel"], thread=thread, blocks=[], text=messages.USAGE)
            return
        asker = _origin(body.get("team_id"), event.get("user"))
        if not checker.admit(user=asker, channel=_origin(body.get("team_id"), event.get("channel"))):
            await post_ephemeral(client, channel=event["channel"], user=event["user"], text=messages.RATE_LIMITED)
            return
        answer = await ask_safely(checker, question, origin=asker)
        blocks, text = render_blocks(answer)
        await post_message(client, channel=event["channel"], thread=thread, blocks=blocks, text=text)

    @work.tracked
    async def on_feedback(ack: Any, body: BlockActions, action: ButtonAction, client: AsyncWebClient) -> None:
        await ack()
        user = _origin(body.get("team", {}).get("id"), body.get("user", {}).get("id"))
        try:
            recorded = await checker.record_feedback(int(action["value"]), user, helpful=action["action_id"] == HELPFUL)
        except (ValueError, KeyError):
            recorded = False
        await _tell(client, body["response_url"], messages.FEEDBACK_THANKS if recorded else messages.FEEDBACK_LOST)

    app.action(HELPFUL)(on_feedback)
    app.action(UNHELPFUL)(on_feedback)

    @app.action(SHARE)
    @work.tracked
    async def on_share(ack: Any, body: BlockActions, action: ButtonAction, client: AsyncWebClient) -> None:
        await ack()
        share_id, response_url = str(action.get("value") or ""), body["response_url"]
        team, channel = body.get("team", {}).get("id"), body["channel"]["id"]
        answer = shares.take(share_id)
        if isinstance(answer, Refusal):
            await _tell(client, response_url, answer.value)
            return
        if not checker.admit(user=_origin(team, body.get("user", {}).get("id")), channel=_origin(team, channel)):
            shares.release(share_id)
            await _tell(client, response_url, messages.SHARE_RATE_LIMITED)
            return
        blocks, text = render_blocks(answer)
        shared = await respond(
            client, response_url, blocks=blocks, text=text, response_type="in_channel", replace_original=False
        ) or await post_message(client, channel=channel, thread=None, blocks=blocks, text=text)
        if not shared:
            shares.release(share_id)

    return app


async def _tell(client: AsyncWebClient, response_url: str, text: str) -> None:
    """A note only the person who pressed a button sees."""
    await respond(client, response_url, text=text, response_type="ephemeral", replace_original=False)


def parse_command(text: str) -> tuple[bool, str]:
    """Split ``/factcheck private <question>`` into (private, question)."""
    question = _unescape(text).strip()
    private = bool(_PRIVATE.match(question))
    return private, _PRIVATE.sub("", question, count=1) if private else question


def _origin(team: str | None, user: str | None) -> str:
    return f"slack:{team or '?'}/{user or '?'}"


def _unescape(text: str) -> str:
    """Slack sends ``&``, ``<`` and ``>`` in message text as entities; the question is what was typed."""
    return html.unescape(text) if "&" in text else text


def slack_api_url(env: Mapping[str, str]) -> str | None:
    """``SLACK_API_URL`` in slack_sdk's form, which needs the trailing slash."""
    url = env.get("SLACK_API_URL", "").strip()
    return (url if url.endswith("/") else url + "/") if url else None
