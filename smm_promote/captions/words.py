"""Everything a caption can say about one post, worked out once per post and language.

Titles and names are kept exactly as written (never re-cased); the summary, quote and points
are only taken from text in the post's own language; dates are in the language's format; a
`#` or `@` in them that a platform would parse stays inert (`inert`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from smm_promote.captions import boilerplate, lead, standalone
from smm_promote.captions import text as extract
from smm_promote.captions.inert import inert
from smm_promote.captions.language import in_language
from smm_promote.captions.phrases import Phrases
from smm_promote.model import Post

#: A thread or list shares the post's first points, at most this many: a short thread is read
#: to its end, and every part more is one more that must stand on its own.
SHARED_POINTS = 4
_NUMBER = re.compile(r"(?<![\w.])\d+(?![\w.])")
#: A title that already asks: it is its own question hook (Latin, CJK and Spanish marks).
_QUESTION_MARKS = ("?", "？", "؟")


@dataclass(frozen=True)
class PostWords:
    title: str
    description: str
    quote: str | None
    question: str
    #: (point, a sentence of detail or "")
    points: tuple[tuple[str, str], ...]
    date: str
    updated: str
    #: How many headings the post has (when there are no points, none made one).
    headings: int = 0
    #: How many list items the post has (when there are no points, none made one).
    items: int = 0
    #: The description speaks as news on the post's own day (`lead.of_its_day`).
    of_its_day: bool = False
    #: It speaks from the post's own time: as news on its day, or opening on another time
    #: ("Last week…", "We plan to…"); under "From the archive:" it contradicts the opener.
    from_its_time: bool = False


def post_words(post: Post, phrases: Phrases) -> PostWords:
    """The post's words for captions in the language of `phrases`."""
    site = boilerplate.current()
    return _post_words(post, phrases, site.in_post(post) if site else ())


@lru_cache(maxsize=4096)  # a plan asks for every post's in turn, again and again
def _post_words(post: Post, phrases: Phrases, boilerplate_in: tuple[str, ...]) -> PostWords:
    """`post_words`; `boilerplate_in` (the site's boilerplate the post contains, which
    the sentence picks leave out) is part of the cache key."""
    lang = phrases.lang
    title = inert(extract.one_line(post.title) or post.slug or post.url)
    description = extract.description(post)
    if description.casefold() == title.casefold() or not _reads_in(description, lang):
        description = ""
    quote = extract.quote(post, avoid=description)
    if quote and not _reads_in(quote, lang):
        quote = None
    found = extract.takeaways(post)
    points = tuple(
        (inert(point), inert(detail) if detail and in_language(detail, lang) else "")
        for point, detail in found
        if in_language(point, lang)
    )
    # Points left out for their language may leave too few for a list.
    if len(points) < min(3, len(found)):
        points = ()
    if not _counts_its_points(post.title, len(points)):
        points = points[:SHARED_POINTS]
    of_its_day = lead.of_its_day(description, lang)
    updated = post.updated
    if updated and post.date and updated.date() <= post.date.date():
        updated = None
    return PostWords(
        title=title,
        description=inert(description),
        quote=inert(quote) if quote else quote,
        question=question(title, phrases),
        points=points,
        date=phrases.day(post.date),
        updated=phrases.day(updated),
        headings=len(post.headings),
        items=sum(kind == "item" for kind, _ in extract.post_blocks(post)),
        of_its_day=of_its_day,
        from_its_time=of_its_day or _opens_on_another_time(description, lang),
    )


def _opens_on_another_time(description: str, lang: str | None) -> bool:
    """Whether the description's first sentence opens on a time other than the post's own
    (`standalone.of_another_time`: "Last week…", "We plan to…")."""
    first = next(iter(extract.sentences(description)), "")
    return bool(first) and standalone.of_another_time(first, lang)


def _counts_its_points(title: str, count: int) -> bool:
    """The title promises exactly `count` points ("5 Effective Steps…"): the thread keeps
    them all."""
    return str(count) in _NUMBER.findall(title)


def _no_points(found: PostWords) -> str:
    """Why a post has no takeaways: what its headings and list items were refused for."""
    items = (
        f'none of its {found.items} list items reads "Label: a sentence." with a label '
        "that says something"
        if found.items
        else "it has no list of points"
    )
    if found.headings:
        return (
            f"fewer than {extract.MIN_TAKEAWAYS} of the post's {found.headings} headings say "
            "something with a sentence of its language under them (introduction, conclusion, "
            f"references, bare names and one-word headings do not), and {items}"
        )
    if found.items:
        return f"the post has no headings, and {items} (two words that are not function words)"
    return "the post has no headings or list items to list"


def _reads_in(text: str, lang: str | None) -> bool:
    """The text, and its opening sentence (what a shortened caption keeps), are in `lang`."""
    opening = next(iter(extract.sentences(text)), "")
    return in_language(text, lang) and (not opening or in_language(opening, lang))


def question(title: str, phrases: Phrases) -> str:
    """A hook: the title itself when it asks, else the language's question phrase around
    the title as written ("" when the language has none)."""
    title = title.strip()
    if not title:
        return ""
    if title.endswith(_QUESTION_MARKS):
        return title
    return phrases.say("question", title=title.rstrip(" .:;,。：；，"))


def missing(variant: str, found: PostWords) -> str | None:
    """Why `variant` cannot be written for this post, or None when it can."""
    if variant == "summary" and not found.description:
        return (
            "the post has no summary, and none of its opening sentences in its language stands "
            "alone and says something (thanks, instructions, bios and dialogue do not)"
        )
    if variant == "summary" and found.of_its_day:
        return (
            "its summary speaks as news on the post's own day (\"Today we're launching…\", "
            '"the upcoming…"); a reshare weeks later would repeat it as news (the archive '
            "variant says it is from the archive)"
        )
    if variant == "quote" and not found.quote:
        return (
            "no sentence of 60-200 characters in its language reads well on its own and is on "
            "the title's subject, sharing two of its words (thanks, instructions, bios, "
            "dialogue, changelog entries and details off the title do not)"
        )
    if variant == "takeaways" and not found.points:
        return _no_points(found)
    if variant == "updated" and not found.updated:
        return "the post has no updated date after its date"
    if variant == "question" and not found.question:
        return "the title asks nothing and the language has no question phrase"
    return None
