"""Doors add meta tags and nothing else: each generator builds one small real site with and
without the door, and every output file is compared. The only differences allowed are one
block of `<meta>` tags before `</head>` and the card files."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from doors_sites import (
    MKDOCS_URL,
    PELICAN_URL,
    build_mkdocs,
    build_pelican,
    door_changes,
    files,
    material_site,
    pelican_site,
)

pytest.importorskip("pelican")


def tag_values(tags: list[tuple[str, str]], key: str) -> list[str]:
    return [value for k, value in tags if k == key]


@pytest.mark.slow
@pytest.mark.parametrize("extra", [{}, {"RELATIVE_URLS": True}], ids=["absolute", "relative"])
def test_pelican_plugin_adds_meta_tags_and_nothing_else(
    extra: dict, tmp_path: Path, monkeypatch, capsys
) -> None:
    from smm_promote.integrations import pelican as door

    monkeypatch.delenv("SMM_PROMOTE_PLAN", raising=False)
    monkeypatch.chdir(tmp_path)
    conf = pelican_site(tmp_path)
    build_pelican(conf, tmp_path / "plain", **extra)
    capsys.readouterr()
    build_pelican(
        conf,
        tmp_path / "door",
        PLUGINS=["smm_promote.integrations.pelican"],
        SMM_PROMOTE={"platforms": ["mastodon"]},
        **extra,
    )
    printed = capsys.readouterr().out
    plain = files(tmp_path / "plain")
    # The site itself resolves every link: the comparison below is a meaningful one.
    assert not [n for n, data in plain.items() if b"{attach}" in data or b"{filename}" in data]
    assert {"swarm.png", "hives/frame.png", "hives/smoker.png", "images/logo.png"} <= set(plain)

    added = door_changes(tmp_path / "plain", tmp_path / "door", "images/share")

    articles = {
        "opening-the-hive.html",
        "catching-a-swarm.html",
        "catching-a-swarm-fr.html",
        "rendering-wax.html",
    }
    assert set(added) == articles  # the page, indexes, archives and feed are untouched
    cards = tmp_path / "door" / "images" / "share"
    for page, tags in added.items():
        assert tag_values(tags, "og:url") == [f"{PELICAN_URL}/{page}"]
        if page == "catching-a-swarm-fr.html":
            continue  # a translation: shared with its main post, its page shows its own image
        (image,) = tag_values(tags, "og:image")
        assert (cards / image.removeprefix(f"{PELICAN_URL}/images/share/")).is_file(), page
    french = added["catching-a-swarm-fr.html"]
    assert tag_values(french, "og:image") == [f"{PELICAN_URL}/swarm.png"]
    assert tag_values(french, "og:title") == ["Attraper un essaim"]
    hive = added["opening-the-hive.html"]
    assert tag_values(hive, "article:published_time") == ["2024-03-10T08:30:00Z"]  # Paris
    assert tag_values(hive, "article:tag") == ["bees", "spring"]
    assert all(not tag_values(tags, "article:modified_time") for tags in added.values())
    # A post dated by `DEFAULT_DATE = 'fs'` is dated at the true instant of its mtime.
    mtime = os.stat(tmp_path / "content" / "posts" / "wax.md").st_mtime
    wax = tag_values(added["rendering-wax.html"], "article:published_time")
    assert wax == [datetime.fromtimestamp(mtime, UTC).isoformat().replace("+00:00", "Z")]

    posts = {p.slug: p for p in door._door.promotion.posts}
    # Language versions are one post in the site's main language.
    assert posts["catching-a-swarm"].translations == (
        ("fr", f"{PELICAN_URL}/catching-a-swarm-fr.html"),
    )
    assert len(posts) == 3
    content = tmp_path / "content" / "posts"
    # Images are the URLs Pelican published them at, drawn from their source files.
    assert (posts["opening-the-hive"].image, posts["opening-the-hive"].image_file) == (
        f"{PELICAN_URL}/hives/frame.png",
        str(content / "hives" / "frame.png"),
    )
    swarm = posts["catching-a-swarm"]  # `Image: {attach}swarm.png` metadata
    assert (swarm.image, swarm.image_file) == (
        f"{PELICAN_URL}/swarm.png",
        str(content / "swarm.png"),
    )
    assert "smm-promote: 3 posts, 3 cards (3 copied), meta tags on 4 pages; queue not" in printed


@pytest.mark.slow
@pytest.mark.parametrize("door", ["plugin", "hooks"])
def test_mkdocs_material_blog_door_adds_meta_tags_and_nothing_else(
    door: str, tmp_path: Path, monkeypatch
) -> None:
    pytest.importorskip("material")
    monkeypatch.delenv("SMM_PROMOTE_PLAN", raising=False)
    plain, none = build_mkdocs(material_site(tmp_path / "plain"))
    promoted, run = build_mkdocs(material_site(tmp_path / "door", door))
    assert none is None and run is not None

    added = door_changes(plain, promoted, "assets/images/share")

    assert set(added) == {
        "blog/2024/09/15/warping-a-floor-loom/index.html",
        "blog/2024/10/01/choosing-a-loom/index.html",
    }
    for page, tags in added.items():
        url = f"{MKDOCS_URL}/{page.removesuffix('index.html')}"
        assert tag_values(tags, "og:url") == [url]
        (image,) = tag_values(tags, "og:image")
        assert image.startswith(f"{MKDOCS_URL}/assets/images/share/classic-og-")
        assert (promoted / image.removeprefix(MKDOCS_URL + "/")).is_file()
    loom = added["blog/2024/10/01/choosing-a-loom/index.html"]
    assert tag_values(loom, "og:description") == ["Four shafts are plenty for a first loom."]
    assert tag_values(loom, "article:modified_time") == ["2024-10-05T00:00:00Z"]
    # Post images are the URLs the blog plugin published them at, drawn from their sources.
    posts = {post.url.split("/")[-2]: post for post in run.posts.values()}
    posts_dir = tmp_path / "door" / "docs" / "blog" / "posts"
    assert (posts["choosing-a-loom"].image, posts["choosing-a-loom"].image_file) == (
        f"{MKDOCS_URL}/blog/images/loom.png",
        str(posts_dir / "images" / "loom.png"),
    )
    assert (promoted / "blog" / "images" / "loom.png").is_file()
    warping = posts["warping-a-floor-loom"]
    assert (warping.image, warping.image_file) == (
        f"{MKDOCS_URL}/blog/warp/threads.png",
        str(posts_dir / "warp" / "threads.png"),
    )
