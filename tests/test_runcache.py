"""The run record: a run with nothing changed replays the last one's cards, captions and
warnings; any changed input misses; the planner still places what has come due."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from smm_promote.captions import compose
from smm_promote.cards import render
from smm_promote.config import Config
from smm_promote.errors import Problems
from smm_promote.model import Post
from smm_promote.pipeline import promote
from smm_promote.runcache import Watched
from smm_promote.schedule.store import open_store

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
BODY = "Static sites age well because their files outlive the software that made them. " * 6


def site(tmp_path, **extra) -> Config:
    data = {
        "site_url": "https://blog.example",
        "platforms": ["x", "mastodon"],
        "cards": {"sizes": ["og"], "template": "photo"},
        "schedule": {"horizon_days": 20},
        **extra,
    }
    return Config.from_mapping(data, source=tmp_path / "smm-promote.toml")


def posts(tmp_path, count: int = 4) -> list[Post]:
    folder = tmp_path / "content"
    folder.mkdir(exist_ok=True)
    found = []
    for n in range(count):
        source = folder / f"{n}.md"
        source.write_text(f"# Post {n}\n")
        found.append(
            Post(url=f"https://blog.example/{n}/", title=f"Post number {n} on keeping sites alive",
                 body=BODY, summary=f"Summary {n} of a post that says something.", slug=str(n),
                 tags=("static sites",), source=str(source), image="img/cover.png",
                 date=datetime(2024, 1, n + 1, tzinfo=UTC))
        )  # fmt: skip
    return found


@pytest.fixture
def work(monkeypatch):
    """What each run computed: the posts it drew cards for and wrote captions for."""
    done: dict[str, list[str]] = {"cards": [], "captions": []}
    real_cards, real_captions = render.render_cards, compose.captions_for

    def cards(items, *args, **kwargs):
        items = list(items)
        done["cards"] += [p.url for p in items]
        return real_cards(items, *args, **kwargs)

    def captions(post, *args, **kwargs):
        done["captions"].append(post.url)
        return real_captions(post, *args, **kwargs)

    monkeypatch.setattr(render, "render_cards", cards)
    monkeypatch.setattr(compose, "captions_for", captions)
    return done


def run(config, items, now=NOW, plan=False, cache=True):
    problems = Problems()
    result = promote(items, config, out_dir=config.base_dir / "cards", progress=False,
                     problems=problems, cache=cache, plan=plan, now=now)  # fmt: skip
    return result, [str(p) for p in problems]


def test_a_run_with_nothing_changed_replays_the_last(tmp_path, work):
    config, items = site(tmp_path), posts(tmp_path)
    first, first_warnings = run(config, items)
    assert len(work["cards"]) == 4 and len(work["captions"]) == 4
    again, again_warnings = run(config, posts(tmp_path))
    assert len(work["cards"]) == 4 and len(work["captions"]) == 4  # nothing done again
    assert again.cards == first.cards and again.captions == first.captions
    assert again_warnings == first_warnings
    assert any("img/cover.png" in w for w in first_warnings)  # the replayed warnings


@pytest.mark.parametrize(
    "change",
    ["image appears", "post edited", "config changed", "card deleted", "template added"],
)
def test_any_changed_input_misses(tmp_path, work, change):
    config, items = site(tmp_path), posts(tmp_path)
    first, _ = run(config, items)
    if change == "image appears":  # a file looked for and not found then
        from PIL import Image

        (tmp_path / "content" / "img").mkdir()
        Image.new("RGB", (40, 30), "#336699").save(tmp_path / "content" / "img" / "cover.png")
    elif change == "post edited":
        items[2] = replace(items[2], title="A new title for post two")
    elif change == "config changed":
        config = site(tmp_path, site_name="Another Name")
    elif change == "card deleted":
        first.cards["https://blog.example/1/"][0].path.unlink()
    elif change == "template added":
        folder = tmp_path / "templates"
        folder.mkdir()
        config = site(
            tmp_path, cards={"sizes": ["og"], "template": "photo", "templates_dir": str(folder)}
        )
        run(config, items)
        (folder / "mine.yml").write_text("name: mine\n")
    before = len(work["cards"])
    again, _ = run(config, items)
    assert len(work["cards"]) > before
    if change == "image appears":
        assert (
            again.cards["https://blog.example/0/"][0].path
            != first.cards["https://blog.example/0/"][0].path
        )  # a new card: drawn over the image now found
    if change == "card deleted":
        assert first.cards["https://blog.example/1/"][0].path.is_file()  # drawn again


def _queue(config) -> list[tuple]:
    with open_store(config) as store:
        return sorted(
            (e.post_url, e.platform, e.seq, e.due, e.text, Path(e.card_path).name)
            for e in store.entries()
        )


def test_a_replayed_run_still_places_what_came_due(tmp_path, work):
    """The same plan as runs that replay nothing: shares deferred past the horizon are
    placed as time moves on."""
    later = [NOW + timedelta(days=days) for days in (0, 9, 30, 30)]
    replayed, fresh = tmp_path / "replayed", tmp_path / "fresh"
    for folder in (replayed, fresh):
        folder.mkdir()
    queues = []
    for folder, cache in ((replayed, True), (fresh, False)):
        config, items = site(folder), posts(folder)
        sizes = []
        for now in later:
            result, _ = run(config, items, now=now, plan=True, cache=cache)
            sizes.append(len(result.plan.added))
        queues.append((sizes, _queue(config)))
    assert queues[0] == queues[1]
    sizes = queues[0][0]
    assert sizes[0] > 0 and sizes[2] > 0 and sizes[3] == 0  # placed as they came due
    assert len(work["captions"]) == 4 + 4 * 4  # the cached runs wrote captions once


def test_watched_files_see_appearing_changing_and_vanishing(tmp_path):
    path = tmp_path / "a.txt"
    watched = Watched()
    assert not watched.see(path)
    assert watched.unchanged()
    path.write_text("one")
    assert not watched.unchanged()  # appeared
    watched = Watched()
    watched.see(path, by_content=True)
    path.write_text("one")  # rewritten with the same bytes
    assert watched.unchanged()
    path.write_text("two")
    assert not watched.unchanged()
    path.unlink()
    assert not watched.unchanged()


def test_each_way_of_running_replays_its_own_last_run(tmp_path, work):
    """A site build and `plan` on the same output keep a record each."""
    config, items = site(tmp_path), posts(tmp_path)
    run(config, items)
    run(config, items, plan=True)
    done = len(work["cards"]), len(work["captions"])
    run(config, items)
    run(config, items, plan=True)
    assert (len(work["cards"]), len(work["captions"])) == done
