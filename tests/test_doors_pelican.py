"""The Pelican door, end to end: a real `pelican` build of Pelican's own sample blog."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from smm_promote.captions.text import takeaways
from smm_promote.cards.later import recipe_path
from smm_promote.errors import ConfigError
from smm_promote.integrations import pelican as door

pytest.importorskip("pelican")

THEME = Path(__file__).parent / "fixtures" / "doors" / "pelican-theme"
SITEURL = "https://blog.example"


def build(content: Path, out: Path, extra: dict | None = None, **smm) -> door.Door:
    """Run Pelican in-process with the plugin; returns the door's record of the run."""
    from pelican import Pelican
    from pelican.settings import read_settings

    settings = read_settings(
        None,
        override={
            "PATH": str(content),
            "OUTPUT_PATH": str(out),
            "SITEURL": SITEURL,
            "SITENAME": "Sample blog",
            "TIMEZONE": "Europe/Paris",
            "THEME": "simple",
            "THEME_TEMPLATES_OVERRIDES": [str(THEME)],
            "PLUGINS": ["smm_promote.integrations.pelican"],
            "SMM_PROMOTE": {"platforms": ["mastodon"], **smm},
            "DELETE_OUTPUT_DIRECTORY": True,
            "FEED_ALL_ATOM": None,
            "CATEGORY_FEED_ATOM": None,
            "LOAD_CONTENT_CACHE": False,
            **(extra or {}),
        },
    )
    Pelican(settings).run()
    assert door._door is not None
    return door._door


def metas(page: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for tag in BeautifulSoup(page.read_text(), "html.parser").head.find_all("meta"):
        if key := tag.get("property") or tag.get("name"):
            out.setdefault(key, []).append(tag["content"])
    return out


def page_of(url: str, out: Path) -> Path:
    return out / url.removeprefix(SITEURL + "/")


@pytest.mark.corpus
@pytest.mark.slow
def test_pelican_build_cards_meta_tags_and_idempotent_planning(
    corpora: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SMM_PROMOTE_PLAN", raising=False)
    content = corpora / "pelican-project-tests" / "samples" / "content"
    out = tmp_path / "output"

    preview = build(content, out)
    assert preview.promotion.plan is None
    assert not (tmp_path / ".smm-promote" / "queue.db").exists()  # a preview never plans

    first = build(content, out, plan=True)
    promoted = first.promotion.promoted
    assert len(promoted) == 10  # every published article, its translations folded in; no drafts
    translated = [p for p in promoted if p.translations]
    assert sum(len(p.translations) for p in translated) == 2
    cards_dir = out / "images" / "share"
    # A link-preview card per article is drawn; the reposts' rotation templates are planned
    # and drawn as their shares come near ([cards] ahead_days), each with a recipe till then.
    assert len(list(cards_dir.glob("classic-*.png"))) == len(promoted)
    rotation = first.promotion.cards[promoted[0].url]
    # The takeaways card only for posts with three points that say something.
    with_points = sum(1 for post in promoted if takeaways(post))
    expected = {"classic", "photo", "quote", "minimal"} | (
        {"takeaways"} if takeaways(promoted[0]) else set()
    )
    assert {c.template for c in rotation} == expected
    planned = [c for post in promoted for c in first.promotion.cards[post.url]]
    assert len(planned) == 4 * len(promoted) + with_points
    assert [
        c.path for c in planned if not c.path.is_file() and not recipe_path(c.path).is_file()
    ] == []
    copied = {p.name for p in cards_dir.iterdir()}
    assert copied == {c.path.name for c in planned if c.path.is_file()}
    # Articles with an image of their own (`{static}` or `{attach}`) show it on the photo card.
    assert [c.format for c in planned if c.template == "photo"].count("jpeg") == 2

    for post in promoted:
        page = page_of(post.url, out)
        found = metas(page)
        assert found["og:title"] == [f"{post.title} (theme)"], page  # the theme's, not doubled
        assert found["twitter:card"] == ["summary"]
        (image,) = found["og:image"]
        assert image.startswith(f"{SITEURL}/images/share/")
        card_file = out / image.removeprefix(SITEURL + "/")
        with Image.open(card_file) as img:
            assert [str(n) for n in img.size] == found["og:image:width"] + found["og:image:height"]
        assert found["og:image:alt"][0].strip()
        assert found["og:url"] == [post.url]
        assert found["og:type"] == ["article"]
        assert found["theme:share-card"] == [image]  # article.share_card_url reached the theme
        caption = BeautifulSoup(page.read_text(), "html.parser").find(id="share-mastodon")
        assert caption.get_text() == first.promotion.captions[post.url][0].text

    drafts = list((out / "drafts").glob("*.html"))
    assert drafts and all("og:image" not in metas(d) for d in drafts)

    by_title = {p.title: p for p in promoted}
    super_article = by_title["This is a super article !"]
    assert super_article.tags == ("foo", "bar", "foobar")
    assert super_article.categories == ("yeah",)
    assert [a.name for a in super_article.authors] == ["Alexis Métaireau"]
    assert super_article.summary.startswith(
        "Multi-line metadata should be supported as well as inline markup"
    )
    assert super_article.date == datetime(2010, 12, 2, 10, 14, tzinfo=ZoneInfo("Europe/Paris"))
    assert by_title["A markdown powered article"].body.startswith("You're mutually oblivious.")
    assert metas(page_of(super_article.url, out))["article:tag"] == ["foo", "bar", "foobar"]

    plan = first.promotion.plan
    assert plan.added
    queue = tmp_path / ".smm-promote" / "queue.db"
    with sqlite3.connect(queue) as db:
        entries = db.execute("SELECT count(*) FROM entries").fetchone()[0]
        rows = db.execute("SELECT card_url, due FROM entries").fetchall()
    card_urls = [u for u, _ in rows]
    assert entries == len(plan.added)
    # Platforms that fetch images by URL get the card's public address on the site; the
    # cards of shares due within [cards] ahead_days are on it now, later ones come with a
    # later build.
    assert card_urls and all(u.startswith("https://blog.example/images/share/") for u in card_urls)
    horizon = datetime.now(UTC).timestamp() + 14 * 86400
    near = [u for u, due in rows if due <= horizon]
    assert all((cards_dir / u.rsplit("/", 1)[1]).is_file() for u in near)

    cache = sorted((tmp_path / ".smm-promote" / "cards").rglob("*.png"))
    stamps = {p: p.stat().st_mtime_ns for p in cache}

    second = build(content, out, plan=True)  # the output folder is cleaned in between
    assert sorted((tmp_path / ".smm-promote" / "cards").rglob("*.png")) == cache
    assert {p: p.stat().st_mtime_ns for p in cache} == stamps  # no card drawn again
    assert len(list(cards_dir.glob("classic-*.png"))) == len(promoted)
    assert (second.promotion.plan.added, second.promotion.plan.updated) == ([], [])
    with sqlite3.connect(queue) as db:
        assert db.execute("SELECT count(*) FROM entries").fetchone()[0] == entries


@pytest.mark.corpus
@pytest.mark.slow
def test_a_personal_pelican_blog(corpora: Path, tmp_path: Path, monkeypatch) -> None:
    """Kevin Deldycke's blog, its 2020 articles read in place (YAML-fenced metadata)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SMM_PROMOTE_PLAN", raising=False)
    content = corpora / "pelican-kevin-deldycke-blog" / "content"
    out = tmp_path / "output"
    run = build(content, out, {"ARTICLE_PATHS": ["2020"], "PAGE_PATHS": []})
    promoted = run.promotion.promoted
    assert len(promoted) == len(list((content / "2020").glob("*.md"))) == 8
    nas = next(p for p in promoted if p.title == "Home Server Hardware for NAS")
    found = metas(page_of(nas.url, out))
    assert found["article:published_time"] == ["2020-05-15T22:00:00Z"]  # Paris midnight
    assert found["article:tag"][:3] == ["hardware", "NAS", "motherboard"]
    assert len(found["article:tag"]) == 14
    assert found["og:description"][0].startswith("I live with a scientific data-hoarder.")
    for post in promoted:
        (image,) = metas(page_of(post.url, out))["og:image"]
        assert (out / image.removeprefix(SITEURL + "/")).is_file()


def test_settings_from_pelicanconf(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SMM_PROMOTE_PLAN", "1")
    built = door.door_from_settings(
        {
            "SITEURL": "https://b.example/",
            "SITENAME": "B",
            "TIMEZONE": "Asia/Tokyo",
            "DEFAULT_LANG": "ja",
            "SMM_PROMOTE": {"cards_path": "og", "site_name": "Other", "platforms": ["bluesky"]},
        }
    )
    config = built.config
    assert (config.site_url, config.site_name, config.timezone, config.lang) == (
        "https://b.example",
        "Other",
        "Asia/Tokyo",
        "ja",
    )
    assert config.platforms == ["bluesky"]
    assert (built.plan, built.cards_path) == (True, "og")
    assert config.base_dir == tmp_path


def test_bad_settings_name_the_key() -> None:
    with pytest.raises(ConfigError) as err:
        door.door_from_settings({"SMM_PROMOTE": {"platfroms": ["x"]}})
    assert str(err.value) == (
        "invalid config in SMM_PROMOTE:\n  - platfroms: unknown key; did you mean 'platforms'?"
    )


def test_a_folder_category_pelican_made_is_marked_as_such() -> None:
    """USE_FOLDER_AS_CATEGORY files content/import/x.rst under "import": right for its URL,
    no topic for a hashtag; a category the author wrote in another folder stays one."""
    from types import SimpleNamespace

    from smm_promote.captions.hashtags import candidates
    from smm_promote.config import Config
    from smm_promote.integrations.pelican import post_from_article

    def article(folder: str, category: str):
        return SimpleNamespace(
            metadata={}, title="C++ Tricks", tags=[SimpleNamespace(name="cpp")],
            category=SimpleNamespace(name=category), authors=[], slug="c-tricks", lang="en",
            url="c-tricks.html", source_path=f"/site/content/{folder}/c-tricks.rst",
            relative_source_path=f"{folder}/c-tricks.rst", date=None, modified=None,
            settings={"USE_FOLDER_AS_CATEGORY": True, "DEFAULT_CATEGORY": "misc"},
        )  # fmt: skip

    config = Config.from_mapping({"site_url": "https://b.example"})
    made = post_from_article(article("import", "import"), config, "<p>Text.</p>")
    assert made.path_categories == ("import",)
    assert candidates(made)[1] == ["#cpp"]
    written = post_from_article(article("tech", "Import"), config, "<p>Text.</p>")
    assert written.path_categories == ()
    assert candidates(written)[1] == ["#cpp", "#Import"]
