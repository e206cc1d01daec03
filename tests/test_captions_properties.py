"""Property: whatever the post, every caption fits its platform, keeps its link, has valid
hashtags and shows no Markdown or HTML syntax."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smm_promote.captions import length
from smm_promote.captions.compose import captions_for, phrases_of
from smm_promote.captions.hashtags import is_valid
from smm_promote.captions.links import display_link
from smm_promote.captions.platforms import PLATFORM_RULES
from smm_promote.config import PLATFORMS, Config
from smm_promote.model import Author, Post

CONFIG = Config.from_mapping(
    {"site_url": "https://blog.example.com", "platforms": list(PLATFORMS),
     "captions": {"always_tags": ["IndieWeb"], "inline_hashtags": True}}
)  # fmt: skip

WORDS = [
    "social", "media", "marketing", "blog", "Python", "the", "a", "of", "café", "naïve",
    "日本語", "中文内容", "한국어", "العربية", "עברית", "🚀", "👨‍👩‍👧‍👦", "🇺🇦", "e\u0301",
    "**bold**", "[link](https://x.example/y)", "<b>tag</b>", "<A", ">", "Vec<T>", "&amp;", "`code`", "__init__",
    "#hashtag", "@someone", "2024", "example.com", "https://other.example/page?q=1",
    "Supercalifragilisticexpialidocious" * 4, "x" * 300, ".", "?", "!", ",", ":", "\n", "…",
]  # fmt: skip
words = st.one_of(st.sampled_from(WORDS), st.text(min_size=1, max_size=12))
phrases = st.lists(words, max_size=60).map(" ".join)
SYNTAX = re.compile(
    r"\*\*|__|`|\[[^\]]*\]\([^)]*\)"
    r"|</?(?:a|b|i|u|s|p|em|strong|div|span|br|img|code|pre|script|h[1-6]|li|ul|ol)(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)

posts = st.builds(
    Post,
    url=st.sampled_from(
        [
            "https://blog.example.com/a-post/",
            "https://blog.example.com/2024/05/" + "long-slug-" * 12,
            "https://blog.example.com/p?id=7&lang=de#comments",
        ]
    ),
    title=phrases,
    summary=phrases,
    body=st.lists(phrases, max_size=12).map("\n".join),
    headings=st.lists(phrases, max_size=10).map(tuple),
    tags=st.lists(phrases, max_size=200).map(tuple),
    categories=st.lists(phrases, max_size=5).map(tuple),
    authors=st.lists(
        st.builds(
            Author,
            name=st.text(max_size=20),
            handles=st.sampled_from([(), (("x", "writer"), ("mastodon", "@w@example.social"))]),
        ),
        max_size=2,
    ).map(tuple),
    date=st.just(datetime(2024, 1, 1, tzinfo=UTC)),
    updated=st.sampled_from([None, datetime(2025, 6, 1, tzinfo=UTC)]),
    slug=st.sampled_from(["", "a-post"]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(post=posts)
def test_every_caption_is_postable(post):
    for c in captions_for(post, CONFIG):
        rules = PLATFORM_RULES[c.platform]
        for part in c.parts:
            assert length.fits(c.platform, part, CONFIG), (c.platform, c.variant, part)
            assert length.count(c.platform, part) <= c.limit
        if rules.link == "text":
            assert c.link in c.text
        elif rules.link == "short":
            assert display_link(c.link) in c.text
        elif rules.link == "bio":
            assert phrases_of(post, CONFIG).say("link_in_bio") in c.text
        for tag in c.hashtags:
            assert is_valid(tag), tag
            assert regex.search(rf"(?<!\S){re.escape(tag)}(?![\p{{L}}\p{{M}}\p{{Nd}}_])", c.text)
        assert len(c.hashtags) <= (rules.max_hashtags or 99)
        for part in c.parts:
            prose = part.replace(c.link, "") if c.link else part
            assert not SYNTAX.search(prose), (c.platform, c.variant, part)
