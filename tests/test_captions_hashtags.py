"""Hashtags: CamelCase, Unicode, never digits only, deduplicated, capped and rotated."""

from __future__ import annotations

import pytest

from smm_promote.captions import hashtags
from smm_promote.captions.vocabulary import SiteVocabulary
from smm_promote.model import Post


@pytest.mark.parametrize(
    ("phrase", "tag"),
    [
        ("social media marketing", "#SocialMediaMarketing"),
        ("Social-Media", "#SocialMedia"),
        ("node.js", "#nodejs"),
        ("don't panic", "#DontPanic"),
        ("iPhone tips", "#iPhoneTips"),
        ("python", "#python"),
        ("café crème", "#CaféCrème"),
        ("日本語 テスト", "#日本語テスト"),
        ("العربية", "#العربية"),
        ("#already", "#already"),
        ("web3", "#web3"),
        ("2024", None),
        ("1 2 3", None),
        ("!!!", None),
        ("", None),
        ("\u0301abc", "#abc"),
        ("C++", "#C"),
    ],
)
def test_to_hashtag(phrase, tag):
    assert hashtags.to_hashtag(phrase) == tag


def test_is_valid():
    assert hashtags.is_valid("#SocialMedia")
    assert hashtags.is_valid("#日本語")
    assert not hashtags.is_valid("#2024")
    assert not hashtags.is_valid("#social media")
    assert not hashtags.is_valid("SocialMedia")
    assert not hashtags.is_valid("#a_b")


def test_too_long_tags_are_refused():
    assert hashtags.to_hashtag("a" * 40, max_length=32) is None
    assert hashtags.to_hashtag("a" * 32, max_length=32) == "#" + "a" * 32


def test_title_word():
    def word(title, body=""):
        return hashtags.title_word(Post(url="u", title=title, body=body))

    assert word("Use GlusterFS Cloning With KubeVirt") == "GlusterFS"
    assert word("Towards a Sustainable Service Mesh") is None
    assert word("Kubernetes and me", "We run Kubernetes at home, and Kubernetes works.") == (
        "Kubernetes"
    )
    assert word("Introducing Linkerd's RFC process") == "RFC"
    assert word("JSNation Open Source Awards 2020") == "JSNation"
    # Two capitals alone are an abbreviation ("Working Group"), not a name by their form.
    assert word("Spotlight on WG Device Management") is None
    assert word("日本語の見出し") is None
    # One issue's identifier is no topic; the name beside it is ("Security advisory for Cargo").
    assert word("Security advisory for the standard library (CVE-2024-24576)") is None
    cargo = "We learned that Cargo did not respect the umask. Since then Cargo does."
    assert word("Security advisory for Cargo (CVE-2023-38497)", cargo) == "Cargo"
    advisory = "We learned that CVE-2023-38497 was found. Since then CVE-2023-38497 is fixed."
    assert word("Security advisory (CVE-2023-38497)", advisory) is None  # a name in the text


def test_title_case_labels_tell_no_name():
    """Capitals of headings, table cells and list items that are no sentence follow title
    case: a word written so only there ("Calling" of a related post's title) is no name; a
    list item written as a sentence is running text."""
    related = Post(
        url="r",
        title="Eleventy v3.0 is out",
        body="We ship Eleventy today. We hope Eleventy works.\nRelated\n(May 2024) Calling all",
        blocks=(
            ("text", "We ship Eleventy today. We hope Eleventy works."),
            ("heading", "Related"),
            ("item", "(May 2024) Calling all courageous canary testers"),
            ("item", "(April 2024) Calling all plugin authors"),
            ("table", "npm Downloads"),
            ("item", "Our Sass support is faster."),
            ("item", "We upgraded Sass processing."),
        ),
    )
    site = SiteVocabulary.of([related])
    assert site.name("Calling") is None
    assert site.name("Downloads") is None
    assert site.name("Eleventy") == "Eleventy"
    assert site.name("Sass") == "Sass"
    post = Post(url="u", title="Calling all courageous canary testers")
    assert hashtags.title_word(post, site) is None


def test_candidates_dedupe_case_insensitively_in_order():
    post = Post(
        url="https://b.example/p/",
        title="Python Packaging for Beginners",
        tags=("python", "Python", "packaging", "2024"),
        categories=("Python Packaging",),
    )
    fixed, own = hashtags.candidates(post, ["IndieWeb", "indieweb", "python"])
    assert fixed == ["#IndieWeb", "#python"]
    assert own == ["#packaging", "#PythonPackaging"]  # two of its own: no title word


def test_share_block_hashtags_come_first():
    post = Post(url="u", title="T", tags=("sourdough",), share={"hashtags": ["Launch Day"]})
    assert hashtags.candidates(post, keywords=False) == ([], ["#LaunchDay", "#sourdough"])


def test_choose_keeps_the_first_tag_and_rotates_the_others():
    own = ["#A", "#B", "#C", "#D", "#E"]
    assert hashtags.choose([], own, 2, 0) == ["#A", "#B"]
    assert hashtags.choose([], own, 2, 1) == ["#A", "#C"]
    assert hashtags.choose([], own, 2, 4) == ["#A", "#B"]
    assert hashtags.choose([], own, 3, 1) == ["#A", "#D", "#E"]
    assert hashtags.choose([], own, 3, 2) == ["#A", "#B", "#C"]
    assert hashtags.choose(["#Fixed"], own, 3, 1) == ["#Fixed", "#A", "#C"]
    assert hashtags.choose([], own, 1, 3) == ["#A"]
    assert hashtags.choose(["#F1", "#F2"], own, 1, 5) == ["#F1"]
    assert hashtags.choose([], ["#A"], 3, 7) == ["#A"]
    assert hashtags.choose([], own, 0, 0) == []


def test_inline_turns_words_into_tags_once():
    text, placed = hashtags.inline(
        "Use social media to grow. Marketing matters, marketing wins.",
        ["#SocialMedia", "#Marketing", "#Growth"],
    )
    assert text == "Use #SocialMedia to grow. #Marketing matters, marketing wins."
    assert placed == ["#SocialMedia", "#Marketing"]


def test_inline_leaves_links_and_partial_words_alone():
    text, placed = hashtags.inline(
        "See https://python.example/python and pythonic code", ["#python"]
    )
    assert placed == []
    assert "#python" not in text


def test_tags_naming_a_kind_of_post_in_its_own_language_make_no_hashtag():
    """A repost marker ("zz", 轉載: reposted in Chinese web writing) or "annonce" says what
    kind of post it is, not what it is about, in the post's language as in English."""
    zh = Post(url="u", title="西廂計劃原理小解", lang="zh", tags=("zz", "網絡"))
    assert hashtags.candidates(zh, keywords=False) == ([], ["#網絡"])
    assert not hashtags.followable("轉載", zh)
    fr = Post(url="u", title="Nouvelle version", lang="fr", tags=("annonce", "Debian"))
    assert hashtags.candidates(fr, keywords=False) == ([], ["#Debian"])
    # In English, "zz" is no word for a kind of post.
    assert hashtags.followable("zz", Post(url="u", title="Sleep", lang="en"))


def test_a_category_that_places_a_post_on_the_site_is_no_hashtag():
    post = Post(url="u", title="20m Scuba Diving Pool", lang="en", categories=("Front Page",))
    assert not hashtags.followable("Front Page", post)
    assert not hashtags.followable("Featured", post)
    assert hashtags.followable("Page Speed", post)


def test_a_tag_naming_a_step_is_no_hashtag():
    post = Post(url="u", title="KubeVirt basic operations video", lang="en")
    assert not hashtags.followable("create vm", post)
    assert not hashtags.followable("installing kubevirt", post)
    assert hashtags.followable("virtual machine", post)
