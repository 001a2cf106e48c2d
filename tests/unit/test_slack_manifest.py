"""The Slack app manifest people paste into api.slack.com: valid by Slack's own schema, and declaring
what the adapter listens to, and no more."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import yaml

from adapters.slack_app import FACTCHECK_MESSAGE
from tests.conftest import DATA, ROOT

SCHEMA = DATA / "slack-manifest-schema" / "manifest.schema.1.0.0.json"


def manifest() -> dict[str, Any]:
    loaded = yaml.safe_load((ROOT / "slack-app-manifest.yml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def test_the_manifest_is_valid_by_slacks_schema() -> None:
    app = manifest()
    assert app.get("_metadata", {}).get("major_version", 1) == 1, "the copy in tests/data is the 1.0.0 schema"
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validators.validator_for(schema).check_schema(schema)
    jsonschema.validate(app, schema)


def test_the_manifest_declares_the_shortcut_direct_messages_and_threads_with_only_the_scopes_they_need() -> None:
    app = manifest()
    features = app["features"]
    (shortcut,) = features["shortcuts"]
    assert (shortcut["type"], shortcut["callback_id"]) == ("message", FACTCHECK_MESSAGE)
    assert features["app_home"]["messages_tab_enabled"] and not features["app_home"]["messages_tab_read_only_enabled"]
    assert app["oauth_config"]["scopes"]["bot"] == [
        "commands",
        "app_mentions:read",
        "chat:write",
        "im:history",
        "channels:history",
        "groups:history",
    ]
    events = ["app_mention", "message.im", "message.channels", "message.groups"]
    assert app["settings"]["event_subscriptions"]["bot_events"] == events
