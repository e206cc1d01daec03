"""LinkedIn through its Posts API: an article post with the card as thumbnail.

The commentary is "little text": its reserved characters must be backslash-escaped or
LinkedIn silently cuts the post at the first one. Hashtags become hashtag templates.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import requests

from smm_promote.config import Config
from smm_promote.model import Entry
from smm_promote.publish.base import AccountStatus, PublishError, PublishResult, TransientError
from smm_promote.publish.common import is_same_post, posted_before, read_card, spans
from smm_promote.publish.env import optional, require_setting, secret
from smm_promote.publish.http import Api, keep_out_of_logs
from smm_promote.publish.settings import LinkedInSettings

log = logging.getLogger("smm_promote.publish")

#: Characters little text reserves (https://learn.microsoft.com/linkedin/.../little-text-format).
RESERVED = set("\\|{}@[]()<>#*_~")


def escape_little_text(text: str) -> str:
    """Backslash-escape reserved characters; hashtags become `{hashtag|\\#|Tag}` templates."""
    out: list[str] = []
    at = 0
    for span in spans(text):
        if span.kind != "tag":
            continue
        out.append(_escape(text[at : span.start]))
        out.append("{hashtag|\\#|" + _escape(span.value) + "}")
        at = span.end
    out.append(_escape(text[at:]))
    return "".join(out)


def _escape(text: str) -> str:
    return "".join(f"\\{c}" if c in RESERVED else c for c in text)


class LinkedInPublisher:
    name = "linkedin"

    def __init__(self, api: Api, settings: LinkedInSettings, token: str = "") -> None:
        self.api = api
        self.settings = settings
        self.author = settings.author
        self._token = token

    @classmethod
    def from_config(
        cls, config: Config, *, session: requests.Session | None = None
    ) -> LinkedInPublisher:
        settings = config.publish.linkedin
        require_setting(settings.author, "linkedin", "author", '"urn:li:person:AbC123"')
        token = secret("SMM_LINKEDIN_ACCESS_TOKEN", "linkedin")
        api = Api(
            "linkedin",
            settings.api_url,
            headers={
                "Authorization": f"Bearer {token}",
                "Linkedin-Version": settings.version,
                "X-Restli-Protocol-Version": "2.0.0",
            },
            secrets=(token,),
            timeout=settings.timeout,
            session=session,
        )
        return cls(api, settings, token)

    def publish(self, entry: Entry) -> PublishResult:
        if (earlier := posted_before(self, entry)) is not None:
            return earlier
        if entry.parts:
            log.warning(
                "linkedin: entry %s: LinkedIn has no threads; posting the first part only", entry.id
            )
        body: dict[str, Any] = {
            "author": self.author,
            "commentary": escape_little_text(entry.text),
            "visibility": "PUBLIC",
            "distribution": {
                "feedDistribution": "MAIN_FEED",
                "targetEntities": [],
                "thirdPartyDistributionChannels": [],
            },
            "lifecycleState": "PUBLISHED",
            "isReshareDisabledByAuthor": False,
        }
        if entry.link:
            article: dict[str, Any] = {
                "source": entry.link,
                "title": entry.title or entry.link,
                "description": entry.description,
            }
            card = read_card(entry, self.name)
            if card is not None:
                article["thumbnail"] = self._upload(card[0])
            body["content"] = {"article": article}
        response = self.api.request("POST", "/rest/posts", json=body)
        urn = response.headers.get("x-restli-id")
        if not urn:
            raise TransientError("linkedin: the post was accepted without an id (x-restli-id)")
        log.info("linkedin: entry %s posted as %s", entry.id, urn)
        return PublishResult(urn, _url(urn))

    def _upload(self, data: bytes) -> str:
        """Upload the card through the Images API; return its image URN."""
        answer = self.api.json(
            "POST",
            "/rest/images",
            params={"action": "initializeUpload"},
            json={"initializeUploadRequest": {"owner": self.author}},
        )
        try:
            value = answer["value"]
            upload_url, image = value["uploadUrl"], value["image"]
        except (KeyError, TypeError):
            raise TransientError("linkedin: image upload answered without an upload URL") from None
        self.api.request(
            "PUT", upload_url, data=data, headers={"Content-Type": "application/octet-stream"}
        )
        return image

    def check(self) -> AccountStatus:
        try:
            me = self.api.json("GET", "/v2/userinfo")
        except PublishError as exc:
            return AccountStatus(self.name, False, str(exc))
        message = f"authenticated as {me.get('name', '?')}, posting as {self.author}"
        expires_at = self._expiry()
        if expires_at is not None:
            message += f", token expires {expires_at:%Y-%m-%d}"
        return AccountStatus(self.name, True, message, expires_at=expires_at)

    def _expiry(self) -> datetime | None:
        """The token's expiry from LinkedIn's token introspection, which needs the app's
        client id and secret (optional: `SMM_LINKEDIN_CLIENT_ID`, `SMM_LINKEDIN_CLIENT_SECRET`)."""
        client_id, client_secret = (
            optional("SMM_LINKEDIN_CLIENT_ID"),
            optional("SMM_LINKEDIN_CLIENT_SECRET"),
        )
        if not (client_id and client_secret and self._token):
            return None
        keep_out_of_logs(client_secret)
        try:
            answer = self.api.json(
                "POST",
                f"{self.settings.oauth_url}/oauth/v2/introspectToken",
                data={"client_id": client_id, "client_secret": client_secret, "token": self._token},
                headers={"Authorization": None},
            )
        except PublishError:
            return None
        expires = answer.get("expires_at") if isinstance(answer, dict) else None
        return datetime.fromtimestamp(expires, UTC) if expires else None

    def find_recent(self, entry: Entry) -> PublishResult | None:
        answer = self.api.json(
            "GET",
            f"/rest/posts?q=author&author={quote(self.author, safe='')}&count=10",
            headers={"X-RestLi-Method": "FINDER"},
        )
        for post in answer.get("elements", ()):
            created = post.get("createdAt")
            when = datetime.fromtimestamp(created / 1000, UTC) if created else None
            source = ((post.get("content") or {}).get("article") or {}).get("source")
            text = post.get("commentary", "").replace("\\", "")
            if is_same_post(entry, text, when, (source,) if source else ()):
                return PublishResult(post["id"], _url(post["id"]))
        return None


def _url(urn: str) -> str:
    return f"https://www.linkedin.com/feed/update/{urn}/"
