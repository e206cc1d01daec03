"""The site found for a folder, kept between runs: read again with nothing changed, the
generator's config is not loaded again (Pelican's settings, its walk); a changed config
file, a new content file, a changed smm-promote config or environment variable the config
reads give the site as found afresh, and the posts are those a read without cache gives."""

from __future__ import annotations

from pathlib import Path

import pytest

import smm_promote.sites.pelican as pelican_site
from smm_promote.config import Config
from smm_promote.errors import Problems
from smm_promote.sites.kept import KeptSite
from smm_promote.sources import read_source

CONF = """\
import os
SITEURL = os.environ.get("KEPT_TEST_SITEURL", "https://b.example")
PATH = "content"
ARTICLE_URL = "{date:%Y}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
PAGE_PATHS = ["pages"]
"""
ARTICLE = "Title: {title}\nDate: 2024-03-05 22:30\n\nSome words of the post body.\n"


@pytest.fixture
def loads(monkeypatch) -> list[str]:
    """The Pelican config files loaded."""
    names: list[str] = []
    real = pelican_site.load_settings

    def counting(path, problems):
        names.append(path.name)
        return real(path, problems)

    monkeypatch.setattr(pelican_site, "load_settings", counting)
    return names


def make_site(root: Path) -> Path:
    (root / "pelicanconf.py").write_text(CONF)
    (root / "content" / "pages").mkdir(parents=True)
    (root / "content" / "pages" / "about-me.md").write_text(ARTICLE.format(title="About me"))
    (root / "content" / "first.md").write_text(ARTICLE.format(title="First steps"))
    return root / "content"


def config(root: Path, **extra) -> Config:
    return Config.from_mapping({"timezone": "Europe/Paris", **extra}, source=root / "x.toml")


def read(content: Path, settings: Config) -> tuple[list[tuple[str, str]], list[str], object]:
    problems = Problems()
    reading = read_source(content, settings, problems, cache=True)
    urls = [(p.url, p.url_origin) for p in reading.posts]
    return urls, [str(p) for p in problems], reading.site


def fresh(content: Path, settings: Config) -> list[tuple[str, str]]:
    return [(p.url, p.url_origin) for p in read_source(content, settings, Problems()).posts]


def test_read_again_with_nothing_changed_loads_no_pelican_config(tmp_path, loads):
    content = make_site(tmp_path)
    first, warnings, _ = read(content, config(tmp_path))
    assert first == [("https://b.example/2024/first-steps/", "rule: pelican ARTICLE_URL")]
    assert loads == ["pelicanconf.py"]
    assert list((tmp_path / ".smm-promote" / "cache").glob("site-*.json"))

    loads.clear()
    again, warnings_again, site = read(content, config(tmp_path))
    assert loads == []
    assert again == first and warnings_again == warnings
    assert isinstance(site, KeptSite)
    assert (site.generator, site.base_url, site.timezone) == (
        "pelican",
        "https://b.example",
        "Europe/Paris",
    )
    assert site.content == content.resolve() and site.root == tmp_path.resolve()


def test_a_changed_pelicanconf_gives_fresh_facts(tmp_path, loads):
    content = make_site(tmp_path)
    read(content, config(tmp_path))
    loads.clear()
    (tmp_path / "pelicanconf.py").write_text(CONF.replace('"{date:%Y}/{slug}/"', '"{slug}.html"'))
    urls, _, _ = read(content, config(tmp_path))
    assert loads == ["pelicanconf.py"]
    assert urls == [("https://b.example/first-steps.html", "rule: pelican ARTICLE_URL")]
    assert urls == fresh(content, config(tmp_path))


def test_a_new_content_file_gives_fresh_facts(tmp_path, loads):
    content = make_site(tmp_path)
    read(content, config(tmp_path))
    loads.clear()
    (content / "pages" / "contact.md").write_text(ARTICLE.format(title="Contact"))
    (content / "second.md").write_text(ARTICLE.format(title="Second thoughts"))
    urls, _, _ = read(content, config(tmp_path))
    assert loads == ["pelicanconf.py"]
    assert urls == [
        ("https://b.example/2024/first-steps/", "rule: pelican ARTICLE_URL"),
        ("https://b.example/2024/second-thoughts/", "rule: pelican ARTICLE_URL"),
    ]
    assert urls == fresh(content, config(tmp_path))
    loads.clear()
    assert read(content, config(tmp_path))[0] == urls
    assert loads == []


def test_a_changed_smm_promote_config_gives_fresh_facts(tmp_path, loads):
    content = make_site(tmp_path)
    read(content, config(tmp_path))
    loads.clear()
    changed = config(tmp_path, site_url="https://www.b.example")
    urls, _, _ = read(content, changed)
    assert loads == ["pelicanconf.py"]
    assert urls == [("https://www.b.example/2024/first-steps/", "rule: pelican ARTICLE_URL")]
    assert urls == fresh(content, changed)


def test_an_environment_variable_the_config_reads_gives_fresh_facts(tmp_path, loads, monkeypatch):
    content = make_site(tmp_path)
    read(content, config(tmp_path))
    loads.clear()
    monkeypatch.setenv("KEPT_TEST_SITEURL", "https://env.example")
    urls, _, _ = read(content, config(tmp_path))
    assert loads == ["pelicanconf.py"]
    assert urls == [("https://env.example/2024/first-steps/", "rule: pelican ARTICLE_URL")]


def test_an_edited_post_is_read_by_the_generators_rules_loaded_when_asked(tmp_path, loads):
    content = make_site(tmp_path)
    read(content, config(tmp_path))
    loads.clear()
    (content / "first.md").write_text(ARTICLE.format(title="First steps, again"))
    urls, _, site = read(content, config(tmp_path))
    assert isinstance(site, KeptSite)
    assert loads == ["pelicanconf.py"]  # the edited post asked Pelican for its URL
    assert urls == [("https://b.example/2024/first-steps-again/", "rule: pelican ARTICLE_URL")]
    assert urls == fresh(content, config(tmp_path))


def test_the_configs_warnings_come_back_when_kept(tmp_path, loads):
    content = make_site(tmp_path)
    conf = tmp_path / "pelicanconf.py"
    conf.write_text("import pelican_no_such_theme\n" + CONF)
    _, warnings, _ = read(content, config(tmp_path))
    expected = f"{conf}: imports modules that are not installed (pelican_no_such_theme)"
    assert [w for w in warnings if "not installed" in w] == [f"{expected}: read with stand-ins"]
    loads.clear()
    _, again, _ = read(content, config(tmp_path))
    assert loads == [] and again == warnings
