"""Instagram through the Graph API: a container with the card's public URL on the blog,
the caption (links are not clickable there: "link in bio") and alt text, then publish."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

from smm_promote.model import Entry
from smm_promote.publish.base import AccountStatus, PermanentError, PublishResult
from smm_promote.publish.common import is_same_post, need_card_url, parse_time, posted_before
from smm_promote.publish.meta import (
    GraphAccount,
    GraphApi,
    permalink,
    publish_container,
    token_status,
)
from smm_promote.publish.settings import InstagramSettings

log = logging.getLogger("smm_promote.publish")

LINK_IN_BIO = "(link in bio)"


def instagram_caption(entry: Entry) -> str:
    """The caption with the post's link, which Instagram would not make clickable, as
    "(link in bio)"."""
    if entry.link and entry.link in entry.text:
        return entry.text.replace(entry.link, LINK_IN_BIO)
    return entry.text


class InstagramPublisher(GraphAccount):
    name = "instagram"
    id_setting = "user_id"
    id_example = '"17841400000000000"'
    token_variable = "SMM_INSTAGRAM_ACCESS_TOKEN"

    def __init__(
        self,
        api: GraphApi,
        settings: InstagramSettings,
        token: str,
        *,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.api = api
        self.settings = settings
        self.user = settings.user_id
        self.prefix = f"/{settings.version}"
        self._token = token
        self._sleep = sleep
        self.expiry_warning_days = 7

    def publish(self, entry: Entry) -> PublishResult:
        if (earlier := posted_before(self, entry)) is not None:
            return earlier
        image_url = need_card_url(entry, self.name)
        if not urlsplit(image_url).path.lower().endswith((".jpg", ".jpeg")):
            raise PermanentError(
                f"instagram: entry {entry.id}: Instagram takes JPEG images only and the card is "
                f'{image_url}; set [cards] format = "jpeg"'
            )
        fields: dict[str, Any] = {
            "image_url": image_url,
            "caption": instagram_caption(entry),
        }
        if entry.alt:
            fields["alt_text"] = entry.alt
        post_id = publish_container(
            self.api,
            self.prefix,
            self.user,
            fields,
            create="media",
            publish="media_publish",
            status_field="status_code",
            sleep=self._sleep,
        )
        log.info("instagram: entry %s posted as %s", entry.id, post_id)
        return PublishResult(post_id, permalink(self.api, self.prefix, post_id))

    def check(self) -> AccountStatus:
        return token_status(
            self.api, self.prefix, self._token, f"account {self.user}", self.expiry_warning_days
        )

    def find_recent(self, entry: Entry) -> PublishResult | None:
        answer = self.api.json(
            "GET",
            f"{self.prefix}/{self.user}/media",
            params={"fields": "id,caption,timestamp,permalink", "limit": 10},
        )
        # Compare with the caption as posted (the link is not in it).
        posted = replace(entry, text=instagram_caption(entry), link=None)
        for post in answer.get("data", ()):
            if is_same_post(posted, post.get("caption", ""), parse_time(post.get("timestamp"))):
                return PublishResult(str(post["id"]), post.get("permalink"))
        return None
