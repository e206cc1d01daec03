"""Eleventy: posts and URLs from the data cascade and `permalink`, config read without running."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from smm_promote.config import Config
from smm_promote.errors import Problems
from smm_promote.sites.base import SourceFacts
from smm_promote.sites.eleventy import (
    EleventySite,
    default_url,
    detect,
    page_variables,
    render_permalink,
    slugify,
)
from smm_promote.sources import read_source
from tests.corpus_support import plain_reading, same_worker


def _facts(path: Path, meta: dict | None = None) -> SourceFacts:
    return SourceFacts(path=path, meta=meta or {}, title="", date=None)


def _site(folder: Path) -> tuple[EleventySite, Problems]:
    problems = Problems()
    site = detect(folder, problems)
    assert isinstance(site, EleventySite)
    return site, problems


def _url(site: EleventySite, path: Path) -> str:
    found = site.url(_facts(path))
    assert found is not None
    return found[0]


# --- corpus ---------------------------------------------------------------------------------

CORPUS = "eleventy-11ty-website-blog"


@pytest.mark.corpus
def test_11ty_blog_urls_by_its_directory_data_and_override(corpora: Path) -> None:
    root = corpora / CORPUS
    site, problems = _site(root)
    assert not problems.items
    assert (site.base_url, site.dirs["input"], site.lang) == ("https://www.11ty.dev", "src", "en")
    blog = root / "src" / "blog"
    urls, skipped = {}, {}
    for path in sorted(blog.glob("*.md")):
        reason = site.skip_reason(path, {})
        if reason:
            skipped[path.name] = reason
        else:
            urls[path.name] = _url(site, path)
    # SOURCE.txt: blog.json's permalink "/blog/{{ page.fileSlug }}/", fileSlug without the date.
    expected = {
        name: f"https://www.11ty.dev/blog/{name[11:-3]}/" for name in urls if name[:4].isdigit()
    }
    assert urls == expected
    assert len(urls) == 66
    assert urls["2024-10-02-eleventy-v3.md"] == "https://www.11ty.dev/blog/eleventy-v3/"
    assert skipped == {
        "2025-01-13-certification-result.md": ("eleventyExcludeFromCollections (in no collection)"),
        "blog.md": "lists a collection (an index page)",
    }
    # The one front-matter override, though the page is in no collection.
    override = blog / "2025-01-13-certification-result.md"
    assert site.url(_facts(override)) == (
        "https://www.11ty.dev/blog/certification/success/",
        "rule: eleventy permalink",
    )
    print(f"{CORPUS}: {len(urls)} posts, {len(urls)} equal (+1 override checked, 2 skipped)")


@pytest.mark.corpus
def test_title_from_a_key_ending_in_title(corpora: Path) -> None:
    root = corpora / CORPUS
    site, _ = _site(root)
    meta = {"newstitle": "Eleventy v3.0.0", "sidebartitle": None, "eleventynavigation": {}}
    post = root / "src/blog/2024-10-02-eleventy-v3.md"
    assert site.title_of(_facts(post, meta)) == "Eleventy v3.0.0"
    assert site.title_of(_facts(post, {"sidebartitle": "", "layout": "x"})) is None


@pytest.mark.corpus
@same_worker(CORPUS)
def test_read_source_gives_the_same_links(corpora: Path) -> None:
    """Every post read gets the rule's URL."""
    root = corpora / CORPUS
    site, _ = _site(root)
    reading = plain_reading(root / "src" / "blog")[0]
    assert reading.posts
    for post in reading.posts:
        assert post.url == _url(site, Path(post.source))
        assert post.url_origin == "rule: eleventy permalink"
    skipped = {Path(where).name for where, _ in reading.skipped}
    assert {"blog.md", "2025-01-13-certification-result.md"} <= skipped
    print(f"{CORPUS} through read_source: {len(reading.posts)} posts, all equal")


# --- rules ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("relative", "file_slug", "stem", "default"),
    [
        (
            "blog/2024-10-02-eleventy-v3.md",
            "eleventy-v3",
            "/blog/eleventy-v3",
            "/blog/2024-10-02-eleventy-v3/",
        ),
        (
            "blog/2024-10-02-trip/index.md",
            "trip",
            "/blog/2024-10-02-trip/index",
            "/blog/2024-10-02-trip/",
        ),
        ("index.md", "", "/index", "/"),
        ("about/me.11ty.js", "me", "/about/me", "/about/me/"),
    ],
)
def test_page_variables_and_default_url(relative, file_slug, stem, default) -> None:
    page = page_variables(PurePosixPath(relative))
    assert (page["fileSlug"], page["filePathStem"]) == (file_slug, stem)
    assert default_url(PurePosixPath(relative)) == default


def test_permalink_expressions() -> None:
    data = {"title": "Héllo & World!", "page": {"fileSlug": "x", "filePathStem": "/a/x"}}
    assert render_permalink("/blog/{{ page.fileSlug }}/", data) == "/blog/x/"
    assert render_permalink("{{page.filePathStem}}.html", data) == "/a/x.html"
    assert render_permalink("/p/{{ title | slugify }}/", data) == "/p/hello-and-world/"
    assert (
        render_permalink("/p/{{ title | slug }}/index.html", data)
        == "/p/hello-and-world/index.html"
    )
    assert render_permalink("/{{ page.date | date: '%Y' }}/", data) is None
    assert render_permalink("/{% if x %}a{% endif %}/", data) is None
    assert render_permalink("/{{ missing }}/", data) is None
    assert slugify("Ça va? 100% sûr") == "ca-va-100-sur"


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_data_cascade_config_and_non_posts(tmp_path: Path) -> None:
    _write(
        tmp_path / ".eleventy.js",
        "module.exports = function(eleventyConfig) {\n"
        "  eleventyConfig.addPlugin(rss, {metadata: {base: 'https://ex.org/', language: 'de'}});\n"
        "  return { dir: { input: 'content', output: 'dist' }, pathPrefix: '/site/' };\n};\n",
    )
    _write(tmp_path / ".eleventyignore", "content/wip/\n")
    _write(
        tmp_path / "content/posts/posts.json",
        '{"permalink": "/p/{{ page.fileSlug }}/", "tags": ["posts"]}',
    )
    _write(
        tmp_path / "content/posts/deep/deep.11tydata.js",
        "export default {\n  // plainly written\n  permalink: '/d/{{ title | slugify }}/',\n  tags: ['deep'],\n};\n",
    )
    _write(tmp_path / "content/posts/own.11tydata.json", '{"permalink": "/own/"}')
    files = {
        "content/posts/2024-01-02-first.md": "---\ntitle: First\n---\nText\n",
        "content/posts/own.md": "---\ntitle: Own\n---\n",
        "content/posts/fm.md": "---\ntitle: FM\npermalink: /fm.html\n---\n",
        "content/posts/deep/2024-03-04-down.md": "---\ntitle: Down Here\n---\n",
        "content/posts/computed.md": "---\ntitle: C\neleventyComputed:\n  permalink: /c/\n---\n",
        "content/posts/nopage.md": "---\ntitle: No\npermalink: false\n---\n",
        "content/posts/list.md": "---\ntitle: All\npagination:\n  data: collections.posts\n  size: 10\n---\n",
        "content/posts/index.njk": "{%- for post in collections.posts %}{{ post.url }}{% endfor %}",
        "content/_includes/layout.md": "---\ntitle: L\n---\n",
        "content/wip/draft.md": "---\ntitle: W\n---\n",
        "dist/posts/first/index.html": "<h1>x</h1>",
        "notes.md": "---\ntitle: N\n---\n",
    }
    for name, text in files.items():
        _write(tmp_path / name, text)
    site, problems = _site(tmp_path)
    assert not problems.items
    assert (site.base_url, site.lang, site.path_prefix) == ("https://ex.org", "de", "/site/")
    got = {}
    for name in files:
        path = tmp_path / name
        got[name] = site.skip_reason(path, {}) or _url(site, path)
    assert got == {
        "content/posts/2024-01-02-first.md": "https://ex.org/site/p/first/",
        "content/posts/own.md": "https://ex.org/site/own/",
        "content/posts/fm.md": "https://ex.org/site/fm.html",
        "content/posts/deep/2024-03-04-down.md": "https://ex.org/site/d/down-here/",
        "content/posts/computed.md": "https://ex.org/site/c/",
        "content/posts/nopage.md": "permalink: false (Eleventy writes no page)",
        "content/posts/list.md": "paginated template (a list page)",
        "content/posts/index.njk": "lists a collection (an index page)",
        "content/_includes/layout.md": "in the Eleventy includes folder",
        "content/wip/draft.md": "ignored by .eleventyignore",
        "dist/posts/first/index.html": "outside the Eleventy input folder (content/)",
        "notes.md": "outside the Eleventy input folder (content/)",
    }
    assert site.data_of(tmp_path / "content/posts/deep/2024-03-04-down.md")["tags"] == [
        "posts",
        "deep",
    ]


def test_input_directory_setter_and_no_base(tmp_path: Path) -> None:
    _write(
        tmp_path / "eleventy.config.mjs",
        'export default function (c) {\n  c.setInputDirectory("src");\n}\n',
    )
    _write(tmp_path / "src/blog/2024-05-06-hi.md", "---\ntitle: Hi\n---\n")
    site, _ = _site(tmp_path)
    assert site.url(_facts(tmp_path / "src/blog/2024-05-06-hi.md")) == (
        "/blog/2024-05-06-hi/",
        "rule: eleventy default permalink",
    )
    config = Config.from_mapping({"site_url": "https://mine.example"})
    [post] = read_source(tmp_path / "src", config, Problems()).posts
    assert post.url == "https://mine.example/blog/2024-05-06-hi/"


# --- bad input ------------------------------------------------------------------------------


def test_computed_data_and_permalinks_warn_and_fall_back(tmp_path: Path) -> None:
    config = _write(
        tmp_path / "eleventy.config.js",
        "export const config = { dir: { input: process.env.INPUT } };\n",
    )
    data = _write(
        tmp_path / "blog/blog.11tydata.js",
        "export default { permalink: (data) => `/b/${data.page.fileSlug}/` };\n",
    )
    post = _write(
        tmp_path / "blog/2024-01-01-x.md",
        "---\ntitle: X\npermalink: \"/{{ page.date | date: 'yyyy' }}/x/\"\n---\n",
    )
    site, problems = _site(tmp_path)
    assert site.url(_facts(post)) == ("/blog/2024-01-01-x/", "rule: eleventy default permalink")
    assert [(p.where, p.message) for p in problems] == [
        (
            str(config),
            "dir.input: not a plain string (process.env.INPUT); the default is used",
        ),
        (str(data), "not a plain exported object (its data is computed); left out"),
        (
            str(post),
            "permalink: cannot evaluate \"/{{ page.date | date: 'yyyy' }}/x/\" without running "
            "the template; the default permalink is used",
        ),
    ]


@pytest.mark.corpus
@same_worker(CORPUS)
def test_every_post_read_with_its_newstitle(corpora: Path) -> None:
    root = corpora / CORPUS
    reading = plain_reading(root / "src" / "blog")[0]
    assert len(reading.posts) == 66
    titles = {Path(p.source).name: p.title for p in reading.posts}
    assert titles["2024-10-02-eleventy-v3.md"] == "Eleventy v3.0.0 is now available!"


def test_excluded_from_every_collection_it_is_in(tmp_path: Path) -> None:
    _write(tmp_path / "eleventy.config.js", "export default function () {}\n")
    _write(tmp_path / "blog/blog.json", '{"tags": ["blog"]}')
    some = _write(tmp_path / "blog/a.md", "---\neleventyExcludeFromCollections: [sidebar]\n---\n")
    every = _write(tmp_path / "blog/b.md", "---\neleventyExcludeFromCollections: [blog]\n---\n")
    site, _ = _site(tmp_path)
    assert site.skip_reason(some, {}) is None
    assert site.skip_reason(every, {}).startswith("eleventyExcludeFromCollections")


def test_base_url_from_global_data(tmp_path: Path) -> None:
    _write(
        tmp_path / "eleventy.config.js",
        "import metadata from './_data/metadata.js';\nexport default function (c) {\n"
        "  c.addPlugin(feedPlugin, { metadata: { title: metadata.title, base: metadata.url } });\n}\n",
    )
    _write(
        tmp_path / "_data/metadata.js",
        "export default {\n  title: 'Blog',\n  url: 'https://blog.example/',\n  language: 'nl',\n};\n",
    )
    site, problems = _site(tmp_path)
    assert not problems.items
    assert site.base_url == "https://blog.example"
    (tmp_path / "eleventy.config.js").write_text("export default function () {}\n")
    _write(tmp_path / "_data/metadata.js", "export default {url: 'https://starter.example/'};\n")
    site, _ = _site(tmp_path)
    assert site.base_url == "https://starter.example"
