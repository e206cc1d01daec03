"""`smm-promote demo`: the README's first command does the whole job on the sample blog."""

from __future__ import annotations

import json
import sqlite3

from PIL import Image

from tests.conftest import DEMO_GROUP, DemoRun


@DEMO_GROUP
def test_demo_runs_the_whole_job(demo_run: DemoRun):
    result, out = demo_run.result, demo_run.out
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr

    # Cards: every promoted post has its cards, in the platforms' sizes.
    cards = sorted(out.glob("cards/*/*.png"))
    posts_with_cards = {c.parent.name for c in cards}
    assert posts_with_cards == {
        "why-static-sites-age-well",
        "images-that-load-fast",
        "write-for-the-archive",
        "hugo-style-fediverse",
        "japanese-typography",
    }
    sizes = {Image.open(c).size for c in cards}
    assert {(1200, 630), (1200, 675), (1000, 1500)} <= sizes

    # Captions: every enabled platform, several variants, each within its limit.
    captions = json.loads((out / "captions.json").read_text())
    assert "https://blog.example.com/draft-coming-soon/" not in captions  # drafts are held
    for items in captions.values():
        assert {c["platform"] for c in items} == {
            "x", "mastodon", "bluesky", "linkedin", "instagram", "pinterest"
        }  # fmt: skip
        assert len({c["variant"] for c in items}) >= 3
        assert all(0 < c["length"] <= c["limit"] for c in items)

    # Queue: planned in the store, first slot published into the outbox exactly once.
    db = sqlite3.connect(out / "blog" / ".smm-promote" / "queue.db")
    statuses = dict(db.execute("SELECT status, COUNT(*) FROM entries GROUP BY status").fetchall())
    assert statuses.get("planned", 0) > 20
    posted = statuses.get("posted", 0)
    assert posted >= 1
    outbox = [p for p in (out / "blog" / ".smm-promote" / "outbox").rglob("*.json")]
    assert len(outbox) == posted

    # Preview: an index page that links the calendar.
    index = (out / "preview" / "index.html").read_text()
    assert "calendar.html" in index


def test_demo_refuses_a_folder_it_did_not_make(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from smm_promote.cli import cli

    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "important.md").write_text("my words")
    monkeypatch.chdir(folder)  # `--out .` is the folder itself
    for out in (folder, "."):
        result = CliRunner().invoke(cli, ["demo", "--out", str(out)], catch_exceptions=True)
        assert result.exit_code != 0
        assert "was not made by `smm-promote demo`" in str(result.exception)
    assert [p.name for p in folder.iterdir()] == ["important.md"]


def test_demo_rerun_removes_only_what_it_wrote(tmp_path):
    from smm_promote.cli.demo import MARKER, prepare_out

    out = tmp_path / "demo"
    prepare_out(out)
    (out / "cards").mkdir()
    (out / "cards" / "old.png").write_bytes(b"x")
    (out / "captions.json").write_text("{}")
    (out / "notes.md").write_text("mine")
    prepare_out(out)
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "notes.md"]
    empty = tmp_path / "empty"
    empty.mkdir()
    prepare_out(empty)
    assert [p.name for p in empty.iterdir()] == [MARKER]
