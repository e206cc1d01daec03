"""A caption lint: what a reader would have to fix before posting a site's captions.

    report = lint(posts, config)        # every caption of every post, on the site's platforms
    report.counts() -> {"language-code-hashtag": 0, ...}

Each rule checks the captions as written, independently of how they were made:

- language-code-hashtag: a hashtag that is a language code of the site (#zh, #en, #jp);
- stopword-hashtag: a hashtag that is a stop word of the post's language or English (the
  function words hashtag picking refuses, `vocabulary.stopwords`), unless the author gave it
  as a tag or category;
- bare-heading-part: a thread reply that is only a heading of the post;
- title-case-changed: a word of the title spelled with a case found nowhere in the post
  ("XYz" for "xYz", "Name-lib" for "name-lib");
- english-phrase: a phrase of the English table (an opener, "by", "Link in bio"...) in a
  caption of a post in another language;
- quote-not-own-words: a quote taken from a blockquote, an admonition or a definition list
  (the post's typed blocks "quote", "aside", "term").
"""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Iterable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field

import regex

from smm_promote.captions import boilerplate, vocabulary
from smm_promote.captions.compose import captions_for, phrases_of
from smm_promote.captions.language import ALIASES, fallbacks, locale_of
from smm_promote.captions.phrases import PHRASE_KEYS, Phrases, phrases_for
from smm_promote.captions.plaintext import one_line, plain
from smm_promote.config import Config
from smm_promote.errors import Problems
from smm_promote.model import Caption, Post

RULES: dict[str, str] = {
    "language-code-hashtag": "hashtags that are language codes",
    "stopword-hashtag": "hashtags that are stop words",
    "bare-heading-part": "thread parts that are only a heading",
    "title-case-changed": "title words whose case was changed",
    "english-phrase": "English phrases in posts in another language",
    "quote-not-own-words": "quotes from blockquotes, admonitions or definition lists",
}
#: Block kinds whose words are not the author's own prose (see `Post.blocks`).
NOT_OWN_WORDS = ("quote", "aside", "term")

_HASHTAG = regex.compile(r"(?<!\S)[#＃][\p{L}\p{M}\p{Nd}_]+")
_LINK = regex.compile(r"https?://\S+|(?<!\S)(?:www\.)?[\w-]+(?:\.[\w-]+)+/\S*|(?<![\w@])@[\w.@-]+")
_WORD = regex.compile(r"[\p{L}\p{M}\p{Nd}](?:[\p{L}\p{M}\p{Nd}.'’_-]*[\p{L}\p{M}\p{Nd}])?")
_PART_NUMBER = re.compile(r"^\d+/\d+\s+")
_QUOTE_MARKS = "“”„‟«»‹›「」『』\"' \u00a0\u202f"


@dataclass(frozen=True)
class Finding:
    rule: str
    where: str
    platform: str
    variant: str
    detail: str

    def __str__(self) -> str:
        return f"{self.where}: {self.platform} {self.variant}: {RULES[self.rule]}: {self.detail}"


@dataclass
class LintReport:
    findings: list[Finding] = field(default_factory=list)
    posts: int = 0
    captions: int = 0
    #: Posts whose reader gave no typed blocks, so their quotes could not be checked.
    unchecked_quotes: int = 0

    def counts(self) -> dict[str, int]:
        """Findings per rule, every rule listed (0 when clean)."""
        found = Counter(f.rule for f in self.findings)
        return {rule: found.get(rule, 0) for rule in RULES}

    def extend(self, other: LintReport) -> None:
        self.findings += other.findings
        self.posts += other.posts
        self.captions += other.captions
        self.unchecked_quotes += other.unchecked_quotes


def lint(
    posts: Sequence[Post],
    config: Config,
    *,
    platforms: Iterable[str] | None = None,
    problems: Problems | None = None,
    written: Sequence[Sequence[Caption]] | None = None,
) -> LintReport:
    """Write every caption of `posts` (the site's platforms and variants) and check them.
    Captions already `written` (one list per post, in the order of `posts`) are checked as
    they are, those of the chosen platforms only. Captions written here tell the site's
    boilerplate and vocabulary from `posts` unless the caller has put some in use."""
    languages = site_languages(posts, config)
    report = LintReport(posts=len(posts))
    chosen = list(platforms) if platforms is not None else None
    wanted = set(chosen if chosen is not None else config.platforms)
    with ExitStack() as stack:
        if written is None and boilerplate.current() is None:
            stack.enter_context(boilerplate.SiteSentences.of(posts).in_use())
        if written is None and vocabulary.current() is None:
            stack.enter_context(vocabulary.SiteVocabulary.of(posts).in_use())
        for index, post in enumerate(posts):
            if written is not None:
                captions = [c for c in written[index] if c.platform in wanted]
            else:
                captions = captions_for(post, config, platforms=chosen, problems=problems)
            report.captions += len(captions)
            report.findings += check_post(post, captions, config, languages)
            if not post.blocks and any(c.variant == "quote" for c in captions):
                report.unchecked_quotes += 1
    return report


def site_languages(posts: Iterable[Post], config: Config) -> frozenset[str]:
    """Every way the site writes its languages' codes, case-folded without separators:
    "zh", "zhtw", "zhhant", "jp", "ja"..."""
    codes: set[str] = set(ALIASES)
    tags = [config.lang] + [p.lang for p in posts if p.lang]
    tags += [lang for p in posts for lang, _ in p.translations]
    for tag in tags:
        if not tag:
            continue
        codes.add(_folded(tag))
        codes.update(_folded(t) for t in fallbacks(tag))
    return frozenset(code for code in codes if code)


def check_post(
    post: Post, captions: Sequence[Caption], config: Config, languages: frozenset[str]
) -> list[Finding]:
    """The findings of one post's captions."""
    where = post.source or post.url
    phrases = phrases_of(post, config)
    lang = phrases.lang
    added = _literals(phrases)
    own_tags = {_folded(t) for t in (*post.tags, *post.categories, *config.captions.always_tags)}
    extra = post.share.get("hashtags") if hasattr(post.share, "get") else None
    own_tags |= {_folded(str(t)) for t in extra or ()}
    stop = vocabulary.stopwords(lang)
    headings = {_heading_key(h) for h in post.headings}
    headings |= {_heading_key(text) for kind, text in post.blocks if kind == "heading"}
    spellings = _spellings(post)
    english = _english_phrases(config) if not _is_english(lang) else ()
    borrowed = [_normal(text) for kind, text in post.blocks if kind in NOT_OWN_WORDS]
    findings: list[Finding] = []

    def found(rule: str, c: Caption, detail: str) -> None:
        findings.append(Finding(rule, where, c.platform, c.variant, detail))

    for c in captions:
        for tag in c.hashtags:
            body = _folded(tag.lstrip("#＃"))
            if body in languages:
                found("language-code-hashtag", c, tag)
            elif body in stop and body not in own_tags:
                found("stopword-hashtag", c, tag)
        for number, part in enumerate(c.parts[1:], start=2):
            if _heading_key(_PART_NUMBER.sub("", _words_of(part))) in headings:
                found("bare-heading-part", c, f"part {number}: {one_line(part)}")
        text = "\n".join(_words_of(part) for part in c.parts)
        for word in sorted(_changed_case(_without(text, added), post.title, spellings)):
            found("title-case-changed", c, word)
        for name, pattern in english:
            if any(pattern.search(part) for part in c.parts):
                found("english-phrase", c, name)
        if c.variant == "quote" and borrowed:
            quoted = _normal(c.text.split("\n\n", 1)[0].strip(_QUOTE_MARKS).rstrip("…"))
            if quoted and any(quoted in block for block in borrowed):
                found("quote-not-own-words", c, quoted[:80])
    return findings


def _literals(phrases: Phrases) -> tuple[str, ...]:
    """The fixed words of the phrases captions add in this language, longest first."""
    found = {
        literal.strip()
        for key in PHRASE_KEYS
        for literal, *_ in string.Formatter().parse(phrases.phrase(key))
        if literal.strip()
    }
    return tuple(sorted(found, key=len, reverse=True))


def _without(text: str, literals: Sequence[str]) -> str:
    for literal in literals:
        text = text.replace(literal, " ")
    return text


def _words_of(text: str) -> str:
    """A caption's own words: without hashtags, links and mentions."""
    return _HASHTAG.sub("", _LINK.sub("", text)).strip()


def _folded(text: str) -> str:
    return re.sub(r"[\s_\-]+", "", text).casefold()


def _heading_key(text: str) -> str:
    return one_line(text).strip().rstrip(":：").casefold()


def _normal(text: str) -> str:
    return " ".join(one_line(text).split()).casefold()


def _spellings(post: Post) -> frozenset[str]:
    """Every word as the post writes it (title, summary, headings, body)."""
    pieces = [post.title, post.summary, *post.headings, post.body]
    pieces += [text for _, text in post.blocks]
    # One clean-up of all the text, line by line, as `one_line` of each piece would do.
    return frozenset(_WORD.findall(plain("\n".join(pieces))))


def _changed_case(text: str, title: str, spellings: frozenset[str]) -> set[str]:
    """Words of `text` that are words of the title in a case the post never writes."""
    folded = {w.casefold() for w in _WORD.findall(one_line(title))}
    return {
        word
        for word in _WORD.findall(text)
        if word.casefold() in folded and word not in spellings and word.lower() != word.upper()
    }


def _is_english(lang: str | None) -> bool:
    locale = locale_of(lang)
    return locale is None or locale.language == "en"


#: English phrases that stand on a line of their own in a caption.
_OWN_LINE = ("byline", "link_in_bio")


def _english_phrases(config: Config) -> tuple[tuple[str, regex.Pattern[str]], ...]:
    """(name, pattern) of each English phrase that has words of its own (a phrase that
    stands on its own line only matches a whole line)."""
    phrases = phrases_for("en", config.captions.phrases)
    out = []
    for name in ("new_post", "question", "archive", "updated", "byline", "min_read",
                 "link_in_bio"):  # fmt: skip
        if not phrases.own(name):
            continue
        parsed = list(string.Formatter().parse(phrases.phrase(name)))
        if sum(ch.isalpha() for literal, *_ in parsed for ch in literal) < 2:
            continue
        body = "".join(
            regex.escape(literal) + (r".+?" if placeholder is not None else "")
            for literal, placeholder, _, _ in parsed
        )
        line = name in _OWN_LINE
        out.append(
            (name, regex.compile(rf"(?m)^{body}$" if line else rf"(?<!\p{{L}}){body}(?!\p{{L}})"))
        )
    return tuple(out)
