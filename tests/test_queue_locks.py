"""A plan and a publish on one store at once: neither holds the other up, nothing is re-sent.

`plan` computes its captions outside any write transaction and writes in one short one;
`publish` keeps what a platform answered until it is recorded (retrying a locked store),
so a delivered entry is never left claimed without its result.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from test_queue_support import NOW, FakePublisher, fake_caption, make_config, make_post

from smm_promote.publish import runner
from smm_promote.publish.runner import run
from smm_promote.schedule.planner import plan
from smm_promote.schedule.store import Store, StoreError


def _try_write(path: Path) -> bool:
    """Can another process take the write lock right now (no waiting)?"""
    other = sqlite3.connect(str(path), isolation_level=None, timeout=0)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        other.close()


def test_plan_writes_nothing_while_it_writes_captions(tmp_path: Path) -> None:
    config = make_config(tmp_path, platforms=["x", "mastodon"])
    path = config.path(config.schedule.store)
    free: list[bool] = []

    def captions(post, platform, variant, rotation):
        free.append(_try_write(path))
        return fake_caption(post, platform, variant, rotation)

    with Store(path) as store:
        report = plan([make_post(n, age_days=n) for n in range(1, 6)], config, store,
                      now=NOW, captions_fn=captions)  # fmt: skip
        assert len(report.added) == len(free) > 10
        assert all(free), f"the store was write-locked during {free.count(False)} captions"
        assert len(store.entries()) == len(report.added)


def test_a_replan_beside_publish_changes_only_what_is_still_planned(tmp_path: Path) -> None:
    """An entry posted while the plan composed is not edited by the plan."""
    config = make_config(tmp_path, platforms=["x"])
    with Store(config.path(config.schedule.store)) as store:
        plan([make_post(1, age_days=0.1)], config, store, now=NOW, captions_fn=fake_caption)
        first = store.entries()[0]
        fake = FakePublisher()

        def captions(post, platform, variant, rotation):
            if not fake.sent:  # publish runs while this plan is composing
                with Store(store.path) as other:
                    run(config, other, now=NOW, publishers=lambda p: fake)
            return fake_caption(post, platform, variant, rotation)

        edited = make_post(1, age_days=0.1, body="New words. " * 50)
        report = plan([edited], config, store, now=NOW, captions_fn=captions)
        assert [e.id for e in fake.sent] == [first.id]
        assert first.id not in [e.id for e in report.updated]
        posted = store.get(first.id)
        assert (posted.status, posted.text) == ("posted", first.text)


class _HeldLock:
    """Another connection holding the write lock until `release()`."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        self.db.execute("BEGIN IMMEDIATE")

    def release(self) -> None:
        self.db.execute("ROLLBACK")
        self.db.close()


def test_a_locked_store_after_sending_is_waited_for(tmp_path: Path, monkeypatch) -> None:
    config = make_config(tmp_path, platforms=["x"])
    path = config.path(config.schedule.store)
    with Store(path) as store:
        plan([make_post(1, age_days=0.1)], config, store, now=NOW, captions_fn=fake_caption)
    monkeypatch.setattr(runner, "RECORD_WAITS", (0.05, 0.1, 0.2, 0.4, 0.8, 1.6))
    fake = FakePublisher()
    fake.find_recent = lambda entry: None  # like a webhook: cannot tell after a crash
    held: list[_HeldLock] = []
    real = fake.publish

    def publish(entry):
        result = real(entry)
        held.append(_HeldLock(path))  # a long plan takes the store right after the send
        threading.Timer(0.5, held[0].release).start()
        return result

    fake.publish = publish
    with Store(path, timeout=0.05) as store:
        report = run(config, store, now=NOW, publishers=lambda p: fake)
        assert store.get(fake.sent[0].id).status == "posted"
        assert not store.entries(statuses=("claimed",))
    assert len(report.posted) == 1 and len(fake.sent) == 1


def test_a_store_locked_for_good_keeps_the_result_for_the_next_run(
    tmp_path: Path, monkeypatch
) -> None:
    config = make_config(tmp_path, platforms=["x"])
    path = config.path(config.schedule.store)
    with Store(path) as store:
        plan([make_post(1, age_days=0.1)], config, store, now=NOW, captions_fn=fake_caption)
    monkeypatch.setattr(runner, "RECORD_WAITS", (0.01, 0.02))
    fake = FakePublisher()
    fake.find_recent = lambda entry: None
    held: list[_HeldLock] = []
    real = fake.publish

    def publish(entry):
        result = real(entry)
        held.append(_HeldLock(path))
        return result

    fake.publish = publish
    with Store(path, timeout=0.01) as store, pytest.raises(StoreError, match="next publish"):
        run(config, store, now=NOW, publishers=lambda p: fake)
    held[0].release()
    fake.publish = real
    with Store(path) as store:
        report = run(config, store, now=NOW, publishers=lambda p: fake)
        entry = store.get(fake.sent[0].id)
        assert (entry.status, entry.remote_id) == ("posted", f"id-{entry.id}")
    assert [r for _, r in report.reconciled] == ["posted"]
    assert len(fake.sent) == 1, "the delivered entry was not sent again"
