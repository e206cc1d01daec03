"""Sentence picks worked out once per post: the cards and each caption of a post ask for the
same summary, quote and points (a plan writes a post's captions for several platforms and
variants, the card its description and quote), so each is picked once, not by every asker.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from typing import Any, TypeVar

from smm_promote.captions import boilerplate
from smm_promote.model import Post

Result = TypeVar("Result")


def per_post(function: Callable[..., Result]) -> Callable[..., Result]:
    """`function(post, ...)` kept per post, arguments and the site's boilerplate the post
    contains (`boilerplate.SiteSentences.in_post`, which the picks leave out): the whole
    key of what it reads. A list is kept as a tuple and handed out as a new list each time."""

    @lru_cache(maxsize=4096)
    def kept(post: Post, site: tuple[str, ...], args: tuple, kwargs: tuple) -> tuple[bool, Any]:
        found = function(post, *args, **dict(kwargs))
        return (True, tuple(found)) if isinstance(found, list) else (False, found)

    @wraps(function)
    def remembered(post: Post, *args: Any, **kwargs: Any) -> Result:
        site = boilerplate.current()
        listed, found = kept(
            post, site.in_post(post) if site else (), args, tuple(sorted(kwargs.items()))
        )
        return list(found) if listed else found

    remembered.cache_clear = kept.cache_clear  # type: ignore[attr-defined]
    return remembered
