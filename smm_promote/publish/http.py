"""One HTTP client for the REST publishers and one mapping of HTTP failures to publish errors.

    429                    -> RateLimited(retry_at from Retry-After / *-reset headers)
    401, 403               -> AuthError (the platform is paused)
    5xx, timeout, network  -> TransientError (retried with backoff)
    other 4xx              -> PermanentError
    2xx that is not JSON   -> TransientError (the caller reconciles with `find_recent`)

Tokens travel in headers only, never in URLs, and every message is scrubbed of the secrets
the client was given before it leaves this module.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any, ClassVar, Self

import requests

from smm_promote.publish.base import (
    AuthError,
    PermanentError,
    PublishError,
    RateLimited,
    TransientError,
)
from smm_promote.secrets import url_secrets

log = logging.getLogger("smm_promote.publish")

#: Longest platform message quoted in an error.
MESSAGE_CHARS = 200


def redact(text: str, secrets: Iterable[str]) -> str:
    """`text` with every secret replaced by `***`."""
    for value in secrets:
        if value and len(value) >= 4:
            text = text.replace(value, "***")
    return text


class RedactSecrets(logging.Filter):
    """Scrubs every registered secret from log records of the libraries that carry them
    (urllib3 logs request paths with their query strings at DEBUG, for instance)."""

    secrets: ClassVar[set[str]] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if self.secrets:
            message = record.getMessage()
            clean = redact(message, self.secrets)
            if clean != message:
                record.msg, record.args = clean, ()
        return True


#: Loggers whose records may carry request lines, headers or bodies.
_SCRUBBED_LOGGERS = (
    "urllib3.connectionpool",
    "httpx",
    "httpcore",
    "tweepy.client",
    "oauthlib",
    "requests_oauthlib",
    "atproto",
    "smm_promote",
)
_FILTER = RedactSecrets()
for _name in _SCRUBBED_LOGGERS:
    logging.getLogger(_name).addFilter(_FILTER)


def keep_out_of_logs(*secrets: str | None) -> None:
    """Register secrets to scrub from the log records of the libraries above."""
    RedactSecrets.secrets.update(s for s in secrets if s and len(s) >= 4)


def retry_at(headers: Mapping[str, str], now: datetime | None = None) -> datetime | None:
    """When a rate limit lifts, from Retry-After or the platform's reset header."""
    now = now or datetime.now(UTC)
    lower = {k.lower(): v for k, v in headers.items()}
    value = lower.get("retry-after")
    if value:
        try:
            return now + timedelta(seconds=float(value))
        except ValueError:
            try:
                when = parsedate_to_datetime(value)
                return when if when.tzinfo else when.replace(tzinfo=UTC)
            except (TypeError, ValueError):
                pass
    for name in ("x-rate-limit-reset", "x-ratelimit-reset", "ratelimit-reset"):
        value = lower.get(name)
        if not value:
            continue
        try:
            number = float(value)
        except ValueError:
            try:  # Mastodon sends an ISO 8601 time
                when = datetime.fromisoformat(value.replace("Z", "+00:00"))
                return when if when.tzinfo else when.replace(tzinfo=UTC)
            except ValueError:
                continue
        # An epoch time, or (some APIs) seconds from now.
        if number > 10**9:
            return datetime.fromtimestamp(number, UTC)
        return now + timedelta(seconds=number)
    return None


def platform_message(response: requests.Response) -> str:
    """The platform's own words about a failure, from the usual JSON shapes or the text."""
    try:
        body = response.json()
    except ValueError:
        return response.text.strip()[:MESSAGE_CHARS]
    return _message_from(body)[:MESSAGE_CHARS]


def _message_from(body: Any) -> str:
    if isinstance(body, str):
        return body
    if not isinstance(body, dict):
        return ""
    for key in ("error_description", "message", "detail", "error", "title", "errors"):
        value = body.get(key)
        if isinstance(value, dict):
            return _message_from(value)
        if isinstance(value, list) and value:
            return _message_from(value[0])
        if isinstance(value, str) and value:
            return value
    return ""


def error_for(platform: str, response: requests.Response) -> PublishError:
    """The publish error for a failed response (status >= 400)."""
    status = response.status_code
    said = platform_message(response)
    text = f"{platform}: HTTP {status} {response.reason or ''}".rstrip()
    if said:
        text += f": {said}"
    if status == 429:
        when = retry_at(response.headers)
        later = f" (retry after {when:%Y-%m-%d %H:%M:%S} UTC)" if when else ""
        return RateLimited(f"{text}{later}", retry_at=when)
    if status in (401, 403):
        return AuthError(text)
    if status >= 500 or status in (408, 409):
        return TransientError(text)
    return PermanentError(text)


class TimeoutSession(requests.Session):
    """A session whose requests time out by default (tweepy sends none of its own)."""

    def __init__(self, timeout: float) -> None:
        super().__init__()
        self.timeout = timeout

    def request(self, method: Any, url: Any, *args: Any, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", self.timeout)
        return super().request(method, url, *args, **kwargs)


class Api:
    """A requests session bound to one platform: base URL, auth headers, timeout, error mapping."""

    def __init__(
        self,
        platform: str,
        base_url: str,
        *,
        headers: Mapping[str, str] | None = None,
        secrets: Iterable[str] = (),
        timeout: float = 30.0,
        session: requests.Session | None = None,
    ) -> None:
        self.platform = platform
        self.base_url = base_url.rstrip("/")
        self.headers = dict(headers or {})
        # A password or token inside the URL itself is a secret too.
        self.secrets = tuple(s for s in (*secrets, *url_secrets(base_url)) if s)
        keep_out_of_logs(*self.secrets)
        self.timeout = timeout
        self.session = session or requests.Session()

    @classmethod
    def with_bearer(
        cls,
        platform: str,
        base_url: str,
        token: str,
        *,
        timeout: float = 30.0,
        session: requests.Session | None = None,
    ) -> Self:
        """An API authorised by an OAuth bearer token (kept out of every log)."""
        return cls(
            platform,
            base_url,
            headers={"Authorization": f"Bearer {token}"},
            secrets=(token,),
            timeout=timeout,
            session=session,
        )

    def url(self, path: str) -> str:
        return path if path.startswith(("http://", "https://")) else f"{self.base_url}{path}"

    def request(
        self, method: str, path: str, *, ok: tuple[int, ...] = (), **kwargs: Any
    ) -> requests.Response:
        """Send a request; raise the mapped `PublishError` unless it succeeds (or its
        status is one of `ok`)."""
        url = self.url(path)
        if found := [s for s in url_secrets(url) if s not in self.secrets]:
            self.secrets += tuple(found)
            keep_out_of_logs(*found)
        merged = {**self.headers, **kwargs.pop("headers", {})}
        headers = {k: v for k, v in merged.items() if v is not None}  # None drops a header
        try:
            response = self.session.request(
                method, url, headers=headers, timeout=self.timeout, **kwargs
            )
        except requests.Timeout:
            raise self._scrub(
                TransientError(f"{self.platform}: no answer from {url} in {self.timeout:g} s")
            ) from None
        except requests.RequestException as exc:
            raise self._scrub(
                TransientError(f"{self.platform}: could not reach {url}: {type(exc).__name__}")
            ) from None
        log.debug("%s: %s %s -> %s", self.platform, method, url, response.status_code)
        if response.status_code >= 400 and response.status_code not in ok:
            raise self._scrub(self.error_for(response))
        return response

    def error_for(self, response: requests.Response) -> PublishError:
        """Override for platforms that report errors in their own way."""
        return error_for(self.platform, response)

    def json(self, method: str, path: str, **kwargs: Any) -> Any:
        """`request` and decode the JSON answer; a malformed answer is a `TransientError`."""
        response = self.request(method, path, **kwargs)
        return self.decode(response)

    def decode(self, response: requests.Response) -> Any:
        try:
            return response.json()
        except ValueError:
            raise TransientError(
                f"{self.platform}: malformed response from {response.url} "
                f"(HTTP {response.status_code}, not JSON)"
            ) from None

    def _scrub(self, error: PublishError) -> PublishError:
        return scrub(error, self.secrets)


def scrub(error: PublishError, secrets: Iterable[str]) -> PublishError:
    """`error` with every secret removed from its message."""
    error.args = tuple(redact(str(a), secrets) for a in error.args)
    return error
