"""MkDocs and Material's blog plugin: which files are posts and the URL of each, computed from
the folder alone, against the real sites."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from smm_promote.config import Config
from smm_promote.errors import Problems
from smm_promote.sites.base import SourceFacts
from smm_promote.sites.mkdocs import MkDocsSite, detect
from smm_promote.sources import read_source
from tests.corpus_support import plain_reading, same_worker


def _facts(path: Path) -> SourceFacts:
    return SourceFacts(path=path, meta={}, title="", date=None)


def _site(folder: Path) -> tuple[MkDocsSite, Problems]:
    problems = Problems()
    site = detect(folder, problems)
    assert isinstance(site, MkDocsSite)
    return site, problems


def _posts(site: MkDocsSite, folder: Path) -> tuple[dict[Path, str], dict[Path, str]]:
    """URL of every post under `folder`, and the skip reason of every other Markdown file."""
    urls, skipped = {}, {}
    for path in sorted(folder.rglob("*.md")):
        reason = site.skip_reason(path, {})
        if reason:
            skipped[path] = reason
        else:
            found = site.url(_facts(path))
            assert found is not None, path
            urls[path] = found[0]
    return urls, skipped


def _sitemap(path: Path) -> set[str]:
    return set(re.findall(r"<loc>\s*([^<\s]+)\s*</loc>", path.read_text(encoding="utf-8")))


def _tsv(path: Path) -> list[list[str]]:
    return list(csv.reader(path.open(encoding="utf-8"), delimiter="\t"))[1:]


# --- corpora --------------------------------------------------------------------------------


@pytest.mark.corpus
def test_instructor_blog_every_url_as_built(corpora: Path) -> None:
    root = corpora / "mkdocs-material-instructor-blog"
    site, problems = _site(root)
    assert not problems.items
    urls, skipped = _posts(site, root / "docs")
    expected = {root / src: url for src, url in _tsv(root / "urls.tsv")}
    assert urls == expected
    assert set(urls.values()) <= _sitemap(root / "gh-pages" / "sitemap.xml")
    for url in urls.values():  # the built page exists where the URL says
        path = url.removeprefix("https://python.useinstructor.com/")
        assert (root / "gh-pages" / path / "index.html").is_file(), url
    assert skipped == {root / "docs/blog/index.md": "outside the blog's post_dir (blog/posts/)"}
    print(f"mkdocs-material-instructor-blog: {len(urls)} posts, {len(urls)} equal")


@pytest.mark.corpus
def test_pypi_blog_urls_from_its_file_names(corpora: Path) -> None:
    """docs/mkdocs-blog.yml is the folder's only config; `post_url_format: posts/{file}`."""
    docs = corpora / "mkdocs-material-pypi-hatch-blogs" / "pypi-blog" / "docs"
    site, problems = _site(docs)
    assert not problems.items
    assert site.config_file == docs / "mkdocs-blog.yml"
    urls, skipped = _posts(site, docs / "blog")
    posts = sorted((docs / "blog" / "posts").glob("*.md"))
    assert len(posts) == 57
    assert urls == {p: f"https://blog.pypi.org/posts/{p.stem}/" for p in posts}
    assert urls[docs / "blog/posts/2023-05-23-removing-pgp.md"] == (
        "https://blog.pypi.org/posts/2023-05-23-removing-pgp/"
    )
    assert skipped == {
        docs / "blog/README.md": "excluded by exclude_docs",
        docs / "blog/index.md": "outside the blog's post_dir (posts/)",
        docs / "blog/tags.md": "outside the blog's post_dir (posts/)",
    }
    print(f"mkdocs-material-pypi-hatch-blogs/pypi-blog: {len(urls)} posts, {len(urls)} equal")


@pytest.mark.corpus
def test_hatch_blog_under_the_mike_latest_alias(corpora: Path) -> None:
    root = corpora / "mkdocs-material-pypi-hatch-blogs" / "hatch-blog"
    site, problems = _site(root)
    assert not problems.items
    assert site.version_prefix == "latest"
    urls, skipped = _posts(site, root / "docs")
    assert urls == {root / row[0]: row[2] for row in _tsv(root / "urls.tsv")}
    # The dev build of the same sources has the same paths under dev/.
    dev = _sitemap(root / "gh-pages" / "dev" / "sitemap.xml")
    assert {u.replace("/latest/", "/dev/") for u in urls.values()} <= dev
    assert set(skipped) == {root / "docs/blog/index.md"}
    print(f"mkdocs-material-pypi-hatch-blogs/hatch-blog: {len(urls)} posts, {len(urls)} equal")


OFFICIAL = "https://squidfunk.github.io/mkdocs-material/blog/"


@pytest.mark.corpus
def test_material_official_blog_by_its_rule(corpora: Path) -> None:
    """Default `{date}/{slug}`; slug from `slug:`, else the `title:`, else the first heading."""
    root = corpora / "mkdocs-material-official-blog"
    site, _ = _site(root)
    urls, skipped = _posts(site, root / "docs")
    expected = {
        "adding-a-badge-to-your-project": "2023/11/30/adding-a-badge-to-your-project/",
        "blog-support-just-landed": "2022/09/12/blog-support-just-landed/",
        "chinese-search-support": "2022/05/05/chinese-search-support/",
        "excluding-content-from-search": "2021/09/26/excluding-content-from-search/",
        "git-sparse-checkout": "2023/09/22/using-git-sparse-checkout-for-faster-documentation-builds/",
        "goodbye-github-discussions": "2025/11/18/goodbye-github-discussions/",
        "insiders-now-free-for-everyone": "2025/11/11/insiders-now-free-for-everyone/",
        "mkdocs-2.0": "2026/02/18/mkdocs-2.0/",
        "search-better-faster-smaller": "2021/09/13/search-better-faster-smaller/",
        "sunsetting-gitter": "2023/10/02/sunsetting-gitter-towards-efficient-community-engagement/",
        "the-past-present-and-future": "2021/12/27/the-past-present-and-future/",
        "transforming-material-for-mkdocs": "2024/08/19/how-were-transforming-material-for-mkdocs/",
        "zensical": "2025/11/05/zensical/",
    }
    assert {p.stem: u.removeprefix(OFFICIAL) for p, u in urls.items()} == expected
    assert list(skipped) == [root / "docs/blog/index.md"]
    print(f"mkdocs-material-official-blog: {len(urls)} posts, {len(urls)} equal")


# --- rules ----------------------------------------------------------------------------------


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _blog(tmp_path: Path, config: str, posts: dict[str, str]) -> MkDocsSite:
    _write(tmp_path / "mkdocs.yml", config)
    for name, text in posts.items():
        _write(tmp_path / "docs" / name, text)
    site, _ = _site(tmp_path)
    return site


def _url(site: MkDocsSite, path: Path) -> str:
    found = site.url(_facts(path))
    assert found is not None
    return found[0]


POST = "---\ndate: 2024-09-15\n{extra}---\n\n{body}\n"


def test_slug_title_heading_and_file_name_precedence(tmp_path: Path) -> None:
    site = _blog(
        tmp_path,
        "site_url: https://example.org/\nplugins:\n  - blog\n",
        {
            "blog/posts/a.md": POST.format(extra="slug: own-slug\ntitle: T\n", body="# H"),
            "blog/posts/b.md": POST.format(extra="title: From Front Matter\n", body="# H"),
            "blog/posts/c.md": POST.format(extra="", body="# Hello, World & Co"),
            "blog/posts/my_first-post.md": POST.format(extra="", body="Text first.\n\n# Later"),
        },
    )
    posts = tmp_path / "docs/blog/posts"
    base = "https://example.org/blog/2024/09/15/"
    assert _url(site, posts / "a.md") == base + "own-slug/"
    assert _url(site, posts / "b.md") == base + "from-front-matter/"
    assert _url(site, posts / "c.md") == base + "hello-world--co/"  # pymdownx, case lower
    assert _url(site, posts / "my_first-post.md") == base + "my-first-post/"


def test_inherit_env_tags_mapping_plugins_and_placeholders(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SITE_URL", "https://docs.example.org/sub/")
    monkeypatch.delenv("CI", raising=False)
    _write(
        tmp_path / "base.yml",
        "site_url: https://wrong.example/\nuse_directory_urls: false\ntheme:\n  name: material\n",
    )
    site = _blog(
        tmp_path,
        "INHERIT: base.yml\nsite_url: !ENV [SITE_URL, 'https://fallback.example/']\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:x.y\n"
        "extra: !custom {a: 1}\nplugins:\n  material/blog:\n    enabled: !ENV CI\n"
        "    blog_dir: news\n    post_dir: '{blog}/articles'\n"
        "    post_url_format: '{categories}/{date}/{file}'\n    post_url_date_format: yyyy/MM\n"
        "    post_slugify: !!python/name:markdown.extensions.toc.slugify\n",
        {"news/articles/2024-x.md": POST.format(extra="categories: [Big News, B]\n", body="# X")},
    )
    assert site.base_url == "https://docs.example.org/sub"
    assert site.lang == "en"
    post = tmp_path / "docs/news/articles/2024-x.md"
    assert _url(site, post) == "https://docs.example.org/sub/news/big-news/2024/09/2024-x.html"


def test_toc_slugify_collapses_separators(tmp_path: Path) -> None:
    site = _blog(
        tmp_path,
        "plugins:\n  - blog:\n      post_slugify: !!python/name:markdown.extensions.toc.slugify\n"
        "      post_slugify_separator: _\n",
        {"blog/posts/p.md": POST.format(extra="", body="# Output / JSON from LLMs")},
    )
    # No site_url: a site-relative URL.
    assert _url(site, tmp_path / "docs/blog/posts/p.md") == (
        "/blog/2024/09/15/output_json_from_llms/"
    )


def test_datetime_and_created_dates(tmp_path: Path) -> None:
    site = _blog(
        tmp_path,
        "plugins: [blog]\n",
        {
            "blog/posts/a.md": "---\ndate:\n  created: 2023-12-31T23:30:00\n---\n# A\n",
            "blog/posts/b.md": "---\ndate: 2024-01-01T01:00:00+02:00\n---\n# B\n",
        },
    )
    assert _url(site, tmp_path / "docs/blog/posts/a.md") == "/blog/2023/12/31/a/"
    # Babel formats an aware datetime in its own offset, as Material shows it.
    assert _url(site, tmp_path / "docs/blog/posts/b.md") == "/blog/2024/01/01/b/"


def test_only_published_posts_under_the_posts_dir(tmp_path: Path) -> None:
    site = _blog(
        tmp_path,
        "exclude_docs: |\n  blog/posts/private-*.md\nplugins:\n  - search\n  - blog:\n"
        "      draft_if_future_date: true\n",
        {
            "index.md": "# Home\n",
            "blog/index.md": "# Blog\n",
            "blog/tags.md": "# Tags\n",
            "blog/posts/ok.md": POST.format(extra="draft: False\n", body="# Ok"),
            "blog/posts/draft.md": POST.format(extra="draft: true\n", body="# D"),
            "blog/posts/later.md": "---\ndate: 2999-01-01\n---\n# Later\n",
            "blog/posts/private-x.md": POST.format(extra="", body="# P"),
        },
    )
    docs = tmp_path / "docs"
    reasons = {p.relative_to(docs).as_posix(): site.skip_reason(p, {}) for p in docs.rglob("*.md")}
    outside = "outside the blog's post_dir (blog/posts/)"
    assert reasons == {
        "index.md": outside,
        "blog/index.md": outside,
        "blog/tags.md": outside,
        "blog/posts/ok.md": None,
        "blog/posts/draft.md": "Material blog draft",
        "blog/posts/later.md": "Material blog draft",
        "blog/posts/private-x.md": "excluded by exclude_docs",
    }
    assert site.skip_reason(tmp_path / "README.md", {}) == "outside MkDocs' docs_dir (docs/)"


def test_mike_versions_json_and_canonical_version(tmp_path: Path) -> None:
    config = "site_url: https://example.org\nextra:\n  version:\n    provider: mike\n"
    config += "plugins:\n  - blog\n"
    post = {"blog/posts/p.md": POST.format(extra="slug: p\n", body="")}
    _write(
        tmp_path / "gh-pages/versions.json",
        '[{"version": "2.0", "title": "2.0", "aliases": ["stable"]},'
        ' {"version": "1.0", "title": "1.0", "aliases": []}]',
    )
    site = _blog(tmp_path, config, post)
    assert _url(site, tmp_path / "docs/blog/posts/p.md") == (
        "https://example.org/stable/blog/2024/09/15/p/"
    )
    site = _blog(tmp_path, config + "  - mike:\n      canonical_version: '2.0'\n", post)
    assert site.base_url == "https://example.org/2.0"


def test_mkdocs_page_urls_without_the_blog(tmp_path: Path) -> None:
    site = _blog(tmp_path, "site_url: https://example.org/docs/\n", {"guide/setup.md": "# Setup\n"})
    assert site.url(_facts(tmp_path / "docs/guide/setup.md")) == (
        "https://example.org/docs/guide/setup/",
        "rule: mkdocs page path",
    )
    assert site.page_url("guide/README.md") == "guide/"


def test_several_configs_are_not_guessed(tmp_path: Path) -> None:
    _write(tmp_path / "mkdocs-a.yml", "site_name: a\n")
    _write(tmp_path / "mkdocs-b.yml", "site_name: b\n")
    assert detect(tmp_path, Problems()) is None


# --- bad input ------------------------------------------------------------------------------


def test_broken_config_warns_with_file_and_line_and_falls_back(tmp_path: Path) -> None:
    config = _write(tmp_path / "mkdocs.yml", "site_url: https://x.org\nplugins: [blog\n")
    _write(tmp_path / "docs/blog/posts/p.md", POST.format(extra="", body="# P"))
    site, problems = _site(tmp_path)
    [problem] = problems.items
    assert problem.where == str(config)
    assert problem.line == 3
    assert "cannot read the MkDocs config" in problem.message
    assert site.blogs == []
    assert site.url(_facts(tmp_path / "docs/blog/posts/p.md"))[1] == "rule: mkdocs page path"


def test_unknown_placeholder_warns_and_uses_the_default_format(tmp_path: Path) -> None:
    config = "plugins:\n  - blog:\n      post_url_format: '{year}/{slug}'\n"
    config += "      post_slugify: !!python/name:nowhere.slugify\n"
    site = _blog(tmp_path, config, {"blog/posts/p.md": POST.format(extra="", body="# P Q")})
    messages = [(p.where, p.message) for p in site.problems]
    where = str(tmp_path / "mkdocs.yml")
    assert messages == [
        (
            where,
            "plugins.blog.post_url_format: '{year}/{slug}' has an unknown or broken "
            "placeholder ('year'); using the default '{date}/{slug}'",
        ),
        (
            where,
            "plugins.blog.post_slugify: cannot use nowhere.slugify (No module named "
            "'nowhere'); using Material's default slugify",
        ),
    ]
    assert _url(site, tmp_path / "docs/blog/posts/p.md") == "/blog/2024/09/15/p-q/"


def test_post_without_a_date_falls_back_with_a_warning(tmp_path: Path) -> None:
    site = _blog(tmp_path, "plugins: [blog]\n", {"blog/posts/p.md": "# No front matter\n"})
    post = tmp_path / "docs/blog/posts/p.md"
    assert site.url(_facts(post)) is None
    assert [p.where for p in site.problems] == [str(post)]


# --- end to end -----------------------------------------------------------------------------


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("folder", "urls_column"),
    [
        pytest.param(folder, column, marks=same_worker(folder))
        for folder, column in [
            ("mkdocs-material-instructor-blog", 1),
            ("mkdocs-material-pypi-hatch-blogs/hatch-blog", 2),
        ]
    ],
)
def test_read_source_gives_the_built_urls(corpora: Path, folder: str, urls_column: int) -> None:
    root = corpora / folder
    reading = plain_reading(root)[0]  # shared with the checks of the site's name and look
    got = {Path(p.source).relative_to(root).as_posix(): p.url for p in reading.posts}
    expected = {row[0]: row[urls_column] for row in _tsv(root / "urls.tsv")}
    assert got == expected
    assert {p.url_origin for p in reading.posts} == {
        "rule: mkdocs material blog post_url_format"
        + (" (mike version latest/)" if "hatch" in folder else "")
    }
    assert str(root / "docs/blog/index.md") in dict(reading.skipped)
    print(f"{folder} through read_source: {len(got)} posts, {len(got)} equal")


@pytest.mark.corpus
def test_read_source_on_the_pypi_blog_folder(corpora: Path) -> None:
    docs = corpora / "mkdocs-material-pypi-hatch-blogs" / "pypi-blog" / "docs"
    reading = read_source(docs / "blog", Config.from_mapping({}), Problems())
    assert len(reading.posts) == 57
    assert all(
        p.url == f"https://blog.pypi.org/posts/{Path(p.source).stem}/" for p in reading.posts
    )
    assert {Path(s).name for s, _ in reading.skipped} == {"README.md", "index.md", "tags.md"}
    print(f"pypi-blog through read_source: {len(reading.posts)} posts, all equal")


@pytest.mark.corpus
def test_title_from_the_file_name(corpora: Path) -> None:
    """No `title:` and no first-line heading: MkDocs titles the page from its file name."""
    root = corpora / "mkdocs-material-instructor-blog"
    site, _ = _site(root)
    assert site.title_of(_facts(root / "docs/blog/posts/logfire.md")) == "Logfire"
    assert site.title_of(_facts(root / "docs/blog/posts/introduction.md")) == (
        "Generating Structured Output / JSON from LLMs"
    )


@pytest.mark.corpus
def test_title_from_the_file_name_when_read(corpora: Path) -> None:
    root = corpora / "mkdocs-material-instructor-blog"
    [post] = read_source(root / "docs/blog/posts/logfire.md", Config.from_mapping({})).posts
    assert (post.title, post.url) == (
        "Logfire",
        "https://python.useinstructor.com/blog/2024/05/01/instructor-logfire/",
    )


def test_impossible_date_and_failing_slugify_do_not_stop_the_rest(tmp_path: Path) -> None:
    site = _blog(
        tmp_path,
        "plugins:\n  - blog:\n      post_slugify: !!python/name:json.dumps\n",
        {
            "blog/posts/bad.md": "---\ndate: 2024-13-45\n---\n# Bad\n",
            "blog/posts/ok.md": POST.format(extra="", body="# Fine Title"),
        },
    )
    assert site.url(_facts(tmp_path / "docs/blog/posts/bad.md")) is None
    # json.dumps(title, "-") raises: the default slugify stands in, reported once.
    assert _url(site, tmp_path / "docs/blog/posts/ok.md") == "/blog/2024/09/15/fine-title/"
    assert _url(site, tmp_path / "docs/blog/posts/ok.md") == "/blog/2024/09/15/fine-title/"
    slugify_warnings = [p for p in site.problems if "post_slugify" in p.message]
    assert len(slugify_warnings) == 1
    assert slugify_warnings[0].where == str(tmp_path / "mkdocs.yml")


@pytest.mark.corpus
@same_worker("mkdocs-material-pypi-hatch-blogs")
def test_a_folder_above_the_site_finds_its_config_below(corpora: Path) -> None:
    """`posts pypi-blog/`: the config is docs/mkdocs-blog.yml, one level down."""
    folder = corpora / "mkdocs-material-pypi-hatch-blogs" / "pypi-blog"
    reading = plain_reading(folder)[0]
    assert len(reading.posts) == 57
    assert {p.url for p in reading.posts} == {
        f"https://blog.pypi.org/posts/{Path(p.source).stem}/" for p in reading.posts
    }


@pytest.mark.corpus
def test_two_sites_below_are_not_guessed(corpora: Path) -> None:
    folder = corpora / "mkdocs-material-pypi-hatch-blogs"
    problems = Problems()
    reading = read_source(folder, Config.from_mapping({}), problems)
    assert reading.site is not None and reading.site.generator == "generic"
    [problem] = [p for p in problems if "several sites" in p.message]
    assert problem.where == str(folder)
    assert "hatch-blog/mkdocs.yml" in problem.message
    assert "pypi-blog/docs/mkdocs-blog.yml" in problem.message
