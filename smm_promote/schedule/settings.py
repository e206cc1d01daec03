"""The `[schedule]` config section: cadence, posting slots, caps and the publish loop.

[schedule]
slots = ["mon-fri 09:00", "mon-fri 13:00"]
daily_cap = 2
publisher = {x = "outbox"}

[schedule.platforms.mastodon]
slots = ["daily 08:30", "daily 18:00"]
offsets = [3, 30, 180]

[[schedule.evergreen_rules]]
tag = "release"
evergreen = false
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from smm_promote.checks import path_text
from smm_promote.schedule.slots import parse_slot


def _check_slots(value: list[str] | None) -> list[str] | None:
    for text in value or ():
        parse_slot(text)  # raises ValueError with the expected form
    return value


#: Longest span in days any schedule setting may name (a hundred years).
MAX_DAYS = 36_500


def _check_offsets(value: list[int] | None) -> list[int] | None:
    if value is not None:
        if any(day <= 0 or day > MAX_DAYS for day in value):
            raise ValueError(
                f"offsets are days after the post's date, all > 0 and at most {MAX_DAYS};"
                f" got {value}"
            )
        value = sorted(set(value))
    return value


def _check_platform(name: str) -> None:
    from smm_promote.config import PLATFORMS

    if name not in PLATFORMS:
        raise ValueError(f"unknown platform {name!r}, expected some of {', '.join(PLATFORMS)}")


class PlatformSchedule(BaseModel):
    """Per-platform overrides of the section's defaults."""

    model_config = ConfigDict(extra="forbid")

    slots: list[str] | None = None
    offsets: list[int] | None = None
    daily_cap: int | None = Field(default=None, ge=1, le=100)
    reserved: int | None = Field(default=None, ge=0, le=99)

    _slots = field_validator("slots")(_check_slots)
    _offsets = field_validator("offsets")(_check_offsets)


class EvergreenRule(BaseModel):
    """Whether posts with a tag, a category or a title matching a pattern are evergreen;
    it overrides what `smm_promote.evergreen` finds in the post (not its front matter)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    tag: str | None = None
    category: str | None = None
    #: A regular expression searched in the title, case-insensitively.
    title: str | None = None
    evergreen: bool

    @field_validator("title")
    @classmethod
    def _check_pattern(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(
                    f"title pattern {value!r} is not a regular expression: {exc}"
                ) from None
        return value

    @model_validator(mode="after")
    def _one_matcher(self) -> EvergreenRule:
        if not (self.tag or self.category or self.title):
            raise ValueError("an evergreen rule needs a tag, a category or a title pattern")
        return self

    def matches(self, post: Any) -> bool:
        """True when the post has the tag and category and its title matches (each given)."""
        tags = {t.casefold() for t in post.tags}
        categories = {c.casefold() for c in post.categories}
        return (
            (self.tag is None or self.tag.casefold() in tags)
            and (self.category is None or self.category.casefold() in categories)
            and (self.title is None or re.search(self.title, post.title, re.IGNORECASE) is not None)
        )

    def __str__(self) -> str:
        found = [f"{k} {v!r}" for k, v in (("tag", self.tag), ("category", self.category),
                                           ("title", self.title)) if v]  # fmt: skip
        return f"{' and '.join(found)} -> evergreen {str(self.evergreen).lower()}"


class ScheduleSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    #: The queue database; relative paths are resolved against the config file's folder.
    store: str = ".smm-promote/queue.db"
    #: Days after the post's date on which evergreen posts are shared again.
    offsets: list[int] = [3, 10, 30, 90, 180, 365]
    #: Weekly posting slots in the site's timezone: "mon-fri 09:00", "sat,sun 10:30",
    #: "daily 12:00" (or just "12:00").
    slots: list[str] = ["mon-fri 09:00", "mon-fri 13:00", "sat,sun 11:00"]
    #: Shares per platform per local day, at most.
    daily_cap: int = Field(default=2, ge=1, le=100)
    #: Shares per day kept for new posts: reposts never take them.
    reserved: int = Field(default=1, ge=0, le=99)
    #: Minimum days between two shares of the same post on the same platform.
    min_gap_days: float = Field(default=2.0, ge=0, le=3650, allow_inf_nan=False)
    #: A post dated at most this many days before planning is new: it is announced at once.
    #: A week, so a site built weekly still announces every post it publishes.
    new_days: int = Field(default=7, ge=0, le=3650)
    #: Back-catalogue posts (older than their cadence) start their drip at this many per day.
    backlog_per_day: int = Field(default=2, ge=1, le=1000)
    #: Shares are planned at most this many days ahead; the rest wait for a later plan.
    horizon_days: int = Field(default=400, ge=1, le=3660)
    #: Posts older than this many days use the `archive` caption variant.
    archive_after_days: int = Field(default=120, ge=1, le=MAX_DAYS)
    #: Caption variants in rotation order for reposts (`question` only when named here).
    variants: list[str] = ["summary", "quote", "takeaways", "announce"]
    #: Card templates in rotation order (the first share uses the first).
    templates: list[str] = ["classic", "photo", "quote", "takeaways", "minimal"]
    #: Entries missed by more than this many hours are moved to the next free slots.
    catch_up_hours: float = Field(default=6.0, ge=0, le=87_600, allow_inf_nan=False)
    #: Attempts for server and network errors before an entry is `failed`.
    max_attempts: int = Field(default=5, ge=1, le=100)
    #: First retry delay in minutes; doubled after each failed attempt.
    backoff_minutes: float = Field(default=5.0, gt=0, le=10_080, allow_inf_nan=False)
    #: Publisher per platform, e.g. {x = "outbox"}; the default is the platform's own.
    publisher: dict[str, str] = {}
    #: Per-platform overrides: slots, offsets, daily_cap, reserved.
    platforms: dict[str, PlatformSchedule] = {}
    #: Evergreen or not by tag, category or title pattern; the first that matches decides.
    evergreen_rules: list[EvergreenRule] = []

    _slots = field_validator("slots")(_check_slots)
    _offsets = field_validator("offsets")(_check_offsets)
    _store = field_validator("store")(path_text)

    @field_validator("publisher")
    @classmethod
    def _check_publishers(cls, value: dict[str, str]) -> dict[str, str]:
        from smm_promote.publish.registry import available

        names = available()
        for platform, name in value.items():
            _check_platform(platform)
            if name not in names:
                raise ValueError(
                    f"unknown publisher {name!r} for {platform}, expected one of "
                    f"{', '.join(sorted(names))}"
                )
        return value

    @field_validator("platforms")
    @classmethod
    def _check_platform_keys(cls, value: dict[str, PlatformSchedule]) -> dict:
        for platform in value:
            _check_platform(platform)
        return value

    @model_validator(mode="after")
    def _check_caps(self) -> ScheduleSettings:
        for name in self.platforms:
            rules = self.for_platform(name)
            if rules.reserved >= rules.daily_cap:
                raise ValueError(
                    f"platforms.{name}: reserved ({rules.reserved}) must be below "
                    f"daily_cap ({rules.daily_cap}) or reposts never get a slot"
                )
        if self.reserved >= self.daily_cap:
            raise ValueError(
                f"reserved ({self.reserved}) must be below daily_cap ({self.daily_cap}) "
                "or reposts never get a slot"
            )
        return self

    def for_platform(self, platform: str) -> PlatformRules:
        """The effective rules for one platform (its overrides over the defaults)."""
        own = self.platforms.get(platform) or PlatformSchedule()
        return PlatformRules(
            slots=tuple(own.slots if own.slots is not None else self.slots),
            offsets=tuple(own.offsets if own.offsets is not None else self.offsets),
            daily_cap=own.daily_cap if own.daily_cap is not None else self.daily_cap,
            reserved=own.reserved if own.reserved is not None else self.reserved,
        )


class PlatformRules(BaseModel):
    """`ScheduleSettings.for_platform`'s answer: what one platform's planner follows."""

    model_config = ConfigDict(frozen=True)

    slots: tuple[str, ...]
    offsets: tuple[int, ...]
    daily_cap: int
    reserved: int
