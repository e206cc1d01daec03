"""Helpers for the queue tests (no tests here): config, posts, captions and a fake publisher."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from smm_promote.config import Config
from smm_promote.model import Caption, Entry, Post
from smm_promote.publish.base import AccountStatus, PublishResult

#: A fixed clock: Monday 2026-03-16 08:00 UTC (09:00 in Berlin), two weeks before DST.
NOW = datetime(2026, 3, 16, 8, 0, tzinfo=UTC)


def make_config(tmp: Path | None = None, **schedule: Any) -> Config:
    data: dict[str, Any] = {
        "site_url": "https://blog.example.com",
        "timezone": schedule.pop("timezone", "Europe/Berlin"),
        "platforms": schedule.pop("platforms", ["x", "mastodon"]),
        "schedule": schedule,
        # Queue tests never reach the network (tests/test_publish_links.py checks links).
        "publish": {"check_links": schedule.pop("check_links", False)},
    }
    if "per_platform" in schedule:
        schedule["platforms"] = schedule.pop("per_platform")
    if tmp is not None:
        data["publish"]["outbox"] = str(tmp / "outbox")
        data["schedule"].setdefault("store", str(tmp / "queue.db"))
    return Config.from_mapping(data, base_dir=tmp)


def make_post(n: int, *, age_days: float = 400, now: datetime = NOW, **fields: Any) -> Post:
    fields.setdefault("title", f"Post number {n}")
    fields.setdefault("body", f"Body of post {n}. " * 40)
    return Post(
        url=fields.pop("url", f"https://blog.example.com/posts/{n}/"),
        date=fields.pop("date", now - timedelta(days=age_days)),
        **fields,
    )


def fake_caption(post: Post, platform: str, variant: str, rotation: int) -> Caption:
    text = f"[{variant}] {post.title} {post.url}"
    return Caption(platform, variant, text, len(text), 500, link=post.url)


def refusing(*variants: str) -> Callable[[Post, str, str, int], Caption | None]:
    """A captions_fn that cannot write the given variants (like a post without a quote)."""

    def write(post: Post, platform: str, variant: str, rotation: int) -> Caption | None:
        return None if variant in variants else fake_caption(post, platform, variant, rotation)

    return write


class FakePublisher:
    """Answers from a script: each publish pops the next outcome (a result or an error)."""

    def __init__(self, name: str = "x", outcomes: list[Any] | None = None) -> None:
        self.name = name
        self.outcomes = list(outcomes or [])
        self.sent: list[Entry] = []
        self.recent: dict[str, PublishResult] = {}

    def publish(self, entry: Entry) -> PublishResult:
        outcome = self.outcomes.pop(0) if self.outcomes else None
        if isinstance(outcome, Exception):
            raise outcome
        self.sent.append(entry)
        result = outcome or PublishResult(f"id-{entry.id}", f"https://social.example/{entry.id}")
        self.recent[entry.idempotency_key] = result
        return result

    def check(self) -> AccountStatus:
        return AccountStatus(self.name, True, "ok")

    def find_recent(self, entry: Entry) -> PublishResult | None:
        return self.recent.get(entry.idempotency_key)
