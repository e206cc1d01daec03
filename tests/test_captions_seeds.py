"""Golden captions for the seed posts (read in place through the sources), and what every
caption of a real post must be: fitted, free of markup and navigation text, varied."""

from __future__ import annotations

import json
import os
import re

import pytest

from smm_promote.captions import length
from smm_promote.captions.compose import captions_for
from smm_promote.config import PLATFORMS, Config
from smm_promote.errors import Problems
from smm_promote.sources import read_posts

GOLDEN = "captions/seeds_mastodon.json"
CONFIG = Config.from_mapping({"site_url": "https://blog.example.com", "platforms": list(PLATFORMS)})
#: Navigation and site furniture of the scraped page (seed 003).
NAVIGATION = re.compile(
    r"pricing|log ?in\b|try buffer|products publish|resources about|learn more|gorgeous reports",
    re.IGNORECASE,
)
MARKUP = re.compile(r"\*\*|__|`|\[[^\]]*\]\([^)]*\)|</?[a-z][a-z0-9]*[^<>]*>|^#{1,6} ", re.M)


@pytest.fixture(scope="module")
def seed_captions():
    from tests.conftest import SEEDS

    if not SEEDS.exists():
        pytest.skip(f"{SEEDS} is absent: the shared corpora sit beside the project checkout")
    problems = Problems()
    posts = read_posts(SEEDS, CONFIG, problems)
    return {post.source.rsplit("/", 1)[-1]: captions_for(post, CONFIG) for post in posts}


def _words(caption):
    """What a caption says, without its link, link line and hashtags."""
    blocks = caption.text.split("\n\n")
    return "\n\n".join(b for b in blocks if not b.startswith(("#", "http", "blog.", "Link in")))


def _prose(caption):
    return [part.replace(caption.link or "\0", "") for part in caption.parts]


@pytest.mark.corpus
def test_seed_captions_match_the_golden_file(seed_captions, fixtures):
    found = {
        name: {c.variant: list(c.parts) for c in captions if c.platform == "mastodon"}
        for name, captions in sorted(seed_captions.items())
    }
    path = fixtures / GOLDEN
    if os.environ.get("SMM_UPDATE_GOLDEN"):
        path.write_text(json.dumps(found, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert found == json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.corpus
def test_seed_captions_read_like_a_person_wrote_them(seed_captions):
    assert len(seed_captions) == 5
    for name, captions in seed_captions.items():
        assert {c.platform for c in captions} == set(PLATFORMS), name
        for c in captions:
            for part in c.parts:
                assert length.fits(c.platform, part, CONFIG), (name, c.platform, c.variant)
                assert "  " not in part and "\n\n\n" not in part
            for prose in _prose(c):
                assert not MARKUP.search(prose), (name, c.platform, c.variant, prose)
                assert not NAVIGATION.search(prose), (name, c.platform, c.variant, prose)


@pytest.mark.corpus
def test_variants_differ_on_every_seed(seed_captions):
    for name, captions in seed_captions.items():
        for platform in PLATFORMS:
            texts = [_words(c) for c in captions if c.platform == platform]
            assert len(texts) >= 4, (name, platform)
            assert len(set(texts)) == len(texts), (name, platform, texts)


@pytest.mark.corpus
def test_scraped_page_quote_reads_well(seed_captions):
    captions = seed_captions["003_a6a45533d6d05c18.txt"]
    quote = next(c for c in captions if c.platform == "x" and c.variant == "quote")
    sentence = quote.text.split("\n\n")[0]
    assert sentence.startswith("“") and sentence.endswith(".”")
    assert sentence[1].isupper()
    assert 60 <= len(sentence) - 2 <= 200


@pytest.mark.corpus
def test_front_matter_description_is_the_summary(seed_captions):
    captions = seed_captions["000_25a61de1ee1c4799.txt"]
    summary = next(c for c in captions if c.platform == "bluesky" and c.variant == "summary")
    assert summary.text.startswith(
        "Learn how to effectively use social media marketing as a blogger to increase traffic "
        "and engagement on your blog.\n\nblog.example.com/social-media…"
    )
