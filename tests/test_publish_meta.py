"""Facebook Page, Threads and Instagram: the Graph API at the HTTP transport layer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl

import pytest
import responses
from publish_support import FAKE_ENV, LINK, TEXT, config, entry

from smm_promote.publish.base import AuthError, PermanentError, RateLimited, TransientError
from smm_promote.publish.facebook import FacebookPublisher
from smm_promote.publish.instagram import InstagramPublisher, instagram_caption
from smm_promote.publish.threads import ThreadsPublisher, topic_tag

GRAPH = "https://graph.facebook.com/v21.0"
THREADS = "https://graph.threads.net/v1.0"
CARD_URL = "https://blog.example.org/cards/tiny-sqlite-queue.jpg"


@pytest.fixture(autouse=True)
def env(monkeypatch):
    for key, value in FAKE_ENV.items():
        monkeypatch.setenv(key, value)


def form(call) -> dict[str, str]:
    return dict(parse_qsl(call.request.body))


def facebook() -> FacebookPublisher:
    return FacebookPublisher.from_config(config(facebook={"page_id": "1040"}))


def threads() -> ThreadsPublisher:
    publisher = ThreadsPublisher.from_config(config())
    publisher._sleep = lambda seconds: None
    return publisher


def instagram() -> InstagramPublisher:
    publisher = InstagramPublisher.from_config(config(instagram={"user_id": "1784"}))
    publisher._sleep = lambda seconds: None
    return publisher


@responses.activate
def test_facebook_page_feed_with_message_and_link():
    responses.post(f"{GRAPH}/1040/feed", json={"id": "1040_77"})
    result = facebook().publish(entry("facebook"))
    assert (result.remote_id, result.remote_url) == ("1040_77", "https://www.facebook.com/1040_77")
    (call,) = responses.calls
    assert form(call) == {"message": TEXT, "link": LINK}
    assert call.request.headers["Authorization"] == "Bearer fake-facebook-token-8888"
    assert "access_token" not in call.request.url


@pytest.mark.parametrize(
    ("status", "error", "expected"),
    [
        (
            400,
            {"message": "Error validating access token", "type": "OAuthException", "code": 190},
            AuthError,
        ),
        (
            403,
            {"message": "(#200) Permissions error", "type": "OAuthException", "code": 200},
            AuthError,
        ),
        (400, {"message": "(#32) Page request limit reached", "code": 32}, RateLimited),
        (
            500,
            {"message": "An unknown error occurred", "code": 1, "is_transient": True},
            TransientError,
        ),
        (
            400,
            {"message": "(#100) Invalid parameter", "type": "OAuthException", "code": 100},
            PermanentError,
        ),
    ],
)
@responses.activate
def test_graph_error_codes(status, error, expected):
    responses.post(f"{GRAPH}/1040/feed", status=status, json={"error": error})
    with pytest.raises(expected, match=f"code {error['code']}"):
        facebook().publish(entry("facebook"))


@responses.activate
def test_graph_rate_limit_time_from_usage_header():
    usage = '{"1040": [{"type": "pages", "call_count": 100, "estimated_time_to_regain_access": 7}]}'
    responses.post(
        f"{GRAPH}/1040/feed",
        status=400,
        json={"error": {"message": "(#80001) too many calls", "code": 80001}},
        headers={"X-Business-Use-Case-Usage": usage},
    )
    with pytest.raises(RateLimited) as caught:
        facebook().publish(entry("facebook"))
    wait = caught.value.retry_at - datetime.now(UTC)
    assert timedelta(minutes=6) < wait <= timedelta(minutes=7)


@responses.activate
def test_facebook_check_warns_of_a_token_near_expiry():
    soon = int((datetime.now(UTC) + timedelta(days=3, hours=1)).timestamp())
    responses.get(
        f"{GRAPH}/debug_token",
        json={"data": {"is_valid": True, "expires_at": soon, "type": "PAGE"}},
    )
    status = facebook().check()
    assert status.ok
    assert status.expires_at == datetime.fromtimestamp(soon, UTC)
    assert "(in 3 days: renew it soon)" in status.message


@responses.activate
def test_threads_image_container_then_publish_with_topic_tag_and_reply():
    responses.post(f"{THREADS}/me/threads", json={"id": "c1"})
    responses.get(f"{THREADS}/c1", json={"status": "IN_PROGRESS"})
    responses.get(f"{THREADS}/c1", json={"status": "FINISHED"})
    responses.post(f"{THREADS}/me/threads_publish", json={"id": "p1"})
    responses.post(f"{THREADS}/me/threads", json={"id": "c2"})
    responses.get(f"{THREADS}/c2", json={"status": "FINISHED"})
    responses.post(f"{THREADS}/me/threads_publish", json={"id": "p2"})
    responses.get(f"{THREADS}/p1", json={"permalink": "https://www.threads.net/@blog/post/X1"})

    result = threads().publish(entry("threads", parts=("Part two.",)))

    assert (result.remote_id, result.remote_url, result.thread_ids) == (
        "p1",
        "https://www.threads.net/@blog/post/X1",
        ("p2",),
    )
    creates = [c for c in responses.calls if c.request.url == f"{THREADS}/me/threads"]
    assert form(creates[0]) == {
        "text": TEXT,
        "media_type": "IMAGE",
        "image_url": CARD_URL,
        "alt_text": "Card: 'A tiny SQLite queue' on blue and orange",
        "topic_tag": "SQLite",
    }
    assert form(creates[1]) == {"media_type": "TEXT", "text": "Part two.", "reply_to_id": "p1"}
    publishes = [c for c in responses.calls if c.request.url.endswith("/threads_publish")]
    assert [form(c) for c in publishes] == [{"creation_id": "c1"}, {"creation_id": "c2"}]
    assert [c.request.url for c in responses.calls].count(f"{THREADS}/c1?fields=status") == 2


def test_topic_tag_is_the_first_hashtag_without_dots_or_ampersands():
    assert topic_tag("Read it #R&D.Notes #Other") == "RDNotes"
    assert topic_tag("no tags") is None


@responses.activate
def test_threads_text_post_when_there_is_no_card_url():
    responses.post(f"{THREADS}/me/threads", json={"id": "c9"})
    responses.get(f"{THREADS}/c9", json={"status": "FINISHED"})
    responses.post(f"{THREADS}/me/threads_publish", json={"id": "p9"})
    responses.get(f"{THREADS}/p9", status=500)
    result = threads().publish(entry("threads", card_url=None, text="Just words"))
    assert (result.remote_id, result.remote_url) == ("p9", None)
    assert form(responses.calls[0]) == {"text": "Just words", "media_type": "TEXT"}


@responses.activate
def test_threads_container_error_is_permanent():
    responses.post(f"{THREADS}/me/threads", json={"id": "c3"})
    responses.get(f"{THREADS}/c3", json={"status": "ERROR", "error_message": "image too small"})
    with pytest.raises(PermanentError, match="image too small"):
        threads().publish(entry("threads"))


@responses.activate
def test_instagram_container_with_public_card_url_caption_link_in_bio_and_alt():
    responses.post(f"{GRAPH}/1784/media", json={"id": "ig-c"})
    responses.get(f"{GRAPH}/ig-c", json={"status_code": "FINISHED"})
    responses.post(f"{GRAPH}/1784/media_publish", json={"id": "ig-p"})
    responses.get(f"{GRAPH}/ig-p", json={"permalink": "https://www.instagram.com/p/XYZ/"})

    result = instagram().publish(entry("instagram"))

    assert (result.remote_id, result.remote_url) == ("ig-p", "https://www.instagram.com/p/XYZ/")
    assert form(responses.calls[0]) == {
        "image_url": CARD_URL,
        "caption": TEXT.replace(LINK, "(link in bio)"),
        "alt_text": "Card: 'A tiny SQLite queue' on blue and orange",
    }
    assert form(responses.calls[2]) == {"creation_id": "ig-c"}
    assert responses.calls[0].request.headers["Authorization"] == (
        "Bearer fake-instagram-token-aaaa"
    )


def test_instagram_needs_the_card_public_jpeg_url():
    with pytest.raises(PermanentError, match="no public card URL"):
        instagram().publish(entry("instagram", card_url=None))
    png = "https://blog.example.org/cards/tiny.png"
    with pytest.raises(PermanentError, match=r'JPEG images only .* format = "jpeg"'):
        instagram().publish(entry("instagram", card_url=png))
    assert "link in bio" in instagram_caption(entry("instagram"))


@responses.activate
def test_find_recent_on_meta_platforms():
    responses.get(
        f"{GRAPH}/1040/feed",
        json={
            "data": [
                {
                    "id": "1040_5",
                    "message": TEXT,
                    "created_time": "2026-11-23T09:00:04+0000",
                    "permalink_url": "https://www.facebook.com/1040/posts/5",
                }
            ]
        },
    )
    responses.get(
        f"{GRAPH}/1784/media",
        json={
            "data": [
                {
                    "id": "m5",
                    "caption": TEXT.replace(LINK, "(link in bio)"),
                    "timestamp": "2026-11-23T09:01:00+0000",
                    "permalink": "https://i/p/5",
                }
            ]
        },
    )
    responses.get(
        f"{THREADS}/me/threads",
        json={"data": [{"id": "t5", "text": TEXT, "timestamp": "2025-01-01T00:00:00+0000"}]},
    )
    assert facebook().find_recent(entry("facebook")).remote_url.endswith("/posts/5")
    assert instagram().find_recent(entry("instagram")).remote_id == "m5"
    assert threads().find_recent(entry("threads")) is None  # too old to be this entry's
