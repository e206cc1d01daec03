"""Reading a folder by its site's rules: the `Site` hook, generic non-post rules, languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from smm_promote import sources
from smm_promote.config import Config
from smm_promote.errors import Problems
from smm_promote.sites.base import GenericSite, Site, SourceFacts
from smm_promote.sources import read_source
from smm_promote.sources.fields import suffix_lang

POST = "---\ntitle: {title}\ndate: 2024-09-15 10:00\n{extra}---\n\nSome words of the post.\n"


def write(folder: Path, name: str, title: str = "A post", extra: str = "") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(POST.format(title=title, extra=extra))
    return path


class BlogSite(Site):
    """A made-up generator: posts under blog/, URL /blog/<year>/<file stem>/."""

    def skip_reason(self, path, meta):
        return None if "blog" in path.parts else "not under blog/"

    def url(self, facts: SourceFacts):
        assert facts.date is not None and facts.title
        return f"{self.base_url}/blog/{facts.date:%Y}/{facts.path.stem}/", "rule: test blog"


@pytest.fixture
def blog_site(monkeypatch, tmp_path):
    def find(content, problems=None):
        return BlogSite(
            root=tmp_path, content=tmp_path, base_url="https://gen.example",
            timezone="Asia/Tokyo", lang="de", generator="test",
        )  # fmt: skip

    monkeypatch.setattr(sources, "find_site", find)


def test_site_rules_give_url_origin_and_skips(tmp_path, blog_site):
    write(tmp_path, "blog/first.md")
    write(tmp_path, "notes/other.md")
    reading = read_source(tmp_path, Config.from_mapping({}))
    [post] = reading.posts
    assert post.url == "https://gen.example/blog/2024/first/"
    assert post.url_origin == "rule: test blog"
    assert reading.skipped == [(str(tmp_path / "notes" / "other.md"), "not under blog/")]


def test_generator_settings_fill_what_the_config_leaves_unset(tmp_path, blog_site):
    write(tmp_path, "blog/first.md")
    reading = read_source(tmp_path, Config.from_mapping({}))
    assert reading.config.site_url == "https://gen.example"
    assert reading.config.timezone == "Asia/Tokyo"
    [post] = reading.posts
    assert post.date.isoformat() == "2024-09-15T10:00:00+09:00"
    assert post.lang == "de"


def test_config_settings_win_over_the_generator(tmp_path, blog_site):
    write(tmp_path, "blog/first.md")
    config = Config.from_mapping(
        {"site_url": "https://mine.example", "timezone": "Europe/Berlin", "lang": "fr"}
    )
    reading = read_source(tmp_path, config)
    [post] = reading.posts
    assert post.url == "https://mine.example/blog/2024/first/"
    assert post.date.isoformat() == "2024-09-15T10:00:00+02:00"
    assert post.lang == "fr"


def test_generic_rule_and_its_origin(tmp_path):
    write(tmp_path, "a-post.md")
    write(tmp_path, "moved.md", title="Moved", extra="url: /elsewhere/moved.html\n")
    config = Config.from_mapping({"site_url": "https://blog.example/sub"})
    posts = {p.slug: p for p in read_source(tmp_path, config).posts}
    assert posts["a-post"].url == "https://blog.example/sub/a-post/"
    assert posts["a-post"].url_origin == "generic: site_url/<slug>/"
    assert posts["moved"].url == "https://blog.example/sub/elsewhere/moved.html"
    assert posts["moved"].url_origin == "front matter: url"


def test_generic_non_post_rules(tmp_path):
    write(tmp_path, "index.md", title="Home")
    write(tmp_path, "posts/_index.md", title="Posts")
    write(tmp_path, "posts/real.md", title="Real")
    write(tmp_path, "posts/bundle/index.md", title="Bundle")
    write(tmp_path, "section/index.md", title="Section")
    write(tmp_path, "section/child.md", title="Child")
    write(tmp_path, "404.md", title="404: Page not found")
    write(tmp_path, "about.zh.md", title="About")
    write(tmp_path, "talks.md", title="Talks", extra="layout: page\n")
    write(tmp_path, "README.md", title="Readme")
    write(tmp_path, "extra/copied.md", title="Copied")
    (tmp_path / "robots.txt").write_text("User-agent: *\nDisallow: /drafts/\n")
    (tmp_path / "keys.txt").write_text("ssh-ed25519 AAAA\nssh-rsa BBBB\n")
    (tmp_path / "essay.txt").write_text("An essay\n\nIt has a title line and prose.\n")
    (tmp_path / "CNAME").write_text("blog.example\n")
    reading = read_source(tmp_path, Config.from_mapping({}))
    assert sorted(p.title for p in reading.posts) == ["An essay", "Bundle", "Child", "Real"]
    reasons = {Path(path).relative_to(tmp_path).as_posix(): why for path, why in reading.skipped}
    assert reasons == {
        "index.md": "section index",
        "posts/_index.md": "section index",
        "section/index.md": "section index",
        "404.md": "404 page",
        "about.zh.md": "about page",
        "talks.md": "layout: page",
        "README.md": "README/LICENSE file",
        "extra/copied.md": "extra file (copied as is)",
        "robots.txt": "non-content file",
        "keys.txt": "text file without a title",
        "CNAME": "non-content file",
    }


def test_a_file_given_alone_is_judged_by_the_same_rules(tmp_path):
    robots = tmp_path / "robots.txt"
    robots.write_text("User-agent: *\n")
    reading = read_source(robots, Config.from_mapping({}))
    assert reading.posts == []
    assert reading.skipped == [(str(robots), "non-content file")]


@pytest.mark.parametrize(
    ("name", "lang"),
    [
        ("post.zh.rst", "zh"),
        ("post.en.md", "en"),
        ("post.jp.rst", "jp"),
        ("post.pt-br.md", "pt-br"),
        ("post.md", None),
        ("setup.py.md", None),
        ("v1.2.md", None),
    ],
)
def test_language_from_the_file_suffix(name, lang):
    assert suffix_lang(Path(name)) == lang


ZH = "这是一篇关于静态网站生成器的文章。我们讨论如何用它来写博客，以及如何把文章分享到社交网络上。"


def test_detected_language_wins_over_a_default_not_over_front_matter(tmp_path):
    (tmp_path / "zh.md").write_text(f"---\ntitle: 博客\n---\n\n{ZH}\n")
    (tmp_path / "tagged.md").write_text(f"---\ntitle: 博客\nlang: en\n---\n\n{ZH}\n")
    (tmp_path / "short.md").write_text("---\ntitle: Hi\n---\n\nOk.\n")
    posts = {p.slug: p for p in read_source(tmp_path, Config.from_mapping({})).posts}
    assert posts["zh"].lang == "zh"
    assert posts["tagged"].lang == "en"
    assert posts["short"].lang == "en"


def test_unknown_generator_time_zone_is_a_warning(tmp_path, monkeypatch):
    def find(content, problems=None):
        return GenericSite(root=tmp_path, content=tmp_path, timezone="Mars/Olympus")

    monkeypatch.setattr(sources, "find_site", find)
    write(tmp_path, "a.md")
    problems = Problems()
    reading = read_source(tmp_path, Config.from_mapping({}), problems)
    assert reading.config.timezone == "UTC"
    assert [str(p) for p in problems] == [
        f"{tmp_path}: unknown time zone 'Mars/Olympus', using UTC"
    ]


def test_a_file_is_not_read_by_a_site_below_its_folder(tmp_path):
    """A site a few levels below a folder is that folder's site, never a lone file's in it:
    the file lies outside the site's root."""
    from smm_promote.sites.base import find_site

    (tmp_path / "blog" / "docs").mkdir(parents=True)
    (tmp_path / "blog" / "mkdocs.yml").write_text("site_name: Below\n")
    post = tmp_path / "note.md"
    post.write_text("---\ntitle: A note\ndate: 2024-01-01\n---\nSome words.\n")
    assert find_site(post).generator == "generic"
    assert find_site(tmp_path).generator == "mkdocs"
