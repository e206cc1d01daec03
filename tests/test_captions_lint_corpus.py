"""The caption lint over every corpus of ../shared/corpora (every blog and feed): no caption
a reader would have to fix. The counts per rule are printed for each corpus.

Rules whose outcome depends on hashtag and takeaway picking are expected failures (not
strict) until that work lands: take a rule out of PENDING when it passes.
"""

from __future__ import annotations

from functools import cache

import pytest

from smm_promote.captions.lint import RULES, LintReport, lint
from smm_promote.errors import Problems
from tests.conftest import CORPORA
from tests.corpus_support import CORPUS_CONFIG, corpus_captions, corpus_posts, same_worker

#: Mastodon (threads, four hashtags) and LinkedIn (lists, three hashtags) between them show
#: every rule; more platforms only repeat the same words.
CONFIG = CORPUS_CONFIG
#: Not blogs: twitter-text's conformance files.
NOT_BLOGS = {"twitter-text-conformance"}
PENDING: set[str] = set()
BLOGS = (
    sorted(p.name for p in CORPORA.iterdir() if p.is_dir() and p.name not in NOT_BLOGS)
    if CORPORA.exists()
    else []
)


@cache
def report_of(blog: str) -> LintReport:
    # The captions the residue scan of the same corpus writes too (a superset of platforms).
    written = corpus_captions(blog)
    return lint(list(corpus_posts(blog)), CONFIG, problems=Problems(), written=written)


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("blog", "rule"),
    [
        pytest.param(
            blog, rule,
            marks=[same_worker(blog)] + ([pytest.mark.xfail(strict=False, reason="lands with "
                                     "hashtag and takeaway picking")] if rule in PENDING else []),
        )
        for blog in BLOGS
        for rule in RULES
    ],
)  # fmt: skip
def test_no_caption_needs_fixing(corpora, blog, rule, capsys):
    report = report_of(blog)
    counts = report.counts()
    with capsys.disabled():
        print(
            f"\n{blog}: {report.captions} captions of {report.posts} posts, {rule}: {counts[rule]}"
        )
    examples = [str(f) for f in report.findings if f.rule == rule][:5]
    assert counts[rule] == 0, examples
