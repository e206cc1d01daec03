"""The fields a card template can show, from a post, the config and its `share:` block."""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any
from urllib.parse import urlsplit

from smm_promote.config import Config
from smm_promote.model import Post

#: `share:` keys that replace what the card shows.
TEXT_OVERRIDES = ("title", "description", "quote", "site_name")
_WORDLIKE = re.compile(r"\w")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[\"“A-Z0-9])")
_NUMBERING = re.compile(r"^\s*(?:step\s*)?\d+\s*[.):-]\s*", re.IGNORECASE)
_SKIP_HEADINGS = {
    "conclusion", "introduction", "summary", "final thoughts", "faq", "faqs", "references",
    "table of contents", "contents", "related posts", "further reading", "wrap up", "tl;dr",
}  # fmt: skip


def pick_quote(post: Post) -> str:
    """The post's strongest sentence (the one the `quote` caption uses), else its description."""
    from smm_promote.captions import text as words  # a rerun that picks nothing never loads it

    found = words.quote(post, avoid=post.summary)
    if found:
        return found
    text = " ".join(post.description.split())
    if len(text) > 160:
        text = text[:160].rsplit(" ", 1)[0].rstrip(",;:.") + "…"
    return text or post.title


def takeaways(post: Post) -> list[str]:
    """The post's key points (the ones the `takeaways` caption lists)."""
    from smm_promote.captions import text as words

    return [point for point, _ in words.takeaways(post) if _WORDLIKE.search(point)]


#: Names reserved for examples and tests (RFC 2606, RFC 6761): never a real site's host.
_PLACEHOLDER_HOSTS = {"example.com", "example.net", "example.org", "localhost"}
_PLACEHOLDER_TLDS = (".example", ".test", ".invalid", ".localhost", ".local")


def domain(config: Config, post: Post) -> str:
    """The site's host as a card shows it; '' for a reserved example or local name."""
    host = (urlsplit(config.site_url or post.url).hostname or "").removeprefix("www.")
    parent = host.split(".", 1)[1] if host.count(".") >= 2 else ""
    if host in _PLACEHOLDER_HOSTS or parent in _PLACEHOLDER_HOSTS:
        return ""
    if host.endswith(_PLACEHOLDER_TLDS) or "." not in host:
        return ""
    return host


def pick_description(post: Post) -> str:
    """The post's summary sentence (the one captions use), else its description."""
    from smm_promote.captions import text as words

    return words.description(post) or post.description


#: Fields picked from the post's sentences (the slow ones): worked out only when read.
PICKED = {
    "description": pick_description,
    "quote": pick_quote,
    "takeaways": takeaways,
}


def card_context(
    post: Post, config: Config, fields: Collection[str] | None = None
) -> tuple[dict[str, Any], list[str]]:
    """Template variables for `post` and the problems met (an empty title...); of the
    `PICKED` fields only those in `fields` (default: all)."""
    from smm_promote.captions.compose import phrases_of

    problems: list[str] = []
    share = post.share or {}
    site = config.site_name or domain(config, post)
    phrases = phrases_of(post, config)  # the card's words in the post's own language
    picked = {name: pick(post) for name, pick in PICKED.items() if fields is None or name in fields}
    context: dict[str, Any] = {
        "title": post.title.strip(),
        **{name: picked[name] for name in ("description", "quote") if name in picked},
        "site_name": site,
        "site_url": config.site_url,
        "domain": domain(config, post),
        "url": post.url,
        "date": phrases.day(post.date) if post.date else "",
        "year": f"{post.date:%Y}" if post.date else "",
        "minutes": post.reading_minutes,
        "reading_time": phrases.say("min_read", minutes=post.reading_minutes),
        "tags": list(post.tags),
        "categories": list(post.categories),
        "author": post.authors[0].name if post.authors else "",
        "headings": list(post.headings),
        **({"takeaways": picked["takeaways"]} if "takeaways" in picked else {}),
        "lang": post.lang or config.lang,
    }
    for key in TEXT_OVERRIDES:
        value = share.get(key)
        if value is not None and not isinstance(value, str | int | float):
            problems.append(f"share.{key}: expected text, got {type(value).__name__}")
        elif value is not None and str(value).strip():
            context[key] = str(value).strip()
    if not context["title"]:
        problems.append("empty title; the card shows the site name instead")
        context["title"] = site or "Untitled"
    return context, problems
