"""The command line on a site's sources gives the links the site's own build gives: the same
small Pelican blog and Material for MkDocs blog are built with the door (planning the queue),
then a copy of their sources is read by `posts`, `plan` and `publish --dry-run`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner
from doors_sites import build_mkdocs, build_pelican, material_site, pelican_site

from smm_promote.cli import cli
from smm_promote.config import Config, load_config
from smm_promote.publish.runner import factory_for, run
from smm_promote.schedule.store import open_store

LATER = "2030-01-01T00:00"  # every planned entry is due by then


def queued(config: Config) -> list[tuple[str, str]]:
    """(variant, link) of every entry `publish --dry-run` would post at `LATER`, sorted."""
    from datetime import datetime

    now = datetime.fromisoformat(LATER).replace(tzinfo=config.tz)
    with open_store(config) as store:
        report = run(
            config, store, now=now, publishers=factory_for(config, override="outbox"), dry_run=True
        )
    return sorted((e.variant, e.link) for e in report.would_post)


def cli_run(copy: Path, content: str, monkeypatch) -> tuple[set[str], list[tuple[str, str]]]:
    """`posts`, `plan` and `publish --dry-run` in `copy`: the post URLs and queued links."""
    monkeypatch.chdir(copy)
    (copy / "smm-promote.toml").write_text('platforms = ["mastodon"]\n')  # the site gives the rest
    runner = CliRunner()
    listed = runner.invoke(cli, ["posts", content, "--json"])
    assert listed.exit_code == 0, listed.output
    urls = {p["url"] for p in json.loads(listed.stdout)["posts"]}
    planned = runner.invoke(cli, ["plan", content, "--no-cards", "--json"])
    assert planned.exit_code == 0, planned.output
    added = json.loads(planned.stdout)["added"]
    assert {e["post_url"] for e in added} == urls
    dry = runner.invoke(cli, ["publish", "--dry-run", "--now", LATER])
    assert dry.exit_code == 0, dry.output
    config = load_config(copy / "smm-promote.toml")
    links = queued(config)
    assert f"{len(links)} due now" in dry.stdout
    assert sorted((e["variant"], e["link"]) for e in added) == links
    return urls, links


def without_query(links: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return sorted((variant, urlsplit(link)._replace(query="").geturl()) for variant, link in links)


#: The tests of `pelican_builds`, on one worker: it builds the blog once for both.
PELICAN_BUILDS = pytest.mark.xdist_group("doors-cli-pelican")


@pytest.fixture(scope="module")
def pelican_builds(tmp_path_factory: pytest.TempPathFactory):
    """The door's post URLs and queued links for the Pelican blog, and the CLI's (built once
    per test process; the working folder and environment are restored after)."""
    from smm_promote.integrations import pelican as door

    root = tmp_path_factory.mktemp("pelican-builds")
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.delenv("SMM_PROMOTE_PLAN", raising=False)
        built = root / "built"
        conf = pelican_site(built)
        monkeypatch.chdir(built)
        plugin = {"platforms": ["mastodon"], "plan": True, "cards": {"enabled": False}}
        build_pelican(conf, built / "output", PLUGINS=["smm_promote.integrations.pelican"],
                      SMM_PROMOTE=plugin)  # fmt: skip
        site_urls = {p.url for p in door._door.promotion.promoted}
        site_links = queued(door._door.config)
        copy = root / "copy"
        shutil.copytree(built, copy, ignore=shutil.ignore_patterns("output", ".smm-promote"))
        return (site_urls, site_links), cli_run(copy, "content", monkeypatch)


@pytest.mark.slow
@PELICAN_BUILDS
def test_pelican_cli_gives_the_urls_the_plugin_build_gives(pelican_builds) -> None:
    (site_urls, site_links), (urls, links) = pelican_builds
    assert (
        urls
        == site_urls
        == {
            "https://pelican.example/opening-the-hive.html",
            "https://pelican.example/catching-a-swarm.html",
            "https://pelican.example/rendering-wax.html",
        }
    )
    assert without_query(links) == without_query(site_links)


@pytest.mark.slow
@PELICAN_BUILDS
def test_pelican_cli_gives_the_links_the_plugin_build_gives(pelican_builds) -> None:
    (_site_urls, site_links), (_urls, links) = pelican_builds
    assert links == site_links


@pytest.mark.slow
@pytest.mark.parametrize("door", ["plugin", "hooks"])
def test_mkdocs_cli_gives_the_links_the_door_build_gives(
    door: str, tmp_path: Path, monkeypatch
) -> None:
    pytest.importorskip("material")
    monkeypatch.delenv("SMM_PROMOTE_PLAN", raising=False)
    monkeypatch.setenv("SMM_PROMOTE_PLAN", "1")
    built = tmp_path / "built"
    _site, run_door = build_mkdocs(material_site(built, door))
    site_urls = {p.url for p in run_door.promotion.promoted}
    site_links = queued(run_door.config_model)
    monkeypatch.delenv("SMM_PROMOTE_PLAN")
    copy = tmp_path / "copy"
    shutil.copytree(built, copy, ignore=shutil.ignore_patterns("site", ".smm-promote"))
    urls, links = cli_run(copy, "docs", monkeypatch)
    assert (
        urls
        == site_urls
        == {
            "https://docs.example/blog/2024/09/15/warping-a-floor-loom/",
            "https://docs.example/blog/2024/10/01/choosing-a-loom/",
        }
    )
    assert links == site_links
    assert len(links) == 12  # two back-catalogue posts, six evergreen shares each
