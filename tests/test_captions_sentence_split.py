"""Sentences split the language's way around abbreviations: one that takes what follows
("e.g.", "Dr.") keeps its sentence going; one that closes a phrase ("etc.", "Inc.") ends
the sentence before a capitalised word."""

from __future__ import annotations

import pytest

from smm_promote.captions.text import body_sentences, description, sentences
from smm_promote.model import Post
from tests.corpus_support import corpus_posts, same_worker

KUBEVIRT = "jekyll-kubevirt-blog"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "It builds Markdown, Liquid, Nunjucks, etc. One build takes a second.",
            ["It builds Markdown, Liquid, Nunjucks, etc.", "One build takes a second."],
        ),
        ("Templates, layouts, etc. are all cached.", ["Templates, layouts, etc. are all cached."]),
        ("It was founded by Acme Inc. The team grew fast.", ["It was founded by Acme Inc.", "The team grew fast."]),
        ("Acme Inc. makes the build faster.", ["Acme Inc. makes the build faster."]),
        ("Smith et al. “The Cost of Builds” shows it.", ["Smith et al.", "“The Cost of Builds” shows it."]),
        ("Use a generator, e.g. Hugo or Jekyll, for it.", ["Use a generator, e.g. Hugo or Jekyll, for it."]),
        ("Dr. Smith maintains the builder.", ["Dr. Smith maintains the builder."]),
        ("It shines when streaming data (eg. Logs or feeds).", ["It shines when streaming data (eg. Logs or feeds)."]),
        ("One file, ie. The config, holds it.", ["One file, ie. The config, holds it."]),
        ("It builds pages, feeds, etc.", ["It builds pages, feeds, etc."]),
    ],
)  # fmt: skip
def test_abbreviations_that_close_a_phrase_end_a_sentence_before_a_capital(text, expected):
    assert sentences(text) == expected


def test_a_summary_stops_after_etc():
    first = "The builder reads Markdown, Liquid and Nunjucks templates, data files, etc."
    second = "One build of the whole site takes less than a second on a laptop."
    found = Post(
        url="https://b.example/p/", title="Builds", blocks=(("text", f"{first} {second}"),)
    )
    assert description(found, limit=len(first) + 5) == first


@pytest.mark.corpus
@same_worker(KUBEVIRT)
def test_etc_ends_a_sentence_of_a_real_post(corpora):
    [found] = [
        p for p in corpus_posts(KUBEVIRT) if p.source.endswith("NodeDrain-KubeVirt.markdown")
    ]
    split = body_sentences(found)
    assert (
        "Before sending a node into maintenance state it is very much necessary to evict the "
        "resources on it, VMI's, pods, deployments etc."
    ) in split
    assert "One of the easiest option for us is to stick to the oc adm drain command." in split


def test_a_time_zone_after_a_m_stays_with_its_time():
    assert sentences("Vote by Thursday, February 25, 8 a.m. PT. We announce the hero soon.") == [
        "Vote by Thursday, February 25, 8 a.m. PT.",
        "We announce the hero soon.",
    ]
    assert sentences("Doors open at 9 p.m. CEST sharp.") == ["Doors open at 9 p.m. CEST sharp."]
    assert sentences("We meet at 8 a.m. Then we ship.") == ["We meet at 8 a.m.", "Then we ship."]
