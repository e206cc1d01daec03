"""Planning: cadence, back-catalogue drip, idempotence, edits, cancellations, rotation."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from test_queue_support import NOW, fake_caption, make_config, make_post, refusing

from smm_promote.errors import Problems
from smm_promote.model import Card
from smm_promote.schedule.planner import plan
from smm_promote.schedule.store import Store

DAY = timedelta(days=1)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store(tmp_path / "queue.db") as s:
        yield s


def local(entry, config) -> datetime:
    return entry.due.astimezone(config.tz)


def test_new_post_is_announced_in_the_next_slot_then_repeated_at_offsets(store: Store) -> None:
    config = make_config(platforms=["x"])
    post = make_post(1, date=NOW - timedelta(hours=3))
    report = plan([post], config, store, now=NOW, captions_fn=fake_caption)
    entries = store.entries()
    assert [e.seq for e in entries] == [0, 1, 2, 3, 4, 5, 6]
    assert report.added == entries
    # NOW is Monday 09:00 Berlin: the 09:00 slot itself is the next slot.
    assert local(entries[0], config) == datetime(2026, 3, 16, 9, 0, tzinfo=config.tz)
    assert entries[0].variant == "announce" and entries[0].new
    # Offsets count from the post's date: day 3 -> Thursday 09:00 (first slot after 06:00).
    days = [(local(e, config).date() - post.date.date()).days for e in entries[1:]]
    assert days[0] == 3 and days[1] == 10 and days[2] == 30
    assert all(d >= o for d, o in zip(days, [3, 10, 30, 90, 180, 365], strict=True))
    assert all(not e.new for e in entries[1:])
    assert entries[0].idempotency_key != entries[1].idempotency_key


def test_back_catalogue_starts_its_drip_when_first_planned(store: Store) -> None:
    config = make_config(platforms=["x"], backlog_per_day=1)
    posts = [make_post(n, age_days=1000 + n) for n in range(3)]
    plan(posts, config, store, now=NOW, captions_fn=fake_caption)
    for n, post in enumerate(posts):
        entries = store.entries(post_url=post.url)
        assert len(entries) == 6  # no announcement for an old post, then every offset
        assert all(e.due >= NOW for e in entries)
        # Anchors are staggered one day apart, newest post first.
        assert local(entries[0], make_config()).date() >= date(2026, 3, 19) + timedelta(days=n)
        assert entries[0].variant == "archive"


def test_post_within_its_cadence_keeps_the_offsets_still_ahead(store: Store) -> None:
    config = make_config(platforms=["x"])
    post = make_post(1, age_days=20)
    plan([post], config, store, now=NOW, captions_fn=fake_caption)
    seqs = [e.seq for e in store.entries()]
    assert seqs == [3, 4, 5, 6]  # days 30, 90, 180, 365; 3 and 10 are past, never back-filled
    first = store.entries()[0]
    assert first.due.date() >= (post.date + 30 * DAY).date()


def test_planning_twice_changes_nothing(store: Store) -> None:
    config = make_config()
    posts = [make_post(1, age_days=0.1), make_post(2, age_days=20), make_post(3, age_days=900)]
    plan(posts, config, store, now=NOW, captions_fn=fake_caption)
    before = store.entries()
    again = plan(posts, config, store, now=NOW, captions_fn=fake_caption)
    later = plan(posts, config, store, now=NOW + 2 * DAY, captions_fn=fake_caption)
    assert not again.changed and not later.changed
    assert store.entries() == before


def test_edited_post_updates_text_of_entries_not_yet_posted(store: Store) -> None:
    config = make_config(platforms=["x"])
    post = make_post(1, age_days=0.1)
    plan([post], config, store, now=NOW, captions_fn=fake_caption)
    first = store.entries()[0]
    store.set_status(first.id, "posted", NOW, "posted", posted_at=NOW)
    edited = replace(post, title="A better title")
    report = plan([edited], config, store, now=NOW + DAY, captions_fn=fake_caption)
    assert len(report.updated) == 6 and not report.added
    after = {e.seq: e for e in store.entries()}
    assert "Post number 1" in after[0].text  # posted: left as it went out
    assert all("A better title" in after[s].text for s in range(1, 7))
    assert all(after[s].content_hash == edited.content_hash for s in range(1, 7))
    assert "post edited" in store.history(after[1].id)[-1].note


def test_vanished_or_unpromoted_posts_cancel_their_future_entries(store: Store) -> None:
    config = make_config(platforms=["x"])
    a, b, c = (make_post(n, age_days=0.1) for n in range(3))
    plan([a, b, c], config, store, now=NOW, captions_fn=fake_caption)
    later = NOW + 5 * DAY
    report = plan(
        [a, replace(b, promote=False)], config, store, now=later, captions_fn=fake_caption,
        complete=True,
    )  # fmt: skip
    canceled = {(e.post_url, e.seq) for e in report.canceled}
    assert {u for u, _ in canceled} == {b.url, c.url}
    # Nothing of theirs was posted: every entry is canceled, missed ones too.
    for url in (b.url, c.url):
        assert {e.status for e in store.entries(post_url=url)} == {"canceled"}
    assert all(e.status == "planned" for e in store.entries(post_url=a.url))
    assert store.history(report.canceled[0].id)[-1].note.startswith("plan: ")
    # A partial plan (one new feed item) never cancels the rest.
    d = make_post(9, age_days=0.1, now=later)
    partial = plan([d], config, store, now=later, captions_fn=fake_caption)
    assert not partial.canceled and len(partial.added) == 7


def test_newly_enabled_platform_is_planned_from_now_on(store: Store) -> None:
    post = make_post(1, age_days=0.1)
    plan([post], make_config(platforms=["x"]), store, now=NOW, captions_fn=fake_caption)
    later = NOW + 40 * DAY
    report = plan(
        [post], make_config(platforms=["x", "mastodon"]), store, now=later, captions_fn=fake_caption
    )
    added = report.added
    assert {e.platform for e in added} == {"mastodon"}
    assert [e.seq for e in added] == [4, 5, 6]  # days 90, 180, 365: nothing before `later`
    assert all(e.due >= later for e in added)


def test_redated_feed_item_is_not_new_again(store: Store) -> None:
    config = make_config(platforms=["x"])
    post = make_post(1, age_days=500)
    plan([post], config, store, now=NOW, captions_fn=fake_caption)
    count = len(store.entries())
    redated = replace(post, date=NOW + 20 * DAY - DAY * 19.9)  # the feed now says "today"
    report = plan([redated], config, store, now=NOW + 20 * DAY, captions_fn=fake_caption)
    assert not report.added
    assert len(store.entries()) == count
    assert not any(e.variant == "announce" for e in store.entries())


def test_moved_post_keeps_its_cadence(store: Store) -> None:
    config = make_config(platforms=["x"])
    post = make_post(1, age_days=0.1)
    plan([post], config, store, now=NOW, captions_fn=fake_caption)
    moved = replace(post, url="https://blog.example.com/2026/03/post-1/")
    report = plan([moved], config, store, now=NOW + DAY, captions_fn=fake_caption, complete=True)
    assert report.moved == [(post.url, moved.url)]
    assert not report.added and not report.canceled
    assert {e.post_url for e in store.entries()} == {moved.url}


def test_not_evergreen_is_shared_once(store: Store) -> None:
    config = make_config(platforms=["x"])
    post = make_post(1, age_days=0.1, evergreen=False)
    plan([post], config, store, now=NOW, captions_fn=fake_caption)
    assert [e.seq for e in store.entries()] == [0]
    turned = make_post(2, age_days=0.1)
    plan([turned], config, store, now=NOW, captions_fn=fake_caption)
    report = plan(
        [replace(turned, evergreen=False)], config, store, now=NOW + DAY, captions_fn=fake_caption
    )
    assert {e.seq for e in report.canceled} == {1, 2, 3, 4, 5, 6}


def test_nothing_after_expiry_and_drafts_and_future_posts_wait(store: Store) -> None:
    config = make_config(platforms=["x"])
    expiring = make_post(1, age_days=0.1, expires=NOW + 20 * DAY)
    draft = make_post(2, age_days=0.1, draft=True)
    future = make_post(3, date=NOW + 2 * DAY)
    report = plan([expiring, draft, future], config, store, now=NOW, captions_fn=fake_caption)
    assert all(e.due < expiring.expires for e in store.entries(post_url=expiring.url))
    assert [e.seq for e in store.entries(post_url=expiring.url)] == [0, 1, 2]
    assert dict(report.waiting) == {draft.url: "draft", future.url: "dated in the future"}
    assert not store.entries(post_url=draft.url) and not store.entries(post_url=future.url)
    # Once its date has come, the post is new and announced.
    on_the_day = NOW + 2 * DAY + timedelta(hours=1)
    plan([future], config, store, now=on_the_day, captions_fn=fake_caption)
    assert store.entries(post_url=future.url)[0].variant == "announce"


def test_rotation_never_repeats_variant_or_template_in_a_row(store: Store, tmp_path: Path) -> None:
    config = make_config(platforms=["x"])
    post = make_post(1, age_days=0.1)
    cards = {
        post.url: [
            Card(post.url, t, "x", 1200, 675, tmp_path / f"{t}.png", f"alt {t}")
            for t in ("classic", "quote", "minimal")
        ]
    }
    plan([post], config, store, now=NOW, captions_fn=fake_caption, cards=cards)
    entries = store.entries()
    variants = [e.variant for e in entries]
    templates = [e.card_template for e in entries]
    assert variants[0] == "announce"
    assert "archive" in variants[4:]  # older than 120 days by then
    assert all(a != b for a, b in pairwise(variants))
    assert all(a != b for a, b in pairwise(templates))
    assert entries[0].card_path == str(tmp_path / "classic.png") and entries[0].alt == "alt classic"


def test_a_variant_the_post_cannot_fill_is_replaced(store: Store) -> None:
    config = make_config(platforms=["x"])
    plan([make_post(1, age_days=0.1)], config, store, now=NOW, captions_fn=refusing("quote"))
    variants = [e.variant for e in store.entries()]
    assert "quote" not in variants and len(variants) == 7


def test_platform_may_use_a_subset_of_offsets(store: Store) -> None:
    config = make_config(
        platforms=["x", "mastodon"], per_platform={"mastodon": {"offsets": [30, 180]}}
    )
    plan([make_post(1, age_days=0.1)], config, store, now=NOW, captions_fn=fake_caption)
    assert [e.seq for e in store.entries(platform="mastodon")] == [0, 1, 2]
    assert len(store.entries(platform="x")) == 7


def test_three_hundred_post_back_catalogue_is_spread_under_the_caps(store: Store) -> None:
    config = make_config(
        platforms=["x", "mastodon"],
        slots=["daily 08:00", "daily 12:00", "daily 16:00", "daily 20:00"],
        daily_cap=4,
        reserved=1,
        backlog_per_day=3,
    )
    posts = [make_post(n, age_days=400 + 3 * n) for n in range(300)]
    problems = Problems()
    report = plan(posts, config, store, now=NOW, captions_fn=fake_caption, problems=problems)
    assert not report.unplaced and not problems.items
    entries = store.entries()
    # What does not fit in the horizon waits for a later plan; nothing is lost.
    assert len(entries) + report.deferred == 300 * 6 * 2
    for platform in ("x", "mastodon"):
        mine = [e for e in entries if e.platform == platform]
        per_day = Counter(local(e, config).date() for e in mine)
        # Reposts only: each day keeps one share for a new post.
        assert max(per_day.values()) == 3
        assert len({e.due for e in mine}) == len(mine)  # one entry per slot
        firsts = Counter(
            local(min((e for e in mine if e.post_url == p.url), key=lambda e: e.due), config).date()
            for p in posts
        )
        assert max(firsts.values()) <= 3  # a few old posts a day, not 300 on day one
        # Demand (1800 shares) is above capacity (3 a day): first shares queue up in order of
        # their targets, every post's first share within the year.
        assert min(firsts) == date(2026, 3, 19) and max(firsts) < date(2027, 1, 1)
        assert sum(firsts.values()) == 300
    assert min(e.due for e in entries) >= NOW
    # Planning again adds nothing; a later plan moves the horizon and places more.
    assert not plan(posts, config, store, now=NOW, captions_fn=fake_caption).changed
    later = plan(posts, config, store, now=NOW + 30 * DAY, captions_fn=fake_caption)
    assert later.added and later.deferred < report.deferred


def test_store_keeps_feed_state_and_history(tmp_path: Path) -> None:
    with Store(tmp_path / "q.db") as store:
        assert store.version == 1
        assert store.get_state("feed:a") is None
        store.set_state("feed:a", {"etag": 'W/"1"', "seen": ["x", "y"]}, NOW)
        plan([make_post(1, age_days=0.1)], make_config(platforms=["x"]), store, now=NOW,
             captions_fn=fake_caption)  # fmt: skip
    with Store(tmp_path / "q.db") as store:
        assert store.get_state("feed:a") == {"etag": 'W/"1"', "seen": ["x", "y"]}
        first = store.entries()[0]
        assert store.claim(first.id, NOW) is not None
        assert store.claim(first.id, NOW) is None  # already claimed
        assert [(h.from_status, h.to_status) for h in store.history(first.id)] == [
            (None, "planned"),
            ("planned", "claimed"),
        ]
        journal = store.db.execute("PRAGMA journal_mode").fetchone()[0]
        assert journal == "wal"


def test_same_text_under_a_second_url_is_not_planned_twice(store: Store) -> None:
    config = make_config(platforms=["x"])
    post = make_post(1, age_days=0.1)
    copy = replace(post, url="https://blog.example.com/posts/1/?ref=feed", date=NOW)
    problems = Problems()
    report = plan([post, copy], config, store, now=NOW, captions_fn=fake_caption, problems=problems)
    assert {e.post_url for e in report.added} == {post.url}
    assert "same text as https://blog.example.com/posts/1/" in str(problems.items[0])
    # Short posts are not matched by text: two "Weekly notes" are two posts.
    a = make_post(2, age_days=0.1, title="Weekly notes", body="Short.")
    b = make_post(3, age_days=0.1, title="Weekly notes", body="Short.")
    added = plan([a, b], config, store, now=NOW, captions_fn=fake_caption).added
    assert {e.post_url for e in added} == {a.url, b.url}


def test_store_refuses_a_newer_schema_and_unreadable_files(tmp_path: Path) -> None:
    from smm_promote.schedule.store import StoreError

    path = tmp_path / "q.db"
    with Store(path) as store:
        store.db.execute("PRAGMA user_version = 99")
    with pytest.raises(StoreError, match="schema version 99 is newer"):
        Store(path)
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not a database" * 100)
    with pytest.raises(
        StoreError, match="is not a usable queue: the file is not an SQLite database"
    ):
        Store(garbage)


def test_a_post_that_comes_back_is_planned_again_but_hand_cancels_stay(store: Store) -> None:
    config = make_config(platforms=["x"])
    post = make_post(1, age_days=0.1)
    plan([post], config, store, now=NOW, captions_fn=fake_caption)
    by_hand = store.entries()[-1]
    store.set_status(by_hand.id, "canceled", NOW, "canceled by hand", expect=("planned",))
    plan([], config, store, now=NOW + DAY, captions_fn=fake_caption, complete=True)
    assert {e.status for e in store.entries()} == {"canceled"}
    back = plan([post], config, store, now=NOW + 2 * DAY, captions_fn=fake_caption)
    # The shares still ahead come back (same ids, new times); the one canceled by hand stays.
    assert sorted(e.seq for e in back.added) == [1, 2, 3, 4, 5]
    assert all(e.due >= NOW + 2 * DAY for e in back.added)
    assert store.get(by_hand.id).status == "canceled"
    assert len(store.entries()) == 7  # nothing added beside them


def test_entries_of_a_dropped_platform_are_canceled(store: Store) -> None:
    post = make_post(1, age_days=0.1)
    plan([post], make_config(platforms=["x", "mastodon"]), store, now=NOW, captions_fn=fake_caption)
    report = plan([post], make_config(platforms=["x"]), store, now=NOW, captions_fn=fake_caption)
    assert {e.platform for e in report.canceled} == {"mastodon"}
    assert {e.status for e in store.entries(platform="mastodon")} == {"canceled"}
    assert {e.status for e in store.entries(platform="x")} == {"planned"}


def test_an_updated_post_gets_one_updated_share(store: Store) -> None:
    config = make_config(platforms=["x", "mastodon"])
    post = make_post(1, age_days=900)
    plan([post], config, store, now=NOW, captions_fn=fake_caption)
    later = NOW + 5 * DAY
    # Only re-dated (a feed touching `updated`): not an update.
    touched = replace(post, updated=later - timedelta(hours=2))
    assert not plan([touched], config, store, now=later, captions_fn=fake_caption).added
    edited = replace(
        touched, body=post.body + " A new section on what changed. " * 10, updated=later
    )
    report = plan([edited], config, store, now=later + timedelta(hours=1), captions_fn=fake_caption)
    assert sorted((e.platform, e.seq, e.variant) for e in report.added) == [
        ("mastodon", 100, "updated"),
        ("x", 100, "updated"),
    ]
    assert all(e.due - later < 4 * DAY for e in report.added)  # soon, not after the drip
    assert report.updated  # the planned reposts carry the new text too
    again = plan([edited], config, store, now=later + 2 * DAY, captions_fn=fake_caption)
    assert not again.added


def _medium_site(now: datetime) -> tuple[list, dict]:
    """240 posts of every kind: new, within their cadence, back-catalogue, not evergreen,
    expiring, a draft; cards on every fifth."""
    posts, cards = [], {}
    for n in range(240):
        age = 0.1 + n / 1000 if n % 40 == 0 else (5 + n if n % 7 == 0 else 400 + n)
        fields = {"evergreen": n % 11 != 0, "draft": n == 77}
        if n % 13 == 0:
            fields["expires"] = now + (60 + n) * DAY
        posts.append(make_post(n, age_days=age, now=now, **fields))
        if n % 5 == 0:
            cards[posts[-1].url] = [
                Card(posts[-1].url, t, size, 1200, 675, Path(f"cards/{n}-{t}-{size}.png"), t)
                for t in ("classic", "quote", "minimal")
                for size in ("x", "mastodon")
            ]
    return posts, cards


def _fingerprint(store: Store, reports: list, problems: Problems) -> str:
    import hashlib

    lines = [str(item) for item in problems.items]
    for report in reports:
        lines.append(report.summary())
        for name in ("added", "updated", "canceled"):
            lines.append(repr([(e.id, e.platform, e.seq, e.due) for e in getattr(report, name)]))
        lines.append(repr((report.moved, report.waiting, report.unplaced)))
    for e in store.entries():
        notes = [
            (c.at.isoformat(), c.from_status, c.to_status, c.note) for c in store.history(e.id)
        ]
        lines.append(
            repr((e.id, e.post_url, e.platform, e.seq, e.due.isoformat(), e.status, e.variant,
                  e.new, e.text, e.parts, e.link, e.description, e.card_path, e.card_template,
                  e.content_hash, e.idempotency_key, notes))
        )  # fmt: skip
    # The tables in the order rows were written (which a later plan reads them in).
    for table in ("posts", "history"):
        lines.append(
            repr(store.db.execute(f"SELECT rowid, * FROM {table} ORDER BY rowid").fetchall())
        )
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def test_a_medium_plan_is_exactly_the_same_plan(store: Store) -> None:
    """Three plans over a medium site; every entry, time, variant, card, history note,
    report line and warning pinned by a hash: a faster planner must make exactly this plan."""
    schedule = {
        "slots": ["mon-fri 09:00", "mon-fri 13:00", "sat,sun 11:00", "daily 18:30"],
        "daily_cap": 3,
        "reserved": 1,
        "min_gap_days": 2,
        "backlog_per_day": 4,
        "horizon_days": 200,
        "per_platform": {
            "mastodon": {"offsets": [3, 30, 180], "slots": ["daily 08:30", "daily 20:00"]}
        },
    }
    config = make_config(platforms=["x", "mastodon", "bluesky"], **schedule)
    posts, cards = _medium_site(NOW)
    problems = Problems()
    options = {"captions_fn": refusing("quote"), "cards": cards, "problems": problems}
    reports = [plan(posts, config, store, now=NOW, **options)]
    for entry in store.entries(limit=25):
        store.set_status(entry.id, "posted", NOW, "posted", posted_at=entry.due)
    # Ten days on, the whole site: some posts gone, some edited (updated), one moved, one new.
    later = NOW + 10 * DAY
    site = [
        replace(p, body=p.body + " What changed since. " * 20, updated=later)
        if n % 19 == 0 else p
        for n, p in enumerate(posts)
        if n % 17 != 0
    ]  # fmt: skip
    site[1] = replace(site[1], url="https://blog.example.com/moved/1/")
    site.append(make_post(500, age_days=0.2, now=later))
    reports.append(plan(site, config, store, now=later, complete=True, **options))
    # A month later the gone posts are back (revived), and one platform is dropped.
    two = make_config(platforms=["x", "mastodon"], **schedule)
    reports.append(plan(site + posts[::17], two, store, now=NOW + 40 * DAY, **options))
    assert [r.summary() for r in reports] == [
        "1206 added, 0 updated, 0 canceled, 0 moved, 1 waiting, 35 without a slot, 1681 deferred",
        "149 added, 72 updated, 71 canceled, 1 moved, 1 waiting, 22 without a slot, 1497 deferred",
        "122 added, 0 updated, 424 canceled, 0 moved, 1 waiting, 19 without a slot, 794 deferred",
    ]
    assert _fingerprint(store, reports, problems) == (
        "c608625a6a12ea5d5f37e6299b889daa5455262191566e800d64e1fc1dacb12c"
    )
