"""A site's boilerplate: the sentences many of its posts share ("Rust is a programming
language empowering everyone…" opens every release post of one blog). Such a sentence says
nothing of the one post it is found in, so it is never a summary or a quote.

`SiteSentences.of(posts)` counts, once per run, in how many posts each sentence appears
(numbers, such as versions, count as one: "…Rust, 1.36.0." and "…Rust, 1.93.0." are the same
sentence), except in the post whose title names the release such a sentence announces:
there the site's release formula ("The rustup team is happy to announce the release of
rustup version 1.27.0.") is the post's news (`is_boilerplate` with the post). The pipeline
and the `captions` command put it in use while captions and cards are
written (`with sentences.in_use(): ...`), so sentence picking can ask `current()`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

import regex

from smm_promote.errors import Problems
from smm_promote.model import Post

if TYPE_CHECKING:
    from smm_promote.memo import Memo

#: A sentence in this many posts of a site is the site's boilerplate.
MIN_POSTS = 3
_NUMBER = regex.compile(r"\d+(?:[.,]\d+)*")
_NOT_WORD = regex.compile(r"[^\p{L}\p{M}\p{N}#]+")


def sentence_key(sentence: str) -> str:
    """The sentence as compared across posts: case-folded, numbers as `#`, words only."""
    return _NOT_WORD.sub(" ", _NUMBER.sub("#", sentence.casefold())).strip()


@lru_cache(maxsize=1024)
def _post_keys(post: Post) -> frozenset[str]:
    """The keys of the post's summary and paragraph sentences: counted by `SiteSentences.of`,
    then asked again by every caption and card of the post (`in_post`), so kept per post."""
    from smm_promote.captions.text import body_sentences, one_line, sentences

    found = [*sentences(one_line(post.summary)), *body_sentences(post, ("text", "item"))]
    return frozenset(key for s in found if len(key := sentence_key(s)) >= 12)


def _kept_keys(post: Post, memo: Memo | None) -> frozenset[str]:
    """`_post_keys`, from `memo` when the post's text is unchanged."""
    if memo is None:
        return _post_keys(post)
    from smm_promote.memo import key

    return memo.get(
        key("sentences", post.summary, post.body, post.blocks, post.lang),
        lambda _problems: _post_keys(post),
        Problems(),
        dump=sorted,
        load=frozenset,
    )


@dataclass(frozen=True)
class SiteSentences:
    """The sentence keys found in at least `MIN_POSTS` posts of a site."""

    repeated: frozenset[str] = field(default_factory=frozenset)
    #: Each counted post's sentence keys, so asking about a post again costs nothing.
    _keys: dict[Post, frozenset[str]] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )

    @classmethod
    def of(cls, posts: Iterable[Post], memo: Memo | None = None) -> SiteSentences:
        """Count each post's sentences (its summary's and its paragraphs') once per post.
        With `memo`, an unchanged post's sentences come from the last run."""
        counts: Counter[str] = Counter()
        keys: dict[Post, frozenset[str]] = {}
        for post in posts:
            if post not in keys:
                keys[post] = _kept_keys(post, memo)
            counts.update(keys[post])
        return cls(frozenset(key for key, n in counts.items() if n >= MIN_POSTS), keys)

    def _of_post(self, post: Post) -> frozenset[str]:
        found = self._keys.get(post)
        if found is None:
            found = self._keys[post] = _post_keys(post)
        return found

    def has(self, sentence: str) -> bool:
        """True when `sentence` is one of the site's boilerplate sentences."""
        return bool(self.repeated) and sentence_key(sentence) in self.repeated

    def in_post(self, post: Post) -> tuple[str, ...]:
        """The boilerplate sentence keys `post` contains, sorted (a cache key part)."""
        if not self.repeated:
            return ()
        return tuple(sorted(self._of_post(post) & self.repeated))

    @contextmanager
    def in_use(self) -> Iterator[SiteSentences]:
        """Make these the sentences `current()` answers within the block."""
        token = _CURRENT.set(self)
        try:
            yield self
        finally:
            _CURRENT.reset(token)


_CURRENT: ContextVar[SiteSentences | None] = ContextVar("site_sentences", default=None)


def current() -> SiteSentences | None:
    """The site sentences in use (see `SiteSentences.in_use`), if any."""
    return _CURRENT.get()


def is_boilerplate(sentence: str, post: Post | None = None) -> bool:
    """True when the site in use shares `sentence` across many posts; in `post`, unless it
    announces the release its title names (`lead.announces_its_release`: "The rustup team is
    happy to announce the release of rustup version 1.27.0." is that post's news, though
    every release post says it with its own number)."""
    from smm_promote.captions import lead

    site = current()
    if site is None or not site.has(sentence):
        return False
    return post is None or not lead.announces_its_release(sentence, post.title, post.lang)
