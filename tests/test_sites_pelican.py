"""Pelican sites: URLs, articles vs pages, languages and translations by Pelican's own rules."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from smm_promote.config import Config
from smm_promote.errors import Problems
from smm_promote.sites.built import canonical_url
from smm_promote.sources import read_source

NO_CONFIG = Config.from_mapping({})


def read(target: Path, config: Config = NO_CONFIG):
    problems = Problems()
    return read_source(target, config, problems), problems


def site(tmp_path: Path, conf: str, files: dict[str, str]) -> Path:
    (tmp_path / "pelicanconf.py").write_text(conf)
    for name, text in files.items():
        path = tmp_path / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path


ARTICLE = "Title: {title}\nDate: 2024-03-05 22:30\n{extra}\nSome words of the post body.\n"


def article(title: str, extra: str = "") -> str:
    return ARTICLE.format(title=title, extra=extra)


# -- unit rules ---------------------------------------------------------------------------


def test_default_rule_is_slug_html_from_the_title(tmp_path):
    root = site(tmp_path, 'SITEURL = "https://b.example"\n', {"x.md": article("Hello, World!")})
    reading, problems = read(root / "content")
    [post] = reading.posts
    assert post.url == "https://b.example/hello-world.html"
    assert post.url_origin == "rule: pelican ARTICLE_URL"
    assert not problems.items


def test_slug_is_pelicans_not_the_file_names(tmp_path):
    conf = 'SITEURL = "https://b.example"\n'
    files = {"notes.zh.md": article("Hello, World!", "Lang: zh\n")}
    reading, _ = read(site(tmp_path, conf, files) / "content")
    assert [(p.url, p.slug) for p in reading.posts] == [
        ("https://b.example/hello-world-zh.html", "hello-world")
    ]


def test_article_url_with_date_format_category_custom_field_and_basename_slug(tmp_path):
    conf = (
        'SITEURL = "https://b.example"\nSLUGIFY_SOURCE = "basename"\n'
        'ARTICLE_URL = "{category}/{date:%Y}/{date:%m}/{id}-{slug}/"\n'
    )
    files = {"My File Name.md": article("Ignored title", "Category: Deep Dive\nId: 42\n")}
    reading, _ = read(site(tmp_path, conf, files) / "content")
    assert [p.url for p in reading.posts] == [
        "https://b.example/deep-dive/2024/03/42-my-file-name/"
    ]


def test_slug_regex_substitutions_through_pelicans_slugify(tmp_path):
    conf = (
        'SITEURL = "https://b.example"\n'
        'SLUG_REGEX_SUBSTITUTIONS = [(r"c\\+\\+", "cpp"), (r"[^\\w\\s-]", ""), (r"(?u)\\A\\s*", ""),'
        ' (r"(?u)\\s*\\Z", ""), (r"[-\\s]+", "-")]\n'
    )
    reading, _ = read(site(tmp_path, conf, {"a.md": article("C++ tricks")}) / "content")
    assert [p.url for p in reading.posts] == ["https://b.example/cpp-tricks.html"]


def test_deprecated_slug_substitutions_apply_as_pelican_converts_them(tmp_path):
    conf = 'SITEURL = "https://b.example"\nSLUG_SUBSTITUTIONS = [("C++", "cpp")]\n'
    reading, problems = read(site(tmp_path, conf, {"a.md": article("C++ tricks")}) / "content")
    assert [p.url for p in reading.posts] == ["https://b.example/cpp-tricks.html"]
    [warning] = [str(p) for p in problems]
    assert warning.startswith(f"{tmp_path / 'pelicanconf.py'}: Pelican: SLUG_SUBSTITUTIONS and")


def test_settings_pelican_does_not_know_change_nothing(tmp_path):
    conf = 'SITEURL = "https://b.example"\nARTICLE_REGEX_SUBSTITUTIONS = [("c\\\\+\\\\+", "cpp")]\n'
    reading, _ = read(site(tmp_path, conf, {"a.md": article("C++ tricks")}) / "content")
    assert [p.url for p in reading.posts] == ["https://b.example/c-tricks.html"]


def test_lang_url_translations_and_time_zone(tmp_path):
    conf = (
        'SITEURL = "https://b.example"\nDEFAULT_LANG = "en"\nTIMEZONE = "US/Central"\n'
        'ARTICLE_LANG_URL = "{lang}/{slug}.html"\n'
    )
    files = {
        "post.md": article("Post", "Slug: post\n"),
        "post-fr.md": article("Billet", "Slug: post\nLang: fr\n"),
    }
    reading, _ = read(site(tmp_path, conf, files) / "content")
    [post] = reading.posts
    assert post.url == "https://b.example/post.html"
    assert post.lang == "en"
    assert post.translations == (("fr", "https://b.example/fr/post.html"),)
    assert post.date.isoformat() == "2024-03-05T22:30:00-06:00"
    assert reading.config.timezone == "US/Central"


def test_pages_static_files_and_excluded_paths_are_not_posts(tmp_path):
    conf = (
        'SITEURL = "https://b.example"\nARTICLE_PATHS = ["posts"]\nPAGE_PATHS = ["pages"]\n'
        'STATIC_PATHS = ["files"]\nARTICLE_EXCLUDES = ["posts/old"]\n'
    )
    files = {
        "posts/a.md": article("A"),
        "posts/old/b.md": article("B"),
        "files/c.html": "<html><head><title>C</title></head><body>c</body></html>",
        "pages/talks.md": article("Talks"),
        "notes/d.md": article("D"),
        "posts/undated.md": "Title: Undated\n\nNo date here.\n",
    }
    reading, _ = read(site(tmp_path, conf, files) / "content")
    assert [p.title for p in reading.posts] == ["A"]
    reasons = {Path(p).name: why for p, why in reading.skipped}
    assert reasons == {
        "b.md": "not Pelican content (outside ARTICLE_PATHS, or no reader for its extension)",
        "c.html": "Pelican static file (STATIC_PATHS)",
        "talks.md": "Pelican page (PAGE_PATHS)",
        "d.md": "not Pelican content (outside ARTICLE_PATHS, or no reader for its extension)",
        "undated.md": "Pelican skips it: no date",
    }


def test_default_date_fs_is_the_files_time_never_in_the_future(tmp_path):
    conf = 'SITEURL = "https://b.example"\nDEFAULT_DATE = "fs"\nTIMEZONE = "US/Central"\n'
    root = site(tmp_path, conf, {"a.md": "Title: A\n\nBody words.\n"})
    [post] = read(root / "content")[0].posts
    stamp = (root / "content" / "a.md").stat().st_mtime
    assert post.date.timestamp() == pytest.approx(stamp, abs=1)


def test_user_site_url_wins_over_siteurl(tmp_path):
    root = site(tmp_path, 'SITEURL = "http://localhost:8000"\n', {"a.md": article("A")})
    config = Config.from_mapping({"site_url": "https://real.example/blog"})
    [post] = read(root / "content", config)[0].posts
    assert post.url == "https://real.example/blog/a.html"


def test_publishconf_is_preferred_and_imports_pelicanconf(tmp_path):
    root = site(tmp_path, 'SITEURL = "http://localhost:8000"\n', {"a.md": article("A")})
    (root / "publishconf.py").write_text(
        "import os, sys\nsys.path.append(os.curdir)\nfrom pelicanconf import *\n"
        'SITEURL = "https://public.example"\n'
    )
    [post] = read(root)[0].posts
    assert post.url == "https://public.example/a.html"


def test_a_config_that_raises_falls_back_with_a_warning(tmp_path):
    root = site(tmp_path, 'SITEURL = "https://b.example"\n', {"a.md": article("A")})
    (root / "publishconf.py").write_text("from pelicanconf import *\nraise RuntimeError('no')\n")
    reading, problems = read(root / "content")
    assert [p.url for p in reading.posts] == ["https://b.example/a.html"]
    assert [str(p) for p in problems] == [
        f"{root / 'publishconf.py'}: running it failed (RuntimeError: no)"
    ]


def test_missing_plugin_imports_get_stand_ins(tmp_path):
    conf = (
        "import plumage\nfrom pelican_missing_plugin import markup\n"
        'THEME = plumage.get_path()\nPLUGINS = [markup]\nSITEURL = "https://b.example"\n'
    )
    reading, problems = read(site(tmp_path, conf, {"a.md": article("A")}) / "content")
    assert [p.url for p in reading.posts] == ["https://b.example/a.html"]
    assert [str(p) for p in problems] == [
        f"{tmp_path / 'pelicanconf.py'}: imports modules that are not installed "
        "(pelican_missing_plugin, plumage): read with stand-ins"
    ]
    import sys

    assert "plumage" not in sys.modules


def test_a_config_that_cannot_be_read_at_all_falls_back_to_generic_rules(tmp_path):
    root = site(tmp_path, "SITEURL = (\n", {"a.md": article("A")})
    reading, problems = read(root / "content", Config.from_mapping({"site_url": "https://g.x"}))
    assert [p.url_origin for p in reading.posts] == ["generic: site_url/<slug>/"]
    assert any("running it failed (SyntaxError" in str(p) for p in problems)


# -- corpora --------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.corpus
def test_farseerfc_urls_equal_the_built_sitemap(corpora, monkeypatch):
    """pelicanconf.py: ARTICLE_URL '{id}.html', ARTICLE_LANG_URL '{lang}/{id}.html',
    i18n_subsites for en/jp; SITEURL from the environment as the Makefile's github target
    sets it. The /zhs/ subsite is made at build time from the zh sources (no source file)."""
    folder = corpora / "pelican-farseerfc-multilingual-rst"
    monkeypatch.setenv("SITEURL", "farseerfc.me")
    reading, problems = read(folder / "content")
    unreadable = {Path(p.where).name for p in problems}
    with open(folder / "sitemap-urls.tsv", encoding="utf-8") as handle:
        rows = [
            r for r in csv.DictReader(handle, delimiter="\t") if r["sitemap"] != "zhs/sitemap.xml"
        ]
    articles = [r for r in rows if not r["source_path"].startswith("content/pages/")]
    expected = {
        canonical_url(r["loc"]) for r in articles if Path(r["source_path"]).name not in unreadable
    }
    published = [p for p in reading.posts if not p.draft]
    got = {canonical_url(p.url) for p in published}
    got |= {canonical_url(url) for p in published for _lang, url in p.translations}
    print(
        f"farseerfc: {len(expected)} of {len(articles)} sitemap articles compared, "
        f"{len(unreadable)} unreadable: {sorted(unreadable)}"
    )
    assert got == expected
    assert len(expected) >= len(articles) - 1
    pages = {Path(p).name for p, why in reading.skipped if why == "Pelican page (PAGE_PATHS)"}
    assert {"about.zh.rst", "about.en.rst", "about.jp.rst", "links.zh.rst"} <= pages | {
        Path(p).name for p, _why in reading.skipped
    }
    by_url = {p.url: p for p in published}
    mix = by_url["https://farseerfc.me/mix-ruby.html"]
    assert mix.lang == "zh"
    # Pelican's own slug (SLUGIFY_SOURCE = 'basename' of `mix-ruby.zh.rst`), as the plugin tags it.
    assert mix.slug == "mix-rubyzh"
    assert sorted(mix.translations) == [
        ("en", "https://farseerfc.me/en/mix-ruby.html"),
        ("jp", "https://farseerfc.me/jp/mix-ruby.html"),
    ]
    assert by_url["https://farseerfc.me/en/EVA-Komm-susser-Tod.html"].lang == "en"
    assert all(p.url_origin.startswith("rule: pelican") for p in reading.posts)
    assert reading.config.timezone == "Asia/Tokyo"


KEVIN_CONF = """\
import re
from pathlib import Path

import plumage

SITEURL = "http://localhost:8000"
PATH = {path!r}
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "en"
SLUGIFY_SOURCE = "basename"
ARTICLE_URL = "{{date:%Y}}/{{slug}}"
ARTICLE_SAVE_AS = ARTICLE_URL + ".html"
ARTICLE_PATHS = [d.name for d in Path(PATH).iterdir() if re.fullmatch("[0-9]{{4}}", d.name)]
PAGE_URL = "{{slug}}"
PAGE_PATHS = ["pages"]
THEME = plumage.get_path()
STATIC_PATHS = ["extra"]
"""


@pytest.mark.slow
@pytest.mark.corpus
def test_kevin_deldycke_urls_follow_its_pelicanconf(corpora, tmp_path):
    """The corpus keeps the content only; its pelicanconf.py rule (upstream, same commit):
    SLUGIFY_SOURCE basename, ARTICLE_URL '{date:%Y}/{slug}', year folders as ARTICLE_PATHS,
    pages/ as pages, extra/ static; publishconf.py gives the public SITEURL."""
    content = corpora / "pelican-kevin-deldycke-blog" / "content"
    (tmp_path / "pelicanconf.py").write_text(KEVIN_CONF.format(path=str(content)))
    (tmp_path / "publishconf.py").write_text(
        "import os, sys\nsys.path.append(os.curdir)\nfrom pelicanconf import *\n"
        'SITEURL = "https://kevin.deldycke.com"\n'
    )
    reading, _problems = read(tmp_path)
    urls = {p.url for p in reading.posts}
    sources = sorted(content.glob("[0-9][0-9][0-9][0-9]/*.md"))
    print(f"kevin-deldycke: {len(reading.posts)} posts from {len(sources)} year-folder files")
    assert len(reading.posts) == len(sources)
    for post in reading.posts:
        stem = Path(post.source).stem
        assert post.url == f"https://kevin.deldycke.com/{post.date:%Y}/{stem.lower()}", post.source
    # Real URLs of this site: links between its posts and its own _redirects targets.
    redirects = (content / "extra" / "_redirects").read_text(encoding="utf-8")
    text = "\n".join(p.read_text(encoding="utf-8") for p in content.rglob("*.md")) + redirects
    linked = re.findall(r"https://kevin\.deldycke\.com/\d{4}/[a-z0-9-]+/?(?=[)#\s\]>])", text)
    targets = re.findall(r"^\S+\s+(/\d{4}/[a-z0-9-]+)\s+30\d", redirects, re.M)
    real = {canonical_url(u) for u in linked} | {"kevin.deldycke.com" + t for t in targets}
    print(f"kevin-deldycke: {len(real)} real URLs found in the corpus, all computed")
    assert len(real) >= 4
    assert real <= {canonical_url(u) for u in urls}
    skipped = {Path(p).relative_to(content).as_posix(): why for p, why in reading.skipped}
    assert skipped["pages/about.md"] in {"about page", "Pelican page (PAGE_PATHS)"}
    assert skipped["extra/robots.txt"] == "non-content file"
    assert reading.config.timezone == "Europe/Paris"


SAMPLES_CONF = """\
SITEURL = "http://blog.notmyidea.org"
PATH = {path!r}
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "en"
DEFAULT_METADATA = {{"yeah": "it is"}}
STATIC_PATHS = ["pictures", "extra/robots.txt"]
EXTRA_PATH_METADATA = {{"extra/robots.txt": {{"path": "robots.txt"}}}}
"""

#: Pelican's own expected output for the samples (pelican/tests/output/custom): articles.
SAMPLE_ARTICLES = {
    "a-markdown-powered-article.html", "article-1.html", "article-2.html", "article-3.html",
    "filename_metadata-example.html", "oh-yeah.html", "second-article.html",
    "this-is-a-super-article.html", "unbelievable.html", "tag/baz.html",
}  # fmt: skip


@pytest.mark.corpus
def test_pelican_samples_match_pelicans_own_output(corpora, tmp_path):
    content = corpora / "pelican-project-tests" / "samples" / "content"
    (tmp_path / "pelican.conf.py").write_text(SAMPLES_CONF.format(path=str(content)))
    reading, _ = read(tmp_path)
    base = "http://blog.notmyidea.org/"
    published = {p.url.removeprefix(base): p for p in reading.posts if not p.draft}
    print(f"pelican samples: {len(published)} articles")
    assert set(published) == SAMPLE_ARTICLES
    assert published["oh-yeah.html"].translations == (("fr", base + "oh-yeah-fr.html"),)
    assert published["second-article.html"].translations == (
        ("fr", base + "second-article-fr.html"),
    )
    drafts = sorted(p.url.removeprefix(base) for p in reading.posts if p.draft)
    assert drafts == ["drafts/a-draft-article-without-date.html", "drafts/a-draft-article.html"]
    pages = sorted(Path(p).name for p, why in reading.skipped if why.startswith("Pelican page"))
    assert pages == [
        "hidden_page.rst", "jinja2_template.html", "override_tag_oh.rst",
        "override_url_saveas.rst", "test_page.rst",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "siteurl", ["//localhost:8000", "http://127.0.0.1:8000", "http://blog.local"]
)
def test_a_local_siteurl_is_one_warning_naming_file_and_key(tmp_path, siteurl):
    root = site(tmp_path, f"SITEURL = {siteurl!r}\n", {"a.md": article("A"), "b.md": article("B")})
    reading, problems = read(root / "content")
    assert len(reading.posts) == 2
    host = siteurl.split("//")[1].split(":")[0]
    base = siteurl if siteurl.startswith("http") else "https:" + siteurl
    assert [(p.where, p.message) for p in problems] == [(
        str(root / "pelicanconf.py"),
        f"SITEURL {base} is on {host}, which readers cannot open: set `site_url` in "
        "smm-promote.toml to the site's public address",
    )]  # fmt: skip


def test_a_public_or_user_site_url_gives_no_warning(tmp_path):
    root = site(tmp_path, "SITEURL = '//localhost:8000'\n", {"a.md": article("A")})
    _reading, problems = read(
        root / "content", Config.from_mapping({"site_url": "https://b.example"})
    )
    assert not problems.items
