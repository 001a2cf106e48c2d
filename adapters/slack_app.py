"""The Slack adapter: ``/factcheck``, @mentions, direct messages, follow-ups in threads, the message
shortcut and buttons, on slack-bolt.

Slack drops a request that is not acknowledged within 3 seconds, so every
listener acknowledges first and answers after: a slash command and the
*Fact-check this message* shortcut through their ``response_url``, a mention
with ``chat.postMessage`` in the message's thread, a direct message in the
direct message (in no thread, unless it was written in one), a follow-up in its
thread (``adapters.slack_threads``, which also keeps a message retried or delivered
twice from being answered twice).
Bolt's signature check stays on (the app is never built with it disabled).
Replies go out through
``adapters.slack_delivery``: retried on 429, 5xx and lost connections by the
client's handlers, and logged when they still fail.

A private answer's *Share in channel* button carries the id under which the
answer is kept (``bot.shares``): pressing it posts that answer, once, and counts
against the presser's rate limit as a question does. It is posted through the
button's ``response_url``, which works where the bot is no member (a channel it
was never invited to, a direct message between people), and with
``chat.postMessage`` when that fails. The shortcut's private answer has a
*Share in thread* button instead, kept the same way: it posts in the thread of
the message fact-checked with ``chat.postMessage``, and where the bot may not
post, in the channel through the button's ``response_url``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from adapters.asking import Checker, ask_safely, check_message_safely, timeline_safely, verify_safely
from adapters.drain import Work
from adapters.log_privacy import withhold_message_text
from adapters.slack_blocks import HELPFUL, SHARE, SHARE_IN_THREAD, UNHELPFUL, render_blocks
from adapters.slack_commands import parse_command, unescape
from adapters.slack_delivery import post_message, respond
from adapters.slack_payloads import (
    AppMention,
    BlockActions,
    ButtonAction,
    EventEnvelope,
    MessageEvent,
    MessageShortcut,
    SlashCommand,
)
from adapters.slack_redaction import redact_response_urls
from adapters.slack_threads import MENTION, SlackConversations, origin
from bot import messages
from bot.shares import Refusal, SharedAnswers

FACTCHECK_MESSAGE = "factcheck_message"
"""The message shortcut's ``callback_id``, as in ``slack-app-manifest.yml``."""
Post = Callable[[list[dict[str, Any]], str], Awaitable[bool]]


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
    withhold_message_text()
    app = AsyncApp(client=client, signing_secret=signing_secret)
    work = work if work is not None else Work()
    conversations = SlackConversations(checker)
    shares = SharedAnswers() if shares is None else shares

    @app.command("/factcheck")
    @work.tracked
    async def on_command(ack: Any, command: SlashCommand, client: AsyncWebClient) -> None:
        asked = parse_command(command.get("text") or "")
        if not asked.text or asked.text.lower() == "help":
            await ack(response_type="ephemeral", text=messages.USAGE)
            return
        asker = origin(command.get("team_id"), command.get("user_id"))
        if not checker.admit(user=asker, channel=origin(command.get("team_id"), command.get("channel_id"))):
            await ack(response_type="ephemeral", text=messages.RATE_LIMITED)
            return
        await ack()
        if asked.verify:
            answer = await verify_safely(checker, asked.text, who=asked.who, origin=asker)
        elif asked.timeline:
            answer = await timeline_safely(checker, asked.text, origin=asker)
        else:
            answer = await ask_safely(checker, asked.text, origin=asker)
        blocks, text = render_blocks(answer, share=shares.keep(answer) if asked.private else None)
        response_type = "ephemeral" if asked.private else "in_channel"
        await respond(client, command["response_url"], blocks=blocks, text=text, response_type=response_type)

    @app.event("app_mention")
    @work.tracked
    async def on_mention(body: EventEnvelope, event: AppMention, client: AsyncWebClient) -> None:
        await conversations.mentioned(body, event, client)

    @app.event("message")
    @work.tracked
    async def on_message(
        body: EventEnvelope, event: MessageEvent, client: AsyncWebClient, context: AsyncBoltContext
    ) -> None:
        if event.get("channel_type") == "im":
            await conversations.direct_message(body, event, client)
        else:
            await conversations.channel_message(body, event, client, bot_user=context.bot_user_id)

    @work.tracked
    async def on_feedback(ack: Any, body: BlockActions, action: ButtonAction, client: AsyncWebClient) -> None:
        await ack()
        user = origin(body.get("team", {}).get("id"), body.get("user", {}).get("id"))
        try:
            recorded = await checker.record_feedback(int(action["value"]), user, helpful=action["action_id"] == HELPFUL)
        except (ValueError, KeyError):
            recorded = False
        await _tell(client, body["response_url"], messages.FEEDBACK_THANKS if recorded else messages.FEEDBACK_LOST)

    app.action(HELPFUL)(on_feedback)
    app.action(UNHELPFUL)(on_feedback)

    @app.message_shortcut(FACTCHECK_MESSAGE)
    @work.tracked
    async def on_message_shortcut(ack: Any, shortcut: MessageShortcut, client: AsyncWebClient) -> None:
        await ack()
        team, response_url, message = shortcut.get("team", {}).get("id"), shortcut["response_url"], shortcut["message"]
        checked = unescape(MENTION.sub(" ", message.get("text") or "")).strip()
        if not checked:
            await _tell(client, response_url, messages.NOTHING_TO_CHECK)
            return
        asker = origin(team, shortcut.get("user", {}).get("id"))
        if not checker.admit(user=asker, channel=origin(team, shortcut["channel"]["id"])):
            await _tell(client, response_url, messages.RATE_LIMITED)
            return
        answer = await check_message_safely(checker, checked, origin=asker)
        kept = shares.keep(answer)
        thread = message.get("thread_ts") or message["ts"]
        blocks, text = render_blocks(answer, share=kept and f"{kept} {thread}", in_thread=True)
        await respond(client, response_url, blocks=blocks, text=text, response_type="ephemeral")

    @app.action(SHARE)
    @work.tracked
    async def on_share(ack: Any, body: BlockActions, action: ButtonAction, client: AsyncWebClient) -> None:
        await ack()

        async def in_channel(blocks: list[dict[str, Any]], text: str) -> bool:
            return await _post_through(client, body, blocks, text) or await post_message(
                client, channel=body["channel"]["id"], thread=None, blocks=blocks, text=text
            )

        await share(body, str(action.get("value") or ""), in_channel, client)

    @app.action(SHARE_IN_THREAD)
    @work.tracked
    async def on_share_in_thread(ack: Any, body: BlockActions, action: ButtonAction, client: AsyncWebClient) -> None:
        await ack()
        share_id, _, thread = str(action.get("value") or "").partition(" ")

        async def in_thread(blocks: list[dict[str, Any]], text: str) -> bool:
            channel = body["channel"]["id"]
            return await post_message(
                client, channel=channel, thread=thread or None, blocks=blocks, text=text
            ) or await _post_through(client, body, blocks, text)

        await share(body, share_id, in_thread, client)

    async def share(body: BlockActions, share_id: str, post: Post, client: AsyncWebClient) -> None:
        """Post the kept answer once, counted against the presser's rate limit; a failed post can be tried again."""
        team, response_url = body.get("team", {}).get("id"), body["response_url"]
        answer = shares.take(share_id)
        if isinstance(answer, Refusal):
            await _tell(client, response_url, answer.value)
            return
        user, channel = origin(team, body.get("user", {}).get("id")), origin(team, body["channel"]["id"])
        if not checker.admit(user=user, channel=channel):
            shares.release(share_id)
            await _tell(client, response_url, messages.SHARE_RATE_LIMITED)
            return
        if not await post(*render_blocks(answer)):
            shares.release(share_id)

    return app


async def _post_through(client: AsyncWebClient, body: BlockActions, blocks: list[dict[str, Any]], text: str) -> bool:
    """Post for everyone in the conversation through a button's ``response_url``, beside the private answer."""
    return await respond(
        client, body["response_url"], blocks=blocks, text=text, response_type="in_channel", replace_original=False
    )


async def _tell(client: AsyncWebClient, response_url: str, text: str) -> None:
    """A note only the person who pressed a button sees."""
    await respond(client, response_url, text=text, response_type="ephemeral", replace_original=False)


def slack_api_url(env: Mapping[str, str]) -> str | None:
    """``SLACK_API_URL`` in slack_sdk's form, which needs the trailing slash."""
    url = env.get("SLACK_API_URL", "").strip()
    return (url if url.endswith("/") else url + "/") if url else None
