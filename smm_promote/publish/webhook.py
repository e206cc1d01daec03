"""A webhook: POST each due entry as JSON to a URL (Zapier, n8n, Make, your own endpoint).

The body carries an `Idempotency-Key` header; with `SMM_WEBHOOK_SECRET` set it is also
signed (`X-Smm-Promote-Signature: sha256=<hex HMAC of the body>`) so the receiver can check
it came from here.

Delivery is at least once: a run killed after the receiver got the POST but before the
result was recorded cannot ask a plain webhook, so the next run sends it again with the
same `Idempotency-Key` (receivers dedupe on it, as with every webhook system). With
`status_url` set, the next run asks the receiver first (`GET status_url` with `{key}`
filled in: 2xx = delivered, 404/410 = not), which makes it exactly once.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from datetime import datetime
from typing import Any
from urllib.parse import quote

import requests

from smm_promote import __version__
from smm_promote.config import Config
from smm_promote.model import Entry
from smm_promote.publish.base import AccountStatus, PublishResult
from smm_promote.publish.common import entry_key
from smm_promote.publish.env import optional, require_setting
from smm_promote.publish.http import Api
from smm_promote.publish.settings import WebhookSettings
from smm_promote.secrets import redact_url

log = logging.getLogger("smm_promote.publish")

SIGNATURE_HEADER = "X-Smm-Promote-Signature"
#: The entry fields sent; queue bookkeeping (attempts, errors) stays home.
FIELDS = (
    "id", "post_url", "platform", "variant", "text", "parts", "link", "title", "description",
    "card_url", "alt", "lang", "due",
)  # fmt: skip


def payload(entry: Entry) -> dict[str, Any]:
    """The JSON body for `entry`."""
    body: dict[str, Any] = {}
    for name in FIELDS:
        value = getattr(entry, name)
        if isinstance(value, datetime):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        body[name] = value
    body["idempotency_key"] = entry_key(entry)
    return body


def sign(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class WebhookPublisher:
    name = "webhook"

    def __init__(self, api: Api, url: str, secret: str | None = None, status_url: str = "") -> None:
        self.api = api
        self.url = url
        self._secret = secret
        self.status_url = status_url

    @classmethod
    def from_config(
        cls, config: Config, *, session: requests.Session | None = None
    ) -> WebhookPublisher:
        settings: WebhookSettings = config.publish.webhook
        # Hook URLs often carry their own secret: SMM_WEBHOOK_URL keeps it out of the config.
        url = optional("SMM_WEBHOOK_URL") or settings.url
        require_setting(url, "webhook", "url", '"https://hooks.example.com/x"')
        secret = optional("SMM_WEBHOOK_SECRET")
        api = Api(
            "webhook",
            url,
            headers={"User-Agent": f"smm-promote/{__version__}"},
            secrets=tuple(s for s in (secret, optional("SMM_WEBHOOK_URL")) if s),
            timeout=settings.timeout,
            session=session,
        )
        return cls(api, url, secret, settings.status_url)

    def publish(self, entry: Entry) -> PublishResult:
        body = json.dumps(payload(entry), ensure_ascii=False, sort_keys=True).encode()
        headers = {"Content-Type": "application/json", "Idempotency-Key": entry_key(entry)}
        if self._secret:
            headers[SIGNATURE_HEADER] = sign(body, self._secret)
        response = self.api.request("POST", self.url, data=body, headers=headers)
        answer: dict[str, Any] = {}
        if response.content:
            try:
                decoded = response.json()
                answer = decoded if isinstance(decoded, dict) else {}
            except ValueError:
                answer = {}
        remote_id = str(answer.get("id") or entry_key(entry))
        log.info("webhook: entry %s delivered (%s)", entry.id, response.status_code)
        return PublishResult(remote_id, answer.get("url"))

    def check(self) -> AccountStatus:
        signed = "signed with SMM_WEBHOOK_SECRET" if self._secret else "unsigned"
        where = "SMM_WEBHOOK_URL" if optional("SMM_WEBHOOK_URL") else redact_url(self.url)
        return AccountStatus(self.name, True, f"posts to {where} ({signed}); not contacted")

    def find_recent(self, entry: Entry) -> PublishResult | None:
        """Ask `status_url` whether the receiver got `entry`. Without one a webhook cannot
        be asked: None, so it is sent again with the same Idempotency-Key."""
        if not self.status_url:
            return None
        key = entry_key(entry)
        url = self.status_url.replace("{key}", quote(key, safe=""))
        response = self.api.request("GET", url, ok=(404, 410), headers={"Idempotency-Key": key})
        if response.status_code in (404, 410):
            return None
        answer: dict[str, Any] = {}
        try:
            decoded = response.json() if response.content else {}
            answer = decoded if isinstance(decoded, dict) else {}
        except ValueError:
            pass
        return PublishResult(str(answer.get("id") or key), answer.get("url"))
