"""Corpora read once per test process: the whole-corpus checks (reading, residue scan, caption
lint, time-bound posts) look at the same posts and captions, and each corpus's checks share one
xdist group so one worker reads it once. The checks of one corpus folder read with no config
(its URLs, its site's name and look) share `plain_reading` the same way."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import pytest

from smm_promote.captions.boilerplate import SiteSentences
from smm_promote.captions.compose import captions_for
from smm_promote.captions.vocabulary import SiteVocabulary
from smm_promote.config import Config
from smm_promote.errors import Problems
from smm_promote.model import Caption, Post
from smm_promote.sources import Reading, read_posts, read_source
from tests.conftest import CORPORA

#: The config every whole-corpus check reads with: a site URL, Mastodon and LinkedIn (between
#: them, threads, lists and four hashtags show every caption rule).
CORPUS_CONFIG = Config.from_mapping(
    {"site_url": "https://blog.example.com", "platforms": ["mastodon", "linkedin"]}
)
#: The platforms whose captions the whole-corpus checks scan: the config's and the two with
#: their own counting (X's weighted length, Bluesky's graphemes).
CORPUS_PLATFORMS = ("x", "mastodon", "bluesky", "linkedin")


#: The config `smm-promote posts FOLDER` reads a folder with when there is none.
NO_CONFIG = Config.from_mapping({})


@cache
def plain_reading(folder: Path) -> tuple[Reading, Problems]:
    """`read_source(folder, NO_CONFIG)` and the problems it raised, once per test process
    (posts are immutable; callers only read the lists)."""
    problems = Problems()
    return read_source(folder, NO_CONFIG, problems), problems


@cache
def corpus_reading(name: str) -> tuple[tuple[Post, ...], Problems]:
    """The posts of `../shared/corpora/<name>`, read with `CORPUS_CONFIG`, and the problems
    reading them raised."""
    problems = Problems()
    return tuple(read_posts(CORPORA / name, CORPUS_CONFIG, problems)), problems


def corpus_posts(name: str) -> tuple[Post, ...]:
    """The posts of `../shared/corpora/<name>` (see `corpus_reading`)."""
    return corpus_reading(name)[0]


@cache
def corpus_vocabulary(name: str) -> SiteVocabulary:
    """The site vocabulary of corpus `name` (its subject, its names), as the pipeline has."""
    return SiteVocabulary.of(corpus_posts(name))


@cache
def corpus_sentences(name: str) -> SiteSentences:
    """The boilerplate of corpus `name` (the sentences many of its posts share)."""
    return SiteSentences.of(corpus_posts(name))


@contextmanager
def corpus_in_use(name: str) -> Iterator[None]:
    """Corpus `name`'s boilerplate and vocabulary in use, as the pipeline has them while it
    writes a site's captions and cards (the picks made for one are then kept for the other)."""
    with corpus_sentences(name).in_use(), corpus_vocabulary(name).in_use():
        yield


@cache
def corpus_captions(name: str) -> tuple[tuple[Caption, ...], ...]:
    """Every caption of every post of corpus `name` on `CORPUS_PLATFORMS`, in the order of
    `corpus_posts` (posts of a corpus may share a URL), written with the corpus's boilerplate
    and vocabulary in use, as the pipeline writes them."""
    posts = corpus_posts(name)
    with corpus_in_use(name):
        return tuple(
            tuple(
                captions_for(post, CORPUS_CONFIG, platforms=CORPUS_PLATFORMS, problems=Problems())
            )
            for post in posts
        )


def same_worker(name: str) -> pytest.MarkDecorator:
    """The mark that sends every whole-corpus check of `name` to one worker."""
    return pytest.mark.xdist_group(f"corpus-{name.split('/')[0]}")
