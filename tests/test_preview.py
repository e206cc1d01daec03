"""The preview site on hand-made posts, cards, captions and queue entries: what each page
shows (exact counts, links, dates, statuses), that it is self-contained, and its building
blocks (caption highlighting, month grids, the queue copy)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from smm_promote.captions.length import count
from smm_promote.config import Config
from smm_promote.errors import Problems, SmmPromoteError
from smm_promote.model import Author, Caption, Card, Entry, Post
from smm_promote.preview import build_preview
from smm_promote.preview.calendar import month_totals, months
from smm_promote.preview.highlight import Segment, segments
from smm_promote.preview.view import entry_views

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
URL = "https://blog.example.com/static-sites/"
OTHER = "https://blog.example.com/images/"
TRACKED = URL + "?utm_source=x&utm_medium=social&utm_campaign=static-sites&utm_content=announce"


def make_config(tmp_path: Path, **extra) -> Config:
    data = {
        "site_url": "https://blog.example.com",
        "site_name": "Static Notes",
        "timezone": "Europe/Berlin",
        "platforms": ["x", "mastodon", "bluesky", "pinterest"],
        "handles": {"mastodon": "@notes@social.example"},
        "schedule": {"store": str(tmp_path / "queue.db")},
        **extra,
    }
    return Config.from_mapping(data, base_dir=tmp_path)


def png(path: Path, size: tuple[int, int], colour: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path)
    return path


def entry(id: int, url: str, platform: str, due: datetime, **fields) -> Entry:
    return Entry(
        id=id,
        post_url=url,
        content_hash="h",
        platform=platform,
        variant=fields.pop("variant", "summary"),
        text="text",
        due=due,
        **fields,
    )


@pytest.fixture
def promotion(tmp_path: Path) -> SimpleNamespace:
    post = Post(
        url=URL,
        title="Why static sites <age> well",
        summary="A static site from ten years ago still builds.",
        body="word " * 460,
        date=datetime(2026, 3, 2, 9, 30, tzinfo=UTC),
        tags=("static sites", "longevity"),
        slug="static-sites",
        source="content/static-sites.md",
        authors=(Author("Ada", handles=(("bluesky", "ada.example.com"),)),),
    )
    draft = Post(url=OTHER, title="Images that load fast", slug="images", draft=True)
    og = png(tmp_path / "render" / "static-sites" / "classic-og-1.png", (120, 63), "navy")
    pin = png(tmp_path / "render" / "static-sites" / "classic-pinterest-2.png", (100, 150), "red")
    cards = [
        Card(URL, "classic", "og", 1200, 630, og, "Share card: Why static sites age well"),
        Card(
            URL, "classic", "pinterest", 1000, 1500, pin, "Tall card", warnings=("fallback font",)
        ),
    ]
    x_text = f"Why static sites age well\n\n{TRACKED}\n\n#StaticSites #longevity"
    long_text = "Old sites keep working. " * 14
    captions = [
        Caption("x", "announce", x_text, count("x", x_text), 280, link=TRACKED),
        Caption(
            "x",
            "takeaways",
            "1/3 Why static sites age well",
            29,
            280,
            parts=("1/3 Why static sites age well", "2/3 No server 🎉", "3/3 Cheap"),
        ),
        Caption("x", "quote", long_text, count("x", long_text), 280, shortened=True),
        Caption(
            "bluesky",
            "summary",
            "A static site still builds. blog.example.com/static-sites #StaticSites",
            70,
            300,
            link=URL + "?utm_source=bluesky",
        ),
        Caption("pinterest", "announce", "Why static sites age well", 25, 500, link=URL),
    ]
    entries = [
        entry(
            1,
            URL,
            "x",
            datetime(2026, 3, 3, 8, tzinfo=UTC),
            status="posted",
            remote_url="https://x.com/notes/status/1",
        ),
        entry(
            2,
            URL,
            "bluesky",
            datetime(2026, 3, 3, 8, tzinfo=UTC),
            status="failed",
            last_error="401 Unauthorized",
        ),
        entry(3, URL, "x", datetime(2026, 3, 9, 8, tzinfo=UTC)),  # past and still planned
        entry(4, URL, "mastodon", datetime(2026, 3, 12, 12, tzinfo=UTC), variant="quote"),
        entry(5, URL, "x", datetime(2026, 5, 31, 22, 30, tzinfo=UTC)),  # June 1 in Berlin
    ]
    problems = Problems()
    problems.add("content/broken.md", "front matter is not valid YAML", line=3)
    for _ in range(3):
        problems.add("content/static-sites.md", "no question caption: no question found")
    return SimpleNamespace(
        posts=[post, draft],
        cards={URL: cards},
        captions={URL: captions},
        problems=problems,
        skipped=[(draft, "draft")],
        plan=SimpleNamespace(waiting=[], unplaced=[(URL, "x", 4)]),
        entries=entries,
    )


@pytest.fixture
def site(tmp_path: Path, promotion: SimpleNamespace) -> Path:
    out = tmp_path / "site"
    index = build_preview(promotion, make_config(tmp_path), out, now=NOW)
    assert index == out / "index.html"
    return out


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def text_of(node) -> str:
    return " ".join(node.get_text().split())


# -- the post page --------------------------------------------------------------------------


def test_post_page_shows_every_card_with_its_alt_text_and_copied_image(site, promotion):
    page = soup(site / "posts" / "static-sites.html")
    figures = page.select("figure.share-card")
    assert [text_of(f.select_one(".card-size")) for f in figures] == [
        "og 1200×630 · PNG · template classic",
        "pinterest 1000×1500 · PNG · template classic",
    ]
    imgs = [f.img for f in figures]
    assert [i["alt"] for i in imgs] == ["Share card: Why static sites age well", "Tall card"]
    assert [(i["width"], i["height"]) for i in imgs] == [("1200", "630"), ("1000", "1500")]
    for img, card in zip(imgs, promotion.cards[URL], strict=True):
        copied = (site / "posts" / img["src"]).resolve()
        assert copied.parent == (site / "cards").resolve()
        assert copied.read_bytes() == card.path.read_bytes()
    assert text_of(figures[1].select_one(".card-warning")) == "fallback font"


def test_captions_show_their_platform_count_against_the_limit(site):
    page = soup(site / "posts" / "static-sites.html")
    x_frames = page.select('section[data-platform="x"] article.frame')
    assert [text_of(f.select_one(".variant")) for f in x_frames] == [
        "announce",
        "takeaways",
        "quote",
    ]
    announce = x_frames[0]
    # 25 + 2 + 23 (any link) + 2 + 23 = 75
    assert text_of(announce.select_one(".count-num")) == "75 / 280"
    assert text_of(announce.select_one(".count-how")) == "weighted characters, links 23"
    # Thread replies are counted one by one; the emoji weighs 2 on X.
    replies = x_frames[1].select(".reply .count-num")
    assert [text_of(r) for r in replies] == ["16 / 280", "9 / 280"]
    # Over the limit: flagged in red with the excess.
    quote = x_frames[2].select_one(".count")
    length = count("x", "Old sites keep working. " * 14)
    assert "over" in quote["class"]
    assert text_of(quote.select_one("strong")) == f"{length - 280} over"
    assert text_of(x_frames[2].select_one(".frame-notes")) == "Shortened to fit."


def test_caption_links_hashtags_and_handles_are_shown_like_the_platform(site):
    page = soup(site / "posts" / "static-sites.html")
    announce = page.select('section[data-platform="x"] article.frame')[0]
    link = announce.select_one(".post-text a.link")
    assert link["href"] == TRACKED
    assert link.get_text() == "blog.example.com/static-sites"
    assert [t.get_text() for t in announce.select(".hashtag")] == ["#StaticSites", "#longevity"]
    assert text_of(announce.select_one(".handle")) == "@blog"
    preview = announce.select_one("a.preview")
    assert preview["href"] == TRACKED
    assert preview.img["src"] == "../cards/classic-og-1.png"
    # Bluesky: the short link in the text points to the full tracked URL (the link facet).
    sky = page.select_one('section[data-platform="bluesky"] article.frame')
    assert sky.select_one(".post-text a.link")["href"] == URL + "?utm_source=bluesky"
    # The account that posts is the site's, never the post's author (Ada has a handle).
    assert text_of(sky.select_one(".handle")) == "@blog.example.com"
    # Pinterest: a pin with its tall card and the title's own count.
    pin = page.select_one('section[data-platform="pinterest"] article.frame')
    assert pin.select_one("img.media")["src"] == "../cards/classic-pinterest-2.png"
    assert text_of(pin.select(".count-num")[0]) == "27 / 100"
    assert text_of(pin.select_one(".pin-link")) == "Visit blog.example.com"


def test_text_is_escaped(site):
    html = (site / "posts" / "static-sites.html").read_text()
    assert "Why static sites &lt;age&gt; well" in html
    assert "<age>" not in html


def test_post_schedule_lists_its_entries_in_local_time_with_status(site):
    rows = soup(site / "posts" / "static-sites.html").select("table.entries tbody tr")
    cells = [[text_of(td.summary or td) for td in row.select("td")] for row in rows]
    assert cells == [
        ["Tue 3 Mar 2026, 09:00", "X", "summary", "text", "posted", "View post on X"],
        ["Tue 3 Mar 2026, 09:00", "Bluesky", "summary", "text", "failed", "401 Unauthorized"],
        ["Mon 9 Mar 2026, 09:00", "X", "summary", "text", "overdue", "–"],
        ["Thu 12 Mar 2026, 13:00", "Mastodon", "quote", "text", "planned", "–"],
        ["Mon 1 Jun 2026, 00:30", "X", "summary", "text", "planned", "–"],
    ]
    assert rows[0].select_one("a")["href"] == "https://x.com/notes/status/1"
    assert text_of(rows[0].select_one(".entry-text .post-text")) == "text"


# -- the calendar -------------------------------------------------------------------------


def test_calendar_months_list_every_entry_on_its_local_day(site):
    page = soup(site / "calendar.html")
    titles = [text_of(m.h3) for m in page.select("section.month")]
    assert titles == [
        "March 2026 4 shares",
        "April 2026 no shares",
        "May 2026 no shares",
        "June 2026 1 share",
    ]
    march = page.select("section.month")[0]
    days = {
        int(text_of(td.select_one(".daynum [aria-hidden]"))): [
            (chip["data-platform"], chip["data-status"]) for chip in td.select("li.chip")
        ]
        for td in march.select("td.has")
    }
    assert days == {
        3: [("x", "posted"), ("bluesky", "failed")],
        9: [("x", "overdue")],
        12: [("mastodon", "planned")],
    }
    # Weeks start on Monday: 1 March 2026 is a Sunday, the last cell of the first row.
    first_row = march.select("tbody tr")[0].select("td")
    assert ["in" in td["class"] for td in first_row] == [False] * 6 + [True]
    june = page.select("section.month")[3]
    chip = june.select_one("li.chip")
    assert text_of(chip.select_one("time")) == "00:30"
    assert chip.a["href"] == "posts/static-sites.html#entry-5"


def test_calendar_list_per_platform_with_filters_and_live_links(site):
    page = soup(site / "calendar.html")
    lists = page.select("section.platform-list")
    assert [(s["data-platform"], len(s.select("tbody tr"))) for s in lists] == [
        ("x", 3),
        ("mastodon", 1),
        ("bluesky", 1),
    ]
    form = page.select_one("form[data-filters]")
    assert [i["value"] for i in form.select('input[name="platform"]')] == [
        "x",
        "mastodon",
        "bluesky",
        "pinterest",
    ]
    assert [o["value"] for o in form.select('select[name="status"] option')] == [
        "",
        "planned",
        "overdue",
        "posted",
        "failed",
    ]
    posts = [text_of(o) for o in form.select('select[name="post"] option')]
    assert posts == ["All posts", "Why static sites <age> well"]
    assert lists[0].select_one("a[href^='https://x.com']")["href"] == "https://x.com/notes/status/1"


def test_calendar_exports_for_calendar_apps_and_scheduling_tools(site):
    from icalendar import Calendar

    calendar = Calendar.from_ical((site / "calendar.ics").read_bytes())
    events = calendar.walk("VEVENT")
    assert len(events) == 5
    assert str(calendar["X-WR-CALNAME"]) == "Static Notes shares"
    assert [e.decoded("dtstart") for e in events][:1] == [datetime(2026, 3, 3, 8, tzinfo=UTC)]
    rows = (site / "calendar.csv").read_text().splitlines()
    assert rows[0].startswith("date,message,link,image,platform")
    assert rows[-1].startswith("2026-06-01 00:30,text,")
    links = soup(site / "calendar.html").select(".downloads a")
    assert [a["href"] for a in links] == ["calendar.ics", "calendar.csv"]


# -- the overview --------------------------------------------------------------------------


def test_overview_counts_chart_and_posts(site):
    page = soup(site / "index.html")
    stats = {text_of(d.dt): text_of(d.dd) for d in page.select(".stats > div")}
    assert stats == {
        "Posts found": "2",
        "Share cards": "2",
        "Captions": "5",
        "Planned shares": "3",
        "Warnings": str(len(page.select(".notice-group li"))),
    }
    rows = page.select(".chart-table tbody tr")
    assert [[text_of(c) for c in row.find_all(["th", "td"])] for row in rows] == [
        ["Mar 2026", "2", "1", "1", "0", "4"],
        ["Apr 2026", "0", "0", "0", "0", "0"],
        ["May 2026", "0", "0", "0", "0", "0"],
        ["Jun 2026", "1", "0", "0", "0", "1"],
    ]
    tiles = page.select(".post-tile")
    assert [text_of(t.select_one(".tile-title")) for t in tiles] == [
        "Why static sites <age> well",
        "Images that load fast",
    ]
    assert text_of(tiles[1].select_one(".status")) == "not promoted: draft"


def test_overview_warnings_name_the_post_or_file_and_merge_repeats(site):
    page = soup(site / "index.html")
    groups = {
        text_of(g.summary): [text_of(li) for li in g.select("li")]
        for g in page.select(".notice-group")
    }
    assert groups == {
        "2 Input problems": [
            "content/broken.md:3: front matter is not valid YAML",
            # Raised three times, kept once.
            "content/static-sites.md: no question caption: no question found",
        ],
        "1 Posts not promoted": ["Images that load fast: draft"],
        "1 Shares without a free slot": ["Why static sites <age> well: no free x slot for share 4"],
        "1 Captions over the limit": ["Why static sites <age> well: X quote: over the limit"],
        "1 Cards with fallbacks": [
            "Why static sites <age> well: pinterest card (1000×1500): fallback font"
        ],
    }
    # A problem in a post's source file links to that post's page, a caption to its frame.
    items = page.select(".notice-group li")
    assert items[1].a["href"] == "posts/static-sites.html"
    assert items[-2].a["href"] == "posts/static-sites.html#x-quote"
    post = soup(site / "posts" / "static-sites.html")
    assert text_of(post.select_one("#x-quote .variant")) == "quote"


# -- self-contained output ------------------------------------------------------------------


def test_every_asset_is_inside_the_folder(site):
    pages = [site / "index.html", site / "calendar.html", *sorted((site / "posts").iterdir())]
    assert len(pages) == 4
    for page in pages:
        doc = soup(page)
        refs = [t["src"] for t in doc.select("img[src], script[src]")]
        refs += [t["href"] for t in doc.select("link[href]")]
        assert refs, page
        for ref in refs:
            assert not re.match(r"^[a-z]+:|^//", ref), f"{page.name} loads {ref}"
            assert (page.parent / ref).resolve().is_file(), f"{page.name}: {ref} missing"
        assert doc.html["lang"] == "en"
        assert doc.select_one("main#main") and doc.select_one("header") and doc.select_one("nav")
        assert all(img.has_attr("alt") for img in doc.select("img"))


def test_rebuild_replaces_old_pages_and_refuses_foreign_folders(tmp_path, promotion, site):
    promotion.posts = promotion.posts[:1]
    build_preview(promotion, make_config(tmp_path), site, now=NOW)
    assert sorted(p.name for p in (site / "posts").iterdir()) == ["static-sites.html"]
    foreign = tmp_path / "mine"
    (foreign / "notes.txt").parent.mkdir()
    (foreign / "notes.txt").write_text("keep me")
    with pytest.raises(SmmPromoteError, match="not empty"):
        build_preview(promotion, make_config(tmp_path), foreign, now=NOW)
    assert (foreign / "notes.txt").read_text() == "keep me"


def test_missing_card_image_is_a_warning_not_a_crash(tmp_path, promotion):
    promotion.cards[URL][0].path.unlink()
    out = tmp_path / "site"
    build_preview(promotion, make_config(tmp_path), out, now=NOW)
    page = soup(out / "posts" / "static-sites.html")
    assert text_of(page.select_one(".card-missing")) == "Image file missing"
    problems = [text_of(li) for li in soup(out / "index.html").select(".notice-group li")]
    assert any("classic-og-1.png is missing (og card)" in p for p in problems)


def test_live_pages_poll_the_build_file(tmp_path, promotion):
    out = tmp_path / "site"
    build_preview(promotion, make_config(tmp_path), out, now=NOW, live=True)
    assert soup(out / "index.html").body["data-live"] == "build.json"
    assert soup(out / "posts" / "static-sites.html").body["data-live"] == "../build.json"
    assert re.fullmatch(r'\{"build": "[0-9a-f]{16}"\}', (out / "build.json").read_text())


# -- building blocks -------------------------------------------------------------------------


def test_segments_find_links_hashtags_and_mentions():
    text = (
        "Hi @bob@social.example: read https://blog.example.com/x?y=1 #Static #2024 and#not #日本語"
    )
    assert segments(text) == [
        Segment("Hi "),
        Segment("@bob@social.example", "mention"),
        Segment(": read "),
        Segment("https://blog.example.com/x?y=1", "link", "https://blog.example.com/x?y=1"),
        Segment(" "),
        Segment("#Static", "hashtag"),
        Segment(" #2024 and#not "),
        Segment("#日本語", "hashtag"),
    ]


def test_short_links_point_to_the_full_link():
    found = segments("Read blog.example.com/a-long-pa… now", link="https://blog.example.com/x?u=1",
                     short_links=True)  # fmt: skip
    assert found[1] == Segment(
        "blog.example.com/a-long-pa…", "link", "https://blog.example.com/x?u=1"
    )
    assert Segment("https://blog.example.com/a/very/long/path/indeed", "link").shown == (
        "blog.example.com/a/very/long/…"
    )


def test_months_span_every_month_and_totals_fill_gaps():
    tz = make_config(Path.cwd()).tz
    views = entry_views(
        [
            entry(1, URL, "x", datetime(2026, 1, 31, 23, 30, tzinfo=UTC)),  # Feb 1 in Berlin
            entry(2, URL, "bluesky", datetime(2026, 4, 2, 9, tzinfo=UTC)),
            entry(3, URL, "x", datetime(2026, 4, 3, 9, tzinfo=UTC)),
        ],
        {},
        {},
        tz,
        NOW,
    )
    grid = months(views)
    assert [(m.key, m.count) for m in grid] == [("2026-02", 1), ("2026-03", 0), ("2026-04", 2)]
    assert grid[0].weeks[0][6].date == date(2026, 2, 1)
    assert all(len(week) == 7 and week[0].date.weekday() == 0 for m in grid for week in m.weeks)
    totals = month_totals(views, ["x", "bluesky"])
    assert [(t.label, t.per_platform) for t in totals] == [
        ("Feb 2026", {"x": 1}),
        ("Mar 2026", {}),
        ("Apr 2026", {"x": 1, "bluesky": 1}),
    ]


def test_planning_for_the_preview_never_changes_the_queue(tmp_path):
    from smm_promote.preview.queue import planned_entries
    from smm_promote.schedule.store import Store

    config = make_config(tmp_path, platforms=["x"])
    done = entry(0, URL, "x", NOW - timedelta(days=5), status="posted", remote_url="https://x/1")
    with Store(tmp_path / "queue.db") as store:
        store.add([done], NOW - timedelta(days=6))
        before = store.entries()
    post = Post(url=OTHER, title="Images that load fast", summary="Small images load fast.",
                body="Small images load fast. " * 40, date=NOW - timedelta(days=1), slug="images")  # fmt: skip
    promotion = SimpleNamespace(posts=[post], cards={}, problems=Problems(), plan=None)
    found = planned_entries(promotion, config, now=NOW)
    with Store(tmp_path / "queue.db") as store:
        assert store.entries() == before
    assert (found[0].post_url, found[0].status) == (URL, "posted")
    new = [e for e in found if e.post_url == OTHER]
    assert new and all(e.status == "planned" and e.due >= NOW for e in new)
    assert promotion.plan.added


@pytest.mark.corpus
@pytest.mark.parametrize(
    "source",
    [
        "feeds-real-blogs/rust-blog-atom/feed.xml",
        "feeds-real-blogs/jekyll-jekyll-feed/feed.xml",
        "hugo-basic-example/content",
    ],
)
def test_preview_of_real_sites(corpora, tmp_path, source):
    from smm_promote.preview.run import make_preview
    from smm_promote.preview.view import page_names

    config = make_config(tmp_path, cards={"enabled": False})
    run = make_preview([corpora / source], config, tmp_path / "site", now=NOW)
    posts = run.promotion.posts
    assert posts
    pages = page_names(posts)
    for post in posts:
        page = soup(tmp_path / "site" / pages[post.url])
        assert text_of(page.h1) == " ".join(post.title.split())
        frames = page.select("article.frame")
        captions = run.promotion.captions.get(post.url, [])
        assert len(frames) == len(captions)
        shown = [text_of(f.select_one(".count:not(.title-count) .count-num")) for f in frames]
        assert shown == [f"{c.length} / {c.limit}" for c in captions]
    calendar = soup(tmp_path / "site" / "calendar.html")
    assert len(calendar.select("li.chip")) == len(run.entries)
    assert len(calendar.select(".platform-list tbody tr")) == len(run.entries)


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_colours_meet_wcag_aa_contrast():
    from importlib import resources

    css = resources.files("smm_promote.preview").joinpath("static/preview.css").read_text()
    colours = dict(re.findall(r"--([a-z-]+): (#[0-9a-f]{6});", css))
    assert set(colours) >= {"x", "mastodon", "bluesky", "linkedin", "facebook", "threads",
                            "instagram", "pinterest"}  # fmt: skip
    # White initials on each platform's avatar, and white "Visit" on the Pinterest button.
    for platform in ("x", "mastodon", "bluesky", "linkedin", "facebook", "threads", "instagram",
                     "pinterest"):  # fmt: skip
        assert contrast(colours[platform], "#ffffff") >= 4.5, platform
    # Text on panels and on the page background; badges on their tints.
    for text in ("ink", "muted", "link", "accent", "warn", "bad", "good"):
        assert contrast(colours[text], "#ffffff") >= 4.5, text
        assert contrast(colours[text], colours["bg"]) >= 4.5, text
    for text, tint in (("warn", "warn-soft"), ("bad", "bad-soft"), ("good", "good-soft"),
                       ("accent", "accent-soft")):  # fmt: skip
        assert contrast(colours[text], colours[tint]) >= 4.5, text
