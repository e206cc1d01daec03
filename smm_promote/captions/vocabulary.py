"""Which words say what a post is about: stop words and stems per language, words that label
a kind of post rather than a topic, language codes, and the site's own common words.

`SiteVocabulary.of(posts)` counts, once per site, in how many posts each word appears; a word
found in most of them (more than `COMMON_SHARE`, on a site of `MIN_POSTS` posts or more) is
the site's subject, not a topic of one post. The pipeline puts it in use while captions are
written (`with vocabulary.in_use(): ...`), so hashtag picking can ask `current()`.
"""

from __future__ import annotations

import contextlib
import json
import tomllib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import regex

from smm_promote.atomic import replace_text
from smm_promote.errors import Problems
from smm_promote.memo import Memo
from smm_promote.memo import key as memo_key
from smm_promote.model import Post

if TYPE_CHECKING:  # stemmers and word lists load on first use (wordfreq alone takes 0.1 s)
    import snowballstemmer

#: Words that name the kind of a post (a release, an update, news, notes), not its topic.
#: A word in more than this share of a site's posts is the site's subject, not a topic.
COMMON_SHARE = 0.5
#: Below this many posts, a site's word counts say nothing.
MIN_POSTS = 8
_WORD = regex.compile(r"[\p{L}\p{M}\p{Nd}]+")
_LANGUAGE_TAG = regex.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]{2,8})+$", regex.IGNORECASE)


def primary(lang: str | None) -> str:
    """The language subtag of a language tag: "zh-Hant" -> "zh"; "" when unknown."""
    return regex.split(r"[-_]", (lang or "").strip().casefold())[0]


@lru_cache(maxsize=1)
def _topics() -> dict[str, dict[str, frozenset[str]]]:
    with Path(__file__).with_name("topics.toml").open("rb") as handle:
        data = tomllib.load(handle)
    return {
        lang: {kind: frozenset(w.casefold() for w in text.split()) for kind, text in table.items()}
        for lang, table in data.items()
    }


@lru_cache(maxsize=64)
def not_topics(kind: str, lang: str | None = None) -> frozenset[str]:
    """The words of topics.toml's `kind` list ("kinds", "folders", "nouns") for the
    language and English, case-folded."""
    table = _topics()
    words = set(table["en"].get(kind, ()))
    words |= table.get(primary(lang), {}).get(kind, frozenset())
    return frozenset(words)


@lru_cache(maxsize=64)
def calendar_words(lang: str | None = None) -> frozenset[str]:
    """Month and weekday names, wide and abbreviated, in the language and English (CLDR
    through Babel), case-folded: "June", "juin", "Mon" are dates, not topics."""
    from babel import Locale, UnknownLocaleError
    from babel.dates import get_day_names, get_month_names

    names: set[str] = set()
    for tag in {"en", primary(lang) or "en"}:
        try:
            locale = Locale.parse(tag)
        except (ValueError, UnknownLocaleError):
            continue
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                found = [
                    *get_month_names(width, context, locale).values(),
                    *get_day_names(width, context, locale).values(),
                ]
                names.update(n.casefold().rstrip(".") for n in found)
    return frozenset(names)


#: A stop word is a function word when it is among the language's this many most frequent
#: words (wordfreq): "the", "which", "however" are; "date", "data", "shell" are not.
FUNCTION_WORD_RANK = 500


@lru_cache(maxsize=64)
def function_words(code: str) -> frozenset[str]:
    """The `stop-words` package's list for the language code, less the words that are not
    among its `FUNCTION_WORD_RANK` most frequent words (its lists hold content words like
    "date", "system" or "test"); the whole list when wordfreq does not know the language.
    Importing wordfreq takes half a second, so the words are kept in the user's cache folder,
    per version of both packages and language."""
    from importlib.metadata import version

    packages = "-".join(version(name) for name in ("stop-words", "wordfreq"))
    return kept_in_cache(f"function-words-{packages}/{code}.json", lambda: _function_words(code))


def _function_words(code: str) -> frozenset[str]:
    import stop_words
    import wordfreq

    if code not in stop_words.LANGUAGE_MAPPING:
        return frozenset()
    listed = {w.casefold() for w in stop_words.get_stop_words(code)}
    if code not in wordfreq.available_languages():
        return frozenset(listed)
    frequent = {w.casefold() for w in wordfreq.top_n_list(code, FUNCTION_WORD_RANK)}
    return frozenset(listed & frequent)


@lru_cache(maxsize=64)
def stopwords(lang: str | None) -> frozenset[str]:
    """Function words of the language (`function_words`) and English (titles in every
    language borrow English words), case-folded, with and without apostrophes."""
    folded = function_words("en") | function_words(primary(lang))
    return frozenset(folded | {w.replace("'", "") for w in folded})


@lru_cache(maxsize=64)
def _stemmer(lang: str | None) -> snowballstemmer.stemmer:
    import snowballstemmer
    import stop_words

    name = stop_words.LANGUAGE_MAPPING.get(primary(lang), "english")
    if name not in snowballstemmer.algorithms():
        name = "english"
    return snowballstemmer.stemmer(name)


@lru_cache(maxsize=65536)
def stem(word: str, lang: str | None = None) -> str:
    """The word's Snowball stem in the post's language (English when it has none)."""
    return _stemmer(lang).stemWord(word.casefold())


#: A word of a spaced script (Latin, Greek, Cyrillic, digits after a letter), and a run of
#: Chinese, Japanese or Korean characters.
_TERM_WORD = regex.compile(r"[\p{Latin}\p{Greek}\p{Cyrillic}][\p{L}\p{M}\p{Nd}'’-]*")
_WIDE_RUN = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]{2,}")
#: The particles that join Chinese and Japanese words ("的", "是", "の", "を"): a pair of
#: characters holding one is no part of a word.
_PARTICLES = frozenset("的了是在和與与及或之のはがをにでともへや")
#: A version number and what is glued to it ("4.0.0.pre.alpha1", "v1.2-rc1").
_VERSION = regex.compile(r"\bv?\d+(?:\.[\p{L}\p{Nd}-]+)+")


@lru_cache(maxsize=8192)  # a sentence is compared with the title by quote, takeaways...
def terms(text: str, lang: str | None = None) -> frozenset[str]:
    """The content terms of `text`, to compare a sentence with a title: the Snowball stems
    of its words (and of each part of a hyphenated one) of three letters or more, with no
    digit, that are no function words (`stopwords`), and each pair of characters of its
    Chinese, Japanese or Korean runs (no spaces to split their words) that holds no
    particle (`_PARTICLES`)."""
    common = stopwords(lang)
    found = set()
    for word in _TERM_WORD.findall(_VERSION.sub(" ", text)):
        word = without_possessive(word.strip("'’-"))
        for part in {word, *word.split("-")}:
            folded = part.casefold()
            if len(folded) > 2 and folded not in common and not any(c.isdigit() for c in folded):
                found.add(stem(folded, lang))
    for run in _WIDE_RUN.findall(text):
        pairs = (run[i : i + 2] for i in range(len(run) - 1))
        found.update(pair for pair in pairs if not _PARTICLES.intersection(pair))
    return frozenset(found)


def title_terms(title: str, lang: str | None = None) -> frozenset[str]:
    """The title's `terms` that name its subject: not the words for a kind of post or the
    generic nouns titles are made of (topics.toml's "kinds" and "nouns": "Released",
    "Announcing", "Introduction"), nor months and weekdays."""
    return terms(title, lang) - _furniture_stems(lang)


@lru_cache(maxsize=64)
def _furniture_stems(lang: str | None) -> frozenset[str]:
    words = not_topics("kinds", lang) | not_topics("nouns", lang) | calendar_words(lang)
    return frozenset(stem(word, lang) for word in words)


@lru_cache(maxsize=1)
def _language_codes() -> frozenset[str]:
    from babel import Locale

    return frozenset(code for code in Locale("en").languages if len(code) == 2)


@lru_cache(maxsize=256)
def _language_names(lang: str) -> frozenset[str]:
    """Every name CLDR gives the language of `lang` in any locale ("French", "français",
    "Französisch", "フランス語"), case-folded. Reading every locale takes a second or more,
    so the names are kept in the user's cache folder, per Babel version and language."""
    import babel
    from babel import Locale, UnknownLocaleError

    try:
        code = Locale.parse(lang.replace("-", "_")).language
    except (ValueError, UnknownLocaleError):
        return frozenset()
    return kept_in_cache(
        f"language-names-{babel.__version__}/{code}.json", lambda: _cldr_language_names(code)
    )


def kept_in_cache(name: str, compute: Callable[[], frozenset[str]]) -> frozenset[str]:
    """`compute()`, kept as a JSON list in the file `name` of the user's cache folder (name
    it for the versions of the data it reads): computed once a machine."""
    from smm_promote.sites.detect_lang import cache_folder

    kept = cache_folder() / name
    try:
        return frozenset(json.loads(kept.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        pass
    words = compute()
    # A cache folder that cannot be written: the words are computed again next time.
    with contextlib.suppress(OSError):
        replace_text(kept, json.dumps(sorted(words), ensure_ascii=False), prefix=".words-")
    return words


def _cldr_language_names(code: str) -> frozenset[str]:
    from babel import Locale, UnknownLocaleError, localedata

    names = set()
    for identifier in localedata.locale_identifiers():
        try:
            name = Locale.parse(identifier).languages.get(code)
        except (ValueError, UnknownLocaleError):
            continue
        if name:
            names.add(name.casefold())
    return frozenset(names)


def is_language_label(phrase: str, langs: Iterable[str | None] = ()) -> bool:
    """True for an ISO 639-1 code ("zh", "EN"), a language tag ("zh-Hant", "pt_BR"), or a
    name of one of `langs` in any language (the post's and its translations': "English" or
    "Anglais" on an English post, "Français" on a French one)."""
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


#: A word of running text, with what joins it inside ("KubeVirt", "non-trivial", "node.js").
_RUNNING_WORD = regex.compile(r"[\p{L}\p{M}\p{Nd}]+(?:[-.'’_][\p{L}\p{M}\p{Nd}]+)*")
#: What comes right before a word inside a sentence (not at its start): a word or a comma.
_INSIDE = regex.compile(r"[\p{L}\p{M}\p{Nd},;)”’\"]\s$")
_POSSESSIVE = regex.compile(r"['’]s$", regex.IGNORECASE)
#: A name is written so at least this often in running text, mid-sentence.
MIN_NAME_USES = 2
#: The kinds of `Post.blocks` that are running text: headings, table cells, captions and
#: list items that end without a sentence's stop are labels and titles, capitalised by
#: title case ("(May 2024) Calling all courageous canary testers"), not the sentence rule.
RUNNING_BLOCKS = frozenset({"text", "quote", "aside"})
#: The end of a list item written as a sentence (its capitals are running text).
_SENTENCE_END = regex.compile(r"[.!?…。！？]\p{Pf}?\)?$")
#: A list item is a headline, not a sentence, when past its first word at least this many
#: common words (`COMMON_ZIPF`) open on a capital and no common word but a function word is
#: in lower case: title case ("Two Million npm Downloads!", the title of another post),
#: where a sentence capitalises only names ("Thank you to Kilian Finger for their
#: contributions…", "iter::{StepBy, Peekable, Take} now implement DoubleEndedIterator.").
HEADLINE_CAPITALS = 2
#: A word is common in its language from this wordfreq Zipf frequency on ("downloads" 3.6,
#: "implement" 4.2; not "npm" 2.4, "Netlify" 0): a name is rarely one, so a lower-case
#: name ("npm") tells no sentence and a capitalised one no title case.
COMMON_ZIPF = 3.0
#: The languages whose titles are written in title case (German capitalises every noun in
#: any sentence; French or Spanish titles capitalise only their first word and names).
TITLE_CASE_LANGUAGES = frozenset({"en"})


@dataclass(frozen=True, eq=False)
class SiteVocabulary:
    """In how many of a site's posts each word stem, tag and category appears, and which
    words its running text writes as names. Hashed by identity (a cache key of its site)."""

    posts: int = 0
    frequency: Mapping[str, int] = field(default_factory=dict)
    #: Posts carrying each tag or category (by its stems).
    tags: Mapping[str, int] = field(default_factory=dict)
    #: Words the running text writes with capitals inside a sentence, standing alone, more
    #: often than in lower case or as part of a longer name ("KubeVirt", "Rust", "RAID";
    #: not "Font" of "Font Awesome"), case-folded -> as written.
    names: Mapping[str, str] = field(default_factory=dict)
    #: How the site's posts write each tag or category most often, by its stems.
    tag_forms: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, posts: Iterable[Post], memo: Memo | None = None) -> SiteVocabulary:
        """Count the stems of each post's title and body, and its tags and categories, once
        per post; collect the names its running text writes. With `memo`, what an
        unchanged post holds comes from the last run."""
        counts: Counter[str] = Counter()
        tags: Counter[str] = Counter()
        spelled: defaultdict[str, Counter[str]] = defaultdict(Counter)
        plain: Counter[str] = Counter()
        written: defaultdict[str, Counter[str]] = defaultdict(Counter)
        total = 0
        for post in posts:
            total += 1
            for phrase in (*post.tags, *post.categories):
                written[tag_key(phrase, post.lang)][phrase] += 1
            stems, keys, post_spelled, post_plain = _post_words(post, memo)
            counts.update(stems)
            tags.update(keys)
            for folded, forms in post_spelled.items():
                spelled[folded].update(forms)
            plain.update(post_plain)
        names = {}
        for folded, spellings in spelled.items():
            form, uses = spellings.most_common(1)[0]
            if uses >= MIN_NAME_USES and uses > plain[folded]:
                names[folded] = form
        tag_forms = {key: found.most_common(1)[0][0] for key, found in written.items() if key}
        return cls(total, dict(counts), dict(tags), names, tag_forms)

    def name(self, word: str) -> str | None:
        """How the running text writes `word` when it is a name there, else None."""
        return self.names.get(word.casefold())

    def common_tag(self, phrase: str, lang: str | None = None) -> bool:
        """True when a tag or category is on most of the site's posts: its subject."""
        if self.posts < MIN_POSTS:
            return False
        return self.tags.get(tag_key(phrase, lang), 0) > COMMON_SHARE * self.posts

    def has_tag(self, phrase: str, lang: str | None = None) -> bool:
        """True when some post of the site has `phrase` as a tag or category."""
        return self.tags.get(tag_key(phrase, lang), 0) > 0

    def tag_form(self, phrase: str, lang: str | None = None) -> str | None:
        """The tag or category of the site's posts that `phrase` is a form of ("security"
        for "Secure"), as they write it most often; None when none is."""
        return self.tag_forms.get(tag_key(phrase, lang))

    def about(self, post: Post) -> tuple[object, ...]:
        """Everything the vocabulary says about `post`'s hashtags (for cache keys)."""
        words = _WORD.findall(post.title)
        phrases = (*post.tags, *post.categories, *words)
        return (
            self.common_in(post.title, post.lang),
            tuple(self.name(w) for w in phrases),
            tuple((self.has_tag(p, post.lang), self.common_tag(p, post.lang)) for p in phrases),
        )

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


def without_possessive(word: str) -> str:
    """The word without an English possessive ending: "Linkerd's" -> "Linkerd"."""
    return _POSSESSIVE.sub("", word) if "'" in word or "’" in word else word


def tag_key(phrase: str, lang: str | None = None) -> str:
    """What two spellings of one tag share: "release" and "Released", "social-media" and
    "Social Media"."""
    return "".join(stem(w, lang) for w in _WORD.findall(phrase))


_PostWords = tuple[list[str], list[str], dict[str, dict[str, int]], dict[str, int]]


def _post_words(post: Post, memo: Memo | None) -> _PostWords:
    """A post's word stems, tag keys and name spellings (`SiteVocabulary.of`)."""

    def count(_problems: Problems | None = None) -> _PostWords:
        words = {w.casefold() for w in _WORD.findall(f"{post.title}\n{post.body}")}
        keys = {tag_key(t, post.lang) for t in (*post.tags, *post.categories)} - {""}
        spelled: defaultdict[str, Counter[str]] = defaultdict(Counter)
        plain: Counter[str] = Counter()
        # Capitals count only in running text; a word in lower case or inside a longer name
        # anywhere (a heading, an item) still tells it is no name of its own.
        _count_names(running_text(post), spelled, Counter())
        _count_names(post.body, defaultdict(Counter), plain)
        stems = sorted({stem(w, post.lang) for w in words})
        return stems, sorted(keys), {k: dict(v) for k, v in spelled.items()}, dict(plain)

    if memo is None:
        return count()
    parts = (post.title, post.body, post.blocks, post.lang, post.tags, post.categories)
    return memo.get(
        memo_key("vocabulary", *parts), count, Problems(), dump=list, load=lambda d: tuple(d)
    )


def running_text(post: Post) -> str:
    """The post's sentences where the reader knows its blocks (`RUNNING_BLOCKS`), else its
    body: the text whose capitals tell a name."""
    if not post.blocks:
        return post.body
    return "\n".join(
        text
        for kind, text in post.blocks
        if kind in RUNNING_BLOCKS
        or (
            kind == "item"
            and _SENTENCE_END.search(text.rstrip())
            and not _headline(text, post.lang)
        )
    )


def _headline(text: str, lang: str | None) -> bool:
    """Whether a list item is written in title case (`HEADLINE_CAPITALS`): a title, even
    one ending on "!" or "?", whose capitals are no names."""
    if (primary(lang) or "en") not in TITLE_CASE_LANGUAGES:
        return False
    function = stopwords(lang)
    capitals = 0
    for word in _RUNNING_WORD.findall(text)[1:]:
        folded = word.casefold()
        if not _common(folded):
            continue
        if word[0].isupper():
            capitals += 1
        elif folded not in function:
            return False
    return capitals >= HEADLINE_CAPITALS


@lru_cache(maxsize=65536)
def _common(word: str) -> bool:
    """Whether the case-folded `word` is a common English word (`COMMON_ZIPF`)."""
    import wordfreq

    return wordfreq.zipf_frequency(word, "en") >= COMMON_ZIPF


#: A word at least this frequent in its language (wordfreq's Zipf scale: "community" 5.3,
#: "hero" 4.7, "camera" 4.9; not "caching" 3.2, "multicluster" 0) is among its few thousand
#: commonest words: a generic word, no topic of its own.
GENERIC_ZIPF = 4.5
_OWN_TOKENIZERS = frozenset({"zh", "ja", "ko"})


@lru_cache(maxsize=65536)
def is_generic(word: str, lang: str | None) -> bool:
    """Whether `word` is one of the commonest words of `lang` (`GENERIC_ZIPF`; English
    where wordfreq lacks the language or needs another tokenizer)."""
    import wordfreq

    code = primary(lang) or "en"
    # Chinese, Japanese and Korean need tokenizers of their own; a tag in Latin letters on
    # such a post is an English word anyway.
    if code in _OWN_TOKENIZERS or code not in wordfreq.available_languages():
        code = "en"
    return wordfreq.zipf_frequency(word.casefold(), code) >= GENERIC_ZIPF


def _count_names(text: str, spelled: defaultdict[str, Counter[str]], plain: Counter[str]) -> None:
    """Count, inside sentences, each word written with a capital standing alone (in
    `spelled`) and each one in lower case or joined to another capitalised word (`plain`)."""
    previous_end = -1
    previous_capital = False
    word_case, ends_inside, size = _word_case, _ends_inside, len(text)
    for match in _RUNNING_WORD.finditer(text):
        word, capital, folded = word_case(match.group())
        start, end = match.span()
        if not capital:
            plain[folded] += 1
            previous_end, previous_capital = end, False
            continue
        inside = start >= 2 and ends_inside(text[start - 2 : start])
        if inside:
            follows = previous_capital and start == previous_end + 1
            leads = end + 1 < size and text[end] == " " and text[end + 1].isupper()
            if follows or leads:
                plain[folded] += 1
            else:
                spelled[folded][word] += 1
        previous_end, previous_capital = end, inside


@lru_cache(maxsize=65536)
def _word_case(word: str) -> tuple[str, bool, str]:
    """A running word without its possessive, whether it has a capital, and case-folded
    (`_count_names` asks once per word of every post)."""
    word = without_possessive(word)
    return word, any(c.isupper() for c in word), word.casefold()


@lru_cache(maxsize=4096)
def _ends_inside(pair: str) -> bool:
    """Whether the two characters before a word say it stands inside a sentence."""
    return bool(_INSIDE.search(pair))


_CURRENT: ContextVar[SiteVocabulary | None] = ContextVar("site_vocabulary", default=None)


def current() -> SiteVocabulary | None:
    """The site vocabulary in use (see `SiteVocabulary.in_use`), if any."""
    return _CURRENT.get()
