"""Summaries, quotes and thread parts that read on their own, on real posts of the corpora
(read in place, with each corpus's boilerplate in use as the pipeline has it)."""

from __future__ import annotations

import pytest

from smm_promote.captions.boilerplate import SiteSentences
from smm_promote.captions.compose import captions_for
from smm_promote.captions.text import description, quote, takeaways
from smm_promote.config import Config
from smm_promote.errors import Problems
from smm_promote.model import Post
from tests.corpus_support import corpus_posts, corpus_sentences, same_worker

RUST = "toml-zola-rust-blog"
JEKYLL = "jekyll-project-news-posts"
FARSEERFC = "pelican-farseerfc-multilingual-rst"
MATERIAL = "mkdocs-material-official-blog"
KUBERNETES = "hugo-kubernetes-contributor-blog"
ELEVENTY = "eleventy-11ty-website-blog"
KUBEVIRT = "jekyll-kubevirt-blog"
KEVIN = "pelican-kevin-deldycke-blog"


def post_of(corpus: str, path_end: str, lang: str | None = None) -> Post:
    [post] = [
        p
        for p in corpus_posts(corpus)
        if p.source.endswith(path_end) and (lang is None or (p.lang or "").startswith(lang))
    ]
    return post


def site(corpus: str) -> SiteSentences:
    return corpus_sentences(corpus)


@pytest.mark.corpus
@same_worker(RUST)
def test_rust_release_posts_skip_the_blogs_boilerplate(corpora):
    rust = site(RUST)
    assert rust.has(
        "Rust is a programming language empowering everyone to build reliable and efficient "
        "software."
    )
    assert rust.has("The Rust team is happy to announce a new version of Rust, 1.93.0.")
    with rust.in_use():
        # "This release…" speaks of the post's subject: a fair summary opener.
        assert description(post_of(RUST, "content/Rust-1.36.0.md")) == (
            "This release brings many changes, including the stabilization of the Future "
            "trait, the alloc crate, the MaybeUninit<T> type, NLL for Rust 2015, a new "
            "HashMap<K, V> implementation, and --offline support in Cargo."
        )
        latest = post_of(RUST, "content/Rust-1.93.0.md")
        assert description(latest).startswith(
            "The various *-linux-musl targets now all ship with musl 1.2.5."
        )
        # Its boilerplate is no quote; the rest of its opening is the summary: none.
        assert quote(latest, avoid=description(latest)) is None


@pytest.mark.corpus
@same_worker(JEKYLL)
def test_jekyll_release_summary_is_no_thanks_or_postscript(corpora):
    with site(JEKYLL).in_use():
        # Hello, a list, thanks, a sign-off and a P.S.: nothing that summarises 4.3.1.
        assert description(post_of(JEKYLL, "2022-10-26-jekyll-4-3-1-released.markdown")) == ""
        sass = post_of(JEKYLL, "2022-12-21-jekyll-sass-converter-3.0-released.markdown")
        # "Instead, the converter now uses…" needs the sentence before it, and "In v2.x, the
        # Converter allowed…" is background from a section after the opening: no quote.
        assert quote(sass, avoid=description(sass)) is None


@pytest.mark.corpus
@same_worker(ELEVENTY)
def test_podcast_note_that_only_thanks_gets_no_summary(corpora):
    with site(ELEVENTY).in_use():
        assert description(post_of(ELEVENTY, "2023-11-29-static-feedback.md")) == ""


@pytest.mark.corpus
@same_worker(KUBEVIRT)
def test_weekly_update_description_that_says_nothing_is_not_the_summary(corpora):
    weekly = post_of(KUBEVIRT, "2017-10-06-This-Week-in-Kube-Virt-5.markdown")
    assert weekly.summary == "This is the fith weekly update from the KubeVirt team."
    with site(KUBEVIRT).in_use():
        assert description(weekly) == ""


@pytest.mark.corpus
@same_worker(KUBEVIRT)
def test_a_quote_never_speaks_of_the_post_itself(corpora):
    # Not "The article explained how to create a golden image using different tools such as
    # Builder Tool and virt-customize." nor "On this blog post, we are going to deploy…".
    with site(KUBEVIRT).in_use():
        assert (
            quote(post_of(KUBEVIRT, "2020-12-10-Customizing-images-for-containerized-vms.md"))
            is None
        )
        assert quote(post_of(KUBEVIRT, "2018-06-21-Run-Istio-with-kubevirt.markdown")) is None


@pytest.mark.corpus
@same_worker(KEVIN)
def test_summary_and_quote_do_not_open_with_a_connective(corpora):
    with site(KEVIN).in_use():
        assert description(post_of(KEVIN, "macosx-is-irritating.md")) == (
            "My 6 months test period of Leopard is over. Time to switch back to a Linux/KDE "
            "desktop."
        )
        raid = post_of(KEVIN, "creer-un-espace-de-stockage-fiable-avec-raid-5-et-lvm-sous-linux.md")
        # "Cet article explique comment…" is the post speaking of itself: its topic is the
        # summary.
        assert description(raid).startswith("Comment créer un espace de stockage redondant")
        # "Pour commencer une explication…" leans on what comes next, and "Nous voulons créer
        # une matrice RAID 5…" is a step of a section after the opening: no quote.
        assert quote(raid, avoid=description(raid)) is None


@pytest.mark.corpus
@same_worker(FARSEERFC)
def test_chinese_summaries_stand_alone_and_join_without_spaces(corpora):
    with site(FARSEERFC).in_use():
        layout = post_of(FARSEERFC, "import/c-tricks-2-2-i386-memory-layout.zh.rst", "zh")
        # "因此…" (therefore) continues the sentence it follows, never opens the summary.
        assert description(layout) == (
            "衆所周知，I386是32位體系結構。因此對於絕大多數I386平臺的C++編譯器而言，"
            "sizeof(int)=sizeof(long)=sizeof(void*)=4。當然C++標準對此沒有任何保證，"
            "我們也不應該試圖編寫依賴於此的代碼。"
        )
        # "上文介紹的…" (as described above) opens the post: no summary from the body.
        calls = post_of(FARSEERFC, "import/c-tricks-2-7-i386-calling-conventions.zh.rst", "zh")
        assert description(calls) == ""


@pytest.mark.corpus
@same_worker(FARSEERFC)
def test_rst_line_breaks_and_backticks_in_chinese_text(corpora):
    post = post_of(FARSEERFC, "tech/try-pelican.zh.rst", "zh")
    blocks = [text for _, text in post.blocks]
    # Source lines broken around links, between Chinese characters: no spaces there.
    assert blocks[0].startswith(
        "似乎一夜之間所有的極客們都有了自己的 Github主頁和 Octopress 博客。"
    )
    # `pages` written against Chinese characters, which reST leaves as typed.
    assert "然後把文章寫成ReST的格式，放在pages文件夾裏面。(重新)生成只要：" in blocks


@pytest.mark.corpus
@same_worker(MATERIAL)
def test_linkedin_summary_is_a_few_sentences_not_the_whole_excerpt(corpora):
    post = post_of(MATERIAL, "git-sparse-checkout.md")
    assert len(post.summary) > 800  # the text before its excerpt marker
    config = Config.from_mapping({"site_url": "https://blog.example.com"})
    [caption] = captions_for(
        post, config, platforms=["linkedin"], variants=["summary"], problems=Problems()
    )
    assert caption.text.split("\n\n")[0] == (
        "Leveraging git sparse-checkout in GitHub Actions enabled us to speed up documentation "
        "builds in our repository, cutting checkout times from 20 to 30 seconds to just 2 "
        "seconds."
    )


@pytest.mark.corpus
@same_worker(KUBERNETES)
def test_interview_thread_parts_are_answers_not_questions(corpora):
    spotlight = post_of(KUBERNETES, "2023/sig-contribex-spotlight.md")
    points = takeaways(spotlight)
    assert points[:2] == [
        ("Primary goals and scope", "SIG ContribEx's primary goals are to simplify the "
                                    "contributions of Kubernetes contributors and foster a "
                                    "welcoming community."),
        ("Beginner's guide!", "A good option is to join SIG ContribEx as it offers great "
                              "opportunities to know and serve the community."),
    ]  # fmt: skip
    # No question, no speaker's label, no advice to the reader ("If you want to…").
    assert not any(d.startswith(("Fyka:", "Kaslin:", "If you")) for _, d in points)
