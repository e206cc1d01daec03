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
    and date, or opening text, match a post read from its source is dropped (the source
    wins). A source matched by title or text, not by URL, takes the built item's URL: the
    built site says where the post really is (origin "feed" or "page")."""
    posts = list(posts)
    from_source = [p.url_origin not in BUILT_ORIGINS for p in posts]
    if all(from_source):
        return posts
    urls = {canonical_url(p.url) for p, own in zip(posts, from_source, strict=True) if own}
    by_text = {_text_key(p): i for i, p in enumerate(posts) if from_source[i] and p.body}
    by_title = {_title_key(p): i for i, p in enumerate(posts) if from_source[i]}
    kept: dict[int, Post] = {}
    seen_built: set[str] = set()
    for index, post in enumerate(posts):
        if post.url_origin not in BUILT_ORIGINS:
            kept.setdefault(index, post)
            continue
        key = canonical_url(post.url)
        if key in urls or key in seen_built:
            continue
        match = by_title.get(_title_key(post))
        if match is None and post.body:
            match = by_text.get(_text_key(post))
        if match is not None:
            source = kept.get(match, posts[match])
            kept[match] = dataclasses.replace(source, url=post.url, url_origin=post.url_origin)
            urls.add(key)
            continue
        seen_built.add(key)
        kept[index] = post
    return [kept[i] for i in sorted(kept)]


def _title_key(post: Post) -> tuple[str, object]:
    return (post.title.strip().lower(), post.date.date() if post.date else None)


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
