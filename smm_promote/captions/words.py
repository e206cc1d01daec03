"""Everything a caption can say about one post, worked out once per post."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from smm_promote.captions import text as extract
from smm_promote.model import Post


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


def _day(value: datetime | None) -> str:
    return f"{value:%B} {value.day}, {value.year}" if value else ""


@lru_cache(maxsize=128)
def post_words(post: Post) -> PostWords:
    title = extract.sentence_case(extract.one_line(post.title)) or post.slug or post.url
    description = extract.description(post)
    if description.casefold() == title.casefold():
        description = ""
    updated = post.updated
    if updated and post.date and updated.date() <= post.date.date():
        updated = None
    return PostWords(
        title=title,
        description=description,
        quote=extract.quote(post, avoid=description),
        question=extract.question(title),
        points=tuple(extract.takeaways(post)),
        date=_day(post.date),
        updated=_day(updated),
    )


def missing(variant: str, found: PostWords) -> str | None:
    """Why `variant` cannot be written for this post, or None when it can."""
    if variant == "summary" and not found.description:
        return "the post has no summary or opening sentence"
    if variant == "quote" and not found.quote:
        return "no sentence of 60-200 characters reads well on its own"
    if variant == "takeaways" and not found.points:
        return "the post has no headings or list items to list"
    if variant == "updated" and not found.updated:
        return "the post has no updated date after its date"
    if variant == "question" and not found.question:
        return "the post has no title"
    return None
