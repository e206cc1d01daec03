"""Which words say what a post is about: stop words and stems per language, words that label
a kind of post rather than a topic, language codes, and the site's own common words.

`SiteVocabulary.of(posts)` counts, once per site, in how many posts each word appears; a word
found in most of them (more than `COMMON_SHARE`, on a site of `MIN_POSTS` posts or more) is
the site's subject, not a topic of one post. The pipeline puts it in use while captions are
written (`with vocabulary.in_use(): ...`), so hashtag picking can ask `current()`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache

import regex
import snowballstemmer
import stop_words

from smm_promote.model import Post

#: Words that name the kind of a post (a release, an update, news, notes), not its topic.
_GENERIC = """release releases released releasing version versions announcing announcement
    announcements announce announced introducing update updates updated news notes note
    changelog recap roundup learned lessons lesson thoughts misc miscellaneous uncategorized
    uncategorised general other others blog blogs post posts article articles today week
    weekly month monthly year yearly edition issue meta welcome hello part series"""
GENERIC_WORDS = frozenset(_GENERIC.split())
#: A word in more than this share of a site's posts is the site's subject, not a topic.
COMMON_SHARE = 0.5
#: Below this many posts, a site's word counts say nothing.
MIN_POSTS = 8
_WORD = regex.compile(r"[\p{L}\p{M}\p{Nd}]+")
_LANGUAGE_TAG = regex.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]{2,8})+$", regex.IGNORECASE)


def primary(lang: str | None) -> str:
    """The language subtag of a language tag: "zh-Hant" -> "zh"; "" when unknown."""
    return regex.split(r"[-_]", (lang or "").strip().casefold())[0]


@lru_cache(maxsize=64)
def stopwords(lang: str | None) -> frozenset[str]:
    """Stop words of the language (the `stop-words` package's lists) and English (titles
    in every language borrow English words), case-folded."""
    words = set(stop_words.get_stop_words("en"))
    code = primary(lang)
    if code in stop_words.LANGUAGE_MAPPING and code != "en":
        words |= set(stop_words.get_stop_words(code))
    folded = {w.casefold() for w in words}
    return frozenset(folded | {w.replace("'", "") for w in folded})


@lru_cache(maxsize=64)
def _stemmer(lang: str | None) -> snowballstemmer.stemmer:
    name = stop_words.LANGUAGE_MAPPING.get(primary(lang), "english")
    if name not in snowballstemmer.algorithms():
        name = "english"
    return snowballstemmer.stemmer(name)


@lru_cache(maxsize=65536)
def stem(word: str, lang: str | None = None) -> str:
    """The word's Snowball stem in the post's language (English when it has none)."""
    return _stemmer(lang).stemWord(word.casefold())


@lru_cache(maxsize=1)
def _language_codes() -> frozenset[str]:
    from babel import Locale

    return frozenset(code for code in Locale("en").languages if len(code) == 2)


@lru_cache(maxsize=256)
def _language_names(lang: str) -> frozenset[str]:
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(lang.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return frozenset()
    name = locale.get_language_name("en")
    return frozenset({name.casefold()} if name else ())


def is_language_label(phrase: str, langs: Iterable[str | None] = ()) -> bool:
    """True for an ISO 639-1 code ("zh", "EN"), a language tag ("zh-Hant", "pt_BR"), or the
    English name of one of `langs` (the post's and its translations': "English" on an
    English post; "日本語" stays a topic of a post about Japanese)."""
    text = phrase.strip().lstrip("#").strip()
    folded = text.casefold()
    if folded in _language_codes():
        return True
    tag = _LANGUAGE_TAG.match(text)
    if tag and tag.group(1).casefold() in _language_codes():
        return True
    langs = [lang for lang in langs if lang]
    return folded in {primary(lang) for lang in langs} or any(
        folded in _language_names(lang) for lang in langs
    )


@dataclass(frozen=True)
class SiteVocabulary:
    """In how many of a site's posts each word stem appears."""

    posts: int = 0
    frequency: Mapping[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, posts: Iterable[Post]) -> SiteVocabulary:
        """Count the stems of each post's title and body once per post."""
        counts: Counter[str] = Counter()
        total = 0
        for post in posts:
            total += 1
            words = {w.casefold() for w in _WORD.findall(f"{post.title}\n{post.body}")}
            counts.update({stem(w, post.lang) for w in words})
        return cls(total, dict(counts))

    def common(self, word: str, lang: str | None = None) -> bool:
        """True when `word` is in most of the site's posts (and the site is big enough)."""
        if self.posts < MIN_POSTS:
            return False
        return self.frequency.get(stem(word, lang), 0) > COMMON_SHARE * self.posts

    def common_in(self, text: str, lang: str | None = None) -> tuple[str, ...]:
        """The words of `text` that are common on the site, case-folded, in order."""
        words = dict.fromkeys(w.casefold() for w in _WORD.findall(text))
        return tuple(w for w in words if self.common(w, lang))

    @contextmanager
    def in_use(self) -> Iterator[SiteVocabulary]:
        """Make this the vocabulary `current()` answers within the block."""
        token = _CURRENT.set(self)
        try:
            yield self
        finally:
            _CURRENT.reset(token)


_CURRENT: ContextVar[SiteVocabulary | None] = ContextVar("site_vocabulary", default=None)


def current() -> SiteVocabulary | None:
    """The site vocabulary in use (see `SiteVocabulary.in_use`), if any."""
    return _CURRENT.get()
