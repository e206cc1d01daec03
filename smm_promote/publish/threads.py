"""Threads through its Graph API: a container (text, or the card's public URL as image with
alt text; one topic tag), then `threads_publish`; thread parts as replies."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import requests

from smm_promote.config import Config
from smm_promote.model import Entry
from smm_promote.publish.base import AccountStatus, PublishError, PublishResult
from smm_promote.publish.common import hashtags, is_same_post, parse_time, posted_before
from smm_promote.publish.env import secret
from smm_promote.publish.meta import GraphApi, permalink, publish_container
from smm_promote.publish.settings import ThreadsSettings

log = logging.getLogger("smm_promote.publish")


def topic_tag(text: str) -> str | None:
    """The one topic tag Threads takes: the first hashtag, without '.' and '&', 1-50 chars."""
    for tag in hashtags(text):
        cleaned = tag.replace(".", "").replace("&", "")[:50]
        if cleaned:
            return cleaned
    return None


class ThreadsPublisher:
    name = "threads"

    def __init__(
        self,
        api: GraphApi,
        settings: ThreadsSettings | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.api = api
        self.settings = settings or ThreadsSettings()
        self.user = self.settings.user_id
        self.prefix = f"/{self.settings.version}"
        self._sleep = sleep

    @classmethod
    def from_config(
        cls, config: Config, *, session: requests.Session | None = None
    ) -> ThreadsPublisher:
        settings = config.publish.threads
        token = secret("SMM_THREADS_ACCESS_TOKEN", "threads")
        api = GraphApi.with_bearer(
            "threads", settings.api_url, token, timeout=settings.timeout, session=session
        )
        return cls(api, settings)

    def _post(self, fields: dict[str, Any]) -> str:
        return publish_container(
            self.api,
            self.prefix,
            self.user,
            fields,
            create="threads",
            publish="threads_publish",
            status_field="status",
            sleep=self._sleep,
        )

    def publish(self, entry: Entry) -> PublishResult:
        if (earlier := posted_before(self, entry)) is not None:
            return earlier
        fields: dict[str, Any] = {"text": entry.text}
        if entry.card_url:
            fields.update(media_type="IMAGE", image_url=entry.card_url)
            if entry.alt:
                fields["alt_text"] = entry.alt
        else:
            fields["media_type"] = "TEXT"
        tag = topic_tag(entry.text)
        if tag:
            fields["topic_tag"] = tag
        first = self._post(fields)
        replies: list[str] = []
        previous = first
        for part in entry.parts:
            previous = self._post({"media_type": "TEXT", "text": part, "reply_to_id": previous})
            replies.append(previous)
        log.info("threads: entry %s posted as %s", entry.id, first)
        return PublishResult(first, permalink(self.api, self.prefix, first), tuple(replies))

    def check(self) -> AccountStatus:
        try:
            me = self.api.json("GET", f"{self.prefix}/me", params={"fields": "id,username"})
        except PublishError as exc:
            return AccountStatus(self.name, False, str(exc))
        return AccountStatus(self.name, True, f"authenticated as @{me.get('username')}")

    def find_recent(self, entry: Entry) -> PublishResult | None:
        answer = self.api.json(
            "GET",
            f"{self.prefix}/{self.user}/threads",
            params={"fields": "id,text,timestamp,permalink", "limit": 10},
        )
        for post in answer.get("data", ()):
            if is_same_post(entry, post.get("text", ""), parse_time(post.get("timestamp"))):
                return PublishResult(str(post["id"]), post.get("permalink"))
        return None
