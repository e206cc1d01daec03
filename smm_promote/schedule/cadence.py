"""When a post is shared: the first share, the evergreen offsets, and what each share looks like.

Pure functions of (post, rules, anchor, now). A share is numbered by `seq`: 0 is the first
share of a new post, 1..n the evergreen offsets in order. The number is stable, so planning
again finds the same share in the store instead of adding another.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from smm_promote.model import Post
from smm_promote.schedule.settings import ScheduleSettings

DAY = timedelta(days=1)
#: Shares announcing an update of the post are numbered from here (100, 101, ...).
UPDATE_SEQ = 100


@dataclass(frozen=True, slots=True)
class Share:
    """One share to plan: its number, the earliest time it may go out, and its kind."""

    seq: int
    target: datetime
    new: bool


def is_new(post: Post, now: datetime, settings: ScheduleSettings) -> bool:
    """A post dated within `new_days` before `now` is new and announced at once."""
    return post.date is not None and now - post.date <= settings.new_days * DAY


def is_back_catalogue(post: Post, now: datetime, offsets: tuple[int, ...]) -> bool:
    """Older than its whole cadence (or undated): its drip starts when first planned."""
    if post.date is None:
        return True
    return not offsets or post.date + offsets[-1] * DAY < now


def waiting(post: Post, now: datetime) -> str | None:
    """Why a post gets no shares yet (or at all), or None when it may be planned."""
    if not post.promote:
        return "promote: false"
    if post.draft:
        return "draft"
    if post.date is not None and post.date > now:
        return "dated in the future"
    if post.expires is not None and post.expires <= now:
        return "expired"
    return None


def shares(
    post: Post,
    offsets: tuple[int, ...],
    *,
    anchor: datetime,
    announce: bool,
    now: datetime,
    since: datetime | None = None,
) -> list[Share]:
    """The shares of `post` from `anchor` (its date, or the day a back-catalogue post is
    first planned): the announcement when `announce`, then each offset due at or after
    `since` (default `now`: what was already past when the post was first planned is
    dropped, never planned into the past). Not evergreen: only the announcement. A share
    whose time has passed since (it found no slot then) targets `now`."""
    since = since or now
    found = [Share(0, now, True)] if announce else []
    if post.evergreen:
        for seq, days in enumerate(offsets, start=1):
            target = anchor + days * DAY
            if target >= since:
                found.append(Share(seq, max(target, now), False))
    if post.expires is not None:
        found = [s for s in found if s.target < post.expires]
    return found


def variant_for(
    post: Post,
    seq: int,
    index: int,
    *,
    when: datetime,
    previous: str | None,
    settings: ScheduleSettings,
) -> str:
    """Caption variant of a share: `announce` first, `updated` after an update, `archive`
    when the post is old by the share's time `when`, else the rotation; never the same as
    the `previous` share's."""
    if seq == 0:
        return "announce"
    if seq >= UPDATE_SEQ:
        return "updated"
    rotation = _rotation(tuple(settings.variants))
    old = post.date is not None and when - post.date > settings.archive_after_days * DAY
    if old and previous != "archive":
        return "archive"
    choice = rotation[index % len(rotation)]
    if choice == previous:
        choice = rotation[(index + 1) % len(rotation)]
    return choice


@cache
def _rotation(variants: tuple[str, ...]) -> tuple[str, ...]:
    """The variants reposts rotate through."""
    return tuple(v for v in variants if v not in ("announce", "archive")) or ("summary",)


def template_for(
    index: int, previous: str | None, settings: ScheduleSettings, available: list[str]
) -> str | None:
    """Card template of the `index`-th share: the configured rotation among `available`,
    never the same as the `previous` share's when there is a choice."""
    order = [t for t in settings.templates if t in available] or sorted(available)
    if not order:
        return None
    choice = order[index % len(order)]
    if choice == previous:
        choice = order[(index + 1) % len(order)]
    return choice
