"""Summaries shortened to fit real posts of the corpora end at a sentence or a clause, never
inside a phrase."""

from __future__ import annotations

import pytest

from smm_promote.captions.compose import captions_for
from smm_promote.config import Config
from smm_promote.errors import Problems
from tests.corpus_support import same_worker
from tests.test_captions_standalone_corpus import JEKYLL, post_of, site

LINKERD = "hugo-linkerd-blog"
CONFIG = Config.from_mapping({"site_url": "https://blog.example.com"})


def shortened_summary(corpus: str, path_end: str, platform: str) -> str:
    with site(corpus).in_use():
        [caption] = captions_for(
            post_of(corpus, path_end),
            CONFIG,
            platforms=[platform],
            variants=["summary"],
            problems=Problems(),
        )
    assert caption.shortened
    return caption.text.split("\n\n")[0]


@pytest.mark.corpus
@same_worker(JEKYLL)
def test_jekyll_release_candidate_summary_ends_at_a_sentence(corpora):
    # Not "…give the latest and greatest code a spin without having to clone a…", nor "In
    # order to make sure we didn't screw anything up too badly…" (a third of its sentence).
    assert shortened_summary(JEKYLL, "2013-10-28-jekyll-1-3-0-rc1-released.markdown", "x") == (
        "Jekyll 1.3.0 is going to be a big release!"
    )


@pytest.mark.corpus
@same_worker(LINKERD)
def test_linkerd_release_summary_ends_at_a_clause(corpora):
    # Not "…authenticate all TCP connections in the…".
    assert shortened_summary(LINKERD, "2020/1109-announcing-linkerd-2-9/index.md", "bluesky") == (
        "We're very happy to announce the release of Linkerd 2.9, the best Linkerd version yet! "
        "This release extends Linkerd's zero-config mutual TLS (mTLS) support to all TCP "
        "connections…"
    )
