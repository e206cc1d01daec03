"""The summary opens on the post's point on real posts of the corpora: the news after the
background, no greeting, repost note or negative aside, the post's topic for the post
describing itself."""

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
    post_of,
    site,
)

INSTRUCTOR = "mkdocs-material-instructor-blog"
RUST = "toml-zola-rust-blog"
LINKERD = "hugo-linkerd-blog"
PYPI = "mkdocs-material-pypi-hatch-blogs"


def summary_of(corpus: str, path_end: str, lang: str | None = None) -> str:
    with site(corpus).in_use():
        return description(post_of(corpus, path_end, lang))


@pytest.mark.corpus
@same_worker(KUBERNETES)
def test_kubernetes_summaries_are_the_news_after_the_background(corpora):
    # Not "Since the inception of the Kubernetes release team, we have used a spreadsheet…".
    assert summary_of(KUBERNETES, "2022/enhancements-process-update.md") == (
        "Starting with the 1.26 release, we are replacing the enhancements tracking spreadsheet "
        "with an automated GitHub project board."
    )  # "The board is populated…" is under the next heading: another subject.
    # Not "The community around Kubernetes includes a number of Special Interest Groups…".
    assert summary_of(KUBERNETES, "2026/announcing-checkpoint-restore-wg.md") == (
        "Today we would like to announce the new Kubernetes Checkpoint Restore WG focusing on "
        "the integration of Checkpoint/Restore functionality into Kubernetes."
    )
    # Not "In our ongoing SIG Spotlight series, we dive into the heart of the project…".
    assert summary_of(KUBERNETES, "2025/sig-apps-spotlight.md") == (
        "This time, we focus on SIG Apps, the group responsible for everything related to "
        "developing, deploying, and operating applications on Kubernetes."
    )
    # Not "The world of cryptography is on the cusp of a major shift with the advent of…".
    assert summary_of(KUBERNETES, "2025/pqc-in-k8s/pqc-in-k8s.md").startswith(
        "In this article, I'll dive into what PQC means for TLS and, more specifically, for the "
        "Kubernetes ecosystem."
    )


@pytest.mark.corpus
@same_worker(JEKYLL)
def test_jekyll_release_summaries(corpora):
    # "Greetings Jekyllers, …": the greeting goes, the news stays.
    assert summary_of(JEKYLL, "2025-01-27-jekyll-4-4-0-released.markdown") == (
        "Jekyll v4.4.0 has been published!"
    )
    # "Nothing new in the way of features…" and "Depending on whether you use…": no point of
    # the release, and nothing else of their openings stands alone: no summary.
    assert summary_of(JEKYLL, "2023-12-27-jekyll-4-3-3-released.markdown") == ""
    assert summary_of(JEKYLL, "2023-01-20-jekyll-4-3-2-released.markdown") == ""


@pytest.mark.corpus
@same_worker(FARSEERFC)
def test_farseerfc_summary_without_its_import_note(corpora):
    # Not "導入自 renren 據說是…": the note that the post was imported from renren goes.
    assert summary_of(FARSEERFC, "import/sine-cpu.zh.rst") == (
        "據說是一道微軟的面試題。如題，寫程序，讓Windows的任務管理器中的性能監視器呈現正弦曲線。"
    )


@pytest.mark.corpus
@same_worker(KUBEVIRT)
def test_kubevirt_summaries_about_the_post(corpora):
    # "The post describes how to use kubevirt vagrant provider" is the title again (no
    # sentence, the title's terms): the body says more.
    assert summary_of(KUBEVIRT, "2019-06-04-Kubevirt-vagrant-provider.markdown").startswith(
        "Vagrant is a command line utility for managing the lifecycle of virtual machines."
    )
    # "In this blogpost, we talk about the presentation…": the body says what the video holds.
    assert summary_of(KUBEVIRT, "2020-02-06-KubeVirt_deep_dive-virtualized_gpu_workloads.md") == (
        "In this video, David and Vishesh explore the architecture behind KubeVirt and how "
        "NVIDIA is leveraging that architecture to power GPU workloads on Kubernetes."
    )
    # "This blog post outlines the core set of design decisions…" with a body opening on
    # background ("Back in 2017…"): the post's summary as written.
    assert summary_of(KUBEVIRT, "2020-04-28-KubeVirt-Architecture-Fundamentals.md") == (
        "This blog post outlines the core set of design decisions that shaped KubeVirt into "
        "what it is today."
    )


@pytest.mark.corpus
@same_worker(KEVIN)
def test_kevin_how_to_says_its_topic(corpora):
    # Not "The nfs-utils package provide a daemon…", a detail between two steps.
    assert summary_of(KEVIN, "2007/quick-how-to-install-nfs-server-client.md") == (
        "How to setup a machine as a NFS server and an other one as a client. This example was "
        "written based on my experiences on Mandriva, but all commands should almost be the "
        "same for other distributions."
    )


@pytest.mark.corpus
@same_worker(INSTRUCTOR)
def test_instructor_announcement_is_the_launch(corpora):
    # Not "Over the past 10 months, we've build up instructor…".
    assert summary_of(INSTRUCTOR, "posts/version-1.md") == (
        "I'm excited to launch version 1.0.0 which cleans up the api w.r.t. typing without "
        "compromising the ease of use."
    )


@pytest.mark.corpus
@same_worker(LINKERD)
def test_linkerd_summaries_after_the_background(corpora):
    # Not "The past few months have seen a continued interest…": what the article does, and
    # the questions it takes up; not "Building a modern, high-performance Rust network proxy…"
    # of the next section.
    assert summary_of(LINKERD, "0902-the-roadmap-for-linkerd-proxy/index.md") == (
        "In this article, I want to look into the future: what do the upcoming months and "
        "years have in store for Linkerd's proxy? And how can you get involved?"
    )
    # Not "Over the past 18 months, the adoption of Linkerd has skyrocketed…".
    assert summary_of(LINKERD, "0823-announcing-linkerd-2-14/index.md") == (
        "Today, we're happy to announce the release of Linkerd 2.14 with improved support for "
        "multi-cluster deployments on shared flat networks, full Gateway API conformance, and "
        "much more."
    )


@pytest.mark.corpus
@same_worker(RUST)
def test_rust_call_for_blogposts_is_the_call(corpora):
    # Not "Last month, we published a blogpost about our accomplishments in 2017…".
    assert summary_of(RUST, "new-years-rust-a-call-for-community-blogposts.md") == (
        "Starting today and running until the end of January we'd like to ask the community "
        "to write blogposts reflecting on Rust in 2017 and proposing goals and directions for "
        "Rust in 2018."
    )


@pytest.mark.corpus
@same_worker(ELEVENTY)
def test_eleventy_summaries_skip_words_about_the_writing_and_reach_this_weeks_news(corpora):
    # "Yes, it took me a long while to add this to the blog…" clears the throat, and the
    # next sentence introduces a picture (a colon at its end): no summary.
    assert summary_of(ELEVENTY, "2020-05-27-jamstack-survey.md") == ""
    # "Last week marked…" reads on to the news of this week, so it stays as written.
    assert summary_of(ELEVENTY, "2023-01-24-bbv8.md") == (
        "Last week marked the first beta release of Eleventy’s new v2.0 version. This week "
        "we’ve spent a little time updating our eleventy-base-blog project to the latest "
        "version and added a few new features too."
    )


@pytest.mark.corpus
@same_worker(LINKERD)
def test_linkerd_benchmark_summary_is_its_finding_not_the_earlier_benchmark(corpora):
    # Not "Two years ago, the fine folks at Kinvolk benchmarked…".
    assert summary_of(LINKERD, "2021/0527-linkerd-vs-istio-benchmarks/index.md") == (
        "Our results show that Linkerd not only remains dramatically faster than Istio, but "
        "now also consumes an order of magnitude less data plane memory and CPU while doing so."
    )


@pytest.mark.corpus
@same_worker(ELEVENTY)
def test_news_on_the_posts_own_time_reads_on_from_the_opening(corpora):
    # "This week we've launched…" names the post's time and states its news: no filler.
    assert summary_of(ELEVENTY, "2024-02-23-conference-cfp.md") == (
        "The 11ty International Symposium on Making Web Sites Real Good is happening on May 9, "
        "2024 and we’ve been humbled by the response so far: 881 people already registered! "
        "This week we’ve launched the open call for talk proposals."
    )


@pytest.mark.corpus
@same_worker(RUST)
def test_rust_release_formula_is_the_news_unless_a_paragraph_tells_what_the_release_brings(
    corpora,
):
    # Every rustup post opens on the same announcement, each with its own version: the
    # post's news, not boilerplate (not "At the same time, we have granted … alumni
    # status…").
    assert summary_of(RUST, "content/Rustup-1.27.0.md") == (
        "The rustup team is happy to announce the release of rustup version 1.27.0."
    )
    # Not "As you may know, rustc uses LLVM as a compiler backend.": the paragraph under
    # "What's in 1.45.0 stable" tells what it brings ("There are…" leans on nothing).
    assert summary_of(RUST, "content/Rust-1.45.0.md") == (
        "There are two big changes to be aware of in Rust 1.45.0: a fix for some long-standing "
        "unsoundness when casting between integers and floats, and the stabilization of the "
        "final feature needed for one of the more popular web frameworks to work on stable Rust."
    )
    # A paragraph opening on the release says more than the formula.
    assert summary_of(RUST, "content/Rust-1.94.0.md") == (
        "Rust 1.94 adds array_windows, an iterating method for slices. It works just like "
        "windows but with a constant length, so the iterator items are &[T; N] rather than "
        "dynamically-sized &[T]. In many cases, the window length may even be inferred by how "
        "the iterator is used!"
    )
    # Not "In order to bring Rustup closer into line with Cargo's behaviour… for that file.",
    # which leans on the sentence before it in its paragraph.
    assert summary_of(RUST, "content/Rustup-1.24.0.md") == (
        "Rustup's component unpacker has been changed to have a smaller memory footprint when "
        "unpacking large components. This should permit users of memory-constrained systems "
        "such as some Raspberry Pi systems to install newer Rust toolchains which contain "
        "particularly large files."
    )


@pytest.mark.corpus
@same_worker(RUST)
def test_rust_bare_release_formula_gives_way_to_the_paragraph_after_its_boilerplate(corpora):
    # The formula names only the title's version: under the title it tells nothing, the
    # paragraph after the install instructions (under "What's in 1.29.1 stable") does.
    assert summary_of(RUST, "content/Rust-1.29.1.md") == (
        "A security vulnerability was found in the standard library where if a large number "
        "was passed to str::repeat it could cause a buffer overflow after an integer overflow."
    )
    # Its paragraph opens on the release ("This release is fairly minor."), too short to
    # open a summary: its first sentence that may.
    assert summary_of(RUST, "content/Rust-1.43.0.md") == (
        "We have some new stabilized APIs, some compiler performance improvements, and a small "
        "macro-related feature."
    )
    # "As usual, Rust 1.18.0 is a collection of improvements, cleanups, and new features."
    # introduces the next paragraph.
    assert summary_of(RUST, "content/Rust-1.18.md") == (
        "One of the largest changes is a long time coming: core team members Carol Nichols and "
        'Steve Klabnik have been writing a new edition of "The Rust Programming Language", '
        "the official book about Rust. It's being written openly on GitHub, and has over a "
        "hundred contributors in total."
    )
    # The first paragraph is under one feature's heading ("Custom exit codes from main") and
    # is its background ("In the beginning, Rust main functions could only return…"); in
    # 1.65.0 it is an aside ("Before going into the details of the new Rust release, we'd
    # like to draw attention to…"); in 1.26.0 background ("The past few releases have had
    # a steady stream…", then "…however, …"): the formula.
    for source, version in (("1.61.0", "1.61.0"), ("1.65.0", "1.65.0"), ("1.26", "1.26.0")):
        assert summary_of(RUST, f"content/Rust-{source}.md") == (
            f"The Rust team is happy to announce a new version of Rust, {version}."
        )


@pytest.mark.corpus
@same_worker(LINKERD)
def test_linkerd_summaries_open_on_the_titles_release(corpora):
    # Not "Linkerd is the smallest, simplest service mesh in the world. Since Linkerd 2.0…".
    assert summary_of(LINKERD, "0301-linkerd-210-and-extensions/index.md") == (
        "In Linkerd 2.10, we've stripped down Linkerd's default control plane install to a "
        "bare-bones deployment, without the Prometheus, Grafana, dashboard, and other "
        "non-critical components that previously shipped by default."
    )
    # The site's announcement reads on into what the release brings (not "This release
    # includes contributions from folks at Attest, Buoyant…").
    assert summary_of(LINKERD, "0212-announcing-linkerd-2-2/index.md") == (
        "Today we're very happy to announce the release of Linkerd 2.2. This major release "
        "introduces automatic request retries and timeouts, and graduates auto-inject to be a "
        "fully-supported (non-experimental) feature."
    )
    # "In Linkerd 2.2 we introduced retries…" opens a section of a post on their design: the
    # opening stays the summary.
    assert summary_of(LINKERD, "0222-how-we-designed-retries-in-linkerd-2-2/index.md") == (
        "Retries are a fundamental mechanism for handling partial or transient failures in a "
        "distributed system. But retries can also be dangerous—if done poorly, they can "
        "rapidly escalate a small error into a system-wide outage."
    )


@pytest.mark.corpus
@same_worker(JEKYLL)
def test_a_short_line_naming_the_titles_release_is_the_news(corpora):
    # Not "Alright, so with the high points out of the way, let's get into the details…".
    assert summary_of(JEKYLL, "2019-08-19-jekyll-4-0-0-released.markdown") == (
        "Jekyll 4.0.0 is finally here!"
    )


@pytest.mark.corpus
@same_worker(KEVIN)
def test_kevin_release_posts_open_on_the_release(corpora):
    # Not "Read the full changelog here .".
    assert summary_of(KEVIN, "2016/maildir-deduplicate-200-released.md") == (
        "Just released maildir-deduplicate v2.0.0!"
    )
    # Naming the title's version, the first sentence is the news: not "The 1.4 will be the
    # last version.", which names it first.
    assert summary_of(KEVIN, "e107-importer-plugin-wordpress-v1-4-released.md") == (
        "I just released the version 1.4 of my e107 Importer plugin for WordPress."
    )


def quote_of(corpus: str, path_end: str) -> str | None:
    with site(corpus).in_use():
        post = post_of(corpus, path_end)
        return quote(post, avoid=description(post))


@pytest.mark.corpus
@same_worker(KUBERNETES)
def test_kubernetes_quote_is_not_a_date_before_the_post(corpora):
    # Not "In May 2020, the Kubernetes node special interest group ("SIG Node") organized…".
    assert quote_of(KUBERNETES, "2022-02-16-sig-node-ci-subproject-celebrates/index.md") == (
        "When we started, Node test jobs only passed 42% of the time, and through our efforts, "
        "we now ensure a consistent >90% job pass rate."
    )


@pytest.mark.corpus
@same_worker(RUST)
def test_rust_quote_may_name_an_editions_year(corpora):
    # "2018 Edition" is a name, not a time before the post: the quote stays.
    assert quote_of(RUST, "content/4-Years-Of-Rust.md") == (
        "Even with the changes from last year’s 2018 Edition, Rust is still very recognizable "
        "as what it was in 2015."
    )


@pytest.mark.corpus
@same_worker(PYPI)
def test_pypi_quote_dated_before_the_post_that_states_the_news(corpora):
    # An earlier date opens it, but it announces the post's news: a quote still.
    assert quote_of(PYPI, "2026-04-16-pypi-completes-second-audit.md") == (
        "In 2023 PyPI completed its first security audit, and I am proud to announce that we "
        "have now completed our second external security audit."
    )


@pytest.mark.corpus
@same_worker(INSTRUCTOR)
def test_a_link_paragraph_never_ends_a_summary(corpora):
    # Not "…with language models. Watch the youtube video": the line under it is a link.
    with site(INSTRUCTOR).in_use():
        found = description(post_of(INSTRUCTOR, "posts/pydantic-is-still-all-you-need.md"), 600)
    assert found == (
        'A year ago, I gave a talk titled "Pydantic: All You Need" that kickstarted my Twitter '
        "career. Today, I'm back to reaffirm that message and share what I've learned in the "
        "past year about using structured outputs with language models."
    )
    # Not "…April 28, 2026. We're improving how developers collaborate…": a button's text.
    with site(ELEVENTY).in_use():
        found = description(post_of(ELEVENTY, "2026-04-21-collaborative-editing.md"), 600)
    assert found == (
        "After a whoopsie-daisy false-start on our initial Kickstarter campaign, we’re ramping "
        "up again to launch Kickstarter Final_FINAL_v2 on April 28, 2026."
    )


@pytest.mark.corpus
@same_worker(FARSEERFC)
def test_a_sentence_pointing_at_the_text_around_opens_no_summary(corpora):
    # "處理到這句的時候…" ("when it gets to this line…") leans on the code before it.
    assert summary_of(FARSEERFC, "tech/discuss-cpp-template-downcast.zh.rst") == ""


@pytest.mark.corpus
@same_worker(LINKERD)
def test_linkerd_question_opens_with_its_short_answer(corpora):
    # Not "Does a service mesh need design principles?" alone: its answer is two words.
    assert summary_of(LINKERD, "0429-design-principles/index.md") == (
        "Does a service mesh need design principles? We think so. We built Linkerd 2.0 around "
        "three core principles that are designed to reduce the operational cost---especially "
        "for human beings---of running a service mesh."
    )


@pytest.mark.corpus
@same_worker(RUST)
def test_rust_summaries_end_on_no_question(corpora):
    assert summary_of(RUST, "A-call-for-blogs-2020.md") == (
        "What will Rust development look like in 2020? That's partially up to you!"
    )
    # Not "…rather than unwind. Why would you want to do this?": the answer is not in it.
    assert summary_of(RUST, "Rust-1.10.md") == (
        "Rust 1.10 contains one of the most-requested features in Rust: through the -C "
        "panic=abort flag or a setting in your Cargo.toml, when a panic! happens, it will abort "
        "rather than unwind."
    )


@pytest.mark.corpus
@same_worker(KUBERNETES)
def test_kubernetes_questions_unanswered_in_the_summary_open_none(corpora):
    # Not "…but have you ever wondered how cloud providers can do that? How does this whole
    # process…?", nor "To answer that, let's put the spotlight on…".
    assert summary_of(KUBERNETES, "2024/sig-cloud-provider-spotlight.md") == (
        "SIG Cloud Provider works to create seamless integrations between Kubernetes and "
        "various cloud providers."
    )


@pytest.mark.corpus
@same_worker(JEKYLL)
def test_a_summary_opens_on_the_posts_own_time_not_on_that_list(corpora):
    # Not "Students were able to propose any project…" with the sentence naming GSoC left out.
    assert summary_of(
        JEKYLL, "2016-06-03-update-on-jekyll-s-google-summer-of-code-projects.markdown"
    ) == (
        "This year, Jekyll applied to be a part of Google Summer of Code. "
        "Students were able to propose any project related to Jekyll."
    )
    # Not "In 3.3, we're adding assets to that list." (the list is the sentence before's).
    assert summary_of(JEKYLL, "2016-10-06-jekyll-3-3-is-here.md") == (
        "There are tons of great new quality-of-life features you can use in 3.3."
    )
