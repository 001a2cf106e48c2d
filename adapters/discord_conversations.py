"""Conversations on Discord: which messages the bot answers, and which conversation each continues.

The bot asks for no privileged intent, so it reads only the messages that mention
it and its direct messages; a reply with Discord's reply ping on mentions the
author replied to. Hence the rules:

- A reply, ping on, to one of the bot's answers to a mention is a follow-up of
  that answer's conversation: the answer is itself a reply, to the message it
  answered, and that message's id is the conversation's key. So it is read against
  the answer replied to, not the bot's latest in the channel. A reply to a
  ``/factcheck`` answer (which answers no message) or one with the ping off comes
  without its text; it counts only when its text mentions the bot.
- In a thread, the conversation is the thread's: a mention there, where the bot
  answered within ``FACTCHECK_THREAD_HOURS``, is its follow-up.
- In a direct message, each message is a follow-up of the one before.

A message that only pings the bot, in a conversation, is a follow-up when it
mentions nobody else and reads as a question (``bot.thread_messages``), or is
``stop``: "thanks" with the ping left on is not. One that mentions the bot in its
text is answered, as a follow-up or as a question that starts a conversation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import discord

from bot import messages
from bot.conversation_state import ConversationKey
from bot.thread_messages import is_stop, reads_as_question

THREAD = "thread"
"""The thread of a Discord thread's conversation: the whole thread is one."""
DIRECT = "dm"


@dataclass(frozen=True, slots=True)
class Addressed:
    """How a message is answered: in which conversation, and whether read in its context."""

    key: ConversationKey
    follow_up: bool
    """False: asked as it stands, and answered, it starts the conversation at ``key``."""


def addressed(
    message: discord.Message, bot: discord.abc.User, active: Callable[[ConversationKey], bool]
) -> Addressed | None:
    """How the bot answers ``message``; None when it is not meant for the bot. ``active`` says
    whether a conversation is going on at a key."""
    if isinstance(message.channel, discord.DMChannel):
        return Addressed(ConversationKey("discord", str(message.channel.id), DIRECT), follow_up=True)
    if bot not in message.mentions:
        return None
    in_text = any(f"<@{mark}{bot.id}>" in message.content for mark in ("", "!"))
    going_on = next((key for key in (_replied(message, bot), _thread(message)) if key and active(key)), None)
    if going_on is None:
        return Addressed(_thread(message) or answer_key(message), follow_up=False) if in_text else None
    if in_text or is_stop(message.content) or (reads_as_question(message.content) and not _others(message, bot)):
        return Addressed(going_on, follow_up=True)
    return None


def answer_key(message: discord.Message) -> ConversationKey:
    """The conversation the bot's answer to ``message`` continues, outside threads."""
    return ConversationKey("discord", str(message.channel.id), str(message.id))


def opening_sentence(key: ConversationKey) -> str:
    """What a conversation's first answer says: how to ask a follow-up there, and how to stop."""
    return messages.CONVERSATION_IN_DISCORD_THREAD if key.thread == THREAD else messages.CONVERSATION_BY_REPLY


def _replied(message: discord.Message, bot: discord.abc.User) -> ConversationKey | None:
    """The conversation of the bot's answer that ``message`` replies to; Discord sends the answer
    with the reply, and the answer names the message it answered."""
    replied = message.reference.resolved if message.reference else None
    if not isinstance(replied, discord.Message) or replied.author.id != bot.id or replied.reference is None:
        return None
    answered = replied.reference.message_id
    return None if answered is None else ConversationKey("discord", str(message.channel.id), str(answered))


def _thread(message: discord.Message) -> ConversationKey | None:
    channel = message.channel
    return ConversationKey("discord", str(channel.id), THREAD) if isinstance(channel, discord.Thread) else None


def _others(message: discord.Message, bot: discord.abc.User) -> bool:
    """Whether the message mentions a person, a role or everyone besides the bot: it is meant for them."""
    people = any(user.id != bot.id for user in message.mentions)
    return people or bool(message.role_mentions) or message.mention_everyone
