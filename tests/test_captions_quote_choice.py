"""A quote or a summary is a point of the post: never a pointer or a step, a bio of anyone,
an issue cited, words pointing at media or elsewhere, filler or an introduction to what
follows."""

from __future__ import annotations

import pytest

from smm_promote.captions import standalone
from smm_promote.captions.text import description, no_point, quote
from smm_promote.model import Post

CLAIM = "Cloned images boot in seconds, so a cluster can serve a hundred virtual machines at once."


def post(*blocks: tuple[str, str], lang: str = "en", summary: str = "", title: str = "") -> Post:
    return Post(
        url="https://b.example/p/",
        title=title or "Cloning images",
        blocks=blocks,
        lang=lang,
        summary=summary,
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "Take a look at the Upgrading page in the docs for more detailed information.",
        "Note that the size of the PVC must be the size of the image once it is converted.",
        "See the migration guide for every option that changed between the two releases.",
        "Check out the new release notes to learn what changed in the scheduler this year.",
        "For more details on the design, read the proposal that the working group accepted.",
        "Nick Young works at VMware as a technical lead for Contour, a CNCF ingress controller.",
        "Hippie has worked for the CNCF as a Strategic Initiatives contractor for five years.",
        "Caleb Woodbine is currently a member of the ii.nz organisation and a maintainer.",
        "The work was also tracked in kubernetes/website#54075 by the localization team.",
        "The regression was fixed in pull request #4512 and shipped in the following patch.",
        "We'll be sharing updates and community content over there from now on, every week.",
        "So, without further ado, let's get straight to the article and meet the people.",
    ],
)
def test_pointers_bios_issues_and_filler_are_no_quote_or_summary(sentence):
    found = post(("text", sentence), ("text", CLAIM))
    assert no_point(sentence, found)
    assert quote(found) == CLAIM
    assert description(found) == CLAIM


@pytest.mark.parametrize(
    ("sentence", "lang"),
    [
        ("只要把活動按鈕拖出桌面，它就會在桌面邊緣來回跳動，視頻如下：", "zh"),
        ("設定ファイルには以下の項目を書き込んでおく必要があるので注意してください。", "ja"),
        ("Pour la configuration du réseau, on procède comme suit : voir la liste.", "fr"),
    ],
)
def test_words_pointing_elsewhere_are_no_point_in_any_language(sentence, lang):
    assert standalone.points_elsewhere(sentence, lang)


def test_names_of_things_are_no_bio():
    for sentence in (
        "Linkerd is the fastest, lightest, simplest service mesh in the world.",
        "Material for MkDocs is a theme that turns Markdown into a documentation site.",
        "Kubernetes is traditionally used to deploy and manage containerized applications.",
        "Virt-handler is a privileged daemonset that resides at the host level.",
    ):
        assert not standalone.is_bio(sentence, "en")


def test_a_summary_stops_before_a_sentence_that_points_at_media():
    opening = "今天嘗試 KDE5 Plasma 的活動的時候無意間發現這個現象。"
    found = post(lang="zh", summary=opening + "視頻如下：")
    assert description(found) == opening
    # A summary that opens on a colon introduces what follows: the body says it instead.
    assert description(post(("text", CLAIM), summary="Here is what changed:")) == CLAIM


def test_news_on_the_posts_own_time_is_a_quote_the_post_speaking_of_itself_is_not():
    news = "Today we would like to announce the new Storage working group, focused on snapshots."
    look = "Today we will look at how the Storage working group plans its volume snapshot work."
    title = "Announcing the Storage Working Group"
    assert quote(post(("text", news), title=title)) == news
    assert quote(post(("text", look), title=title)) is None
