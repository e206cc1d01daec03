"""Credentials come from environment variables only; this is the one place that reads them."""

from __future__ import annotations

import os

from smm_promote.publish.base import AuthError

#: Environment variables per publisher: (name, required).
VARIABLES: dict[str, tuple[tuple[str, bool], ...]] = {
    "x": (
        ("SMM_X_CONSUMER_KEY", True),
        ("SMM_X_CONSUMER_SECRET", True),
        ("SMM_X_ACCESS_TOKEN", True),
        ("SMM_X_ACCESS_TOKEN_SECRET", True),
    ),
    "mastodon": (("SMM_MASTODON_ACCESS_TOKEN", True),),
    "bluesky": (("SMM_BLUESKY_APP_PASSWORD", True), ("SMM_BLUESKY_HANDLE", False)),
    "linkedin": (
        ("SMM_LINKEDIN_ACCESS_TOKEN", True),
        ("SMM_LINKEDIN_CLIENT_ID", False),
        ("SMM_LINKEDIN_CLIENT_SECRET", False),
    ),
    "facebook": (("SMM_FACEBOOK_PAGE_TOKEN", True),),
    "threads": (("SMM_THREADS_ACCESS_TOKEN", True),),
    "instagram": (("SMM_INSTAGRAM_ACCESS_TOKEN", True),),
    "pinterest": (("SMM_PINTEREST_ACCESS_TOKEN", True),),
    "webhook": (("SMM_WEBHOOK_SECRET", False), ("SMM_WEBHOOK_URL", False)),
}


def secret(name: str, platform: str) -> str:
    """The value of `name`; `AuthError` naming the variable (never a value) when unset."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise AuthError(f"{platform}: environment variable {name} is not set")
    return value


def optional(name: str) -> str | None:
    return os.environ.get(name, "").strip() or None


def require_setting(value: str, platform: str, key: str, example: str) -> str:
    """A non-secret setting the publisher cannot work without, e.g. the Facebook page id."""
    if not value:
        raise AuthError(f"{platform}: set [publish.{platform}] {key} in the config, e.g. {example}")
    return value


def missing(platform: str) -> list[str]:
    """The required variables of `platform` that are not set."""
    return [
        name
        for name, required in VARIABLES.get(platform, ())
        if required and not os.environ.get(name, "").strip()
    ]
