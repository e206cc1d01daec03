"""Sources: every reader on the project's own fixtures and on the real corpora and seeds."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import feedparser
import pytest

from smm_promote.config import Config
from smm_promote.errors import Problems, SourceError
from smm_promote.sources import feed, read_posts
from tests.conftest import CORPORA
from tests.corpus_support import corpus_reading, same_worker

SITE = Config.from_mapping({"site_url": "https://blog.example", "timezone": "Europe/Berlin"})


def read(path: Path, config: Config = SITE) -> tuple[list, Problems]:
    problems = Problems()
    return read_posts(path, config, problems), problems


def read_corpus(folder: Path) -> tuple[list, Problems]:
    """A corpus folder as every whole-corpus check reads it, once per test process (the
    tests that call this carry `same_worker` of the corpus)."""
    posts, problems = corpus_reading(folder.relative_to(CORPORA).as_posix())
    return list(posts), problems


def only(path: Path):
    posts, problems = read(path)
    assert not problems.items, [str(p) for p in problems]
    assert len(posts) == 1
    return posts[0]


# --- the project's own fixtures -------------------------------------------------------------


def test_toml_front_matter_with_extra_table(fixtures):
    post = only(fixtures / "sources" / "hugo_toml.md")
    assert post.title == "Hugo post"
    assert post.date == datetime(2024, 3, 1, 10, tzinfo=UTC)
    assert post.tags == ("Static Sites", "hugo")
    assert post.image == "https://blog.example/img/cover.png"
    assert post.body == "Some bold text with a link & more.\nFirst heading\nParagraph."
    assert post.headings == ("First heading",)
    assert post.url == "https://blog.example/hugo-toml/"


def test_crlf_key_case_tags_string_and_entities(fixtures):
    post = only(fixtures / "sources" / "crlf_case.md")
    assert post.title == "CRLF and case"
    assert post.tags == ("one", "two", "three")
    berlin = timezone(timedelta(hours=2))
    assert post.date == datetime(2021, 5, 6, 7, 8, tzinfo=berlin)
    assert [a.name for a in post.authors] == ["Ann Example"]
    assert post.body == "Text été here."
    assert "\r" not in post.body


def test_bom_date_mapping_authors_file_and_flags(fixtures):
    post = only(fixtures / "sources" / "bom_mapping.md")
    assert post.title == "With BOM"
    assert post.date.date().isoformat() == "2024-01-02"
    assert post.updated.date().isoformat() == "2024-02-03"
    assert [(a.key, a.name) for a in post.authors] == [("ann", "Ann Author"), ("bob", "Bob Writer")]
    assert post.authors[0].avatar == "https://example.org/ann.png"
    assert post.categories == ("News",)
    assert post.evergreen is False and post.promote is True
    assert post.share["template"] == "quote"


def test_title_from_first_heading(fixtures):
    post = only(fixtures / "sources" / "title_from_heading.md")
    assert post.title == "Title From Heading"
    assert post.body == "Body of a post with no title field."


@pytest.mark.parametrize(
    ("name", "message", "line"),
    [
        ("broken_yaml.md", "broken YAML front matter", 2),
        ("broken_toml.md", "broken TOML front matter", None),
        ("bad_date.md", "field 'date': cannot read 'not a date at all' as a date", None),
        ("no_title.md", "no title", None),
        ("empty.md", "empty file", None),
        ("bom_only.md", "empty file", None),
        ("binary.md", "binary file", None),
    ],
)
def test_bad_input_is_reported_with_file_and_skipped(fixtures, name, message, line):
    posts, problems = read(fixtures / "sources" / name)
    assert posts == []
    [problem] = problems.items
    assert problem.where.endswith(name)
    assert message in problem.message
    if line is not None:
        assert problem.line == line


def test_a_folder_with_bad_files_still_reads_the_good_ones(fixtures):
    posts, problems = read(fixtures / "sources")
    titles = {p.title for p in posts}
    assert {"Hugo post", "CRLF and case", "With BOM", "Title From Heading", "Good item"} <= titles
    bad = {Path(p.where.split(" (")[0]).name for p in problems}
    assert {"broken_yaml.md", "broken_toml.md", "bad_date.md", "empty.md", "binary.md"} <= bad


def test_illformed_feed_yields_what_it_can(fixtures):
    posts, problems = read(fixtures / "sources" / "illformed.xml")
    assert [p.title for p in posts][:1] == ["Good item"]
    assert posts[0].url == "https://example.org/good"
    assert posts[0].body == "Fine & dandy"
    assert any("ill-formed feed" in p.message for p in problems)


def test_missing_path_raises_source_error(tmp_path):
    with pytest.raises(SourceError, match="no such file"):
        read_posts(tmp_path / "nope", SITE)


# --- feeds over HTTP: conditional GET -------------------------------------------------------

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Blog</title>
<entry><title>Atom &amp; Eve</title><link href="https://blog.example/atom-eve/"/>
<id>tag:blog.example,2024:1</id><published>2024-06-01T08:00:00Z</published>
<category term="python"/><author><name>Ann</name></author>
<content type="html">&lt;p&gt;Hello &lt;img src="/i.png"&gt; world&lt;/p&gt;
&lt;h2&gt;Part&lt;/h2&gt;</content>
</entry></feed>"""


def test_feed_url_conditional_get(httpserver):
    httpserver.expect_ordered_request("/feed.xml").respond_with_data(
        ATOM, headers={"ETag": '"v1"', "Content-Type": "application/atom+xml"}
    )
    httpserver.expect_ordered_request(
        "/feed.xml", headers={"If-None-Match": '"v1"'}
    ).respond_with_data(b"", status=304)
    url = httpserver.url_for("/feed.xml")
    first = feed.fetch(url)
    assert first.etag == '"v1"' and first.content == ATOM
    second = feed.fetch(url, etag=first.etag)
    assert second.status == 304 and second.content is None


def test_feed_entry_fields(httpserver):
    httpserver.expect_request("/feed.xml").respond_with_data(ATOM)
    [post] = read_posts(httpserver.url_for("/feed.xml"), SITE)
    assert post.title == "Atom & Eve"
    assert post.url == "https://blog.example/atom-eve/"
    assert post.date == datetime(2024, 6, 1, 8, tzinfo=UTC)
    assert post.tags == ("python",)
    assert [a.name for a in post.authors] == ["Ann"]
    assert post.headings == ("Part",)
    assert post.image == "https://blog.example/i.png"


def test_feed_size_cap_and_http_errors(httpserver):
    httpserver.expect_request("/big.xml").respond_with_data(b"x" * 2048)
    httpserver.expect_request("/gone.xml").respond_with_data(b"", status=410)
    with pytest.raises(SourceError, match="larger than"):
        feed.fetch(httpserver.url_for("/big.xml"), max_bytes=1024)
    with pytest.raises(SourceError, match="HTTP 410"):
        feed.fetch(httpserver.url_for("/gone.xml"))


# --- the seed articles ----------------------------------------------------------------------

SEED_TITLES = {
    "000": "Social Media Marketing for Bloggers",
    "001": "What is social media marketing and how is it done?",
    "002": "Social Media Marketing (SMM) is a digital marketing strategy",
    "003": "What is social media marketing?",
    "004": "5 Effective Steps In Social Media Marketing",
}


@pytest.mark.corpus
def test_seeds_titles_dates_and_tags(seeds):
    posts, problems = read(seeds)
    assert not problems.items
    by_file = {Path(p.source).name[:3]: p for p in posts}
    assert {k: p.title for k, p in by_file.items()} == SEED_TITLES
    jekyll, pelican = by_file["000"], by_file["004"]
    assert jekyll.date == datetime(2023, 4, 1, 22, 39, 36, tzinfo=timezone(timedelta(hours=3)))
    assert jekyll.slug == "social-media-marketing-for-bloggers"
    assert jekyll.summary.startswith("Learn how to effectively use social media marketing")
    assert jekyll.headings[0] == "1. Define your target audience"
    assert pelican.date.date().isoformat() == "2024-07-30"
    assert pelican.tags[:3] == (
        "steps in social media marketing",
        "soical media apps",
        "social media experts",
    )
    assert len(pelican.tags) == 8
    assert pelican.categories == ("Social Media Marketing",)
    assert pelican.slug == "steps-in-social-media-marketing"
    assert [a.name for a in pelican.authors] == ["Professor.John"]
    for post in posts:
        assert not re.search(r"\*\*|\]\(|<[a-z]+|&[a-z]+;", post.body), post.source
    # The scraped page's navigation is not part of its body.
    assert not by_file["003"].body.startswith("products publish")
    # Heading-like lines of plain text become headings.
    assert by_file["002"].headings[:2] == (
        "How Social Media Marketing Works",
        "1. Strategy Development",
    )


# --- the corpora ----------------------------------------------------------------------------


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("folder", "minimum"),
    [
        pytest.param(name, minimum, marks=same_worker(name))
        for name, minimum in [
            ("pelican-kevin-deldycke-blog", 260),
            ("mkdocs-material-official-blog", 13),
            ("jekyll-project-news-posts", 102),
            ("hugo-basic-example", 5),
            ("toml-zola-rust-blog", 380),
            ("feeds-real-blogs", 30),
            ("pelican-project-tests", 60),
        ]
    ],
)
def test_every_corpus_folder_is_read(corpora, folder, minimum):
    posts, problems = read_corpus(corpora / folder)
    assert len(posts) >= minimum
    assert all(p.title and p.url.startswith("http") for p in posts)
    assert all(p.date is None or p.date.tzinfo is not None for p in posts)
    # Only files that truly lack a title, are empty, or are ill-formed feeds are warned about.
    allowed = ("no title", "empty file", "ill-formed feed")
    assert all(p.message.startswith(allowed) for p in problems), [str(p) for p in problems]
    assert len(problems.files()) <= 7


@pytest.mark.corpus
@same_worker("mkdocs-material-official-blog")
def test_mkdocs_material_blog_quirks(corpora):
    posts, _ = read_corpus(corpora / "mkdocs-material-official-blog")
    by_slug = {p.slug: p for p in posts}
    badge = by_slug["adding-a-badge-to-your-project"]
    assert badge.title == "Adding a badge to your project"  # icon shortcode removed
    assert [a.name for a in badge.authors] == ["Martin Donath"]  # from .authors.yml
    assert badge.categories == ("General",)
    two = next(p for p in posts if p.source.endswith("mkdocs-2.0.md"))
    assert two.date.date().isoformat() == "2026-02-18"
    assert two.updated.date().isoformat() == "2026-04-13"


@pytest.mark.corpus
def test_pelican_test_content_quirks(corpora):
    base = corpora / "pelican-project-tests" / "pelican" / "tests" / "content"
    upper = only(base / "article_with_uppercase_metadata.rst")
    assert upper.title == "This is a super article !"
    dated = only(base / "2012-11-29_rst_w_filename_meta#foo-bar.rst")
    assert dated.date.date().isoformat() == "2012-11-29"
    draft = only(base / "article_draft.md")
    assert draft.draft is True
    many = only(base / "article_with_multiple_authors.rst")
    assert [a.name for a in many.authors] == ["First Author", "Second Author"]
    # An empty `Tags:` is a field Pelican discards, not a tag.
    assert only(base / "article_with_markdown_and_empty_tags.md").tags == ()
    for empty in ("empty.md", "empty_with_bom.md"):
        posts, problems = read(base / empty)
        assert posts == [] and "empty" in problems.items[0].message


@pytest.mark.corpus
def test_jekyll_dates_with_offsets_and_repeated_year(corpora):
    base = corpora / "jekyll-project-news-posts" / "docs" / "_posts"
    post = only(base / "2023-01-29-jekyll-3-9-3-released.markdown")
    assert post.date.utcoffset() == timedelta(hours=-8)
    assert post.date.date().isoformat() == "2023-01-29"


@pytest.mark.corpus
@same_worker("toml-zola-rust-blog")
def test_zola_date_from_path(corpora):
    posts, _ = read_corpus(corpora / "toml-zola-rust-blog")
    with_path = [p for p in posts if re.search(r"/\d{4}/\d{2}/\d{2}/", p.url)]
    assert len(with_path) > 300
    post = with_path[0]
    y, m, d = re.search(r"/(\d{4})/(\d{2})/(\d{2})/", post.url).groups()
    assert post.date.date().isoformat() == f"{y}-{m}-{d}"


def _feedparser_cases(corpora: Path, kind: str):
    for path in sorted((corpora / "feedparser-tests" / "tests" / kind).rglob("*.xml")):
        head = path.read_bytes()[:4000].decode("latin-1")
        expect = re.search(r"Expect:\s*(.+)", head)
        header = re.search(r"Header:\s*([^:]+):\s*(.+)", head)
        yield path, expect[1].strip() if expect else None, header


@pytest.mark.corpus
def test_no_crash_on_any_feed_of_the_feed_corpus(corpora):
    problems = Problems()
    posts = read_posts(corpora / "feedparser-tests", SITE, problems)
    assert len(posts) > 30
    illformed = read_posts(corpora / "feedparser-tests" / "tests" / "illformed", SITE, Problems())
    assert illformed  # recoverable ill-formed feeds still yield their entries


@pytest.mark.corpus
def test_declared_and_undeclared_encodings(corpora):
    """Each encoding case of feedparser's suite, read with its simulated HTTP header."""
    checked = 0
    for path, expect, header in _feedparser_cases(corpora, "encoding"):
        if not expect or "encoding" not in expect:
            continue
        headers = {header[1].strip(): header[2].strip()} if header else {}
        parsed = feed.parse_document(path.read_bytes(), headers)
        assert eval(expect, {"feedparser": feedparser}, dict(parsed)), (path.name, expect)
        checked += 1
    assert checked >= 40


def test_built_html_page(fixtures):
    post = only(fixtures / "sources" / "built_page.html")
    assert post.title == "Built & shipped"
    assert post.url == "https://blog.example/built/"
    assert post.summary == "What the page is about."
    assert post.date == datetime(2025, 2, 3, 4, 5, 6, tzinfo=timezone(timedelta(hours=1)))
    assert post.tags == ("hugo", "static")
    assert post.headings == ("Section one", "Sub section")
    assert post.image == "https://blog.example/img/first.png"
    assert post.lang == "de"
    assert (
        post.body == "First paragraph with an image.\nSection one\nText.\nSub section\nMore text."
    )


def test_reading_a_markdown_post_loads_no_feed_network_rst_or_detector_module(tmp_path):
    import subprocess
    import sys

    post = tmp_path / "post.md"
    post.write_text("---\ntitle: Hello\ndate: 2024-01-02\nlang: en\n---\nSome words here.\n")
    code = (
        "import sys\nfrom smm_promote.config import Config\nfrom smm_promote.sources import read_posts\n"
        f"[p] = read_posts({str(post)!r}, Config.from_mapping({{}}))\n"
        "heavy = ('feedparser', 'requests', 'docutils', 'py3langid', 'numpy', 'pelican')\n"
        "print(p.title, sorted(m for m in heavy if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=Path.cwd()
    )
    assert out.stdout.strip() == "Hello []"


def test_markup_space_between_chinese_or_japanese_characters_left_out():
    from smm_promote.sources.text import extract_html

    # docutils' HTML of `上次介紹過 \`這個博客改換了主題 <…>\`_ ，本以爲`, *emphasis*, ``literal``,
    # a footnote mark and a ruby-less Japanese line: the spaces reST needs around inline markup
    # are no word spaces in Chinese or Japanese.
    html = (
        '<p>上次介紹過 <a class="reference external" href="https://x.example">這個博客改換了主題</a>'
        " ，本以爲 <em>可以</em> 告一段落。用 <a href='https://travis-ci.org'>Travis-CI</a> 生成"
        ' <tt class="docutils literal">git push</tt> 。見 <code> 中 文 </code> 。</p>'
        '<p>寄宿在 SAE <a class="footnote-reference" href="#sae">[1]</a> 上，'
        "詳見 <a href='#'>上海交通大學 飲水思源站</a> 的說明 <b>灰</b>\nかぶった</p>"
        "<h2>關於 <em>混成器</em> 「歷史」</h2>"
        "<table><tr><td>表 <strong>格</strong> 。</td><td>Plain <em>English</em> text</td></tr></table>"
    )
    extract = extract_html(html)
    assert extract.blocks == (
        (
            "text",
            # Between Chinese and Latin text (Travis-CI, git push) the space stays, and
            # inside code ("見 ``中 文``") white space is the code's.
            "上次介紹過這個博客改換了主題，本以爲可以告一段落。用 Travis-CI 生成 git push 。"
            "見 中 文 。",
        ),
        ("text", "寄宿在 SAE 上，詳見上海交通大學 飲水思源站的說明灰かぶった"),
        ("heading", "關於混成器「歷史」"),
        ("table", "表格。 | Plain English text"),
    )
    assert extract.headings == ("關於混成器「歷史」",)
    # English text keeps every space at an element's edge.
    assert extract_html("<p>a <em>b</em> , <code> c </code> d</p>").blocks == (
        ("text", "a b , c d"),
    )
