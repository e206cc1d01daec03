"""Every platform publisher honours the same contract: its registry name, the interface the
queue calls, and credentials only from the environment, named when missing."""

from __future__ import annotations

import inspect

import pytest
from publish_support import FAKE_ENV, config

from smm_promote.publish.base import AuthError
from smm_promote.publish.env import VARIABLES
from smm_promote.publish.registry import PUBLISHERS, publisher_class, publisher_for

SETTINGS = {
    "mastodon": {"instance": "https://m.example"},
    "bluesky": {"handle": "me.bsky.social"},
    "linkedin": {"author": "urn:li:person:1"},
    "facebook": {"page_id": "1"},
    "instagram": {"user_id": "1"},
    "pinterest": {"board_id": "1"},
    "webhook": {"url": "https://hooks.example/h"},
}
NAMES = sorted(set(PUBLISHERS) - {"outbox"})


def _config(name):
    return config(**({name: SETTINGS[name]} if name in SETTINGS else {}))


@pytest.mark.parametrize("name", NAMES)
def test_interface_and_registry_name(name, monkeypatch):
    for key, value in FAKE_ENV.items():
        monkeypatch.setenv(key, value)
    cls = publisher_class(name)
    for method in ("publish", "check", "find_recent"):
        assert callable(getattr(cls, method)), method
    assert "session" in inspect.signature(cls.from_config).parameters
    publisher = publisher_for(name, _config(name))
    assert publisher.name == name


@pytest.mark.parametrize("name", [n for n in NAMES if any(r for _, r in VARIABLES[n])])
def test_missing_credentials_name_the_variable_never_a_value(name, monkeypatch):
    for key in FAKE_ENV:
        monkeypatch.delenv(key, raising=False)
    first = next(var for var, required in VARIABLES[name] if required)
    with pytest.raises(AuthError) as caught:
        publisher_for(name, _config(name))
    assert str(caught.value) == f"{name}: environment variable {first} is not set"


@pytest.mark.parametrize("name", ["mastodon", "linkedin", "facebook", "instagram", "pinterest"])
def test_missing_settings_say_which_key(name, monkeypatch):
    for key, value in FAKE_ENV.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(AuthError, match=rf"set \[publish.{name}\] \w+ in the config"):
        publisher_for(name, config())
