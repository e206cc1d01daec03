"""Cards for the seed posts and real blogs from ../shared, read through the sources."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from smm_promote.captions.text import takeaways as points_of
from smm_promote.cards.render import RunStats, render_cards
from smm_promote.cards.settings import SIZES
from smm_promote.cards.sheet import contact_sheet
from smm_promote.config import Config
from smm_promote.errors import Problems
from smm_promote.sources import read_posts

pytestmark = pytest.mark.corpus

TEMPLATES = ["classic", "photo", "quote", "takeaways", "minimal"]


def config() -> Config:
    return Config.from_mapping(
        {"site_url": "https://example.com", "site_name": "Example Blog",
         "cards": {"fetch_images": False}}
    )  # fmt: skip


def test_seed_posts_get_every_template_in_the_widest_and_tallest_size(seeds, tmp_path):
    cfg = config()
    problems = Problems()
    posts = read_posts(seeds, cfg, problems)
    assert len(posts) == 5
    stats = RunStats()
    cards = render_cards(posts, cfg, tmp_path, problems=problems, progress=False,
                         templates=TEMPLATES, sizes=["og", "story"], stats=stats)  # fmt: skip
    # Every template for every post but the takeaways card of a post without three points.
    with_points = sum(1 for post in posts if points_of(post))
    assert with_points == 4
    assert stats.drawn == (5 * (len(TEMPLATES) - 1) + with_points) * 2
    # The Pelican seed names a thumbnail on its own site that is not in the folder.
    assert [p.message.split(" not found")[0] for p in problems] == [
        "image: https://example.com/theme/assets/images/contents/thumbnail/thumb_blog_8.jpg"
    ]
    for group in cards.values():
        for card in group:
            assert Image.open(card.path).size == SIZES[card.size]
            assert card.alt.startswith(("Share card: “", "Quote card from “", "Takeaways card"))
    steps = cards["https://example.com/steps-in-social-media-marketing/"]
    takeaways = next(c for c in steps if c.template == "takeaways")
    assert "1. Define Your Goals and Objectives; 2. Identify Your Target Audience" in takeaways.alt
    sheet = contact_sheet([c for g in cards.values() for c in g if c.size == "og"],
                          tmp_path / "sheet.png")  # fmt: skip
    assert Image.open(sheet).width > 1000


@pytest.mark.parametrize(
    "blog", ["pelican-project-tests", "mkdocs-material-official-blog", "feeds-real-blogs"]
)
def test_real_blogs_render_without_missing_glyphs(corpora, tmp_path, blog):
    cfg = config()
    problems = Problems()
    posts = read_posts(corpora / blog, cfg, problems)
    before = len(problems)
    cards = render_cards(posts, cfg, tmp_path, problems=problems, progress=False,
                         sizes=["og"])  # fmt: skip
    new = [p.message for p in list(problems)[before:]]
    assert not [m for m in new if "font" in m], new
    assert sum(len(g) for g in cards.values()) == len(posts)
    for group in cards.values():
        assert Path(group[0].path).is_file()
    if blog == "pelican-project-tests":  # a Japanese title, through the CJK fallback
        titles = [p.title for p in posts]
        assert "マックOS X 10.8でパイソンとVirtualenvをインストールと設定" in titles
