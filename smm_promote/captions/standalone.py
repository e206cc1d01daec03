"""Whether a sentence of a post reads on its own: the per-language word lists of
`sentences.toml` (connectives and demonstratives that lean on the sentence before, words
that point at the text around, thanks, greetings and sign-offs, calls to action, the post
speaking of itself).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from smm_promote.captions.wordlists import NEVER as _NEVER
from smm_promote.captions.wordlists import alternatives as _alternatives
from smm_promote.captions.wordlists import lists_of, word_pattern

#: What may come before a sentence's first word: quotation marks, brackets, dashes, bullets.
_LEAD = regex.compile(r"^[\s\p{Pi}\p{Ps}\"'«‹「『“‘*•\-–—]+")


@dataclass(frozen=True)
class SentenceWords:
    """One language's lists, compiled."""

    leans_on: regex.Pattern[str]
    not_leaning: regex.Pattern[str]
    distal: regex.Pattern[str]
    points_back: regex.Pattern[str]
    says_nothing: regex.Pattern[str]
    says_nothing_inside: regex.Pattern[str]
    about_itself: regex.Pattern[str]
    postscript: regex.Pattern[str]
    calls_to_action: regex.Pattern[str]
    calls_to_action_inside: regex.Pattern[str]
    change_entry: regex.Pattern[str]
    pointers: regex.Pattern[str]
    points_elsewhere: regex.Pattern[str]
    steps_inside: regex.Pattern[str]
    dangling: frozenset[str]
    bio: regex.Pattern[str]
    conclusion: regex.Pattern[str]
    refers_back: regex.Pattern[str]
    leans_inside: regex.Pattern[str]
    background: regex.Pattern[str]
    not_the_point: regex.Pattern[str]
    not_the_point_inside: regex.Pattern[str]
    another_time: regex.Pattern[str]
    another_time_inside: regex.Pattern[str]
    personal_history: regex.Pattern[str]
    first_person: regex.Pattern[str]
    adds_inside: regex.Pattern[str]
    task: regex.Pattern[str]
    fixed_inside: regex.Pattern[str]
    generality: regex.Pattern[str]
    introduction: regex.Pattern[str]
    walkthrough_heading: regex.Pattern[str]
    walkthrough: regex.Pattern[str]
    release_contents: regex.Pattern[str]
    old_state_heading: regex.Pattern[str]
    old_state_inside: regex.Pattern[str]
    now_inside: regex.Pattern[str]
    previews: regex.Pattern[str]
    #: Whether the language writes spaces between words.
    spaced: bool
    #: A parenthesis that only points elsewhere ("(see review #1 and review #2)").
    cross_reference: regex.Pattern[str]
    #: Opening a case to think about ("Let's say…"): no request.
    supposes: regex.Pattern[str]


@lru_cache(maxsize=64)
def sentence_words(lang: str | None) -> SentenceWords:
    """The lists of `lang` (its primary subtag; English for an unknown language)."""
    lists, spaced = lists_of("sentences.toml", lang)

    def compiled(name: str, opening: bool) -> regex.Pattern[str]:
        return word_pattern(lists.get(name, []), opening, spaced)

    return SentenceWords(
        leans_on=compiled("leans_on", True),
        not_leaning=compiled("not_leaning", True),
        distal=compiled("distal", False),
        points_back=compiled("points_back", False),
        says_nothing=compiled("says_nothing", True),
        says_nothing_inside=compiled("says_nothing_inside", False),
        about_itself=_itself_pattern(
            compiled("about_itself", True),
            *(
                lists.get(f"about_itself_{part}", [])
                for part in ("subjects", "nouns", "verbs", "places")
            ),
        ),
        postscript=compiled("postscript", True),
        calls_to_action=compiled("calls_to_action", True),
        calls_to_action_inside=compiled("calls_to_action_inside", False),
        change_entry=compiled("change_entry", True),
        pointers=compiled("pointers", True),
        points_elsewhere=compiled("points_elsewhere", False),
        steps_inside=compiled("steps_inside", False),
        dangling=frozenset(lists.get("dangling", [])),
        bio=_bio_pattern(
            lists.get("bio_verbs", []),
            lists.get("work_verbs", []),
            lists.get("introductions", []),
            spaced,
        ),
        conclusion=_heading_pattern(lists.get("conclusion", [])),
        refers_back=_demonstrative_pattern(
            lists.get("demonstratives", []), lists.get("own_nouns", []), spaced
        ),
        leans_inside=compiled("leans_inside", False),
        background=compiled("background", False),
        not_the_point=compiled("not_the_point", True),
        not_the_point_inside=compiled("not_the_point_inside", False),
        another_time=compiled("another_time", True),
        another_time_inside=compiled("another_time_inside", False),
        personal_history=compiled("personal_history", True),
        first_person=compiled("first_person", False),
        adds_inside=compiled("adds_inside", False),
        fixed_inside=compiled("fixed_inside", False),
        generality=_generality_pattern(lists.get("hedges", []), spaced),
        introduction=_bio_pattern([], [], lists.get("introductions", []), spaced),
        walkthrough_heading=_walkthrough_heading_pattern(
            lists.get("walkthrough_verbs", []), lists.get("walkthrough_nouns", []), spaced
        ),
        walkthrough=compiled("walkthrough", True),
        release_contents=compiled("release_contents", True),
        old_state_heading=compiled("old_state_headings", True),
        old_state_inside=compiled("old_state_inside", False),
        now_inside=compiled("now_inside", False),
        previews=compiled("previews", False),
        spaced=spaced,
        cross_reference=_cross_reference_pattern(lists.get("pointers", [])),
        supposes=compiled("supposes", True),
        task=_task_pattern(
            lists.get("infinitive_endings", []),
            lists.get("infinitive_objects", []),
            lists.get("not_infinitives", []),
        ),
    )


def _cross_reference_pattern(pointers: list[str]) -> regex.Pattern[str]:
    """A parenthesis opening on a pointer word, with the space before it."""
    words = "|".join(regex.escape(w) for w in sorted(pointers, key=len, reverse=True))
    return regex.compile(rf"\s*[(（]\s*(?:{words})(?!\w)[^()（）]{{0,120}}[)）]", regex.IGNORECASE)


def without_cross_references(text: str, lang: str | None) -> str:
    """`text` without the parentheses that only point elsewhere ("…the HP w2207h screen
    (see review #1 and review #2) as…"): their links are gone from a caption."""
    if "(" not in text and "（" not in text:
        return text
    return sentence_words(lang).cross_reference.sub("", text)


def _itself_pattern(
    listed: regex.Pattern[str],
    subjects: list[str],
    nouns: list[str],
    verbs: list[str],
    places: list[str],
) -> regex.Pattern[str]:
    """The post speaking of itself: an opening of the language's `about_itself` list
    (`listed`), or the post as the subject of a verb of telling ("The article explained
    how…", "This tutorial shows…": a determiner, a word at most, a noun naming the post, a
    verb) or as the place of what follows ("On this blog post, we are going to…")."""
    if not subjects or not nouns:
        return listed
    post = f"(?:{_alternatives(subjects)})\\s+(?:[\\w'-]+\\s+)?(?:{_alternatives(nouns)})"
    shapes = [listed.pattern] if listed is not _NEVER else []
    if verbs:
        shapes.append(f"^{post}\\s+(?:{_alternatives(verbs)})(?![\\w'-])")
    if places:
        shapes.append(f"^(?:{_alternatives(places)})\\s+{post}(?![\\w'-])")
    return regex.compile("|".join(f"(?:{shape})" for shape in shapes))


def _walkthrough_heading_pattern(
    verbs: list[str], nouns: list[str], spaced: bool
) -> regex.Pattern[str]:
    """A heading opening with one of `verbs` (after "How to" too: "Install…", "How to
    vote") or that is, or ends in, one of `nouns` ("Installation", "…installation")."""
    if not verbs and not nouns:
        return _NEVER
    end = "(?![\\w'-])" if spaced else ""
    shapes = [f"^(?:how to\\s+)?(?:{_alternatives(verbs)}){end}"] if verbs else []
    if nouns:
        before = "(?:^|(?<![\\w'-]))" if spaced else ""
        shapes.append(f"{before}(?:{_alternatives(nouns)})[\\s.:!?：]*$")
    return regex.compile("|".join(f"(?:{shape})" for shape in shapes))


def _task_pattern(
    endings: list[str], objects: list[str], exceptions: list[str]
) -> regex.Pattern[str]:
    """A sentence opening with an infinitive and its object's determiner ("réintégrer une
    partition", "instalar el paquete"): a task named, as a how-to's steps are."""
    if not endings or not objects:
        return _NEVER
    spaced = [o for o in objects if not o.endswith("'")]
    elided = [o for o in objects if o.endswith("'")]
    after = f"(?:{_alternatives(spaced)})(?![\\w'-])" if spaced else "(?!)"
    if elided:
        after = f"(?:{after}|{_alternatives(elided)})"
    not_one = f"(?!(?:{_alternatives(exceptions)})\\s)" if exceptions else ""
    return regex.compile(f"^{not_one}\\p{{L}}+(?:{_alternatives(endings)})\\s+{after}")


def _demonstrative_pattern(
    demonstratives: list[str], own: list[str], spaced: bool
) -> regex.Pattern[str]:
    """A demonstrative anywhere ("this procedure", "these providers", "ces instructions",
    "這些限制") that is not followed by one of the words that name the post itself or its
    time ("this post", "this year", "ce que", "這篇"): it refers to something said before."""
    if not demonstratives:
        return _NEVER
    before, after = ("(?<![\\w'-])", "(?![\\w'-])") if spaced else ("", "")
    gap = "\\s+" if spaced else "\\s*"
    # "this year's" names the time too: a possessive may follow.
    exempt = f"(?!{gap}(?:{_alternatives(own)})(?![\\w-]))" if own else ""
    return regex.compile(f"{before}(?:{_alternatives(demonstratives)}){after}{exempt}")


#: A person's name opening a sentence: two to four capitalised words ("Nick Young",
#: "Mary J. Smith"), one too before a verb of work ("Hippie has worked for…"); in Chinese
#: or Japanese, two to six characters.
_NAME = r"\p{Lu}[\p{Ll}'’-]+(?: (?:\p{Lu}\.|\p{Lu}[\p{Ll}'’-]+)){%d,3}"
_WIDE_NAME = r"[\p{Han}\p{Katakana}ー・]{2,6}(?:さん|氏)?は?"


def _bio_pattern(
    verbs: list[str], work: list[str], intros: list[str], spaced: bool
) -> regex.Pattern[str]:
    """A name followed by one of the language's bio verbs ("is a", "就職於") or verbs of
    work ("works at"), or a writer's introduction before their name ("I'm Michelle")."""
    if not verbs and not work and not intros:
        return _NEVER
    introduced = f"(?i:{_alternatives(intros)})" if intros else "(?!)"
    if not spaced:
        named = f"{_WIDE_NAME}(?:{_alternatives(verbs + work)})" if verbs or work else "(?!)"
        return regex.compile(f"^(?:{named}|{introduced})")
    shapes = [f"{_NAME % 1},? (?:{_alternatives(verbs)})"] if verbs else []
    shapes += [f"{_NAME % 0},? (?:{_alternatives(work)})"] if work else []
    shapes += [f"{introduced} \\p{{Lu}}[\\p{{Ll}}'-]+(?:,| and\\b|\\.|$)"] if intros else []
    return regex.compile(f"^(?:{'|'.join(shapes)})(?![\\w'-])")


def _generality_pattern(hedges: list[str], spaced: bool) -> regex.Pattern[str]:
    """A sentence opening with a bare noun phrase (one to three words, lower case after the
    first) and a hedge ("Tracing can be…"); group `head` is its first word."""
    if not hedges or not spaced:
        return _NEVER
    phrase = r"(?P<head>\p{L}[\p{Ll}'-]*)(?:\s+\p{Ll}[\p{Ll}'-]*){0,2}"
    return regex.compile(f"^{phrase}\\s+(?i:{_alternatives(hedges)})(?![\\w'-])")


def _heading_pattern(words: list[str]) -> regex.Pattern[str]:
    """A whole heading (case-folded, closing punctuation and numbering aside)."""
    if not words:
        return _NEVER
    body = "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))
    return regex.compile(f"^(?:\\d+\\.?\\s*)?(?:{body})[\\s.:!：]*$")


def _folded(sentence: str) -> str:
    return _LEAD.sub("", sentence.replace("’", "'")).casefold()


def about_itself(sentence: str, lang: str | None) -> bool:
    """The post speaking of itself: "In this post…", "Cet article explique…", "本文…"."""
    return bool(sentence_words(lang).about_itself.search(_folded(sentence)))


def leans_on(sentence: str, lang: str | None) -> bool:
    """The sentence opens leaning on the one before ("Instead,", "Then,", "This…", "因此…",
    "Pour commencer…"); a post speaking of itself ("This post…"), of its own time ("This
    year…") or of what exists ("There are…") does not."""
    text = _folded(sentence)
    words = sentence_words(lang)
    return (
        bool(words.leans_on.search(text))
        and not words.about_itself.search(text)
        and not words.not_leaning.search(text)
    )


def points_back(sentence: str, lang: str | None) -> bool:
    """The sentence points at the text around it ("below", "this issue", "上文", "這種")."""
    return bool(sentence_words(lang).points_back.search(_folded(sentence)))


def refers_back(sentence: str, lang: str | None) -> bool:
    """Words inside the sentence that refer to what came before: an additive ("Some work
    was also done…", "aussi") or a demonstrative ("…simplify this procedure", "…from any
    of these providers", "這些限制"); one naming the post itself or its time ("this
    release", "this year", "ce que", "這篇") does not, nor a post speaking of itself.
    A summary, read under the post's title and link, may; a quote, read alone, may not."""
    return refers_outside(sentence, lang, frozenset())


def names_what_came_before(
    sentence: str, lang: str | None, shown: frozenset[str] = frozenset()
) -> bool:
    """The sentence points at what the one before named ("…adding assets to that list",
    "…these 3 flagship goals", "這些"), unless it speaks of the post itself or what it
    names is right there: among the `shown` terms (a heading printed above it) or named
    earlier in the sentence ("SPIRE is an implementation of that standard")."""
    from smm_promote.captions.vocabulary import terms

    text = _folded(sentence)
    words = sentence_words(lang)
    if words.about_itself.search(text):
        return False
    for found in words.distal.finditer(text):
        noun = regex.match(r"\s*(?:\d+\s+)?([\w'-]+)", text[found.end() :])
        named = terms(noun.group(1), lang) if noun and words.spaced else frozenset()
        if not named or not (named <= shown or named <= terms(text[: found.start()], lang)):
            return True
    return False


def previews(sentence: str, lang: str | None) -> bool:
    """The text announcing what it will do ("We'll talk briefly about…", "In this post
    we'll show…"): a lead-in to a section's point, not the point."""
    return bool(sentence_words(lang).previews.search(_folded(sentence)))


def adds_to_before(sentence: str, lang: str | None) -> bool:
    """Words inside the sentence that add it to what came before ("…can likewise…",
    "同樣"): a summary does not open on it."""
    return bool(sentence_words(lang).adds_inside.search(_folded(sentence)))


def refers_outside(sentence: str, lang: str | None, shown: frozenset[str]) -> bool:
    """`refers_back`, except a demonstrative whose noun is among the `shown` terms (the
    heading printed above the sentence: "When will these features…" then "…these
    features…"): what it refers to is right there."""
    from smm_promote.captions.vocabulary import terms

    text = _folded(sentence)
    words = sentence_words(lang)
    if words.about_itself.search(text):
        return False
    if words.leans_inside.search(text):
        return True
    for found in words.refers_back.finditer(text):
        noun = regex.match(r"\s*([\w'-]+)", text[found.end() :])
        named = terms(noun.group(1), lang) if noun else frozenset()
        if not named or not named <= shown:
            return True
    return False


def sets_the_scene(sentence: str, lang: str | None) -> bool:
    """Background before the point: "Rust has supported Windows for a long time…",
    "Back in 2017…", "In the ever-changing landscape…", "依照傳統上…"."""
    return bool(sentence_words(lang).background.search(_folded(sentence)))


def says_nothing(sentence: str, lang: str | None) -> bool:
    """Thanks, a greeting, a sign-off or filler about the writing: nothing of the subject."""
    text = _folded(sentence)
    words = sentence_words(lang)
    return bool(words.says_nothing.search(text) or words.says_nothing_inside.search(text))


def calls_to_action(sentence: str, lang: str | None) -> bool:
    """An instruction, a request or an invitation to a channel ("Please use…", "Join us on
    Slack…", "Let us know…", "…our forum"): the reader is asked to do something."""
    text = _folded(sentence)
    words = sentence_words(lang)
    if words.supposes.search(text):
        return False  # "Let's say you have two projects…": a case, not a request
    return bool(words.calls_to_action.search(text) or words.calls_to_action_inside.search(text))


def opens_change_entry(sentence: str, lang: str | None) -> bool:
    """The text opens with a changelog verb ("Fixed…", "Adds…", "修复…")."""
    return bool(sentence_words(lang).change_entry.search(_folded(sentence)))


def opens_postscript(sentence: str, lang: str | None) -> bool:
    """The sentence opens the post's afterword: "P.S.", "追伸"."""
    return bool(sentence_words(lang).postscript.search(_folded(sentence)))


def is_pointer(sentence: str, lang: str | None) -> bool:
    """A pointer, an aside or a step: "Note that…", "Take a look at…", "See…", "For more…"."""
    return bool(sentence_words(lang).pointers.search(_folded(sentence)))


def points_elsewhere(sentence: str, lang: str | None) -> bool:
    """The sentence points at media or another place: "over there", "as follows", "如下"."""
    return bool(sentence_words(lang).points_elsewhere.search(_folded(sentence)))


def is_step(sentence: str, lang: str | None) -> bool:
    """One step of a sequence the post walks through: "…will then be…", "…ensuite…"."""
    return bool(sentence_words(lang).steps_inside.search(_folded(sentence)))


def dangles(word: str, lang: str | None) -> bool:
    """A word no sentence of the language ends on: "the", "their", "and", "leur"."""
    return word.casefold() in sentence_words(lang).dangling


def is_bio(sentence: str, lang: str | None) -> bool:
    """A person's name as the subject of a bio ("Nick Young works at VMware…"), or a writer
    introducing themself ("I'm Michelle, a senior engineer…")."""
    return bool(sentence_words(lang).bio.search(_LEAD.sub("", sentence.replace("’", "'"))))


def is_conclusion(heading: str, lang: str | None) -> bool:
    """A heading of the post's closing section: "Conclusion", "Wrapping up", "まとめ"."""
    return bool(sentence_words(lang).conclusion.match(_folded(heading).strip()))


def beside_the_point(sentence: str, lang: str | None) -> bool:
    """A caveat, a condition or an instruction for some readers ("Users on older versions…
    will have to manually…", "If you…", "Make sure you…"; after a short opening phrase too:
    "Starting in this release, if you allow…"), an aside ("Notice that…"), a time before ("At that
    time…"), a first-person bio line (`personal_history`) or a task named in the
    infinitive ("Réintégrer une partition…"): no point of the post."""
    text = _folded(sentence)
    words = sentence_words(lang)
    return bool(
        words.not_the_point.search(text)
        or words.not_the_point.search(_main_clause(text))
        or words.not_the_point_inside.search(text)
        or words.task.search(text)
    ) or personal_history(sentence, lang)


def of_another_time(sentence: str, lang: str | None) -> bool:
    """A sentence of another time than the post's: the old state ("Previously, Rust would
    forbid…", "Last week we announced…"), a plan ("We plan to backport it… at a later
    date.", "In the future…") or a to-be-continued ("且聽我下回分解"), in the language's
    words, or background (`sets_the_scene`)."""
    text = _folded(sentence)
    words = sentence_words(lang)
    return bool(
        words.another_time.search(text) or words.another_time_inside.search(text)
    ) or sets_the_scene(sentence, lang)


#: A short opening phrase before a comma ("Starting in this release, ", "自本版起，"): what
#: follows it opens the sentence's main clause.
_OPENING_PHRASE = regex.compile(r"^(?:[^\s,，、]+\s+){0,3}[^\s,，、]+[,，、]\s*")


def _main_clause(text: str) -> str:
    """`text` after a short opening phrase, else ""."""
    found = _OPENING_PHRASE.match(text)
    return text[found.end() :] if found and len(found.group()) <= 40 else ""


def personal_history(sentence: str, lang: str | None) -> bool:
    """A first-person bio or calendar line: "I started contributing to Kubernetes in January
    2015.", "I joined…", "J'ai commencé…", or a writer introducing themself ("I'm
    Michelle, a senior…")."""
    words = sentence_words(lang)
    return bool(
        words.personal_history.search(_folded(sentence))
        or words.introduction.search(_LEAD.sub("", sentence.replace("’", "'")))
    )


def in_first_person(sentence: str, lang: str | None) -> bool:
    """The writer speaks of themself ("I", "we", "our", "je", "nous", "我"): their own story
    or work, not a statement about the world."""
    return bool(sentence_words(lang).first_person.search(_folded(sentence)))


def generic_subject(sentence: str, lang: str | None) -> str | None:
    """The first word of a bare noun phrase that opens the sentence before a hedge of the
    language ("Tracing" of "Tracing can be an invaluable tool…"), a function word aside
    ("We can be…", "The proxy can be…" name someone or something); else None."""
    found = sentence_words(lang).generality.match(_LEAD.sub("", sentence.replace("’", "'")))
    if not found:
        return None
    from smm_promote.captions.vocabulary import stopwords

    head = found.group("head")
    return None if head.casefold() in stopwords(lang) else head


def describes_a_fix(sentence: str, lang: str | None) -> bool:
    """The bug a change fixed, described: "…had a significant performance regression…",
    "…was broken…"."""
    return bool(sentence_words(lang).fixed_inside.search(_folded(sentence)))


def walkthrough_heading(heading: str, lang: str | None) -> bool:
    """A heading of a step or a call to action rather than a point: its first word an
    imperative of the language's `walkthrough_verbs` ("Install…", "Nominate…", "Join us",
    "How to vote"), or the heading one of its `walkthrough_nouns` or ending in one
    ("Installation", "Upgrading", "Get involved", "Operator installation")."""
    return bool(sentence_words(lang).walkthrough_heading.search(_folded(heading).strip()))


def walks_through(sentence: str, lang: str | None) -> bool:
    """A step's opening sentence: "We need to…", "First, install…", "Follow these steps…",
    "Run the following…"."""
    return bool(sentence_words(lang).walkthrough.search(_folded(sentence)))


def release_contents(heading: str, lang: str | None) -> str | None:
    """What a heading names after "What's in" / "What's new in" ("1.40.0 stable" of
    "What's in 1.40.0 stable"); None for another heading."""
    text = _folded(heading).strip()
    found = sentence_words(lang).release_contents.search(text)
    return text[found.end() :].strip() if found else None


def old_state_heading(heading: str, lang: str | None) -> bool:
    """A heading of the old state: "Before v1.9", "Prior to 2.0", "Avant la 3.0"."""
    return bool(sentence_words(lang).old_state_heading.search(_folded(heading).strip()))


def before_and_after(sentence: str, following: str, lang: str | None) -> bool:
    """A sentence telling the old state ("Previously, X had to…", "X was…") directly
    followed by one telling the new ("Now X…", "…no longer…"): the pair's first half."""
    words = sentence_words(lang)
    return bool(
        words.old_state_inside.search(_folded(sentence))
        and words.now_inside.search(_folded(following))
    )


def stands_alone(sentence: str, lang: str | None) -> bool:
    """Neither leaning on the text before nor pointing at the text around it."""
    return not leans_on(sentence, lang) and not points_back(sentence, lang)
