"""Pinterest through API v5: a pin on a board with the card as image, title, description,
link and alt text (each cut to Pinterest's limits)."""

from __future__ import annotations

import base64
import logging
from typing import Any

import requests

from smm_promote.config import Config
from smm_promote.model import Entry
from smm_promote.publish.base import AccountStatus, PermanentError, PublishError, PublishResult
from smm_promote.publish.common import is_same_post, parse_time, posted_before, read_card
from smm_promote.publish.env import require_setting, secret
from smm_promote.publish.http import Api
from smm_promote.publish.meta import require_id
from smm_promote.publish.settings import PinterestSettings

log = logging.getLogger("smm_promote.publish")

#: Pinterest's limits on pin fields.
LIMITS = {"title": 100, "description": 500, "alt_text": 500, "link": 2048}


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class PinterestPublisher:
    name = "pinterest"

    def __init__(self, api: Api, settings: PinterestSettings) -> None:
        self.api = api
        self.settings = settings
        self.board = settings.board_id

    @classmethod
    def from_config(
        cls, config: Config, *, session: requests.Session | None = None
    ) -> PinterestPublisher:
        settings = config.publish.pinterest
        require_setting(settings.board_id, "pinterest", "board_id", '"549755885175"')
        token = secret("SMM_PINTEREST_ACCESS_TOKEN", "pinterest")
        api = Api.with_bearer(
            "pinterest", settings.api_url, token, timeout=settings.timeout, session=session
        )
        return cls(api, settings)

    def _media_source(self, entry: Entry) -> dict[str, str]:
        if entry.card_url:
            return {"source_type": "image_url", "url": entry.card_url}
        card = read_card(entry, self.name)
        if card is None:
            raise PermanentError(f"pinterest: entry {entry.id} has no card; a pin needs an image")
        data, mime = card
        return {
            "source_type": "image_base64",
            "content_type": mime,
            "data": base64.b64encode(data).decode("ascii"),
        }

    def publish(self, entry: Entry) -> PublishResult:
        if (earlier := posted_before(self, entry)) is not None:
            return earlier
        pin: dict[str, Any] = {
            "board_id": self.board,
            "media_source": self._media_source(entry),
            "title": _cut(entry.title or entry.text, LIMITS["title"]),
            "description": _cut(entry.text, LIMITS["description"]),
        }
        if entry.link:
            pin["link"] = entry.link[: LIMITS["link"]]
        if entry.alt:
            pin["alt_text"] = _cut(entry.alt, LIMITS["alt_text"])
        pin_id = require_id(self.api, self.api.json("POST", "/v5/pins", json=pin), "pin")
        log.info("pinterest: entry %s pinned as %s", entry.id, pin_id)
        return PublishResult(pin_id, f"https://www.pinterest.com/pin/{pin_id}/")

    def check(self) -> AccountStatus:
        try:
            me = self.api.json("GET", "/v5/user_account")
            self.api.json("GET", f"/v5/boards/{self.board}")
        except PublishError as exc:
            return AccountStatus(self.name, False, str(exc))
        return AccountStatus(
            self.name, True, f"authenticated as {me.get('username')}, board {self.board} found"
        )

    def find_recent(self, entry: Entry) -> PublishResult | None:
        answer = self.api.json("GET", f"/v5/boards/{self.board}/pins", params={"page_size": 25})
        for pin in answer.get("items", ()):
            when = parse_time(pin.get("created_at"))
            link = pin.get("link")
            if is_same_post(entry, pin.get("description", ""), when, (link,) if link else ()):
                return PublishResult(str(pin["id"]), f"https://www.pinterest.com/pin/{pin['id']}/")
        return None
