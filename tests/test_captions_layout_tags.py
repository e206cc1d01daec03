"""Eleventy tags build collections: a tag the site's own templates list by name places pages
(a sidebar, a highlight) and is never a hashtag; the post's topic tags still are."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from smm_promote.captions.compose import captions_for
from smm_promote.config import Config
from smm_promote.errors import Problems
from smm_promote.sources import read_source

CONFIG = Config.from_mapping({"site_url": "https://blog.example.com"})
POST = """---
title: Fast sites with less CSS
tags: [spotlight, css]
---
Smaller stylesheets make pages that paint sooner on slow phones.
"""


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def hashtags_of(path: Path) -> list[str]:
    """The announce hashtags of the one post at `path` (a folder or a post file)."""
    [post] = read_source(path, CONFIG, Problems()).posts
    [caption] = captions_for(
        post, CONFIG, platforms=["mastodon"], variants=["announce"], problems=Problems()
    )
    return list(caption.hashtags)


def test_a_tag_a_layout_lists_is_no_hashtag(tmp_path: Path) -> None:
    _write(tmp_path / "eleventy.config.js", "export default function () {}\n")
    _write(tmp_path / "blog/2024-05-06-less-css.md", POST)
    assert hashtags_of(tmp_path / "blog") == ["#css", "#spotlight"]  # the title's first
    _write(
        tmp_path / "_includes/sidebar.njk",
        "{% for page in collections.spotlight %}<a href='{{ page.url }}'>x</a>{% endfor %}",
    )
    assert hashtags_of(tmp_path / "blog") == ["#css"]


@pytest.mark.parametrize(
    "code",
    [
        "eleventyConfig.addCollection('top', (api) => api.getFilteredByTag('spotlight'));",
        "const picks = data.collections['spotlight'];",
    ],
)
def test_a_tag_the_config_or_a_js_template_names_is_no_hashtag(tmp_path: Path, code) -> None:
    _write(
        tmp_path / "eleventy.config.js", f"export default function (eleventyConfig) {{ {code} }}\n"
    )
    _write(tmp_path / "blog/2024-05-06-less-css.md", POST)
    assert hashtags_of(tmp_path / "blog") == ["#css"]


def test_code_in_a_post_about_collections_makes_no_layout_tag(tmp_path: Path) -> None:
    _write(tmp_path / "eleventy.config.js", "export default function () {}\n")
    _write(
        tmp_path / "blog/2024-05-07-collections.md",
        "---\ntitle: Using collections\ntags: [howto]\n---\n"
        "List them with `collections.spotlight` in any template.\n",
    )
    _write(tmp_path / "blog/2024-05-06-less-css.md", POST)
    read = read_source(tmp_path / "blog", CONFIG, Problems()).posts
    assert {p.title: p.layout_tags for p in read}["Fast sites with less CSS"] == ()


@pytest.mark.corpus
def test_eleventy_blog_sidebar_highlight_is_no_hashtag(corpora: Path, tmp_path: Path) -> None:
    # The corpus holds the posts and config, not the site's layouts; its sidebar include
    # lists `collections.sidebarHighlight`, as written here next to the real post.
    site = tmp_path / "site"
    shutil.copytree(corpora / "eleventy-11ty-website-blog", site)
    source = site / "src/blog/2026-04-28-build-awesome-pro.md"
    assert "tags: sidebarHighlight" in source.read_text(encoding="utf-8")
    # Read on its own, as `captions FILE` reads it, the tag is a code identifier the post
    # never writes (lowerCamelCase): no topic even before the layouts say so.
    assert hashtags_of(source) == []
    _write(
        site / "src/_includes/sidebar.njk",
        "{% for entry in collections.sidebarHighlight | reverse %}{{ entry.url }}{% endfor %}",
    )
    assert hashtags_of(source) == []
