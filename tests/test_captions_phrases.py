"""Captions in the post's own language: every added word from the phrase table, titles as
written, dates in CLDR's format, site overrides validated."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from smm_promote.captions.compose import caption, captions_for
from smm_promote.captions.phrases import PHRASE_KEYS, builtin, phrases_for
from smm_promote.captions.settings import VARIANTS
from smm_promote.config import Config
from smm_promote.errors import ConfigError
from smm_promote.model import Author, Post

CONFIG = Config.from_mapping(
    {"site_url": "https://blog.example.com", "platforms": ["x", "mastodon", "instagram"],
     "captions": {"utm": False, "hashtags": {"x": 0, "mastodon": 0, "instagram": 0}}}
)  # fmt: skip
LANGUAGES = ["en", "zh-Hans", "zh-Hant", "ja", "ko", "es", "fr", "de", "pt", "it", "ru"]


def post(**fields) -> Post:
    values = {
        "url": "https://blog.example.com/p/",
        "title": "xYz-lib 2.0: Migration from the old API",
        "date": datetime(2021, 3, 4, tzinfo=UTC),
        "updated": datetime(2026, 11, 20, tzinfo=UTC),
        "authors": (Author("Ada", handles=(("mastodon", "@ada@example.social"),)),),
    } | fields
    return Post(**values)


def texts(p: Post, platform: str = "mastodon", config: Config = CONFIG) -> dict[str, str]:
    found = captions_for(p, config, platforms=[platform], variants=VARIANTS)
    return {c.variant: c.text for c in found}


def test_every_language_has_every_phrase_and_valid_placeholders():
    table = builtin()
    for lang in LANGUAGES:
        missing = set(PHRASE_KEYS) - set(table[lang]) - {"thread_mark"}
        assert not missing, (lang, missing)
        for key, text in table[lang].items():
            assert text.format(title="T", date="D", mention="@m", minutes=3, quote="Q"), key


def test_titles_keep_their_case_in_every_opener():
    found = texts(post())
    title = "xYz-lib 2.0: Migration from the old API"
    assert found["announce"].startswith(title + "\n\n")
    assert found["question"].startswith(f"{title} — what do you think?\n\n")
    assert found["archive"].startswith(f"From the archive: {title}\n\n")
    assert found["updated"].startswith(f"{title} (updated November 20, 2026)\n\n")
    assert "XYz" not in " ".join(found.values())


def test_a_title_that_asks_is_its_own_question():
    assert texts(post(title="Why does name-lib exist?"))["question"].startswith(
        "Why does name-lib exist?\n\n"
    )


@pytest.mark.parametrize(
    ("lang", "archive", "updated", "byline"),
    [
        ("de", "Aus dem Archiv: T", "T (aktualisiert am 20. November 2026)", "von @ada@example.social"),
        ("fr", "Tiré des archives\u00a0: T", "T (mis à jour le 20 novembre 2026)", "par @ada@example.social"),
        ("es", "Del archivo: T", "T (actualizado el 20 de noviembre de 2026)", "por @ada@example.social"),
        ("pt-BR", "Do arquivo: T", "T (atualizado em 20 de novembro de 2026)", "por @ada@example.social"),
        ("ru", "Из архива: T", "T (обновлено 20 ноября 2026\u202fг.)", "автор: @ada@example.social"),
        ("ko", "지난 글 다시 보기: T", "T (2026년 11월 20일 업데이트)", "글: @ada@example.social"),
        ("zh_TW", "舊文重溫：T", "T（2026年11月20日更新）", "作者：@ada@example.social"),
        ("zh-CN", "旧文重温：T", "T（2026年11月20日更新）", "作者：@ada@example.social"),
        ("jp", "過去の記事から：T", "T（2026年11月20日更新）", "執筆：@ada@example.social"),
    ],
)  # fmt: skip
def test_openers_bylines_and_dates_in_the_posts_language(lang, archive, updated, byline):
    found = texts(post(title="T", lang=lang))
    url = "https://blog.example.com/p/"
    assert found["archive"] == f"{archive}\n\n{byline}\n{url}"
    assert found["updated"] == f"{updated}\n\n{byline}\n{url}"


def test_a_language_without_phrases_gets_the_forms_that_need_none():
    found = texts(post(title="Oud nieuws", lang="nl"), platform="instagram")
    assert found == {
        "announce": "Oud nieuws",
        "archive": "Oud nieuws",
        "updated": "Oud nieuws",
    }  # no question hook, no "Link in bio", no English


def test_link_in_bio_and_thread_marker_in_the_language():
    points = ("一つ目の要点", "二つ目の要点", "三つ目の要点")
    body = "\n\n".join(f"{h}\n\n{h}について、例を挙げて詳しく説明する文です。" for h in points)
    p = post(title="T", lang="ja", headings=points, body=body)
    assert texts(p, platform="instagram")["announce"] == "T\n\nリンクはプロフィールから"
    thread = caption(p, "x", "takeaways", CONFIG)
    assert thread.parts[0] == "1/4 T 🧵\n\nhttps://blog.example.com/p/"


def test_site_phrases_override_and_add_languages():
    config = Config.from_mapping(
        {
            "site_url": "https://blog.example.com",
            "platforms": ["x"],
            "captions": {
                "utm": False,
                "hashtags": {"x": 0},
                "phrases": {"en": {"archive": "Still worth a read: {title}"},
                            "nl": {"archive": "Uit het archief: {title}"}},
            },
        }
    )  # fmt: skip
    assert texts(post(title="T"), "x", config)["archive"] == (
        "Still worth a read: T\n\nhttps://blog.example.com/p/"
    )
    assert texts(post(title="T", lang="nl-BE"), "x", config)["archive"] == (
        "Uit het archief: T\n\nhttps://blog.example.com/p/"
    )
    # Other phrases of the language stay the built-in ones.
    assert texts(post(title="T"), "x", config)["updated"].startswith("T (updated")


@pytest.mark.parametrize(
    ("phrases", "message"),
    [
        ({"xx-nope": {"archive": "{title}"}}, "not a language tag"),
        ({"en": {"archiv": "{title}"}}, "unknown phrase 'archiv'"),
        ({"en": {"archive": "Old: {titel}"}}, "unknown placeholder {titel}"),
        ({"en": {"archive": "From the archive"}}, "expected the text to contain {title}"),
    ],
)
def test_site_phrases_are_checked_when_the_config_loads(phrases, message):
    with pytest.raises(ConfigError) as error:
        Config.from_mapping({"captions": {"phrases": phrases}})
    assert message in str(error.value)
    assert "phrases" in str(error.value)


def test_templates_can_say_phrases():
    config = Config.from_mapping(
        {"site_url": "https://blog.example.com", "platforms": ["x"],
         "captions": {"utm": False, "hashtags": {"x": 0},
                      "templates": {"announce": "{{ say('new_post', title=title) }} ({{ reading_time }})"}}}
    )  # fmt: skip
    found = texts(post(title="日本語の記事", lang="ja", body="あ" * 900), "x", config)
    assert (
        found["announce"]
        == "新しい記事：日本語の記事 (2分で読めます)\n\nhttps://blog.example.com/p/"
    )
    with pytest.raises(ConfigError, match="unknown phrase 'nope'"):
        Config.from_mapping({"captions": {"templates": {"announce": "{{ say('nope') }}"}}})


def test_reading_time_counts_cjk_by_characters():
    assert post(body="字" * 1650).reading_minutes == 5  # Chinese: 330 a minute
    assert post(body="あ" * 1380).reading_minutes == 3  # Japanese (kana): 460 a minute
    assert post(body="word " * 714).reading_minutes == 3  # 238 words a minute
    assert post(body="字" * 660 + " word" * 476).reading_minutes == 4
    assert phrases_for("zh-Hans").say("min_read", minutes=5) == "阅读约 5 分钟"


def test_a_summary_that_opens_in_another_language_is_not_the_posts():
    summary = (
        "Contents June 6 Keynote on distributed software projects. "
        "這是一篇很長的中文筆記，記錄了會議的內容和我的想法，還有很多很多的細節在這裡面寫著。"
    )
    found = texts(post(title="ICSE 2012", lang="zh-Hant", summary=summary))
    assert "summary" not in found
    assert found["archive"] == (
        "舊文重溫：ICSE 2012\n\n作者：@ada@example.social\nhttps://blog.example.com/p/"
    )
