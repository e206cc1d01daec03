"""Docusaurus: blog posts and permalinks from `docusaurus.config.*` read without running it."""

from __future__ import annotations

from pathlib import Path

import pytest

from smm_promote.config import Config
from smm_promote.errors import Problems
from smm_promote.sites import jsconfig
from smm_promote.sites.base import SourceFacts
from smm_promote.sites.docusaurus import Blog, DocusaurusSite, blog_file_slug, detect
from smm_promote.sources import read_source


def _facts(path: Path) -> SourceFacts:
    return SourceFacts(path=path, meta={}, title="", date=None)


def _site(folder: Path) -> tuple[DocusaurusSite, Problems]:
    problems = Problems()
    site = detect(folder, problems)
    assert isinstance(site, DocusaurusSite)
    return site, problems


def _posts(site: DocusaurusSite, folder: Path) -> tuple[dict[str, str], dict[str, str]]:
    urls, skipped = {}, {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = path.relative_to(folder).as_posix()
        reason = site.skip_reason(path, {})
        if reason:
            skipped[name] = reason
        else:
            found = site.url(_facts(path))
            assert found is not None
            urls[name] = found[0]
    return urls, skipped


# --- corpora --------------------------------------------------------------------------------

CORPUS = "docusaurus-tseslint-pnpm-blogs"


@pytest.mark.corpus
def test_pnpm_blog_file_paths_dates_and_slug(corpora: Path) -> None:
    root = corpora / CORPUS / "pnpm"
    site, problems = _site(root)
    assert not problems.items
    assert (site.base_url, site.blogs, site.trailing_slash) == ("https://pnpm.io", [Blog()], None)
    urls, skipped = _posts(site, root)
    releases = sorted((root / "blog" / "releases").glob("*.md"))
    dated = sorted(
        p
        for p in (root / "blog").glob("2*.md")
        if p.name != "2026-08-10-whats-different-in-pnpm-12.md"
    )
    expected = {
        f"blog/releases/{p.name}": f"https://pnpm.io/blog/releases/{p.stem}" for p in releases
    }
    for path in dated:  # SOURCE.txt: the default slug is the dated file path
        y, m, d, name = path.stem.split("-", 3)
        expected[f"blog/{path.name}"] = f"https://pnpm.io/blog/{y}/{m}/{d}/{name}"
    expected["blog/2026-08-10-whats-different-in-pnpm-12.md"] = (
        "https://pnpm.io/blog/whats-different-in-pnpm-12"
    )
    assert urls == expected
    assert urls["blog/2020-05-27-flat-node-modules-is-not-the-only-way.md"] == (
        "https://pnpm.io/blog/2020/05/27/flat-node-modules-is-not-the-only-way"
    )
    assert urls["blog/releases/11.0.md"] == "https://pnpm.io/blog/releases/11.0"
    assert skipped == {
        "LICENSE": "outside the Docusaurus blog folder (blog/)",
        "blog/authors.yml": "not a blog post file (.md/.mdx)",
        "docusaurus.config.ts": "outside the Docusaurus blog folder (blog/)",
        "locales.json": "outside the Docusaurus blog folder (blog/)",
    }
    print(f"{CORPUS}/pnpm: {len(urls)} posts, {len(urls)} equal")


TSESLINT_SLUGS = {
    "2022-09-18-automated-rule-docs-with-docusaurus-and-remark.md": "automated-rule-docs-with-docusaurus-and-remark",
    "2022-12-05-asts-and-typescript-eslint.md": "asts-and-typescript-eslint",
    "2023-02-24-consistent-type-exports-and-imports-why-and-how.md": "consistent-type-imports-and-exports-why-and-how",
    "2023-03-13-announcing-typescript-eslint-v6-beta.md": "announcing-typescript-eslint-v6-beta",
    "2023-07-09-announcing-typescript-eslint-v6.md": "announcing-typescript-eslint-v6",
    "2023-09-18-parser-options-project-true.md": "parser-options-project-true",
    "2023-12-25-deprecating-formatting-rules.md": "deprecating-formatting-rules",
    "2024-02-12-announcing-typescript-eslint-v7.md": "announcing-typescript-eslint-v7",
    "2024-03-25-changes-to-consistent-type-imports-with-decorators.md": "changes-to-consistent-type-imports-with-decorators",
    "2024-05-27-announcing-typescript-eslint-v8-beta.mdx": "announcing-typescript-eslint-v8-beta",
    "2024-07-31-announcing-typescript-eslint-v8.md": "announcing-typescript-eslint-v8",
    "2024-09-30-typed-linting.md": "typed-linting",
    "2025-01-21-avoiding-anys.mdx": "avoiding-anys",
    "2025-05-29-project-service.mdx": "project-service",
    "2026-01-05-revamping-the-ban-types-rule.mdx": "revamping-the-ban-types-rule",
}


@pytest.mark.corpus
def test_typescript_eslint_blog_slugs_replace_the_date_path(corpora: Path) -> None:
    root = corpora / CORPUS / "typescript-eslint" / "packages" / "website"
    site, problems = _site(root)
    assert not problems.items
    urls, skipped = _posts(site, root / "blog")
    # Every post has `slug:` front matter, which replaces the dated path.
    assert urls == {
        name: f"https://typescript-eslint.io/blog/{slug}" for name, slug in TSESLINT_SLUGS.items()
    }
    assert skipped == {"authors.yml": "not a blog post file (.md/.mdx)"}
    print(f"{CORPUS}/typescript-eslint: {len(urls)} posts, {len(urls)} equal")


@pytest.mark.corpus
def test_read_source_gives_the_same_links(corpora: Path) -> None:
    root = corpora / CORPUS / "pnpm"
    reading = read_source(root / "blog", Config.from_mapping({}), Problems())
    site, _ = _site(root)
    expected, _ = _posts(site, root / "blog")
    got = {Path(p.source).relative_to(root / "blog").as_posix(): p.url for p in reading.posts}
    assert got == expected
    assert {p.url_origin for p in reading.posts} == {
        "rule: docusaurus blog file path",
        "rule: docusaurus blog slug front matter",
    }
    print(f"{CORPUS}/pnpm through read_source: {len(got)} posts, {len(got)} equal")


# --- rules ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("relative", "slug"),
    [
        ("2024-03-05-hello.md", "/2024/03/05/hello"),
        ("2024-03-05-hello/index.mdx", "/2024/03/05/hello"),
        ("2024/03/05/hello.md", "/2024/03/05/hello"),
        ("news/2024-3-5-hello.md", "/2024/3/5/news/hello"),
        ("releases/11.0.md", "/releases/11.0"),
        ("guide/index.md", "/guide"),
    ],
)
def test_blog_file_slug(relative: str, slug: str) -> None:
    assert blog_file_slug(relative) == slug


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


CONFIG = """// @ts-check
const ROUTE = 'news'; /* a comment with url: 'https://wrong.example' */
/** @type {import('@docusaurus/types').Config} */
module.exports = {
  title: 'Site',
  url: "https://example.org",
  baseUrl: '/docs-site/',
  trailingSlash: true,
  i18n: { defaultLocale: 'fr', locales: ['fr'] },
  presets: [
    ['classic', { docs: { path: 'docs' }, blog: { path: './news', routeBasePath: ROUTE } }],
  ],
  plugins: [
    ['@docusaurus/plugin-content-blog', { id: 'changes', path: 'changelog', routeBasePath: 'changes' }],
  ],
  themeConfig: { blog: { sidebar: { groupByYear: true } } },
};
"""


def test_config_values_instances_trailing_slash_and_slugs(tmp_path: Path) -> None:
    _write(tmp_path / "docusaurus.config.js", CONFIG)
    posts = {
        "news/2024-09-15-first.md": "---\ntitle: First\n---\nText\n",
        "news/2024-09-16-second.mdx": "---\nslug: /custom/path\n---\nText\n",
        "news/_draft-partial.mdx": "Partial\n",
        "news/_shared/x.md": "---\ntitle: X\n---\n",
        "news/hidden.md": "---\ndraft: true\n---\n",
        "news/quiet.md": "---\nunlisted: true\n---\n",
        "changelog/2.0.md": "---\ntitle: Two\n---\n",
        "docs/intro.md": "# Intro\n",
    }
    for name, text in posts.items():
        _write(tmp_path / name, text)
    site, problems = _site(tmp_path)
    assert not problems.items
    assert site.lang == "fr"
    assert site.blogs == [Blog("news", "news"), Blog("changelog", "changes")]
    urls, skipped = _posts(site, tmp_path)
    base = "https://example.org/docs-site"
    assert urls == {
        "news/2024-09-15-first.md": f"{base}/news/2024/09/15/first/",
        "news/2024-09-16-second.mdx": f"{base}/news/custom/path/",
        "changelog/2.0.md": f"{base}/changes/2.0/",
    }
    assert skipped["news/_draft-partial.mdx"] == "excluded by the blog's default exclude patterns"
    assert skipped["news/_shared/x.md"] == "in a _ folder (the Docusaurus blog ignores it)"
    assert skipped["news/hidden.md"] == "draft"
    assert skipped["news/quiet.md"] == "unlisted"
    assert skipped["docs/intro.md"].startswith("outside the Docusaurus blog folder")


def test_typescript_config_with_identifiers_and_blog_false(tmp_path: Path) -> None:
    _write(
        tmp_path / "docusaurus.config.ts",
        "import type {Config} from '@docusaurus/types';\n"
        "const blogOptions = {routeBasePath: '/'} satisfies BlogOptions;\n"
        "const config: Config = {\n  url: 'https://x.dev/',\n  baseUrl: '/',\n"
        "  trailingSlash: false,\n  presets: [['classic', {blog: blogOptions}]],\n};\n"
        "export default config;\n",
    )
    _write(tmp_path / "blog/2024-01-02-a.md", "---\ntitle: A\n---\n")
    site, problems = _site(tmp_path)
    assert not problems.items
    assert site.blogs == [Blog("blog", "/")]
    assert site.url(_facts(tmp_path / "blog/2024-01-02-a.md")) == (
        "https://x.dev/2024/01/02/a",
        "rule: docusaurus blog file path",
    )
    _write(
        tmp_path / "docusaurus.config.ts",
        "export default {url: 'https://x.dev', baseUrl: '/', presets: [['classic', {blog: false}]]};\n",
    )
    site, _ = _site(tmp_path)
    assert site.blogs == []
    assert site.skip_reason(tmp_path / "blog/2024-01-02-a.md", {}) == (
        "outside the Docusaurus blog folder (none configured)"
    )


def test_site_url_from_smm_promote_wins(tmp_path: Path) -> None:
    _write(
        tmp_path / "docusaurus.config.js",
        "module.exports = {url: 'https://x.dev', baseUrl: '/'};\n",
    )
    _write(tmp_path / "blog/2024-01-02-a.md", "---\ntitle: A\n---\nText.\n")
    config = Config.from_mapping({"site_url": "https://mirror.example/sub"})
    [post] = read_source(tmp_path / "blog", config, Problems()).posts
    assert post.url == "https://mirror.example/sub/blog/2024/01/02/a"


# --- bad input ------------------------------------------------------------------------------


def test_computed_values_warn_with_file_and_key_and_fall_back(tmp_path: Path) -> None:
    config = _write(
        tmp_path / "docusaurus.config.js",
        "module.exports = {\n  url: process.env.SITE_URL,\n  baseUrl: '/',\n"
        "  presets: [['classic', {blog: {routeBasePath: `${prefix}/blog`}}]],\n};\n",
    )
    _write(tmp_path / "blog/2024-01-02-a.md", "---\ntitle: A\n---\n")
    site, problems = _site(tmp_path)
    assert [(p.where, p.message) for p in problems] == [
        (str(config), "url: not a plain string (process.env.SITE_URL); it is ignored"),
        (
            str(config),
            "blog.routeBasePath: not a plain string (`${prefix}/blog`); the default 'blog' is used",
        ),
    ]
    assert site.url(_facts(tmp_path / "blog/2024-01-02-a.md"))[0] == "/blog/2024/01/02/a"


def test_unparseable_config_warns_and_uses_the_defaults(tmp_path: Path) -> None:
    config = _write(tmp_path / "docusaurus.config.mjs", "export default createConfig();\n")
    _write(tmp_path / "blog/2024-01-02-a.md", "---\ntitle: A\n---\n")
    site, problems = _site(tmp_path)
    assert [(p.where, p.message) for p in problems] == [
        (str(config), "url, baseUrl: not found as plain values; URLs use smm-promote's site_url")
    ]
    assert site.blogs == [Blog()]
    assert site.url(_facts(tmp_path / "blog/2024-01-02-a.md"))[0] == "/blog/2024/01/02/a"


def test_scanner_keeps_strings_and_comments_apart() -> None:
    text = "const a = 'x // not a comment'; // comment\nconst b = `t ${ {c: 1}.c } u`; /* } */"
    blanked = jsconfig.blank_comments(text)
    assert "not a comment" in blanked and "// comment" not in blanked and "/*" not in blanked
    assert len(blanked) == len(text)
    assert jsconfig.entries("{a: 1, 'b': [1, {c: 2}], ...rest, d() { return 1 }, e: `x`}") == [
        ("a", "1"),
        ("b", "[1, {c: 2}]"),
        ("e", "`x`"),
    ]


def test_theme_config_blog_is_not_a_blog_instance(tmp_path: Path) -> None:
    _write(
        tmp_path / "docusaurus.config.js",
        "module.exports = {\n  url: 'https://x.dev', baseUrl: '/',\n"
        "  themeConfig: { blog: { sidebar: { groupByYear: true } } },\n"
        "  presets: [['classic', { blog: { path: 'news' } }]],\n};\n",
    )
    site, _ = _site(tmp_path)
    assert site.blogs == [Blog("news", "blog")]


@pytest.mark.corpus
def test_the_repository_root_finds_the_website_config(corpora: Path) -> None:
    """The config sits in packages/website/, two levels below the repository root."""
    reading = read_source(corpora / CORPUS / "typescript-eslint", Config.from_mapping({}))
    got = {Path(p.source).name: p.url for p in reading.posts}
    assert got == {n: f"https://typescript-eslint.io/blog/{s}" for n, s in TSESLINT_SLUGS.items()}
