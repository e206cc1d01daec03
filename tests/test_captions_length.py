"""Length counting by each platform's own rules; X against twitter-text's conformance file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from smm_promote.captions import length
from smm_promote.captions.platforms import CARD_SIZES, PLATFORM_RULES, card_size
from smm_promote.config import PLATFORMS, Config

CONFORMANCE = Path(__file__).resolve().parents[1].parent / "shared/corpora/twitter-text-conformance"


def _cases(group: str) -> list:
    path = CONFORMANCE / "conformance/validate.yml"
    if not path.exists():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"{path} is absent"))]
    cases = yaml.safe_load(path.read_text(encoding="utf-8"))["tests"][group]
    return [pytest.param(case, id=case["description"]) for case in cases]


@pytest.mark.corpus
@pytest.mark.parametrize("case", _cases("WeightedTweetsWithDiscountedEmojiCounterTest"))
def test_x_length_matches_twitter_text_v3(case):
    expected = case["expected"]
    assert length.x_length(case["text"]) == expected["weightedLength"]
    assert length.count("x", case["text"]) == expected["weightedLength"]
    assert length.fits("x", case["text"]) == expected["valid"]
    parsed = length.parse_x(case["text"])
    assert parsed.asdict() == {**parsed.asdict(), **expected}


@pytest.mark.corpus
@pytest.mark.parametrize("case", _cases("UnicodeDirectionalMarkerCounterTest"))
def test_x_length_with_directional_marks(case):
    expected = case["expected"]
    assert length.x_length(case["text"]) == expected["weightedLength"]
    assert length.fits("x", case["text"]) == expected["valid"]


@pytest.mark.corpus
@pytest.mark.parametrize("case", _cases("WeightedTweetsCounterTest"))
def test_x_length_v2_config(case):
    parsed = length.parse_x(case["text"], version=2)
    assert parsed.asdict() == {**parsed.asdict(), **case["expected"]}


@pytest.mark.corpus
@pytest.mark.parametrize("case", _cases("tweets"))
def test_x_validity_v1_config(case):
    assert length.parse_x(case["text"], version=1).valid == case["expected"]


@pytest.mark.corpus
def test_x_rules_match_the_v3_config(corpora):
    config = json.loads((corpora / "twitter-text-conformance/config/v3.json").read_text())
    assert PLATFORM_RULES["x"].limit == config["maxWeightedTweetLength"]
    assert config["transformedURLLength"] == length.URL_LENGTH
    assert length.x_length("é" * 10 + "の" * 10) == 10 + 2 * 10


def test_every_platform_has_rules_and_a_card_size():
    assert tuple(PLATFORM_RULES) == PLATFORMS
    for name, rules in PLATFORM_RULES.items():
        assert rules.card in CARD_SIZES
        assert rules.counting in length.COUNTERS
        assert card_size(name)[0] == rules.card
    assert card_size("x") == ("x", 1200, 675)
    assert card_size("pinterest") == ("pinterest", 1000, 1500)
    assert PLATFORM_RULES["instagram"].max_hashtags == 5
    assert PLATFORM_RULES["threads"].max_hashtags == 1
    assert PLATFORM_RULES["threads"].max_links == 5


def test_mastodon_counts_graphemes_urls_and_remote_mentions():
    url = "https://example.com/" + "a" * 100
    assert length.mastodon_length(f"Read {url} now") == len("Read  now") + 23
    assert length.mastodon_length("hi @alice@example.social") == len("hi @alice")
    # a family emoji is one grapheme of seven code points
    assert length.mastodon_length("👨‍👩‍👧‍👦") == 1
    # no scheme, no URL: counted as written
    assert length.mastodon_length("example.com") == 11


def test_bluesky_counts_graphemes_and_bytes():
    flag = "🇺🇦"
    assert length.count("bluesky", flag * 300) == 300
    assert len((flag * 300).encode()) == 2400
    assert length.fits("bluesky", flag * 300) is True
    assert length.fits("bluesky", flag * 301) is False
    assert length.fits("bluesky", "a" * 300) is True
    assert length.fits("bluesky", "a" * 301) is False
    # 300 graphemes of 16 bytes each (ZWJ family) pass the grapheme limit, not the byte limit
    family = "👨‍👩‍👧‍👦"
    assert length.count("bluesky", family * 200) == 200
    assert length.fits("bluesky", family * 200) is False


def test_threads_counts_emoji_by_their_bytes():
    assert length.count("threads", "abc") == 3
    assert length.count("threads", "ok 👍") == 3 + 4
    assert length.count("threads", "é") == 1


def test_linkedin_counts_utf16_and_escapes():
    assert length.count("linkedin", "a#b") == 4
    assert length.count("linkedin", "𝄞") == 2
    assert length.count("facebook", "𝄞") == 2


def test_limits_can_be_configured_per_instance():
    config = Config.from_mapping({"captions": {"limits": {"mastodon": 1000}}})
    assert length.limit("mastodon", config) == 1000
    assert length.limit("mastodon") == 500
    assert length.fits("mastodon", "a" * 800, config)
    assert not length.fits("mastodon", "a" * 800)


def test_empty_text_never_fits():
    assert not length.fits("x", "")
    assert not length.fits("linkedin", "   ")


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=20),
            st.sampled_from(
                ["https://a.example/x?y=1", "example.com", "“quoted” …", "日本語", "👍🏽", "1️⃣", "©"]
            ),
        ),
        max_size=12,
    ).map(" ".join)
)
def test_x_length_agrees_with_twitter_text(text):
    assert length.x_length(text) == length.parse_x(text).weightedLength
