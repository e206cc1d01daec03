"""The sentence chosen for a summary or quote on real posts: no author's bio, call to
action, interview turn, changelog entry or sentence leaning on the one before."""

from __future__ import annotations

import pytest

from smm_promote.captions.text import description, quote
from tests.corpus_support import same_worker
from tests.test_captions_standalone_corpus import (
    ELEVENTY,
    FARSEERFC,
    JEKYLL,
    KEVIN,
    KUBERNETES,
    KUBEVIRT,
    RUST,
    post_of,
    site,
)

PYPI = "mkdocs-material-pypi-hatch-blogs/pypi-blog"


def picks(corpus: str, path_end: str, lang: str | None = None) -> tuple[str, str | None]:
    with site(corpus).in_use():
        post = post_of(corpus, path_end, lang)
        summary = description(post)
        return summary, quote(post, avoid=summary)


@pytest.mark.corpus
@same_worker(PYPI)
def test_pypi_quote_is_no_bio_of_the_author(corpora):
    _, found = picks(PYPI, "2023-05-23-removing-pgp.md")
    # Not "Given all of this, …" (it leans on the text before): the finding itself.
    assert found == (
        "Recently though, an examination of the signatures on PyPI has revealed to us that the "
        "current support for PGP signatures is not proving useful."
    )


@pytest.mark.corpus
@same_worker(ELEVENTY)
def test_eleventy_release_refuses_an_instruction_and_a_changelog_entry(corpora):
    summary, found = picks(ELEVENTY, "2022-01-09-eleventy-one-point-oh.md")
    assert summary == ""  # "Please use eleventy-upgrade-help to log breaking changes…"
    # Nor a sentence off the title's subject: no quote.
    assert found is None


@pytest.mark.corpus
@same_worker(JEKYLL)
def test_jekyll_quotes_are_no_forum_pointer_or_thanks(corpora):
    _, forum = picks(JEKYLL, "2017-01-18-jekyll-3-4-0-released.markdown")
    assert forum is None  # its forum pointer, and no sentence on "Jekyll turns 3.4.0"
    # Its thanks, "this feature" of the sentence before and "For now, it…": no quote.
    _, thanks = picks(JEKYLL, "2016-07-26-jekyll-3-2-0-released.markdown")
    assert thanks is None


@pytest.mark.corpus
@same_worker(KUBERNETES)
def test_kubernetes_interviews_skip_speaker_turns(corpora):
    summary, found = picks(KUBERNETES, "2024/sig-arch-code-spotlight.md")
    assert summary == (
        "We will cover SIG Architecture: Code Organization. In this SIG Architecture spotlight "
        "I talked with Madhav Jivrajani (VMware), a member of the Code Organization subproject."
    )
    # "Code Organization also works towards…" adds to the text before it: no quote.
    assert found is None
    _, book = picks(KUBERNETES, "k8s-book-club/k8s-book-club.md")
    assert book is None  # its speaker turns, and no other sentence on the book club


@pytest.mark.corpus
@same_worker(KEVIN)
def test_kevin_quotes_are_no_answer_or_procedure_step(corpora):
    assert picks(KEVIN, "2013/git-invalid-date-format.md")[1] is None  # "Because recent…"
    assert picks(KEVIN, "2005/how-to-mount-a-file-system-binary-image.md")[1] is None


@pytest.mark.corpus
@same_worker(KUBEVIRT)
def test_kubevirt_quote_is_no_prerequisite(corpora):
    _, found = picks(KUBEVIRT, "2021-07-16-kubevirt-api-auth.md")
    # The opening's claim, not a sentence of the sections that follow.
    assert found == (
        'The "client-go" library gives you options on how you authenticate with your '
        "Kubernetes cluster, allowing you to deploy your application both in and out of your "
        "Kubernetes cluster."
    )


@pytest.mark.corpus
@same_worker(RUST)
def test_rust_quote_is_not_about_this_bug(corpora):
    _, found = picks(RUST, "content/Rust-1.45.1.md")
    # Its sentences on the bug sit in the sections after the opening, whose sentences are
    # the summary: no quote.
    assert found is None


@pytest.mark.corpus
@same_worker(FARSEERFC)
def test_farseerfc_sentences_that_lean_on_the_text_before(corpora):
    summary, found = picks(FARSEERFC, "c-tricks-3-1-lvalue-rvalue-constant.zh.rst")
    assert summary == ""  # "根據左值右值的第二定義，…"
    # "通常情況下，…" sits in a section in the middle of the post: one detail, no quote.
    assert found is None
    summary, _ = picks(FARSEERFC, "some-thought-on-creationism.zh.rst")
    assert not summary.startswith("因爲")
    assert picks(FARSEERFC, "if-we-do-this-work.zh.rst")[1] is None  # "如果這就是…"
    # Not "個人感覺這個意義不大…", a sentence with TeX quotes left as text, nor one off the
    # title's subject (the conference): no quote.
    assert picks(FARSEERFC, "msr2012.zh.rst")[1] is None
