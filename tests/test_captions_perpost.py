"""A post's picks (description, quote, takeaways) are worked out once and asked for again by
its card and each caption: every asker gets what it would have got alone."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from smm_promote.captions.text import quote, takeaways
from smm_promote.model import Caption, Card, Post, caption_data, card_data, card_from_data

CLAIM = "Cloned images boot in seconds, so a cluster can serve a hundred virtual machines at once."
OTHER = (
    "Cloning images from one golden template keeps every virtual machine on the same tested base."
)


def post(*blocks: tuple[str, str]) -> Post:
    return Post(url="https://b.example/p/", title="Cloning images", blocks=blocks, lang="en")


def test_a_quote_avoiding_the_best_sentence_is_the_next_best_and_the_best_stays():
    found = post(("text", CLAIM), ("text", OTHER))
    best = quote(found)
    assert best in (CLAIM, OTHER)
    runner_up = quote(found, avoid=best)
    assert {best, runner_up} == {CLAIM, OTHER}
    assert quote(found, avoid=f"{CLAIM} {OTHER}") is None
    assert quote(found) == best


def test_each_caller_gets_its_own_list_of_takeaways():
    steps = [
        ("heading", "Clone the golden image"),
        ("text", "Cloning the golden image gives every new machine the same tested base."),
        ("heading", "Boot the clones in parallel"),
        ("text", "Booting the clones in parallel brings a hundred machines up in a minute."),
        ("heading", "Retire the old templates"),
        ("text", "Retiring the old templates keeps the storage pool from filling up again."),
    ]
    found = post(*steps)
    first = takeaways(found)
    assert [point for point, _ in first] == [
        "Clone the golden image",
        "Boot the clones in parallel",
        "Retire the old templates",
    ]
    first.clear()
    assert len(takeaways(found)) == 3


def test_card_and_caption_data_are_their_fields():
    caption = Caption("x", "summary", "Text", 4, 280, hashtags=("#a",), parts=("Text",))
    assert caption_data(caption) == dataclasses.asdict(caption)
    card = Card("https://b.example/p/", "classic", "og", 1200, 630, Path("/c/p.png"), "Alt",
                warnings=("w",))  # fmt: skip
    assert card_data(card) == {**dataclasses.asdict(card), "path": "/c/p.png"}
    assert card_from_data(card_data(card)) == card
