"""A Facebook Page through the Graph API: `/{page-id}/feed` with the message and the link
(Facebook draws the preview from the post's Open Graph tags, i.e. the share card)."""

from __future__ import annotations

import logging

import requests

from smm_promote.config import Config
from smm_promote.model import Entry
from smm_promote.publish.base import AccountStatus, PublishResult
from smm_promote.publish.common import is_same_post, parse_time, posted_before
from smm_promote.publish.env import require_setting, secret
from smm_promote.publish.meta import GraphApi, require_id, token_status
from smm_promote.publish.settings import FacebookSettings

log = logging.getLogger("smm_promote.publish")


class FacebookPublisher:
    name = "facebook"

    def __init__(self, api: GraphApi, settings: FacebookSettings, token: str) -> None:
        self.api = api
        self.settings = settings
        self.page = settings.page_id
        self.prefix = f"/{settings.version}"
        self._token = token
        self.expiry_warning_days = 7

    @classmethod
    def from_config(
        cls, config: Config, *, session: requests.Session | None = None
    ) -> FacebookPublisher:
        settings = config.publish.facebook
        require_setting(settings.page_id, "facebook", "page_id", '"104123456789012"')
        token = secret("SMM_FACEBOOK_PAGE_TOKEN", "facebook")
        api = GraphApi.with_bearer(
            "facebook", settings.graph_url, token, timeout=settings.timeout, session=session
        )
        publisher = cls(api, settings, token)
        publisher.expiry_warning_days = config.publish.expiry_warning_days
        return publisher

    def publish(self, entry: Entry) -> PublishResult:
        if (earlier := posted_before(self, entry)) is not None:
            return earlier
        fields = {"message": entry.text}
        if entry.link:
            fields["link"] = entry.link
        answer = self.api.json("POST", f"{self.prefix}/{self.page}/feed", data=fields)
        post_id = require_id(self.api, answer, "post")
        log.info("facebook: entry %s posted as %s", entry.id, post_id)
        return PublishResult(post_id, f"https://www.facebook.com/{post_id}")

    def check(self) -> AccountStatus:
        return token_status(
            self.api, self.prefix, self._token, f"page {self.page}", self.expiry_warning_days
        )

    def find_recent(self, entry: Entry) -> PublishResult | None:
        answer = self.api.json(
            "GET",
            f"{self.prefix}/{self.page}/feed",
            params={"fields": "id,message,created_time,permalink_url", "limit": 10},
        )
        for post in answer.get("data", ()):
            when = parse_time(post.get("created_time"))
            if is_same_post(entry, post.get("message", ""), when):
                url = post.get("permalink_url") or f"https://www.facebook.com/{post['id']}"
                return PublishResult(str(post["id"]), url)
        return None
