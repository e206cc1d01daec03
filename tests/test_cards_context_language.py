"""A card's added words (reading time, date) are in the post's own language."""

from __future__ import annotations

from datetime import UTC, datetime

from smm_promote.cards.context import card_context
from smm_promote.config import Config
from smm_promote.model import Post

CONFIG = Config.from_mapping({"site_url": "https://blog.example.org", "lang": "en"})


def test_reading_time_and_date_follow_the_post_language():
    when = datetime(2026, 11, 20, tzinfo=UTC)
    japanese = Post(url="https://blog.example.org/ja/", title="日本語の組版", lang="ja",
                    body="日本語の文章です。" * 200, date=when)  # fmt: skip
    context, _ = card_context(japanese, CONFIG)
    assert context["reading_time"] == f"{japanese.reading_minutes}分で読めます"
    assert context["date"] == "2026年11月20日"
    english = Post(url="https://blog.example.org/en/", title="Typesetting", lang="en",
                   body="Words of a post. " * 300, date=when)  # fmt: skip
    context, _ = card_context(english, CONFIG)
    assert context["reading_time"] == f"{english.reading_minutes} min read"
    assert context["date"] == "November 20, 2026"
