"""The feed door: poll RSS/Atom feeds and promote the items that appear.

Each poll is a conditional GET (ETag, Last-Modified), so an unchanged feed costs one 304. An
item is new when neither its guid, nor its link, nor its text (title and content, whatever its
date) was seen before in that feed: a re-dated old item is not new. The first poll of a feed
only remembers what is there, unless told to include it. Errors back off (the wait doubles up
to `max_backoff`). State lives in the queue store under `watch:<feed url>`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import requests

from smm_promote.config import Config
from smm_promote.errors import Problems, SourceError
from smm_promote.integrations import meta
from smm_promote.integrations.settings import parse_interval
from smm_promote.model import Post
from smm_promote.sources import feed

STATE_PREFIX = "watch:"
#: How many item keys a feed remembers (guids, links and text hashes of recent items).
MAX_SEEN = 3000

PromoteFn = Callable[..., Any]
PlanFn = Callable[..., Any]


def plan_new(
    posts: Sequence[Post],
    config: Config,
    store: Any,
    *,
    now: datetime,
    cards: Any,
    problems: Problems,
) -> Any:
    """Plan `posts` in `store`; a feed shows only recent items, so nothing else is canceled."""
    from smm_promote.schedule.planner import captions_fn_for, plan

    captions = captions_fn_for(config, problems)
    return plan(posts, config, store, now=now, captions_fn=captions, cards=cards, problems=problems)


@dataclass
class FeedState:
    """What is remembered of one feed between polls."""

    etag: str | None = None
    last_modified: str | None = None
    seen: list[str] = field(default_factory=list)
    failures: int = 0
    retry_at: str | None = None
    last_error: str | None = None
    #: Whether the feed was ever read (the first read only remembers its items).
    read: bool = False

    @classmethod
    def load(cls, value: Any) -> FeedState | None:
        if not isinstance(value, dict):
            return None
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in value.items() if k in known})


@dataclass(frozen=True)
class PollResult:
    """One feed's poll. `status`: first, new, nothing-new, unchanged, waiting or error."""

    url: str
    status: str
    new: tuple[Post, ...] = ()
    remembered: int = 0
    error: str | None = None
    retry_at: datetime | None = None
    promotion: Any = None


@dataclass
class Item:
    """A feed entry as a post, with the keys that identify it."""

    post: Post
    keys: tuple[str, ...]


class Watcher:
    """Polls feeds into the pipeline, keeping each feed's state in `store`."""

    def __init__(
        self,
        config: Config,
        store: Any,
        *,
        include_existing: bool | None = None,
        session: requests.Session | None = None,
        promote: PromoteFn | None = None,
        plan: PlanFn = plan_new,
        problems: Problems | None = None,
    ) -> None:
        from smm_promote.pipeline import promote as pipeline_promote

        self.config = config
        self.store = store
        self.include_existing = (
            config.watch.include_existing if include_existing is None else include_existing
        )
        self.session = session or requests.Session()
        self.promote = promote or pipeline_promote
        self.plan = plan
        self.problems = problems if problems is not None else Problems()
        self.interval = parse_interval(config.watch.interval)
        self.max_backoff = parse_interval(config.watch.max_backoff)

    def poll_all(self, urls: Iterable[str], now: datetime) -> list[PollResult]:
        return [self.poll(url, now) for url in urls]

    def poll(self, url: str, now: datetime) -> PollResult:
        """Poll `url` once (unless it is backing off) and promote what is new."""
        key = STATE_PREFIX + url
        state = FeedState.load(self.store.get_state(key)) or FeedState()
        if state.retry_at and datetime.fromisoformat(state.retry_at) > now:
            return PollResult(url, "waiting", retry_at=datetime.fromisoformat(state.retry_at))
        try:
            fetched = feed.fetch(
                url, etag=state.etag, last_modified=state.last_modified, session=self.session
            )
            items = [] if fetched.content is None else self._items(fetched, url)
        except SourceError as exc:
            return self._failed(key, state, exc, now)
        state.failures, state.retry_at, state.last_error = 0, None, None
        state.etag, state.last_modified = fetched.etag, fetched.last_modified
        if fetched.content is None:
            self.store.set_state(key, dataclasses.asdict(state), now)
            return PollResult(url, "unchanged")
        seen = set(state.seen)
        first_poll, state.read = not state.read, True
        if first_poll and not self.include_existing:
            new: list[Post] = []
        else:
            new = [item.post for item in items if seen.isdisjoint(item.keys)]
        fresh = [k for item in items for k in item.keys if k not in seen]
        state.seen = [*state.seen, *dict.fromkeys(fresh)][-MAX_SEEN:]
        promotion = self._promote(new, now) if new else None
        # Saved after planning: a crash in between polls the items again, and the planner
        # (one share per post, platform and sequence number) does not plan them twice.
        self.store.set_state(key, dataclasses.asdict(state), now)
        status = "first" if first_poll and not new else ("new" if new else "nothing-new")
        return PollResult(url, status, tuple(new), len(items), promotion=promotion)

    def _promote(self, posts: list[Post], now: datetime) -> Any:
        """Cards and captions through the pipeline, then the plan, in the watcher's store."""
        promotion = self.promote(
            posts,
            self.config,
            out_dir=meta.cache_dir(self.config),
            now=now,
            problems=self.problems,
            progress=False,
        )
        if promotion.problems is not self.problems:
            self.problems.extend(promotion.problems)
        promotion.plan = self.plan(
            posts, self.config, self.store, now=now, cards=promotion.cards, problems=self.problems
        )
        return promotion

    def _items(self, fetched: feed.FetchResult, url: str) -> list[Item]:
        parsed = feed.parse(fetched.content or b"", url, fetched.headers)
        return [
            Item(post, item_keys(post, guid))
            for post, guid in feed.posts(parsed, url, self.config, self.problems)
        ]

    def _failed(self, key: str, state: FeedState, exc: SourceError, now: datetime) -> PollResult:
        state.failures += 1
        wait = min(self.interval * 2 ** (state.failures - 1), self.max_backoff)
        retry = now + timedelta(seconds=wait)
        state.retry_at, state.last_error = retry.isoformat(), exc.message
        self.store.set_state(key, dataclasses.asdict(state), now)
        self.problems.add(
            exc.where, f"{exc.message}; next try at {retry.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
        )
        return PollResult(
            key.removeprefix(STATE_PREFIX), "error", error=exc.message, retry_at=retry
        )


def item_keys(post: Post, guid: Any) -> tuple[str, ...]:
    """The guid, the link and a hash of the text (not the dates) that identify an item."""
    undated = dataclasses.replace(post, date=None, updated=None, url="", source="")
    text = hashlib.sha256(undated.content_hash.encode()).hexdigest()[:16]
    keys = [f"text:{text}", f"link:{post.url}"]
    if guid:
        keys.insert(0, f"guid:{guid}")
    return tuple(keys)


def watch(
    urls: Sequence[str],
    config: Config,
    store: Any,
    *,
    once: bool = False,
    interval: float | None = None,
    include_existing: bool | None = None,
    report: Callable[[list[PollResult]], None] | None = None,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    sleep: Callable[[float], None] = time.sleep,
    session: requests.Session | None = None,
    problems: Problems | None = None,
) -> list[PollResult]:
    """Poll `urls` every `interval` seconds (or once); returns the last round's results."""
    watcher = Watcher(
        config, store, include_existing=include_existing, session=session, problems=problems
    )
    wait = interval or watcher.interval
    while True:
        results = watcher.poll_all(urls, clock())
        if report:
            report(results)
        if once:
            return results
        sleep(wait)
