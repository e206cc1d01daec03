"""Words for captions, taken from a post: a summary, a quote, takeaways, a hook (from its clean
text and sentences, `smm_promote.captions.plaintext`)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import accumulate

import regex

from smm_promote.captions import lead, plaintext, standalone, vocabulary
from smm_promote.captions.boilerplate import is_boilerplate
from smm_promote.captions.perpost import per_post
from smm_promote.captions.plaintext import ABOUT_THE_POST, CLOSED, one_line, sentences
from smm_promote.model import Post
from smm_promote.sources.text import is_wide

#: Headings that say nothing about the post: its furniture, in a few languages.
_GENERIC_HEADING = regex.compile(
    r"^(?:introduction|intro|overview|background|conclusions?|in conclusion|summary|"
    r"(?:a )?recap|notes?|faqs?|frequently asked questions|q ?& ?a|questions|"
    r"questions (?:and|&) answers|"
    r"(?:table of )?contents|toc|references?|resources|(?:further |more |additional )?reading|"
    r"related(?: posts| articles| links| work| reading)?|links?|see also|sources|credits|"
    r"acknowledge?ments|thanks|thank you|most relevant blogs|read more|next steps|"
    r"what'?s next(?: for .+)?|what comes next|next up|up next|looking ahead|the road ahead|"
    r"future (?:work|plans)|about(?: the author| me| us)?|final thoughts|closing thoughts|"
    r"wrapping up|"
    r"wrap[- ]up|tl;? ?dr|too long;? didn'?t read|prerequisites|getting started|updates?|"
    r"changelog|appendix|footnotes|disclaimer|"
    r"introducción|conclusión|conclusiones|resumen|referencias|próximos pasos|"
    r"conclusion|résumé|références|prochaines étapes|et après|"
    r"einleitung|einführung|fazit|zusammenfassung|quellen|ausblick|wie geht es weiter|"
    r"introdução|conclusão|resumo|introduzione|conclusioni|riassunto|"
    r"введение|заключение|итоги|выводы|"
    r"前言|引言|简介|簡介|介紹|介绍|总结|總結|结论|結論|参考|參考|参考文献|參考文獻|"
    r"相关阅读|相關閱讀|延伸閱讀|延伸阅读|擴展閱讀|扩展阅读|附錄|附录|後記|后记|"
    r"未來計劃|未来计划|下一步|はじめに|まとめ|おわりに|参考文献|今後の予定|"
    r"서론|결론|요약|참고|향후 계획)$",
    regex.IGNORECASE,
)
#: A sentence that makes a claim (English): a copula, a modal or an absolute.
_CLAIM = re.compile(
    r"\b(?:is|are|isn't|aren't|was|were|can|can't|cannot|will|won't|should|must|never|"
    r"always|means?|makes?|needs?|matters?|works?|beats?|costs?)\b",
    re.IGNORECASE,
)
#: Calls to action and site furniture that a quote should not be.
_PROMOTIONAL = re.compile(
    r"\b(?:click|subscribe|sign up|log ?in|learn more|try \w+ for|read more|follow us|"
    r"we want to help|contact us|cookie|newsletter|pricing|free trial)\b",
    re.IGNORECASE,
)
_NUMBERING = re.compile(r"^\s*(?:(?:step|tip|part)\s+)?\d{1,3}\s*[.):\-–—]\s*", re.IGNORECASE)
_LABEL_ITEM = re.compile(r"^([^:.!?]{3,60}):\s+\S")
#: A speaker's name before their words in an interview ("Fyka: …", "Q:").
#: The label may carry initials or an affiliation in brackets ("Frederico (FSM): …").
_SPEAKER = regex.compile(
    r"^\p{Lu}[\p{L}.'’-]*(?: \p{Lu}[\p{L}.'’-]*){0,2}(?: ?[(（][^()（）]{1,30}[)）])?\s?[:：]\s?"
    r"(?=\S)"
)
#: An issue or pull-request reference of a changelog entry ("(#1234)", "GH-12", "!345").
_CHANGE_REF = regex.compile(r"(?<![\w&])(?:#|GH-|!)\d{2,}\b|\bpull/\d+|\bissues/\d+")
#: An issue or pull request cited anywhere: a change reference, "kubernetes/website#54075",
#: "issue 123", "PR #45".
_ISSUE_REF = regex.compile(
    _CHANGE_REF.pattern + r"|[\w.-]#\d+\b|\b(?:issue|pull request|PR|MR)\s+#?\d+\b",
    regex.IGNORECASE,
)
#: A sentence that ends on a colon (ASCII or fullwidth) introduces what follows it.
_INTRODUCES = re.compile(r"[:：]\W*$")

#: Markup left as text: TeX quotes, an unclosed reStructuredText literal ("``x''"), an HTML
#: character reference a code span shows as written ("encoded as `&lt;`").
_MARKUP_LEFT = re.compile(r"``|''|&(?:[a-zA-Z][a-zA-Z0-9]*|#[0-9]+|#[xX][0-9a-fA-F]+);")
QUOTE_MIN, QUOTE_MAX = 60, 200
#: A quote shares this many content terms with the title (all of a shorter title's): it is
#: about what the post is about (Edmundson's title method), not a detail or an aside.
QUOTE_TITLE_TERMS = 2
#: What a quote that tells the post's news (`lead.states_news`) scores above others.
QUOTE_NEWS = 1
#: A summary from the body opens within the post's first this many sentences.
OPENING = 8
#: A post's own summary of at most this many words and no closing punctuation is a tagline.
TAGLINE_WORDS = 12
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")


def post_blocks(post: Post) -> list[tuple[str, str]]:
    """The post's blocks (`plaintext.post_blocks`) as captions quote them: without the
    parentheses of its prose that only point elsewhere ("(see review #1 and review #2)":
    their links are not in a caption)."""
    return list(_prose_blocks(post))


@lru_cache(maxsize=4096)
def _prose_blocks(post: Post) -> tuple[tuple[str, str], ...]:
    return tuple(
        (kind, standalone.without_cross_references(text, post.lang))
        if kind in ("text", "item")
        else (kind, text)
        for kind, text in plaintext.post_blocks(post)
    )


def sentence_case(text: str) -> str:
    """Capitalise the first letter (for lower-cased sources) and a lone lower-case 'i'."""
    text = re.sub(r"(?<!\w)i(?=\s|')", "I", text)
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1 :]
        if not (ch.isspace() or ch in "\"'“‘("):
            break
    return text


def _restore_case(text: str, post: Post) -> str:
    """Sentence case for a source that lost its capitals (all lower case); any other text,
    with its names and titles, is kept as written."""
    return sentence_case(text) if text and _lower_cased(post.body) else text


def body_sentences(post: Post, kinds: tuple[str, ...] = ("text",)) -> list[str]:
    """The sentences of the body's blocks of `kinds` (the author's paragraphs by default),
    without notes about the post itself."""
    return [
        s
        for kind, text in post_blocks(post)
        if kind in kinds
        for s in sentences(text)
        if not ABOUT_THE_POST.search(s)
    ]


def is_dialogue(text: str) -> bool:
    """A speaker's turn of an interview: a paragraph opening with a speaker's label ("CS: …",
    "Frederico (FSM): Hello…"). It is someone's side of a conversation, not the post's prose."""
    return bool(_SPEAKER.match(text))


def about_author(sentence: str, post: Post) -> bool:
    """A sentence about the post's author in the third person, their name as its subject
    ("Donald Stufft is a PyPI administrator…"): a bio, not the post's subject. An author
    stating news is the post's point ("The Rustup team is happy to announce…")."""
    if lead.states_news(sentence, post.lang):
        return False
    folded = sentence.lstrip("_*“\"'「").casefold()
    for author in post.authors:
        name = author.name.strip().casefold()
        if (
            name
            and folded.startswith(name)
            and folded[len(name) : len(name) + 1] in (" ", ",", "'", "’")
        ):
            return True
    return False


def is_change_entry(text: str, lang: str | None) -> bool:
    """A changelog entry among a release's list items: an issue or pull-request reference, or
    an opening verb of the language's changelog words ("Fixes bug where…", "Added…"), or
    the bug it fixes described ("…had a significant performance regression…")."""
    return (
        bool(_CHANGE_REF.search(text))
        or standalone.opens_change_entry(text, lang)
        or standalone.describes_a_fix(text, lang)
    )


def in_post_language(text: str, post: Post) -> bool:
    """Whether `text` is written in the post's language."""
    from smm_promote.captions.language import in_language

    return in_language(text, post.lang)


def _starts_well(sentence: str, post: Post) -> bool:
    """A sentence opens with a capital, unless the whole post is written in lower case."""
    return not sentence[0].islower() or _lower_cased(post.body)


@lru_cache(maxsize=256)
def _lower_cased(text: str) -> bool:
    """Whether `text` (a post's body: asked once per sentence, so kept) lost its capitals."""
    head = text[:5000]
    if head.isascii():  # an ASCII character with a case is a letter
        upper, lower = sum(map(str.isupper, head)), sum(map(str.islower, head))
        return upper + lower > 0 and upper < 0.01 * (upper + lower)
    letters = [ch for ch in head if ch.isalpha() and (ch.isupper() or ch.islower())]
    return bool(letters) and sum(ch.isupper() for ch in letters) < 0.01 * len(letters)


def width(text: str) -> int:
    """Length with each Chinese or Japanese (wide) character counted twice: one carries
    about as much as two Latin letters (and X counts it so)."""
    if text.isascii():
        return len(text)
    return len(text) + sum(is_wide(ch) for ch in text)


def no_point(sentence: str, post: Post) -> bool:
    """A sentence that is no point of the post on its own: a pointer or a step ("Note
    that…", "Take a look…", "See…", "For more…", "…can then be imported"), a bio ("Nick
    Young works at…", any person, "I'm Michelle…"), an issue or pull request cited, words
    pointing at media or elsewhere ("over there", "如下", "以下の"), filler ("without
    further ado") or an introduction to what follows (a colon at its end)."""
    return (
        _off_point(sentence, post)
        or standalone.is_pointer(sentence, post.lang)
        or standalone.is_step(sentence, post.lang)
        or standalone.is_bio(sentence, post.lang)
    )


def _good_sentence(sentence: str, low: int, high: int, least_words: int = 6) -> bool:
    """A whole sentence of `low` to `high` characters (`width`), a claim in words (at least
    `least_words` words, or eight Chinese or Japanese characters)."""
    words = sentence.split()
    return (
        low <= width(sentence) <= high
        and (len(words) >= least_words or len(_CJK.findall(sentence)) >= 8)
        and sentence[-1] in ".!?。！？"
        and sentence[0].isalpha()
        and "://" not in sentence
        and not sentence.rstrip(".!?").endswith(":")
        and not _PROMOTIONAL.search(sentence)
        and sum(map(str.isalnum, sentence)) > 0.7 * len(sentence)
    )


@per_post
def description(post: Post, limit: int = 300) -> str:
    """The post's summary, or its first sentences that say something (up to `limit`
    characters by `width`, whole sentences, none from a postscript). The summary is the
    post's own (front matter, or the text before its excerpt marker) unless it says nothing
    (`says_nothing`), only repeats the title, stops mid-sentence (`cut_short`) or speaks of
    the post as writing with no topic to keep (`lead.describes_the_post`: "In this blogpost,
    we talk about…") while the body's first sentence says what the post holds, or is a
    tagline (`TAGLINE_WORDS` words at most, no closing punctuation: "Hearing from you about
    the second year of Rust")
    while the body's summary states the news ("…is pleased to announce our 2017 State of
    Rust Survey!"); from the
    body, the first sentence of its opening (`OPENING` sentences, the site's boilerplate
    not counted) that opens a summary (`_opens_summary`: it stands alone and says something)
    and the well-formed sentences that follow it. Either way the summary opens on the
    post's point (`lead.point_of`: the news after background, unless the summary from the
    background reads on to it), without a greeting before it or a note that the post was
    imported; the post describing itself by its topic is that topic ("The post describes
    how to use X" is "How to use X.")."""
    summary = lead.without_repost_note(one_line(post.summary), _notes(post), post.lang)
    repeats_title = summary.casefold() == one_line(post.title).casefold()
    if _restates_title(summary, post):
        body = _from_body(post, limit)
        if body:
            return body
    if summary and not repeats_title and not cut_short(summary, post.lang):
        found = sentences(summary) or [summary]
        found[0] = lead.without_salutation(found[0], post.lang)
        topic = lead.as_topic(found[0], post.lang)
        if topic:
            return _restore_case(topic, post)
        if lead.describes_the_post(found[0], post.lang):
            body = _from_body(post, limit, first_only=True)
            if body:
                return body
        if not CLOSED.search(summary) and len(summary.split()) <= TAGLINE_WORDS:
            body = _from_body(post, limit)
            opener = sentences(body)[0] if body else ""
            if lead.states_news(opener, post.lang) and not _tells_history(opener, post):
                return body
        if not no_point(found[0], post) and not lead.is_aside(found[0], post.lang):
            openers = [s for s in found if not no_point(s, post)]
            start = found.index(openers[lead.point_of(openers, post.lang, one_line(post.title))])
            first = _cap(_up_to_no_point(found, post), limit)
            # The point is already read within it, or it opens on the site's release formula
            # reading on into what the release brings.
            if found[start] in first or _formula_reads_on(sentences(first), post):
                return _restore_case(first, post)
            return _restore_case(_cap(_up_to_no_point(found[start:], post), limit), post)
    return _from_body(post, limit)


def _restates_title(summary: str, post: Post) -> bool:
    """A front-matter summary that is the title in other words: no sentence (no closing
    punctuation) and half its terms or more the title's ("KubeVirt Intro: Virtual Machine
    Management on Kubernetes - Steve Gordon & Chandrakanth Jakkidi" under "NA KubeCon 2019 -
    KubeVirt introduction by Steve Gordon and Chandrakanth Jakkidi")."""
    if not summary or CLOSED.search(summary):
        return False
    said = vocabulary.terms(summary, post.lang)
    return bool(said) and len(said & vocabulary.terms(post.title, post.lang)) * 2 >= len(said)


def _notes(post: Post) -> list[str]:
    """The post's first paragraphs that are notes of where it comes from (`lead`)."""
    found = [one_line(text) for kind, text in post_blocks(post)[:3] if kind == "text"]
    return [text for text in found if lead.is_repost_note(text, post.lang)]


#: A sentence of `_from_body`'s pool: (sentence, dialogue, as an opener or "", its section).
_Pooled = tuple[str, bool, str, int]


def _from_body(post: Post, limit: int, first_only: bool = False) -> str:
    """The body's summary (`description`): from the opener that states the post's point
    (`lead.point_of`), the well-formed sentences that follow it within `limit`. With
    `first_only`, only a summary opening on the body's first sentence when that sentence
    says what the post holds ("In this video, David and Vishesh explore…"; else "")."""
    # (sentence, dialogue, as an opener: by its topic, without a greeting; "" if none,
    # the number of headings before it: its section)
    pool: list[_Pooled] = []
    read = 0
    found = post_blocks(post)
    prose = _prose_sentences(post, found)
    headings_before = list(accumulate((kind == "heading" for kind, _ in found), initial=0))
    for at, (sentence, dialogue, block) in enumerate(prose):
        if standalone.opens_postscript(sentence, post.lang):
            break
        if not dialogue and not is_boilerplate(sentence, post):
            read += 1
        opener = lead.as_topic(sentence, post.lang) or lead.without_salutation(sentence, post.lang)
        # Inside its paragraph, "…that list", "…these 3 flagship goals" point at the sentence
        # before, which the summary would leave out.
        inside = at > 0 and prose[at - 1][2] == block
        may_open = (
            not dialogue
            and read <= OPENING
            and _may_open(opener, post, limit)
            and not (inside and standalone.names_what_came_before(opener, post.lang))
        )
        pool.append((sentence, dialogue, opener if may_open else "", headings_before[block]))
        if read > OPENING and not any(opens for _, _, opens, _ in pool):
            break
        opened = [at for at, (_, _, opens, _) in enumerate(pool) if opens]
        if read > OPENING and width(join_sentences([s for s, *_ in pool[opened[-1] :]])) > limit:
            break  # every opener has its follow-on sentences within `limit`
    openers = [
        at
        for at, (_, _, opens, _) in enumerate(pool)
        if opens and (not _is_question(opens) or _answered(pool, at, post, limit))
    ]
    if not openers:
        return ""
    first = _follow(pool, openers[0], post, limit)
    title = one_line(post.title)
    places = set(_point_places(found, post))
    located = [prose[at][2] in places for at in openers]
    # Each opener opens its paragraph, or follows the site's release formula.
    leads = [
        at == 0
        or prose[at - 1][2] != prose[at][2]
        or lead.is_release_formula(prose[at - 1][0], title, post.lang)
        for at in openers
    ]
    brought = _after_the_formula(prose[: len(pool)], found, post, title)
    brings = [at in brought for at in openers]
    found_openers = [pool[at][2] for at in openers]
    chosen_at = lead.point_of(found_openers, post.lang, title, located, leads, brings)
    if chosen_at == 0:
        first_two = sorted({block for _, _, block in prose})[:2]
        leading = [prose[at][2] in first_two for at in openers]
        chosen_at = _on_the_subject(found_openers, leading, post)
    start = openers[chosen_at]
    if first_only and (start != openers[0] or not standalone.about_itself(first[0], post.lang)):
        return ""
    # The point already read within the first opener's summary: that summary, as written;
    # so is the site's release formula reading on into what the release brings ("…Linkerd
    # 2.2. This major release introduces…").
    reached = start - openers[0] < len(first) or _formula_reads_on(first, post)
    chosen = first if reached else _follow(pool, start, post, limit)
    news = _news_left_out(pool, prose, openers, openers[0] if reached else start, chosen, post)
    if news is not None:
        # What follows may name the sentence left out ("Each of these mentorship programs…").
        chosen = _follow(pool, news, post, limit)
        kept = next(
            (
                at
                for at, sentence in enumerate(chosen[1:], 1)
                if standalone.names_what_came_before(sentence, post.lang)
            ),
            len(chosen),
        )
        chosen = chosen[:kept]
    return _restore_case(join_sentences(chosen), post)


def _news_left_out(
    pool: list[_Pooled],
    prose: list[tuple[str, bool, int]],
    openers: list[int],
    start: int,
    chosen: list[str],
    post: Post,
) -> int | None:
    """The opener stating the post's news (`lead.states_news`) that the summary opening at
    `start` leaves out for want of room, in the same paragraph right after it ("The Rust
    Project has been building up a good history of participating in… mentorship programs…
    We're happy to announce that this year we are also participating in Outreachy…"): the
    news leads, as in a news lead, when the summary states none; else None."""
    if any(lead.states_news(sentence, post.lang) for sentence in chosen):
        return None
    end = start + len(chosen)
    if (
        end in openers
        and prose[end][2] == prose[start][2]
        and lead.states_news(pool[end][2], post.lang)
    ):
        return end
    return None


def _on_the_subject(openers: list[str], leading: list[bool], post: Post) -> int:
    """Which of the `openers` leads the summary: the first, unless it names none of the
    title's subject (`vocabulary.title_terms`) nor speaks of the writer (their own story
    leads), while another of the post's first two paragraphs (`leading`) does and could be
    quoted (`_quotable`): then the one naming most of it, the first on a tie (Edmundson's
    title method: a lead names what the title names). "In the world of Kubernetes,
    managing containerized applications…" gives way to "SIG CLI plays a crucial role…"
    under "Spotlight on SIG CLI". The writer's own story takes the lead from a statement
    about the world only with news ("Today, we're thrilled to introduce Hydrophone…", not
    "I'm no exception…"). A pair of Chinese or Japanese characters is half a term: one
    pair is often part of a word."""
    title = vocabulary.title_terms(post.title, post.lang)

    def named(at: int) -> float:
        shared = title & vocabulary.terms(openers[at], post.lang)
        return sum(0.5 if is_wide(term[0]) else 1.0 for term in shared)

    def may_lead(at: int) -> bool:
        own = standalone.in_first_person(openers[at], post.lang)
        return _quotable(openers[at], post) and (
            not own or lead.states_news(openers[at], post.lang)
        )

    if not title or named(0) or standalone.in_first_person(openers[0], post.lang):
        return 0
    later = [at for at in range(1, len(openers)) if leading[at] and named(at) >= 1 and may_lead(at)]
    return max(later, key=lambda at: (named(at), -at)) if later else 0


def _after_the_formula(
    prose: list[tuple[str, bool, int]], found: list[tuple[str, str]], post: Post, title: str
) -> frozenset[int]:
    """Which of the `prose` sentences (of the blocks `found`) say what the release brings,
    after the site's release formula (`lead.is_release_formula`) opening the post: those of
    the first paragraph past its own and the site's boilerplate ("A security vulnerability
    was found…" after the install instructions every Rust release repeats), unless a
    heading before it names no release of the title (under "What's in 1.29.1 stable", not
    "Custom exit codes from main": one feature's background) or it opens on background
    (`lead.sets_the_scene`: "The past few releases have had a steady stream of relatively
    minor additions.", then "…however, …") or on an aside (`lead.of_its_own`: "Before going
    into the details of the new Rust release, we'd like to draw attention to…"); and when
    that paragraph opens
    on the release (`lead.tells_of_its_release`: "As usual, Rust 1.18.0 is a collection of
    improvements…"), it introduces the next one, whose first sentence too."""
    formula = next(
        (at for at, (s, _, _) in enumerate(prose) if lead.is_release_formula(s, title, post.lang)),
        None,
    )
    if formula is None:
        return frozenset()
    paragraphs: list[list[int]] = []
    for at in range(formula + 1, len(prose)):
        block = prose[at][2]
        if block == prose[formula][2]:
            continue
        if paragraphs and prose[paragraphs[-1][0]][2] == block:
            paragraphs[-1].append(at)
        else:
            paragraphs.append([at])
    paragraphs = [p for p in paragraphs if not all(is_boilerplate(prose[at][0], post) for at in p)]
    if not paragraphs:
        return frozenset()
    headings = [
        text
        for kind, text in found[prose[formula][2] + 1 : prose[paragraphs[0][0]][2]]
        if kind == "heading"
    ]
    opening = prose[paragraphs[0][0]][0]
    if headings and not lead.names_its_release(headings[-1], title):
        return frozenset()
    if lead.sets_the_scene(opening, post.lang) or not lead.of_its_own(opening, post.lang):
        return frozenset()
    brings = set(paragraphs[0])
    if len(paragraphs) > 1 and lead.tells_of_its_release(opening, title, post.lang):
        brings.add(paragraphs[1][0])
    return frozenset(brings)


def _formula_reads_on(summary: list[str], post: Post) -> bool:
    """The `summary`'s sentences open with the site's release formula (`lead.is_release_formula`)
    and go on past it."""
    return len(summary) > 1 and lead.is_release_formula(summary[0], one_line(post.title), post.lang)


#: The least characters and words of the sentence answering a question ("We think so.").
ANSWER = (2, 2)


def _follow(pool: list[_Pooled], start: int, post: Post, limit: int) -> list[str]:
    """The summary opening at `pool[start]`: its opener, then the well-formed sentences that
    follow it within `limit` (none of an interview's speaker turns, nor a first-person bio line:
    "I stepped into the role of project manager…"). A question's answer may be short ("Does a
    service mesh need design principles? We think so. We built…"); a summary ends on no
    question: a question no answer follows within it is not kept, nor is a summary of
    questions alone ("Got a demo to show off?"), unless it opens on the post speaking of
    itself and the questions it takes up. It ends where its section ends: a sentence
    under the next heading is another subject."""
    chosen = [pool[start][2]]
    section = pool[start][3]
    for sentence, dialogue, _, under in pool[start + 1 :]:
        if dialogue or under != section or width(join_sentences([*chosen, sentence])) > limit:
            break
        low, least_words = ANSWER if _is_question(chosen[-1]) else (30, 6)
        if not (
            _good_sentence(sentence, low, limit, least_words)
            and not _off_point(sentence, post)
            and not standalone.calls_to_action(sentence, post.lang)
            and not about_author(sentence, post)
            and not standalone.personal_history(sentence, post.lang)
            and in_post_language(sentence, post)
        ):
            break
        chosen.append(sentence)
    # The questions a post says it takes up ("In this article, I want to look into the future:
    # what do the coming years hold…? And how can you get involved?") are what it answers.
    if not standalone.about_itself(chosen[0], post.lang):
        while chosen and _is_question(chosen[-1]):
            chosen.pop()
    return chosen


def _answered(pool: list[_Pooled], at: int, post: Post, limit: int) -> bool:
    """The question at `pool[at]` may open a summary: the first of its questions ("Where is
    Rust succeeding…? Where are there opportunities…?" opens on the first), answered within
    the summary (`_follow`)."""
    return (at == 0 or not _is_question(pool[at - 1][0])) and bool(_follow(pool, at, post, limit))


def _may_open(sentence: str, post: Post, limit: int) -> bool:
    """A sentence of the body that a summary may open with (`_opens_summary`, or one naming
    the post's own time that states its news: "This time, we focus on…"), no aside, nothing
    added to the sentence before ("…can likewise…", `standalone.adds_to_before`)."""
    # News says much in few words: "Jekyll v4.4.0 has been published!", and so does a line
    # naming the release the title names: "Jekyll 4.0.0 is finally here!"
    news = lead.states_news(sentence, post.lang)
    release = lead.opens_on_its_release(sentence, one_line(post.title))
    on_its_time = lead.news_on_its_time(sentence, post.lang)
    return (
        _good_sentence(
            sentence, 20 if release else 30, limit, least_words=4 if news or release else 6
        )
        and (
            _opens_summary(sentence, post)
            or (on_its_time and _starts_well(sentence, post) and not no_point(sentence, post))
            or _news_after_a_comparison(sentence, post)
        )
        and not lead.is_aside(sentence, post.lang)
        and not standalone.adds_to_before(sentence, post.lang)
        and not standalone.calls_to_action(sentence, post.lang)
        and not about_author(sentence, post)
        and in_post_language(sentence, post)
    )


def _news_after_a_comparison(sentence: str, post: Post) -> bool:
    """News compared with earlier news the sentence names itself ("Similar to our previous
    announcements of the Rust Project's participation in GSoC, we are now announcing our
    participation in OSPP 2024."): what leans on the text before is only its opening
    phrase, and the clause after it states the news on its own."""
    _, comma, clause = sentence.partition(", ")
    return (
        bool(comma)
        and lead.states_news(clause, post.lang)
        and standalone.stands_alone(clause, post.lang)
        and _starts_well(sentence, post)
        and not no_point(clause, post)
    )


def cut_short(text: str, lang: str | None) -> bool:
    """Text that stops mid-sentence: no closing punctuation after a word no sentence of its
    language ends on (`standalone.dangles`: "Simplifying how many projects resolve their")."""
    words = text.split()
    return (
        bool(words)
        and not CLOSED.search(text)
        and standalone.dangles(words[-1].strip("\"'”’)]"), lang)
    )


def _prose_sentences(post: Post, found: list[tuple[str, str]]) -> list[tuple[str, bool, int]]:
    """The sentences of the paragraphs of `found` (the post's blocks), as `body_sentences`,
    each with whether it is part of an interview's speaker turn (`is_dialogue`) and the
    index of its block."""
    return [
        (s, is_dialogue(text), at)
        for at, (kind, text) in enumerate(found)
        if kind == "text"
        for s in sentences(text)
        if not ABOUT_THE_POST.search(s)
    ]


def _off_point(sentence: str, post: Post) -> bool:
    """A sentence a summary does not read on into: it says nothing, cites an issue, points
    elsewhere or introduces what follows (`no_point`, pointers and bios aside)."""
    return (
        says_nothing(sentence, post)
        or standalone.points_elsewhere(sentence, post.lang)
        or bool(_ISSUE_REF.search(sentence))
        or bool(_INTRODUCES.search(sentence))
    )


def _up_to_no_point(found: list[str], post: Post) -> list[str]:
    """The sentences of `found` before the first that is off the point (`_off_point`)."""
    kept: list[str] = []
    for sentence in found:
        if _off_point(sentence, post):
            break
        kept.append(sentence)
    return kept


def _cap(found: list[str], limit: int) -> str:
    """The first of `found` sentences that fit in `limit` characters together (at least one)."""
    chosen: list[str] = []
    for sentence in found:
        if chosen and width(join_sentences([*chosen, sentence])) > limit:
            break
        chosen.append(sentence)
    return join_sentences(chosen)


def join_sentences(found: list[str]) -> str:
    """Sentences joined as written: a space between them, none after a CJK sentence's
    fullwidth end before CJK text (CSS Text's segment-break rule: no space between two
    East Asian wide characters)."""
    out = ""
    for sentence in found:
        if out and not (is_wide(out[-1]) and is_wide(sentence[0])):
            out += " "
        out += sentence
    return out


def says_nothing(sentence: str, post: Post) -> bool:
    """Thanks, a greeting, a sign-off, filler about the writing, or the site's boilerplate
    (a sentence many of its posts share): nothing of this post's subject. A sentence naming
    the post's own time that states its news (`lead.news_on_its_time`: "This week we've
    launched…") says something."""
    if is_boilerplate(sentence, post):
        return True
    return standalone.says_nothing(sentence, post.lang) and not lead.news_on_its_time(
        sentence, post.lang
    )


def _opens_summary(sentence: str, post: Post) -> bool:
    """A sentence a summary may open with: a capital (unless the post is all lower case),
    nothing to lean on before it, something said."""
    return (
        _starts_well(sentence, post)
        and standalone.stands_alone(sentence, post.lang)
        and not no_point(sentence, post)
    )


def quote(post: Post, avoid: str = "") -> str | None:
    """The author's strongest sentence on the post's subject, or None. Candidates are whole
    sentences of 60-200 characters (`width`: a Chinese or Japanese character counts twice)
    from the post's own paragraphs and list items (never a blockquote, admonition, figure
    caption, definition, table or code, nor words a blockquote or aside of the post
    repeats), not one of the sentences in `avoid` (the description), not the post speaking
    of itself, not an interview's speaker turn, not a changelog entry of a list nor an
    fix a release lists ("…had a significant performance regression…"), not carrying
    someone else's
    words in quotation marks, no statement about the field in general
    (`states_a_generality`), making a point on their own (`makes_a_point`), from where
    the post states its point (`where_the_point_is`) and sharing `QUOTE_TITLE_TERMS`
    content terms with the title (`vocabulary.title_terms`: stems, or character pairs in
    Chinese and Japanese; "Released" or "Announcing" are none). When there are none, a
    sentence that opens with the news (`lead.opens_with_news`: "Starting with the 1.26
    release, we are replacing…") may come from any section and share one title term,
    unless it names a year before the post's (`_tells_history`).
    Score: +1 it makes a claim, +1 it is 80-170 characters, +1 per title term it shares (at
    most 2), +`QUOTE_NEWS` it tells the news; -1 from a list item, -0.5 for first person,
    brackets or a semicolon, -0.3 a comma.
    Ties go to the earlier sentence."""
    avoid_folded = avoid.casefold()
    for sentence in _quote_candidates(post):
        if sentence.casefold() not in avoid_folded:
            return _restore_case(sentence, post)
    return None


@per_post
def _quote_candidates(post: Post) -> list[str]:
    """`quote`'s candidates of the post, best first (the cards and each caption avoid
    other sentences: the candidates are scored once)."""
    title = vocabulary.title_terms(post.title, post.lang)
    needed = min(QUOTE_TITLE_TERMS, len(title))
    found = post_blocks(post)
    # Words the post also shows as someone else's or as an aside are not its own prose.
    borrowed = [text for kind, text in found if kind in ("quote", "aside", "term")]
    located = set(where_the_point_is(found, post))
    candidates: list[tuple[float, int, str]] = []
    news: list[tuple[float, int, str]] = []
    index = 0
    for block in found:
        kind, text = block
        if kind not in ("text", "item") or is_dialogue(text):
            continue
        if kind == "item" and is_change_entry(text, post.lang):
            continue
        for sentence in sentences(text):
            index += 1
            if not _quotable(sentence, post):
                continue
            if any(sentence in block for block in borrowed):
                continue
            shared = len(vocabulary.terms(sentence, post.lang) & title)
            tells = lead.states_news(sentence, post.lang)
            score = _quote_score(sentence, shared) - (1 if kind == "item" else 0)
            if block in located and shared >= needed:
                candidates.append((score + (QUOTE_NEWS if tells else 0), -index, sentence))
            elif (
                lead.opens_with_news(sentence, post.lang)
                and shared >= min(1, needed)
                and not _tells_history(sentence, post)
            ):
                news.append((score, -index, sentence))
    return [sentence for _, _, sentence in sorted(candidates or news, reverse=True)]


#: A lead shorter than this many sentences goes on into the post's first section.
LEAD_MIN = 3
#: Headings under which a post's opening goes on: the furniture of an introduction.
_OPENING_HEADING = regex.compile(
    r"^(?:\d+\.?\s*)?(?:introduction|intro|overview|background|summary|tl;? ?dr|"
    r"too long;? didn'?t read|the short version|in short|introducción|resumen|"
    r"résumé|einleitung|einführung|introdução|resumo|introduzione|riassunto|введение|"
    r"前言|引言|简介|簡介|介紹|介绍|摘要|概要|はじめに|서론|요약)[\s.:!：]*$",
    regex.IGNORECASE,
)


def where_the_point_is(found: list[tuple[str, str]], post: Post) -> list[tuple[str, str]]:
    """The blocks where a post states its point (Edmundson's location method): its opening
    (the blocks before its first heading, or under introduction-like headings, up to
    `OPENING` sentences that are not the site's boilerplate; after a lead of fewer than
    `LEAD_MIN` sentences, the first paragraph of the first section too; a post with one
    heading has no sections) and its closing
    section (under a conclusion heading, `standalone.is_conclusion`). A sentence of the
    sections between is one detail among others: a step, a caveat, one feature of a list."""
    return [found[at] for at in _point_places(found, post)]


def _point_places(
    found: list[tuple[str, str]], post: Post, whole_opening: bool = False
) -> list[int]:
    """The indexes in `found` of the blocks `where_the_point_is` (with `whole_opening`, all
    of the opening's, however long)."""
    kept: list[int] = []
    section = "opening"
    read = 0
    # A post of one section: its only heading (often the title again) splits nothing.
    sections = sum(kind == "heading" for kind, _ in found) > 1
    for at, (kind, text) in enumerate(found):
        if kind == "heading" and sections:
            if standalone.is_conclusion(text, post.lang):
                section = "closing"
            elif section == "opening" and _OPENING_HEADING.match(one_line(text)):
                pass
            else:
                section = "first" if section == "opening" and read < LEAD_MIN else "body"
            continue
        prose = kind in ("text", "item")
        if section == "opening":
            if read >= OPENING and not whole_opening:
                continue
            if prose:
                read += sum(not is_boilerplate(s, post) for s in sentences(text))
        if section != "body":
            kept.append(at)
        if section == "first" and prose:
            section = "body"
    return kept


_YEAR = regex.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")


def _tells_history(sentence: str, post: Post) -> bool:
    """A sentence naming a year before the post's ("We launched PyPI in 2003…"): history,
    not the post's news."""
    year = post.date.year if post.date else None
    return year is not None and any(int(y) < year for y in _YEAR.findall(sentence))


def _quotable(sentence: str, post: Post) -> bool:
    """A sentence `quote` may pick: besides reading well on its own, not the site's release
    formula (the post's news, but said the same way in every release post: no one's
    words worth quoting) and not opening on an earlier release or date (`_opens_earlier`),
    unless it states the news ("In 2023 PyPI completed its first security audit, and I am
    proud to announce that we have now completed our second…")."""
    return (
        _good_sentence(sentence, QUOTE_MIN, QUOTE_MAX)
        and not is_boilerplate(sentence)
        and (
            lead.states_news(sentence, post.lang)
            or not _opens_earlier(sentence, post, dates_only=True)
        )
        and not _quotes_someone(sentence)
        and not _LABEL_ITEM.match(sentence)
        and not (
            # "Today we would like to announce…" is the post's news on its own time, not
            # the post speaking of itself ("Today we'll look at…").
            standalone.about_itself(sentence, post.lang)
            and not lead.news_on_its_time(sentence, post.lang)
        )
        and not standalone.sets_the_scene(sentence, post.lang)
        and not standalone.refers_back(sentence, post.lang)
        and not states_a_generality(sentence, post)
        and makes_a_point(sentence, post)
    )


def states_a_generality(sentence: str, post: Post) -> bool:
    """A statement about the post's field in general ("Tracing can be an invaluable tool in
    debugging…"): a bare common noun (one the post also writes in lower case, no name)
    opening the sentence before a hedge (`standalone.generic_subject`). Anyone could say
    it; it is not what the post says."""
    head = standalone.generic_subject(sentence, post.lang)
    if head is None:
        return False
    lower = head.lower()
    return head == lower or bool(
        regex.search(rf"(?<![\w./@-]){regex.escape(lower)}(?![\w-])", post.body)
    )


#: Words in quotation marks: someone else's when four words or more (eight Chinese or
#: Japanese characters), or cut off by an ellipsis.
_QUOTED = regex.compile(r'"([^"]*)"|“([^”]*)”|„([^“”]*)[“”]|«([^»]*)»|「([^」]*)」|『([^』]*)』')


def _quotes_someone(sentence: str) -> bool:
    """A sentence carrying someone else's words in quotation marks ("…the refrain I hear is
    "I didn't realize that PyPI..."): the hook is theirs, the quote would not be the
    author's own."""
    for found in _QUOTED.finditer(sentence):
        words = next(group for group in found.groups() if group is not None).strip()
        if len(words.split()) >= 4 or len(_CJK.findall(words)) >= 8 or words.endswith(("...", "…")):
            return True
    return False


#: A list item's or a line's label that is a date ("October 26-27, 2017: RustFest…").
_DATED_LABEL = regex.compile(r"^[^:.!?]{0,40}\b\d{4}\s*[:：]")


def is_dated_entry(sentence: str, lang: str | None) -> bool:
    """A calendar entry: a "Label: …" line whose label is a date (a year, or a month or
    weekday name of the language or English): an event listed, not a point."""
    if _DATED_LABEL.match(sentence):
        return True
    label = _LABEL_ITEM.match(sentence)
    if not label:
        return False
    words = {w.casefold().rstrip(".") for w in regex.findall(r"\p{L}+\.?", label.group(1))}
    return (
        bool(words)
        and bool(words & vocabulary.calendar_words(lang))
        and bool(regex.search(r"\d", label.group(1)))
    )


def makes_a_point(sentence: str, post: Post) -> bool:
    """A sentence that reads as a point of the post on its own, in its language: it opens
    well (`_starts_well`), asks nothing, leans on no sentence before it, is no note about
    the post, no pointer, step, bio, filler or introduction to what follows (`no_point`),
    no call to action, nothing about the author, nothing beside the point (a caveat for some
    readers, an aside, a first-person bio line, a task named: `standalone.beside_the_point`),
    no calendar entry (`is_dated_entry`) and no markup left as text."""
    return (
        _starts_well(sentence, post)
        and not _is_question(sentence)
        and not ABOUT_THE_POST.search(sentence)
        and standalone.stands_alone(sentence, post.lang)
        and not no_point(sentence, post)
        and not standalone.calls_to_action(sentence, post.lang)
        and not about_author(sentence, post)
        and not standalone.beside_the_point(sentence, post.lang)
        and not is_dated_entry(sentence, post.lang)
        and not _MARKUP_LEFT.search(sentence)
        and in_post_language(sentence, post)
    )


def _quote_score(sentence: str, shared: int) -> float:
    """A candidate's score (`quote`); every candidate stands alone (`makes_a_point`)."""
    score = 1.0 if _CLAIM.search(sentence) else 0.0
    score += 1 if 80 <= len(sentence) <= 170 else 0
    score += min(shared, 2)
    if re.search(r"\b(?:I|we|our|us|my)\b", sentence):
        score -= 0.5
    if "(" in sentence or ";" in sentence:
        score -= 0.5
    return score - sentence.count(",") * 0.3


#: A section number before a heading in Chinese or Japanese, written without a dot ("7
#: 函數調用模型的指定", "2 I386平臺的內存佈局"): such a language writes a count with no space
#: ("3種方法"), so a number and a space are the section's number.
_WIDE_NUMBERING = re.compile(r"^\s*\d{1,3}(?:\.\d{1,3})*\s+(?=\S)")


def _clean_item(text: str, lang: str | None = None) -> str:
    text = _NUMBERING.sub("", one_line(text))
    if vocabulary.primary(lang) in ("zh", "ja"):
        text = _WIDE_NUMBERING.sub("", text)
    return text.strip().rstrip(":").strip()


#: A post needs this many points that say something to make a takeaways thread or card.
MIN_TAKEAWAYS = 3
_LINK_LIKE = regex.compile(r"://|^www\.|^[\w-]+(?:\.[\w-]+)+(?:/\S*)?$")
_CONTENT_WORD = regex.compile(r"\p{L}[\p{L}\p{M}'’]*")
_HYPHENATED = regex.compile(r"^\p{L}+(?:-\p{L}+)+$")


def says_something(heading: str, lang: str | None = None) -> bool:
    """Whether a heading makes a point: two content words at least (four characters in
    Chinese or Japanese), not the post's furniture (introduction, conclusion, references,
    summary, TL;DR, FAQ... in a few languages, also as the label before a subtitle: "Recap:
    Type-Only Imports", "前言: 新天新地") and not a link. "C++", "Go", "Wait, what?" or
    "SIG-compute" (one word, whatever its hyphens join) have fewer than two content words."""
    from smm_promote.captions.vocabulary import stopwords

    text = one_line(heading).strip(" .:;!?-–—")
    if not text or _LINK_LIKE.search(text):
        return False
    bare = regex.sub(r"^(?:the|a|an|our|my)\s+", "", text, flags=regex.IGNORECASE)
    label = regex.split(r"\s*[:：]\s*", bare, maxsplit=1)[0]
    if (
        _GENERIC_HEADING.match(bare)
        or _GENERIC_HEADING.match(label)
        or regex.search(r"\b(?:faqs?|q ?& ?a|tl;? ?dr)\b", bare, regex.I)
    ):
        return False
    if _HYPHENATED.match(text):
        # One word, however many parts a hyphen joins ("SIG-compute", "Pre-requisites").
        return False
    stop = stopwords(lang)
    words = [w for w in _CONTENT_WORD.findall(text) if len(w) > 1 and w.casefold() not in stop]
    cjk = len(_CJK.findall(text))
    return len(words) >= 2 or cjk >= 4


@per_post
def takeaways(post: Post, most: int = 7) -> list[tuple[str, str]]:
    """The post's points: each heading that says something (`says_something`; a heading
    repeated under several parents, like "C++" under each section, says nothing) with the
    first sentence of its section that makes a point (`_section_sentence`). A heading whose
    section has none is left out; the sentence may come from under a sub-heading that says
    nothing, never from a sibling's section (the next heading of its level or above, by
    `Post.heading_levels`). Numbered headings ("1. ...") are preferred when there are enough
    of them; a post without enough headings may list "Label: a sentence." items instead.
    Fewer than `MIN_TAKEAWAYS` points: none."""
    found = post_blocks(post)
    if is_how_to(found, post):
        return []
    counts = Counter(_heading_key(text, post.lang) for kind, text in found if kind == "heading")
    title = _squeezed(post.title)

    def point(text: str) -> bool:
        heading = _clean_item(text, post.lang)
        return (
            counts[_heading_key(text, post.lang)] == 1
            and says_something(heading, post.lang)
            and not _repeats_title(_squeezed(heading), title)
            and not _no_section_point(heading, post)
            # A heading written as a statement that leans on the one before ("首先看ff的情況。").
            and not (_STATED.search(heading) and not standalone.stands_alone(heading, post.lang))
        )

    points: list[tuple[str, str, bool]] = []
    used: set[str] = set()
    levels = heading_levels(found, post)
    for at, (kind, text) in enumerate(found):
        if kind != "heading" or not point(text):
            continue
        # The section ends at the next heading of its level or above (a sibling), however
        # little that heading says; without levels, at the next heading that says something.
        end = next(
            (
                i
                for i in range(at + 1, len(found))
                if found[i][0] == "heading" and levels.get(i, 7) <= levels.get(at, 0)
            ),
            len(found),
        )
        heading = _clean_item(text, post.lang)
        detail = _section_sentence(heading, found[at + 1 : end], point, post, used)
        if detail:
            used.add(detail.casefold())
            points.append((heading, detail, bool(_NUMBERING.match(text))))
    numbered = [p for p in points if p[2]]
    chosen = numbered if len(numbered) >= MIN_TAKEAWAYS else points
    if len(chosen) < MIN_TAKEAWAYS:
        chosen = _labelled_items(found, post)
    return [(p, d) for p, d, _ in chosen[:most]] if len(chosen) >= MIN_TAKEAWAYS else []


def _no_section_point(heading: str, post: Post) -> bool:
    """A heading that is no point of the post: a step or a call to action
    (`standalone.walkthrough_heading`: "Installation", "How to vote"), the old state
    ("Before v1.9") or the release's own contents ("What's in 1.40.0 stable" in "Announcing
    Rust 1.40.0", whose sub-headings are its points)."""
    return (
        standalone.walkthrough_heading(heading, post.lang)
        or standalone.old_state_heading(heading, post.lang)
        or _names_the_release(heading, post)
    )


def _names_the_release(heading: str, post: Post) -> bool:
    """ "What's in X" / "What's new in X" where X names a version of the post's title."""
    contents = standalone.release_contents(heading, post.lang)
    return contents is not None and lead.names_its_release(contents, one_line(post.title))


#: A post is a how-to when at least this many of its sections, and this share of them, are
#: steps (`walks_through`).
HOW_TO_STEPS, HOW_TO_SHARE = 2, 1 / 3


def is_how_to(found: list[tuple[str, str]], post: Post) -> bool:
    """Whether the post (its blocks, `found`) walks the reader through steps: at least
    `HOW_TO_STEPS` of its sections, and `HOW_TO_SHARE` of them, are steps (`walks_through`).
    Its sections are then steps to follow, no points to take away."""
    at = [i for i, (kind, _) in enumerate(found) if kind == "heading"]
    if len(at) < HOW_TO_STEPS:
        return False
    ends = [*at[1:], len(found)]
    steps = sum(walks_through(found[i + 1 : end], post) for i, end in zip(at, ends, strict=True))
    return steps >= HOW_TO_STEPS and steps >= HOW_TO_SHARE * len(at)


def walks_through(section: list[tuple[str, str]], post: Post) -> bool:
    """A section that is a step: its opening sentence is one (`standalone.walks_through`:
    "We need to…", "First, install…", "Run the following…")."""
    opening = next((text for kind, text in section if kind in ("text", "item")), "")
    first = next(iter(sentences(opening)), "") if opening else ""
    return bool(first) and standalone.walks_through(first, post.lang)


def heading_levels(found: list[tuple[str, str]], post: Post) -> dict[int, int]:
    """The level of each heading of `found` (the post's blocks) by its index, when the
    reader gave them (`Post.heading_levels`); {} when it did not, or they do not match."""
    at = [i for i, (kind, _) in enumerate(found) if kind == "heading"]
    given = post.heading_levels
    if not given or len(given) < len(at) or not post.blocks:
        return {}
    return dict(zip(at, given, strict=False))


def list_items(points: Sequence[tuple[str, str]]) -> list[str]:
    """The points as the items of a list, each heading with its sentence ("A success story:
    Material for MkDocs started in 2016…"): a heading alone, however long, names what its
    section says without saying it."""
    return [_with_detail(point, detail) for point, detail in points]


def _with_detail(point: str, detail: str) -> str:
    if not detail:
        return point
    if point.endswith(("?", "？", ":", "：", "!", "！", ".", "。")):
        return join_sentences([point, detail])
    return f"{point}{'：' if _CJK.search(point[-1:]) else ': '}{detail}"


def _labelled_items(found: list[tuple[str, str]], post: Post) -> list[tuple[str, str, bool]]:
    """Points of a post written as "Label: a sentence." list items or lines where the post
    states its point (`where_the_point_is`: its opening or closing, not one section among
    others), never from a definition list, a table or someone else's words, nor a label
    that recurs: a speaker's."""
    points = []
    labels = Counter(
        _clean_item(m.group(1)).casefold()
        for kind, text in found
        if kind in ("text", "item") and (m := _LABEL_ITEM.match(_NUMBERING.sub("", text)))
    )
    located = set(_point_places(found, post, whole_opening=True))
    for at, (kind, text) in enumerate(found):
        line = _NUMBERING.sub("", text)
        match = _LABEL_ITEM.match(line)
        if kind not in ("text", "item") or not match or len(match.group(1).split()) > 8:
            continue
        # A list in a section between the opening and the closing is that section's: one
        # tool's features under a post comparing tools are not the post's points.
        if at not in located:
            continue
        label = _clean_item(match.group(1))
        # A label on several lines is a speaker's, taking turns in an interview.
        if labels[label.casefold()] > 1:
            continue
        detail = _detail(line[len(match.group(1)) + 1 :].strip())
        if detail and says_something(label, post.lang) and in_post_language(detail, post):
            points.append((label, detail, False))
    return points


def _heading_key(text: str, lang: str | None = None) -> str:
    return _clean_item(text, lang).casefold()


#: A heading that ends as a statement does.
_STATED = re.compile(r"[.。][\"'”’)\]」』）]*$")
#: What a series puts before its titles: a name and a number ("C++ Tricks 2.2 ", "Part 3: ").
_SERIES_LABEL = regex.compile(r"\d[\d.]*[:：\-–—]?$")


def _repeats_title(heading: str, title: str) -> bool:
    """Whether a heading (`_squeezed`) is the post's title again, or its title after a
    series' label ("I386平臺的內存佈局" under "C++ Tricks 2.2 I386平臺的內存佈局"); a feature
    that the title names among others ("Rate limiting" under "…: Egress, Rate Limiting, and
    Federated Services") is a point of its own."""
    return heading == title or (
        title.endswith(heading) and bool(_SERIES_LABEL.search(title[: -len(heading)]))
    )


def _squeezed(text: str) -> str:
    """`text` case-folded without its spaces: a heading inside a title, however spaced."""
    return regex.sub(r"\s+", "", one_line(text)).casefold()


def _section_sentence(
    heading: str,
    following: list[tuple[str, str]],
    point: Callable[[str], bool],
    post: Post,
    used: set[str],
) -> str:
    """The first sentence before the next heading that is a point of its own and makes a
    point (`makes_a_point`), not one already `used` (case-folded) for another heading. A
    block that asks (an interviewer's question) is passed over for its answer, whose
    speaker's label ("Kaslin: …") is left out. The items of a list that a sentence
    introduces ("…are allowed:") complete that sentence, and are none; a sentence that
    refers to the text before is none, unless what it names is in the `heading` shown
    above it (`standalone.refers_outside`), as is a lead-in to what follows ("…works like
    this:"). A section with a first-person bio line ("I started contributing… in January
    2015.", "I am a Distinguished Engineer at NVIDIA.") before its point is the speaker's
    story, an interviewer's opening line before it or not: none."""
    introduced = closed = False
    shown = vocabulary.terms(heading, post.lang)
    for at, (kind, text) in enumerate(following):
        if kind != "item":
            introduced = kind == "text" and bool(_INTRODUCES.search(text))
        if kind == "heading":
            if point(text):
                return ""
            # A step's or the old state's sub-section holds none of the section's point.
            closed = _no_section_point(_clean_item(text, post.lang), post)
            continue
        if (kind == "item" and introduced) or closed:
            continue
        if kind in ("text", "item") and not _asks(text):
            told = sentences(_SPEAKER.sub("", text, count=1))
            after = [*told[1:], _next_sentence(following[at + 1 :])]
            for sentence, following_sentence in zip(told, after, strict=False):
                if _good_sentence(sentence, 20, 280) and standalone.personal_history(
                    sentence, post.lang
                ):
                    return ""
                if (
                    _good_sentence(sentence, 20, 280)
                    and makes_a_point(sentence, post)
                    and not sets_up(sentence, post, shown)
                    and not standalone.refers_outside(sentence, post.lang, shown)
                    and not _of_another_time(sentence, post)
                    and not _INTRODUCES.search(sentence)
                    and not _RUN_ON.search(sentence)
                    and not standalone.before_and_after(sentence, following_sentence, post.lang)
                    and sentence.casefold() not in used
                ):
                    return sentence
    return ""


def sets_up(sentence: str, post: Post, shown: frozenset[str] = frozenset()) -> bool:
    """A sentence that leads up to a section's point and is none: background ("Back in
    2017…"), the field in general ("Engagement can take many forms"), the text announcing
    what it will do ("We'll talk briefly about…"), or words naming what an earlier
    paragraph named and the `shown` heading does not ("…a step forward in that
    direction")."""
    lang = post.lang
    return (
        standalone.sets_the_scene(sentence, lang)
        or states_a_generality(sentence, post)
        or standalone.previews(sentence, lang)
        or standalone.names_what_came_before(sentence, lang, shown)
    )


def _next_sentence(blocks: list[tuple[str, str]]) -> str:
    """The first sentence of the next block when it is text or an item, else ""."""
    if not blocks or blocks[0][0] not in ("text", "item"):
        return ""
    return next(iter(sentences(blocks[0][1])), "")


#: Two sentences run together, the stop between them lost with a link at a line's end
#: ("…defined in a kubernetes/infra configuration file The shell script to push…").
_RUN_ON = regex.compile(r"\p{Ll}{2,} (?:The|This|These|We|It) \p{Ll}")
#: A sentence's opening phrase: the words before its first comma.
_OPENING_PHRASE = regex.compile(r"^([^,，、;:]{1,60})[,，、]")


def _of_another_time(sentence: str, post: Post) -> bool:
    """A sentence of another time than the post's (`standalone.of_another_time`: "Previously…",
    "We plan to…"), or one opening on an earlier time (`_opens_earlier`): the old state, not
    the section's point."""
    return standalone.of_another_time(sentence, post.lang) or _opens_earlier(sentence, post)


def _opens_earlier(sentence: str, post: Post, dates_only: bool = False) -> bool:
    """A sentence whose opening phrase names a year before the post's or a version before the
    one its title names ("In Rust 1.30, we stabilized…", "In Jekyll 3.2, we shipped…" in
    "Jekyll 3.3 is here…"): what was, before the post's news. With `dates_only`, a year
    counts only as a date ("In 2019, …", "In May 2020, …"), not in a name ("In Rust 2021,
    …", "…last year's 2018 Edition")."""
    opening = _OPENING_PHRASE.match(sentence)
    if not opening:
        return False
    phrase = opening.group(1)
    year = post.date.year if post.date else None
    found = _DATE_YEAR.findall(phrase) if dates_only else _YEAR.findall(phrase)
    if year is not None and any(int(y) < year for y in found):
        return True
    titled = [_release_line(v) for v in lead.VERSION.findall(one_line(post.title))]
    named = [_release_line(v) for v in lead.VERSION.findall(phrase)]
    return any(v[0] == t[0] and v < t for v in named for t in titled)


#: A year as a date: after a preposition of time, a month's name between them or not.
_DATE_YEAR = regex.compile(
    r"(?i:\b(?:in|since|from|until|by|during|early|late|mid)\s+)"
    r"(?:(?i:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?\s+)?"
    r"((?:1[89]|20)\d\d)(?!\d)"
)


def _release_line(version: str) -> tuple[int, int]:
    """A version's major and minor number: a patch release ("1.41.1") speaks of its own
    line's release ("In Rust 1.41.0, … accidentally allowed…"), not of an earlier time."""
    major, minor, *_ = (int(part) for part in version.split("."))
    return major, minor


def _asks(text: str) -> bool:
    """An interviewer's turn: a block that opens with a question, or a speaker's label
    ("Fyka: …") before a question. Its section's point is in the answer."""
    found = sentences(text)
    if not found or not any(_is_question(s) for s in found):
        return False
    return _is_question(found[0]) or bool(_SPEAKER.match(text))


def _is_question(sentence: str) -> bool:
    return sentence.endswith(("?", "？"))


def _detail(text: str) -> str:
    """The first sentence of `text` when it reads as one, else nothing."""
    found = sentences(text)
    return found[0] if found and _good_sentence(found[0], 20, 280) else ""


_WH_WORDS = re.compile(r"^(?:how|why|what|when|where|who|which)\b", re.IGNORECASE)
_STATEMENT = re.compile(r"^(\S.*?)\s+(is|are|can|will|should)\s+(\S.*)$")
_YES_NO_WORDS = re.compile(r"^(?:is|are|can|should|do|does|will|did|was)\b", re.IGNORECASE)


def question(title: str) -> str:
    """A hook built from the title: the title if it asks, else a question about it."""
    title = one_line(title).rstrip(" .:;,!")
    if not title:
        return ""
    if title.endswith("?"):
        return title
    if re.match(r"^how to\b", title, re.IGNORECASE):
        return "Want to know " + title[0].lower() + title[1:] + "?"
    if _WH_WORDS.match(title):
        return "Ever wondered " + title[0].lower() + title[1:] + "?"
    if _YES_NO_WORDS.match(title):
        return title + "?"
    statement = _STATEMENT.match(title)
    if statement and len(statement.group(1).split()) <= 6:
        subject, verb, rest = statement.groups()
        return f"{verb.capitalize()} {subject} {rest}?"
    return f"Curious about {title}?"
