"""The demo's Japanese post and the Chinese posts of a real bilingual Pelican blog get
captions wholly in their language: phrases, quotation marks, hashtags in their script, and
reading time by characters."""

from __future__ import annotations

from pathlib import Path

import hanzidentifier
import pytest
import regex

import smm_promote
from smm_promote.captions.compose import captions_for
from smm_promote.captions.language import in_language, post_language
from smm_promote.captions.lint import check_post, site_languages
from smm_promote.captions.settings import VARIANTS
from smm_promote.config import Config
from smm_promote.errors import Problems
from smm_promote.sources import read_posts

PLAIN = {"utm": False, "hashtags": {"mastodon": 0}}
DEMO_POST = Path(smm_promote.__file__).parent / "demo/blog/posts/2026-11-20-japanese-typography.md"
FARSEERFC = "pelican-farseerfc-multilingual-rst"
#: One worker reads the farseerfc posts (`farseerfc_posts`) once for every test here.
pytestmark = pytest.mark.xdist_group("captions-cjk")
ALL = ["x", "mastodon", "bluesky", "linkedin", "instagram"]
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]")


def config(site_url: str, platforms=("mastodon",), captions=None) -> Config:
    return Config.from_mapping(
        {"site_url": site_url, "platforms": list(platforms), "captions": captions or {}}
    )


def parts(post, cfg) -> dict[str, tuple[str, ...]]:
    """Every variant's parts, `question` (not written by default) included."""
    return {c.variant: c.parts for c in captions_for(post, cfg, variants=VARIANTS)}


def test_the_demo_japanese_post_in_japanese():
    cfg = config("https://blog.example.com", captions=PLAIN)
    [post] = read_posts(DEMO_POST, cfg, Problems())
    link = "https://blog.example.com/japanese-typography/"
    title = "日本語の見出しも美しく：シェアカードの CJK 組版"
    summary = (
        "日本語の行を正しく折り返し、文字の代わりに空の四角を決して表示しないシェアカードの作り方。"
    )
    assert parts(post, cfg) == {
        "announce": (f"{title}\n\n{link}",),
        "summary": (f"{summary}\n\n{link}",),
        "quote": (
            "「日本語には単語の間にスペースがないので、ほとんどどの二文字の間でも行を折り返せますが、"
            f"閉じ括弧や小さい仮名の前では折り返せません。」\n\n{link}",
        ),
        "takeaways": (
            f"1/4 {title} 🧵\n\n{link}",
            "2/4 一つのフォントではすべての文字をまかなえない\n\n欧文フォントには日本語の字形がありません。",
            "3/4 禁則処理は行の先頭と末尾で決まる\n\n句読点や閉じ括弧で始まる行があると、読み手はそこでつまずきます。",
            "4/4 本物のタイトルで試す\n\nこの記事のタイトルは、わざと二つの文字体系を混ぜています。",
        ),
        "question": (f"{title}——どう思いますか？\n\n{summary}\n\n{link}",),
        "archive": (f"過去の記事から：{title}\n\n{summary}\n\n{link}",),
    }  # fmt: skip


def test_the_demo_japanese_post_hashtags_and_link_line():
    cfg = config("https://blog.example.com", platforms=ALL)
    [post] = read_posts(DEMO_POST, cfg, Problems())
    captions = captions_for(post, cfg)
    tags = {tag for c in captions for tag in c.hashtags}
    assert {"#タイポグラフィ", "#日本語", "#多言語対応"} <= tags
    assert all(in_language(tag, "ja") and " " not in tag for tag in tags), tags
    instagram = [c for c in captions if c.platform == "instagram"]
    assert all("\n\nリンクはプロフィールから\n\n" in c.text for c in instagram)
    assert not check_post(post, captions, cfg, site_languages([post], cfg))


@pytest.fixture(scope="module")
def farseerfc_posts():
    from tests.conftest import CORPORA

    if not (CORPORA / FARSEERFC).exists():
        pytest.skip("the shared corpora sit beside the project checkout")
    cfg = config("https://farseerfc.me", platforms=ALL)
    posts = read_posts(CORPORA / FARSEERFC, cfg, Problems())
    return [p for p in posts if (p.lang or "").startswith("zh")]


@pytest.mark.corpus
def test_chinese_posts_exact_captions(farseerfc_posts):
    cfg = config("https://farseerfc.me", captions=PLAIN)
    by_name = {p.source.rsplit("/", 1)[-1]: p for p in farseerfc_posts}
    post = by_name["c-tricks-1-1-conditional-operator.zh.rst"]
    assert post_language(post, cfg.lang) == "zh-Hant"
    link = "https://farseerfc.me/c-tricks-1-1-conditional-operator.html"
    title = "C++ Tricks 1.1 條件運算符(?:)"
    summary = (
        "條件運算符(?:)是C++中唯一的三目運算符(trinary operator)，用於在表達式中作條件判斷，"
        "通常可以替換if語句，與Visual Basic中的iif函數、Excel中的if函數有同樣的作用。"
    )
    found = parts(post, cfg)
    assert found["announce"] == (f"{title}\n\n{link}",)
    assert found["summary"] == (f"{summary}\n\n{link}",)
    assert found["question"] == (f"{title}——你怎麼看？\n\n{summary}\n\n{link}",)
    assert found["archive"] == (f"舊文重溫：{title}\n\n{summary}\n\n{link}",)
    # Its one claim of quote length and on the title's subject is the 39th of 54 sentences,
    # in the middle of the post: one detail among others, no quote (`where_the_point_is`).
    assert "quote" not in found
    # Its third section says only "希望這麼優秀的工具…以上這些問題…" (a hope, pointing back at
    # the list above it): two points left, no thread.
    assert "takeaways" not in parts(by_name["try-pelican.zh.rst"], cfg)
    # Two headings, one of them "簡介" (introduction): fewer than three points, no thread.
    assert "takeaways" not in parts(by_name["pyssy.zh.rst"], cfg)


@pytest.mark.corpus
def test_chinese_posts_without_the_spaces_of_rst_markup(farseerfc_posts):
    # "上次介紹過 `這個博客改換了主題 <…>`_ ，本以爲…": reST needs the spaces around the link,
    # Chinese sets none; the space between Chinese and Latin text stays ("用 Travis-CI 生成").
    cfg = config("https://farseerfc.me", platforms=["x"], captions=PLAIN)
    by_name = {p.source.rsplit("/", 1)[-1]: p for p in farseerfc_posts}
    travis = by_name["travis-push-to-github-pages-blog.zh.rst"]
    summary = "上次介紹過這個博客改換了主題，本以爲這個話題可以告一段落了，沒想到還能繼續寫呢。"
    assert travis.blocks[1] == ("text", summary)
    link = "https://farseerfc.me/travis-push-to-github-pages-blog.html"
    second = (
        "寄宿在 Github Pages 上的靜態博客通常有兩種方案，其一是使用 Jekyll 方式撰寫，"
        "這可以利用 Github Pages 原本就有的 Jekyll支持生成靜態網站。"
    )
    # Its tags the title names ("…Github Pages…") lead: "github" first, on every caption.
    assert parts(travis, cfg)["summary"] == (f"{summary}{second}\n\n{link}\n\n#github #TravisCi",)
    # A space inside the link's text is the author's ("`上海交通大學 飲水思源站 <…>`_").
    assert by_name["pyssy.zh.rst"].blocks[1] == (
        "text",
        "Pyssy 是用於上海交通大學 飲水思源站的一系列 Python 腳本和工具。",
    )
    # Japanese with ruby (":ruby:`灰|はい` かぶった :ruby:`少女|しょうじょ` ）相對。").
    assert "與灰姑娘本身的身份（灰かぶった少女）相對。" in by_name["cinderella-avatar.zh.rst"].body


@pytest.mark.corpus
def test_chinese_posts_wholly_in_chinese(farseerfc_posts):
    cfg = config("https://farseerfc.me", platforms=ALL)
    languages = site_languages(farseerfc_posts, cfg)
    assert len(farseerfc_posts) >= 40
    for post in farseerfc_posts:
        lang = post_language(post, cfg.lang)
        captions = captions_for(post, cfg)
        findings = check_post(post, captions, cfg, languages)
        assert not [f for f in findings if f.rule in ("english-phrase", "title-case-changed")]
        for c in captions:
            prose = c.text.split("\n\n")[0]
            if c.variant in ("summary", "quote"):
                assert in_language(prose, lang), (post.source, prose)
            assert all(" " not in tag for tag in c.hashtags)
        characters = len(_CJK.findall(post.body))
        if characters >= 1300:
            assert post.reading_minutes >= 4, (post.source, characters)


@pytest.mark.corpus
def test_chinese_hashtags_in_the_posts_script(farseerfc_posts):
    cfg = config("https://farseerfc.me", platforms=ALL)
    for post in farseerfc_posts:
        other = "Hans" if post_language(post, cfg.lang) == "zh-Hant" else "Hant"
        unwanted = hanzidentifier.SIMPLIFIED if other == "Hans" else hanzidentifier.TRADITIONAL
        for c in captions_for(post, cfg):
            for tag in c.hashtags:
                # A title keyword in the other script (a quoted title) is no tag of this post.
                assert not _CJK.search(tag) or hanzidentifier.identify(tag) != unwanted, tag
