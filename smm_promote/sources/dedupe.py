"""One post, one page: a post read twice (its source and a built feed or page in the same
folder) is kept once, the source winning; language versions of one post become one post."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping

from smm_promote.model import Post
from smm_promote.sites.built import canonical_url
from smm_promote.sites.detect_lang import same_language

#: `Post.url_origin` of posts read from a built feed or page rather than a source file.
BUILT_ORIGINS = ("feed", "page")


def _text_key(post: Post) -> str:
    words = re.findall(r"\w+", f"{post.title} {post.body}".lower())
    return " ".join(words[:60])


def one_per_page(posts: Iterable[Post]) -> list[Post]:
    """Each post once: a post from a built feed or page whose canonical URL, or whose title
    and opening text, match a post read from its source is dropped (the source wins)."""
    posts = list(posts)
    sources = [p for p in posts if p.url_origin not in BUILT_ORIGINS]
    urls = {canonical_url(p.url) for p in sources}
    texts = {_text_key(p) for p in sources if p.body}
    titles = {(p.title.strip().lower(), p.date.date() if p.date else None) for p in sources}
    kept: list[Post] = []
    seen_built: set[str] = set()
    for post in posts:
        if post.url_origin in BUILT_ORIGINS:
            key = canonical_url(post.url)
            dated = (post.title.strip().lower(), post.date.date() if post.date else None)
            if key in urls or key in seen_built or dated in titles:
                continue
            if post.body and _text_key(post) in texts:
                continue
            seen_built.add(key)
        kept.append(post)
    return kept


def merge_translations(
    posts: Iterable[Post], keys: Mapping[str, str], main_lang: str | None
) -> list[Post]:
    """Language versions sharing a translation key become one post: the version in
    `main_lang` (else the earliest), with the others' (lang, url) in `translations`.
    Drafts stay apart."""
    posts = list(posts)
    groups: dict[str, list[Post]] = {}
    for post in posts:
        key = keys.get(post.source)
        if key is not None and not post.draft:
            groups.setdefault(key, []).append(post)
    merged: dict[int, Post | None] = {}
    for group in groups.values():
        if len(group) < 2:
            continue
        ranked = sorted(
            group,
            key=lambda p: (
                not same_language(p.lang, main_lang),
                p.date is None,
                p.date.timestamp() if p.date else 0,
                p.source,
            ),
        )
        main, others = ranked[0], ranked[1:]
        versions = tuple((p.lang or "", p.url) for p in others)
        merged[id(main)] = dataclasses.replace(main, translations=main.translations + versions)
        for other in others:
            merged[id(other)] = None
    out = []
    for post in posts:
        if id(post) in merged:
            replacement = merged[id(post)]
            if replacement is not None:
                out.append(replacement)
        else:
            out.append(post)
    return out
