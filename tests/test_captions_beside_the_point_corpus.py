"""Thread parts and quotes beside the point, on real posts of the corpora (read in place,
with each corpus's boilerplate in use as the pipeline has it): caveats for some readers,
asides, first-person bio lines, tasks named in the infinitive, calendar entries, someone
else's words and fixes a release lists give way; the news is a quote."""

from __future__ import annotations

import pytest

from smm_promote.captions.boilerplate import SiteSentences
from smm_promote.captions.text import description, quote, takeaways
from smm_promote.model import Post
from tests.corpus_support import corpus_posts, same_worker

KUBERNETES = "hugo-kubernetes-contributor-blog"
JEKYLL = "jekyll-project-news-posts"
PYPI = "mkdocs-material-pypi-hatch-blogs"
LINKERD = "hugo-linkerd-blog"
KEVIN = "pelican-kevin-deldycke-blog"
INSTRUCTOR = "mkdocs-material-instructor-blog"
RUST = "toml-zola-rust-blog"
ELEVENTY = "eleventy-11ty-website-blog"


def post_of(corpus: str, path_end: str) -> Post:
    [post] = [p for p in corpus_posts(corpus) if p.source.endswith(path_end)]
    return post


def quoted(corpus: str, path_end: str) -> str | None:
    with SiteSentences.of(corpus_posts(corpus)).in_use():
        found = post_of(corpus, path_end)
        return quote(found, avoid=description(found))


def points(corpus: str, path_end: str) -> list[tuple[str, str]]:
    with SiteSentences.of(corpus_posts(corpus)).in_use():
        return takeaways(post_of(corpus, path_end))


@pytest.mark.corpus
@same_worker(KUBERNETES)
def test_the_change_a_post_announces_is_its_quote(corpora):
    news = (
        "Starting with the 1.26 release, we are replacing the enhancements tracking "
        "spreadsheet with an automated GitHub project board."
    )
    with SiteSentences.of(corpus_posts(KUBERNETES)).in_use():
        found = post_of(KUBERNETES, "2022/enhancements-process-update.md")
        # In the second paragraph of its first section, on one of the title's terms.
        assert quote(found) == news
        # The summary opens on it too: the quote caption does not say it twice.
        assert description(found).startswith(news)
        assert quote(found, avoid=description(found)) is None


@pytest.mark.corpus
@same_worker(KUBERNETES)
def test_an_interview_section_that_opens_with_a_bio_line_is_no_thread_part(corpora):
    # "I started contributing to Kubernetes in January 2015." opened a part; two sections
    # are left, too few for a thread.
    assert points(KUBERNETES, "2023/sig-architecture-prod-readiness-spotlight.md") == []


@pytest.mark.corpus
@same_worker(JEKYLL)
def test_release_caveats_and_fixed_bugs_are_no_quote(corpora):
    # "Users on older versions of Jekyll will have to manually add the gems…"
    assert quoted(JEKYLL, "2025-01-27-jekyll-4-4-0-released.markdown") is None
    # "Our link tag had a significant performance regression…": one fix of the list.
    assert quoted(JEKYLL, "2023-01-20-jekyll-4-3-2-released.markdown") is None


@pytest.mark.corpus
@same_worker(PYPI)
def test_someone_elses_words_as_a_hook_are_no_quote(corpora):
    # Not 'One of the most common refrains I hear… is "I didn't realize that PyPI...".':
    # the post's one quotable sentence is its summary (its tagline "Announcing the launch
    # of blog.pypi.org" gives way to it), so there is no quote besides.
    launch = "Today, we're excited to launch blog.pypi.org, the official blog of the Python Package Index."
    with SiteSentences.of(corpus_posts(PYPI)).in_use():
        found = post_of(PYPI, "2023-03-21-welcome-to-the-pypi-blog.md")
        assert description(found).startswith(launch)
        assert quote(found) == launch
        assert quote(found, avoid=launch) is None


@pytest.mark.corpus
@same_worker(LINKERD)
def test_an_instruction_is_no_thread_part(corpora):
    found = points(LINKERD, "2019/1007-linkerd-distributed-tracing/index.md")
    # "Distributed tracing in Linkerd 2.6 / Make sure you have the Linkerd 2.6 CLI…" is gone.
    assert [heading for heading, _ in found] == [
        "Linkerd Distributed Tracing Reference Architecture",
        "Ingress: Nginx",
        "Client library: OpenCensus",
        "Collector: OpenCensus",
        "Backend: Jaeger",
    ]


@pytest.mark.corpus
@same_worker(KEVIN)
def test_a_french_task_in_the_infinitive_gives_way_to_a_sentence(corpora):
    found = points(
        KEVIN, "2005/creer-un-espace-de-stockage-fiable-avec-raid-5-et-lvm-sous-linux.md"
    )
    # Not "Réintégrer une partition dans la matrice.", a list item naming a task, nor the
    # sentences of that section that lean on its listings ("La première commande montre…",
    # "La troisième ligne permet…") or warn ("Attention --assemble se base sur…"): the
    # section has no point, the steps before it do.
    assert [heading for heading, _ in found] == [
        "Étape 1: Formater les partitions",
        "Étape 2: Configuration de la matrice RAID",
        "Étape 3: Agréger les matrices RAID via LVM",
        "Étape 4: Créer le système de fichier",
    ]


@pytest.mark.corpus
@same_worker(INSTRUCTOR)
def test_asides_and_comparisons_left_open_are_no_thread_part(corpora):
    # "Notice that simply because we return…" and "While each flavor is different the core
    # philosophy is the same." are gone.
    assert points(INSTRUCTOR, "docs/blog/posts/version-1.md") == [
        (
            "Streaming Iterables: create_iterable",
            "We get an iterable of objects when we want to extract multiple objects.",
        ),
        (
            "Validation and Error Handling",
            "Instructor has always supported validation and error handling.",
        ),
        (
            "Support in multiple languages",
            "Keeping it as close as possible to the common api allows us to support all the "
            "same features in all the same languages by hooking into each libraries's popular "
            "validation libraries.",
        ),
    ]


@pytest.mark.corpus
@same_worker(RUST)
def test_a_dated_listing_and_a_pointer_elsewhere_are_no_thread_part(corpora):
    found = dict(points(RUST, "content/rust-at-two-years/index.md"))
    # Not "October 26-27, 2017: Rust Belt Rust 2017 in Columbus, OH, USA." nor "Contact the
    # community team for help and support!", and nothing from the next section ("Rust in
    # 2017", a sibling that says too little to be a point: "The 2017 Roadmap goals…").
    assert "Rust in community" not in found
    assert "won't repeat it here" not in " ".join(found.values())


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("corpus", "path_end"),
    [
        pytest.param(ELEVENTY, "2026-04-28-build-awesome-pro.md", marks=same_worker(ELEVENTY)),
        pytest.param(RUST, "Rust-1.31-and-rust-2018.md", marks=same_worker(RUST)),
    ],
)
def test_a_jokes_aside_and_a_teaser_are_no_quote(corpora, corpus, path_end):
    # Not "…pairs nicely with any kind of cheese (but I just like cheese)." nor "Included in
    # this release is the first iteration of "Rust 2018," but there's more than just that!":
    # nothing else of these posts is a quote either.
    posts = corpus_posts(corpus)
    [found] = [p for p in posts if p.source.endswith(path_end)]
    with SiteSentences.of(posts).in_use():
        assert quote(found, avoid=description(found)) is None


@pytest.mark.corpus
@same_worker(LINKERD)
def test_a_condition_for_some_readers_and_a_generality_are_no_point(corpora):
    # Not "Starting in this release, if you allow Linkerd to manage Gateway API CRDs for
    # you, this release will upgrade…": the release's own change is its part.
    found = dict(points(LINKERD, "2025/0411-edge-release-roundup/index.md"))
    assert found["edge-25.2.2 (February 20, 2025)"] == (
        "Starting in this release, the default tracing protocol is OpenTelemetry instead of "
        "OpenCensus, and the policy controller now retries errors in lease handling."
    )
    assert "edge-25.2.3 (February 27, 2025)" not in found
    # Not "If you attended this month's Linkerd Community meeting, you've already heard…".
    assert quoted(LINKERD, "2021/0729-announcing-julys-hero/index.md") is None
    # Not "Tracing can be an invaluable tool in debugging distributed systems performance…":
    # true of tracing anywhere, not what the guide says.
    assert quoted(LINKERD, "2019/1007-linkerd-distributed-tracing/index.md") is None
