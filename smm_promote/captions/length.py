"""Exact length of a text by each platform's own counting."""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

import regex

from smm_promote.captions.platforms import rules_for

if TYPE_CHECKING:
    from twitter_text.parse_tweet import ParsedResult

    from smm_promote.config import Config

#: Every URL counts this many characters on X and Mastodon.
URL_LENGTH = 23
#: Characters LinkedIn's "little text" format needs escaped with a backslash.
LINKEDIN_RESERVED = frozenset("\\|{}@[]()<>#*_~")

_GRAPHEME = regex.compile(r"\X")
_EMOJI = regex.compile(r"\p{Extended_Pictographic}|\p{Regional_Indicator}")
#: Mastodon's mention pattern; a remote mention counts as its local part.
_MENTION = regex.compile(r"(?<![\w/@])@(\w+)(?:@[\w.-]+\w)?", regex.ASCII)
#: Characters that can be (part of) an emoji, apart from the keycap bases # * 0-9.
_EMOJI_CAPABLE = regex.compile(r"(?![#*0-9])[\p{Emoji}\p{Emoji_Component}]")


@cache
def _x() -> dict[str, Any]:
    """twitter-text and X's counting configs, loaded on first use: its emoji pattern takes
    a good part of a second to compile, and a rerun whose captions are kept needs none."""
    from twitter_text import extract_urls_with_indices, parse_tweet
    from twitter_text.config import config as twitter_configs

    configs = {
        1: dict(twitter_configs["version1"], emoji_parsing_enabled=False),
        2: dict(twitter_configs["version2"], emoji_parsing_enabled=False),
        3: twitter_configs["version3"],
    }
    ranges = configs[3]["ranges"]
    #: v3 gives every listed range one weight (100, one character); everything else weighs 200.
    (light,) = {r["weight"] for r in ranges}
    heavy = "".join(f"\\U{r['start']:08x}-\\U{r['end']:08x}" for r in ranges)
    return {
        "parse": parse_tweet,
        "urls": extract_urls_with_indices,
        "configs": configs,
        "scale": configs[3]["scale"],
        "default_weight": configs[3]["default_weight"],
        "light_weight": light,
        "heavy": regex.compile("[^" + heavy + "]"),
    }


def graphemes(text: str) -> list[str]:
    """The user-perceived characters (extended grapheme clusters) of `text`."""
    return _GRAPHEME.findall(text)


def grapheme_count(text: str) -> int:
    return len(_GRAPHEME.findall(text))


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def parse_x(text: str, version: int = 3) -> ParsedResult:
    """twitter-text's full parse (weighted length, validity, ranges) with config v1, v2 or v3."""
    return _x()["parse"](text, _x()["configs"][version])


def x_length(text: str) -> int:
    """X's weighted length (twitter-text v3): NFC, weight-100 ranges 1, others and emoji 2,
    every URL 23.

    twitter-text's emoji pattern is slow, so text without any character that can be part of
    an emoji is weighed here with the same URL extraction and weights (the tests hold both
    ways to the conformance file and to each other).
    """
    x = _x()
    if _EMOJI_CAPABLE.search(text):
        return int(x["parse"](text, x["configs"][3]).weightedLength)
    normalized = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    total, pos = 0, 0
    for item in x["urls"](normalized):
        start = item["indices"][0]
        total += _weight(normalized[pos:start]) + URL_LENGTH * x["scale"]
        pos = start + len(item["url"])
    total += _weight(normalized[pos:])
    return int(total // x["scale"])


def _weight(text: str) -> int:
    x = _x()
    heavy = len(x["heavy"].findall(text))
    return int(x["light_weight"] * (len(text) - heavy) + x["default_weight"] * heavy)


def mastodon_length(text: str) -> int:
    """Mastodon's count: graphemes, with every http(s) URL as 23 and remote mentions as
    the local `@user`."""
    spans = [
        (start, end, "x" * URL_LENGTH)
        for item in _x()["urls"](text, False)
        for start, end in [item["indices"]]
    ]
    for match in _MENTION.finditer(text):
        if not any(s < match.end() and match.start() < e for s, e, _ in spans):
            spans.append((match.start(), match.end(), "@" + match.group(1)))
    out, pos = [], 0
    for start, end, replacement in sorted(spans):
        out += [text[pos:start], replacement]
        pos = end
    out.append(text[pos:])
    return grapheme_count("".join(out))


def threads_length(text: str) -> int:
    """Threads' count, conservatively: graphemes, an emoji as its UTF-8 bytes."""
    return sum(len(g.encode()) if _EMOJI.search(g) else 1 for g in graphemes(text))


def linkedin_length(text: str) -> int:
    """UTF-16 units of the text once reserved characters are escaped for the API."""
    return utf16_length(text) + sum(1 for ch in text if ch in LINKEDIN_RESERVED)


COUNTERS = {
    "twitter": x_length,
    "mastodon": mastodon_length,
    "graphemes": grapheme_count,
    "threads": threads_length,
    "utf16": utf16_length,
    "linkedin": linkedin_length,
}


@lru_cache(maxsize=16384)
def count(platform: str, text: str) -> int:
    """The length of `text` as `platform` counts it (kept: fitting a caption weighs the
    same candidate texts again and again)."""
    return COUNTERS[rules_for(platform).counting](text)


def limit(platform: str, config: Config | None = None) -> int:
    """The text limit of `platform`, or the one configured in `[captions] limits`
    (e.g. a Mastodon instance's `max_characters`)."""
    if config is not None and platform in config.captions.limits:
        return config.captions.limits[platform]
    return rules_for(platform).limit


def fits(platform: str, text: str, config: Config | None = None) -> bool:
    """True when `platform` accepts `text`: not empty, within the limit (and byte limit)."""
    if not text.strip():
        return False
    rules = rules_for(platform)
    if rules.max_bytes is not None and len(text.encode()) > rules.max_bytes:
        return False
    if rules.counting == "twitter" and has_x_invalid_characters(text):
        return False
    return count(platform, text) <= limit(platform, config)


def has_x_invalid_characters(text: str) -> bool:
    """Whether `text` holds a character X refuses. None of them is composed or decomposed
    by normalisation, so the text as given tells (no NFC copy of every candidate text)."""
    return any(ch in text for ch in "\ufffe\ufeff\uffff")
