"""The TypedDicts of ``adapters.slack_payloads`` describe what Bolt hands the listeners: each
payload below goes through the real Bolt app, signed as Slack signs it, and what a listener is
given has every key its type requires, of the type it names."""

from __future__ import annotations

import types
import typing
from collections.abc import Sequence
from typing import Any, NotRequired, get_args, get_origin, get_type_hints, is_typeddict

from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack_payloads import (
    AppMention,
    BlockActions,
    ButtonAction,
    EventEnvelope,
    MessageEvent,
    MessageShortcut,
    SlashCommand,
)
from fakes.slack_api import (
    SIGNING_SECRET,
    action_body,
    channel_message_body,
    command_body,
    direct_message_body,
    fake_slack,
    mention_body,
    shortcut_body,
    signed_headers,
)

FORM = "application/x-www-form-urlencoded"


def mismatches(payload: Any, shape: Any, where: str = "") -> list[str]:
    """Where ``payload`` is not what the TypedDict ``shape`` says Slack sends."""
    if get_origin(shape) in (typing.Union, types.UnionType):
        arms = [mismatches(payload, arm, where) for arm in get_args(shape)]
        return [] if [] in arms else [problem for arm in arms for problem in arm]
    if not is_typeddict(shape):
        return [] if isinstance(payload, shape) else [f"{where}: {payload!r} is not {shape.__name__}"]
    if not isinstance(payload, dict):
        return [f"{where}: {payload!r} is not an object"]
    found = [f"{where}.{key}: missing" for key in sorted(shape.__required_keys__ - payload.keys())]
    for key, hint in get_type_hints(shape).items():
        if key in payload:
            found += mismatches(payload[key], _unwrapped(hint), f"{where}.{key}")
    return found


def _unwrapped(hint: Any) -> Any:
    return get_args(hint)[0] if get_origin(hint) in (NotRequired, typing.Required) else hint


async def test_the_payload_types_hold_what_bolt_hands_each_listener() -> None:
    given: dict[str, tuple[Any, Any]] = {}
    async with fake_slack() as fake:
        app = AsyncApp(
            client=AsyncWebClient(token="xoxb-test", base_url=f"{fake.url}/api/"), signing_secret=SIGNING_SECRET
        )

        @app.command("/factcheck")
        async def on_command(ack: Any, command: dict[str, Any]) -> None:
            await ack()
            given["command"] = (command, SlashCommand)

        @app.event("app_mention")
        async def on_mention(body: dict[str, Any], event: dict[str, Any]) -> None:
            given["body"], given["event"] = (body, EventEnvelope), (event, AppMention)

        @app.event("message")
        async def on_message(body: dict[str, Any], event: dict[str, Any]) -> None:
            given[f"{event['channel_type']}_body"], given[event["channel_type"]] = (
                (body, EventEnvelope),
                (event, MessageEvent),
            )

        @app.message_shortcut("factcheck_message")
        async def on_shortcut(ack: Any, shortcut: dict[str, Any]) -> None:
            await ack()
            given["shortcut"] = (shortcut, MessageShortcut)

        @app.action("factcheck_helpful")
        async def on_action(ack: Any, body: dict[str, Any], action: dict[str, Any]) -> None:
            await ack()
            given["actions"], given["action"] = (body, BlockActions), (action, ButtonAction)

        requests = [
            (command_body("who denied it?", f"{fake.url}/respond/1"), FORM),
            (mention_body("<@UBOT> who denied it?", thread_ts="1700000000.000001"), "application/json"),
            (action_body("factcheck_helpful", "42", f"{fake.url}/respond/2"), FORM),
            (direct_message_body("who denied it?"), "application/json"),
            (
                channel_message_body("and when?", ts="1700000000.000002", thread_ts="1700000000.000001"),
                "application/json",
            ),
            (shortcut_body("who denied it?", f"{fake.url}/respond/3", thread_ts="1700000000.000001"), FORM),
        ]
        for body, content_type in requests:
            headers: dict[str, str | Sequence[str]] = {**signed_headers(body, content_type=content_type)}
            request = AsyncBoltRequest(body=body, headers=headers)
            assert (await app.async_dispatch(request)).status == 200

    assert sorted(given) == [
        "action",
        "actions",
        "body",
        "channel",
        "channel_body",
        "command",
        "event",
        "im",
        "im_body",
        "shortcut",
    ]
    assert [problem for name, (payload, shape) in given.items() for problem in mismatches(payload, shape, name)] == []
    assert given["event"][0]["thread_ts"] == "1700000000.000001" and given["action"][0]["value"] == "42"
    assert given["shortcut"][0]["message"]["thread_ts"] and given["channel"][0]["thread_ts"] == "1700000000.000001"


def test_a_payload_missing_what_its_type_requires_is_caught() -> None:
    """The check above can fail: a command without its response_url, a button press whose
    channel is not an object."""
    assert mismatches({"text": "x"}, SlashCommand, "command") == ["command.response_url: missing"]
    assert mismatches({"response_url": "u", "channel": "C1"}, BlockActions, "body") == [
        "body.channel: 'C1' is not an object"
    ]
    assert mismatches({"event": {"channel": "D1"}}, EventEnvelope, "body") == [
        "body.event.ts: missing",
        "body.event.user: missing",
        "body.event.ts: missing",
    ], "an event is checked against each type it may be"
