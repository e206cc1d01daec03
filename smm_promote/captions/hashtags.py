"""Hashtags: from tags, categories, configured tags and title keywords; CamelCase, valid on
every platform (letters, marks and digits, at least one letter), rotated across reposts."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

import regex

from smm_promote.captions.text import one_line
from smm_promote.model import Post

#: A valid hashtag: Unicode letters, marks and decimal digits, with at least one letter, and
#: not opening with a mark (it would join the '#').
VALID_HASHTAG = regex.compile(r"#(?!\p{M})(?=[\p{L}\p{M}\p{Nd}]*\p{L})[\p{L}\p{M}\p{Nd}]+")
_WORD_SEPARATORS = regex.compile(r"[\s\-_/|+&·,;:]+")
_NOT_TAG_CHAR = regex.compile(r"[^\p{L}\p{M}\p{Nd}]+")
_LEADING_MARKS = regex.compile(r"^\p{M}+")
_STOPWORDS = """a an and are as at be been but by can do does for from has have how i if in into
    is it
    its just more most my no not of on or our out over so than that the their them then these
    they this those to too up us vs was we what when where which who why will with without you
    your yours about after all also any before best ever every get here many much new off only
    own should some such very way ways via done make made makes use using used need know"""
STOPWORDS = frozenset(_STOPWORDS.split())


def is_valid(tag: str) -> bool:
    """True for a hashtag every platform recognises whole ("#SocialMedia", not "#2024")."""
    return bool(VALID_HASHTAG.fullmatch(tag))


def to_hashtag(phrase: str, max_length: int = 64) -> str | None:
    """`social media marketing` -> `#SocialMediaMarketing`; None when no valid tag remains.

    Words are joined CamelCase (a word with capitals of its own is kept as written), Unicode
    letters are kept, punctuation is dropped, a tag of digits only is refused.
    """
    phrase = unicodedata.normalize("NFC", one_line(phrase).lstrip("#＃"))
    words = [_NOT_TAG_CHAR.sub("", w) for w in _WORD_SEPARATORS.split(phrase)]
    words = [w for w in words if w]
    if not words:
        return None
    if len(words) > 1:
        words = [w[0].upper() + w[1:] if w == w.lower() else w for w in words]
    body = _LEADING_MARKS.sub("", "".join(words))
    tag = "#" + body
    if not is_valid(tag) or len(tag) > max_length + 1:
        return None
    return tag


def title_keywords(title: str, stopwords: Iterable[str] = STOPWORDS) -> list[str]:
    """Keyword phrases of a title: runs of 1-3 words between stop words and punctuation."""
    stop = {w.casefold() for w in stopwords}
    phrases: list[list[str]] = [[]]
    for word in regex.findall(r"[\p{L}\p{M}\p{Nd}'’]+|[^\p{L}\p{M}\p{Nd}'’\s]+", one_line(title)):
        if word.casefold() in stop or not regex.search(r"\p{L}", word) or word[0].isdigit():
            phrases.append([])
        else:
            phrases[-1].append(word)
    out = []
    for words in phrases:
        if 1 <= len(words) <= 3 and (len(words) > 1 or len(words[0]) >= 4):
            out.append(" ".join(words))
    return out


def candidates(
    post: Post, always: Sequence[str] = (), *, keywords: bool = True, max_length: int = 32
) -> tuple[list[str], list[str]]:
    """(always-on tags, the post's own tags in order of preference), deduplicated
    case-insensitively. The post's tags come first, then categories, then title keywords."""
    seen: set[str] = set()

    def collect(phrases: Iterable[str]) -> list[str]:
        tags = []
        for phrase in phrases:
            tag = to_hashtag(phrase, max_length)
            if tag and tag.casefold() not in seen:
                seen.add(tag.casefold())
                tags.append(tag)
        return tags

    fixed = collect(always)
    share_tags = post.share.get("hashtags") if hasattr(post.share, "get") else None
    extra = [str(t) for t in share_tags] if isinstance(share_tags, tuple | list) else []
    own = collect([*extra, *post.tags, *post.categories])
    if keywords:
        own += collect(title_keywords(post.title))
    return fixed, own


def choose(fixed: Sequence[str], own: Sequence[str], count: int, rotation: int = 0) -> list[str]:
    """`count` hashtags: the always-on ones first, then a window of the post's own tags that
    moves by `count` places with each rotation, so reposts show different sets."""
    chosen = list(fixed[:count])
    room = count - len(chosen)
    if room <= 0 or not own:
        return chosen
    start = (rotation * room) % len(own)
    window = [own[(start + i) % len(own)] for i in range(min(room, len(own)))]
    return chosen + window


def inline(text: str, tags: Sequence[str]) -> tuple[str, list[str]]:
    """Turn the first plain occurrence of each tag's words into the tag itself.

    Returns the new text and the tags that were placed inline (to leave out at the end).
    Matches only whole words preceded by the start or a space, outside links and mentions.
    """
    placed = []
    for tag in tags:
        words = regex.findall(
            r"\p{Lu}?[\p{Ll}\p{M}\p{Nd}]+|\p{Lu}+(?!\p{Ll})|[\p{L}\p{M}\p{Nd}]+", tag[1:]
        )
        if not words:
            continue
        joined = r"[\s\-]+".join(regex.escape(w) for w in words)
        pattern = r"(?<=^|\s)" + joined + r"(?=$|\s|[,.!?;:](?:\s|$))"
        match = regex.search(pattern, text, regex.IGNORECASE)
        if match:
            text = text[: match.start()] + tag + text[match.end() :]
            placed.append(tag)
    return text, placed
