"""The demo's preview in headless Chromium: one count of planned shares on every page, a
reason on every post without a share to come, and frames showing the account that posts."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import DEMO_GROUP, DemoRun

pytestmark = [pytest.mark.browser, DEMO_GROUP]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


@pytest.fixture(scope="module")
def preview(demo_run: DemoRun) -> Path:
    """The preview of the demo run `test_demo.py` checks too (the same process)."""
    assert demo_run.result.returncode == 0, demo_run.result.stderr
    return demo_run.out / "preview"


@pytest.fixture(scope="module")
def page():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent (.ci/run installs Debian's chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium.new_page()
        chromium.close()


def texts(page, selector: str) -> list[str]:
    return [" ".join(t.split()) for t in page.locator(selector).all_inner_texts()]


def test_planned_shares_are_one_count_on_every_page(preview, page):
    page.goto((preview / "index.html").as_uri())
    header, tile = (int(t) for t in texts(page, '[data-count="planned"]'))
    per_post = sum(int(t) for t in texts(page, '[data-count="post-planned"]'))
    page.goto((preview / "calendar.html").as_uri())
    (calendar,) = (int(t) for t in texts(page, '.lead [data-count="planned"]'))
    assert header == tile == per_post == calendar > 0


def test_every_post_without_a_share_says_why(preview, page):
    page.goto((preview / "index.html").as_uri())
    tiles = page.locator(".post-tile")
    silent = []
    reasons = {}
    for index in range(tiles.count()):
        tile = tiles.nth(index)
        title = " ".join(tile.locator(".tile-title").inner_text().split())
        planned = int(tile.locator('[data-count="post-planned"]').inner_text())
        reason = tile.locator("[data-no-share]")
        if planned == 0:
            if reason.count() == 0 or not reason.text_content().strip():
                silent.append(title)
            else:
                reasons[title] = " ".join(reason.text_content().split())
        else:
            assert reason.count() == 0, title
    assert silent == []
    assert reasons["A post that is not ready yet"] == "not promoted: draft"
    japanese = next(text for title, text in reasons.items() if "日本語" in title)
    assert japanese.startswith("no share: evergreen: false, and older than ")


def test_the_x_frame_shows_the_configured_account(preview, page):
    page.goto((preview / "index.html").as_uri())
    page.locator(".post-tile a", has_text="Write for the archive").first.click()
    frame = page.locator('section[data-platform="x"] article.frame').first
    assert " ".join(frame.locator(".handle").inner_text().split()) == "@staticnotes"
    assert " ".join(frame.locator(".who strong").inner_text().split()) == "Small Static Notes"
