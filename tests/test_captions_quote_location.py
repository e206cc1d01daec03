"""A quote states the post's point: it comes from where the author states it (the opening,
the closing section), never from the sections between, and it never leans on the text
before it, sets the scene, asks the reader to act or clears its throat."""

from __future__ import annotations

import pytest

from smm_promote.captions import standalone
from smm_promote.captions.boilerplate import SiteSentences
from smm_promote.captions.text import description, quote, where_the_point_is
from smm_promote.model import Post
from tests.corpus_support import corpus_posts, same_worker

CLAIM = "Cloned images boot in seconds, so a cluster can serve a hundred virtual machines at once."


def post(*blocks: tuple[str, str], lang: str = "en") -> Post:
    return Post(url="https://b.example/p/", title="Cloning images", blocks=blocks, lang=lang)


# Real sentences of the corpora that need the sentences before them.
@pytest.mark.parametrize(
    ("sentence", "lang"),
    [
        # A demonstrative naming what was said before.
        (
            "The shift to a centralized discussion forum is designed to simplify and "
            "accelerate this procedure, ensuring swift and efficient resolutions for our "
            "community.",
            "en",
        ),
        ("Managing KubeVirt VMs and the end users of these systems make use of tools.", "en"),
        (
            "On trouve ces instructions sur le wiki d'OVH, et je vous confirme qu'elles "
            "fonctionnent parfaitement pour le modem Thomson TG-585.",
            "fr",
        ),
        (
            "Composite 擴展的這些限制使得 X 下的混成器目前只能實現 Mac OS X 那樣的 Exposé 效果。",
            "zh",
        ),
        # An additive: one more thing besides what came before.
        (
            "Some work was also done to make use of the existing TokenStream serialization and "
            "deserialization code in the compiler's proc_macro crate.",
            "en",
        ),
        ("He's also really active in helping the community answering questions.", "en"),
        # What was the case is said before.
        ("No longer is that the case, thanks to the new python command group!", "en"),
    ],
)
def test_words_inside_that_refer_back(sentence, lang):
    assert standalone.refers_back(sentence, lang)
    found = post(("text", sentence), ("text", CLAIM), lang=lang)
    assert quote(found) != sentence


@pytest.mark.parametrize(
    ("sentence", "lang"),
    [
        (
            "This release brings many changes, including the stabilization of the Future trait.",
            "en",
        ),
        ("Looks like Eleventy is listed on this year's State of JavaScript Survey.", "en"),
        ("Voici ce que je pense de cette année passée à écrire du code.", "fr"),
        ("我將在這篇文章中介紹如何使用 GNU Stow 管理你的配置文件。", "zh"),
        ("The 9.7.0 release marks a significant shift for every user of the project.", "en"),
    ],
)
def test_the_post_itself_and_its_time_do_not_refer_back(sentence, lang):
    assert not standalone.refers_back(sentence, lang)


@pytest.mark.parametrize(
    ("sentence", "lang"),
    [
        (
            "Rust has supported Windows for a long time, with two different flavors of Windows "
            "targets: MSVC-based and GNU-based.",
            "en",
        ),
        ("Kubernetes is traditionally used to deploy and manage containerized applications.", "en"),
        (
            "Back in 2017 the KubeVirt architecture team got together and placed their bets on "
            "a set of core design principles.",
            "en",
        ),
        ("In the ever-changing landscape of Kubernetes, ensuring that clusters work is key.", "en"),
        ("As you may know, rustc uses LLVM as a compiler backend for every target.", "en"),
    ],
)
def test_background_is_no_quote(sentence, lang):
    assert standalone.sets_the_scene(sentence, lang)
    assert quote(post(("text", sentence), ("text", CLAIM), lang=lang)) == CLAIM


@pytest.mark.parametrize(
    ("sentence", "check"),
    [
        ("Keep filing those reports so we can continue to make Jekyll even better!", "act"),
        ("Try compiling a large Rust program with the -j1 flag to disable this.", "act"),
        ("We ask all project members to begin working with their representative.", "act"),
        (
            "If you feel passionately about any of the choices we've made here, then do let "
            "us know on the Discord channel!",
            "act",
        ),
        (
            "We know it's been quite a while since our last update, which is why we're eager "
            "to share what's happening.",
            "nothing",
        ),
    ],
)
def test_calls_to_action_and_throat_clearing_are_no_quote(sentence, check):
    if check == "act":
        assert standalone.calls_to_action(sentence, "en")
    else:
        assert standalone.says_nothing(sentence, "en")
    assert quote(post(("text", sentence), ("text", CLAIM))) == CLAIM


def test_french_housekeeping_says_nothing():
    assert standalone.says_nothing(
        "Après plusieurs semaines d'absence sur ce blog, je suis de retour avec un billet.", "fr"
    )


DETAIL = "Each clone keeps a copy-on-write layer, so writes never reach the shared base image."
LEAD = (
    "Cloning an image is the fastest way to start a virtual machine. "
    "It copies nothing until a write. "
    "The rest of this post shows the numbers."
)


def test_a_quote_comes_from_the_opening_not_a_section_between():
    found = post(
        ("text", LEAD), ("heading", "How the layers work"), ("text", DETAIL),
        ("heading", "Measuring the boot time"), ("text", CLAIM),
    )  # fmt: skip
    assert [text for _, text in where_the_point_is(list(found.blocks), found)] == [LEAD]
    assert quote(found) == "Cloning an image is the fastest way to start a virtual machine."


def test_a_closing_section_holds_the_point_too():
    found = post(
        ("text", "We measured it twice."), ("text", "It took a week."), ("text", "Then more."),
        ("heading", "How the layers work"), ("text", DETAIL),
        ("heading", "Conclusion"), ("text", CLAIM),
    )  # fmt: skip
    assert quote(found) == CLAIM


def test_a_short_lead_goes_on_into_the_first_paragraph_of_the_first_section():
    found = post(
        ("text", "Cloning images, measured."), ("heading", "Why clone"), ("text", CLAIM),
        ("text", DETAIL), ("heading", "How the layers work"), ("text", DETAIL),
    )  # fmt: skip
    kept = [text for _, text in where_the_point_is(list(found.blocks), found)]
    assert kept == ["Cloning images, measured.", CLAIM]
    assert quote(found) == CLAIM


def test_an_introduction_heading_does_not_end_the_opening():
    found = post(
        ("text", "We clone images."), ("text", "It works."), ("text", "Here is how."),
        ("heading", "Introduction"), ("text", CLAIM), ("heading", "Layers"), ("text", DETAIL),
    )  # fmt: skip
    assert quote(found) == CLAIM


def test_a_post_of_one_section_is_all_opening():
    found = post(("heading", "Cloning images"), ("text", "Short lead."), ("text", CLAIM))
    assert quote(found) == CLAIM


@pytest.mark.corpus
@same_worker("toml-zola-rust-blog")
def test_real_posts_quote_their_point_or_nothing(corpora):
    rust = corpus_posts("toml-zola-rust-blog")
    [demoting] = [p for p in rust if p.source.endswith("/demoting-i686-pc-windows-gnu.md")]
    with SiteSentences.of(rust).in_use():
        # Was "If no maintainers are found and the *-windows-gnu targets continue causing
        # problems, they may be demoted further." (a caveat from a section in the middle);
        # the opening's other claim, "Rust has supported Windows for a long time…", is
        # background.
        assert quote(demoting, avoid=description(demoting)) is None


@pytest.mark.corpus
@same_worker("jekyll-project-news-posts")
def test_a_release_notes_sign_off_is_no_quote(corpora):
    jekyll = corpus_posts("jekyll-project-news-posts")
    [release] = [
        p for p in jekyll if p.source.endswith("2014-05-08-jekyll-2-0-3-released.markdown")
    ]
    with SiteSentences.of(jekyll).in_use():
        # Was "Keep filing those reports so we can continue to make Jekyll even better!"
        assert quote(release, avoid=description(release)) is None


def test_the_items_of_an_introduced_list_are_no_thread_detail():
    from smm_promote.captions.text import takeaways

    def section(heading: str, *blocks: tuple[str, str]) -> tuple[tuple[str, str], ...]:
        return (("heading", heading), *blocks)

    found = Post(
        url="https://b.example/p/",
        title="Const generics",
        headings=("Only simple constant expressions", "Type inference for arguments",
                  "Defaults for const parameters"),
        blocks=(
            *section(
                "Only simple constant expressions",
                ("text", "Currently, the only types that may be used as const arguments are:"),
                ("item", "A literal (i.e. an integer, bool, or character)."),
                ("text", "Const arguments must be fully concrete expressions known to the compiler."),
            ),
            *section("Type inference for arguments",
                     ("text", "The compiler infers a const argument from the array it is used with.")),
            *section("Defaults for const parameters",
                     ("text", "A const parameter may name a default value that callers can leave out.")),
        ),
    )  # fmt: skip
    # Not the list item that completes "…are:" (a fragment), but the sentence after it.
    assert takeaways(found)[0] == (
        "Only simple constant expressions",
        "Const arguments must be fully concrete expressions known to the compiler.",
    )


def test_a_list_of_bare_labels_carries_their_sentences():
    from smm_promote.captions.text import list_items

    labels = [
        ("A success story", "Material for MkDocs has more than 5 million downloads a month."),
        ("What's changing?", "The search moves into its own package."),
        ("Search and discovery", "Search is a cornerstone of any documentation site."),
    ]
    assert list_items(labels) == [
        "A success story: Material for MkDocs has more than 5 million downloads a month.",
        "What's changing? The search moves into its own package.",
        "Search and discovery: Search is a cornerstone of any documentation site.",
    ]
    headings = [
        ("Know who reads the blog before sharing", "Readers gather in a few places."),
        ("Share each post more than once a year", "Once is not enough."),
    ]
    # A long heading names what its section says without saying it: its sentence follows.
    assert list_items(headings) == [
        "Know who reads the blog before sharing: Readers gather in a few places.",
        "Share each post more than once a year: Once is not enough.",
    ]
    assert list_items([("混成器的前因後果和歷史回顧一覽", "混成器出現得很早。")]) == [
        "混成器的前因後果和歷史回顧一覽：混成器出現得很早。"
    ]


def test_a_thread_point_never_refers_back_and_a_reminder_says_nothing():
    from smm_promote.captions.text import takeaways

    leaning = "Each point in these graphs is the mean of the five runs of the benchmark."
    claim = "Both meshes had mutual TLS enabled and validated identity between all pods."
    found = Post(
        url="https://b.example/p/",
        title="Benchmarks",
        headings=("Features tested on both meshes", "Load generation for every service", "Latency results at each rate"),
        blocks=(
            ("heading", "Features tested on both meshes"), ("text", leaning), ("text", claim),
            ("heading", "Load generation for every service"),
            ("text", "A load generator sent a steady stream of requests to every service."),
            ("heading", "Latency results at each rate"),
            ("text", "The lighter proxy answered in half the time at every request rate."),
        ),
    )  # fmt: skip
    assert takeaways(found)[0] == ("Features tested on both meshes", claim)
    assert standalone.says_nothing(
        "Before we get started, just a quick reminder of our Linkerd Community Anchor Program.",
        "en",
    )


def test_a_thread_point_may_name_what_its_heading_shows():
    from smm_promote.captions.vocabulary import terms

    # Real sentences of the corpora under their headings.
    heading = "When will these amazing features be available in Linkerd?"
    sentence = (
        "We're already in late-stage prototype and design, and are currently estimating "
        "Linkerd 2.15 will arrive with these features early next year."
    )
    assert not standalone.refers_outside(sentence, "en", terms(heading, "en"))
    assert standalone.refers_outside(
        "The bars themselves represent Linkerd (blue), Istio (orange) and the baseline of no "
        "service mesh (yellow), as these graphs show.",
        "en",
        terms("What service mesh features were tested?", "en"),
    )


@pytest.mark.corpus
@same_worker("hugo-kubernetes-contributor-blog")
def test_an_announcement_on_the_posts_own_time_is_its_quote(corpora):
    kubernetes = corpus_posts("hugo-kubernetes-contributor-blog")
    [wg] = [p for p in kubernetes if p.source.endswith("/announcing-checkpoint-restore-wg.md")]
    with SiteSentences.of(kubernetes).in_use():
        # Was refused: "Today we…" read as the post speaking of itself. The summary now
        # states it, so a caption beside the summary avoids it.
        assert quote(wg) == (
            "Today we would like to announce the new Kubernetes Checkpoint Restore WG focusing "
            "on the integration of Checkpoint/Restore functionality into Kubernetes."
        )
        assert quote(wg, avoid=description(wg)) is None
