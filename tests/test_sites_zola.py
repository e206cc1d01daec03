"""Zola sites: which files are posts and each post's URL, by Zola's own rules."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest

from smm_promote.sites.zola import ZolaSite, slugify_on
from tests.site_support import facts, meta_of, read_urls, site_of, urls, write

# --- the corpus -----------------------------------------------------------------------------


@pytest.mark.corpus
def test_rust_blog(corpora: Path) -> None:
    folder = corpora / "toml-zola-rust-blog"
    site, problems = site_of(folder)
    assert isinstance(site, ZolaSite) and not problems.items
    posts, skipped = urls(folder, site)
    print(f"toml-zola-rust-blog: {len(posts)} posts")
    assert len(posts) == 387
    assert {k: v for k, v in skipped.items() if k.startswith("content/")} == {
        "content/_index.md": "Zola section (_index.md)",
        "content/releases/_index.md": "Zola section (_index.md)",
        "content/releases/latest.md": (
            "undated Zola page (no date in front matter, file name or path)"
        ),
    }
    # Every post's `path` (its date and name, case kept) is its URL.
    for rel, url in posts.items():
        assert url == f"https://blog.rust-lang.org/{meta_of(folder / rel)['path'].strip('/')}/"


@pytest.mark.corpus
def test_rust_blog_against_its_built_feed(corpora: Path) -> None:
    """The feed was built (2023) by the blog's earlier generator, which published
    `YYYY/MM/DD/name.html`; the Zola site keeps each of those as an alias of the page."""
    folder = corpora / "toml-zola-rust-blog"
    site, _ = site_of(folder)
    posts, _ = urls(folder, site)
    by_title: dict[str, str] = {}
    for rel in posts:
        by_title.setdefault(str(meta_of(folder / rel)["title"]), rel)
    feed = corpora / "feeds-real-blogs/rust-blog-atom/feed.xml"
    entries = feedparser.parse(feed.read_bytes()).entries
    for entry in entries:
        rel = by_title[entry.title]
        assert posts[rel] == entry.link.removesuffix(".html") + "/"
        old_path = entry.link.removeprefix("https://blog.rust-lang.org/")
        assert old_path in meta_of(folder / rel)["aliases"]
    print(f"toml-zola-rust-blog: {len(entries)} of {len(entries)} feed entries matched")
    assert len(entries) == 10


# --- rules, one by one ------------------------------------------------------------------------


def _site(tmp_path: Path, config: str, files: dict[str, str]):
    write(tmp_path, {"config.toml": config, **files})
    site, problems = site_of(tmp_path)
    assert isinstance(site, ZolaSite)
    return site, problems


def _url(site: ZolaSite, path: Path) -> str:
    found = site.url(facts(path))
    assert found is not None
    return found[0]


PAGE = '+++\ntitle = "T"\ndate = 2024-03-05\n{extra}+++\nText.\n'


def test_section_path_plus_slug(tmp_path: Path) -> None:
    site, problems = _site(tmp_path, 'base_url = "https://z.example/"\n', {
        "content/blog/_index.md": "+++\ntransparent = true\n+++\n",
        "content/blog/Hello World.md": PAGE.format(extra=""),
        "content/blog/2024-03-05-dated-name.md": '+++\ntitle = "T"\n+++\n',
        "content/blog/bundle/index.md": PAGE.format(extra=""),
        "content/blog/slugged.md": PAGE.format(extra='slug = "Mon Café & Co"\n'),
        "content/blog/pathed.md": PAGE.format(extra='path = "2018/07/27/Keep-Case"\n'),
    })  # fmt: skip
    assert not problems.items
    b = tmp_path / "content/blog"
    assert _url(site, b / "Hello World.md") == "https://z.example/blog/hello-world/"
    assert _url(site, b / "2024-03-05-dated-name.md") == "https://z.example/blog/dated-name/"
    assert _url(site, b / "bundle/index.md") == "https://z.example/blog/bundle/"
    assert _url(site, b / "slugged.md") == "https://z.example/blog/mon-cafe-co/"
    assert site.url(facts(b / "pathed.md")) == (
        "https://z.example/2018/07/27/Keep-Case/",
        "rule: zola front matter path",
    )


@pytest.mark.parametrize(
    ("strategy", "expected"),
    [
        ("on", "/blog/l-ete-a-paris/"),
        ("safe", "/blog/L'été à Paris/"),
        ("off", "/blog/L'été à Paris?/"),
    ],
)
def test_slugify_strategies(tmp_path: Path, strategy: str, expected: str) -> None:
    config = f'base_url = "https://z.example"\n[slugify]\npaths = "{strategy}"\n'
    site, _ = _site(
        tmp_path, config, {"content/blog/a.md": PAGE.format(extra='slug = "L\'été à Paris?"\n')}
    )
    assert _url(site, tmp_path / "content/blog/a.md") == "https://z.example" + expected


def test_keep_dates_and_slug_crate() -> None:
    assert slugify_on("日本") == "ri-ben"
    assert slugify_on("test (hey)") == "test-hey"
    assert slugify_on("héhé") == "hehe"


def test_paths_keep_dates(tmp_path: Path) -> None:
    config = 'base_url = "https://z.example"\n[slugify]\npaths_keep_dates = true\n'
    site, _ = _site(tmp_path, config, {"content/b/2024-03-05-name.md": '+++\ntitle = "T"\n+++\n'})
    assert (
        _url(site, tmp_path / "content/b/2024-03-05-name.md")
        == "https://z.example/b/2024-03-05-name/"
    )


def test_languages(tmp_path: Path) -> None:
    config = 'base_url = "https://z.example"\ndefault_language = "en"\n[languages.fr]\n'
    site, _ = _site(tmp_path, config, {
        "content/blog/a.md": PAGE.format(extra=""),
        "content/blog/a.fr.md": PAGE.format(extra=""),
    })  # fmt: skip
    b = tmp_path / "content/blog"
    assert _url(site, b / "a.fr.md") == "https://z.example/fr/blog/a/"
    assert _url(site, b / "a.md") == "https://z.example/blog/a/"
    assert site.lang_of(facts(b / "a.fr.md")) == "fr"
    assert site.translation_key(facts(b / "a.md")) == site.translation_key(facts(b / "a.fr.md"))


def test_what_is_not_a_post(tmp_path: Path) -> None:
    site, _ = _site(tmp_path, 'base_url = "https://z.example"\n', {
        "content/_index.md": "+++\n+++\n",
        "content/about.md": '+++\ntitle = "About"\n+++\n',
        "content/blog/hidden.md": PAGE.format(extra="render = false\n"),
        "content/blog/robots.txt": "User-agent: *\n",
        "content/blog/post.md": PAGE.format(extra=""),
        "templates/page.html": "<html></html>",
    })  # fmt: skip

    def reason(rel: str) -> str | None:
        path = tmp_path / rel
        return site.skip_reason(path, meta_of(path))

    assert reason("content/_index.md") == "Zola section (_index.md)"
    assert reason("content/about.md").startswith("undated Zola page")
    assert reason("content/blog/hidden.md") == "render = false (Zola publishes no page)"
    assert reason("content/blog/robots.txt").startswith("not a Zola page")
    assert reason("templates/page.html") == "outside Zola's content folder"
    assert reason("content/blog/post.md") is None


# --- bad input ------------------------------------------------------------------------------


def test_broken_config_is_reported(tmp_path: Path) -> None:
    write(
        tmp_path,
        {"config.toml": 'base_url = "https://z.example\n', "content/a.md": PAGE.format(extra="")},
    )
    site, problems = site_of(tmp_path)
    assert not isinstance(site, ZolaSite)
    assert [p.where for p in problems] == [str(tmp_path / "config.toml")]
    assert problems.items[0].message.startswith("site config: broken TOML")


def test_unknown_slugify_strategy_warns_and_uses_on(tmp_path: Path) -> None:
    config = 'base_url = "https://z.example"\n[slugify]\npaths = "loud"\n'
    site, problems = _site(tmp_path, config, {"content/b/A B.md": PAGE.format(extra="")})
    assert [(p.where, p.message) for p in problems] == [
        (
            str(tmp_path / "config.toml"),
            "slugify.paths: 'loud' is none of on, safe, off; 'on' is used",
        )
    ]
    assert _url(site, tmp_path / "content/b/A B.md") == "https://z.example/b/a-b/"


# --- end to end: the folder read as `smm-promote posts` reads it ------------------------------


@pytest.mark.slow
@pytest.mark.corpus
def test_read_source_gives_the_sites_urls(corpora: Path) -> None:
    folder = corpora / "toml-zola-rust-blog"
    expected, _ = urls(folder)
    got, origins, problems = read_urls(folder)
    assert not problems
    assert got == expected
    assert set(origins.values()) == {"rule: zola front matter path"}
    print(f"toml-zola-rust-blog: {len(got)} of {len(expected)} posts read with the site's URL")


@pytest.mark.parametrize("keep", ["false", "true"])
def test_dates_from_file_and_bundle_folder_names(tmp_path: Path, keep: str) -> None:
    from smm_promote.config import Config
    from smm_promote.sources import read_source

    write(tmp_path, {
        "config.toml": f'base_url = "https://z.example"\n[slugify]\npaths_keep_dates = {keep}\n',
        "content/blog/2024-03-05-trip/index.md": '+++\ntitle = "Trip"\n+++\nText.\n',
        "content/blog/2023-01-02_note.md": '+++\ntitle = "Note"\n+++\nText.\n',
        "content/blog/2022-01-01-own/index.md": '+++\ntitle = "Own"\ndate = 2021-06-07\n+++\n',
    })  # fmt: skip
    posts = read_source(tmp_path, Config.from_mapping({}), None).posts
    dates = {p.title: p.date.date().isoformat() for p in posts if p.date}
    assert dates == {"Trip": "2024-03-05", "Note": "2023-01-02", "Own": "2021-06-07"}
    urls_ = {p.title: p.url for p in posts}
    if keep == "false":
        assert urls_["Trip"] == "https://z.example/blog/trip/"
    else:
        assert urls_["Trip"] == "https://z.example/blog/2024-03-05-trip/"
