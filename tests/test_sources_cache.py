"""The reading cache: a file whose bytes, neighbours, config and site rules are unchanged is
not read again; a changed one is, and the posts are those a fresh read gives."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import smm_promote.sources as sources
from smm_promote.config import Config
from smm_promote.errors import Problems
from smm_promote.model import Author, Post, post_data, post_from_data
from smm_promote.sources import read_source

POST = "---\ntitle: {title}\ndate: 2024-03-10 09:30\ntags: [static, sites]\n---\n\n{body}\n"


def write_site(root: Path) -> Path:
    content = root / "content"
    content.mkdir(parents=True)
    for name, title in (("a", "Keeping sites alive"), ("b", "Files outlive software")):
        body = f"Post {name}: static sites age well because their files outlive the tools."
        (content / f"{name}.md").write_text(POST.format(title=title, body=body))
    (content / "untitled.md").write_text("---\ndate: 2024-01-01\n---\n")  # a warning each run
    return content


def config_for(root: Path, **extra) -> Config:
    data = {"site_url": "https://blog.example", "timezone": "Europe/Paris", **extra}
    return Config.from_mapping(data, source=root / "smm-promote.toml")


@pytest.fixture
def parsed(monkeypatch) -> list[str]:
    """The names of the files actually parsed."""
    names: list[str] = []
    real = sources._parse

    def counting(path, *args, **kwargs):
        names.append(path.name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(sources, "_parse", counting)
    return names


def read(content: Path, config: Config) -> tuple[list[Post], list[str]]:
    problems = Problems()
    reading = read_source(content, config, problems, cache=True)
    return reading.posts, [str(p) for p in problems]


def test_unchanged_files_are_not_read_again_and_a_changed_one_is(tmp_path, parsed):
    content = write_site(tmp_path)
    config = config_for(tmp_path)
    first, warnings = read(content, config)
    assert sorted(parsed) == ["a.md", "b.md", "untitled.md"]
    assert warnings and "untitled.md" in warnings[0]
    assert list((tmp_path / ".smm-promote" / "cache").glob("reading-*.json"))

    parsed.clear()
    again, warnings_again = read(content, config)
    assert parsed == []
    assert again == first
    assert warnings_again == warnings  # the warnings of files not read again are kept

    (content / "a.md").write_text(POST.format(title="Keeping sites alive", body="New words."))
    changed, _ = read(content, config)
    assert parsed == ["a.md"]
    fresh = read_source(content, config, Problems()).posts
    assert changed == fresh
    assert next(p for p in changed if p.title == "Keeping sites alive").body == "New words."


def test_the_config_and_a_folder_default_file_read_everything_again(tmp_path, parsed):
    content = write_site(tmp_path)
    read(content, config_for(tmp_path))
    parsed.clear()
    posts, _ = read(content, config_for(tmp_path, timezone="Asia/Tokyo"))
    assert sorted(parsed) == ["a.md", "b.md", "untitled.md"]
    assert {p.date.utcoffset().total_seconds() for p in posts if p.date} == {9 * 3600}

    parsed.clear()
    (content / ".meta.yml").write_text("categories: [Notes]\n")
    posts, _ = read(content, config_for(tmp_path, timezone="Asia/Tokyo"))
    assert sorted(parsed) == ["a.md", "b.md", "untitled.md"]
    assert {p.categories for p in posts} == {("Notes",)}

    parsed.clear()  # a section index (Hugo's `_index.md` cascade) is read by its neighbours
    (content / "_index.md").write_text("---\ntitle: Section\n---\n")
    read(content, config_for(tmp_path, timezone="Asia/Tokyo"))
    assert {"a.md", "b.md", "untitled.md"} <= set(parsed)


def test_a_post_comes_back_equal_with_its_time_zone():
    paris = ZoneInfo("Europe/Paris")
    post = Post(
        url="https://blog.example/a/", title="A", body="Text.", headings=("One", "Two"),
        date=datetime(2024, 10, 27, 2, 30, fold=1, tzinfo=paris), tags=("x", "y"),
        authors=(Author("Ada", key="ada", handles=(("mastodon", "@ada@example.social"),)),),
        blocks=(("heading", "One"), ("text", "Text.")), translations=(("fr", "https://b/fr/"),),
        share={"template": "quote", "hashtags": ["a", "b"]},
    )  # fmt: skip
    back = post_from_data(post_data(post))
    assert back == post
    assert back.date.tzinfo == paris and back.date.utcoffset() == post.date.utcoffset()
    assert back.share == post.share and back.authors[0].handles == post.authors[0].handles
