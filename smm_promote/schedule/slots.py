"""Weekly posting slots in the blogger's timezone, and finding the next free one.

A slot is a wall-clock time on some weekdays ("mon-fri 09:00"). Slots keep their wall-clock
time across daylight-saving changes; a slot that does not exist on a spring-forward day is
skipped that day, and an ambiguous one (autumn) is the first of the two instants.

`Board` holds what is already taken on one platform (slots, shares per local day) and
answers "the first free slot at or after t" for new posts and for reposts; it skips full
days with a union-find "next open day" pointer so filling a year of slots stays linear.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SLOT_RE = re.compile(r"^\s*(?:(?P<days>[a-z,\-\s]+?)\s+)?(?P<h>\d{1,2}):(?P<m>\d{2})\s*$", re.I)
#: How far past its target a share may be pushed before the planner gives up on it.
SEARCH_DAYS = 800


@dataclass(frozen=True)
class Slot:
    weekdays: frozenset[int]
    at: time


def parse_slot(text: str) -> Slot:
    """Parse "mon-fri 09:00", "sat,sun 10:30", "daily 12:00" or "12:00" (every day)."""
    match = _SLOT_RE.match(text.lower())
    if not match:
        raise ValueError(f"expected a slot like 'mon-fri 09:00' or 'daily 12:00', got {text!r}")
    hour, minute = int(match["h"]), int(match["m"])
    if hour > 23 or minute > 59:
        raise ValueError(f"no such time of day in slot {text!r}")
    days = (match["days"] or "daily").replace(" ", "")
    weekdays: set[int] = set()
    for part in days.split(","):
        if part in ("daily", "every", "all", "*"):
            weekdays.update(range(7))
        elif "-" in part:
            first, _, last = part.partition("-")
            if first[:3] not in DAYS or last[:3] not in DAYS:
                raise ValueError(f"unknown weekday in slot {text!r}; use mon..sun")
            a, b = DAYS.index(first[:3]), DAYS.index(last[:3])
            weekdays.update(range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)])
        elif part[:3] in DAYS:
            weekdays.add(DAYS.index(part[:3]))
        else:
            raise ValueError(f"unknown weekday {part!r} in slot {text!r}; use mon..sun")
    return Slot(frozenset(weekdays), time(hour, minute))


def wall_to_utc(day: date, at: time, tz: ZoneInfo) -> datetime | None:
    """The UTC instant of a wall-clock time, or None when that time does not exist that day."""
    local = datetime.combine(day, at, tzinfo=tz)
    instant = local.astimezone(UTC)
    back = instant.astimezone(tz)
    if (back.date(), back.time()) != (day, at):
        return None  # in the spring-forward gap
    return instant


class Week:
    """The slots of one platform: the instants of any local day, cached per day."""

    def __init__(self, slots: Iterable[str | Slot], tz: ZoneInfo) -> None:
        parsed = [s if isinstance(s, Slot) else parse_slot(s) for s in slots]
        self.tz = tz
        self._by_weekday = [sorted({s.at for s in parsed if wd in s.weekdays}) for wd in range(7)]
        #: No slot on any day.
        self.empty = not any(self._by_weekday)
        self._cache: dict[int, tuple[datetime, ...]] = {}
        self._us: dict[int, tuple[tuple[int, ...], frozenset[int]]] = {}
        #: The local day of each instant met so far (epoch microseconds).
        self._day_of: dict[int, int] = {}

    def day(self, ordinal: int) -> tuple[datetime, ...]:
        """The UTC instants of the slots on a local day (by `date.toordinal()`)."""
        found = self._cache.get(ordinal)
        if found is None:
            d = date.fromordinal(ordinal)
            found = tuple(
                t
                for at in self._by_weekday[d.weekday()]
                if (t := wall_to_utc(d, at, self.tz)) is not None
            )
            self._cache[ordinal] = found
        return found

    def day_us(self, ordinal: int) -> tuple[tuple[int, ...], frozenset[int]]:
        """`day(ordinal)` in epoch microseconds, in order and as a set."""
        found = self._us.get(ordinal)
        if found is None:
            instants = tuple(to_us(t) for t in self.day(ordinal))
            found = self._us[ordinal] = (instants, frozenset(instants))
            self._day_of.update(dict.fromkeys(instants, ordinal))
        return found

    def local_ordinal(self, instant: datetime) -> int:
        return instant.astimezone(self.tz).date().toordinal()

    def local_ordinal_us(self, instant: int) -> int:
        """`local_ordinal` of an instant in epoch microseconds."""
        found = self._day_of.get(instant)
        if found is None:
            local = (EPOCH + timedelta(microseconds=instant)).astimezone(self.tz)
            found = self._day_of[instant] = local.toordinal()
        return found

    def is_slot(self, instant: datetime) -> bool:
        return instant in self.day(self.local_ordinal(instant))


class _NextOpen:
    """Union-find over day ordinals: `find(d)` is the first day >= d not marked full."""

    def __init__(self) -> None:
        self._parent: dict[int, int] = {}

    def find(self, day: int) -> int:
        root = day
        while root in self._parent:
            root = self._parent[root]
        while day != root:  # path compression
            self._parent[day], day = root, self._parent[day]
        return root

    def close(self, day: int) -> None:
        self._parent[day] = day + 1


class Board:
    """What is taken on one platform, and the rules for taking more.

    New posts may fill a day up to `daily_cap`; reposts up to `daily_cap - reserved`, so
    every day keeps `reserved` shares for new posts. Times are kept as epoch microseconds
    (`take`, `first_free`); `add`, `remove` and `next_free` take and give datetimes. Each
    day's counts (shares, reposts, slots taken) make "is this day full" one lookup.
    """

    def __init__(self, week: Week, daily_cap: int, reserved: int = 0) -> None:
        self.week = week
        self.daily_cap = daily_cap
        self.reserved = reserved
        self._taken: set[int] = set()
        self._per_day: dict[int, int] = {}
        self._reposts_per_day: dict[int, int] = {}
        #: How many of each day's slots are in `_taken`, and (once searched) the others.
        self._slots_taken: dict[int, int] = {}
        self._free: dict[int, list[int]] = {}
        self._open_new = _NextOpen()
        self._open_repost = _NextOpen()
        self._stale = False

    def add(self, due: datetime, *, new: bool) -> None:
        """Record a share at `due` (a slot or any time a person chose)."""
        self.take(to_us(due), new=new)

    def take(self, due: int, *, new: bool) -> None:
        """`add` for a time in epoch microseconds."""
        day = self.week.local_ordinal_us(due)
        instants, slots = self.week.day_us(day)
        taken = self._slots_taken.get(day, 0)
        if due not in self._taken:
            self._taken.add(due)
            if due in slots:
                taken = self._slots_taken[day] = taken + 1
                if day in self._free:
                    self._free[day].remove(due)
        shares = self._per_day[day] = self._per_day.get(day, 0) + 1
        reposts = self._reposts_per_day.get(day, 0)
        if not new:
            reposts = self._reposts_per_day[day] = reposts + 1
        # As `_full`, for new posts and for reposts (a day full for one is full for both).
        if shares >= self.daily_cap or taken >= len(instants):
            self._open_new.close(day)
            self._open_repost.close(day)
        elif reposts >= self.daily_cap - self.reserved:
            self._open_repost.close(day)

    def remove(self, due: datetime, *, new: bool) -> None:
        """Forget a share (a canceled or moved entry); its day may open again."""
        at = to_us(due)
        day = self.week.local_ordinal_us(at)
        if at in self._taken:
            self._taken.discard(at)
            if at in self.week.day_us(day)[1]:
                self._slots_taken[day] -= 1
                if day in self._free:
                    bisect.insort(self._free[day], at)
        self._per_day[day] = max(0, self._per_day.get(day, 0) - 1)
        if not new:
            self._reposts_per_day[day] = max(0, self._reposts_per_day.get(day, 0) - 1)
        self._stale = True  # its day may be open again: rebuild the pointers when next asked

    def _rebuild(self) -> None:
        self._open_new, self._open_repost = _NextOpen(), _NextOpen()
        for d in list(self._per_day):
            if self._full(d, new=True):
                self._open_new.close(d)
            if self._full(d, new=False):
                self._open_repost.close(d)
        self._stale = False

    def _full(self, day: int, *, new: bool) -> bool:
        if self._per_day.get(day, 0) >= self.daily_cap:
            return True
        if not new and self._reposts_per_day.get(day, 0) >= self.daily_cap - self.reserved:
            return True
        return self._slots_taken.get(day, 0) >= len(self.week.day_us(day)[0])

    def next_free(
        self,
        after: datetime,
        *,
        new: bool,
        allowed: Callable[[datetime], bool] | None = None,
    ) -> datetime | None:
        """The first free slot at or after `after` that `allowed` accepts, or None."""
        check = None if allowed is None else (lambda t: allowed(from_us(t)))
        found = self.first_free(to_us(after), new=new, allowed=check)
        return None if found is None else from_us(found)

    def first_free(
        self,
        after: int,
        *,
        new: bool,
        allowed: Callable[[int], bool] | None = None,
        gap: int = 0,
        others: Sequence[int] = (),
    ) -> int | None:
        """`next_free` in epoch microseconds; the slot is also at least `gap` from each
        of `others`."""
        if self.week.empty:
            return None
        if self._stale:
            self._rebuild()
        pointer = self._open_new if new else self._open_repost
        start = self.week.local_ordinal_us(after)
        day = pointer.find(start)
        taken, per_day, reposts, slots_taken = (
            self._taken, self._per_day, self._reposts_per_day, self._slots_taken
        )  # fmt: skip
        cap, repost_cap = self.daily_cap, self.daily_cap - self.reserved
        days, frees = self.week._us, self._free
        while day <= start + SEARCH_DAYS:
            instants = (days.get(day) or self.week.day_us(day))[0]
            # The pointer skips most full days; this keeps it exact (as `_full`).
            if (
                per_day.get(day, 0) >= cap
                or (not new and reposts.get(day, 0) >= repost_cap)
                or slots_taken.get(day, 0) >= len(instants)
            ):
                pointer.close(day)  # a full day stays full until a share is removed
                day = pointer.find(day + 1)
                continue
            free = frees.get(day)
            if free is None:
                free = frees[day] = [t for t in instants if t not in taken]
            if free and free[0] < after:
                free = free[bisect.bisect_left(free, after) :]
            for instant in free:
                for other in others:
                    if -gap < instant - other < gap:
                        break  # too close to another share of the post
                else:
                    if allowed is None or allowed(instant):
                        return instant
            day = pointer.find(day + 1)
        return None


#: The epoch, and one microsecond: queue times in the planner are whole microseconds.
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)


def to_us(instant: datetime) -> int:
    """An aware datetime as microseconds since the epoch (exact)."""
    return (instant - EPOCH) // MICROSECOND


def from_us(instant: int) -> datetime:
    """Microseconds since the epoch as a UTC datetime (exact)."""
    return EPOCH + timedelta(microseconds=instant)
