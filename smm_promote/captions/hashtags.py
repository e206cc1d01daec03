"""Hashtags people follow: the configured tags, then the post's tags and categories, then
distinctive title keywords; CamelCase, valid on every platform (letters, marks and digits, at
least one letter), deduplicated by stem, rotated across reposts.

Never a hashtag: a language code or the name of the post's language (`#zh`, `#en`,
`#English`), a version (`#v6`), a tag made only of stop words or words that label a kind of
post (`#release`, `#news`, `#learned`: `vocabulary.GENERIC_WORDS`). Title keywords are runs
of one to three words between stop words, generic words, numbers and punctuation, leaving
out words found in most of the site's posts (`vocabulary.SiteVocabulary`); a compound
("non-trivial", "St. Louis") stays whole; a title of two words or more is never one tag;
titles in languages written without spaces give none."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

import regex

from smm_promote.captions import vocabulary as vocab
from smm_promote.captions.text import one_line
from smm_promote.captions.vocabulary import GENERIC_WORDS, SiteVocabulary, stem, stopwords
from smm_promote.model import Post

#: A valid hashtag: Unicode letters, marks and decimal digits, with at least one letter, and
#: not opening with a mark (it would join the '#').
VALID_HASHTAG = regex.compile(r"#(?!\p{M})(?=[\p{L}\p{M}\p{Nd}]*\p{L})[\p{L}\p{M}\p{Nd}]+")
_WORD_SEPARATORS = regex.compile(r"[\s\-_/|+&·,;:]+")
_NOT_TAG_CHAR = regex.compile(r"[^\p{L}\p{M}\p{Nd}]+")
_LEADING_MARKS = regex.compile(r"^\p{M}+")
#: English stop words (kept for callers of `title_keywords` without a language).
STOPWORDS = stopwords("en")
#: Languages written without spaces between words: a run of their letters is a phrase, not a
#: word, so their titles give no keywords (their tags and categories still do).
_UNSPACED = frozenset({"zh", "ja", "th", "lo", "km", "my", "bo"})
#: A title word: letters and digits, joined through "-", ".", "_" or an apostrophe inside
#: ("non-trivial", "node.js", "don't" are one word, never split into tags).
_TOKEN = regex.compile(r"[\p{L}\p{M}\p{Nd}]+(?:[-.'’_][\p{L}\p{M}\p{Nd}]+)*")
#: Abbreviations that end with a dot and belong to the next word ("St. Louis").
_JOINED_ABBREVIATIONS = frozenset({"st", "mt", "ft", "dr", "mr", "mrs", "ms", "prof"})
_ARTICLES = frozenset({"a", "an", "the", "my", "our", "your", "some"})
_VERSION_LIKE = regex.compile(r"^v?\d+(?:\.\d+)*[a-z]?$", regex.IGNORECASE)
_UNSPACED_SCRIPT = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}]")


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


def title_keywords(
    title: str,
    stopwords: Iterable[str] = STOPWORDS,
    *,
    lang: str | None = None,
    vocabulary: SiteVocabulary | None = None,
) -> list[str]:
    """Keyword phrases of a title (see the module's rules)."""
    stop = {w.casefold() for w in stopwords}
    if vocab.primary(lang) in _UNSPACED:
        return []
    phrases: list[list[str]] = [[]]
    title = one_line(title)
    tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(title)]
    words_of_title: list[str] = []
    at = 0
    while at < len(tokens):
        word, start, end = tokens[at]
        gap = title[tokens[at - 1][2] : start] if at else ""
        if gap.strip():  # punctuation between words ends a phrase
            phrases.append([])
        following = title[end : tokens[at + 1][1]] if at + 1 < len(tokens) else ""
        if word.casefold() in _JOINED_ABBREVIATIONS and following.strip() == ".":
            word = f"{word} {tokens[at + 1][0]}"
            at += 1
        at += 1
        words_of_title.append(word)
        if _breaks(word, stop, lang, vocabulary):
            phrases.append([])
        else:
            phrases[-1].append(word)
    whole = _without_article(words_of_title)  # the title: never one tag
    out = []
    for words in phrases:
        if not 1 <= len(words) <= 3 or (len(words) > 1 and words == whole):
            continue
        if len(words) > 1 or len(words[0]) >= 4 or (words[0].isupper() and len(words[0]) > 1):
            out.append(" ".join(words))
    return out


def _without_article(words: list[str]) -> list[str]:
    """`words` without an article or possessive that opens them ("A Powerful Partnership")."""
    return words[1:] if words and words[0].casefold() in _ARTICLES else words


def _is_stopword(folded: str, stop: set[str] | frozenset[str]) -> bool:
    """Whether a case-folded word is a stop word, whatever its apostrophe ("we’re", "dont")."""
    straight = folded.replace("’", "'")
    return folded in stop or straight in stop or straight.replace("'", "") in stop


def _breaks(word: str, stop: set[str], lang: str | None, site: SiteVocabulary | None) -> bool:
    """Whether a title word is no keyword and ends the phrase before it."""
    folded = word.casefold()
    return (
        _is_stopword(folded, stop)
        or folded in GENERIC_WORDS
        or not regex.search(r"\p{L}", word)
        or word[0].isdigit()
        or bool(_VERSION_LIKE.match(word))
        or bool(_UNSPACED_SCRIPT.search(word))
        or vocab.is_language_label(word)
        or (site is not None and " " not in word and site.common(word, lang))
    )


def followable(phrase: str, post: Post) -> bool:
    """Whether a tag or category of the post makes a hashtag people follow: not a language
    label, a version, a link, nor only stop words and words for a kind of post."""
    text = one_line(phrase).lstrip("#＃").strip()
    langs = [post.lang, *(lang for lang, _ in post.translations)]
    if not text or "://" in text or _VERSION_LIKE.match(text):
        return False
    if vocab.is_language_label(text, langs):
        return False
    stop = stopwords(post.lang)
    words = [w.casefold() for w in _WORD_SEPARATORS.split(text) if w]
    return not all(_is_stopword(w, stop) or w in GENERIC_WORDS for w in words)


def _stem_key(phrase: str, lang: str | None) -> str:
    """What two spellings of one tag share: "release" and "Released", "social-media" and
    "Social Media"."""
    words = [_NOT_TAG_CHAR.sub("", w) for w in _WORD_SEPARATORS.split(one_line(phrase))]
    return "".join(stem(w, lang) for w in words if w)


def candidates(
    post: Post,
    always: Sequence[str] = (),
    *,
    keywords: bool = True,
    max_length: int = 32,
    vocabulary: SiteVocabulary | None = None,
) -> tuple[list[str], list[str]]:
    """(always-on tags, the post's own tags in order of preference), deduplicated by stem
    case-insensitively. The post's `share.hashtags` come first, then its tags and categories
    that are `followable`, then title keywords (`vocabulary` defaults to the one in use)."""
    seen: set[str] = set()

    def collect(phrases: Iterable[str]) -> list[str]:
        tags = []
        for phrase in phrases:
            tag = to_hashtag(phrase, max_length)
            key = _stem_key(phrase, post.lang)
            if tag and tag.casefold() not in seen and key not in seen:
                seen.update((tag.casefold(), key))
                tags.append(tag)
        return tags

    fixed = collect(always)
    share_tags = post.share.get("hashtags") if hasattr(post.share, "get") else None
    extra = [str(t) for t in share_tags] if isinstance(share_tags, tuple | list) else []
    own = collect(extra)
    own += collect(t for t in (*post.tags, *post.categories) if followable(t, post))
    if keywords:
        site = vocabulary or vocab.current()
        found = title_keywords(post.title, stopwords(post.lang), lang=post.lang, vocabulary=site)
        own += collect(found)
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
