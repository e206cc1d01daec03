"""The content calendar's shapes: month grids of planned entries and counts per month."""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from smm_promote.preview.view import EntryView


@dataclass(frozen=True)
class Day:
    date: date
    in_month: bool
    entries: list[EntryView]


@dataclass(frozen=True)
class Month:
    year: int
    month: int
    weeks: list[list[Day]]
    count: int

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def title(self) -> str:
        return f"{calendar.month_name[self.month]} {self.year}"


@dataclass(frozen=True)
class MonthTotals:
    """Entries of one month, per platform, for the overview's chart."""

    key: str
    label: str
    per_platform: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.per_platform.values())


WEEKDAYS = [calendar.day_abbr[(calendar.MONDAY + i) % 7] for i in range(7)]


def months(entries: Sequence[EntryView]) -> list[Month]:
    """Every month from the first entry's to the last's (empty ones too), weeks from Monday."""
    if not entries:
        return []
    by_day: dict[date, list[EntryView]] = {}
    for view in entries:
        by_day.setdefault(view.due.date(), []).append(view)
    first, last = min(by_day), max(by_day)
    grid = calendar.Calendar(firstweekday=calendar.MONDAY)
    out = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        weeks = [
            [Day(d, d.month == month, by_day.get(d, []) if d.month == month else []) for d in week]
            for week in grid.monthdatescalendar(year, month)
        ]
        total = sum(len(day.entries) for week in weeks for day in week)
        out.append(Month(year, month, weeks, total))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def month_totals(entries: Sequence[EntryView], platforms: Sequence[str]) -> list[MonthTotals]:
    """Entries per platform for every month from the first entry's to the last's."""
    counts: dict[tuple[int, int], Counter[str]] = {}
    for view in entries:
        counts.setdefault((view.due.year, view.due.month), Counter())[view.platform] += 1
    if not counts:
        return []
    out = []
    (year, month), last = min(counts), max(counts)
    while (year, month) <= last:
        found = counts.get((year, month), Counter())
        per = {p: found[p] for p in platforms if found[p]}
        label = f"{calendar.month_abbr[month]} {year}"
        out.append(MonthTotals(f"{year:04d}-{month:02d}", label, per))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out
