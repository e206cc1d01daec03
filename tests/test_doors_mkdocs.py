"""The MkDocs door end to end: real builds with Material's blog plugin, the plugin, the
`hooks:` file and ProperDocs."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
DOORS = Path(__file__).parent / "fixtures" / "doors"
OVERRIDES = DOORS / "mkdocs-overrides"
HOOKS_FILE = ROOT / "hooks" / "smm_promote_hooks.py"
MATERIAL_URL = "https://squidfunk.github.io/mkdocs-material"


def material_blog(corpora: Path, tmp_path: Path, door: dict) -> Path:
    """A trimmed copy of Material's own `mkdocs.yml` over the corpus docs (read in place)."""
    blog = corpora / "mkdocs-material-official-blog"
    data = {
        "site_name": "Material for MkDocs",
        "site_url": MATERIAL_URL + "/",
        "docs_dir": str(blog / "docs"),
        "site_dir": str(tmp_path / "site"),
        "theme": {"name": "material", "custom_dir": str(OVERRIDES)},
        "plugins": ["blog"],
        "markdown_extensions": [
            "admonition", "attr_list", "md_in_html", "footnotes", "pymdownx.details",
            "pymdownx.superfences", {"toc": {"permalink": True}},
        ],
    }  # fmt: skip
    data.update(door)
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(data))
    return config_file


def run_build(config_file: Path, command: str = "build"):
    config = load_config(config_file=str(config_file))
    config.plugins.on_startup(command=command, dirty=False)
    build(config, serve_url="http://127.0.0.1:8000/" if command == "serve" else None)
    config.plugins.on_shutdown()
    return config


def metas(page: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for tag in BeautifulSoup(page.read_text(), "html.parser").head.find_all("meta"):
        if key := tag.get("property") or tag.get("name"):
            out.setdefault(key, []).append(tag["content"])
    return out


def page_for(url: str, site: Path, base: str) -> Path:
    return site / url.removeprefix(base + "/") / "index.html"


def entry_count(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM entries").fetchone()[0]


def check_site(site: Path, promotion, base: str, theme_title: bool) -> None:
    """Each post: one og:image, absolute, its file in the site at the stated size."""
    cards = site / "assets" / "images" / "share"
    assert len(list(cards.glob("classic-*.png"))) == len(promotion.promoted)
    for post in promotion.promoted:
        found = metas(page_for(post.url, site, base))
        (image,) = found["og:image"]
        assert image.startswith(f"{base}/assets/images/share/")
        with Image.open(site / image.removeprefix(base + "/")) as img:
            assert [str(n) for n in img.size] == found["og:image:width"] + found["og:image:height"]
        assert found["og:url"] == [post.url]
        if theme_title:
            assert found["og:title"] == [f"{post.title} (theme)"]  # not doubled
            assert found["twitter:card"] == ["summary"]
        else:
            assert found["og:title"] == [post.title]
            assert found["twitter:card"] == ["summary_large_image"]


@pytest.mark.corpus
@pytest.mark.slow
def test_material_blog_build_then_rebuild(corpora: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("SMM_PROMOTE_PLAN", raising=False)
    door = {"settings": {"platforms": ["mastodon"]}, "plan": True}
    config_file = material_blog(corpora, tmp_path, {})
    data = yaml.safe_load(config_file.read_text())
    data["plugins"].append({"smm-promote": door})
    config_file.write_text(yaml.safe_dump(data))

    plugin = run_build(config_file).plugins["smm-promote"]
    promotion = plugin.promotion
    assert len(promotion.promoted) == 13
    check_site(tmp_path / "site", promotion, MATERIAL_URL, theme_title=True)

    posts = {p.slug: p for p in promotion.promoted}
    zensical = posts["zensical"]
    assert zensical.url == f"{MATERIAL_URL}/blog/2025/11/05/zensical/"
    assert [a.name for a in zensical.authors] == [
        "Martin Donath", "Alex Voss", "Kathi", "Timothée Mazzucotelli",
    ]  # fmt: skip
    assert zensical.categories == ("General",)
    mkdocs2 = next(p for p in promotion.promoted if p.url.endswith("/2026/02/18/mkdocs-2.0/"))
    assert mkdocs2.date.date().isoformat() == "2026-02-18"
    assert mkdocs2.updated.date().isoformat() == "2026-04-13"

    queue = tmp_path / ".smm-promote" / "queue.db"
    added = len(promotion.plan.added)
    assert added > 0 and entry_count(queue) == added
    cache = tmp_path / ".smm-promote" / "cards"
    stamps = {p: p.stat().st_mtime_ns for p in cache.rglob("*.png")}

    again = run_build(config_file).plugins["smm-promote"].promotion
    assert {p: p.stat().st_mtime_ns for p in cache.rglob("*.png")} == stamps  # nothing drawn
    assert (again.plan.added, again.plan.updated) == ([], [])
    assert entry_count(queue) == added
    check_site(tmp_path / "site", again, MATERIAL_URL, theme_title=True)


def copy_site(tmp_path: Path) -> Path:
    site = tmp_path / "notes"
    shutil.copytree(DOORS / "mkdocs-site", site)
    return site


@pytest.mark.slow
def test_blog_posts_and_globbed_pages_drafts_and_serve(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SMM_PROMOTE_PLAN", "1")  # even so, `serve` never writes the queue
    site = copy_site(tmp_path)
    served = run_build(site / "mkdocs.yml", command="serve").plugins["smm-promote"]
    assert not (site / ".smm-promote" / "queue.db").exists()
    assert served.promotion.plan is None
    urls = {p.url for p in served.promotion.posts}
    assert urls == {
        "https://notes.example/blog/2024/02/10/pruning-young-apple-trees/",
        "https://notes.example/blog/2024/04/02/compost-that-does-not-smell/",
        "https://notes.example/articles/seeds/",
    }  # blog posts (the draft shows under serve) and the globbed page; not about.md
    assert [(p.url, r) for p, r in served.promotion.skipped] == [
        ("https://notes.example/blog/2024/04/02/compost-that-does-not-smell/", "draft")
    ]
    pruning = next(p for p in served.promotion.posts if "pruning" in p.url)
    assert pruning.summary == (
        "When and how to prune young apple trees without losing a season of fruit."
    )
    assert pruning.date == datetime(2024, 2, 10, tzinfo=UTC)
    assert pruning.updated == datetime(2024, 3, 1, tzinfo=UTC)
    assert pruning.tags == ("pruning", "apple trees")
    assert [a.name for a in pruning.authors] == ["Rosa Lind"]
    assert pruning.headings == ("Which branches go",)

    built = run_build(site / "mkdocs.yml").plugins["smm-promote"]
    assert built.promotion.plan.added
    assert {p.url for p in built.promotion.promoted} == {
        "https://notes.example/blog/2024/02/10/pruning-young-apple-trees/",
        "https://notes.example/articles/seeds/",
    }  # `mkdocs build` leaves the draft out
    check_site(site / "site", built.promotion, "https://notes.example", theme_title=False)
    about = metas(site / "site" / "about" / "index.html")
    assert "og:image" not in about
    found = metas(site / "site" / "articles" / "seeds" / "index.html")
    assert found["fediverse:creator"] == ["@notes@social.example"]


@pytest.mark.slow
def test_hooks_file_does_the_same(tmp_path: Path, monkeypatch, caplog) -> None:
    monkeypatch.delenv("SMM_PROMOTE_PLAN", raising=False)
    site = copy_site(tmp_path)
    data = yaml.safe_load((site / "mkdocs.yml").read_text())
    data["plugins"] = ["blog"]
    data["hooks"] = [str(HOOKS_FILE)]
    data["extra"] = {"smm_promote": {"pages": ["articles/*.md"], "plan": True}}
    (site / "mkdocs.yml").write_text(yaml.safe_dump(data))
    run_build(site / "mkdocs.yml")
    found = metas(site / "site" / "articles" / "seeds" / "index.html")
    (image,) = found["og:image"]
    assert (site / "site" / image.removeprefix("https://notes.example/")).is_file()
    assert entry_count(site / ".smm-promote" / "queue.db") > 0

    data["extra"] = {"smm_promote": {"pages": "articles/*.md", "plann": True}}
    (site / "mkdocs.yml").write_text(yaml.safe_dump(data))
    with pytest.raises((PluginError, Abort)):
        run_build(site / "mkdocs.yml")
    assert "extra.smm_promote.pages: Expected a list of items" in caplog.text
    assert "extra.smm_promote.plann: Unrecognised configuration name" in caplog.text


def test_plugin_options_are_validated_by_mkdocs(tmp_path: Path, caplog) -> None:
    site = copy_site(tmp_path)
    data = yaml.safe_load((site / "mkdocs.yml").read_text())
    data["plugins"] = [{"smm-promote": {"plan": "sometimes"}}]
    (site / "mkdocs.yml").write_text(yaml.safe_dump(data))
    with pytest.raises(Abort):
        load_config(config_file=str(site / "mkdocs.yml"))
    assert "Plugin 'smm-promote' option 'plan': Expected type: <class 'bool'>" in caplog.text


def test_bad_settings_stop_the_build_naming_the_key(tmp_path: Path, caplog) -> None:
    site = copy_site(tmp_path)
    data = yaml.safe_load((site / "mkdocs.yml").read_text())
    data["plugins"] = [{"smm-promote": {"settings": {"platforms": ["myspace"]}}}]
    (site / "mkdocs.yml").write_text(yaml.safe_dump(data))
    with pytest.raises((PluginError, Abort)):
        run_build(site / "mkdocs.yml")
    assert "platforms: unknown platform 'myspace'" in caplog.text


@pytest.mark.slow
def test_properdocs_builds_with_the_plugin(tmp_path: Path) -> None:
    pytest.importorskip("properdocs")
    site = copy_site(tmp_path)
    env = {**os.environ, "SMM_PROMOTE_PLAN": ""}
    done = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "-q"],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    found = metas(site / "site" / "articles" / "seeds" / "index.html")
    (image,) = found["og:image"]
    assert (site / "site" / image.removeprefix("https://notes.example/")).is_file()


def test_config_file_then_plugin_settings(tmp_path: Path) -> None:
    site = copy_site(tmp_path)
    (site / "smm-promote.toml").write_text(
        'timezone = "Europe/Berlin"\nplatforms = ["x"]\n\n[cards]\ntemplate = "bold"\nformat = "jpeg"\n'
    )
    data = yaml.safe_load((site / "mkdocs.yml").read_text())
    data["plugins"] = [{"smm-promote": {"settings": {"cards": {"format": "webp"}}}}]
    (site / "mkdocs.yml").write_text(yaml.safe_dump(data))
    config = load_config(config_file=str(site / "mkdocs.yml"))
    plugin = config.plugins["smm-promote"]
    plugin.on_config(config)
    model = plugin.config_model
    assert (model.site_url, model.site_name) == ("https://notes.example", "Field Notes")
    assert (model.timezone, model.platforms) == ("Europe/Berlin", ["x"])  # from the file
    assert (model.cards.template, model.cards.format) == ("bold", "webp")  # merged, overridden
    assert model.base_dir == site


def test_disabled_plugin_leaves_pages_alone(tmp_path: Path) -> None:
    site = copy_site(tmp_path)
    data = yaml.safe_load((site / "mkdocs.yml").read_text())
    data["plugins"][1]["smm-promote"]["enabled"] = False
    (site / "mkdocs.yml").write_text(yaml.safe_dump(data))
    run_build(site / "mkdocs.yml")
    assert "og:image" not in metas(site / "site" / "articles" / "seeds" / "index.html")
    assert not (site / ".smm-promote").exists()
