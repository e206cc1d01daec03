"""The memo: a rerun with nothing changed computes no caption again, and never a stale one."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from smm_promote.captions import compose
from smm_promote.config import Config
from smm_promote.errors import Problems
from smm_promote.memo import Memo
from smm_promote.model import Post
from smm_promote.pipeline import promote


def site(tmp_path, **extra) -> Config:
    data = {"site_url": "https://blog.example", "platforms": ["x", "mastodon"], **extra}
    return Config.from_mapping(data, source=tmp_path / "smm-promote.toml")


def posts() -> list[Post]:
    body = "Static sites age well because their files outlive the software that made them. " * 5
    return [
        Post(url=f"https://blog.example/{n}/", title=f"Post number {n} on keeping sites alive",
             body=body, summary=f"Summary {n} of a post that says something.", slug=str(n),
             tags=("static sites",), source=f"content/{n}.md")
        for n in range(3)
    ]  # fmt: skip


@pytest.fixture
def calls(monkeypatch):
    counted: list[str] = []
    real = compose.captions_for

    def counting(post, config, **kwargs):
        counted.append(post.url)
        kwargs["problems"].add(post.source, "a warning met while writing")
        return real(post, config, **kwargs)

    monkeypatch.setattr(compose, "captions_for", counting)
    return counted


def run(config, items):
    problems = Problems()
    result = promote(items, config, out_dir=config.base_dir / "cards", cards=False,
                     progress=False, problems=problems, cache=True)  # fmt: skip
    return result, [str(p) for p in problems]


def test_a_rerun_with_nothing_changed_writes_no_caption_again(tmp_path, calls):
    config = site(tmp_path)
    first, first_warnings = run(config, posts())
    assert len(calls) == 3
    assert (tmp_path / ".smm-promote" / "cache" / "memo.json").is_file()
    again, again_warnings = run(config, posts())
    assert len(calls) == 3  # nothing computed the second time
    assert again.captions == first.captions  # the same captions, field for field
    assert (
        again_warnings
        == first_warnings
        == [f"content/{n}.md: a warning met while writing" for n in range(3)]
    )


def test_a_changed_post_or_config_is_written_again(tmp_path, calls):
    config = site(tmp_path)
    run(config, posts())
    changed = posts()
    changed[1] = replace(changed[1], title="A new title for post one")
    result, _ = run(config, changed)
    assert calls[3:] == ["https://blog.example/1/"]
    assert "A new title for post one" in result.captions["https://blog.example/1/"][0].text
    run(site(tmp_path, platforms=["x"]), changed)
    assert len(calls) == 7  # a config change misses every post


@pytest.mark.parametrize("damaged", [["memo.json", "run-*.json"], ["run-*.json"]])
def test_a_damaged_cache_is_ignored(tmp_path, calls, damaged):
    config = site(tmp_path)
    first, _ = run(config, posts())
    for pattern in damaged:
        found = list((tmp_path / ".smm-promote" / "cache").glob(pattern))
        assert found
        for path in found:
            path.write_text("{not json")
    again, warnings = run(config, posts())
    # A damaged memo: every caption is written again; a damaged run record alone: the memo
    # still has them.
    assert len(calls) == (6 if "memo.json" in damaged else 3)
    assert again.captions == first.captions
    assert warnings == [f"content/{n}.md: a warning met while writing" for n in range(3)]


def test_entries_no_run_asks_for_are_dropped(tmp_path):
    path = tmp_path / "memo.json"
    memo = Memo(path, "salt")
    for key in ("a", "b"):
        memo.get(key, lambda _p, k=key: k.upper(), Problems(), dump=str, load=str)
    memo.save()
    memo = Memo(path, "salt")
    assert memo.get("a", lambda _p: "never", Problems(), dump=str, load=str) == "A"
    memo.save()
    assert set(json.loads(path.read_text())["values"]) == {"a"}
    assert Memo(path, "other salt").get("a", lambda _p: "new", Problems(), dump=str,
                                        load=str) == "new"  # fmt: skip


def test_card_text_of_unchanged_posts_comes_from_the_memo(tmp_path, monkeypatch):
    from smm_promote.cards import render

    seen: list[str] = []
    real = render.card_context
    monkeypatch.setattr(render, "card_context", lambda post, config, *fields: (
        seen.append(post.url), real(post, config, *fields))[1])  # fmt: skip
    config = site(tmp_path, cards={"sizes": ["og"]})
    first = promote(posts(), config, out_dir=tmp_path / "cards", progress=False, cache=True)
    again = promote(posts(), config, out_dir=tmp_path / "cards", progress=False, cache=True)
    assert len(seen) == 3  # once per post, over both runs
    assert [c.path for c in again.cards["https://blog.example/0/"]] == [
        c.path for c in first.cards["https://blog.example/0/"]
    ]  # the same card keys: the same text
