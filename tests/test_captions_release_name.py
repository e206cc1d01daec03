"""A summary that does not name the release its title names is led with it ("pnpm 10.15:
Added the cleanupUnusedCatalogs configuration."): read on its own, "Added the…" says not
which release it is about. Only the summary variant, never twice."""

from __future__ import annotations

import pytest

from smm_promote.captions.compose import caption
from smm_promote.captions.lead import release_of, with_its_release
from tests.corpus_support import CORPUS_CONFIG, corpus_in_use, same_worker
from tests.test_captions_standalone_corpus import JEKYLL, RUST, post_of

PNPM = "docusaurus-tseslint-pnpm-blogs"


@pytest.mark.parametrize(
    ("title", "release"),
    [
        ("pnpm 10.15", "pnpm 10.15"),
        ("pnpm 11.11-11.14", "pnpm 11.11-11.14"),
        ("Announcing Rust 1.98.0", "Rust 1.98.0"),
        ("Jekyll 3.8.6 Released", "Jekyll 3.8.6"),
        ("Jekyll Sass Converter 3.0 Released", "Jekyll Sass Converter 3.0"),
        ('Jekyll 3.4.1, or "Unintended Consequences"', "Jekyll 3.4.1"),
        ("Announcing Linkerd 2.5: Helm support and RBAC-aware tap", "Linkerd 2.5"),
        ("Eleventy v3.1.0 is now available — 11% faster and 22% smaller!", "Eleventy v3.1.0"),
        # A release to come, a verb, a chapter, no name, a name too far in: none.
        ("Jekyll 4.0 is on the Horizon!", None),
        ("Jekyll turns 3.6!", None),
        ("A Wild Jekyll 2.4.0 Appeared!", None),
        ("C++ Tricks 1.1 條件運算符(?:)", None),
        ("1.71.0 pre-release testing", None),
        ("The very first Eleventy 1.0 Beta Release", None),
        ("Upgrading to Hugo 0.120", None),
    ],
)
def test_the_release_a_title_names(title, release):
    assert release_of(title, "en") == release


def test_a_summary_naming_the_release_or_its_product_with_a_version_stays():
    assert with_its_release("Added the X setting.", "pnpm 10.15", "en") == (
        "pnpm 10.15: Added the X setting."
    )
    assert with_its_release("pnpm 10.28 introduces a hook.", "pnpm 10.28", "en") == (
        "pnpm 10.28 introduces a hook."
    )
    assert with_its_release("pnpm 11 is here!", "pnpm 11.0", "en") == "pnpm 11 is here!"
    assert with_its_release("Jekyll 1.3.0 is going to be big.", "Jekyll 1.3.0.rc1", "en") == (
        "Jekyll 1.3.0 is going to be big."
    )
    assert with_its_release("", "pnpm 10.15", "en") == ""


def summary_caption(corpus: str, path_end: str, platform: str = "x") -> str:
    with corpus_in_use(corpus):
        found = caption(post_of(corpus, path_end), platform, "summary", CORPUS_CONFIG)
    assert found is not None
    return found.text


@pytest.mark.corpus
@same_worker(PNPM)
def test_pnpm_release_summary_names_the_release(corpora):
    assert summary_caption(PNPM, "releases/10.15.md") == (
        "pnpm 10.15: Added the cleanupUnusedCatalogs configuration.\n\n"
        "https://blog.example.com/1015/?utm_source=x&utm_medium=social&utm_campaign=1015"
        "&utm_content=summary"
    )
    # It names the release already.
    assert summary_caption(PNPM, "releases/10.28.md", "bluesky") == (
        "pnpm 10.28 introduces a new beforePacking hook to customize package.json at publish "
        "time, improves filtered install performance, and includes several bug fixes.\n\n"
        "blog.example.com/1028"
    )
    assert summary_caption(PNPM, "releases/11.0.md", "bluesky") == (
        "pnpm 11 is here!\n\nblog.example.com/110"
    )


@pytest.mark.corpus
@same_worker(JEKYLL)
def test_jekyll_release_summaries_name_the_release(corpora):
    assert summary_caption(JEKYLL, "2019-07-02-jekyll-3-8-6-released.markdown") == (
        "Jekyll 3.8.6: We have another patch release in the 3.8 series!\n\n"
        "https://blog.example.com/news/2019/07/02/jekyll-3-8-6-released/?utm_source=x"
        "&utm_medium=social&utm_campaign=jekyll-3-8-6-released&utm_content=summary\n\n#Jekyll"
    )
    # The rest is shortened to fit X.
    assert summary_caption(JEKYLL, "2014-05-08-jekyll-2-0-3-released.markdown") == (
        "Jekyll 2.0.3: Just wanted to let you know we've released another version of Jekyll, "
        "jam-packed with bug fixes.\n\n"
        "https://blog.example.com/news/2014/05/08/jekyll-2-0-3-released/?utm_source=x"
        "&utm_medium=social&utm_campaign=jekyll-2-0-3-released&utm_content=summary"
    )
    assert summary_caption(JEKYLL, "2020-05-08-jekyll-4-0-1-released.markdown", "bluesky") == (
        "Jekyll 4.0.1 is out and fixes a few issues reported by the community since 4.0.\n\n"
        "blog.example.com/news/2020/05…\n\n#Jekyll"
    )


@pytest.mark.corpus
@same_worker(RUST)
def test_rust_release_summary_names_the_release(corpora):
    assert summary_caption(RUST, "Rust-1.98.0.md", "bluesky") == (
        'Rust 1.98.0: The floating-point types f32 and f64 now have "algebraic" methods for '
        "addition, subtraction, multiplication, division, and remainder.\n\n"
        "blog.example.com/2026/08/20/R…\n\n#Rust"
    )
