"""The parts of Slack's payloads this bot reads, as Slack sends them (Bolt passes them on as dicts).

A key Slack always sends is required; one it may leave out, or that the bot
does without, is ``NotRequired`` and read with ``.get``. Slack documents them at
api.slack.com: slash commands (``/interactivity/slash-commands``), the
``app_mention`` event and its Events API envelope, and ``block_actions``.

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


class EventEnvelope(TypedDict):
    """What the Events API wraps an event in; Slack retries it under the same ``event_id``."""

    event: AppMention
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
