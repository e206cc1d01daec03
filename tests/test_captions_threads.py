"""Thread replies are whole sentences: never cut with "…" inside one, and numbered after the
points that do not fit are left out."""

from __future__ import annotations

import dataclasses
from datetime import UTC

import pytest

from smm_promote.captions.threads import thread
from tests.corpus_support import corpus_captions, corpus_posts, same_worker


def test_a_reply_keeps_whole_sentences_or_is_left_out():
    def ok(text):
        return len(text) <= 80

    points = [
        ("Point one", "First sentence here. Second sentence is much longer than the limit allows."),
        ("A point that is far too long to fit with a sentence of detail after it", "Detail."),
        ("Three", "Ok."),
    ]
    parts, first = thread("Title", points, [], [], ok)
    assert parts == ["1/3 Title 🧵", "2/3 Point one\n\nFirst sentence here.", "3/3 Three\n\nOk."]
    assert first.warnings == ["left out point 2: it does not fit"]
    assert first.shortened


@pytest.mark.corpus
@same_worker("mkdocs-material-official-blog")
def test_no_reply_is_cut_inside_a_sentence(corpora):
    posts = corpus_posts("mkdocs-material-official-blog")
    at = next(i for i, post in enumerate(posts) if post.source.endswith("/mkdocs-2.0.md"))
    x = next(c for c in corpus_captions("mkdocs-material-official-blog")[at]
             if c.platform == "x" and c.variant == "takeaways")  # fmt: skip
    assert [part.split("\n\n")[0] for part in x.parts] == [
        "1/3 What MkDocs 2.0 means for your documentation projects 🧵",
        "2/3 What's changing in MkDocs 2.0",
        # Its sentence is neither "All of this isn't coming…" nor "The moment we learned
        # about these plans…" (both refer to the text before).
        "3/3 We raised concerns early",
    ]
    assert not [part for part in x.parts if "…" in part]


def test_a_refused_thread_says_whether_the_headings_were_refused():
    from smm_promote.captions.words import PostWords, missing

    refused = PostWords("T", "", None, "", (), "", "", headings=4)
    assert missing("takeaways", refused) == (
        "fewer than 3 of the post's 4 headings say something with a sentence of its language "
        "under them (introduction, conclusion, references, bare names and one-word headings "
        "do not), and it has no list of points"
    )
    bare = PostWords("T", "", None, "", (), "", "")
    assert missing("takeaways", bare) == "the post has no headings or list items to list"
    listed = PostWords("T", "", None, "", (), "", "", items=5)
    assert missing("takeaways", listed) == (
        'the post has no headings, and none of its 5 list items reads "Label: a sentence." '
        "with a label that says something (two words that are not function words)"
    )
    both = PostWords("T", "", None, "", (), "", "", headings=2, items=5)
    assert missing("takeaways", both).endswith(
        'and none of its 5 list items reads "Label: a sentence." with a label that says something'
    )


def test_a_post_with_lists_and_no_headings_is_refused_for_its_items():
    from smm_promote.captions.phrases import phrases_for
    from smm_promote.captions.words import missing, post_words
    from smm_promote.model import Post

    post = Post(
        url="u",
        title="Shopping",
        blocks=(("item", "Apples"), ("item", "Pears"), ("text", "We went shopping today.")),
    )
    assert missing("takeaways", post_words(post, phrases_for("en"))) == (
        'the post has no headings, and none of its 2 list items reads "Label: a sentence." '
        "with a label that says something (two words that are not function words)"
    )


def _release(blocks, title="Announcing Widget 2.4", lang="en"):
    from datetime import datetime

    from smm_promote.model import Post

    return Post(
        url="u",
        title=title,
        lang=lang,
        date=datetime(2024, 5, 2, tzinfo=UTC),
        blocks=tuple(blocks),
    )


def test_a_part_says_what_is_now_not_the_old_state_or_a_plan():
    from smm_promote.captions.text import takeaways

    post = _release(
        [
            ("text", "Widget 2.4 is out today with three changes for every user of the tool."),
            ("heading", "Faster incremental builds"),
            ("text", "Previously, Widget rebuilt every page whenever a single file changed."),
            ("text", "Builds now only render the pages whose sources changed since the last run."),
            ("heading", "Async plugin hooks"),
            ("text", "In Widget 2.2, we announced that plugins could register hooks of their own."),
            ("text", "Hooks may now be async functions that the build awaits in parallel."),
            ("heading", "Lifetimes for templates"),
            ("text", "We plan to backport it to the Widget 1.x series at a later date."),
            ("text", "Templates declare how long their cached output stays valid for readers."),
            ("heading", "Domain working groups"),
            ("text", "Last week we announced a new iteration of the project's web site."),
        ]
    )
    assert takeaways(post) == [
        (
            "Faster incremental builds",
            "Builds now only render the pages whose sources changed since the last run.",
        ),
        (
            "Async plugin hooks",
            "Hooks may now be async functions that the build awaits in parallel.",
        ),
        (
            "Lifetimes for templates",
            "Templates declare how long their cached output stays valid for readers.",
        ),
    ]


def test_a_later_version_or_the_titles_own_is_no_old_state():
    from smm_promote.captions.text import takeaways

    blocks = [("text", "Widget 2.4 is out today with three changes for every user of the tool.")]
    for n, opening in enumerate(
        ["In Widget 2.4, builds", "In Widget 3.1, builds", "Since 2.0 builds"]
    ):
        blocks += [
            ("heading", f"Change number {n} for builds"),
            ("text", f"{opening} render only the pages whose sources changed since the last run."),
        ]
    assert [detail.split(" builds")[0] for _, detail in takeaways(_release(blocks))] == [
        "In Widget 2.4,",
        "In Widget 3.1,",
        "Since 2.0",
    ]


def test_a_to_be_continued_is_no_part_in_chinese():
    from smm_promote.captions.standalone import of_another_time

    assert of_another_time("關於 X 中混成器的實現方式和限制，且聽我下回分解。", "zh")
    assert of_another_time("Auparavant, il fallait tout reconstruire à chaque fois.", "fr")
    assert of_another_time("The previous release, Rust 1.39.0, changes these warnings.", "en")
    assert not of_another_time("混成器把每個窗口畫到自己的緩衝區裏，再合成到屏幕上。", "zh")


def test_one_sections_labelled_list_is_not_the_posts_points():
    from smm_promote.captions.text import takeaways

    features = [
        (
            "item",
            "Resource Viewer: Graphically visualize relationships between objects in a cluster.",
        ),
        ("item", "Port Forward: Forward a local port to a running pod with a single button."),
        ("item", "Log Stream: View log streams of pod and container activity in one place."),
    ]
    opening = [
        ("text", "We looked at five user interfaces for running virtual machines on a cluster."),
        ("text", "Each of them was installed and tried against the same cluster for a week."),
        ("text", "This is what we found about the web consoles that exist today for it."),
    ]
    between = _release(
        [*opening, ("heading", "Octant"), *features, ("heading", "Cockpit"), ("text", "Cockpit.")],
        title="User interface options",
    )
    assert takeaways(between) == []
    # The same list as the post's own opening is its points.
    listed = _release([*opening, *features, ("heading", "Cockpit"), ("text", "Cockpit.")])
    assert [point for point, _ in takeaways(listed)] == [
        "Resource Viewer",
        "Port Forward",
        "Log Stream",
    ]


@pytest.mark.corpus
@same_worker("toml-zola-rust-blog")
def test_a_release_threads_parts_say_what_is_new_not_what_was(corpora):
    from smm_promote.captions.text import _opens_earlier, takeaways

    posts = corpus_posts("toml-zola-rust-blog")
    found = {post.source.rsplit("/", 1)[-1]: post for post in posts}
    points = dict(takeaways(found["Rust-1.39.0.md"]))
    # Not "Previously in Rust 1.36.0, we announced that the Future trait is here."
    assert points["The .await is over, async fns are here"] == "A promise made is a promise kept."
    # Not "Previously, Rust would forbid taking shared references…" (the section says no
    # more that stands alone) nor "In the 1.36.0 release, we announced that NLL had come…".
    assert "References to by-move bindings in match guards" not in points
    assert not [d for d in points.values() if d.startswith(("Previously", "In the 1.36.0"))]
    rust_2018 = dict(takeaways(found["Rust-1.31-and-rust-2018.md"]))
    # Not "We plan to backport it to Rust 2015 at a later date." nor "Last week we announced…".
    assert "Non-lexical lifetimes" not in rust_2018
    assert "Domain working groups" not in rust_2018
    # A patch release's sections speak of its own line's release: "In Rust 1.41.0, …" is no
    # earlier time. Its two sections under "What's in 1.41.1 stable" (the release's own
    # contents, no point) are too few for a thread.
    patch = found["Rust-1.41.1.md"]
    assert not _opens_earlier(
        "In Rust 1.41.0, due to some changes in the internal representation of static values, "
        "the borrow checker accidentally allowed some unsound programs.",
        patch,
    )
    assert takeaways(patch) == []


@pytest.mark.corpus
@same_worker("jekyll-kubevirt-blog")
def test_one_tools_feature_list_is_not_a_comparisons_thread(corpora):
    from smm_promote.captions.text import takeaways

    posts = corpus_posts("jekyll-kubevirt-blog")
    ui = next(p for p in posts if p.source.endswith("/2019-12-17-KubeVirt_UI_options.md"))
    # Octant's "Resource Viewer: …", "Port Forward: …" bullets under "## Octant" are one
    # tool's, not the post's user-interface options.
    assert takeaways(ui) == []


def test_a_sections_sentence_never_comes_from_its_siblings_section():
    from smm_promote.captions.text import takeaways

    blocks = [
        ("text", "Widget 2.4 is out today with three changes for every user of the tool."),
        ("heading", "Faster incremental builds"),
        ("text", "Builds now only render the pages whose sources changed since the last run."),
        ("heading", "Tool lints"),
        ("text", "Tool attributes work."),
        ("heading", "Documentation"),
        ("text", "The book on the website is now updated with each release of the tool."),
        ("heading", "Async plugin hooks"),
        ("text", "Hooks may now be async functions that the build awaits in parallel."),
        ("heading", "Details"),
        ("text", "Each hook gets the page and the site it belongs to as its arguments."),
        ("heading", "Cached template output"),
        ("text", "Templates declare how long their cached output stays valid for readers."),
    ]
    flat = _release(blocks)
    # Without levels, "Tool lints" reads on past "Documentation", which says nothing.
    assert dict(takeaways(flat))["Tool lints"].startswith("The book on the website")
    leveled = dataclasses.replace(flat, heading_levels=(2, 2, 2, 2, 3, 2))
    assert [point for point, _ in takeaways(leveled)] == [
        "Faster incremental builds",
        "Async plugin hooks",
        "Cached template output",
    ]
    # A sub-heading that says nothing is still part of its parent's section.
    hooks = dataclasses.replace(
        flat,
        blocks=tuple(
            b
            for b in blocks
            if b[1] != "Hooks may now be async functions that the build awaits in parallel."
        ),
        heading_levels=(2, 2, 2, 2, 3, 2),
    )
    assert dict(takeaways(hooks))["Async plugin hooks"].startswith("Each hook gets the page")


def test_the_reader_gives_each_headings_level():
    from smm_promote.sources.text import extract_html

    found = extract_html(
        "<h2>One</h2><p>a</p><h3>Two</h3><blockquote><h4>Q</h4></blockquote><h2>Three</h2>"
    )
    assert [text for kind, text in found.blocks if kind == "heading"] == ["One", "Two", "Three"]
    assert found.heading_levels == (2, 3, 2)


def test_a_plans_heading_and_a_leaning_answer_are_no_point():
    from smm_promote.captions.text import says_something, takeaways

    assert not says_something("What's next for Linkerd?", "en")
    assert not says_something("Future work", "en")
    assert not says_something("Prochaines étapes", "fr")
    assert says_something("Planning the next release", "en")
    blocks = [("text", "Widget 2.4 is out today with three changes for every user of the tool.")]
    for n in range(3):
        blocks += [
            ("heading", f"Migration warnings are hard errors {n}"),
            ("text", "If so, the errors would instead become warnings for every crate."),
            ("text", f"Code the old checker accepted by mistake no longer compiles, case {n}."),
        ]
    blocks += [
        ("heading", "What's next for Widget?"),
        ("text", "The momentum behind it astounds us."),
    ]
    assert takeaways(_release(blocks)) == [
        (
            f"Migration warnings are hard errors {n}",
            f"Code the old checker accepted by mistake no longer compiles, case {n}.",
        )
        for n in range(3)
    ]


def test_a_part_is_no_bio_lead_in_or_sentence_that_leans_back():
    from smm_promote.captions.text import takeaways

    post = _release(
        [
            ("text", "Widget 2.4 is out today with three changes for every user of the tool."),
            ("heading", "Meet the build team"),
            ("text", "Alex: Thank you for the time, tell us about your role in the project."),
            ("text", "Sam: I am a Distinguished Engineer at Example Corp."),
            ("text", "The build team owns the incremental renderer and its cache."),
            ("heading", "Faster incremental builds"),
            ("text", "Putting it all together, here's how a build runs when a file changes."),
            ("text", "Builds now only render the pages whose sources changed since the last run."),
            ("heading", "Async plugin hooks"),
            ("text", "Plugins register their hooks in two different ways:"),
            ("text", "The first is taken care of by the loader before the build starts."),
            ("text", "The second, though, is more complex and needs the scheduler."),
            ("text", "Hooks may now be async functions that the build awaits in parallel."),
            ("heading", "Lint rules for templates"),
            ("text", "Some of those rules are made redundant by the template compiler."),
            ("text", "Similar to the hooks, template linting was lacking in older releases."),
            ("text", "Templates declare how long their cached output stays valid for readers."),
        ]
    )
    assert takeaways(post) == [
        (
            "Faster incremental builds",
            "Builds now only render the pages whose sources changed since the last run.",
        ),
        (
            "Async plugin hooks",
            "Hooks may now be async functions that the build awaits in parallel.",
        ),
        (
            "Lint rules for templates",
            "Templates declare how long their cached output stays valid for readers.",
        ),
    ]


@pytest.mark.parametrize(
    ("lang", "bio", "ordinal"),
    [
        ("fr", "Je suis un ingénieur chez Exemple.", "Le premier est géré par le chargeur."),
        ("de", "Ich bin ein Ingenieur bei Beispiel.", "Der erste ist Sache des Laders."),
        ("es", "Soy un ingeniero en Ejemplo.", "El primero es cosa del cargador."),
        ("de", "Ich arbeite bei Beispiel als Entwickler.", "Wie bei Hugo wird jede Seite gebaut."),
        ("zh", "我是一名在示例公司工作的工程師。", "後者由載入器在建置開始前處理。"),
        ("ja", "私の名前は山田で、技術者です。", "後者はビルドの前にローダーが処理します。"),
    ],
)
def test_a_bio_line_and_an_ordinal_are_no_part_in_other_languages(lang, bio, ordinal):
    from smm_promote.captions import standalone

    assert standalone.personal_history(bio, lang)
    assert standalone.leans_on(ordinal, lang)


@pytest.mark.corpus
@same_worker("hugo-kubernetes-contributor-blog")
def test_an_interviews_bio_line_is_no_part(corpora):
    from smm_promote.captions.text import takeaways

    posts = corpus_posts("hugo-kubernetes-contributor-blog")
    found = {post.source.rsplit("/", 1)[-1]: post for post in posts}
    points = dict(takeaways(found["wg-device-management-spotlight.md"]))
    # Not "I am a Distinguished Engineer at NVIDIA." (the interviewee's self-introduction).
    assert "Introducing Device Management" not in points
    assert list(points) == [
        "A cross-SIG effort",
        "Current focus areas",
        "Real-world impact",
        "Challenges and trade-offs",
    ]
    # "I am a SIG etcd Tech Lead…" after the interviewer's opening line: the SIG's story
    # leaves two points, no thread.
    assert takeaways(found["sig-etcd-spotlight.md"]) == []


@pytest.mark.corpus
@same_worker("hugo-linkerd-blog")
def test_an_ordinal_and_a_recap_lead_in_are_no_part(corpora):
    from smm_promote.captions.text import takeaways

    posts = corpus_posts("hugo-linkerd-blog")
    startup = next(p for p in posts if p.source.endswith("/1201-startup-deep-dive/index.md"))
    points = dict(takeaways(startup))
    # Not "Putting it all together, here's how Kubernetes handles things…".
    assert points["Kubernetes Pod Startup"] == "Find a Node to run the new Pod."
    # Not "The first is taken care of…" nor "The second, though, is more complex…".
    assert "Kubernetes with Linkerd" not in points


@pytest.mark.corpus
@same_worker("mkdocs-material-pypi-hatch-blogs")
def test_a_comparison_with_another_section_is_no_part(corpora):
    from smm_promote.captions.text import takeaways

    posts = corpus_posts("mkdocs-material-pypi-hatch-blogs")
    audit = next(
        p for p in posts if p.source.endswith("2023-11-14-3-security-audit-remediation-cabotage.md")
    )
    points = dict(takeaways(audit))
    # Not "Similar to TOB-PYPI-3, dependency management for cabotage was lacking.": the
    # section's own remediation.
    assert points["TOB-PYPI-22: Unused dependencies in cabotage"] == (
        "By adopting pip-tools to compile and pin dependencies, only the projects necessary "
        "are installed (diff)."
    )
    assert not [d for d in points.values() if d.startswith("Similar to")]


def test_a_furniture_label_before_a_subtitle_is_no_point():
    from smm_promote.captions.text import says_something

    assert not says_something("Recap: Type-Only Imports and Exports", "en")
    assert not says_something("前言: 新天新地，將一切都更新了", "zh")
    assert not says_something("Conclusion : ce qui change", "fr")
    assert says_something("Software 1.0: Introduction to Validations in Pydantic", "en")
    assert says_something("Step 1: Install the tool", "en")


@pytest.mark.corpus
@same_worker("pelican-farseerfc-multilingual-rst")
def test_a_preface_with_a_subtitle_is_no_point(corpora):
    from smm_promote.captions.text import takeaways

    posts = corpus_posts("pelican-farseerfc-multilingual-rst")
    redesign = next(p for p in posts if p.source.endswith("/redesign-pelican-theme.zh.rst"))
    points = dict(takeaways(redesign))
    # Not the preface's "不知不覺間放任這邊長草很久了…".
    assert "前言: 新天新地，將一切都更新了" not in points
    # Not "至於具體它會覆蓋哪些 Pelican 的配置，請參閱它的 README.md文件 。" (leans on the
    # sentence before and points at a README).
    # The section's sentence naming most of its heading ("插件", "Pelican"; no character
    # pair holding a particle such as "的優" counts).
    assert points["插件: 發揮 Pelican 和 reStructuredText 的優勢"] == (
        "不誇張的說 Pelican 3.4 支持的新插件 API 和站內鏈接功能基本上就是爲了配合這個插件的。"
    )


def test_one_hyphenated_word_is_no_point_a_code_name_may_be():
    from smm_promote.captions.text import says_something

    assert not says_something("SIG-compute", "en")
    assert not says_something("Pre-requisites", "en")
    assert not says_something("--sbom-spec-version", "en")
    assert says_something("What is the WG-prioritization?", "en")
    assert says_something("core::hint::black_box", "en")


@pytest.mark.corpus
@same_worker("jekyll-kubevirt-blog")
def test_a_release_told_by_its_sigs_makes_no_thread(corpora):
    posts = corpus_posts("jekyll-kubevirt-blog")
    for name in ("2023-11-07-Announcing-KubeVirt-v1-1.md", "2023-07-11-KubeVirt-v1-has-landed.md"):
        at = next(i for i, post in enumerate(posts) if post.source.endswith(name))
        # "SIG-compute: SIG-compute covers the core functionality of KubeVirt." and four
        # more of the same are no thread: the planner takes another variant.
        assert [
            c for c in corpus_captions("jekyll-kubevirt-blog")[at] if c.variant == "takeaways"
        ] == []


def test_a_dot_alone_is_a_symbol_not_a_sentence_end():
    from smm_promote.captions.text import sentences

    assert sentences("Names containing /, :, or . are dropped by bash. The fix is out.") == [
        "Names containing /, :, or . are dropped by bash.",
        "The fix is out.",
    ]
    assert sentences("He joined SIG ContribEx . He stayed.") == [
        "He joined SIG ContribEx .",
        "He stayed.",
    ]


@pytest.mark.parametrize(
    ("sentence", "lang"),
    [
        ("Beyond that, 19 functions were made const fns.", "en"),
        ("The reason is that it was very unclear what the correct path forward was.", "en"),
        ("We therefore promoted the option to its stable name in v8.", "en"),
        ("The templates follow the same review process as mentioned earlier.", "en"),
        ("Open vscode and select the folder you created in the last step.", "en"),
        ("Once the images have been published, the jobs end.", "en"),
        ("If it does, then it will create ServiceMonitors for every component.", "en"),
        ("At that point everything broke loose.", "en"),
        ("For the next step, we created a prow job to query the GitHub REST API.", "en"),
        ("The goals we've highlighted represent the most impactful areas we aim to address.", "en"),
        ("可惜的是它與__cdecl不兼容。", "zh"),
        ("好啦，開始享受透明計算技術吧！", "zh"),
        ("我們來設身處地地作爲編譯器，看一遍到底發生了什麼。", "zh"),
    ],
)
def test_a_sentence_that_leans_on_the_text_before_is_no_part(sentence, lang):
    from smm_promote.captions import standalone

    assert not standalone.stands_alone(sentence, lang) or standalone.refers_back(sentence, lang)


@pytest.mark.parametrize(
    ("sentence", "lang"),
    [
        ("Maybe we could work on how we print out the context.", "en"),
        ("Although monitoring it is not covered here, deploy the operator first.", "en"),
        ("雖然可能有很多人不知道，不過 Chrome 內包括遠程桌面的功能很久了。", "zh"),
        # A walk through a user interface.
        ("The form shows two checkboxes that cannot be deselected.", "en"),
        ("When Notes opens the file, you'll be prompted by several dialogs.", "en"),
    ],
)
def test_a_guess_a_concession_or_a_ui_step_is_beside_the_point(sentence, lang):
    from smm_promote.captions import standalone

    assert standalone.beside_the_point(sentence, lang)
    assert not standalone.beside_the_point("Perhaps the most critical aspect: reviews.", "en")


@pytest.mark.corpus
@same_worker("toml-zola-rust-blog")
def test_a_release_threads_parts_lean_on_no_earlier_text(corpora):
    posts = corpus_posts("toml-zola-rust-blog")
    at = next(i for i, post in enumerate(posts) if post.source.endswith("/Rust-1.32.0.md"))
    x = next(c for c in corpus_captions("toml-zola-rust-blog")[at]
             if c.platform == "x" and c.variant == "takeaways")  # fmt: skip
    # Not "Maybe we could work on how we print out the context…" under "The dbg macro", nor
    # "Beyond that, 19 functions were made const fns…" under "Library stabilizations".
    # Nor "What's in 1.32.0 stable": the release's own contents, whose sub-headings are its
    # points.
    assert x.parts[1:] == (
        "2/5 The dbg macro\n\nWe simply wrap each of the various expressions we want to print "
        "with the macro.",
        "3/5 jemalloc is removed by default\n\nLong, long ago, Rust had a large, Erlang-like "
        "runtime.",
        "4/5 Final module improvements\n\nWe have one last tweak landing in 1.32.0 and the 2018 "
        "edition.",
        "5/5 Macro improvements\n\nA few improvements to macros have landed in Rust 1.32.0.",
    )


@pytest.mark.corpus
@same_worker("pelican-farseerfc-multilingual-rst")
def test_a_chinese_heading_that_is_the_title_or_a_step_is_no_point(corpora):
    from smm_promote.captions.text import says_something, takeaways

    posts = corpus_posts("pelican-farseerfc-multilingual-rst")
    found = {post.source.rsplit("/", 1)[-1]: post for post in posts}
    # "2 I386平臺的內存佈局" is the title after its series' label ("C++ Tricks 2.2"), "7 " a
    # section number; the two headings left make no thread.
    assert takeaways(found["c-tricks-2-2-i386-memory-layout.zh.rst"]) == []
    assert takeaways(found["c-tricks-2-7-i386-calling-conventions.zh.rst"]) == []
    # "首先看ff的情況。" and "再來看f的情況。" are steps of a walk-through, "我的解答"'s
    # sentence a lead-in ("我們來…").
    assert takeaways(found["discuss-cpp-template-downcast.zh.rst"]) == []
    # Not the appendix's "Composite tutorial 這是另一篇介紹…的博文".
    assert [point for point, _ in takeaways(found["compositor-in-X-and-compositext.zh.rst"])] == [
        "原始的 X 的繪圖模型",
        "輸入事件的重定向，這可能做到麼？",
        "Composite 擴展的不足",
    ]
    assert not says_something("附錄：擴展閱讀", "zh")
    assert not says_something("Questions and Answers", "en")


@pytest.mark.corpus
@same_worker("docusaurus-tseslint-pnpm-blogs")
def test_a_part_is_not_cut_at_a_dot_named_in_it(corpora):
    from smm_promote.captions.text import takeaways

    posts = corpus_posts("docusaurus-tseslint-pnpm-blogs")
    release = next(p for p in posts if p.source.endswith("/releases/11.10.md"))
    assert dict(takeaways(release))["The _auth setting for CI"] == (
        "The env form sidesteps a long-standing limitation: environment variable names "
        "containing /, :, or . are silently dropped by GitHub Actions, bash, and zsh, which "
        "broke the existing pnpm_config_//host/:_authToken=… form."
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "Test your application in the new cluster.",
        "Wait for the two VMs to be ready.",
        "You will see the automated check lists and details.",
        "A new VNC Viewer window will open and you should now see the install screen.",
    ],
)
def test_a_step_of_a_walk_through_is_no_point(sentence):
    from smm_promote.captions.text import makes_a_point

    assert not makes_a_point(sentence, _release([]))


@pytest.mark.corpus
@same_worker("hugo-kubernetes-contributor-blog")
def test_two_sentences_run_together_or_a_shout_out_are_no_part(corpora):
    from smm_promote.captions import standalone
    from smm_promote.captions.text import takeaways

    posts = corpus_posts("hugo-kubernetes-contributor-blog")
    feed = next(p for p in posts if p.source.endswith("Official-CVE-Feed/index.md"))
    # Not "The Prow job is defined in a kubernetes/infra configuration file The shell
    # script…": the stop went with the link that ended the line.
    assert "Prow Configuration" not in dict(takeaways(feed))
    assert standalone.says_nothing("A special mention goes to Kamil, one of our experts.", "en")


def test_a_thread_shares_four_points_unless_the_title_counts_them():
    from smm_promote.captions.words import SHARED_POINTS, _counts_its_points

    assert SHARED_POINTS == 4
    assert _counts_its_points("5 Effective Steps In Social Media Marketing", 5)
    assert not _counts_its_points("5 Effective Steps In Social Media Marketing", 6)
    assert not _counts_its_points("Announcing Rust 1.32.0", 1)  # a version counts nothing
    assert not _counts_its_points("Top tips for 2024", 2)
    assert not _counts_its_points("Announcing typescript-eslint v6 Beta", 6)


def test_a_step_or_call_to_action_heading_is_no_point():
    from smm_promote.captions.standalone import walkthrough_heading
    from smm_promote.captions.text import takeaways

    post = _release(
        [
            ("text", "Widget 2.4 is out today with three changes for every user of the tool."),
            ("heading", "Faster incremental builds"),
            ("text", "Builds render only the pages whose sources changed since the last run."),
            ("heading", "Installation"),
            ("text", "Widget 2.4 ships as a single binary for each of the supported platforms."),
            ("heading", "Async plugin hooks"),
            ("text", "Hooks may be async functions that the build awaits in parallel."),
            ("heading", "How to vote"),
            ("text", "Each maintainer casts a ballot for the features of the next release."),
            ("heading", "Template lifetimes"),
            ("text", "Templates declare how long their cached output stays valid for readers."),
        ]
    )
    assert takeaways(post) == [
        (
            "Faster incremental builds",
            "Builds render only the pages whose sources changed since the last run.",
        ),
        ("Async plugin hooks", "Hooks may be async functions that the build awaits in parallel."),
        (
            "Template lifetimes",
            "Templates declare how long their cached output stays valid for readers.",
        ),
    ]
    headings = [
        "Install Linkerd's CLI",
        "Installing KubeVirt and setting up storage",
        "Operator installation",
        "Upgrading",
        "Gateway API and Upgrading",
        "How to vote",
        "Nominate your hero",
        "Join us",
        "Submit a talk",
        "Contribute",
        "This sounds cool, how can I get involved?",
    ]
    assert [h for h in headings if not walkthrough_heading(h, "en")] == []
    points = ["Upgrade to musl 1.2", "Updating GitHub Actions", "Download Stats", "cargo install"]
    assert [h for h in points if walkthrough_heading(h, "en")] == []


def test_a_how_to_of_step_sections_has_no_takeaways():
    from smm_promote.captions.text import takeaways

    steps = [
        ("heading", "A cluster of three nodes"),
        ("text", "We need to create a cluster with three nodes before anything else."),
        ("heading", "The service mesh"),
        ("text", "First, install the mesh's command line tool on your own machine."),
        ("heading", "The demo application"),
        ("text", "Run the following command to deploy the demo application to the cluster."),
        ("heading", "What the dashboard shows"),
        ("text", "The dashboard shows the success rate of every service of the demo."),
    ]
    assert takeaways(_release(steps, title="Meshing a demo")) == []
    # One step among four sections is a post that shows a command, not a how-to.
    told = [
        ("heading", "A cluster of three nodes"),
        ("text", "Clusters of three nodes keep serving traffic when they lose one node."),
        ("heading", "The service mesh"),
        ("text", "The mesh's proxies add mutual TLS between every pair of services."),
        *steps[4:],
    ]
    assert [point for point, _ in takeaways(_release(told, title="Meshing a demo"))] == [
        "A cluster of three nodes",
        "The service mesh",
        "What the dashboard shows",
    ]


def test_a_release_contents_heading_and_the_old_state_are_no_point():
    from smm_promote.captions.text import takeaways

    post = _release(
        [
            ("text", "Widget 2.4 is out today with three changes for every user of the tool."),
            ("heading", "What's in 2.4 stable"),
            ("text", "Widget 2.4 brings faster builds, async hooks and template lifetimes."),
            ("heading", "Faster incremental builds"),
            ("text", "Widget would rebuild every page whenever a single file changed."),
            ("text", "Now builds render the pages whose sources changed, and those alone."),
            ("text", "Large sites build in seconds where they took minutes."),
            ("heading", "Async plugin hooks"),
            ("heading", "Before v2.4"),
            ("text", "Plugins registered synchronous hooks that blocked the whole build."),
            ("heading", "After v2.4"),
            ("text", "Hooks may be async functions that the build awaits in parallel."),
            ("heading", "Template lifetimes"),
            ("text", "Templates declare how long their cached output stays valid for readers."),
        ]
    )
    assert takeaways(post) == [
        (
            "Faster incremental builds",
            "Large sites build in seconds where they took minutes.",
        ),
        ("Async plugin hooks", "Hooks may be async functions that the build awaits in parallel."),
        (
            "Template lifetimes",
            "Templates declare how long their cached output stays valid for readers.",
        ),
    ]
    # Another version's contents are a point of their own.
    beta = [("heading", "What's in 2.5 beta"), ("text", "The beta tries a new cache format.")]
    assert takeaways(_release([*post.blocks[:1], *beta, *post.blocks[3:]]))[0] == (
        "What's in 2.5 beta",
        "The beta tries a new cache format.",
    )


@pytest.mark.corpus
@same_worker("hugo-linkerd-blog")
def test_a_how_to_makes_no_thread_and_a_releases_upgrade_section_is_no_part(corpora):
    from smm_promote.captions.plaintext import post_blocks
    from smm_promote.captions.text import is_how_to, takeaways

    posts = corpus_posts("hugo-linkerd-blog")
    found = {post.source.rsplit("/", 2)[-2]: post for post in posts}
    ruby = found["0202-debugging-ruby-services-in-kubernetes-with-linkerd"]
    # "Step 1 — Install the demo app", "We'll start by installing…", "In this step, we'll
    # install…": steps to follow, no points to take away.
    assert is_how_to(post_blocks(ruby), ruby)
    assert takeaways(ruby) == []
    roundup = found["1208-edge-release-roundup"]
    # Not "Gateway API and Upgrading": the next release's section takes its place.
    assert [point for point, _ in takeaways(roundup)] == [
        "Recommendations and breaking changes",
        "edge-25.11.3 (November 27, 2025)",
        "edge-25.11.2 (November 20, 2025)",
        "edge-25.10.7 (October 29, 2025)",
        "edge-25.10.6 (October 23, 2025)",
        "edge-25.10.5 (October 20, 2025)",
        "edge-25.10.4 (October 16, 2025)",
    ]


@pytest.mark.corpus
@same_worker("jekyll-kubevirt-blog")
def test_a_releases_upgrade_section_and_a_how_tos_steps_are_no_part(corpora):
    from smm_promote.captions.text import takeaways

    posts = corpus_posts("jekyll-kubevirt-blog")
    found = {post.source.rsplit("/", 1)[-1]: post for post in posts}
    beta = dict(takeaways(found["2026-07-10-Beta-Features-On-By-Default-In-v1-9.md"]))
    assert "Upgrading from v1.7 (or older) to v1.9" not in beta
    # Not "All Beta feature gates were disabled by default.", the old state before "…now…".
    assert beta["What Changes in Practice?"] == "All Beta feature gates are enabled by default."
    vgpu = next(name for name in found if name.endswith("intel-vgpu-kubevirt.md"))
    assert takeaways(found[vgpu]) == []
