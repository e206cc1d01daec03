"""The `[publish]` config section: non-secret settings per platform.

Secrets never live here: tokens and passwords come from environment variables (see
`smm_promote.publish.env`). Base URLs are settings so a test or a self-hosted instance can
point a publisher elsewhere.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from smm_promote.checks import path_text


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")

    #: Seconds to wait for one HTTP request.
    timeout: float = Field(default=30.0, gt=0, le=600, allow_inf_nan=False)


def _url(value: str) -> str:
    if value and not value.startswith(("http://", "https://")):
        raise ValueError(f"expected an http(s) URL, got {value!r}")
    return value.rstrip("/")


class XSettings(_Section):
    #: Host of X's v2 media upload (tweepy's own host is fixed).
    api_url: str = "https://api.x.com"

    _check = field_validator("api_url")(_url)


class MastodonSettings(_Section):
    #: The instance the account lives on, e.g. "https://fosstodon.org".
    instance: str = ""
    visibility: Literal["public", "unlisted", "private", "direct"] = "public"
    #: Focal point of the card for Mastodon's crops, "x,y" in -1..1.
    focus: str = "0.0,0.0"

    _check = field_validator("instance")(_url)


class BlueskySettings(_Section):
    #: The account's handle, e.g. "me.bsky.social" (or `SMM_BLUESKY_HANDLE`).
    handle: str = ""
    #: The account's PDS (or an entryway such as bsky.social).
    pds: str = "https://bsky.social"
    #: "external" for a link card with the share card as thumbnail, "image" for the card itself.
    embed: Literal["external", "image"] = "external"

    _check = field_validator("pds")(_url)


class LinkedInSettings(_Section):
    #: Who posts: "urn:li:person:..." or "urn:li:organization:...".
    author: str = ""
    api_url: str = "https://api.linkedin.com"
    #: The Posts API version, YYYYMM, sent as the `Linkedin-Version` header.
    version: str = "202505"
    #: Host of LinkedIn's OAuth endpoints (token introspection in `accounts check`).
    oauth_url: str = "https://www.linkedin.com"

    _check = field_validator("api_url", "oauth_url")(_url)


class FacebookSettings(_Section):
    page_id: str = ""
    graph_url: str = "https://graph.facebook.com"
    version: str = "v21.0"

    _check = field_validator("graph_url")(_url)


class ThreadsSettings(_Section):
    #: The Threads user id; "me" is the token's own account.
    user_id: str = "me"
    api_url: str = "https://graph.threads.net"
    version: str = "v1.0"

    _check = field_validator("api_url")(_url)


class InstagramSettings(_Section):
    #: The Instagram professional account id.
    user_id: str = ""
    graph_url: str = "https://graph.facebook.com"
    version: str = "v21.0"

    _check = field_validator("graph_url")(_url)


class PinterestSettings(_Section):
    board_id: str = ""
    #: "https://api-sandbox.pinterest.com" for apps in trial access.
    api_url: str = "https://api.pinterest.com"

    _check = field_validator("api_url")(_url)


class WebhookSettings(_Section):
    #: Where each due entry is POSTed as JSON (Zapier, n8n, your own endpoint).
    url: str = ""
    #: Optional: where the receiver says whether it got an entry, `{key}` standing for its
    #: Idempotency-Key ("https://hooks.example.com/status/{key}"): 2xx got it, 404/410 not.
    #: With it, a run killed mid-send is reconciled (exactly once); without it, webhooks
    #: are delivered at least once, every attempt with the same Idempotency-Key.
    status_url: str = ""

    _check = field_validator("url", "status_url")(_url)


class PublishSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    #: Folder the `outbox` publisher writes posts into.
    outbox: str = ".smm-promote/outbox"

    _outbox = field_validator("outbox")(path_text)
    #: Fetch each due entry's link before posting it; a 404 or 410 holds the entry.
    check_links: bool = True
    #: Warn in `accounts check` when a token expires within this many days.
    expiry_warning_days: int = Field(default=7, ge=0, le=365)

    x: XSettings = Field(default_factory=XSettings)
    mastodon: MastodonSettings = Field(default_factory=MastodonSettings)
    bluesky: BlueskySettings = Field(default_factory=BlueskySettings)
    linkedin: LinkedInSettings = Field(default_factory=LinkedInSettings)
    facebook: FacebookSettings = Field(default_factory=FacebookSettings)
    threads: ThreadsSettings = Field(default_factory=ThreadsSettings)
    instagram: InstagramSettings = Field(default_factory=InstagramSettings)
    pinterest: PinterestSettings = Field(default_factory=PinterestSettings)
    webhook: WebhookSettings = Field(default_factory=WebhookSettings)
