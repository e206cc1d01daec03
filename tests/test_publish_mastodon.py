"""Mastodon against a loopback HTTP server (pytest-httpserver) speaking its REST API."""

from __future__ import annotations

import json
import logging

import pytest
from publish_support import FAKE_ENV, LINK, TEXT, card_png, config, entry, leaked, stalled

from smm_promote.publish.base import AuthError, PermanentError, RateLimited, TransientError
from smm_promote.publish.mastodon import MastodonPublisher, status_length

INSTANCE = {
    "domain": "loop.social",
    "configuration": {
        "statuses": {"max_characters": 500, "characters_reserved_per_url": 23},
        "media_attachments": {"image_size_limit": 16777216, "description_limit": 1500},
    },
}
TOKEN = FAKE_ENV["SMM_MASTODON_ACCESS_TOKEN"]


@pytest.fixture
def mastodon(httpserver, monkeypatch):
    monkeypatch.setenv("SMM_MASTODON_ACCESS_TOKEN", TOKEN)
    httpserver.expect_request("/api/v2/instance").respond_with_json(INSTANCE)
    publisher = MastodonPublisher.from_config(
        config(mastodon={"instance": httpserver.url_for("/"), "focus": "0.0,0.2", "timeout": 2})
    )
    publisher._sleep = lambda seconds: None
    return publisher


def _requests(httpserver, path):
    return [request for request, _ in httpserver.log if request.path == path]


def test_card_with_alt_and_focus_then_status_with_media_id_and_idempotency_key(
    mastodon, httpserver, tmp_path
):
    card = card_png(tmp_path / "card.png")
    httpserver.expect_request("/api/v2/media", method="POST").respond_with_json(
        {"id": "m1", "url": None}, status=202
    )
    httpserver.expect_request("/api/v1/media/m1").respond_with_json(
        {"id": "m1", "url": "https://loop.social/m1.png"}
    )
    httpserver.expect_oneshot_request("/api/v1/statuses", method="POST").respond_with_json(
        {"id": "110", "url": "https://loop.social/@blog/110"}
    )
    httpserver.expect_oneshot_request("/api/v1/statuses", method="POST").respond_with_json(
        {"id": "111", "url": "https://loop.social/@blog/111"}
    )

    result = mastodon.publish(entry("mastodon", card, parts=("Part two.",)))

    assert (result.remote_id, result.remote_url, result.thread_ids) == (
        "110",
        "https://loop.social/@blog/110",
        ("111",),
    )
    paths = [r.path for r, _ in httpserver.log]
    assert paths == [
        "/api/v2/instance",
        "/api/v2/media",
        "/api/v1/media/m1",
        "/api/v1/statuses",
        "/api/v1/statuses",
    ]
    (upload,) = _requests(httpserver, "/api/v2/media")
    assert upload.headers["Authorization"] == f"Bearer {TOKEN}"
    assert upload.files["file"].read() == card.read_bytes()
    assert upload.files["file"].mimetype == "image/png"
    assert upload.form["description"] == "Card: 'A tiny SQLite queue' on blue and orange"
    assert upload.form["focus"] == "0.0,0.2"
    first, second = _requests(httpserver, "/api/v1/statuses")
    assert first.headers["Idempotency-Key"] == f"{LINK}|mastodon|1"
    assert json.loads(first.data) == {
        "status": TEXT,
        "visibility": "public",
        "media_ids": ["m1"],
        "language": "en",
    }
    assert second.headers["Idempotency-Key"] == f"{LINK}|mastodon|1#1"
    assert json.loads(second.data)["in_reply_to_id"] == "110"


def test_a_retry_sends_the_same_idempotency_key(mastodon, httpserver):
    httpserver.expect_oneshot_request("/api/v1/statuses").respond_with_data("busy", status=503)
    httpserver.expect_oneshot_request("/api/v1/statuses").respond_with_json({"id": "5"})
    share = entry("mastodon")
    with pytest.raises(TransientError, match="HTTP 503"):
        mastodon.publish(share)
    assert mastodon.publish(share).remote_id == "5"
    keys = [r.headers["Idempotency-Key"] for r in _requests(httpserver, "/api/v1/statuses")]
    assert keys == [share.idempotency_key] * 2


def test_the_instance_limit_is_the_one_it_reports(httpserver, monkeypatch):
    monkeypatch.setenv("SMM_MASTODON_ACCESS_TOKEN", TOKEN)
    small = {"configuration": {"statuses": {"max_characters": 60}}}
    httpserver.expect_request("/api/v2/instance").respond_with_json(small)
    publisher = MastodonPublisher.from_config(
        config(mastodon={"instance": httpserver.url_for("/")})
    )
    with pytest.raises(PermanentError, match="is 80 characters, the instance allows 60"):
        publisher.publish(entry("mastodon"))
    assert _requests(httpserver, "/api/v1/statuses") == []


def test_status_length_counts_graphemes_and_urls_as_23():
    assert status_length(TEXT, 23) == 80
    assert status_length("👩‍👩‍👧 https://a.example/" + "x" * 200, 23) == 25


def test_429_with_mastodon_reset_header(mastodon, httpserver):
    httpserver.expect_request("/api/v1/statuses").respond_with_json(
        {"error": "Too many requests"},
        status=429,
        headers={"X-RateLimit-Reset": "2026-11-23T10:05:00.000Z"},
    )
    with pytest.raises(RateLimited) as caught:
        mastodon.publish(entry("mastodon"))
    assert caught.value.retry_at.isoformat() == "2026-11-23T10:05:00+00:00"
    assert "Too many requests" in str(caught.value)


@pytest.mark.parametrize(
    ("status", "body", "error", "words"),
    [
        (401, {"error": "The access token is invalid"}, AuthError, "token is invalid"),
        (500, {"error": "boom"}, TransientError, "HTTP 500"),
        (422, {"error": "Validation failed: Text too long"}, PermanentError, "Text too long"),
    ],
)
def test_status_errors(mastodon, httpserver, status, body, error, words):
    httpserver.expect_request("/api/v1/statuses").respond_with_json(body, status=status)
    with pytest.raises(error, match=words):
        mastodon.publish(entry("mastodon"))


def test_malformed_answer_and_timeout(mastodon, httpserver):
    httpserver.expect_oneshot_request("/api/v1/statuses").respond_with_data("<html>", status=200)
    with pytest.raises(TransientError, match="malformed response"):
        mastodon.publish(entry("mastodon"))
    mastodon.api.timeout = 0.2
    release = stalled(httpserver, "/api/v1/statuses")
    with pytest.raises(TransientError, match=r"no answer from .* in 0.2 s"):
        mastodon.publish(entry("mastodon"))
    release()


def test_check_and_find_recent(mastodon, httpserver):
    httpserver.expect_request("/api/v1/accounts/verify_credentials").respond_with_json(
        {"id": "9", "acct": "blog"}
    )
    httpserver.expect_request("/api/v1/accounts/9/statuses").respond_with_json(
        [
            {
                "id": "1",
                "content": f'<p>old <a href="{LINK}">x</a></p>',
                "created_at": "2025-01-01T00:00:00.000Z",
                "url": "u1",
            },
            {
                "id": "2",
                "content": f'<p>Queues 🧵 <a href="{LINK}">blog.example.org/posts/tiny</a></p>',
                "created_at": "2026-11-23T09:00:05.000Z",
                "url": "https://loop.social/@blog/2",
            },
        ]
    )
    assert mastodon.check().message == "authenticated as @blog (instance allows 500 characters)"
    found = mastodon.find_recent(entry("mastodon"))
    assert (found.remote_id, found.remote_url) == ("2", "https://loop.social/@blog/2")


def test_missing_instance_or_token(monkeypatch):
    monkeypatch.delenv("SMM_MASTODON_ACCESS_TOKEN", raising=False)
    with pytest.raises(AuthError, match=r"set \[publish.mastodon\] instance"):
        MastodonPublisher.from_config(config())
    with pytest.raises(AuthError, match="SMM_MASTODON_ACCESS_TOKEN is not set"):
        MastodonPublisher.from_config(config(mastodon={"instance": "https://m.example"}))


def test_no_secret_in_logs_or_errors(mastodon, httpserver, caplog):
    caplog.set_level(logging.DEBUG)
    httpserver.expect_request("/api/v1/statuses").respond_with_json(
        {"error": f"token {TOKEN} revoked"}, status=401
    )
    with pytest.raises(AuthError) as caught:
        mastodon.publish(entry("mastodon"))
    assert "token *** revoked" in str(caught.value)
    assert leaked(caplog.text, str(caught.value)) == []


def test_oversized_card_is_left_out_and_language_is_iso_639(httpserver, monkeypatch, tmp_path):
    monkeypatch.setenv("SMM_MASTODON_ACCESS_TOKEN", TOKEN)
    tiny = {"configuration": {"media_attachments": {"image_size_limit": 100}}}
    httpserver.expect_request("/api/v2/instance").respond_with_json(tiny)
    httpserver.expect_request("/api/v1/statuses").respond_with_json({"id": "3"})
    publisher = MastodonPublisher.from_config(
        config(mastodon={"instance": httpserver.url_for("/")})
    )
    publisher.publish(entry("mastodon", card_png(tmp_path / "c.png"), lang="pt-BR"))
    assert _requests(httpserver, "/api/v2/media") == []
    (status,) = _requests(httpserver, "/api/v1/statuses")
    body = json.loads(status.data)
    assert body["language"] == "pt" and "media_ids" not in body
