"""Language tags, scripts and whether a text is written in the post's language."""

from __future__ import annotations

import pytest

from smm_promote.captions.language import (
    fallbacks,
    in_language,
    is_cjk,
    normalise,
    post_language,
)
from smm_promote.model import Post


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("zh", "zh"),
        ("zh-CN", "zh-Hans-CN"),
        ("zh_TW", "zh-Hant-TW"),
        ("zh-Hant", "zh-Hant"),
        ("zhs", "zh-Hans"),
        ("jp", "ja"),
        ("ja_JP", "ja-JP"),
        ("EN-us", "en-US"),
        ("pt-BR", "pt-BR"),
        ("xx", None),
        ("", None),
        (None, None),
    ],
)
def test_normalise(tag, expected):
    assert normalise(tag) == expected


def test_fallbacks_from_specific_to_language():
    assert fallbacks("zh_TW") == ["zh-Hant-TW", "zh-Hant", "zh-TW", "zh"]
    assert fallbacks("pt-BR") == ["pt-BR", "pt"]
    assert fallbacks("nonsense") == []


def test_cjk_languages():
    assert is_cjk("ja") and is_cjk("zh-Hant") and is_cjk("jp")
    assert not is_cjk("ko") and not is_cjk("en") and not is_cjk("ru")


def test_bare_chinese_takes_the_script_of_its_text():
    traditional = Post(url="u", title="Pyssy 項目", body="依賴關係與簡介", lang="zh")
    simplified = Post(url="u", title="这是简体中文", body="关于这个项目的说明", lang="zh")
    assert post_language(traditional) == "zh-Hant"
    assert post_language(simplified) == "zh-Hans"
    assert post_language(Post(url="u", title="t", lang="zh_TW")) == "zh-Hant-TW"
    assert post_language(Post(url="u", title="t", lang="jp")) == "ja"
    assert post_language(Post(url="u", title="t"), "de") == "de"


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("我在 Arch Linux 上用 KDE 5 寫了一個Python腳本。", "zh-Hant", True),
        ("The date is wrong on this post, it was written in 2010.", "zh", False),
        ("Share cards that break Japanese lines correctly.", "ja", False),
        ("日本語の見出しも美しく", "ja", True),
        # Han characters only, no kana: Chinese, not Japanese.
        ("这是一个很长的中文句子没有任何假名在里面", "ja", False),
        ("日本語の見出しも美しく、とても良いです", "zh", False),
        ("Привет, мир", "ru", True),
        ("Hello world", "ru", False),
        ("한국어 문장입니다", "ko", True),
        ("2019", "en", False),
        ("Any text at all", "not-a-language", True),
    ],
)
def test_in_language(text, lang, expected):
    assert in_language(text, lang) is expected


def test_a_post_written_in_another_script_takes_that_scripts_language():
    # A feed without a language gets the site's; its text says otherwise.
    assert post_language(Post(url="u", title="不归移民漫画系列：专业工作", lang="en")) == "zh-Hans"
    assert post_language(Post(url="u", title="ゲーム三昧な正月"), "en") == "ja"
    korean = "TypeKey 시스템이 UTF-8로 돌아가는데, 거기서 한글로 된 닉네임을 정할 경우에 깨어진다."
    assert post_language(Post(url="u", title="EUC-KR 에서 TypeKey", body=korean), "en") == "ko"
    assert post_language(Post(url="u", title="Как пережить новогоднюю ночь", lang="en")) == "ru"
    # Some words of another script do not change a post's language.
    mixed = Post(url="u", title="日本語の見出し: CJK typography on share cards", lang="en",
                 body="Japanese has no spaces between words, so lines break anywhere.")  # fmt: skip
    assert post_language(mixed) == "en"
    # Latin script names no one language: a declared one stands.
    assert post_language(Post(url="u", title="Hello world", lang="ja")) == "ja"


def test_a_script_the_declared_language_also_writes_does_not_override_it():
    lyrics = Post(url="u", title="【聽譯】君さえいなけりゃよかった", lang="zh",
                  body="君さえいなけりゃよかった こんな気持ちは知らないままで\\n要是沒有你就好了")  # fmt: skip
    assert post_language(lyrics) == "zh-Hant"
