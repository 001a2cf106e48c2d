"""Conversations on Slack: which messages the bot answers, read in their thread's or direct message's context.

A mention is answered in its thread; an answered one (``answered``, ``no_evidence``)
starts a conversation there, and a mention in a thread where one is going on is
its follow-up. A later message in that thread, from a person, mentioning nobody
but the bot, is a follow-up when it mentions the bot or reads as a question
(``bot.thread_messages``); ``stop`` ends the conversation. Each direct message is a
follow-up of the one before. Everything else is ignored where it is met: no
answer, no row, no log line, for a channel's messages reach the bot
(``message.channels``, ``message.groups``) only so that a thread's follow-ups can.
Whether a thread has a conversation is held in memory by the core, so a channel's
messages cost no database read.

Slack delivers a mention twice once the bot also subscribes to channel messages,
as ``app_mention`` and as ``message``, under two event ids, and retries an event it
thinks was lost under the same one: a message is answered once, keyed on (team,
channel, message ts). The ``message`` delivery claims it only when it answers it,
so a mention it passes over is left to ``app_mention``.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from typing import Literal

from slack_sdk.web.async_client import AsyncWebClient

from adapters.asking import Checker, ask_safely, follow_up_safely, start_conversation_safely
from adapters.conversation_turns import Turns
from adapters.slack_blocks import render_blocks
from adapters.slack_commands import unescape
from adapters.slack_delivery import post_ephemeral, post_message
from adapters.slack_payloads import AppMention, EventEnvelope, MessageEvent
from bot import messages
from bot.conversation_state import ConversationKey
from bot.thread_messages import is_stop, reads_as_question

MENTION = re.compile(r"<@([A-Z0-9]+)(?:\|[^>]*)?>")
# Whole groups: a user group (<!subteam^S1>), and @here, @channel, @everyone.
_GROUP_MENTION = re.compile(r"<!(?:subteam\^|here\b|channel\b|everyone\b)")
_REMEMBERED = 10_000
DIRECT = "dm"
"""The thread of a direct message's conversation: the whole direct message is one."""
_PEOPLES_SUBTYPES = (None, "thread_broadcast")
"""A person's new message, in a thread or also sent to the channel; edits, deletions and bots' posts have others."""


class SlackConversations:
    """Answers mentions, direct messages and the follow-ups in conversations' threads, once each and in order."""

    def __init__(self, checker: Checker) -> None:
        self._checker = checker
        self._taken: OrderedDict[tuple[str, str, str], None] = OrderedDict()
        self._turns = Turns()

    async def mentioned(self, body: EventEnvelope, event: AppMention, client: AsyncWebClient) -> None:
        """A mention, answered in its thread: a follow-up there, or the start of a conversation."""
        thread = event.get("thread_ts") or event["ts"]
        if self._take(body, event):
            await self._answer(body, event, client, _key(body, event, thread), thread=thread, kind="mention")

    async def direct_message(self, body: EventEnvelope, event: MessageEvent, client: AsyncWebClient) -> None:
        """A person's direct message, a follow-up of the one before."""
        if event.get("subtype") is None and "bot_id" not in event and self._take(body, event):
            await self._answer(
                body, event, client, _key(body, event, DIRECT), thread=event.get("thread_ts"), kind="direct"
            )

    async def channel_message(
        self, body: EventEnvelope, event: MessageEvent, client: AsyncWebClient, *, bot_user: str | None
    ) -> None:
        """A message in a channel, answered only as a follow-up in a conversation's thread."""
        thread = thread_of(event)
        if thread is None or not from_a_person(event, bot_user):
            return
        key = _key(body, event, thread)
        text = event.get("text") or ""
        if not self._checker.conversation_active(key) or mentions_others(text, bot_user):
            return
        addressed = bot_user is not None and bot_user in MENTION.findall(text)
        if (addressed or is_stop(text) or reads_as_question(unescape(text))) and self._take(body, event):
            await self._answer(body, event, client, key, thread=thread, kind="follow-up")

    async def _answer(
        self,
        body: EventEnvelope,
        event: AppMention | MessageEvent,
        client: AsyncWebClient,
        key: ConversationKey,
        *,
        thread: str | None,
        kind: Literal["mention", "direct", "follow-up"],
    ) -> None:
        """Answer in ``key``'s turn: as a follow-up where a conversation is going on (always in a direct
        message), else a mention as a question that opens one. A follow-up whose conversation ended
        while it waited for its turn (``stop``, just before) is let go."""
        channel, text = event["channel"], event.get("text") or ""
        question = unescape(MENTION.sub(" ", text)).strip()
        async with self._turns.taken(key):
            active = self._checker.conversation_active(key)
            if kind == "follow-up" and not active:
                return
            if not question or question.lower() == "help":
                await post_message(client, channel=channel, thread=thread, blocks=[], text=messages.USAGE)
                return
            if is_stop(text):
                await self._checker.end_conversation(key)
                ended = messages.DIRECT_CONVERSATION_ENDED if key.thread == DIRECT else messages.CONVERSATION_ENDED
                await post_message(client, channel=channel, thread=thread, blocks=[], text=ended)
                return
            asker = origin(body.get("team_id"), event.get("user"))
            if not self._checker.admit(user=asker, channel=origin(body.get("team_id"), channel)):
                await post_ephemeral(client, channel=channel, user=event.get("user", ""), text=messages.RATE_LIMITED)
                return
            if kind != "mention" or active:
                answer = await follow_up_safely(self._checker, key, question, origin=asker)
            else:
                answer = await ask_safely(self._checker, question, origin=asker)
                answer = await start_conversation_safely(self._checker, key, answer, origin=asker)
            blocks, fallback = render_blocks(answer)
            await post_message(client, channel=channel, thread=thread, blocks=blocks, text=fallback)

    def _take(self, body: EventEnvelope, event: AppMention | MessageEvent) -> bool:
        """Claim the message for an answer; False when a delivery of it was claimed before."""
        message = (body.get("team_id") or "", event["channel"], event["ts"])
        if message in self._taken:
            return False
        self._taken[message] = None
        while len(self._taken) > _REMEMBERED:
            self._taken.popitem(last=False)
        return True


def thread_of(event: MessageEvent) -> str | None:
    """The thread a message was written in; None for a channel's own messages (a thread's first among them)."""
    thread = event.get("thread_ts")
    if thread is None or (thread == event["ts"] and event.get("subtype") != "thread_broadcast"):
        return None
    return thread


def from_a_person(event: MessageEvent, bot_user: str | None) -> bool:
    """Whether a person wrote the message, new: not an edit or a deletion, not this bot's post nor another app's."""
    user = event.get("user")
    return event.get("subtype") in _PEOPLES_SUBTYPES and "bot_id" not in event and user not in (None, bot_user)


def mentions_others(text: str, bot_user: str | None) -> bool:
    """Whether the message mentions a person, or a group, other than the bot: it is meant for them."""
    return any(user != bot_user for user in MENTION.findall(text)) or _GROUP_MENTION.search(text) is not None


def _key(body: EventEnvelope, event: AppMention | MessageEvent, thread: str) -> ConversationKey:
    return ConversationKey("slack", f"{body.get('team_id') or '?'}/{event['channel']}", thread)


def origin(team: str | None, user: str | None) -> str:
    return f"slack:{team or '?'}/{user or '?'}"
