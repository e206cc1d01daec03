"""Social meta tags: which are built, where they go, and what a theme's own tags keep out."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from smm_promote.config import Config
from smm_promote.errors import Problems
from smm_promote.integrations import meta
from smm_promote.model import Author, Card, Post

CONFIG = Config.from_mapping(
    {"site_url": "https://blog.example", "site_name": "Example Blog", "handles": {"x": "exblog"}}
)
POST = Post(
    url="https://blog.example/posts/ok/",
    title='Tips & "tricks" <fast>',
    summary="Short summary.",
    date=datetime(2024, 3, 1, 9, 30, tzinfo=UTC),
    tags=("python", "web"),
    authors=(Author("Ana", key="ana", handles=(("mastodon", "ana@social.example"),)),),
)
CARD = Card(
    post_url=POST.url,
    template="classic",
    size="og",
    width=1200,
    height=630,
    path=Path("/cache/ok-abc123.png"),
    alt="Card: Tips & tricks",
)


def meta_map(page: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for tag in BeautifulSoup(page, "html.parser").head.find_all("meta"):
        key = tag.get("property") or tag.get("name")
        if key:
            out.setdefault(key, []).append(tag["content"])
    return out


def test_social_tags_name_the_card_with_size_and_alt() -> None:
    url = meta.card_url(CARD, CONFIG, "images/share")
    tags = {t.key: t.content for t in meta.social_tags(POST, CONFIG, card=CARD, image_url=url)}
    assert tags["og:image"] == "https://blog.example/images/share/ok-abc123.png"
    assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
    assert tags["og:image:alt"] == "Card: Tips & tricks"
    assert tags["og:type"] == "article"
    assert tags["og:title"] == 'Tips & "tricks" <fast>'
    assert tags["og:url"] == POST.url
    assert tags["og:description"] == "Short summary."
    assert tags["og:site_name"] == "Example Blog"
    assert tags["twitter:card"] == "summary_large_image"
    assert tags["twitter:site"] == "@exblog"
    assert tags["fediverse:creator"] == "@ana@social.example"
    assert tags["article:published_time"] == "2024-03-01T09:30:00Z"


def test_without_card_the_post_image_is_used_and_without_image_the_card_is_small() -> None:
    with_image = Post(url="https://b.example/a/", title="A", image="https://b.example/a.jpg")
    tags = {t.key: t.content for t in meta.social_tags(with_image, CONFIG)}
    assert tags["og:image"] == "https://b.example/a.jpg"
    assert "og:image:width" not in tags
    bare = {
        t.key: t.content
        for t in meta.social_tags(Post(url="https://b.example/", title="B"), CONFIG)
    }
    assert "og:image" not in bare and bare["twitter:card"] == "summary"


def test_site_wide_mastodon_handle_when_the_author_has_none() -> None:
    config = Config.from_mapping({"handles": {"mastodon": "@site@m.example"}})
    tags = {t.key: t.content for t in meta.social_tags(Post(url="https://b/", title="T"), config)}
    assert tags["fediverse:creator"] == "@site@m.example"


PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>x</title>
<meta property="og:title" content="Theme title">
<meta name="twitter:card" content="summary">
</head><body><p>hi</p></body></html>"""


def test_inject_adds_only_what_the_theme_lacks_and_escapes() -> None:
    tags = meta.social_tags(POST, CONFIG, card=CARD, image_url="https://blog.example/c.png")
    page, added = meta.inject(PAGE, tags)
    found = meta_map(page)
    assert found["og:title"] == ["Theme title"]  # the theme's own, not doubled
    assert found["twitter:card"] == ["summary"]
    assert found["og:image"] == ["https://blog.example/c.png"]
    assert found["article:tag"] == ["python", "web"]
    assert "og:title" not in {t.key for t in added}
    assert page.index("og:image") < page.index("</head>") < page.index("<p>hi</p>")
    # Injecting again changes nothing.
    assert meta.inject(page, tags) == (page, [])


def test_theme_image_keeps_all_our_image_tags_out() -> None:
    themed = PAGE.replace("</head>", '<meta property="og:image" content="/logo.png"></head>')
    tags = meta.social_tags(POST, CONFIG, card=CARD, image_url="https://blog.example/c.png")
    found = meta_map(meta.inject(themed, tags)[0])
    assert found["og:image"] == ["/logo.png"]
    assert "og:image:width" not in found and "og:image:alt" not in found


def test_escaping_survives_a_round_trip() -> None:
    page, _ = meta.inject("<html><head></head><body></body></html>", meta.social_tags(POST, CONFIG))
    assert meta_map(page)["og:title"] == ['Tips & "tricks" <fast>']


def test_page_without_head_gets_tags_before_body_or_a_warning(tmp_path: Path) -> None:
    page, added = meta.inject("<body><p>x</p></body>", meta.social_tags(POST, CONFIG))
    assert added and page.startswith("<meta ")
    broken = tmp_path / "frag.html"
    broken.write_text("<p>only a fragment</p>")
    problems = Problems()
    assert meta.inject_file(broken, meta.social_tags(POST, CONFIG), problems) == []
    assert [str(p) for p in problems] == [
        f"{broken}: social meta tags not added: the page has no <head> or <body>"
    ]


@pytest.mark.parametrize(
    "page", [PAGE, "<body><p>x</p></body>", "<html><head></head><body></body></html>"]
)
def test_retag_gives_a_tagged_page_the_tags_it_would_have_had(tmp_path: Path, page: str) -> None:
    """A page tagged as its card was planned, tagged again once the card could not be drawn,
    is the page tagged without the card from the start."""
    planned = meta.social_tags(POST, CONFIG, card=CARD, image_url="https://blog.example/c.png")
    final = meta.social_tags(POST, CONFIG)
    tagged, added = meta.inject(page, planned)
    path = tmp_path / "page.html"
    path.write_text(tagged, encoding="utf-8")
    assert meta.retag_file(path, added, final) == meta.inject(page, final)[1]
    assert path.read_text(encoding="utf-8") == meta.inject(page, final)[0]
    # A later plugin moved the block: it is still found and replaced.
    block = "".join(tag.html() for tag in added)
    path.write_text(tagged.replace(block, "") + block, encoding="utf-8")
    meta.retag_file(path, added, final)
    assert path.read_text(encoding="utf-8") == meta.inject(page, final)[0]


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><title>Café ☕ 日本</title></head><body>é</body></html>",
        "<html>\r\n<head><title>Crème</title>\r\n</head>\r\n<body>x</body></html>\r\n",
        "<p>é</p><body>ü</body>",
    ],
)
def test_inject_file_writes_what_reading_and_writing_the_page_would(
    tmp_path: Path, page: str
) -> None:
    """The file is written in place from where the tags go (no truncation), with the same
    bytes as `read_text` + `inject` + `write_text` give, line ends and all."""
    tags = meta.social_tags(POST, CONFIG, card=CARD, image_url="https://blog.example/c.png")
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("utf-8"))
    expected = tmp_path / "expected.html"
    expected.write_bytes(page.encode("utf-8"))
    expected.write_text(meta.inject(expected.read_text(encoding="utf-8"), tags)[0], "utf-8")
    assert meta.inject_file(path, tags)
    assert path.read_bytes() == expected.read_bytes()


def test_pick_card_prefers_link_preview_shape() -> None:
    square = Card(POST.url, "classic", "square", 1080, 1080, Path("/c/sq.png"), "a")
    wide = Card(POST.url, "classic", "x", 1200, 675, Path("/c/x.png"), "a")
    og = Card(POST.url, "classic", "og", 1200, 630, Path("/c/og.png"), "a")
    assert meta.pick_card([square, wide, og]) is og
    assert meta.pick_card([square, wide]) is wide
    assert meta.pick_card([]) is None


def test_copy_cards_copies_once(tmp_path: Path) -> None:
    source = tmp_path / "cache" / "a-1.png"
    source.parent.mkdir()
    source.write_bytes(b"png bytes")
    card = Card(POST.url, "classic", "og", 1200, 630, source, "a")
    site = tmp_path / "site"
    assert meta.copy_cards({POST.url: [card]}, site, "/images/share/") == 1
    assert (site / "images/share/a-1.png").read_bytes() == b"png bytes"
    assert meta.copy_cards({POST.url: [card]}, site, "images/share") == 0


@pytest.mark.parametrize(
    ("setting", "env", "expected"),
    [
        (False, "", False),
        (True, "", True),
        (False, "1", True),
        (None, "yes", True),
        (0, "0", False),
    ],
)
def test_planning_is_opt_in(monkeypatch, setting, env, expected) -> None:
    monkeypatch.setenv("SMM_PROMOTE_PLAN", env)
    assert meta.plan_requested(setting) is expected


def test_missing_site_url_is_reported() -> None:
    problems = Problems()
    meta.check_site_url(Config.from_mapping({}), "SITEURL (pelicanconf.py)", problems)
    meta.check_site_url(CONFIG, "mkdocs.yml", problems)
    assert [str(p) for p in problems] == [
        "SITEURL (pelicanconf.py): no site URL: og:url and og:image are relative, "
        "and link previews ignore them"
    ]


def test_description_from_the_body_ends_on_a_whole_word() -> None:
    body = "word " * 100
    post = Post(url="https://b.example/p/", title="P", body=body.strip())
    (description,) = [
        t.content for t in meta.social_tags(post, CONFIG) if t.key == "og:description"
    ]
    assert description == ("word " * 59).strip() + "…"
    assert len(description) <= 300
