"""The one small interface every publisher implements, and the errors they raise.

A publisher turns one due `Entry` into a real post and returns its remote id and url.
It gets its HTTP session or client from outside so tests can hand it a loopback server
or a mock transport. Credentials come from environment variables only and must never
appear in a message, log line or stored error.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from smm_promote.errors import SmmPromoteError
from smm_promote.model import Entry


@dataclass(frozen=True)
class PublishResult:
    remote_id: str
    remote_url: str | None = None
    #: Ids of thread replies after the first post, in order.
    thread_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class AccountStatus:
    platform: str
    ok: bool
    message: str
    #: When the platform tells, the credentials' expiry.
    expires_at: datetime | None = None


class PublishError(SmmPromoteError):
    """A publish failed. Subclasses say what the queue should do with the entry."""


class RateLimited(PublishError):
    """Try again at `retry_at` (from Retry-After / x-rate-limit-reset); not an attempt lost."""

    def __init__(self, message: str, retry_at: datetime | None = None) -> None:
        super().__init__(message)
        self.retry_at = retry_at


class TransientError(PublishError):
    """Server error, timeout or network trouble: retry with backoff up to a limit."""


class AuthError(PublishError):
    """Credentials missing, rejected or expired: fail at once and pause the platform."""


class PermanentError(PublishError):
    """The platform refused this post for good (bad request, too long...): fail at once."""


class Publisher(Protocol):
    """What the queue needs from a platform."""

    #: The platform name (a key of the platform table) or `outbox` / `webhook`.
    name: str

    def publish(self, entry: Entry) -> PublishResult:
        """Post `entry`; raise a `PublishError` subclass on failure."""
        ...

    def check(self) -> AccountStatus:
        """Are the credentials present and accepted? Never posts."""
        ...

    def find_recent(self, entry: Entry) -> PublishResult | None:
        """After a crash: the already-published post for `entry`, if the platform has it."""
        ...
