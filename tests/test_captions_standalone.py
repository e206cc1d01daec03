"""Summaries and quotes that read on their own: no site boilerplate, no thanks or sign-offs,
no sentence leaning on the one before it, CJK text joined without spaces, interview
questions passed over for their answers."""

from __future__ import annotations

from dataclasses import replace

import pytest

from smm_promote.captions import standalone
from smm_promote.captions.boilerplate import SiteSentences, sentence_key
from smm_promote.captions.text import description, join_sentences, quote, takeaways
from smm_promote.captions.vocabulary import terms
from smm_promote.model import Post
from smm_promote.sources.text import collapse_space, extract_html

INTRO = "Acme is a toolkit that helps everyone build reliable and efficient software."


def release(version: str, news: str) -> Post:
    return Post(
        url=f"https://b.example/acme-{version}/",
        title=f"Announcing Acme {version}",
        blocks=(
            ("text", INTRO),
            ("text", f"The Acme team is happy to announce a new version of Acme, {version}."),
            ("text", news),
        ),
    )


def test_a_sentence_many_posts_of_a_site_share_is_no_summary_or_quote():
    posts = [
        release("1.2.0", "The parser now reads nested tables twice as fast as before."),
        release("1.3.0", "Acme plugins now declare the configuration keys and values they accept."),
        release("1.4.0", "The command line tool prints a diff of every changed file now."),
    ]
    site = SiteSentences.of(posts)
    assert site.has(INTRO)
    # Numbers count as one: the announcement of each version is the same sentence.
    assert site.has("The Acme team is happy to announce a new version of Acme, 2.0.")
    assert not site.has("The parser now reads nested tables twice as fast as before.")
    assert description(posts[0]).startswith(INTRO)  # without the site, the first sentence
    with site.in_use():
        # The shared announcement with the post's own version is its news, read on into what
        # the release brings; the introduction every post shares is no part of it.
        assert description(posts[0]) == (
            "The Acme team is happy to announce a new version of Acme, 1.2.0. The parser now "
            "reads nested tables twice as fast as before."
        )
        # Said the same way in every post, the announcement is nobody's words to quote.
        assert (
            quote(posts[1])
            == "Acme plugins now declare the configuration keys and values they accept."
        )
    assert site.in_post(posts[2]) == tuple(
        sorted({sentence_key(INTRO), sentence_key("The Acme team is happy to announce a new "
                                                  "version of Acme, 9.9.")})
    )  # fmt: skip


def test_two_posts_sharing_a_sentence_is_no_boilerplate():
    posts = [release("1.2.0", "One thing."), release("1.3.0", "Another thing.")]
    assert not SiteSentences.of(posts).has(INTRO)


def test_thanks_greetings_and_sign_offs_say_nothing():
    for sentence in (
        "Thanks to the users who took the time to report the issues to us.",
        "Thanks for having me on, Mike!",
        "This is the fith weekly update from the KubeVirt team.",
        "We're super happy with the results and hope that this will help you as well.",
        "We'd like to give a big thanks to all the users who gave feedback on the old rule.",
        "We would like to thank everyone who tested the release candidates.",
        # A transition between sections says where the post goes next, nothing of its subject.
        "We have seen how to make the node unschedulable, now lets see how to re-enable it.",
        "On to the next step in the process: tokenization.",
        "Moving on to the configuration.",
    ):
        assert standalone.says_nothing(sentence, "en"), sentence
    assert standalone.says_nothing("謝謝大家的支持與鼓勵。", "zh-Hant")
    assert standalone.says_nothing("Merci à tous pour vos retours.", "fr")
    assert not standalone.says_nothing("Thankfully, the parser is fast.", "en")
    assert not standalone.says_nothing("We have seen a 40% drop in build times since 2.0.", "en")
    assert not standalone.says_nothing("The static site keeps working for decades.", "en")


def test_connectives_and_demonstratives_lean_on_the_sentence_before():
    for sentence, lang in (
        ("Instead, the converter now uses the sass-embedded gem.", "en"),
        ("Then, regular crashes of the Finder and Safari.", "en"),
        ("To address this issue, we can use a custom parser.", "en"),
        ("However, the cache is cold after a deploy.", "en"),
        ("“It works on every platform.", "en"),
        ("Let's first consider our canonical example, using the client.", "en"),
        ("Pour commencer une explication de la technologie RAID n'est pas superflu.", "fr"),
        ("上文介紹的只是I386平臺上C函數調用的標準模型。", "zh-Hant"),
        ("因此對於絕大多數I386平臺的C++編譯器而言，sizeof(int)=4。", "zh-Hant"),
        ("それでも、この方法は速い。", "ja"),
    ):
        assert standalone.leans_on(sentence, lang), sentence
    # The post speaking of itself is no connective ("Cet article…", "This post…").
    assert not standalone.leans_on("Cet article explique comment créer un espace RAID.", "fr")
    assert not standalone.leans_on("This post explains how a RAID array is rebuilt.", "en")
    assert not standalone.leans_on("Thistle grows on static sites.", "en")
    assert not standalone.leans_on("First-class support for feeds is here.", "en")
    assert standalone.points_back("幾乎所有的函數使用這種函數調用模型。", "zh-Hant")


def test_the_posts_own_time_and_what_exists_lean_on_nothing():
    for sentence, lang in (
        ("This year, Jekyll applied to be a part of Google Summer of Code.", "en"),
        ("These past few days I was working on the band's photo gallery.", "en"),
        ("There are tons of great new quality-of-life features in 3.3.", "en"),
        ("Cette année, le projet a rejoint le programme de mentorat.", "fr"),
        ("Es gibt viele Wege, einen Blog zu betreiben.", "de"),
    ):
        assert not standalone.leans_on(sentence, lang), sentence
    assert standalone.leans_on("There, the cache is warm.", "en")
    assert standalone.leans_on("Even worse, the wrong paths slow every lint.", "en")


def test_sentences_that_need_the_one_before_or_ask_for_a_vote():
    # The Rust 1.35 and PacVis thread parts these once opened on, and a Linkerd nomination.
    assert standalone.leans_on("With it, you can map and replace the value of the cell.", "en")
    assert standalone.leans_on("還可以點開軟件包，在右側的邊欄裏會有更詳細的信息。", "zh-Hant")
    assert standalone.leans_on("和上篇文章一樣，這篇也是來自一個知乎上我回答的問題。", "zh-Hant")
    assert standalone.refers_outside(
        "We've already mentioned the stabilization of the GlobalAlloc trait.", "en", frozenset()
    )
    assert standalone.calls_to_action("Submit your vote for the next Linkerd Hero!", "en")
    assert not standalone.leans_on("Without a cache, every build starts cold.", "en")


def test_words_naming_what_the_sentence_before_named():
    assert standalone.names_what_came_before("In 3.3, we're adding assets to that list.", "en")
    assert standalone.names_what_came_before("We'll post updates on these 3 flagship goals.", "en")
    assert standalone.names_what_came_before("這些限制讓編譯器更快。", "zh-Hant")
    # The near "this" is as often the post's own subject; the post speaking of itself too.
    assert not standalone.names_what_came_before("The purpose of this composition is zoom.", "en")
    assert not standalone.names_what_came_before("In this post I show these tricks.", "en")
    # What it names is right there: the heading above, or earlier in the same sentence.
    assert standalone.names_what_came_before("It marks a step forward in that direction.", "en")
    assert not standalone.names_what_came_before(
        "We estimate 2.15 will arrive with these features.", "en", terms("features", "en")
    )
    assert not standalone.names_what_came_before(
        "SPIFFE is a standard, and SPIRE is an implementation of that standard.", "en"
    )


def test_a_parenthesis_that_only_points_elsewhere_is_left_out():
    text = "I plugged the HP w2207h screen (see review #1 and review #2) into my laptop."
    assert standalone.without_cross_references(text, "en") == (
        "I plugged the HP w2207h screen into my laptop."
    )
    assert standalone.without_cross_references("Ça marche (voir plus bas).", "fr") == "Ça marche."
    kept = "The cache (a plain folder) stays warm."
    assert standalone.without_cross_references(kept, "en") == kept


def test_a_case_to_think_about_is_no_request():
    assert not standalone.calls_to_action(
        "Let's say you have two projects in two repositories.", "en"
    )
    assert not standalone.calls_to_action("Supposons que le serveur tombe en panne.", "fr")
    assert standalone.calls_to_action("Let's install the tool first.", "en")
    assert standalone.points_elsewhere("That's a topic I already addressed.", "en")
    assert standalone.points_elsewhere(
        "The official post contains a signed version with our PGP key, as well.", "en"
    )


@pytest.mark.parametrize(
    ("summary", "dated"),
    [
        ("Today we're excited to launch the new site. It is fast.", True),
        ("The upcoming Linkerd 2.10 release adds opaque ports.", True),
        ("I've just released WebPing under a GPL license.", True),
        ("Yesterday the index moved to a new host.", True),
        ("Linkerd 2.10 adds opaque ports for all TCP traffic.", False),
        ("", False),
    ],
)
def test_a_summary_of_its_own_day_makes_no_reshare(summary, dated):
    from smm_promote.captions import lead

    assert lead.of_its_day(summary, "en") is dated


def test_the_text_announcing_what_it_will_do():
    assert standalone.previews("We'll talk briefly about three ingress controllers.", "en")
    assert standalone.previews("In this article, we're going to build a standalone blog.", "en")
    assert not standalone.previews("This release adds support for JSON output.", "en")


def test_no_summary_opens_inside_its_paragraph_on_what_the_sentence_before_named():
    post = Post(
        url="https://b.example/themes/",
        title="Themes ship assets",
        blocks=(
            ("text", "3.2 included support for includes and layouts in gem-based themes. "
                     "In 3.3, we're adding assets to that list of files a theme carries."),
            ("text", "Any files you put into the assets folder of your theme will be read in."),
        ),
    )  # fmt: skip
    # The first sentence opens no summary (a number, no word, opens it): nor does the second,
    # whose "that list" is the first's.
    assert description(post) == (
        "Any files you put into the assets folder of your theme will be read in."
    )


def test_the_news_leads_a_summary_that_has_room_for_one_sentence():
    background = (
        "The Rust Project has been building up a good history of participating in various "
        "open-source mentorship programs, including Google Summer of Code for three years "
        "(including this year) and previously OSPP."
    )
    news = "We're happy to announce that this year we are also participating in Outreachy."
    post = Post(
        url="https://b.example/outreachy/",
        title="Rust is participating in Outreachy",
        blocks=(
            ("text", f"{background} {news}"),
            ("text", "Each of these mentorship programs has different criteria for eligibility."),
        ),
    )
    assert description(post, limit=230) == news
    # With room for both, the paragraph reads as written, and on.
    assert description(post, limit=400).startswith(f"{background} {news}")


def test_news_compared_with_earlier_news_opens_a_summary():
    news = (
        "Similar to our previous announcements of the Rust Project's participation in Google "
        "Summer of Code (GSoC), we are now announcing our participation in OSPP 2024."
    )
    post = Post(
        url="https://b.example/ospp/",
        title="Rust participates in OSPP 2024",
        blocks=(("text", f"{news} OSPP is a program organized by a Chinese academy."),),
    )
    assert description(post, limit=200) == news


def test_summary_opens_with_a_sentence_that_stands_alone():
    post = Post(
        url="https://b.example/mac/",
        title="MacOSX is irritating",
        blocks=(
            ("text", "Then, regular crashes of the Finder and Safari started to appear."),
            ("text", "My six months test period of Leopard is over for good now."),
            ("text", "Time to switch back to a Linux desktop at home and at work."),
        ),
    )
    assert description(post) == (
        "My six months test period of Leopard is over for good now. "
        "Time to switch back to a Linux desktop at home and at work."
    )


def test_the_post_as_the_subject_of_a_verb_of_telling_speaks_of_itself():
    for sentence in (
        "The article explained how to create a golden image using different tools.",
        "This tutorial shows how to deploy a cluster with three nodes.",
        "Our latest post covers the new scheduler in detail.",
        "On this blog post, we are going to deploy virtual machines with KubeVirt.",
        "In the first blogpost of the series the initial set up has been covered.",
    ):
        assert standalone.about_itself(sentence, "en"), sentence
    # The post's noun as no subject of telling, or a noun that is no post.
    for sentence in (
        "The post office closes early on Fridays in most of the country.",
        "The guide has been updated for the new release of the operator.",
        "The article by the security team lists every affected version.",
    ):
        assert not standalone.about_itself(sentence, "en"), sentence


def test_quote_never_leans_on_or_says_nothing():
    post = Post(
        url="https://b.example/sass/",
        title="Sass converter 3.0 drops the byte-order mark",
        blocks=(
            ("text", "Instead, the converter now uses the sass-embedded gem acting as an "
                     "interface to Dart Sass, the primary implementation."),
            ("text", "We're super happy with the results and hope that this release helps "
                     "you build your sites faster."),
            ("text", "The converter no longer emits a byte-order mark for the sassify and "
                     "scssify filters."),
        ),
    )  # fmt: skip
    assert quote(post) == (
        "The converter no longer emits a byte-order mark for the sassify and scssify filters."
    )


@pytest.mark.parametrize(
    ("title", "summary", "body"),
    [
        # It says nothing.
        ("This week in Acme 5", "This is the fifth weekly update from the Acme team.",
         "The scheduler now restarts failed jobs on another node."),
        # It is the title in other words.
        ("NA KubeCon 2019 - KubeVirt introduction by Steve Gordon and Chandrakanth Jakkidi",
         "KubeVirt Intro: Virtual Machines on Kubernetes - Steve Gordon & Chandrakanth Jakkidi",
         "KubeVirt runs virtual machines next to containers on any cluster."),
    ],
)  # fmt: skip
def test_a_summary_that_says_nothing_gives_way_to_the_body(title, summary, body):
    post = Post(url="https://b.example/p/", title=title, summary=summary,
                blocks=(("text", body),))  # fmt: skip
    assert description(post) == body
    # With nothing in the body to say instead, a summary that says something stays.
    if "KubeVirt" in title:
        assert description(replace(post, blocks=())) == summary


def test_a_long_summary_is_kept_to_its_first_sentences():
    sentence = "Checking out only the docs folder cut the build from thirty to two seconds. "
    post = Post(url="https://b.example/s/", title="Sparse checkout", summary=sentence * 8)
    assert description(post) == (sentence * 3).strip()
    assert len(description(post)) <= 300


def test_cjk_sentences_are_joined_without_a_space():
    assert join_sentences(["所有人都有了自己的博客。", "就像大家指出的。", "Then it ends."]) == (
        "所有人都有了自己的博客。就像大家指出的。 Then it ends."
    )
    assert join_sentences(["한국어 문장입니다.", "다음 문장."]) == "한국어 문장입니다. 다음 문장."


def test_line_breaks_between_cjk_characters_are_no_spaces():
    assert collapse_space("所有的\n極客們\n都\n有了") == "所有的極客們都有了"
    assert collapse_space("博客。\nPython 和\nRuby") == "博客。Python 和 Ruby"
    assert collapse_space("한국어\n문장") == "한국어 문장"
    assert collapse_space("wrapped\nline") == "wrapped line"
    html = '<p>似乎所有的\n<a href="#">極客們</a>\n<a href="#">都</a>\n有了 Octopress 博客。</p>'
    assert extract_html(html).blocks == (("text", "似乎所有的極客們都有了 Octopress 博客。"),)


def test_rst_markup_left_against_cjk_text_loses_its_backticks():
    html = "<p>然後把文章寫成ReST的格式，放在`pages`文件夾裏面。 In English `x` stays.</p>"
    assert extract_html(html).blocks == (
        ("text", "然後把文章寫成ReST的格式，放在pages文件夾裏面。 In English `x` stays."),
    )


def test_interview_questions_give_way_to_their_answers():
    blocks = []
    for topic in ("Primary goals and scope", "Skills new contributors learn", "Upcoming plans"):
        blocks += [
            ("heading", topic),
            ("text", f"Fyka: Could you tell us a bit about the {topic.lower()}?"),
            ("text", f"Kaslin: The {topic.lower()} are what the whole group works on."),
        ]
    post = Post(url="https://b.example/i/", title="Spotlight", blocks=tuple(blocks))
    assert takeaways(post) == [
        ("Primary goals and scope", "The primary goals and scope are what the whole group "
                                    "works on."),
        ("Skills new contributors learn", "The skills new contributors learn are what the "
                                          "whole group works on."),
        ("Upcoming plans", "The upcoming plans are what the whole group works on."),
    ]  # fmt: skip


def test_a_takeaway_is_the_sections_point_not_its_lead_in():
    blocks = (
        ("heading", "Some specific examples"),
        ("text", "We'll talk briefly about using three ingress controllers with the mesh. "
                 "Emissary-ingress is a Kubernetes-native, self-service API gateway."),
        ("heading", "The upcoming roadmap"),
        ("text", "The 2.8 release marks a major step forward in that direction. "
                 "The next releases extend mutual TLS to every connection."),
        ("heading", "Mesh expansion on virtual machines"),
        ("text", "Mesh expansion runs the data plane outside the Kubernetes cluster."),
    )  # fmt: skip
    post = Post(url="https://b.example/m/", title="A mesh release", blocks=blocks)
    assert takeaways(post) == [
        ("Some specific examples", "Emissary-ingress is a Kubernetes-native, self-service "
                                   "API gateway."),
        ("The upcoming roadmap", "The next releases extend mutual TLS to every connection."),
        ("Mesh expansion on virtual machines", "Mesh expansion runs the data plane outside "
                                               "the Kubernetes cluster."),
    ]  # fmt: skip


def test_a_summary_ends_where_its_section_ends():
    post = Post(
        url="https://b.example/r/",
        title="Rust 1.80.1",
        blocks=(
            ("text", "Rust 1.80.1 fixes two regressions that were recently reported."),
            ("heading", "Miscompilation of floating point comparisons"),
            ("text", "In addition to the optimizations of LLVM, rustc is growing its own set."),
        ),
    )
    assert description(post) == "Rust 1.80.1 fixes two regressions that were recently reported."
