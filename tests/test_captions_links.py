"""Tracked links keep the URL's own query and fragment."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from smm_promote.captions.links import display_link, tracked_url


def test_tracked_url_adds_utm_parameters():
    url = tracked_url("https://blog.example/post/", source="x", campaign="post", content="quote")
    assert url == (
        "https://blog.example/post/?utm_source=x&utm_medium=social&utm_campaign=post"
        "&utm_content=quote"
    )


def test_tracked_url_keeps_query_and_fragment_and_replaces_old_utm():
    url = tracked_url(
        "https://blog.example/p?lang=de&utm_source=old&q=a%20b#part-2",
        source="mastodon",
        medium="toot",
        campaign="spring",
        content="announce",
    )
    parts = urlsplit(url)
    assert parts.fragment == "part-2"
    assert parse_qsl(parts.query) == [
        ("lang", "de"),
        ("q", "a b"),
        ("utm_source", "mastodon"),
        ("utm_medium", "toot"),
        ("utm_campaign", "spring"),
        ("utm_content", "announce"),
    ]


def test_display_link_is_short():
    assert display_link("https://www.blog.example/a/?utm_source=x") == "blog.example/a"
    long = display_link("https://blog.example/" + "word-" * 20)
    assert long.endswith("…") and len(long) == 30
