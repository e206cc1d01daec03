"""Exact length of a text by each platform's own counting."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

import regex
from twitter_text import extract_urls_with_indices, parse_tweet
from twitter_text.config import config as TWITTER_CONFIGS
from twitter_text.parse_tweet import ParsedResult

from smm_promote.captions.platforms import rules_for

if TYPE_CHECKING:
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
_X_CONFIGS = {
    1: dict(TWITTER_CONFIGS["version1"], emoji_parsing_enabled=False),
    2: dict(TWITTER_CONFIGS["version2"], emoji_parsing_enabled=False),
    3: TWITTER_CONFIGS["version3"],
}
_X_SCALE = _X_CONFIGS[3]["scale"]
_X_DEFAULT_WEIGHT = _X_CONFIGS[3]["default_weight"]
#: v3 gives every listed range one weight (100, one character); everything else weighs 200.
(_X_LIGHT_WEIGHT,) = {r["weight"] for r in _X_CONFIGS[3]["ranges"]}
_X_HEAVY = regex.compile(
    "[^" + "".join(f"\\U{r['start']:08x}-\\U{r['end']:08x}" for r in _X_CONFIGS[3]["ranges"]) + "]"
)


def graphemes(text: str) -> list[str]:
    """The user-perceived characters (extended grapheme clusters) of `text`."""
    return _GRAPHEME.findall(text)


def grapheme_count(text: str) -> int:
    return len(_GRAPHEME.findall(text))


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def parse_x(text: str, version: int = 3) -> ParsedResult:
    """twitter-text's full parse (weighted length, validity, ranges) with config v1, v2 or v3."""
    return parse_tweet(text, _X_CONFIGS[version])


def x_length(text: str) -> int:
    """X's weighted length (twitter-text v3): NFC, weight-100 ranges 1, others and emoji 2,
    every URL 23.

    twitter-text's emoji pattern is slow, so text without any character that can be part of
    an emoji is weighed here with the same URL extraction and weights (the tests hold both
    ways to the conformance file and to each other).
    """
    if _EMOJI_CAPABLE.search(text):
        return parse_tweet(text, _X_CONFIGS[3]).weightedLength
    normalized = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    total, pos = 0, 0
    for item in extract_urls_with_indices(normalized):
        start = item["indices"][0]
        total += _weight(normalized[pos:start]) + URL_LENGTH * _X_SCALE
        pos = start + len(item["url"])
    total += _weight(normalized[pos:])
    return total // _X_SCALE


def _weight(text: str) -> int:
    heavy = len(_X_HEAVY.findall(text))
    return _X_LIGHT_WEIGHT * (len(text) - heavy) + _X_DEFAULT_WEIGHT * heavy


def mastodon_length(text: str) -> int:
    """Mastodon's count: graphemes, with every http(s) URL as 23 and remote mentions as
    the local `@user`."""
    spans = [
        (start, end, "x" * URL_LENGTH)
        for item in extract_urls_with_indices(text, False)
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


def count(platform: str, text: str) -> int:
    """The length of `text` as `platform` counts it."""
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
    return any(ch in "\ufffe\ufeff\uffff" for ch in unicodedata.normalize("NFC", text))
