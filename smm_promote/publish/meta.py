"""What Facebook Pages, Threads and Instagram share: the Graph API's error format, its
two-step media containers, and token inspection for expiry warnings."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import requests

from smm_promote.publish.base import (
    AccountStatus,
    AuthError,
    PermanentError,
    PublishError,
    RateLimited,
    TransientError,
)
from smm_promote.publish.env import require_setting, secret
from smm_promote.publish.http import Api, error_for, platform_message

#: Graph API error codes meaning "slow down" (app, user, page and business use case limits).
RATE_CODES = {4, 17, 32, 613, *range(80001, 80015)}
#: Codes meaning the token or its permissions are not good (190: expired or revoked).
AUTH_CODES = {102, 190, 10, *range(200, 300)}
#: Polls of a media container, `CONTAINER_WAIT` seconds apart, before giving up for now.
CONTAINER_POLLS = 30
CONTAINER_WAIT = 2.0


class GraphApi(Api):
    """An `Api` that reads the Graph API's `{"error": {"code": ..., "message": ...}}`."""

    def error_for(self, response: requests.Response) -> PublishError:
        try:
            error = response.json().get("error") or {}
        except (ValueError, AttributeError):
            error = {}
        if not isinstance(error, dict) or "code" not in error:
            return error_for(self.platform, response)
        code = error.get("code")
        text = f"{self.platform}: HTTP {response.status_code}: {platform_message(response)}"
        text += f" (code {code})"
        if code in RATE_CODES or response.status_code == 429:
            when = _regain_at(response.headers)
            return RateLimited(text, retry_at=when)
        if code in AUTH_CODES or response.status_code in (401, 403):
            return AuthError(text)
        if error.get("is_transient") or code in (1, 2) or response.status_code >= 500:
            return TransientError(text)
        return PermanentError(text)


def _regain_at(headers: Any) -> datetime | None:
    """From the usage headers' `estimated_time_to_regain_access` (minutes), when given."""
    for name in ("x-business-use-case-usage", "x-app-usage", "x-page-usage"):
        raw = headers.get(name)
        if not raw:
            continue
        try:
            usage = json.loads(raw)
        except ValueError:
            continue
        values = [item for items in usage.values() if isinstance(items, list) for item in items]
        minutes = max((v.get("estimated_time_to_regain_access", 0) for v in values), default=0)
        if minutes:
            return datetime.now(UTC) + timedelta(minutes=minutes)
    return None


def publish_container(
    api: Api,
    prefix: str,
    owner: str,
    fields: dict[str, Any],
    *,
    create: str,
    publish: str,
    status_field: str,
    sleep: Callable[[float], None] = time.sleep,
) -> str:
    """Create a media container, wait until it is ready, publish it; return the post id."""
    container = api.json("POST", f"{prefix}/{owner}/{create}", data=fields)
    container_id = require_id(api, container, "container")
    for _ in range(CONTAINER_POLLS):
        state = api.json("GET", f"{prefix}/{container_id}", params={"fields": status_field})
        status = state.get(status_field, "FINISHED")
        if status in ("FINISHED", "PUBLISHED"):
            break
        if status in ("ERROR", "EXPIRED"):
            said = state.get("error_message") or state.get("status") or status
            raise PermanentError(f"{api.platform}: the media container failed: {said}")
        sleep(CONTAINER_WAIT)
    else:
        raise TransientError(f"{api.platform}: the media container is still processing")
    made = api.json("POST", f"{prefix}/{owner}/{publish}", data={"creation_id": container_id})
    return require_id(api, made, "post")


def permalink(api: Api, prefix: str, post_id: str) -> str | None:
    """The post's public URL; None when the platform will not say (the post stands anyway)."""
    try:
        return api.json("GET", f"{prefix}/{post_id}", params={"fields": "permalink"}).get(
            "permalink"
        )
    except PublishError:
        return None


def require_id(api: Api, answer: Any, what: str) -> str:
    if not isinstance(answer, dict) or not answer.get("id"):
        raise TransientError(f"{api.platform}: the {what} was answered without an id")
    return str(answer["id"])


def token_status(
    api: Api, prefix: str, token: str, who: str, warn_days: int, now: datetime | None = None
) -> AccountStatus:
    """Inspect the token with `/debug_token`: valid, whose, and when it expires."""
    now = now or datetime.now(UTC)
    try:
        data = api.json("GET", f"{prefix}/debug_token", params={"input_token": token}).get(
            "data", {}
        )
    except PublishError as exc:
        return AccountStatus(api.platform, False, str(exc))
    if not data.get("is_valid", False):
        said = (data.get("error") or {}).get("message", "the token is not valid")
        return AccountStatus(api.platform, False, f"{api.platform}: {said}")
    expires = data.get("expires_at") or 0
    expires_at = datetime.fromtimestamp(expires, UTC) if expires else None
    message = f"token accepted for {who}"
    if expires_at is None:
        message += ", does not expire"
    else:
        days = (expires_at - now).days
        message += f", expires {expires_at:%Y-%m-%d}"
        if days < warn_days:
            message += f" (in {days} days: renew it soon)"
    return AccountStatus(api.platform, True, message, expires_at=expires_at)


class GraphAccount:
    """`from_config` of the publishers that post as one Graph API account (a Facebook Page,
    an Instagram professional account): its id setting, its token variable, expiry warnings."""

    name: str
    #: The settings key holding the account id, an example of it, and the token's variable.
    id_setting: str
    id_example: str
    token_variable: str
    expiry_warning_days: int

    @classmethod
    def from_config(cls, config: Any, *, session: requests.Session | None = None) -> Any:
        settings = getattr(config.publish, cls.name)
        require_setting(getattr(settings, cls.id_setting), cls.name, cls.id_setting, cls.id_example)
        token = secret(cls.token_variable, cls.name)
        api = GraphApi.with_bearer(
            cls.name, settings.graph_url, token, timeout=settings.timeout, session=session
        )
        publisher = cls(api, settings, token)  # type: ignore[call-arg]
        publisher.expiry_warning_days = config.publish.expiry_warning_days
        return publisher
