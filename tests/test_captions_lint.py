"""The caption lint finds each kind of caption a reader would have to fix."""

from __future__ import annotations

from smm_promote.captions.lint import RULES, check_post, lint, site_languages
from smm_promote.config import Config
from smm_promote.model import Caption, Post

CONFIG = Config.from_mapping({"site_url": "https://blog.example.com", "platforms": ["x"]})


def cap(text: str, *, variant: str = "announce", hashtags=(), parts=()) -> Caption:
    return Caption("x", variant, text, len(text), 280, hashtags=tuple(hashtags),
                   parts=tuple(parts) or (text,))  # fmt: skip


def rules(post: Post, *captions: Caption, posts=()) -> list[tuple[str, str]]:
    languages = site_languages([post, *posts], CONFIG)
    return [(f.rule, f.detail) for f in check_post(post, captions, CONFIG, languages)]


POST = Post(
    url="https://blog.example.com/p/",
    title="xYz-lib 2.0: Migration from the old API",
    body="Why we moved.\n\nThe old API is gone. Setting it up takes a minute.",
    headings=("Why we moved", "Setting it up"),
    tags=("Python",),
    source="posts/p.md",
)


def test_clean_captions_have_no_findings():
    text = "xYz-lib 2.0: Migration from the old API\n\nhttps://blog.example.com/p/\n\n#Python"
    assert rules(POST, cap(text, hashtags=["#Python"])) == []
    assert set(lint([POST], CONFIG).counts()) == set(RULES)


def test_language_code_and_stopword_hashtags():
    zh = Post(url="https://blog.example.com/zh/", title="中文", lang="zh_TW")
    found = rules(POST, cap("t #en #zhTW #The #Python", hashtags=["#en", "#zhTW", "#The", "#Python"]),
                  posts=[zh])  # fmt: skip
    assert found == [
        ("language-code-hashtag", "#en"),
        ("language-code-hashtag", "#zhTW"),
        ("stopword-hashtag", "#The"),
    ]
    # The author's own tag is the author's choice.
    tagged = Post(url=POST.url, title="Go", tags=("Go",))
    assert rules(tagged, cap("Go #Go", hashtags=["#Go"])) == []


def test_bare_heading_thread_parts():
    parts = ["1/3 xYz-lib 2.0 🧵", "2/3 Why we moved", "3/3 Setting it up\n\nIt takes a minute."]
    found = rules(POST, cap(parts[0], variant="takeaways", parts=parts))
    assert found == [("bare-heading-part", "part 2: 2/3 Why we moved")]


def test_title_words_whose_case_changed():
    found = rules(POST, cap("XYz-lib 2.0: migration from the old API"))
    # Neither spelling is the post's own; "the" and "old" are (the body writes them so).
    assert found == [("title-case-changed", "XYz-lib"), ("title-case-changed", "migration")]


def test_english_phrases_in_a_post_in_another_language():
    ja = Post(url="https://blog.example.com/ja/", title="日本語の記事", lang="ja")
    found = rules(ja, cap("From the archive: 日本語の記事\n\nby @ada\nLink in bio"))
    assert found == [
        ("english-phrase", "archive"),
        ("english-phrase", "byline"),
        ("english-phrase", "link_in_bio"),
    ]
    # The same words in an English post are its own language.
    assert rules(POST, cap("From the archive: xYz-lib 2.0: Migration from the old API")) == []


def test_quotes_from_blockquotes_admonitions_and_definition_lists():
    post = Post(
        url=POST.url, title="T",
        blocks=(("text", "My own words are here and they make a claim."),
                ("quote", "Someone else said this long sentence, not the author at all."),
                ("aside", "The date is wrong on this post, it was written earlier.")),
    )  # fmt: skip
    own = cap("“My own words are here and they make a claim.”\n\nhttps://b/", variant="quote")
    quoted = cap("“Someone else said this long sentence, not the author at all.”", variant="quote")
    aside = cap("“The date is wrong on this post…”\n\nhttps://b/", variant="quote")
    assert rules(post, own) == []
    assert [r for r, _ in rules(post, quoted, aside)] == ["quote-not-own-words"] * 2
