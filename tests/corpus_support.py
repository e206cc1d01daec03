"""Corpora read once per test process: the whole-corpus checks (residue scan, caption lint,
time-bound posts) look at the same posts, and each corpus's checks share one xdist group so
one worker reads it once."""

from __future__ import annotations

from functools import cache

import pytest

from smm_promote.config import Config
from smm_promote.errors import Problems
from smm_promote.model import Post
from smm_promote.sources import read_posts
from tests.conftest import CORPORA

#: The config every whole-corpus check reads with: a site URL, Mastodon and LinkedIn (between
#: them, threads, lists and four hashtags show every caption rule).
CORPUS_CONFIG = Config.from_mapping(
    {"site_url": "https://blog.example.com", "platforms": ["mastodon", "linkedin"]}
)


@cache
def corpus_posts(name: str) -> tuple[Post, ...]:
    """The posts of `../shared/corpora/<name>`, read with `CORPUS_CONFIG`."""
    return tuple(read_posts(CORPORA / name, CORPUS_CONFIG, Problems()))


def same_worker(name: str) -> pytest.MarkDecorator:
    """The mark that sends every whole-corpus check of `name` to one worker."""
    return pytest.mark.xdist_group(f"corpus-{name.split('/')[0]}")
