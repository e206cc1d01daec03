"""Jekyll sites: which files are posts and each post's URL, by Jekyll's own rules."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import pytest

from smm_promote.config import Config
from smm_promote.sites.jekyll import JekyllSite, escape_path, slugify, titleize
from smm_promote.sources import read_source
from smm_promote.sources.fields import spelled_as_in
from tests.corpus_support import plain_reading, same_worker
from tests.site_support import facts, meta_of, read_urls, site_of, urls, write


def _single_slash(url: str) -> str:
    """The built URL with the `//` a trailing slash in `url` leaves made single."""
    return re.sub(r"(?<!:)/{2,}", "/", url)


# --- the corpora ----------------------------------------------------------------------------


@pytest.mark.corpus
def test_kubevirt_blog_against_its_built_sitemap(corpora: Path) -> None:
    folder = corpora / "jekyll-kubevirt-blog"
    site, problems = site_of(folder)
    assert isinstance(site, JekyllSite) and not problems.items
    posts, skipped = urls(folder, site)
    rows = (folder / "urls.tsv").read_text().splitlines()[1:]
    expected = {src: _single_slash(loc) for src, loc in (row.split("\t") for row in rows)}
    print(f"jekyll-kubevirt-blog: {len(posts)} posts, all URLs equal to the built sitemap's")
    assert posts == expected
    assert len(posts) == 132
    sitemap = (folder / "gh-pages/sitemap.xml").read_text()
    built = {_single_slash(u) for u in re.findall(r"<loc>([^<]+)</loc>", sitemap)}
    assert set(posts.values()) <= built
    assert not [rel for rel in skipped if rel.startswith("_posts/")]


@pytest.mark.corpus
def test_kubevirt_titles_from_file_names_match_the_built_feeds(corpora: Path) -> None:
    folder = corpora / "jekyll-kubevirt-blog"
    site, _ = site_of(folder)
    posts, _ = urls(folder, site)
    by_url = {url: rel for rel, url in posts.items()}
    checked = 0
    for feed in sorted((folder / "gh-pages").rglob("*.xml")):
        if feed.name == "sitemap.xml":
            continue
        for entry in feedparser.parse(feed.read_bytes()).entries:
            rel = by_url.get(_single_slash(entry.link))
            if rel is None or "title" in meta_of(folder / rel):
                continue
            # Jekyll's rule, except that words with capitals inside keep the author's
            # spelling from the file name ("KubeVirt", not "Kubevirt").
            title = site.title_of(facts(folder / rel))
            assert title.casefold() == entry.title.casefold()
            written = rel.rsplit("/", 1)[-1].split(".")[0].split("-")
            kept = [w for w in written if w[1:] != w[1:].lower()]
            assert all(w in title.split(" ") for w in kept), (title, kept)
            checked += 1
    print(f"jekyll-kubevirt-blog: {checked} feed entries titled from their file names")
    assert checked >= 10


@pytest.mark.corpus
def test_jekyll_news_posts(corpora: Path) -> None:
    folder = corpora / "jekyll-project-news-posts" / "docs"
    site, problems = site_of(folder)
    assert isinstance(site, JekyllSite) and not problems.items
    posts, skipped = urls(folder, site)
    # Rule of its _config.yml: collections.posts.permalink /news/:year/:month/:day/:title/,
    # dates in timezone America/Los_Angeles.
    print(f"jekyll-project-news-posts: {len(posts)} posts")
    assert len(posts) == 102 and not skipped
    for rel, url in posts.items():
        slug = re.sub(r"^\d{4}-\d\d-\d\d-|\.\w+$", "", Path(rel).name)
        assert re.fullmatch(
            rf"https://jekyllrb\.com/news/\d{{4}}/\d\d/\d\d/{re.escape(slug)}/", url
        )
    # 02:12 at +02:00 on May 6 is May 5 in Los Angeles.
    assert posts["_posts/2013-05-06-jekyll-1-0-0-released.markdown"] == (
        "https://jekyllrb.com/news/2013/05/05/jekyll-1-0-0-released/"
    )
    feed = corpora / "feeds-real-blogs/jekyll-jekyll-feed/feed.xml"
    links = [e.link for e in feedparser.parse(feed.read_bytes()).entries]
    print(f"jekyll-project-news-posts: {len(links)} feed entries, all in the computed URLs")
    assert len(links) == 10
    assert set(links) <= set(posts.values())


# --- rules, one by one ------------------------------------------------------------------------


def _site(tmp_path: Path, config: str, files: dict[str, str]):
    write(tmp_path, {"_config.yml": config, **files})
    site, problems = site_of(tmp_path)
    assert isinstance(site, JekyllSite)
    return site, problems


def _url(site: JekyllSite, path: Path, **meta) -> str:
    found = site.url(facts(path, **meta))
    assert found is not None
    return found[0]


POST = "---\ntitle: A Post\n{extra}---\nText.\n"
NAME = "_posts/2024-03-05-Hello-World.md"


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        (None, "/2024/03/05/Hello-World.html"),
        ("date", "/2024/03/05/Hello-World.html"),
        ("pretty", "/2024/03/05/Hello-World/"),
        ("ordinal", "/2024/065/Hello-World.html"),
        ("weekdate", "/2024/W10/Tue/Hello-World.html"),
        ("none", "/Hello-World.html"),
        ("/:categories/:title", "/Hello-World"),
    ],
)
def test_permalink_styles(tmp_path: Path, style: str | None, expected: str) -> None:
    config = 'url: "https://example.org"\n' + (f"permalink: {style}\n" if style else "")
    site, problems = _site(tmp_path, config, {NAME: POST.format(extra="")})
    assert not problems.items
    assert _url(site, tmp_path / NAME) == "https://example.org" + expected


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("/:year/:month/:i_month/:day/:i_day/:short_year/", "/2024/03/3/05/5/24/"),
        ("/:hour/:minute/:second/", "/14/07/09/"),
        ("/:title/:slug/:name/", "/Hello-World/hello-world/2024-03-05-hello-world/"),
        ("/:categories/:path/", "/tech/life/weekly/2024-03-05-Hello-World/"),
        ("/:y_day/:short_month/:long_month/", "/065/Mar/March/"),
        ("/:short_day/:long_day/:week/:w_year/:w_day/", "/Tue/Tuesday/10/2024/2/"),
        ("/:collection/:title:output_ext", "/posts/Hello-World.html"),
    ],
)
def test_placeholders(tmp_path: Path, template: str, expected: str) -> None:
    config = f'url: "https://example.org"\npermalink: "{template}"\n'
    name = "_posts/weekly/2024-03-05-Hello-World.md"
    extra = "date: 2024-03-05 14:07:09\ncategories: [Tech, life]\n"
    site, _ = _site(tmp_path, config, {name: POST.format(extra=extra)})
    assert _url(site, tmp_path / name) == "https://example.org" + expected


def test_categories_from_folders_and_front_matter(tmp_path: Path) -> None:
    site, _ = _site(tmp_path, 'url: "https://example.org"\n', {
        "news/_posts/2024-01-02-one.md": POST.format(extra="category: Release\n"),
        "_posts/sub/2024-01-02-two.md": POST.format(extra="categories: a b\n"),
    })  # fmt: skip
    assert _url(site, tmp_path / "news/_posts/2024-01-02-one.md") == (
        "https://example.org/news/release/2024/01/02/one.html"
    )
    assert _url(site, tmp_path / "_posts/sub/2024-01-02-two.md") == (
        "https://example.org/a/b/2024/01/02/two.html"
    )


def test_front_matter_permalink_defaults_and_slug(tmp_path: Path) -> None:
    config = (
        'url: "https://example.org/"\nbaseurl: /blog\n'
        "defaults:\n  - scope: {path: _posts/special, type: posts}\n"
        "    values: {permalink: /special/:slug/}\n"
        "  - scope: {path: ''}\n    values: {permalink: /all/:title/}\n"
    )
    site, _ = _site(tmp_path, config, {
        "_posts/2024-01-02-plain.md": POST.format(extra=""),
        "_posts/special/2024-01-02-My-Thing.md": POST.format(extra=""),
        "_posts/2024-01-02-own.md": POST.format(extra="permalink: /mine/:year/\n"),
        "_posts/2024-01-02-slugged.md": POST.format(extra="slug: Other Name\n"),
    })  # fmt: skip
    p = tmp_path / "_posts"
    assert _url(site, p / "2024-01-02-plain.md") == "https://example.org/blog/all/plain/"
    assert (
        _url(site, p / "special/2024-01-02-My-Thing.md")
        == "https://example.org/blog/special/my-thing/"
    )
    assert site.url(facts(p / "2024-01-02-own.md")) == (
        "https://example.org/blog/mine/2024/",
        "rule: jekyll front matter permalink",
    )
    assert _url(site, p / "2024-01-02-slugged.md") == "https://example.org/blog/all/Other-Name/"


def test_collections_with_output_are_posts(tmp_path: Path) -> None:
    config = (
        'url: "https://example.org"\npermalink: pretty\ncollections:\n'
        "  recipes:\n    output: true\n  notes:\n    output: false\n"
        "  talks:\n    output: true\n    permalink: /talks/:name:output_ext\n"
    )
    site, _ = _site(tmp_path, config, {
        "_recipes/soups/Pea Soup.md": POST.format(extra=""),
        "_notes/n.md": POST.format(extra=""),
        "_talks/My Talk.md": POST.format(extra=""),
    })  # fmt: skip
    assert site.skip_reason(tmp_path / "_recipes/soups/Pea Soup.md", {}) is None
    assert _url(site, tmp_path / "_recipes/soups/Pea Soup.md") == (
        "https://example.org/recipes/soups/Pea%20Soup/"
    )
    assert _url(site, tmp_path / "_talks/My Talk.md") == "https://example.org/talks/my-talk.html"
    assert site.skip_reason(tmp_path / "_notes/n.md", {}) == (
        "collection 'notes' without output: true"
    )


def test_what_is_not_a_post(tmp_path: Path) -> None:
    site, _ = _site(tmp_path, 'url: "https://example.org"\nexclude: [vendor, notes.md]\n', {
        "about.md": POST.format(extra="layout: page\n"),
        "index.md": POST.format(extra=""),
        "_layouts/post.html": "<html></html>",
        "_posts/no-date-name.md": POST.format(extra=""),
        "_drafts/an-idea.md": POST.format(extra=""),
        "notes.md": POST.format(extra=""),
        "_posts/2024-01-01-ok.md": POST.format(extra=""),
    })  # fmt: skip
    assert site.skip_reason(tmp_path / "about.md", {}) == "Jekyll page"
    assert site.skip_reason(tmp_path / "index.md", {}) == "Jekyll page"
    assert site.skip_reason(tmp_path / "_layouts/post.html", {}) == ("Jekyll's _layouts folder")
    assert site.skip_reason(tmp_path / "_posts/no-date-name.md", {}) == (
        "in _posts but not named YYYY-MM-DD-title.ext (Jekyll skips it)"
    )
    assert site.skip_reason(tmp_path / "notes.md", {}) == "excluded by _config.yml exclude"
    assert site.skip_reason(tmp_path / "_drafts/an-idea.md", {}) is None
    assert site.skip_reason(tmp_path / "_posts/2024-01-01-ok.md", {}) is None


def test_title_from_the_file_name_when_absent(tmp_path: Path) -> None:
    site, _ = _site(tmp_path, "{}\n", {
        "_posts/2018-05-22-Use-VS-Code-for-Kube-Virt-Development.markdown": "---\nlayout: post\n---\n",
        "_posts/2018-05-22-titled.md": POST.format(extra=""),
    })  # fmt: skip
    p = tmp_path / "_posts"
    assert site.title_of(
        facts(p / "2018-05-22-Use-VS-Code-for-Kube-Virt-Development.markdown")
    ) == ("Use VS Code For Kube Virt Development")  # the file name's "VS" kept
    assert site.title_of(facts(p / "2018-05-22-titled.md")) is None


def test_dates_in_the_site_time_zone(tmp_path: Path) -> None:
    config = 'url: "https://example.org"\ntimezone: America/New_York\n'
    site, _ = _site(tmp_path, config, {
        "_posts/2024-01-02-late.md": POST.format(extra='date: "2024-01-02 01:30:00 +0000"\n'),
        "_posts/2024-01-02-naive.md": POST.format(extra="date: 2024-01-03 23:30:00\n"),
    })  # fmt: skip
    assert (
        _url(site, tmp_path / "_posts/2024-01-02-late.md")
        == "https://example.org/2024/01/01/late.html"
    )
    assert (
        _url(site, tmp_path / "_posts/2024-01-02-naive.md")
        == "https://example.org/2024/01/03/naive.html"
    )


def test_slugify_and_escape_are_jekylls() -> None:
    assert slugify("The _config.yml file") == "the-config-yml-file"
    assert slugify("The _config.yml file", "pretty") == "the-_config.yml-file"
    assert slugify("Hello World", "pretty", cased=True) == "Hello-World"
    assert slugify("Café déjà vu!") == "café-déjà-vu"
    assert escape_path("KubeVirt_lab1") == "KubeVirt_lab1"
    assert escape_path("a b/ü") == "a%20b/%C3%BC"


# --- bad input ------------------------------------------------------------------------------


def test_unknown_placeholder_warns_with_file_and_key_and_falls_back(tmp_path: Path) -> None:
    site, problems = _site(tmp_path, 'url: "https://example.org"\npermalink: /:year/:nosuch/\n', {
        NAME: POST.format(extra=""),
        "_posts/2024-03-06-two.md": POST.format(extra=""),
    })  # fmt: skip
    assert site.url(facts(tmp_path / NAME)) == (
        "https://example.org/2024/03/05/Hello-World.html",
        "rule: jekyll default permalink (date)",
    )
    site.url(facts(tmp_path / "_posts/2024-03-06-two.md"))
    assert [(p.where, p.message) for p in problems] == [
        (
            str(tmp_path / "_config.yml"),
            "permalink: unknown permalink placeholder :nosuch in '/:year/:nosuch/'; "
            "the next rule is used",
        )
    ]


def test_unknown_placeholder_in_front_matter_falls_back_to_the_site_rule(tmp_path: Path) -> None:
    site, problems = _site(tmp_path, 'url: "https://example.org"\npermalink: pretty\n', {
        NAME: POST.format(extra="permalink: /:bogus/\n"),
    })  # fmt: skip
    assert _url(site, tmp_path / NAME) == "https://example.org/2024/03/05/Hello-World/"
    assert [p.where for p in problems] == [str(tmp_path / NAME)]
    assert problems.items[0].message.startswith(
        "front matter permalink: unknown permalink placeholder :bogus"
    )


def test_broken_config_is_reported_and_defaults_apply(tmp_path: Path) -> None:
    site, problems = _site(tmp_path, "url: [oops\n", {NAME: POST.format(extra="")})
    assert [p.where for p in problems] == [str(tmp_path / "_config.yml")]
    assert problems.items[0].message.startswith("Jekyll _config: broken YAML")
    assert _url(site, tmp_path / NAME) == "/2024/03/05/Hello-World.html"


# --- end to end: the folder read as `smm-promote posts` reads it ------------------------------


@pytest.mark.corpus
def test_read_source_gives_the_sites_urls(corpora: Path) -> None:
    folder = corpora / "jekyll-project-news-posts" / "docs"
    expected, _ = urls(folder)
    got, origins, problems = read_urls(folder)
    assert not problems
    assert got == expected
    assert set(origins.values()) == {"rule: jekyll collections.posts.permalink"}
    print(
        f"jekyll-project-news-posts: {len(got)} of {len(expected)} posts read with the site's URL"
    )


@pytest.mark.corpus
@same_worker("jekyll-kubevirt-blog")
def test_read_source_kubevirt_urls_and_titles(corpora: Path) -> None:
    folder = corpora / "jekyll-kubevirt-blog"
    expected, _ = urls(folder)
    reading, problems = plain_reading(folder)
    posts = reading.posts
    assert not [p for p in problems if "_posts/" in p.where]
    by_rel = {Path(p.source).relative_to(folder).as_posix(): p for p in posts}
    from_posts = {rel: p.url for rel, p in by_rel.items() if rel.startswith("_posts/")}
    assert from_posts == expected
    print(
        f"jekyll-kubevirt-blog: {len(from_posts)} of {len(expected)} posts read with the site's URL"
    )
    # Untitled posts are titled from their file names, as the built feeds show, with the
    # author's spelling: the file name's ("KubeVirt", "VS") and the text's ("Kube Virt" is
    # "KubeVirt" in the post).
    assert by_rel["_posts/2018-05-08-KubeVirt-objects.markdown"].title == "KubeVirt Objects"
    assert by_rel["_posts/2018-05-22-Use-VS-Code-for-Kube-Virt-Development.markdown"].title == (
        "Use VS Code For KubeVirt Development"
    )
    assert by_rel["_posts/2018-05-16-Use-GlusterFS-Cloning-with-KubeVirt.markdown"].title == (
        "Use GlusterFS Cloning With KubeVirt"
    )
    assert by_rel["_posts/weekly/2017-10-06-This-Week-in-Kube-Virt-5.markdown"].title == (
        "This Week In KubeVirt 5"
    )


def test_titles_from_file_names_keep_the_authors_spelling():
    assert titleize("use-glusterfs-cloning-with-kubevirt") == "Use Glusterfs Cloning With Kubevirt"
    assert titleize("Use-GlusterFS-Cloning-with-KubeVirt") == "Use GlusterFS Cloning With KubeVirt"
    assert titleize("deploying-on-oVirt") == "Deploying On oVirt"
    text = "We run KubeVirt on GlusterFS. USE IT. The KubeVirt team says hi."
    assert spelled_as_in("This Week In Kube Virt 5", text) == "This Week In KubeVirt 5"
    assert spelled_as_in("Use Glusterfs With Kubevirt", text) == "Use GlusterFS With KubeVirt"
    assert spelled_as_in("Use It", text) == "Use It"  # all capitals are shouting, no name


def test_a_draft_is_dated_by_its_modification_time(tmp_path: Path) -> None:
    import os

    site, _ = _site(
        tmp_path, 'url: "https://example.org"\n', {"_drafts/an-idea.md": POST.format(extra="")}
    )
    draft = tmp_path / "_drafts/an-idea.md"
    stamp = datetime(2023, 6, 7, 12, 0, tzinfo=UTC).timestamp()
    os.utime(draft, (stamp, stamp))
    assert _url(site, draft) == "https://example.org/2023/06/07/an-idea.html"


def test_slug_is_the_one_the_url_ends_with(tmp_path: Path) -> None:
    write(tmp_path, {
        "_config.yml": "url: https://j.example\n",
        "_posts/2024-01-02-first-draft-name.md": "---\ntitle: T\npermalink: /notes/final-name/\n---\nText.\n",
    })  # fmt: skip
    [post] = read_source(tmp_path, Config.from_mapping({}), None).posts
    assert (post.url, post.slug) == ("https://j.example/notes/final-name/", "final-name")
