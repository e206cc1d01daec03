"""Feed items: the slug from the link, percent-encoding decoded once, build dates not updates."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from smm_promote.config import Config
from smm_promote.errors import Problems, SourceError
from smm_promote.sources import feed, read_posts
from smm_promote.sources.feed import slug_from_link

CONFIG = Config.from_mapping({"site_url": "https://blog.example"})


@pytest.mark.parametrize(
    ("link", "slug"),
    [
        ("https://blog.example/blog/2024/09/15/remove-%5EH/", "remove-^H"),
        ("https://blog.example/remove-%255EH.html", "remove-%5EH"),  # decoded once only
        ("https://blog.example/2023/07/13/Rust-1.71.0.html", "Rust-1.71.0"),
        ("https://blog.example/posts/first/index.html", "first"),
        ("https://blog.example/posts/first", "first"),
        ("https://blog.example/%E4%B8%AD%E6%96%87/", "中文"),
        ("https://blog.example/", ""),
        (None, ""),
    ],
)
def test_slug_from_link(link, slug):
    assert slug_from_link(link) == slug


def _atom(tmp_path: Path, entries: str, feed_updated: str) -> Path:
    path = tmp_path / "allatom.xml"
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>Blog</title>'
        f"<id>urn:blog</id><updated>{feed_updated}</updated>{entries}</feed>",
        encoding="utf-8",
    )
    return path


def _entry(slug: str, published: str, updated: str) -> str:
    return (
        f'<entry><title>{slug}</title><link href="https://blog.example/{slug}/"/>'
        f"<id>urn:{slug}</id><published>{published}</published><updated>{updated}</updated>"
        f'<content type="html">&lt;p&gt;Text of {slug}.&lt;/p&gt;</content></entry>'
    )


def test_items_take_their_slug_from_their_link_not_the_feed_file(tmp_path: Path):
    entries = _entry("remove-%5EH", "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z") + _entry(
        "second-post", "2024-02-01T00:00:00Z", "2024-02-01T00:00:00Z"
    )
    posts = read_posts(_atom(tmp_path, entries, "2024-02-01T00:00:00Z"), CONFIG, Problems())
    assert [p.slug for p in posts] == ["remove-^H", "second-post"]
    assert [p.url_origin for p in posts] == ["feed", "feed"]
    assert [p.blocks for p in posts] == [
        (("text", "Text of remove-%5EH."),),
        (("text", "Text of second-post."),),
    ]


def test_a_build_date_common_to_every_item_is_no_update(tmp_path: Path):
    build = "2024-09-08T10:00:00Z"
    entries = "".join(_entry(f"post-{n}", f"2024-0{n}-01T00:00:00Z", build) for n in range(1, 4))
    posts = read_posts(_atom(tmp_path, entries, build), CONFIG, Problems())
    assert [p.updated for p in posts] == [None, None, None]
    assert [p.date for p in posts] == [datetime(2024, n, 1, tzinfo=UTC) for n in range(1, 4)]


def test_the_feed_updated_is_no_item_update_but_a_real_update_is(tmp_path: Path):
    entries = _entry("edited", "2024-01-01T00:00:00Z", "2024-03-05T00:00:00Z") + _entry(
        "fresh", "2024-04-01T00:00:00Z", "2024-04-02T12:00:00Z"
    )
    posts = read_posts(_atom(tmp_path, entries, "2024-04-02T12:00:00Z"), CONFIG, Problems())
    assert [p.updated for p in posts] == [datetime(2024, 3, 5, tzinfo=UTC), None]


@pytest.mark.corpus
def test_real_feeds_slugs_from_links_and_updates(corpora: Path):
    posts = read_posts(corpora / "feeds-real-blogs", CONFIG, Problems())
    by_feed: dict[str, list] = {}
    for post in posts:
        by_feed.setdefault(Path(post.source.split(" (entry")[0]).parent.name, []).append(post)
    rust = {p.slug: p for p in by_feed["rust-blog-atom"]}
    assert rust["Rust-1.71.0"].url == "https://blog.rust-lang.org/2023/07/13/Rust-1.71.0.html"
    assert rust["1.71.0-prerelease"].url == (
        "https://blog.rust-lang.org/inside-rust/2023/07/10/1.71.0-prerelease.html"
    )
    jekyll = [p.slug for p in by_feed["jekyll-jekyll-feed"]]
    assert jekyll[:2] == ["jekyll-4-4-1-released", "jekyll-4-4-0-released"]
    for post in posts:
        assert post.slug not in {"feed", "inside-rust-feed"}, post.url
        assert post.url_origin == "feed"
        assert post.url.rstrip("/").endswith(post.slug.replace("^", "%5E")) or (
            post.slug in post.url
        )
    # No feed of these marks every item as updated.
    for feed_posts in by_feed.values():
        assert sum(p.updated is not None for p in feed_posts) < len(feed_posts)


@pytest.mark.corpus
def test_feedparser_suite_items_take_the_slug_of_their_link(corpora: Path):
    checked = items = 0
    for path in sorted((corpora / "feedparser-tests" / "tests").rglob("*.xml")):
        data = path.read_bytes()
        if not feed.looks_like_feed(data):
            continue
        try:
            parsed = feed.parse(data, str(path))
        except SourceError:
            continue
        links = [e.get("link") for e in parsed.entries]
        for post, _guid in feed.posts(parsed, str(path), CONFIG, Problems()):
            index = int(post.source.rsplit("(entry ", 1)[1].rstrip(")")) - 1
            link = links[index] if str(links[index] or "").startswith("http") else None
            items += 1
            assert (post.url_origin == "feed") == (link is not None)
            if slug_from_link(link):
                assert post.slug == slug_from_link(link), path
                checked += 1
            else:
                assert post.slug != path.stem, path  # never the feed file's name
    assert items > 100
    assert checked > 0
