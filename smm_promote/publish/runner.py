"""The publish loop: post what is due, once, whatever happens (exactly once wherever the
publisher can be asked after a crash; see the README's table of guarantees).

    lock -> reconcile claimed entries -> catch up missed entries -> for each due entry:
            claim (transaction) -> publisher.publish -> record (transaction)

- One run at a time per store: an OS file lock beside the database (released by the OS
  if the process dies).
- An entry is `claimed` in its own transaction before the publisher is called, and
  `posted` in another after. If the process dies between the two, the next run finds it
  still `claimed` and asks the publisher (`find_recent`, by idempotency key or by the
  platform's recent posts) before anything is sent again: found -> `posted`; not found ->
  planned again; cannot tell -> left claimed for the next run.
- What a platform answered is appended to `<store>.sent` (a journal) before it is recorded,
  and recording waits out a store locked by a long `plan` (retrying with backoff). If the
  store stays locked, the run stops with the entry still claimed and its result in the
  journal: the next run records it from there and never sends it again.
- Rate limits move the entry to the platform's reset time and stop that platform for
  this run; server and network errors retry with exponential backoff up to
  `max_attempts`; auth errors fail the entry and pause the platform until
  `smm-promote queue resume PLATFORM`.
- Entries missed by more than `catch_up_hours` move to the next free slots, never burst.
- Each due entry's link is fetched once per run before it is sent (`[publish] check_links`):
  a 404 or 410 holds it, planned, with the reason; a network error does not block. The
  outbox, which publishes nothing, is not checked.

`SMM_PROMOTE_CRASH_AT=N` makes the process kill itself (SIGKILL) at the N-th step, so a
test can stop it at every point of the loop.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from smm_promote.errors import SmmPromoteError
from smm_promote.model import Entry
from smm_promote.publish.base import (
    AuthError,
    PermanentError,
    Publisher,
    PublishError,
    RateLimited,
    TransientError,
)
from smm_promote.publish.links import LinkChecker
from smm_promote.schedule.store import StoreError

CRASH_ENV = "SMM_PROMOTE_CRASH_AT"
#: Longest wait before retrying after server or network errors.
MAX_BACKOFF = timedelta(days=7)
#: Wait after a rate limit that does not say until when.
DEFAULT_RATE_WAIT = timedelta(minutes=15)
#: Seconds waited between attempts to record a result in a locked store (then give up).
RECORD_WAITS: tuple[float, ...] = (0.5, 1, 2, 4, 8, 15, 30, 30, 30, 30)
_steps = 0


def crash_point(label: str) -> None:
    """Count a step; kill this process at the step named by `SMM_PROMOTE_CRASH_AT`."""
    global _steps
    target = os.environ.get(CRASH_ENV)
    if not target:
        return
    _steps += 1
    if _steps == int(target):
        os.kill(os.getpid(), signal.SIGKILL)


class QueueLocked(SmmPromoteError):
    """Another publish run holds the store."""


class Journal:
    """`<store>.sent`: results of sent entries not yet recorded in the store, one JSON line
    each, flushed to disk before the store is written."""

    def __init__(self, store_path: Path) -> None:
        self.path = Path(f"{store_path}.sent")

    def add(self, entry: Entry, remote_id: str, remote_url: str | None) -> None:
        line = json.dumps({"id": entry.id, "key": entry.idempotency_key,
                           "remote_id": remote_id, "remote_url": remote_url})  # fmt: skip
        with open(self.path, "a", encoding="utf-8") as out:
            out.write(line + "\n")
            out.flush()
            os.fsync(out.fileno())

    def results(self) -> dict[str, dict[str, Any]]:
        """Idempotency key -> recorded result (a line cut by a crash is ignored)."""
        found: dict[str, dict[str, Any]] = {}
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return found
        for line in lines:
            try:
                record = json.loads(line)
                found[record["key"]] = record
            except (ValueError, KeyError, TypeError):
                continue
        return found

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)


def _locked(exc: sqlite3.OperationalError) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def with_retry(write: Callable[[], Any], what: str) -> Any:
    """Run a store write, waiting out a store locked by another process."""
    for wait in (*RECORD_WAITS, None):
        try:
            return write()
        except sqlite3.OperationalError as exc:
            if not _locked(exc) or wait is None:
                raise StoreError(f"the queue stayed locked; {what}") from None
            time.sleep(wait)
    return None


class QueueLock:
    """An exclusive, non-blocking lock on `<store>.lock`."""

    def __init__(self, store_path: Path) -> None:
        self.path = Path(f"{store_path}.lock")
        self._handle: Any = None

    def __enter__(self) -> QueueLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._handle = open(self.path, "a+")
        try:
            fcntl.flock(self._handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._handle.close()
            raise QueueLocked(
                f"another `smm-promote publish` is running on {self.path.with_suffix('')}; "
                "try again when it has finished"
            ) from None
        return self

    def __exit__(self, *exc: object) -> None:
        fcntl.flock(self._handle, fcntl.LOCK_UN)
        self._handle.close()


def paused_key(platform: str) -> str:
    return f"paused:{platform}"


def paused(store: Any) -> dict[str, dict[str, str]]:
    """Platforms paused after an auth error: platform -> {reason, at}."""
    return {k.split(":", 1)[1]: store.get_state(k) for k in store.state_keys("paused:")}


def resume(store: Any, platform: str, now: datetime) -> bool:
    """Lift a platform's pause; False when it was not paused."""
    if store.get_state(paused_key(platform)) is None:
        return False
    store.set_state(paused_key(platform), None, now)
    return True


@dataclass
class RunReport:
    """What a publish run did."""

    posted: list[Entry] = field(default_factory=list)
    #: (entry, when it is tried again, why).
    retrying: list[tuple[Entry, datetime, str]] = field(default_factory=list)
    failed: list[tuple[Entry, str]] = field(default_factory=list)
    #: Claimed entries found after a crash: (entry, "posted" | "planned again" | "unknown").
    reconciled: list[tuple[Entry, str]] = field(default_factory=list)
    #: Missed entries moved by catch-up: (entry, new due).
    moved: list[tuple[Entry, datetime]] = field(default_factory=list)
    paused: dict[str, str] = field(default_factory=dict)
    #: Entries that would be posted (dry run), or were held back (paused platform).
    would_post: list[Entry] = field(default_factory=list)
    held: list[Entry] = field(default_factory=list)
    #: Entries held because their link is dead: (entry, why).
    dead_links: list[tuple[Entry, str]] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{len(self.posted)} posted, {len(self.retrying)} to retry, {len(self.failed)} failed,"
            f" {len(self.reconciled)} reconciled, {len(self.moved)} caught up"
            + (f", {len(self.dead_links)} held for a dead link" if self.dead_links else "")
        )


PublisherFactory = Callable[[str], Publisher]


def run(
    config: Any,
    store: Any,
    *,
    now: datetime,
    publishers: PublisherFactory,
    limit: int | None = None,
    platform: str | None = None,
    dry_run: bool = False,
    links: LinkChecker | None = None,
) -> RunReport:
    """Publish the due entries of `store` at `now` through `publishers(platform)`
    (links checked with `links`, by default a fresh `LinkChecker` when configured)."""
    report = RunReport()
    if not config.publish.check_links:
        links = None
    elif links is None:
        links = LinkChecker()
    if dry_run:
        report.would_post = [
            e
            for e in store.due(now, platform=platform, limit=limit)
            if e.platform not in paused(store)
        ]
        return report
    with QueueLock(store.path):
        crash_point("locked")
        _Run(config, store, now, publishers, report, links).go(limit, platform)
    return report


class _Run:
    def __init__(
        self,
        config: Any,
        store: Any,
        now: datetime,
        factory: PublisherFactory,
        report: RunReport,
        links: LinkChecker | None = None,
    ) -> None:
        self.links = links
        self.config = config
        self.settings = config.schedule
        self.store = store
        self.now = now
        self.factory = factory
        self.report = report
        self.publishers: dict[str, Publisher | PublishError] = {}
        self.stopped: set[str] = set(paused(store))
        self.journal = Journal(store.path)

    def publisher(self, platform: str) -> Publisher:
        found = self.publishers.get(platform)
        if found is None:
            try:
                found = self.factory(platform)
            except PublishError as exc:
                found = exc
            self.publishers[platform] = found
        if isinstance(found, PublishError):
            raise found
        return found

    def go(self, limit: int | None, platform: str | None) -> None:
        self.replay_journal()
        self.reconcile()
        self.catch_up()
        done = 0
        for entry in self.store.due(self.now, platform=platform):
            if limit is not None and done >= limit:
                break
            if entry.platform in self.stopped or entry.platform not in self.config.platforms:
                self.report.held.append(entry)  # paused, or no longer in `platforms`
                continue
            if self.dead_link(entry):
                continue
            if self.publish_one(entry):
                done += 1
        self.journal.clear()  # every result in it is recorded

    def replay_journal(self) -> None:
        """Record the results a previous run kept but could not write to the store."""
        kept = self.journal.results()
        for entry in self.store.entries(statuses=("claimed",)) if kept else ():
            result = kept.get(entry.idempotency_key or "")
            if result is None:
                continue
            self.store.set_status(
                entry.id,
                "posted",
                self.now,
                "posted (recorded from the journal of an earlier run)",
                expect=("claimed",),
                attempts=entry.attempts + 1,
                remote_id=result["remote_id"],
                remote_url=result["remote_url"],
                posted_at=self.now,
                last_error=None,
            )
            self.report.reconciled.append((entry, "posted"))
            crash_point("recorded from the journal")
        self.journal.clear()

    def dead_link(self, entry: Entry) -> bool:
        """Hold `entry` when its link is dead (it stays planned, with the reason)."""
        if self.links is None or not entry.link:
            return False
        try:
            if self.publisher(entry.platform).name == "outbox":
                return False  # nothing leaves the machine
        except PublishError:
            return False  # publish_one reports it
        why = self.links.dead(entry.link)
        if why is None:
            return False
        note = f"held: {why}; posted once the page answers"
        if entry.last_error != note:
            self.store.set_status(
                entry.id, "planned", self.now, note, expect=("planned",), last_error=note
            )
        self.report.dead_links.append((entry, why))
        return True

    # -- after a crash -----------------------------------------------------------------

    def reconcile(self) -> None:
        for entry in self.store.entries(statuses=("claimed",)):
            try:
                found = self.publisher(entry.platform).find_recent(entry)
            except (TransientError, RateLimited) as exc:
                self.report.reconciled.append((entry, f"unknown: {exc}"))
                continue  # still claimed: asked again next run, never re-sent blindly
            except PublishError as exc:
                note = f"unconfirmed after a crash ({exc}); check the account, then reschedule"
                self.store.set_status(
                    entry.id, "failed", self.now, note, expect=("claimed",), last_error=note
                )
                self.report.reconciled.append((entry, "failed"))
                continue
            if found is not None:
                self.store.set_status(
                    entry.id,
                    "posted",
                    self.now,
                    "found published after a crash",
                    expect=("claimed",),
                    remote_id=found.remote_id,
                    remote_url=found.remote_url,
                    posted_at=self.now,
                )
                self.report.reconciled.append((entry, "posted"))
            else:
                self.store.set_status(
                    entry.id,
                    "planned",
                    self.now,
                    "not published before a crash",
                    expect=("claimed",),
                )
                self.report.reconciled.append((entry, "planned again"))
            crash_point("reconciled one")

    # -- missed entries ----------------------------------------------------------------

    def catch_up(self) -> None:
        from smm_promote.schedule.planner import boards_for

        window = timedelta(hours=self.settings.catch_up_hours)
        stale = [
            e
            for e in self.store.due(self.now - window)
            if e.platform not in self.stopped and e.platform in self.config.platforms
        ]
        if not stale:
            return
        boards = boards_for(self.config, self.store, sorted({e.platform for e in stale}))
        gap = timedelta(days=self.settings.min_gap_days)
        for entry in stale:
            board = boards[entry.platform]
            board.remove(entry.due, new=entry.new)
            others = [
                e.due
                for e in self.store.entries(post_url=entry.post_url, platform=entry.platform)
                if e.id != entry.id and e.status in ("planned", "claimed", "posted")
            ]

            def allowed(t: datetime, dues: list[datetime] = others) -> bool:
                return all(abs(t - d) >= gap for d in dues)

            due = board.next_free(self.now, new=entry.new, allowed=allowed)
            if due is None:
                due = board.next_free(self.now, new=entry.new)
            if due is None:
                board.add(entry.due, new=entry.new)
                continue
            board.add(due, new=entry.new)
            missed = self.now - entry.due
            self.store.move(entry.id, due, self.now, f"missed by {_hours(missed)}: caught up")
            self.report.moved.append((entry, due))

    # -- one entry ---------------------------------------------------------------------

    def publish_one(self, entry: Entry) -> bool:
        # Resolved before the claim: an unknown publisher stops the run with nothing claimed.
        try:
            publisher: Publisher = self.publisher(entry.platform)
        except PublishError as exc:
            publisher = _Refusing(exc)
        if entry.card_path:  # a share planned long ago: its card is drawn when it is due
            from smm_promote.cards.later import draw_later

            draw_later(entry.card_path)
        claimed = with_retry(
            partial(self.store.claim, entry.id, self.now),
            f"nothing was sent; entry {entry.id} is tried again by the next publish run",
        )
        if claimed is None:
            return False  # taken by someone else
        crash_point("claimed")
        try:
            result = publisher.publish(claimed)
        except RateLimited as exc:
            when = exc.retry_at or self.now + DEFAULT_RATE_WAIT
            when = max(when, self.now)
            self._back(claimed, when, f"rate limited: {exc}", attempts=claimed.attempts)
            self.stopped.add(entry.platform)
            return False
        except TransientError as exc:
            attempts = claimed.attempts + 1
            if attempts >= self.settings.max_attempts:
                self._fail(claimed, f"gave up after {attempts} attempts: {exc}", attempts)
                return False
            minutes = self.settings.backoff_minutes * 2 ** min(attempts - 1, 30)
            delay = min(timedelta(minutes=minutes), MAX_BACKOFF)
            self._back(claimed, self.now + delay, str(exc), attempts=attempts)
            return False
        except AuthError as exc:
            self._fail(claimed, str(exc), claimed.attempts + 1)
            self.store.set_state(
                paused_key(entry.platform), {"reason": str(exc), "at": self.now.isoformat()}
            )
            self.stopped.add(entry.platform)
            self.report.paused[entry.platform] = str(exc)
            return False
        except PermanentError as exc:
            self._fail(claimed, str(exc), claimed.attempts + 1)
            return False
        except Exception as exc:
            note = (
                f"unexpected {type(exc).__name__} ({exc}); it may or may not have been posted:"
                " check the account, then reschedule"
            )
            self._fail(claimed, note, claimed.attempts + 1)
            return False
        self.journal.add(claimed, result.remote_id, result.remote_url)
        crash_point("published, not yet recorded")
        with_retry(
            partial(
                self.store.set_status,
                entry.id,
                "posted",
                self.now,
                "posted",
                expect=("claimed",),
                attempts=claimed.attempts + 1,
                remote_id=result.remote_id,
                remote_url=result.remote_url,
                posted_at=self.now,
                last_error=None,
            ),
            f"entry {entry.id} was posted ({result.remote_url or result.remote_id}); its result"
            f" is kept in {self.journal.path} and the next publish run records it",
        )
        crash_point("recorded")
        self.report.posted.append(
            _with(
                claimed, status="posted", remote_id=result.remote_id, remote_url=result.remote_url
            )
        )
        return True

    def _back(self, entry: Entry, when: datetime, why: str, *, attempts: int) -> None:
        why = _clean(why)
        with_retry(
            partial(
                self.store.set_status,
                entry.id,
                "planned",
                self.now,
                f"retry at {when.isoformat()}: {why}",
                expect=("claimed",),
                due=when,
                attempts=attempts,
                last_error=why,
            ),
            f"entry {entry.id} stays claimed ({why}); the next publish run checks it",
        )
        self.report.retrying.append((entry, when, why))

    def _fail(self, entry: Entry, why: str, attempts: int) -> None:
        why = _clean(why)
        with_retry(
            partial(
                self.store.set_status,
                entry.id,
                "failed",
                self.now,
                why,
                expect=("claimed",),
                attempts=attempts,
                last_error=why,
            ),
            f"entry {entry.id} stays claimed ({why}); the next publish run checks it",
        )
        self.report.failed.append((entry, why))


class _Refusing:
    """Stands in for a publisher that could not be built (e.g. missing credentials)."""

    name = "unavailable"

    def __init__(self, error: PublishError) -> None:
        self.error = error

    def publish(self, entry: Entry) -> Any:
        raise self.error


def _clean(text: str) -> str:
    """`text` without any secret a publisher registered (kept out of the queue's history)."""
    from smm_promote.publish.http import RedactSecrets, redact

    return redact(text, RedactSecrets.secrets)


def _with(entry: Entry, **changes: Any) -> Entry:
    from dataclasses import replace

    return replace(entry, **changes)


def _hours(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    return f"{hours / 24:.1f} days" if hours >= 48 else f"{hours:.1f} h"


def factory_for(
    config: Any, *, override: str | None = None, session: Any = None
) -> PublisherFactory:
    """Publishers from the registry, per platform (`override` = one publisher for all)."""
    from smm_promote.publish.registry import publisher_for

    def make(platform: str) -> Publisher:
        return publisher_for(platform, config, session=session, override=override)

    return make
