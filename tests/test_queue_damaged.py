"""A queue file that exists but is not a sound store is an error, never a fresh start."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_queue_support import NOW, fake_caption, make_config, make_post

from smm_promote.cli import cli
from smm_promote.schedule.planner import plan
from smm_promote.schedule.store import Store, StoreError


def _good_store(tmp_path: Path) -> Path:
    config = make_config(tmp_path, platforms=["x", "mastodon"])
    path = config.path(config.schedule.store)
    with Store(path) as store:
        plan([make_post(n, age_days=n) for n in range(1, 40)], config, store, now=NOW,
             captions_fn=fake_caption)  # fmt: skip
    db = sqlite3.connect(path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


def _corrupt_pages(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for number in range(2, len(data) // page):
        data[number * page + 8 : number * page + 200] = b"\xa5" * 192
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", ["empty", "not sqlite", "corrupt pages"])
def test_a_damaged_queue_is_refused_untouched(tmp_path: Path, damage: str) -> None:
    path = _good_store(tmp_path)
    if damage == "empty":
        path.write_bytes(b"")
    elif damage == "not sqlite":
        path.write_bytes(b"entries: []\n" * 100)
    else:
        _corrupt_pages(path)
    before = path.read_bytes()
    with pytest.raises(StoreError) as caught:
        Store(path)
    message = str(caught.value)
    assert str(path) in message
    assert "backup" in message and "every post would be shared again" in message
    assert path.read_bytes() == before


def test_plan_on_an_empty_queue_file_exits_with_the_error(tmp_path: Path) -> None:
    path = tmp_path / ".smm-promote" / "queue.db"
    path.parent.mkdir()
    path.write_bytes(b"")
    (tmp_path / "smm-promote.toml").write_text('site_url = "https://blog.example.com"\n')
    (tmp_path / "post.md").write_text("---\ntitle: Hello\ndate: 2026-03-10\n---\nSome words.\n")
    result = CliRunner().invoke(
        cli, ["plan", str(tmp_path / "post.md"), "--no-cards", "--now", NOW.isoformat(),
              "--config", str(tmp_path / "smm-promote.toml")],
    )  # fmt: skip
    assert result.exit_code != 0
    assert "is empty" in str(result.exception) or "is empty" in result.output
    assert path.read_bytes() == b""
