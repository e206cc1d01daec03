"""The sentence a summary or quote is: never an author's bio, a call to action, an
interview's speaker turn, a changelog entry or a sentence leaning on the one before."""

from __future__ import annotations

from dataclasses import replace

from smm_promote.captions import standalone
from smm_promote.captions.phrases import phrases_for
from smm_promote.captions.text import about_author, description, is_change_entry, is_dialogue, quote
from smm_promote.captions.words import missing, post_words
from smm_promote.model import Author, Post

CLAIM = "Signed uploads were rarely verified, so the index no longer accepts new signatures."


def post(*blocks: tuple[str, str], authors: tuple[Author, ...] = (), lang: str = "en") -> Post:
    return Post(
        url="https://b.example/p/",
        title="Removing signed uploads",
        blocks=blocks,
        authors=authors,
        lang=lang,
    )


def test_a_bio_of_the_author_is_no_quote_or_summary():
    bio = "Donald Stufft is a PyPI administrator and maintainer of the index since 2013."
    author = (Author(name="Donald Stufft", key="dstufft"),)
    found = post(("text", bio), ("text", CLAIM), authors=author)
    assert about_author(bio, found) and about_author(f"_{bio}_", found)
    assert not about_author(CLAIM, found)
    assert description(found) == CLAIM
    assert quote(found) == CLAIM
    # A bio is a bio whoever the person: with no author known, the sentence is still refused.
    assert description(post(("text", bio), ("text", CLAIM))) == CLAIM
    # A product's name is no person's ("Material for MkDocs is a…" has a lower-case word).
    product = "Material for MkDocs is a theme that turns plain Markdown into a documentation site."
    assert description(post(("text", product))) == product


def test_calls_to_action_are_no_quote_or_summary():
    asks = [
        "Please use the upgrade helper to log breaking changes that apply to your project.",
        "We also have our Talk forum for those of you with general questions about tasks.",
        "Join us on the community Slack to talk about the next release and its plans.",
        "Let us know what you think about the new release and what you would like next.",
        "Get the sector number where the partition starts and the size of its sectors.",
        "You will need a Kubernetes cluster running with the operator installed on it.",
        "If you want to meet the new members, join us for the session at the summit next week.",
    ]
    for sentence in asks:
        assert standalone.calls_to_action(sentence, "en"), sentence
        assert quote(post(("text", sentence))) is None, sentence
        assert description(post(("text", sentence))) == "", sentence
    assert not standalone.calls_to_action(CLAIM, "en")
    assert standalone.calls_to_action("請在下方留言告訴我們你的想法，我們會認真閱讀每一條。", "zh")
    assert standalone.calls_to_action("N'hésitez pas à nous écrire sur notre forum.", "fr")


def test_a_speaker_turn_of_an_interview_is_no_quote_or_summary():
    greeting = "Frederico (FSM): Hello Madhav, thank you for your availability."
    answer = "CS: The idea for the Book Club sprang from a casual suggestion during a livestream."
    intro = "The code organization subproject keeps the dependencies and the Go versions current."
    assert is_dialogue(greeting) and is_dialogue(answer) and is_dialogue("MJ: Sure, thanks.")
    assert not is_dialogue(intro) and not is_dialogue(CLAIM)
    found = post(("text", intro), ("text", greeting), ("text", answer), ("text", CLAIM))
    # The summary stops where the conversation starts; the quote skips the turns.
    assert description(found) == intro
    assert quote(found, avoid=intro) == CLAIM
    assert quote(post(("text", answer))) is None


def test_changelog_entries_are_no_quote():
    entries = [
        "Fixes bug where the server would stop processing templates after an error (#2123).",
        "Added a new option to the serve command that keeps the output folder in place.",
        "The watcher no longer stops after a compilation error in one of the templates, !345",
    ]
    for entry in entries:
        assert is_change_entry(entry, "en"), entry
        assert quote(post(("item", entry))) is None, entry
    assert not is_change_entry(CLAIM, "en")
    assert is_change_entry("修復了在監視模式下編譯錯誤後停止處理模板的問題。", "zh")
    assert quote(post(("item", CLAIM))) == CLAIM


def test_sentences_that_answer_or_conclude_lean_on_the_text_before():
    for sentence, lang in [
        ("Because recent versions of Git don't allow dates with less than nine digits.", "en"),
        ("可見，嚴格的區分左值右值可以從語法分析的角度找出程序的邏輯錯誤。", "zh"),
        ("因爲神創論主張意志的存在，因此在神創論者的眼中事件的結果是可以改變的。", "zh"),
        ("根據左值右值的第二定義，值的左右性就是值的常量性。", "zh"),
        ("舉個例子，git有非常完美的branch系統。", "zh"),
        ("Parce que Git refuse désormais les dates de moins de neuf chiffres.", "fr"),
        ("Weil Git keine kurzen Datumsangaben mehr annimmt, schlägt der Import fehl.", "de"),
    ]:
        assert not standalone.stands_alone(sentence, lang), sentence
    assert standalone.points_back(
        "The conditions necessary to cause this bug are highly unlikely to occur.", "en"
    )
    assert standalone.says_nothing(
        "We are so grateful to all of you for helping to put together a terrific release.", "en"
    )


def test_a_refusal_says_why():
    asks = post(
        ("text", "Please use the upgrade helper to log breaking changes that apply to you.")
    )
    found = post_words(asks, phrases_for("en"))
    assert (found.description, found.quote) == ("", None)
    assert missing("summary", found) == (
        "the post has no summary, and none of its opening sentences in its language stands "
        "alone and says something (thanks, instructions, bios and dialogue do not)"
    )
    assert missing("quote", found) == (
        "no sentence of 60-200 characters in its language reads well on its own and is on "
        "the title's subject, sharing two of its words (thanks, instructions, bios, "
        "dialogue, changelog entries and details off the title do not)"
    )


def test_a_summary_of_its_own_day_is_refused_for_reshares():
    launch = post(("text", "Today we're excited to launch the new search, built for speed."))
    found = post_words(launch, phrases_for("en"))
    assert found.description.startswith("Today we're excited")  # the page's description
    assert missing("summary", found).startswith("its summary speaks as news on the post's own day")


def test_an_archive_share_leaves_out_a_description_of_its_own_time():
    from smm_promote.captions.compose import captions_for
    from smm_promote.config import Config
    from smm_promote.errors import Problems

    config = Config.from_mapping({"site_url": "https://b.example"})
    for opening, kept in (
        ("Yesterday we released the new search, built for speed.", False),
        ("Last week, the team rebuilt the search index from scratch.", False),
        ("The search index is rebuilt from scratch on every deploy.", True),
    ):
        found = replace(post(("text", opening)), title="A faster search")
        [archive] = captions_for(
            found, config, platforms=["mastodon"], variants=["archive"], problems=Problems()
        )
        assert (opening in archive.text) is kept, opening
        assert archive.text.startswith("From the archive: A faster search")


def test_markup_left_as_text_is_no_quote():
    left = "The talk titled ``Improving Bug Trackers with Game Mechanics'' used many pictures."
    assert quote(post(("text", left))) is None


def test_a_summary_cut_short_gives_way_to_the_body():
    body = "Typed linting is one of the best parts of typescript-eslint, and now easier to set up."
    cut = Post(url="https://b.example/p/", title="Relative projects",
               summary="Simplifying how many projects resolve their", body=body)  # fmt: skip
    assert description(cut) == body
    whole = Post(url="https://b.example/p/", title="Rust", summary="Rust, two years after 1.0")
    assert description(whole) == "Rust, two years after 1.0"
    assert standalone.leans_on("We also updated our Code of Conduct.", "en")


def test_a_summary_that_repeats_the_title_gives_way_to_the_body():
    body = "Ignition is a new provisioning utility designed specifically for CoreOS and RHCOS."
    same = Post(url="https://b.example/p/", title="Ignition Support", summary="Ignition Support",
                body=body)  # fmt: skip
    assert description(same) == body


def test_a_summary_leads_with_what_the_title_names():
    scene = "In the world of containers, managing applications at scale requires powerful tools."
    subject = "Signed uploads are no longer accepted by the index, which drops the old verifier."
    story = "I maintained the old verifier for years and watched it go unused by most tools."
    # A statement about the world that names nothing of the title gives way to the first two
    # paragraphs' sentence that names it (read on as written when both fit).
    assert description(post(("text", scene), ("text", subject)), limit=100) == subject
    assert description(post(("text", scene), ("text", subject))) == f"{scene} {subject}"
    # Not to a third paragraph's, nor when the writer's own story opens the post.
    other = "Storage, networking and scheduling each bring their own operational problems."
    assert description(post(("text", scene), ("text", other), ("text", subject)), 100) == scene
    assert description(post(("text", story), ("text", subject)), limit=100) == story
    # Nor to the writer's own story without news.
    mine = "I removed signed uploads from my own index after nobody verified them for years."
    assert description(post(("text", scene), ("text", mine)), limit=100) == scene
    assert standalone.in_first_person("我們知道，地址空間有整整4GB。", "zh")
    assert standalone.in_first_person("Nous avons choisi LVM.", "fr")
    assert not standalone.in_first_person(scene, "en")


def test_sentences_about_a_figure_or_a_listing_need_what_they_show():
    arrow = "The arrow at the bottom between the two trees is what we did when we copied it."
    assert standalone.points_elsewhere(arrow, "en")
    assert quote(post(("text", arrow))) is None
    assert standalone.is_pointer("Of special note is the securityContext stanza.", "en")
    assert standalone.leans_on("The two rules can auto-fix code when ESLint runs.", "en")
    assert not standalone.leans_on("Both the stable and unstable sorts were rewritten.", "en")
    assert standalone.calls_to_action(
        "For major features, you can check out our open proposals.", "en"
    )


def test_a_summary_stops_before_a_first_person_bio_line():
    role = "I stepped into the role of project manager to link the testers and the community."
    assert description(post(("text", f"{CLAIM} {role}"))) == CLAIM
    # "同樣可以" (can likewise) adds the sentence to an argument before it.
    likewise = "上帝的意志同樣可以左右事件的結果，也就是所謂的宿命不復存在。"
    assert standalone.adds_to_before(likewise, "zh")
    assert not standalone.adds_to_before("與Excel中的if函數有同樣的作用。", "zh")


def test_a_tagline_gives_way_to_the_news_of_the_body():
    news = "Starting today, the index no longer accepts signed uploads from any client."
    tagline = Post(
        url="https://b.example/p/",
        title="Removing signed uploads",
        summary="Announcing a simpler way to upload",
        blocks=(("text", news),),
        lang="en",
    )
    assert description(tagline) == news
    # A summary written as a sentence, or a body with no news, keeps the author's words.
    sentence = Post(**{**tagline.__dict__, "summary": "Signed uploads are gone."})
    assert description(sentence) == "Signed uploads are gone."
    quiet = Post(**{**tagline.__dict__, "blocks": (("text", CLAIM),)})
    assert description(quiet) == "Announcing a simpler way to upload"
