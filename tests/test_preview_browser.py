"""The preview of the seed posts in headless Chromium: every card image loads, every caption
shows its count, the calendar lists every planned entry, the filters work, no console errors.

Screenshots go to $SMM_PREVIEW_SCREENSHOTS when set (docs/screenshots is made that way), else
to the test's temporary folder.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from smm_promote.config import Config
from smm_promote.preview.run import make_preview
from smm_promote.preview.view import page_names

#: One worker makes the preview and starts Chromium once for every test here (module fixtures).
pytestmark = [pytest.mark.browser, pytest.mark.corpus, pytest.mark.xdist_group("preview-seeds")]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")
PLATFORMS = ["x", "mastodon", "bluesky", "linkedin", "threads", "instagram", "pinterest"]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    seeds = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"{seeds} is absent: the shared corpora sit beside the project checkout")
    base = tmp_path_factory.mktemp("seeds-preview")
    config = Config.from_mapping(
        {
            "site_url": "https://blog.example.com",
            "site_name": "Example Blog",
            "timezone": "Europe/Berlin",
            "platforms": PLATFORMS,
            "handles": {"mastodon": "@blog@social.example", "bluesky": "blog.example.com"},
        },
        base_dir=base,
    )
    return make_preview([seeds], config, base / "preview", now=NOW)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent (.ci/run installs Debian's chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


class Tab:
    """A page that records console errors, failed requests and uncaught exceptions."""

    def __init__(self, browser, width: int = 1280, height: int = 900) -> None:
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else 0)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfailed", self._failed)

    def _failed(self, request) -> None:
        # Leaving a page aborts what it still loads (e.g. its icon): not an error of the page.
        if request.failure != "net::ERR_ABORTED":
            self.errors.append(f"failed: {request.url} ({request.failure})")

    def open(self, path: Path):
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")
        self.page.evaluate("Promise.all([...document.images].map(i => i.decode().catch(() => 0)))")
        return self.page

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def tab(browser):
    opened = Tab(browser)
    yield opened
    opened.close()


def pages_of(run) -> list[Path]:
    root = run.index.parent
    return [run.index, root / "calendar.html", *sorted((root / "posts").glob("*.html"))]


def shots_dir(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("SMM_PREVIEW_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_every_card_image_loads_and_no_console_errors(run, tab):
    assert len(run.promotion.posts) == 5
    seen = 0
    for path in pages_of(run):
        page = tab.open(path)
        images = page.eval_on_selector_all(
            "img", "els => els.map(i => [i.getAttribute('src'), i.complete, i.naturalWidth])"
        )
        broken = [src for src, complete, width in images if not complete or width == 0]
        assert not broken, f"{path.name}: images that did not load: {broken}"
        seen += len(images)
        assert tab.errors == [], f"{path.name}: {tab.errors}"
    cards = sum(len(c) for c in run.promotion.cards.values())
    assert cards >= 5 * 2
    assert seen > cards  # every card on its post page, plus thumbnails and frame previews


def test_every_caption_shows_its_count(run, tab):
    root = run.index.parent
    pages = page_names(run.promotion.posts)
    for post in run.promotion.posts:
        page = tab.open(root / pages[post.url])
        captions = run.promotion.captions[post.url]
        frames = page.locator("article.frame")
        assert frames.count() == len(captions)
        counts = page.eval_on_selector_all(
            "article.frame",
            "els => els.map(f => f.querySelector('.count:not(.title-count) .count-num').innerText)",
        )
        expected = [f"{c.length} / {c.limit}" for c in captions]
        assert sorted(counts) == sorted(expected), post.url
        assert all(re.fullmatch(r"\d+ / \d+", c) for c in counts)
        assert page.locator("article.frame .count-num").first.is_visible()


def test_calendar_lists_every_planned_entry(run, tab):
    page = tab.open(run.index.parent / "calendar.html")
    assert len(run.entries) > 20
    rows = page.locator(".platform-list tbody tr")
    chips = page.locator("li.chip")
    assert rows.count() == chips.count() == len(run.entries)
    linked = page.eval_on_selector_all(
        "li.chip a", "els => els.map(a => a.getAttribute('href').split('#entry-')[1])"
    )
    assert sorted(map(int, linked)) == sorted(e.id for e in run.entries)
    first = min(run.entries, key=lambda e: (e.due, e.id))
    month = first.due.astimezone(BERLIN).strftime("%B %Y")
    assert page.locator("section.month h3").first.inner_text().startswith(month)


def test_calendar_filters_by_platform_post_and_status(run, tab):
    page = tab.open(run.index.parent / "calendar.html")
    form = page.locator("form[data-filters]")
    assert form.is_visible()
    total = len(run.entries)
    assert form.locator(".filter-result").inner_text() == f"Showing {total} of {total} shares"
    for box in form.locator('input[name="platform"]').all():
        if box.get_attribute("value") != "bluesky":
            box.uncheck()
    sky = [e for e in run.entries if e.platform == "bluesky"]
    visible = page.locator(".platform-list tbody tr:visible")
    assert visible.count() == len(sky) > 0
    assert set(visible.evaluate_all("rs => rs.map(r => r.dataset.platform)")) == {"bluesky"}
    assert page.locator("li.chip:visible").count() == len(sky)
    assert form.locator(".filter-result").inner_text() == f"Showing {len(sky)} of {total} shares"
    # Narrow to one post: only its Bluesky shares remain; months without any are hidden.
    url = sky[0].post_url
    key = page.locator("li.chip", has=page.locator(f'a[href*="#entry-{sky[0].id}"]'))
    page.select_option("#filter-post", key.first.get_attribute("data-post"))
    mine = [e for e in sky if e.post_url == url]
    assert page.locator(".platform-list tbody tr:visible").count() == len(mine)
    months = {e.due.astimezone(BERLIN).strftime("%B %Y") for e in mine}
    shown = page.locator("section.month:visible h3").all_inner_texts()
    assert {t.split("\n")[0] for t in shown} == months
    assert all(t.endswith(" shown") for t in shown)
    # Everything back.
    page.select_option("#filter-post", "")
    for box in form.locator('input[name="platform"]').all():
        box.check()
    assert page.locator(".platform-list tbody tr:visible").count() == total
    assert tab.errors == []


def test_post_page_filter_hides_platforms(run, tab):
    post = run.promotion.posts[0]
    page = tab.open(run.index.parent / page_names(run.promotion.posts)[post.url])
    page.locator('form[data-filters] input[value="x"]').uncheck()
    assert page.locator('section.platform[data-platform="x"]').is_hidden()
    assert page.locator('section.platform[data-platform="mastodon"]').is_visible()
    n = len({c.platform for c in run.promotion.captions[post.url]})
    result = page.locator("form[data-filters] .filter-result").inner_text()
    assert result == f"Showing {n - 1} of {n} platforms"


def test_screenshots(run, browser, tmp_path):
    folder = shots_dir(tmp_path)
    root = run.index.parent
    pages = page_names(run.promotion.posts)
    post = root / next(page for url, page in pages.items() if "bloggers" in url)
    shots = {
        "overview.png": (run.index, True),
        "post.png": (post, False),
        "calendar.png": (root / "calendar.html", False),
    }
    for name, (path, full) in shots.items():
        tab = Tab(browser, 1280, 900 if full else 2000)
        tab.open(path).screenshot(path=str(folder / name), full_page=full)
        tab.close()
        with Image.open(folder / name) as image:
            assert image.width == 1280 and image.height >= 900
            # Not a blank page: many distinct colours (cards, badges, text).
            assert len(image.convert("RGB").getcolors(1 << 20) or []) > 200
    phone = Tab(browser, 390, 844)
    phone.open(root / "calendar.html").screenshot(path=str(folder / "calendar-phone.png"))
    width = phone.page.evaluate("document.documentElement.scrollWidth")
    phone.close()
    assert width <= 390  # nothing wider than a phone's screen


def test_served_pages_load_cleanly_over_http(run, tab):
    from smm_promote.preview.serve import PreviewServer

    root = run.index.parent
    server = PreviewServer(root, port=0).start()
    try:
        post = page_names(run.promotion.posts)[run.promotion.posts[0].url]
        for name in ("index.html", "calendar.html", post):
            page = tab.page
            response = page.goto(server.url + name)
            page.wait_for_load_state("networkidle")
            assert response.status == 200
            assert page.evaluate("[...document.images].every(i => i.naturalWidth > 0)")
        assert tab.errors == []
    finally:
        server.stop()
