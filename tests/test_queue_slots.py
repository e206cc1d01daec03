"""Posting slots: parsing, wall-clock times across daylight saving, caps and reserved slots."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from smm_promote.config import Config
from smm_promote.errors import ConfigError
from smm_promote.schedule.slots import Board, Week, parse_slot, wall_to_utc

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("text", "days", "at"),
    [
        ("mon-fri 09:00", {0, 1, 2, 3, 4}, time(9)),
        ("Sat,Sun 10:30", {5, 6}, time(10, 30)),
        ("daily 12:00", set(range(7)), time(12)),
        ("7:05", set(range(7)), time(7, 5)),
        ("fri-mon 18:00", {4, 5, 6, 0}, time(18)),
    ],
)
def test_parse_slot(text: str, days: set[int], at: time) -> None:
    slot = parse_slot(text)
    assert slot.weekdays == frozenset(days)
    assert slot.at == at


@pytest.mark.parametrize("text", ["noon", "mon-fri 25:00", "funday 09:00", "09:60"])
def test_bad_slot_is_rejected(text: str) -> None:
    with pytest.raises(ValueError, match=r"slot|weekday|time"):
        parse_slot(text)


def test_bad_slot_in_config_names_the_key() -> None:
    with pytest.raises(ConfigError) as caught:
        Config.from_mapping({"schedule": {"slots": ["mon-fri 9am"]}})
    assert "schedule.slots" in str(caught.value)
    assert "mon-fri 9am" in str(caught.value)


def test_reserved_must_leave_room_for_reposts() -> None:
    with pytest.raises(ConfigError, match="reserved"):
        Config.from_mapping({"schedule": {"daily_cap": 1, "reserved": 1}})


def test_wall_clock_is_kept_across_dst() -> None:
    week = Week(["daily 09:00"], BERLIN)
    before = week.day(date(2026, 3, 28).toordinal())
    after = week.day(date(2026, 3, 30).toordinal())
    assert before == (datetime(2026, 3, 28, 8, 0, tzinfo=UTC),)  # CET, UTC+1
    assert after == (datetime(2026, 3, 30, 7, 0, tzinfo=UTC),)  # CEST, UTC+2
    autumn = week.day(date(2026, 10, 26).toordinal())
    assert autumn == (datetime(2026, 10, 26, 8, 0, tzinfo=UTC),)


def test_slot_in_the_spring_gap_is_skipped_that_day_only() -> None:
    assert wall_to_utc(date(2026, 3, 29), time(2, 30), BERLIN) is None
    week = Week(["daily 02:30"], BERLIN)
    assert week.day(date(2026, 3, 29).toordinal()) == ()
    assert week.day(date(2026, 3, 30).toordinal()) == (datetime(2026, 3, 30, 0, 30, tzinfo=UTC),)


def test_ambiguous_autumn_slot_is_the_first_instant() -> None:
    # 02:30 happens twice on 2026-10-25 in Berlin: first at 00:30 UTC (CEST).
    assert wall_to_utc(date(2026, 10, 25), time(2, 30), BERLIN) == datetime(
        2026, 10, 25, 0, 30, tzinfo=UTC
    )


def _board(cap: int = 2, reserved: int = 1) -> Board:
    return Board(Week(["mon-fri 09:00", "mon-fri 13:00"], BERLIN), cap, reserved)


def test_next_free_skips_weekends_and_taken_slots() -> None:
    board = _board()
    friday_afternoon = datetime(2026, 3, 20, 12, 30, tzinfo=UTC)  # after 13:00 Berlin
    assert board.next_free(friday_afternoon, new=True) == datetime(2026, 3, 23, 8, tzinfo=UTC)
    board.add(datetime(2026, 3, 23, 8, tzinfo=UTC), new=True)
    assert board.next_free(friday_afternoon, new=True) == datetime(2026, 3, 23, 12, tzinfo=UTC)


def test_reposts_never_take_the_reserved_share_of_a_day() -> None:
    board = _board(cap=2, reserved=1)
    start = datetime(2026, 3, 16, 7, tzinfo=UTC)
    dues = []
    for _ in range(3):
        due = board.next_free(start, new=False)
        board.add(due, new=False)
        dues.append(due)
    # One repost per day: the other slot of each day stays free for a new post.
    assert [d.date() for d in dues] == [date(2026, 3, 16), date(2026, 3, 17), date(2026, 3, 18)]
    assert board.next_free(start, new=True) == datetime(2026, 3, 16, 12, tzinfo=UTC)


def test_daily_cap_holds_even_with_free_slots() -> None:
    board = Board(Week(["daily 08:00", "daily 12:00", "daily 18:00"], BERLIN), 1, 0)
    start = datetime(2026, 3, 16, 0, tzinfo=UTC)
    first = board.next_free(start, new=True)
    board.add(first, new=True)
    second = board.next_free(start, new=True)
    assert second - first == timedelta(days=1)


def test_removing_a_share_opens_its_day_again() -> None:
    board = Board(Week(["daily 08:00"], BERLIN), 1, 0)
    start = datetime(2026, 3, 16, 0, tzinfo=UTC)
    first = board.next_free(start, new=True)
    board.add(first, new=True)
    assert board.next_free(start, new=True) != first
    board.remove(first, new=True)
    assert board.next_free(start, new=True) == first


def test_no_slots_means_no_slot() -> None:
    board = Board(Week([], BERLIN), 2, 0)
    assert board.next_free(datetime(2026, 3, 16, tzinfo=UTC), new=True) is None


@pytest.mark.parametrize(
    ("schedule", "message"),
    [
        ({"publisher": {"x": "outbx"}}, "unknown publisher 'outbx' for x"),
        ({"publisher": {"twitter": "outbox"}}, "unknown platform 'twitter'"),
        ({"platforms": {"mastadon": {"offsets": [3]}}}, "unknown platform 'mastadon'"),
        ({"offsets": [0, 3]}, "all > 0"),
        (
            {"platforms": {"x": {"daily_cap": 1, "reserved": 1}}},
            "schedule: platforms.x: reserved (1) must be below",
        ),
    ],
)
def test_schedule_settings_are_checked(schedule: dict, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        Config.from_mapping({"schedule": schedule})
    assert message in str(caught.value)
    assert "schedule" in str(caught.value)


def test_per_platform_rules_fall_back_to_the_section() -> None:
    config = Config.from_mapping(
        {"schedule": {"daily_cap": 3, "platforms": {"mastodon": {"slots": ["daily 08:30"]}}}}
    )
    rules = config.schedule.for_platform("mastodon")
    assert rules.slots == ("daily 08:30",) and rules.daily_cap == 3
    assert config.schedule.for_platform("x").slots == tuple(config.schedule.slots)
