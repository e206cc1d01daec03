"""Captions of real blogs (read in place): every caption fits, shows no markup, and quotes and
thread details are whole sentences even where the Markdown is hard-wrapped."""

from __future__ import annotations

import re

import pytest

from smm_promote.captions import length
from smm_promote.captions.compose import captions_for
from smm_promote.captions.hashtags import is_valid
from smm_promote.captions.plaintext import plain
from smm_promote.config import PLATFORMS, Config
from smm_promote.errors import Problems
from smm_promote.sources import read_posts

CONFIG = Config.from_mapping({"site_url": "https://blog.example.com", "platforms": list(PLATFORMS)})
BLOGS = ["mkdocs-material-official-blog", "hugo-basic-example"]


@pytest.mark.corpus
@pytest.mark.parametrize("blog", BLOGS)
def test_real_blog_captions(corpora, blog):
    posts = read_posts(corpora / blog, CONFIG, Problems())
    assert len(posts) >= 5
    quotes = 0
    for post in posts:
        for c in captions_for(post, CONFIG):
            assert all(is_valid(tag) for tag in c.hashtags)
            for part in c.parts:
                assert length.fits(c.platform, part, CONFIG), (post.source, c.platform, c.variant)
                prose = part.replace(c.link, "") if c.link else part
                assert plain(prose) == prose.strip(), (post.source, c.platform, c.variant)
            if c.platform == "x" and c.variant == "quote":
                quotes += 1
                sentence = c.text.split("\n\n")[0]
                assert re.fullmatch(r"“[A-Z0-9].{58,198}[.!]”", sentence), (post.source, sentence)
            if c.platform == "x" and c.variant == "takeaways":
                for part in c.parts[1:]:
                    point, _, detail = part.partition("\n\n")
                    assert re.fullmatch(r"\d+/\d+ \S.*", point)
                    assert (
                        not detail
                        or re.search(r"[.!?]$", detail.rstrip("…"))
                        or detail.endswith("…")
                    )
    assert quotes >= 1  # a quote only on the post's subject (its title's terms)
