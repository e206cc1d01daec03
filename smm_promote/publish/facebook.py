"""A Facebook Page through the Graph API: `/{page-id}/feed` with the message and the link
(Facebook draws the preview from the post's Open Graph tags, i.e. the share card)."""

from __future__ import annotations

import logging

from smm_promote.model import Entry
from smm_promote.publish.base import AccountStatus, PublishResult
from smm_promote.publish.common import is_same_post, parse_time, posted_before
from smm_promote.publish.meta import GraphAccount, GraphApi, require_id, token_status
from smm_promote.publish.settings import FacebookSettings

log = logging.getLogger("smm_promote.publish")


class FacebookPublisher(GraphAccount):
    name = "facebook"
    id_setting = "page_id"
    id_example = '"104123456789012"'
    token_variable = "SMM_FACEBOOK_PAGE_TOKEN"

    def __init__(self, api: GraphApi, settings: FacebookSettings, token: str) -> None:
        self.api = api
        self.settings = settings
        self.page = settings.page_id
        self.prefix = f"/{settings.version}"
        self._token = token
        self.expiry_warning_days = 7

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
