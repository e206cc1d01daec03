"""Mastodon over its REST API: the instance's own limits, the card with alt text and focus,
and an `Idempotency-Key` derived from the entry so a retried status is never doubled."""

from __future__ import annotations

import html
import logging
import time
from collections.abc import Callable
from typing import Any

import regex
import requests

from smm_promote.config import Config
from smm_promote.model import Entry
from smm_promote.publish.base import AccountStatus, PermanentError, PublishError, PublishResult
from smm_promote.publish.common import (
    URL_RE,
    entry_key,
    is_same_post,
    parse_time,
    posted_before,
    read_card,
)
from smm_promote.publish.env import require_setting, secret
from smm_promote.publish.http import Api
from smm_promote.publish.settings import MastodonSettings

log = logging.getLogger("smm_promote.publish")

#: Mastodon's defaults, used when the instance does not say.
DEFAULT_LIMITS = {
    "max_characters": 500,
    "characters_reserved_per_url": 23,
    "image_size_limit": 16 * 1024 * 1024,
    "description_limit": 1500,
}
HREF_RE = regex.compile(r'href="([^"]+)"')
#: Polls of an upload still processing (202), a second apart.
MEDIA_POLLS = 10


def status_length(text: str, per_url: int) -> int:
    """Length as Mastodon counts it: graphemes, every URL as `per_url` characters."""
    counted = URL_RE.sub("x" * per_url, text)
    return len(regex.findall(r"\X", counted))


class MastodonPublisher:
    name = "mastodon"

    def __init__(
        self,
        api: Api,
        settings: MastodonSettings | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.api = api
        self.settings = settings or MastodonSettings()
        self._sleep = sleep
        self._limits: dict[str, int] | None = None
        self._account: dict[str, Any] | None = None

    @classmethod
    def from_config(
        cls, config: Config, *, session: requests.Session | None = None
    ) -> MastodonPublisher:
        settings = config.publish.mastodon
        instance = require_setting(
            settings.instance, "mastodon", "instance", '"https://fosstodon.org"'
        )
        token = secret("SMM_MASTODON_ACCESS_TOKEN", "mastodon")
        api = Api.with_bearer(
            "mastodon", instance, token, timeout=settings.timeout, session=session
        )
        return cls(api, settings)

    # -- publishing ---------------------------------------------------------------------

    def limits(self) -> dict[str, int]:
        """The instance's limits from `/api/v2/instance` (read once), defaults filling gaps."""
        if self._limits is None:
            configuration = self.api.json("GET", "/api/v2/instance").get("configuration", {})
            statuses = configuration.get("statuses", {})
            media = configuration.get("media_attachments", {})
            found = {
                "max_characters": statuses.get("max_characters"),
                "characters_reserved_per_url": statuses.get("characters_reserved_per_url"),
                "image_size_limit": media.get("image_size_limit"),
                "description_limit": media.get("description_limit"),
            }
            self._limits = {k: v or DEFAULT_LIMITS[k] for k, v in found.items()}
        return self._limits

    def publish(self, entry: Entry) -> PublishResult:
        if (earlier := posted_before(self, entry)) is not None:
            return earlier
        limits = self.limits()
        for text in (entry.text, *entry.parts):
            length = status_length(text, limits["characters_reserved_per_url"])
            if length > limits["max_characters"]:
                raise PermanentError(
                    f"mastodon: entry {entry.id} is {length} characters, the instance allows "
                    f"{limits['max_characters']}"
                )
        media_ids = []
        card = read_card(entry, self.name)
        if card is not None:
            media_id = self._upload(entry, *card)
            if media_id:
                media_ids.append(media_id)
        key = entry_key(entry)
        extra = {"media_ids": media_ids} if media_ids else {}
        first = self._status(entry, entry.text, key, **extra)
        replies: list[str] = []
        previous = first["id"]
        for number, part in enumerate(entry.parts, start=1):
            reply = self._status(entry, part, f"{key}#{number}", in_reply_to_id=previous)
            previous = reply["id"]
            replies.append(str(previous))
        log.info("mastodon: entry %s posted as %s", entry.id, first["id"])
        return PublishResult(str(first["id"]), first.get("url"), tuple(replies))

    def _upload(self, entry: Entry, data: bytes, mime: str) -> str | None:
        limits = self.limits()
        if len(data) > limits["image_size_limit"]:
            log.warning(
                "mastodon: entry %s: card is %d bytes, the instance takes %d; posting without it",
                entry.id,
                len(data),
                limits["image_size_limit"],
            )
            return None
        media = self.api.json(
            "POST",
            "/api/v2/media",
            files={"file": (f"card.{mime.rsplit('/', 1)[-1]}", data, mime)},
            data={
                "description": (entry.alt or entry.title)[: limits["description_limit"]],
                "focus": self.settings.focus,
            },
        )
        for _ in range(MEDIA_POLLS):
            if media.get("url"):
                break
            self._sleep(1.0)
            media = self.api.json("GET", f"/api/v1/media/{media['id']}")
        return str(media["id"])

    def _status(self, entry: Entry, text: str, key: str, **fields: Any) -> dict[str, Any]:
        body: dict[str, Any] = {"status": text, "visibility": self.settings.visibility, **fields}
        if entry.lang:  # Mastodon takes ISO 639 codes: "pt" of "pt-BR"
            body["language"] = entry.lang.replace("_", "-").split("-")[0].lower()
        status = self.api.json(
            "POST", "/api/v1/statuses", json=body, headers={"Idempotency-Key": key}
        )
        if not isinstance(status, dict) or "id" not in status:
            raise PermanentError("mastodon: the instance answered without a status id")
        return status

    # -- check and reconcile ------------------------------------------------------------

    def _me(self) -> dict[str, Any]:
        if self._account is None:
            self._account = self.api.json("GET", "/api/v1/accounts/verify_credentials")
        return self._account

    def check(self) -> AccountStatus:
        try:
            account = self._me()
            limits = self.limits()
        except PublishError as exc:
            return AccountStatus(self.name, False, str(exc))
        return AccountStatus(
            self.name,
            True,
            f"authenticated as @{account.get('acct')} "
            f"(instance allows {limits['max_characters']} characters)",
        )

    def find_recent(self, entry: Entry) -> PublishResult | None:
        account = self._me()
        statuses = self.api.json(
            "GET",
            f"/api/v1/accounts/{account['id']}/statuses",
            params={"limit": 20, "exclude_replies": "true"},
        )
        for status in statuses:
            content = status.get("content", "")
            urls = (*HREF_RE.findall(content), (status.get("card") or {}).get("url"))
            created = parse_time(status.get("created_at"))
            if is_same_post(
                entry,
                html.unescape(content),
                created,
                tuple(map(html.unescape, filter(None, urls))),
            ):
                return PublishResult(str(status["id"]), status.get("url"))
        return None
