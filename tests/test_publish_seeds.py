"""The publishers' text handling on real captions: the seed posts, read and captioned by the
project, then turned into what each platform is sent."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from smm_promote.captions.compose import captions_for
from smm_promote.config import Config
from smm_promote.publish.bluesky import rich_text
from smm_promote.publish.linkedin import escape_little_text
from smm_promote.publish.mastodon import status_length
from smm_promote.publish.threads import topic_tag
from smm_promote.sources import read_posts

pytestmark = pytest.mark.corpus


SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def captions():
    if not SEEDS.exists():
        pytest.skip(f"{SEEDS} is absent: the shared corpora sit beside the project checkout")
    seeds = SEEDS
    config = Config.from_mapping({"site_url": "https://blog.example.org"})
    posts = read_posts(seeds, config)
    assert len(posts) == 5
    platforms = ["bluesky", "mastodon", "linkedin", "threads"]
    return [c for post in posts for c in captions_for(post, config, platforms=platforms)]


def _of(captions, platform):
    found = [c for c in captions if c.platform == platform]
    assert found, platform
    return found


def test_bluesky_facets_make_every_link_and_hashtag_clickable(captions):
    for caption in _of(captions, "bluesky"):
        data = caption.text.encode()
        facets = rich_text(caption.text, caption.link).build_facets()
        links = [f for f in facets if f.features[0].py_type.endswith("#link")]
        tags = {f.features[0].tag: f for f in facets if f.features[0].py_type.endswith("#tag")}
        assert len(links) == 1, caption.text
        shown = data[links[0].index.byte_start : links[0].index.byte_end].decode()
        assert shown.startswith("blog.example.org/") and links[0].features[0].uri == caption.link
        assert set(tags) == {h.lstrip("#") for h in caption.hashtags}, caption.text
        for tag, facet in tags.items():
            assert data[facet.index.byte_start : facet.index.byte_end].decode() == f"#{tag}"


def test_mastodon_counts_like_the_captions_do(captions):
    for caption in _of(captions, "mastodon"):
        assert status_length(caption.text, 23) == caption.length <= 500


def test_linkedin_escaping_loses_nothing(captions):
    for caption in _of(captions, "linkedin"):
        escaped = escape_little_text(caption.text)
        unescaped = re.sub(r"\{hashtag\|\\#\|((?:\\.|[^}])*)\}", r"#\1", escaped)
        unescaped = re.sub(r"\\(.)", r"\1", unescaped)
        assert unescaped == caption.text
        assert not re.search(r"(?<!\\)[()\[\]<>*_~@|]", re.sub(r"\{hashtag\|\\#\|", "", escaped))


def test_threads_topic_tag_is_the_caption_hashtag(captions):
    for caption in _of(captions, "threads"):
        expected = caption.hashtags[0].lstrip("#") if caption.hashtags else None
        assert topic_tag(caption.text) == expected
