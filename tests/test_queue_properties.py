"""Property tests with a fixed clock: slots, caps, gaps, wall-clock times, new posts first,
and planning twice changing nothing, over random posts and slot configurations."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from itertools import pairwise

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_queue_support import fake_caption, make_config, make_post

from smm_promote.schedule.planner import plan
from smm_promote.schedule.slots import Week, parse_slot
from smm_promote.schedule.store import LIVE, Store

#: Fixed clocks, two of them on daylight-saving change days in Europe and the US.
CLOCKS = [
    datetime(2026, 3, 16, 8, 0, tzinfo=UTC),
    datetime(2026, 3, 28, 22, 0, tzinfo=UTC),  # Berlin springs forward tonight
    datetime(2026, 10, 24, 23, 30, tzinfo=UTC),
    datetime(2026, 11, 1, 5, 0, tzinfo=UTC),  # New York falls back
]
ZONES = ["Europe/Berlin", "America/New_York", "Australia/Sydney", "UTC", "Asia/Kolkata"]
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun", "mon-fri", "sat,sun", "daily"]

slot_text = st.builds(
    lambda d, h, m: f"{d} {h:02d}:{m:02d}",
    st.sampled_from(DAYS),
    st.integers(0, 23),
    st.sampled_from([0, 15, 30, 45]),
)


@st.composite
def schedules(draw: st.DrawFn) -> dict:
    cap = draw(st.integers(1, 3))
    return {
        "slots": draw(st.lists(slot_text, min_size=1, max_size=4, unique=True)),
        "daily_cap": cap,
        "reserved": draw(st.integers(0, cap - 1)),
        "min_gap_days": draw(st.sampled_from([0, 1, 2, 5])),
        "backlog_per_day": draw(st.integers(1, 3)),
        "timezone": draw(st.sampled_from(ZONES)),
        "horizon_days": 400,
    }


post_specs = st.lists(
    st.tuples(st.floats(0, 900), st.booleans()), min_size=1, max_size=12
)  # (age in days, evergreen)


def _check_invariants(entries, config) -> None:
    rules = config.schedule
    week = Week(rules.slots, config.tz)
    allowed = [parse_slot(s) for s in rules.slots]
    by_platform = defaultdict(list)
    for e in entries:
        if e.status in LIVE:
            by_platform[e.platform].append(e)
    for mine in by_platform.values():
        dues = [e.due for e in mine]
        assert len(set(dues)) == len(dues), "two entries in one slot"
        per_day = Counter(week.local_ordinal(d) for d in dues)
        assert max(per_day.values()) <= rules.daily_cap
        reposts = Counter(week.local_ordinal(e.due) for e in mine if not e.new)
        assert not reposts or max(reposts.values()) <= rules.daily_cap - rules.reserved
        for e in mine:
            wall = e.due.astimezone(config.tz)
            assert week.is_slot(e.due)
            assert any(
                s.at == wall.time().replace(tzinfo=None) and wall.weekday() in s.weekdays
                for s in allowed
            ), f"{wall} is not a configured wall-clock slot"
        shares = defaultdict(list)
        for e in mine:
            shares[e.post_url].append(e.due)
        gap = timedelta(days=rules.min_gap_days)
        for times in shares.values():
            times.sort()
            assert all(b - a >= gap for a, b in pairwise(times))


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(schedule=schedules(), specs=post_specs, now=st.sampled_from(CLOCKS))
def test_plans_hold_slots_caps_gaps_and_are_stable(schedule, specs, now) -> None:
    config = make_config(platforms=["x", "bluesky"], **schedule)
    posts = [
        make_post(n, age_days=age, now=now, evergreen=evergreen)
        for n, (age, evergreen) in enumerate(specs)
    ]
    with Store(":memory:") as store:
        plan(posts, config, store, now=now, captions_fn=fake_caption)
        first = store.entries()
        _check_invariants(first, config)
        assert all(e.due >= now for e in first)
        again = plan(posts, config, store, now=now, captions_fn=fake_caption)
        assert not again.changed
        assert store.entries() == first


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(schedule=schedules(), specs=post_specs, now=st.sampled_from(CLOCKS))
def test_a_new_post_gets_the_next_open_slot(schedule, specs, now) -> None:
    config = make_config(platforms=["x"], **schedule)
    old = [make_post(n, age_days=30 + age, now=now) for n, (age, _) in enumerate(specs)]
    with Store(":memory:") as store:
        plan(old, config, store, now=now, captions_fn=fake_caption)
        taken = [e.due for e in store.entries()]
        fresh = make_post(999, age_days=0.01, now=now)
        report = plan([fresh], config, store, now=now, captions_fn=fake_caption)
        announce = next(e for e in report.added if e.seq == 0)
        _check_invariants(store.entries(), config)
    # The oracle: walk the slots from `now`; the first one free on a day under the cap.
    week = Week(config.schedule.slots, config.tz)
    per_day = Counter(week.local_ordinal(d) for d in taken)
    day = week.local_ordinal(now)
    expected = None
    while expected is None:
        for t in week.day(day):
            if t >= now and t not in taken and per_day[day] < config.schedule.daily_cap:
                expected = t
                break
        day += 1
    assert announce.due == expected
