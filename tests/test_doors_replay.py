"""A site rebuild with nothing changed replays the last build: same pages, no pipeline run."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from smm_promote import pipeline
from smm_promote.integrations import replay

pytest.importorskip("pelican")

from test_doors_pelican import build, metas


def blog(content: Path) -> None:
    folder = content / "2024"
    folder.mkdir(parents=True)
    Image.new("RGB", (64, 48), "#336699").save(content / "2024" / "lake.png")
    for number, title in enumerate(["Tuning a home network", "Backups that restore"]):
        image = "Image: {attach}lake.png\n" if number == 0 else ""
        (folder / f"post-{number}.md").write_text(
            f"Title: {title}\nDate: 2024-01-0{number + 1}\nTags: home, ops\n{image}\n"
            "Routers drop packets when their queues fill up, so measure first.\n\n"
            "A second paragraph says why the change is worth making at all.\n"
        )


def pages(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*.html")}


def test_a_rebuild_with_nothing_changed_replays_the_last_build(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SMM_PROMOTE_PLAN", raising=False)
    content, out = tmp_path / "content", tmp_path / "output"
    blog(content)
    first = build(content, out)
    assert first.replay is not None and not first.replay.replayable  # nothing to replay yet
    written = pages(out)
    promoted = sorted(p.url for p in first.promotion.promoted)
    captions = first.promotion.captions
    cards = first.promotion.cards
    shares = {where: tags for where, tags in first.tags.items()}
    assert len(promoted) == 2 and all(first.tags.values())

    calls: list[int] = []
    real = pipeline.promote
    monkeypatch.setattr(pipeline, "promote", lambda *a, **k: calls.append(1) or real(*a, **k))
    again = build(content, out)  # Pelican cleans the output folder in between
    assert calls == [] and again.replay.replayable  # nothing extracted, drawn or captioned
    assert pages(out) == written  # the same meta tags, cards named and captions shown
    assert again.tags == shares
    assert sorted(p.url for p in again.promotion.promoted) == promoted
    assert again.promotion.captions == captions
    assert again.promotion.cards == cards
    assert again.pages_tagged == first.pages_tagged == 2
    drawn = [c.path.name for group in cards.values() for c in group if c.path.is_file()]
    assert len(drawn) == 2  # the link-preview cards; the other sizes wait for their shares
    assert all((out / "images" / "share" / name).is_file() for name in drawn)

    # A changed article, a changed image or a card gone: the pipeline runs again.
    post = content / "2024" / "post-1.md"
    post.write_text(post.read_text().replace("Backups that restore", "Restores, not backups"))
    build(content, out)
    assert calls == [1]
    url = "https://blog.example/restores-not-backups.html"
    assert metas(out / "restores-not-backups.html")["og:url"] == [url]

    build(content, out)
    assert calls == [1]  # replayed again
    Image.new("RGB", (64, 48), "#993366").save(content / "2024" / "lake.png")
    last = build(content, out)
    assert calls == [1, 1]
    card = next(c for group in last.promotion.cards.values() for c in group)
    card.path.unlink()
    build(content, out)
    assert calls == [1, 1, 1] and card.path.is_file()


def test_replay_checks_every_input(tmp_path: Path, monkeypatch) -> None:
    """The fingerprint holds the door's inputs and the config."""
    from smm_promote.config import Config

    monkeypatch.chdir(tmp_path)
    config = Config.from_mapping({"site_url": "https://blog.example"})
    one = replay.Replay(config, "test", ["a.md", "<p>x</p>"])
    assert one.fingerprint == replay.Replay(config, "test", ["a.md", "<p>x</p>"]).fingerprint
    assert one.fingerprint != replay.Replay(config, "test", ["a.md", "<p>y</p>"]).fingerprint
    other = Config.from_mapping({"site_url": "https://blog.example", "site_name": "B"})
    assert one.fingerprint != replay.Replay(other, "test", ["a.md", "<p>x</p>"]).fingerprint


def test_a_mkdocs_rebuild_with_nothing_changed_replays_the_last_build(
    tmp_path: Path, monkeypatch
) -> None:
    pytest.importorskip("material")
    from doors_sites import build_mkdocs, material_site

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SMM_PROMOTE_PLAN", raising=False)
    conf = material_site(tmp_path / "blog", "plugin")
    site, first = build_mkdocs(conf)
    written = pages(site)
    assert not first.replay.replayable and len(first.tags) == 2

    calls: list[int] = []
    real = pipeline.promote
    monkeypatch.setattr(pipeline, "promote", lambda *a, **k: calls.append(1) or real(*a, **k))
    from smm_promote.config import Config

    validated: list[int] = []
    schema = Config.from_mapping.__func__
    monkeypatch.setattr(
        Config, "from_mapping", classmethod(lambda *a, **k: validated.append(1) or schema(*a, **k))
    )
    _, again = build_mkdocs(conf)
    assert calls == [] and again.replay.replayable
    assert validated == []  # the same settings as the last build: no schema
    assert pages(site) == written
    assert again.tags == first.tags
    assert again.promotion.captions == first.promotion.captions
    assert sorted(p.url for p in again.promotion.promoted) == sorted(
        p.url for p in first.promotion.promoted
    )

    image = tmp_path / "blog" / "docs" / "blog" / "posts" / "warp" / "threads.png"
    Image.new("RGB", (64, 48), "#993366").save(image)  # the image a card is drawn from
    build_mkdocs(conf)
    assert calls == [1] and validated  # the pipeline runs, on the schema's config
    conf.write_text(conf.read_text().replace("platforms: [mastodon]", "platforms: [bluesky]"))
    _, changed = build_mkdocs(conf)
    assert calls == [1, 1] and changed.config_model.platforms == ["bluesky"]


def test_folders_a_build_writes_inside_the_content_are_no_input(
    tmp_path: Path, monkeypatch
) -> None:
    """A site whose content is its whole folder: the output and the cache change with every
    build, and a rebuild still replays."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SMM_PROMOTE_PLAN", raising=False)
    blog(tmp_path)
    extra = {"ARTICLE_PATHS": ["2024"], "PAGE_PATHS": [], "STATIC_PATHS": []}
    build(tmp_path, tmp_path / "output", extra)
    calls: list[int] = []
    real = pipeline.promote
    monkeypatch.setattr(pipeline, "promote", lambda *a, **k: calls.append(1) or real(*a, **k))
    again = build(tmp_path, tmp_path / "output", extra)
    assert calls == [] and again.replay.replayable and again.pages_tagged == 2


def test_a_build_writes_only_the_captions_its_theme_shows(tmp_path: Path, monkeypatch) -> None:
    """Without planning, a post's captions are written when a template reads them: none for a
    theme that shows none, and for one that does the same captions as a planning build."""
    from bs4 import BeautifulSoup

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SMM_PROMOTE_PLAN", raising=False)
    content = tmp_path / "content"
    blog(content)
    plain = build(content, tmp_path / "plain", {"THEME_TEMPLATES_OVERRIDES": []})
    assert plain.promotion.captions == {} and plain.pages_tagged == 2
    for post in plain.promotion.promoted:
        page = tmp_path / "plain" / post.url.removeprefix("https://blog.example/")
        assert metas(page)["og:image"][0].startswith("https://blog.example/images/share/")

    shown = build(content, tmp_path / "shown")
    planned = build(content, tmp_path / "planned", plan=True)
    assert sorted(shown.promotion.captions) == sorted(p.url for p in planned.promotion.promoted)
    for post in planned.promotion.promoted:
        page = tmp_path / "shown" / post.url.removeprefix("https://blog.example/")
        text = BeautifulSoup(page.read_text(), "html.parser").find(id="share-mastodon").get_text()
        assert text == planned.promotion.captions[post.url][0].text
        assert shown.promotion.captions[post.url] == planned.promotion.captions[post.url]
    # The replayed build shows the captions the last one wrote.
    again = build(content, tmp_path / "shown")
    assert again.replay.replayable and again.promotion.captions == shown.promotion.captions


@pytest.fixture
def failing_card(monkeypatch):
    """The card of a post whose title has "restore" or "choosing" cannot be drawn (drawn in
    this process: the doors are given `workers: 1`)."""
    from smm_promote.cards import render

    real = render.render_job

    def failing(job):
        title = str(job.context.get("title", "")).lower()
        if "restore" in title or "choosing" in title:
            raise RuntimeError("no ink")
        return real(job)

    monkeypatch.setattr(render, "render_job", failing)


def tagged(out: Path) -> dict[str, dict[str, list[str]]]:
    """The meta tags of each page of `out` that has an og:title, by that title."""
    found = {}
    for page in out.rglob("*.html"):
        tags = metas(page)
        if tags.get("og:title"):
            found[tags["og:title"][0]] = tags
    return found


def test_a_card_that_cannot_be_drawn_is_named_by_no_page(
    tmp_path: Path, monkeypatch, failing_card
) -> None:
    """The cards are drawn while Pelican writes the site; each page is tagged once they are,
    so a card that failed is named by no page, and why is reported."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SMM_PROMOTE_PLAN", raising=False)
    blog(tmp_path / "content")
    extra = {"THEME_TEMPLATES_OVERRIDES": []}
    built = build(tmp_path / "content", tmp_path / "out", extra, cards={"workers": 1})
    assert any("could not be drawn: RuntimeError: no ink" in str(p) for p in built.problems)
    pages = tagged(tmp_path / "out")
    assert "og:image" not in pages["Backups that restore"]  # no image of its own either
    (image,) = pages["Tuning a home network"]["og:image"]
    assert (tmp_path / "out" / image.removeprefix("https://blog.example/")).is_file()
    assert pages["Tuning a home network"]["og:image:width"] == ["1200"]


def test_a_card_that_cannot_be_drawn_is_named_by_no_mkdocs_page(
    tmp_path: Path, monkeypatch, failing_card
) -> None:
    pytest.importorskip("material")
    from doors_sites import build_mkdocs, material_site

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SMM_PROMOTE_PLAN", raising=False)
    conf = material_site(tmp_path / "blog", "plugin")
    conf.write_text(conf.read_text() + "        cards: {workers: 1}\n")
    site, built = build_mkdocs(conf)
    assert any("could not be drawn: RuntimeError: no ink" in str(p) for p in built.problems)
    pages = tagged(site)
    # The post's own image instead of its card, with no card's size.
    (image,) = pages["Choosing a loom"]["og:image"]
    assert "/assets/images/share/" not in image and "og:image:width" not in pages["Choosing a loom"]
    (card,) = pages["Warping a floor loom"]["og:image"]
    assert "/assets/images/share/" in card
    assert pages["Warping a floor loom"]["og:image:width"] == ["1200"]


def test_a_replayed_build_validates_no_config(tmp_path: Path, monkeypatch) -> None:
    """Settings a build validated before are not validated again (the config schema is not
    even loaded); changed settings are, and a bad key still stops the door."""
    from smm_promote.config import Config
    from smm_promote.errors import ConfigError
    from smm_promote.integrations import pelican as door

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SMM_PROMOTE_PLAN", raising=False)
    content, out = tmp_path / "content", tmp_path / "output"
    blog(content)
    first = build(content, out)
    calls: list[int] = []
    real = Config.from_mapping.__func__
    monkeypatch.setattr(
        Config, "from_mapping", classmethod(lambda *a, **k: calls.append(1) or real(*a, **k))
    )
    again = build(content, out)
    assert calls == [] and again.replay.replayable and again.tags == first.tags
    assert again.settings.model_dump_json() == first.config.model_dump_json()
    changed = build(content, out, site_name="Another name")
    assert calls == [1] and not changed.replay.replayable
    assert metas(out / "backups-that-restore.html")["og:site_name"] == ["Another name"]
    with pytest.raises(ConfigError, match="platfroms"):
        door.door_from_settings({"PATH": str(content), "SMM_PROMOTE": {"platfroms": ["x"]}})


def test_a_first_build_extracts_while_pelican_reads(tmp_path: Path, monkeypatch) -> None:
    """A first build extracts each article as Pelican reads it (its raw content: the same
    text, and the image's URL replaced the way Pelican writes it); a rebuild with a changed
    article extracts only that one, from the page as written."""
    from smm_promote import workers

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SMM_PROMOTE_PLAN", raising=False)
    content, out = tmp_path / "content", tmp_path / "output"
    blog(content)
    post = content / "2024" / "post-1.md"
    post.write_text(post.read_text() + "\n![A lake]({static}/2024/lake.png)\n")
    extracted: list[int] = []
    real = workers.map_in_workers

    def counted(function, items, count):
        extracted.append(len(items))
        return real(function, items, count)

    monkeypatch.setattr(workers, "map_in_workers", counted)
    first = build(content, out)
    made = next(p for p in first.posts.values() if p.title == "Backups that restore")
    page = BeautifulSoup((out / "backups-that-restore.html").read_text(), "html.parser")
    src = page.find("img", alt="A lake")["src"]  # as Pelican wrote it
    assert made.image == urljoin(made.url, src) == "https://blog.example/2024/lake.png"
    assert "so measure first" in made.body
    post.write_text(post.read_text().replace("so measure first", "so count the drops first"))
    again = build(content, out)
    assert extracted == [0, 1]  # none left after reading, then the one that changed
    changed = next(p for p in again.posts.values() if p.title == "Backups that restore")
    assert "count the drops first" in changed.body and changed.image == made.image
