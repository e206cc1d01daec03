"""Hashtags people follow: the configured tags, then the site's subject (a tag on most of
its posts, or its name in the title), then the post's own tags and categories (those the
title names, then names, then common words), then (only for a post with fewer than
`TITLE_WORD_BELOW` of those) one word of its title; CamelCase, valid on every platform
(letters, marks and digits, at least one letter), deduplicated by stem; the first own tag
on every caption, the others rotated across reposts. Better fewer tags than made-up ones.

Never a hashtag: a language code or the name of the post's language (`#zh`, `#en`,
`#English`), a version (`#v6`), a tag made only of stop words or words that label a kind of
post (`#release`, `#news`, `#learned`: topics.toml's `kinds`), a category the generator made
of a folder name that is no topic (`import`, `misc`, `posts`: topics.toml's `folders`), a
description of `PHRASE_WORDS` words or more not written as a name, a lowerCamelCase
identifier the post never writes, and on a post written without spaces a tag in Latin
letters its text does not write (a romanised label).
The title word is a single word,
never a phrase glued together: a tag some post of the site carries, else a name (written
with capitals inside sentences of the site's running text, standing alone: "KubeVirt", not
"Font" of "Font Awesome"; or spelled like one: "RAID", "GlusterFS", not the two letters of
"WG"); never a stop word, a
generic noun (`Introduction`, `Discussion`: topics.toml's `nouns`), an English participle
(`automated`, `Federated`), a month or weekday
(CLDR), a number, an identifier with a serial number ("CVE-2024-24576"), or a word
found in most of the site's posts, unless it is a name there: the site's subject
("Jekyll" on the Jekyll blog), like a tag on most of its posts; titles in languages
written without spaces give none."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Sequence

import regex

from smm_promote.captions import standalone
from smm_promote.captions import vocabulary as vocab
from smm_promote.captions.text import one_line
from smm_promote.captions.vocabulary import (
    SiteVocabulary,
    calendar_words,
    not_topics,
    stopwords,
    tag_key,
)
from smm_promote.model import Post

#: A valid hashtag: Unicode letters, marks and decimal digits, with at least one letter, and
#: not opening with a mark (it would join the '#').
VALID_HASHTAG = regex.compile(r"#(?!\p{M})(?=[\p{L}\p{M}\p{Nd}]*\p{L})[\p{L}\p{M}\p{Nd}]+")
_WORD_SEPARATORS = regex.compile(r"[\s\-_/|+&·,;:]+")
_NOT_TAG_CHAR = regex.compile(r"[^\p{L}\p{M}\p{Nd}]+")
_LEADING_MARKS = regex.compile(r"^\p{M}+")
#: Languages written without spaces between words: a run of their letters is a phrase, not a
#: word, so their titles give no keywords (their tags and categories still do).
_UNSPACED = frozenset({"zh", "ja", "th", "lo", "km", "my", "bo"})
#: A title word: letters and digits, joined through "-", ".", "_" or an apostrophe inside
#: ("non-trivial", "node.js", "don't" are one word, never split into tags).
_TOKEN = regex.compile(r"[\p{L}\p{M}\p{Nd}]+(?:[-.'’_][\p{L}\p{M}\p{Nd}]+)*")
#: Abbreviations that end with a dot and belong to the next word ("St. Louis").
_JOINED_ABBREVIATIONS = frozenset({"st", "mt", "ft", "dr", "mr", "mrs", "ms", "prof"})
_VERSION_LIKE = regex.compile(r"^v?\d+(?:\.\d+)*[a-z]?$", regex.IGNORECASE)
#: An identifier with a serial number ("CVE-2024-24576", "GHSA-…-2023"): one issue, no topic.
_NUMBERED_ID = regex.compile(r"[-_.]\d{4,}(?:[-_.]|$)")
_UNSPACED_SCRIPT = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}]")
#: Written like a name whatever the site says: an acronym of three letters or more ("RAID",
#: "LVM") or capitals inside a word ("GlusterFS", "iPhone", "JSNation"). Two capitals are
#: as often an abbreviation of common words ("WG" of "Working Group"): a name only where
#: the site's running text writes it as one.
_SPELLED_AS_NAME = regex.compile(
    r"^(?:\p{Lu}{3,}\p{Ll}?|\p{L}*\p{Ll}\p{Lu}\p{L}*|\p{Lu}{2,}\p{Ll}{2,}\p{L}*)$"
)
#: An English past participle or adjective in -ed ("automated", "Typed", "Federated"): it
#: describes the topic, it is none, even when it shares a stem with a tag ("automation").
#: Not "-eed" ("Feed", "Speed") nor a short word ("Red").
_PARTICIPLE = {"en": regex.compile(r"^\p{L}[\p{L}-]{2,}(?<!e)ed$", regex.IGNORECASE)}
#: A post with fewer tags and categories of its own than this gets one title word.
TITLE_WORD_BELOW = 2
#: A tag of this many content words or more is a description, not a hashtag, unless it is
#: written as a name ("Free Software Foundation", "Canon EOS 7D").
PHRASE_WORDS = 3
#: A code identifier in lowerCamelCase ("sidebarHighlight", "topologyKeys"): a template's
#: collection or a setting, a topic only where the post writes it.
_IDENTIFIER = regex.compile(r"^\p{Ll}{2,}\p{Lu}\p{Ll}")


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


def title_word(post: Post, vocabulary: SiteVocabulary | None = None) -> str | None:
    """The one word of the post's title that makes a hashtag people follow, or None (see the
    module's rules): a tag of some post of the site first, else the first name (as the
    site's running text writes it); `vocabulary` defaults to the post's own words."""
    lang = post.lang
    if vocab.primary(lang) in _UNSPACED:
        return None
    site = vocabulary if vocabulary is not None else SiteVocabulary.of([post])
    stop = stopwords(lang)
    generic = not_topics("nouns", lang) | calendar_words(lang)
    named = []
    for word in _title_words(one_line(post.title)):
        word = vocab.without_possessive(word)
        if _no_keyword(word, stop, lang, site) or word.casefold() in generic:
            continue
        participle = _PARTICIPLE.get(vocab.primary(lang))
        if participle and participle.match(word) and not _SPELLED_AS_NAME.match(word):
            continue
        if site.has_tag(word, lang):
            # The site's own tag when the title has another form of it ("Secure": security).
            tag = site.tag_form(word, lang)
            return tag if tag and tag.casefold() != word.casefold() else word
        written = site.name(word) if " " not in word else None
        if written or _SPELLED_AS_NAME.match(word):
            named.append(written or word)
    return named[0] if named else None


def subject_name(post: Post, vocabulary: SiteVocabulary | None = None) -> str | None:
    """The site's subject as the post's title names it: a word of the title in most of the
    site's posts that its running text writes as a name ("Jekyll" of "Jekyll 4.3.3
    Released" on the Jekyll blog), as written there; else None. Like a tag on most of the
    site's posts, people follow it: the first hashtag of a post that does not carry it."""
    site = vocabulary if vocabulary is not None else vocab.current()
    if site is None or vocab.primary(post.lang) in _UNSPACED:
        return None
    stop = stopwords(post.lang)
    for word in _title_words(one_line(post.title)):
        word = vocab.without_possessive(word)
        if " " in word or not site.common(word, post.lang):
            continue
        written = site.name(word)
        if written and not _no_keyword(word, stop, post.lang, SiteVocabulary()):
            return written
    return None


def _title_words(title: str) -> Iterator[str]:
    """The title's words; an abbreviation with its dot joins the next word ("St. Louis")."""
    tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(title)]
    at = 0
    while at < len(tokens):
        word, _start, end = tokens[at]
        following = title[end : tokens[at + 1][1]] if at + 1 < len(tokens) else ""
        if word.casefold() in _JOINED_ABBREVIATIONS and following.strip() == ".":
            word = f"{word} {tokens[at + 1][0]}"
            at += 1
        at += 1
        yield word


def _is_stopword(folded: str, stop: set[str] | frozenset[str]) -> bool:
    """Whether a case-folded word is a stop word, whatever its apostrophe ("we’re", "dont")."""
    straight = folded.replace("’", "'")
    return folded in stop or straight in stop or straight.replace("'", "") in stop


def _no_keyword(word: str, stop: frozenset[str], lang: str | None, site: SiteVocabulary) -> bool:
    """Whether a title word can never be a hashtag."""
    folded = word.casefold()
    return (
        _is_stopword(folded, stop)
        or folded in not_topics("kinds", lang)
        or not regex.search(r"\p{L}", word)
        or word[0].isdigit()
        or bool(_VERSION_LIKE.match(word))
        or bool(_NUMBERED_ID.search(word))
        or bool(_UNSPACED_SCRIPT.search(word))
        or vocab.is_language_label(word)
        or (" " not in word and site.common(word, lang))
    )


def followable(phrase: str, post: Post, site: SiteVocabulary | None = None) -> bool:
    """Whether a tag or category of the post makes a hashtag people follow: not a language
    label, a version, a link, nor only stop words, words for a kind of post and words that
    place it on the site ("Front Page", "Featured"), nor a step ("create vm"). A category
    the generator made of a folder name (`content/life/x.rst` is in "life") is the site's
    section, not a label the author gave the post: a hashtag only for a post without tags
    of its own, and never when it names no topic (`import`, `misc`). A tag the site's
    templates use to place pages (`Post.layout_tags`) is a layout switch, not a topic."""
    if phrase in post.layout_tags:
        return False
    text = one_line(phrase).lstrip("#＃").strip()
    langs = [post.lang, *(lang for lang, _ in post.translations)]
    if not text or "://" in text or _VERSION_LIKE.match(text):
        return False
    if vocab.is_language_label(text, langs) and not _names_in_title(text, post):
        return False
    stop = stopwords(post.lang)
    words = [w.casefold() for w in _WORD_SEPARATORS.split(text) if w]
    kinds = not_topics("kinds", post.lang) | not_topics("placements", post.lang)
    if all(_is_stopword(w, stop) or w in kinds for w in words):
        return False
    if standalone.walks_through(text, post.lang):
        return False  # a step ("create vm", "installing kubevirt"), not a topic
    content = [w for w in words if not _is_stopword(w, stop)]
    if len(content) >= PHRASE_WORDS and not _written_as_name(text, stop):
        return False  # a description glued together ("virtual machine management")
    if _is_generic(text, post, site or vocab.current()) and not vocab.is_language_label(
        text, langs
    ):
        return False  # "community", "hero", "operations": everyone's word, nobody's topic
    if _IDENTIFIER.match(text) and not _in_text(text, post):
        return False  # a template's collection ("sidebarHighlight"), a setting
    if _foreign_script(text, post) and not _in_text(text, post, squeezed=True):
        return False  # a romanised label ("chouyaku"); "archlinux" where it writes Arch Linux
    if phrase not in post.path_categories:
        return True
    return not post.tags and text.casefold() not in not_topics("folders", post.lang)


def _is_generic(tag: str, post: Post, site: SiteVocabulary | None) -> bool:
    """A one-word tag that is one of the commonest words of the post's language
    (`vocabulary.is_generic`) and no name: neither spelled like one nor written as one in
    the site's running text ("Go", "Rust" are names there)."""
    if _WORD_SEPARATORS.search(tag) or _SPELLED_AS_NAME.match(tag):
        return False
    return vocab.is_generic(tag, post.lang) and not (site is not None and site.name(tag))


def _written_as_name(text: str, stop: frozenset[str]) -> bool:
    """Whether every word of a phrase but its stop words opens on a capital or a digit, as
    names are written ("Canon EOS 7D", "Ruby on Rails", "Free Software Foundation")."""
    words = [w for w in _WORD_SEPARATORS.split(text) if w]
    return all(
        w[0].isupper() or w[0].isdigit() for w in words if not _is_stopword(w.casefold(), stop)
    )


def _foreign_script(tag: str, post: Post) -> bool:
    """A tag in Latin letters on a post in a language written without spaces (Chinese,
    Japanese): its readers search their own script, or the name as the text writes it."""
    return vocab.primary(post.lang) in _UNSPACED and bool(regex.fullmatch(r"[\p{Latin}\d ]+", tag))


def _in_text(tag: str, post: Post, squeezed: bool = False) -> bool:
    """Whether the post's title or text writes the tag, whatever its case; `squeezed`, also
    as part of a longer run of letters and written with spaces or hyphens ("Arch Linux")."""
    written = f"{post.title}\n{post.body or ''}"
    if squeezed:
        return _squeeze(tag) in _squeeze(written)
    found = regex.compile(rf"(?<![\p{{L}}\d]){regex.escape(tag)}(?![\p{{L}}\d])", regex.I)
    return bool(found.search(written))


def _squeeze(text: str) -> str:
    """`text` case-folded without spaces, hyphens, dots and underscores."""
    return regex.sub(r"[\s\-._]+", "", text.casefold())


def _names_in_title(label: str, post: Post) -> bool:
    """Whether the post is about the language its label names: its title names it too
    ("日本語" on a post titled "日本語の見出し…"); a language code never is a topic."""
    if vocab.is_language_label(label):
        return False
    return label.casefold() in one_line(post.title).casefold()


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
    that are `followable` (the site's subject after its topics), then, for a post with fewer
    than `TITLE_WORD_BELOW` of those, its `title_word` (`vocabulary` defaults to the one in
    use, else the post's own words)."""
    seen: set[str] = set()

    def collect(phrases: Iterable[str]) -> list[str]:
        tags = []
        for phrase in phrases:
            tag = to_hashtag(phrase, max_length)
            key = tag_key(phrase, post.lang)
            if tag and tag.casefold() not in seen and key not in seen:
                seen.update((tag.casefold(), key))
                tags.append(tag)
        return tags

    fixed = collect(always)
    site = vocabulary or vocab.current()
    share_tags = post.share.get("hashtags") if hasattr(post.share, "get") else None
    extra = [str(t) for t in share_tags] if isinstance(share_tags, tuple | list) else []
    own = collect(extra)
    written = [
        _as_named(t, site) for t in (*post.tags, *post.categories) if followable(t, post, site)
    ]
    # A tag on most of the site's posts is its subject (#Rust on a Rust blog, #linkerd on
    # Linkerd's): the tag its readers follow, so it leads, else the subject as the title names
    # it; a title word still joins a post with fewer than two tags ("#Kubernetes #KWOK").
    subject = [t for t in written if site is not None and site.common_tag(t, post.lang)]
    named = subject_name(post, site) if keywords and not subject else None
    topics = [t for t in written if t not in subject]
    own += collect([*subject, *([named] if named else []), *_names_first(topics, post, site)])
    if keywords and len(own) - bool(named) < TITLE_WORD_BELOW:
        word = title_word(post, site)
        own += collect([word] if word else [])
    return fixed, own


def _as_named(tag: str, site: SiteVocabulary | None) -> str:
    """A tag written all in lower case ("linkerd", "kubevirt") as the site's running text
    writes the name ("Linkerd", "KubeVirt"): the blog's own spelling, whose capitals also
    let screen readers say a hashtag's words; any other tag as the author wrote it."""
    if site is None or tag != tag.lower() or _WORD_SEPARATORS.search(tag.strip()):
        return tag
    return site.name(tag.strip()) or tag


def _names_first(tags: Sequence[str], post: Post, site: SiteVocabulary | None) -> list[str]:
    """`tags` with what the title names first, then names (a product, project or person:
    "Kdenlive", "KDE", as the site's running text writes them, or spelled like one), then
    the common words ("campaign", "video"), each in the author's order: the first is the
    one every caption shows, and a platform that shows two shows what people follow."""
    title = one_line(post.title).casefold()
    unspaced = vocab.primary(post.lang) in _UNSPACED
    words = {w.casefold() for w in _title_words(title)}

    def in_title(tag: str) -> bool:
        parts = [w.casefold() for w in _WORD_SEPARATORS.split(one_line(tag).lstrip("#＃")) if w]
        return bool(parts) and all((w in title) if unspaced else (w in words) for w in parts)

    return sorted(tags, key=lambda tag: (not in_title(tag), not _is_name(tag, site)))


def _is_name(tag: str, site: SiteVocabulary | None) -> bool:
    """Whether a one-word tag is a name on the site (see `_names_first`)."""
    text = one_line(tag).lstrip("#＃").strip()
    if not text or _WORD_SEPARATORS.search(text):
        return False
    return bool(_SPELLED_AS_NAME.match(text) or (site is not None and site.name(text)))


def choose(fixed: Sequence[str], own: Sequence[str], count: int, rotation: int = 0) -> list[str]:
    """`count` hashtags: the always-on ones first, then the post's first own tag (its
    subject, else its first name: on every caption), then a window of the others that moves
    by its width with each rotation, so reposts show different sets."""
    chosen = list(fixed[:count])
    room = count - len(chosen)
    if room <= 0 or not own:
        return chosen
    first, others = own[0], own[1:]
    room -= 1
    if room <= 0 or not others:
        return [*chosen, first]
    start = (rotation * room) % len(others)
    window = [others[(start + i) % len(others)] for i in range(min(room, len(others)))]
    return [*chosen, first, *window]


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
