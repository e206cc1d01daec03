"""`accounts check`: per enabled platform, are the credentials there and accepted? Never posts."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from smm_promote.config import Config
from smm_promote.errors import SmmPromoteError
from smm_promote.publish.base import AccountStatus
from smm_promote.publish.env import missing, optional
from smm_promote.publish.registry import publisher_for, publisher_name


def enabled(config: Config) -> list[str]:
    """The platforms to check: the configured ones, and the webhook when it has a URL."""
    names = list(config.platforms)
    if config.publish.webhook.url or optional("SMM_WEBHOOK_URL"):
        names.append("webhook")
    return names


def check_account(platform: str, config: Config, *, session: Any = None) -> AccountStatus:
    """One platform's status; missing variables are all named at once, never their values."""
    name = publisher_name(platform, config)
    absent = missing(name)
    if absent:
        return AccountStatus(
            platform, False, f"missing environment variable(s): {', '.join(absent)}"
        )
    try:
        status = publisher_for(platform, config, session=session).check()
    except SmmPromoteError as exc:
        return AccountStatus(platform, False, str(exc))
    if name != platform:
        status = AccountStatus(platform, status.ok, f"[{name}] {status.message}", status.expires_at)
    return status


def check_accounts(
    config: Config, platforms: Iterable[str] | None = None, *, session: Any = None
) -> list[AccountStatus]:
    return [check_account(p, config, session=session) for p in (platforms or enabled(config))]


def expiring(status: AccountStatus, config: Config, now: datetime | None = None) -> bool:
    """Does the token expire within `[publish] expiry_warning_days`?"""
    if status.expires_at is None:
        return False
    now = now or datetime.now(UTC)
    return status.expires_at - now < timedelta(days=config.publish.expiry_warning_days)
