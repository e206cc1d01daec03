"""Which sentence of a post's opening is its point, for a summary: the per-language lists of
`summary.toml` (news, asides, salutations, repost notes, the post describing itself).

A blogger shares a post with the sentence that says what is new or what the post does, not
the background before it ("Since the inception of the release team, we have used a
spreadsheet…" gives way to "Starting with the 1.26 release, we are replacing the
spreadsheet…"), a greeting ("Greetings Jekyllers, …"), a note that the post was imported
from elsewhere, a negative aside ("Nothing new in the way of features…") or words about the
post as writing ("The post describes how to use X" is "How to use X.").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import regex

from smm_promote.captions import standalone
from smm_promote.captions.wordlists import NEVER as _NEVER
from smm_promote.captions.wordlists import alternatives as _alternatives
from smm_promote.captions.wordlists import lists_of, word_pattern

#: A repost note is a short line of its own ("Imported from renren", "從 知乎 轉載").
_NOTE_MAX = 60
_WIDE = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")


@dataclass(frozen=True)
class LeadWords:
    """One language's lists, compiled (matched case-insensitively)."""

    news: regex.Pattern[str]
    news_openers: regex.Pattern[str]
    own_release: regex.Pattern[str]
    release_titles: regex.Pattern[str]
    released: regex.Pattern[str]
    changed: regex.Pattern[str]
    unchanged: regex.Pattern[str]
    background: regex.Pattern[str]
    asides: regex.Pattern[str]
    about_the_writing: regex.Pattern[str]
    salutation: regex.Pattern[str]
    reposts: regex.Pattern[str]
    reposts_inside: regex.Pattern[str]
    describes: regex.Pattern[str]
    topic: regex.Pattern[str]
    vague: frozenset[str]
    of_its_day: regex.Pattern[str]


@lru_cache(maxsize=64)
def lead_words(lang: str | None) -> LeadWords:
    """The lists of `lang` (its primary subtag; English for a language with no table)."""
    lists, spaced = lists_of("summary.toml", lang)

    def words(name: str, opening: bool) -> regex.Pattern[str]:
        return word_pattern(lists.get(name, []), opening, spaced, regex.IGNORECASE)

    describes, topic = _describes_patterns(lists, spaced)
    return LeadWords(
        news=words("news", False),
        news_openers=words("news_openers", True),
        own_release=words("own_release", False),
        release_titles=words("release_titles", True),
        released=words("released", True),
        changed=words("changed", False),
        unchanged=words("unchanged", False),
        background=words("background", True),
        asides=words("asides", True),
        about_the_writing=words("about_the_writing", False),
        salutation=_salutation_pattern(lists.get("salutations", []), spaced),
        reposts=words("reposts", True),
        reposts_inside=words("reposts_inside", False),
        describes=describes,
        topic=topic,
        vague=frozenset(lists.get("vague", [])),
        of_its_day=words("of_its_day", False),
    )


def _salutation_pattern(salutations: list[str], spaced: bool) -> regex.Pattern[str]:
    """A greeting, up to three words of whom it greets, then a comma or an exclamation
    mark, before the rest of the sentence."""
    if not salutations:
        return _NEVER
    greeted = "(?:\\s+[\\w'’-]+){0,3}" if spaced else "[^，、！,!。]{0,8}"
    after = "(?![\\w'-])" if spaced else ""
    return regex.compile(
        f"^(?:{_alternatives(salutations)}){after}{greeted}\\s*[,，、!！]\\s*(?P<rest>\\S.*)$",
        regex.IGNORECASE,
    )


def _describes_patterns(
    lists: dict[str, list[str]], spaced: bool
) -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """The post named as writing and a verb of the writing ("The post describes",
    "In this tiny how-to I'll explain you", "本文介紹"); the same followed by a topic
    ("… how to use X"), whose group `topic` is the rest of the sentence."""
    openers, nouns = lists.get("post_openers", []), lists.get("post_nouns", [])
    verbs, topics = lists.get("writing_verbs", []), lists.get("topic_words", [])
    if not openers or not verbs:
        return _NEVER, _NEVER
    if spaced:
        named = f"(?:{_alternatives(openers)})\\s+(?:[\\w-]+\\s+)?(?:{_alternatives(nouns)})"
        lead = f"^{named}(?![\\w'-])[^.!?:;]{{0,40}}?(?<![\\w'-])(?:{_alternatives(verbs)})"
        lead += "(?![\\w'-])(?:\\s+(?:you|to you|vous))?"
    else:
        noun = f"(?:{_alternatives(nouns)})?" if nouns else ""
        lead = f"^(?:{_alternatives(openers)}){noun}[^。！？]{{0,6}}?(?:{_alternatives(verbs)})了?"
    describes = regex.compile(lead, regex.IGNORECASE)
    if not topics:
        return describes, _NEVER
    gap = "\\s+" if spaced else "\\s*"
    after = "(?![\\w'-])" if spaced else ""
    topic = regex.compile(f"{lead}{gap}(?P<topic>(?:{_alternatives(topics)}){after}.+)$", regex.I)
    return describes, topic


#: What may come before a sentence's first word: quotation marks, brackets, dashes, bullets.
_LEAD = regex.compile(r"^[\s\p{Pi}\p{Ps}\"'«‹「『“‘*•\-–—]+")


def _text(sentence: str) -> str:
    return _LEAD.sub("", sentence.replace("’", "'"))


def states_news(sentence: str, lang: str | None) -> bool:
    """The sentence states the post's news: a release, a launch, a change from now on
    ("Starting with the 1.26 release, we are replacing…", "I'm excited to launch…")."""
    return bool(lead_words(lang).news.search(_text(sentence)))


#: A version number: two parts at least ("1.27.0", "v4.4.0", "2.10"), not part of a longer
#: dotted run.
VERSION = regex.compile(r"(?<![\w.])v?(\d+(?:\.\d+)+)(?![\w.]*\d)")


def versions(text: str) -> frozenset[tuple[int, ...]]:
    """The version numbers `text` names, trailing zeros beyond the minor number dropped
    ("1.31.0" is "1.31"; "1.41.1" stays)."""
    found = set()
    for version in VERSION.findall(text):
        parts = [int(part) for part in version.split(".")]
        while len(parts) > 2 and parts[-1] == 0:
            parts.pop()
        found.add(tuple(parts))
    return frozenset(found)


def names_its_release(sentence: str, title: str) -> bool:
    """The sentence names a version that the post's `title` names ("…rustup version
    1.27.0." under "Announcing Rustup 1.27.0")."""
    titled = versions(title)
    return bool(titled) and bool(versions(sentence) & titled)


#: A sentence opens on a release when it names it within its first this many words.
RELEASE_OPENING_WORDS = 6


#: A release's name in a title is at most this many words before its version.
RELEASE_NAME_WORDS = 3

#: A title's word that opens on a version ("1.98.0", "v3.0.0-beta.1", "11.11-11.14").
_VERSION_WORD = regex.compile(r"v?\d+(?:\.\d+)+")
#: A word of a product's name: letters, digits and hyphens, opening on a letter.
_NAME_WORD = regex.compile(r"\p{L}[\p{L}\p{N}-]*$")


def release_of(title: str, lang: str | None) -> str | None:
    """The release the title names, as the title writes it: a product's name (at most
    `RELEASE_NAME_WORDS` words of letters, digits and hyphens, all capitalised unless it is
    one: "Jekyll Sass Converter", "pnpm") and the version word after it, opening the title
    or after an opening of the language's `release_titles`, and ending it or followed by
    punctuation or the language's `released` ("Rust 1.98.0" in "Announcing Rust 1.98.0",
    "Jekyll 3.8.6" in "Jekyll 3.8.6 Released", "pnpm 11.11-11.14"). None when the title
    names none so ("Jekyll 4.0 is on the Horizon!", "Jekyll turns 3.6!", "C++ Tricks 1.1
    條件運算符", "1.71.0 pre-release testing", "Upgrading to Hugo 0.120")."""
    words = lead_words(lang)
    text = " ".join(title.split())
    opening = words.release_titles.match(text)
    if opening:
        text = text[opening.end() :].lstrip(" :,")
    parts = text.split()
    at = next((i for i, word in enumerate(parts) if _VERSION_WORD.match(word)), None)
    if not at or at > RELEASE_NAME_WORDS:
        return None
    name = parts[:at]
    if not all(_NAME_WORD.match(word) for word in name):
        return None
    if len(name) > 1 and not all(word[0].isupper() for word in name):
        return None
    version = parts[at].rstrip(",:;.!?")
    after = " ".join([parts[at][len(version) :], *parts[at + 1 :]]).strip()
    if after and after[0].isalnum() and not words.released.match(after):
        return None
    return " ".join([*name, version])


def with_its_release(summary: str, title: str, lang: str | None) -> str:
    """The summary led with the release the title names (`release_of`) when it does not name
    that version itself (`names_its_release`): "pnpm 10.15: Added the cleanupUnusedCatalogs
    configuration." under "pnpm 10.15" (read on its own, "Added the…" says not which
    release); "Jekyll 4.0.1 is out and fixes a few issues…" stays as it is."""
    release = release_of(title, lang)
    if not summary or not release or names_its_release(summary, title):
        return summary
    product = regex.escape(release.rsplit(" ", 1)[0])
    if regex.search(rf"(?<!\w){product} v?\d", summary):
        return summary  # "pnpm 11 is here!", "Jekyll 1.3.0 is going to be…": named already
    if _WIDE.match(summary):
        return f"{release}：{summary}"
    return f"{release}: {summary}"


def opens_on_its_release(sentence: str, title: str) -> bool:
    """The sentence names the version the title names within its first
    `RELEASE_OPENING_WORDS` words: it is set in the post's release ("In Linkerd 2.10, we've
    stripped down…", "Jekyll 4.0.0 is finally here!", "The highlights of Rust 1.39.0
    include…"), not merely mentioning it ("…it's likely that your suggestion might make it
    into Jekyll 4.0.")."""
    opening = " ".join(_text(sentence).split()[:RELEASE_OPENING_WORDS])
    return names_its_release(opening, title)


def announces_its_release(sentence: str, title: str, lang: str | None) -> bool:
    """The sentence states news (`states_news`) of the version the title names: "The rustup
    team is happy to announce the release of rustup version 1.27.0." under "Announcing
    Rustup 1.27.0". A site's release formula says it in every release post, each time with
    that post's own version: the post's news, not the site's boilerplate."""
    return names_its_release(sentence, title) and states_news(sentence, lang)


def tells_of_its_release(sentence: str, title: str, lang: str | None) -> bool:
    """The sentence tells what the post's release brings: it names the version the title
    names ("The highlights of Rust 1.39.0 include…"), opens on the release itself (the
    language's `own_release` within its first `RELEASE_OPENING_WORDS` words: "This release
    adds traffic splitting…"; "…and this version is an improvement in every way" may speak
    of something else) or states a change (`changed`, not `unchanged`: "Cargo now has an
    info subcommand…", not "…the legacy types for now"),
    and refers to nothing said before it (`standalone.refers_back`: "In Rust 1.50, that
    stabilization is formally acknowledged"), is of the release's own time
    (`standalone.of_another_time`: not "Previously, rustfmt would overindent…") and is no
    caveat for some readers (`standalone.beside_the_point`: "If you have since changed
    your code…")."""
    text = _text(sentence)
    words = lead_words(lang)
    found = words.own_release.search(text)
    opens = bool(found) and len(text[: found.start()].split()) < RELEASE_OPENING_WORDS
    changes = words.changed.search(words.unchanged.sub(" ", text))
    tells = names_its_release(sentence, title) or opens or bool(changes)
    return tells and of_its_own(sentence, lang)


def of_its_own(sentence: str, lang: str | None) -> bool:
    """The sentence refers to nothing said before it (`standalone.refers_back`), is of the
    post's own time (`standalone.of_another_time`) and is no caveat for some readers
    (`standalone.beside_the_point`)."""
    return not (
        standalone.refers_back(sentence, lang)
        or standalone.of_another_time(sentence, lang)
        or standalone.beside_the_point(sentence, lang)
    )


def says_only_the_title(sentence: str, title: str) -> bool:
    """The release formula names no version beyond those the title names ("…a new version
    of Rust, 1.29.1." under "Announcing Rust 1.29.1"; not "…1.34.1, and a new version of
    rustup, 1.18.1."): read under the title, it tells nothing new."""
    return versions(sentence) <= versions(title)


def is_release_formula(sentence: str, title: str, lang: str | None) -> bool:
    """The site's release formula with this post's version: a sentence the site's posts
    share (`boilerplate.SiteSentences`, numbers aside) that announces the release the title
    names ("The Rust team is happy to announce a new version of Rust, 1.45.0."). It is the
    post's news, said the same way every time: what the release brings says more."""
    from smm_promote.captions.boilerplate import is_boilerplate

    return is_boilerplate(sentence) and announces_its_release(sentence, title, lang)


def sets_the_scene(sentence: str, lang: str | None) -> bool:
    """Background before the news: `standalone.sets_the_scene` ("For years…", "Back in…"), or
    an opening of the language's `background` for summaries ("Over the past 10 months…",
    "In our ongoing SIG Spotlight series…")."""
    return standalone.sets_the_scene(sentence, lang) or bool(
        lead_words(lang).background.search(_text(sentence))
    )


def opens_with_news(sentence: str, lang: str | None) -> bool:
    """The sentence opens on its news: "Starting with the 1.26 release, we are replacing…",
    "We're replacing…" (`states_news` at its first word)."""
    return bool(lead_words(lang).news.match(_text(sentence)))


def opens_on_its_time(sentence: str, lang: str | None) -> bool:
    """The sentence opens naming the post's own time or release ("This time, …", "Today…")."""
    return bool(lead_words(lang).news_openers.search(_text(sentence)))


def news_on_its_time(sentence: str, lang: str | None) -> bool:
    """The sentence names the post's own time and states its news ("This week we've
    launched the open call…", "Today we are releasing…"): news, not filler about the
    writing ("This week…" opens a weekly update too)."""
    return opens_on_its_time(sentence, lang) and states_news(sentence, lang)


def of_its_day(text: str, lang: str | None) -> bool:
    """A summary that speaks as news on the post's own day: its first sentence names that
    day with its news ("Today we're excited to launch…", `news_on_its_time`), or it calls
    what it tells upcoming or the latest (`of_its_day` in summary.toml: "The upcoming
    Linkerd 2.10…", "One of the latest additions…"). A reshare months later would repeat it
    as news."""
    if not text:
        return False
    from smm_promote.captions.plaintext import sentences

    first = next(iter(sentences(text)), text)
    return news_on_its_time(first, lang) or bool(lead_words(lang).of_its_day.search(_text(text)))


def is_aside(sentence: str, lang: str | None) -> bool:
    """A negative, a piece of advice to the reader or words about the post's own writing, no
    point of the post: "Nothing new in the way of features…", "Depending on whether you
    use…", "Yes, it took me a long while to add this to the blog…"."""
    words, text = lead_words(lang), _text(sentence)
    return bool(words.asides.search(text) or words.about_the_writing.search(text))


def without_salutation(sentence: str, lang: str | None) -> str:
    """The sentence without a greeting before it ("Greetings Jekyllers, Jekyll v4.4.0 has been
    published!" is "Jekyll v4.4.0 has been published!"), when what follows it opens a
    sentence (a capital, or a Chinese or Japanese character) of four words at least; and
    without the web's "TL;DR" label before the author's own summary on the same terms
    ("TL;DR: Rustls is the inaugural project of…")."""
    label = _SUMMARY_LABEL.match(sentence.strip())
    if label and _opens_a_sentence(rest := label.group("rest")):
        sentence = rest
    found = lead_words(lang).salutation.match(sentence.strip())
    if not found:
        return sentence
    rest = found.group("rest")
    return rest if _opens_a_sentence(rest) else sentence


#: "TL;DR" ("too long; didn't read") before a post's own summary, in any language.
_SUMMARY_LABEL = regex.compile(
    r"^(?:tl\s?;\s?dr|tldr)(?![\w])\s*[:：.—–-]?\s*(?P<rest>\S.*)$", regex.IGNORECASE
)


def _opens_a_sentence(rest: str) -> bool:
    """A capital and four words at least, or six Chinese or Japanese characters opening it."""
    wide = len(_WIDE.findall(rest))
    return (rest[0].isupper() and len(rest.split()) >= 4) or bool(_WIDE.match(rest) and wide >= 6)


def is_repost_note(text: str, lang: str | None) -> bool:
    """A note that the post comes from elsewhere: "Imported from renren", "導入自 renren",
    "從 知乎 轉載", "Originally published on…"."""
    text = _text(text)
    words = lead_words(lang)
    if words.reposts.search(text):
        return True
    return len(text) <= _NOTE_MAX and bool(words.reposts_inside.search(text))


def without_repost_note(summary: str, notes: Sequence[str], lang: str | None) -> str:
    """`summary` without a repost note it opens with: one of `notes` (the post's paragraphs
    that are repost notes, which a one-line summary runs into its first sentence), or a
    first sentence that is one."""
    for note in notes:
        if note and summary.startswith(note) and is_repost_note(note, lang):
            return summary[len(note) :].strip()
    return summary


def describes_the_post(sentence: str, lang: str | None) -> bool:
    """The post named as writing, and what the writing does: "The post describes…",
    "In this blogpost, we talk about…", "本文介紹…". It says what the post is about, not
    what the post says."""
    return bool(lead_words(lang).describes.search(_text(sentence)))


def as_topic(sentence: str, lang: str | None) -> str | None:
    """A sentence describing the post by its topic, as the topic: "The post describes how to
    use X" is "How to use X."; "In this tiny how-to I'll explain you how to set up…" is
    "How to set up…". None when the sentence names no topic so."""
    found = lead_words(lang).topic.match(_text(sentence))
    if not found:
        return None
    topic = found.group("topic").strip()
    clause = regex.split(r"[,，、;；]", topic, maxsplit=1)[0].split()
    if clause and clause[-1].casefold().strip(".!?") in lead_words(lang).vague:
        return None  # "how I've done it, code included": "it" is said before
    topic = topic[0].upper() + topic[1:]
    if not regex.search(r"[.!?。！？]$", topic):
        topic += "。" if _WIDE.search(topic[-1]) else "."
    return topic


def point_of(
    openers: Sequence[str],
    lang: str | None,
    title: str = "",
    located: Sequence[bool] | None = None,
    leads: Sequence[bool] | None = None,
    brings: Sequence[bool] | None = None,
) -> int:
    """Which of a post's opening sentences that may open a summary (`openers`, in order)
    states its point: the first, unless
    - it is the site's release formula (`is_release_formula`) and a later one that opens
      its paragraph or follows the formula (`leads`, one flag per opener; all when None)
      tells of that release (`tells_of_its_release`: "This release adds traffic
      splitting…", "The highlights of Rust 1.39.0 include…"): that one (a sentence inside
      a paragraph leans on the one before: "Last year we released a new toml format…", then
      "…we now support the .toml extension for that file"); failing one, when the formula
      says nothing beyond the title (`says_only_the_title`), the first later one that
      says what the release brings (`brings`, one flag per opener: the paragraph right
      after the formula and the site's boilerplate; none when None) and is news of its
      own ("A security vulnerability was found in the standard library…" under "Announcing
      Rust 1.29.1");
    - it states no news and names no release of the `title` ("Linkerd is the smallest,
      simplest service mesh in the world."), and a later one states news on the post's own
      time ("Today we would like to announce…") or opens on the title's release
      (`opens_on_its_release`: "In Linkerd 2.10, we've stripped down…"): that one;
    - it sets the scene (background: "Since…", "For years…", "Over the past 10 months…")
      without news of its own ("Two months ago, we launched the survey…" has some) and a
      later one states the news (`states_news`) or opens on the title's release: that one;
      failing news, the first later one that says what the post does (the post speaking of
      itself: "In this article, I want to look into the future…").
    A later one opens on the title's release as the news only where the post states its
    point (`located`, one flag per opener: its opening or the first paragraph after a short
    one; all when None): a section's "In Linkerd 2.2 we introduced retries…" is one part of
    a post on how they were designed."""
    first = openers[0] if openers else ""
    if len(openers) < 2:
        return 0

    def where_the_point_is(at: int) -> bool:
        return located is None or located[at]

    if is_release_formula(first, title, lang):
        told = [
            at
            for at, s in enumerate(openers[1:], 1)
            if (leads is None or leads[at])
            and tells_of_its_release(s, title, lang)
            and not sets_the_scene(s, lang)
        ]
        if told:
            return told[0]
        if brings is None or not says_only_the_title(first, title):
            return 0
        brought = [
            at
            for at, s in enumerate(openers[1:], 1)
            if brings[at] and of_its_own(s, lang) and not sets_the_scene(s, lang)
        ]
        return brought[0] if brought else 0
    if states_news(first, lang) or names_its_release(first, title):
        return 0

    def on_its_release(at: int, sentence: str) -> bool:
        return where_the_point_is(at) and opens_on_its_release(sentence, title)

    if not sets_the_scene(first, lang):
        # A description before news on the post's own time ("The community around
        # Kubernetes includes…", then "Today we would like to announce the new…"): the news.
        news = [
            at
            for at, s in enumerate(openers[1:], 1)
            if news_on_its_time(s, lang) or on_its_release(at, s)
        ]
        return news[0] if news else 0
    for at, sentence in enumerate(openers[1:], 1):
        news = states_news(sentence, lang) or on_its_release(at, sentence)
        if news and not sets_the_scene(sentence, lang):
            return at
    for at, sentence in enumerate(openers[1:], 1):
        if standalone.about_itself(sentence, lang):
            return at
    return 0
