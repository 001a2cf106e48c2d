"""The parts of Slack's payloads this bot reads, as Slack sends them (Bolt passes them on as dicts).

A key Slack always sends is required; one it may leave out, or that the bot
does without, is ``NotRequired`` and read with ``.get``. Slack documents them at
api.slack.com: slash commands (``/interactivity/slash-commands``), the
``app_mention`` and ``message`` events and their Events API envelope,
``block_actions``, and message shortcuts (``message_action``).

No ``from __future__ import annotations`` here: ``TypedDict`` reads ``NotRequired``
when the class is made, and a postponed annotation would make every key required
in ``__required_keys__``.
"""

from typing import NotRequired, TypedDict


class SlashCommand(TypedDict):
    """``/factcheck ...``: sent as a form, which Bolt parses."""

    response_url: str
    text: NotRequired[str]
    team_id: NotRequired[str]
    channel_id: NotRequired[str]
    user_id: NotRequired[str]


class AppMention(TypedDict):
    """The ``app_mention`` event: a message that mentions the bot."""

    channel: str
    ts: str
    user: str
    text: NotRequired[str]
    thread_ts: NotRequired[str]
    """Set when the mention is in a thread; the answer goes to the same thread."""


class MessageEvent(TypedDict):
    """A ``message`` event. The bot subscribes to those of its direct messages (``message.im``) and of
    the channels it is in (``message.channels``, ``message.groups``), and receives its own posts there
    too: they carry a ``bot_id``, as other apps' messages do."""

    channel: str
    ts: str
    user: NotRequired[str]
    text: NotRequired[str]
    channel_type: NotRequired[str]
    """"im" in a direct message, "channel" or "group" in a public or private channel."""
    subtype: NotRequired[str]
    """Set on anything but a person's new message (an edit, a deletion, a bot's post, ...), and on a
    thread's message also sent to the channel ("thread_broadcast")."""
    bot_id: NotRequired[str]
    thread_ts: NotRequired[str]
    """The thread's first message's ``ts``, in a thread."""


class EventEnvelope(TypedDict):
    """What the Events API wraps an event in; Slack retries it under the same ``event_id``."""

    event: AppMention | MessageEvent
    event_id: NotRequired[str]
    team_id: NotRequired[str]


class Team(TypedDict):
    id: str


class User(TypedDict):
    id: str


class Channel(TypedDict):
    id: str


class BlockActions(TypedDict):
    """A button pressed on one of the bot's messages."""

    response_url: str
    channel: Channel
    team: NotRequired[Team]
    user: NotRequired[User]


class ButtonAction(TypedDict):
    """The button within ``BlockActions``: its ``action_id`` and the ``value`` the bot put on it."""

    action_id: str
    value: NotRequired[str]


class ShortcutMessage(TypedDict):
    """The message a shortcut was used on."""

    ts: str
    text: NotRequired[str]
    thread_ts: NotRequired[str]
    """Set when the message is in a thread; a share goes to the same thread."""


class MessageShortcut(TypedDict):
    """A message shortcut used on a message (``message_action``). Its ``response_url`` posts
    in the message's conversation even where the bot is no member."""

    response_url: str
    channel: Channel
    message: ShortcutMessage
    team: NotRequired[Team]
    user: NotRequired[User]
