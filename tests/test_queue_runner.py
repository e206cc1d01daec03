"""The publish loop: claim, publish, record; errors, backoff, pauses, catch-up, crash recovery."""

from __future__ import annotations

import contextlib
import json
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_queue_support import NOW, FakePublisher, fake_caption, make_config, make_post

from smm_promote.publish.base import AuthError, PermanentError, RateLimited, TransientError
from smm_promote.publish.outbox import OutboxPublisher
from smm_promote.publish.registry import UnknownPublisher, publisher_for
from smm_promote.publish.runner import QueueLock, QueueLocked, paused, resume, run
from smm_promote.schedule.planner import plan
from smm_promote.schedule.store import Store

DAY = timedelta(days=1)


@pytest.fixture
def setup(tmp_path: Path):
    config = make_config(tmp_path, platforms=["x"])
    store = Store(config.path(config.schedule.store))
    plan([make_post(1, age_days=0.1)], config, store, now=NOW, captions_fn=fake_caption)
    yield config, store
    store.close()


def test_due_entry_is_posted_once_and_recorded(setup) -> None:
    config, store = setup
    fake = FakePublisher()
    report = run(config, store, now=NOW, publishers=lambda p: fake)
    assert [e.seq for e in report.posted] == [0]
    again = run(config, store, now=NOW + timedelta(minutes=5), publishers=lambda p: fake)
    assert not again.posted
    assert len(fake.sent) == 1
    entry = store.get(fake.sent[0].id)
    assert (entry.status, entry.remote_id, entry.attempts) == ("posted", f"id-{entry.id}", 1)
    assert entry.posted_at == NOW
    assert [h.to_status for h in store.history(entry.id)] == ["planned", "claimed", "posted"]


def test_dry_run_changes_nothing(setup) -> None:
    config, store = setup
    fake = FakePublisher()
    report = run(config, store, now=NOW, publishers=lambda p: fake, dry_run=True)
    assert [e.seq for e in report.would_post] == [0]
    assert not fake.sent and store.entries()[0].status == "planned"


def test_rate_limit_moves_the_entry_to_the_reset_time_without_losing_an_attempt(setup) -> None:
    config, store = setup
    reset = NOW + timedelta(minutes=20)
    fake = FakePublisher(outcomes=[RateLimited("429 Too Many Requests", retry_at=reset)])
    report = run(config, store, now=NOW, publishers=lambda p: fake)
    entry = store.entries()[0]
    assert (entry.status, entry.due, entry.attempts) == ("planned", reset, 0)
    assert "rate limited" in entry.last_error
    assert report.retrying[0][1] == reset
    assert not run(config, store, now=NOW + timedelta(minutes=10), publishers=lambda p: fake).posted
    assert run(config, store, now=reset, publishers=lambda p: fake).posted


def test_server_errors_back_off_exponentially_then_fail(setup) -> None:
    config, store = setup  # max_attempts 5, backoff 5 minutes
    fake = FakePublisher(outcomes=[TransientError("503 Service Unavailable")] * 5)
    now, waits = NOW, []
    for _ in range(5):
        report = run(config, store, now=now, publishers=lambda p: fake)
        if report.retrying:
            when = report.retrying[0][1]
            waits.append(when - now)
            now = when
    assert waits == [timedelta(minutes=m) for m in (5, 10, 20, 40)]
    entry = store.entries(statuses=("failed",))[0]
    assert entry.attempts == 5
    assert entry.last_error == "gave up after 5 attempts: 503 Service Unavailable"
    assert not fake.sent


def test_auth_error_fails_at_once_and_pauses_the_platform(setup) -> None:
    config, store = setup
    fake = FakePublisher(
        outcomes=[AuthError("x: environment variable SMM_X_ACCESS_TOKEN is not set")]
    )
    report = run(config, store, now=NOW, publishers=lambda p: fake)
    assert report.failed[0][1].startswith("x: environment variable")
    assert "x" in paused(store)
    # Later entries of a paused platform are held, not tried and not failed.
    later = NOW + 4 * DAY
    held = run(config, store, now=later, publishers=lambda p: fake)
    assert held.held and not held.failed and not fake.sent
    assert resume(store, "x", later)
    assert run(config, store, now=later, publishers=lambda p: fake).posted


def test_permanent_and_unexpected_errors_fail_without_retry(setup) -> None:
    config, store = setup
    fake = FakePublisher(outcomes=[PermanentError("422: text too long")])
    report = run(config, store, now=NOW, publishers=lambda p: fake)
    assert report.failed[0][1] == "422: text too long"
    store.move(report.failed[0][0].id, NOW, NOW, "retry by hand")
    fake.outcomes = [KeyError("boom")]
    report = run(config, store, now=NOW, publishers=lambda p: fake)
    assert "may or may not have been posted" in report.failed[0][1]


def test_missed_entries_move_to_the_next_free_slots_not_all_at_once(tmp_path: Path) -> None:
    config = make_config(tmp_path, platforms=["x"], slots=["daily 09:00"], daily_cap=1, reserved=0)
    with Store(config.path(config.schedule.store)) as store:
        posts = [make_post(n, age_days=0.01 * (n + 1)) for n in range(4)]
        plan(posts, config, store, now=NOW, captions_fn=fake_caption)
        announce = sorted(store.entries(statuses=("planned",)), key=lambda e: e.due)
        assert len({e.due for e in announce if e.seq == 0}) == 4  # one a day
        # The publisher did not run for a week.
        late = NOW + 7 * DAY + timedelta(hours=8)  # 17:00 Berlin: 8 h after that day's slot
        fake = FakePublisher()
        report = run(config, store, now=late, publishers=lambda p: fake)
        assert not report.posted and report.moved
        dues = sorted(due for _, due in report.moved)
        assert len(set(dues)) == len(dues)  # one per slot: no burst
        assert all(due > late for due in dues)
        assert all(due.astimezone(config.tz).hour == 9 for due in dues)
        assert "caught up" in store.history(report.moved[0][0].id)[-1].note


def test_claimed_entry_is_reconciled_not_resent(setup) -> None:
    config, store = setup
    entry = store.entries()[0]
    fake = FakePublisher()
    # A run claimed and posted it, then died before recording.
    store.claim(entry.id, NOW)
    fake.publish(store.get(entry.id))
    report = run(config, store, now=NOW + timedelta(minutes=1), publishers=lambda p: fake)
    assert (
        report.reconciled == [(store.get(entry.id), "posted")]
        or report.reconciled[0][1] == "posted"
    )
    assert len(fake.sent) == 1
    assert store.get(entry.id).status == "posted"
    # Claimed but never sent: planned again and sent once.
    second = store.entries(statuses=("planned",))[0]
    store.claim(second.id, NOW)
    report = run(config, store, now=second.due, publishers=lambda p: fake)
    assert report.reconciled[0][1] == "planned again"
    assert [e.id for e in fake.sent].count(second.id) == 1


def test_transient_error_while_reconciling_keeps_it_claimed(setup) -> None:
    config, store = setup
    entry = store.entries()[0]
    store.claim(entry.id, NOW)

    class Unsure(FakePublisher):
        def find_recent(self, entry):
            raise TransientError("timeout")

    fake = Unsure()
    report = run(config, store, now=NOW, publishers=lambda p: fake)
    assert report.reconciled[0][1].startswith("unknown")
    assert store.get(entry.id).status == "claimed" and not fake.sent


def test_a_second_publisher_on_the_same_store_is_refused(setup) -> None:
    config, store = setup
    with QueueLock(store.path), pytest.raises(QueueLocked, match="another"):
        run(config, store, now=NOW, publishers=lambda p: FakePublisher())


def test_outbox_writes_json_and_card_and_finds_it_again(setup, tmp_path: Path) -> None:
    config, store = setup
    card = tmp_path / "card.png"
    card.write_bytes(b"\x89PNG fake")
    entry = store.entries()[0]
    from dataclasses import replace

    entry = replace(entry, card_path=str(card))
    outbox = publisher_for("x", config, override="outbox")
    assert isinstance(outbox, OutboxPublisher)
    assert outbox.find_recent(entry) is None
    result = outbox.publish(entry)
    written = json.loads((tmp_path / "outbox" / "x" / f"{entry.idempotency_key}.json").read_text())
    assert written["text"] == entry.text and written["card_file"].endswith(".png")
    assert (tmp_path / "outbox" / "x" / written["card_file"]).read_bytes() == b"\x89PNG fake"
    assert outbox.find_recent(entry) == result
    outbox.publish(entry)  # a second send is visible, like a duplicate on a platform
    assert len(outbox.written()) == 2


def test_registry_names_unknown_publishers(setup) -> None:
    config, _ = setup
    with pytest.raises(UnknownPublisher, match="unknown publisher 'carrier-pigeon'"):
        publisher_for("x", config, override="carrier-pigeon")
    chosen = config.model_copy(
        update={"schedule": config.schedule.model_copy(update={"publisher": {"x": "outbox"}})}
    )
    assert isinstance(publisher_for("x", chosen), OutboxPublisher)


def test_missing_credentials_fail_the_entry_and_pause(setup, monkeypatch) -> None:
    config, store = setup
    monkeypatch.delenv("SMM_X_CONSUMER_KEY", raising=False)
    from smm_promote.publish.runner import factory_for

    report = run(config, store, now=NOW, publishers=factory_for(config))
    assert report.failed[0][1] == "x: environment variable SMM_X_CONSUMER_KEY is not set"
    assert paused(store)["x"]["reason"] == report.failed[0][1]


def test_unknown_publisher_stops_before_claiming(setup) -> None:
    config, store = setup
    from smm_promote.publish.runner import factory_for

    with pytest.raises(UnknownPublisher):
        run(config, store, now=NOW, publishers=factory_for(config, override="nope"))
    assert store.entries()[0].status == "planned"


outcome = st.sampled_from(["ok", "ok", "ok", "transient", "rate", "crash"])


@pytest.mark.slow
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(outcomes=st.lists(outcome, max_size=40))
def test_any_mix_of_errors_and_crashes_sends_each_entry_at_most_once(outcomes, tmp_path_factory):
    """Scripted errors, and crashes between publishing and recording, over repeated runs:
    no entry is ever sent twice and in the end every one is posted or failed."""
    tmp = tmp_path_factory.mktemp("q")
    config = make_config(tmp, platforms=["x", "mastodon"], max_attempts=3)
    with Store(config.path(config.schedule.store)) as store:
        posts = [make_post(n, age_days=0.1) for n in range(3)]
        plan(posts, config, store, now=NOW, captions_fn=fake_caption)
        script = list(outcomes)

        class Scripted(FakePublisher):
            def publish(self, entry):
                step = script.pop(0) if script else "ok"
                if step == "transient":
                    raise TransientError("502")
                if step == "rate":
                    raise RateLimited("429", retry_at=None)
                result = super().publish(entry)
                if step == "crash":  # posted, then the process died before recording
                    raise _Crash
                return result

        fake = Scripted()
        now = NOW
        for _ in range(200):
            with contextlib.suppress(_Crash):  # the claim stays; the next run reconciles it
                run(config, store, now=now, publishers=lambda p: fake)
            waiting = store.entries(statuses=("planned", "claimed"))
            if not waiting:
                break
            now = max(now + timedelta(hours=1), min(e.due for e in waiting))
        sent = Counter(e.idempotency_key for e in fake.sent)
        assert all(n == 1 for n in sent.values())
        final = store.entries()
        assert {e.status for e in final} <= {"posted", "failed"}
        assert {e.idempotency_key for e in final if e.status == "posted"} == set(sent)


class _Crash(BaseException):
    """Stands for the process dying: not an error the runner handles."""


def test_entries_of_a_platform_no_longer_configured_are_held(setup) -> None:
    config, store = setup
    mastodon_only = config.model_copy(update={"platforms": ["mastodon"]})
    fake = FakePublisher()
    report = run(mastodon_only, store, now=NOW, publishers=lambda p: fake)
    assert [e.platform for e in report.held] == ["x"] and not fake.sent
