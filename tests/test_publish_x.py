"""X through the real tweepy client, answered at the HTTP transport layer by `responses`."""

from __future__ import annotations

import json
import logging

import pytest
import responses
from publish_support import FAKE_ENV, LINK, TEXT, card_png, config, entry, leaked
from responses import matchers

from smm_promote.publish.base import AuthError, PermanentError, RateLimited, TransientError
from smm_promote.publish.x import XPublisher

TWEETS = "https://api.twitter.com/2/tweets"
ME = "https://api.twitter.com/2/users/me"
UPLOAD = "https://api.x.com/2/media/upload"
METADATA = "https://api.x.com/2/media/metadata"


@pytest.fixture
def x(monkeypatch):
    for key, value in FAKE_ENV.items():
        monkeypatch.setenv(key, value)
    return XPublisher.from_config(config())


@responses.activate
def test_card_uploaded_with_alt_then_its_id_in_the_tweet_and_thread_as_replies(x, tmp_path):
    card = card_png(tmp_path / "card.png")
    responses.post(UPLOAD, json={"data": {"id": "555", "media_key": "3_555"}})
    responses.post(METADATA, json={"data": {}})
    responses.post(TWEETS, json={"data": {"id": "1001", "text": "..."}})
    responses.post(TWEETS, json={"data": {"id": "1002", "text": "..."}})
    responses.get(ME, json={"data": {"id": "42", "name": "Blog", "username": "myblog"}})

    result = x.publish(entry("x", card, parts=("And the second part.",)))

    assert (result.remote_id, result.thread_ids) == ("1001", ("1002",))
    assert result.remote_url == "https://x.com/myblog/status/1001"
    calls = responses.calls
    assert [c.request.url for c in calls[:4]] == [UPLOAD, METADATA, TWEETS, TWEETS]
    assert {c.request.req_kwargs["timeout"] for c in calls} == {30.0}
    upload = calls[0].request
    assert upload.headers["Authorization"].startswith("OAuth ")
    assert 'oauth_consumer_key="fake-x-consumer-key-1111"' in upload.headers["Authorization"]
    assert card.read_bytes() in upload.body
    assert b'name="media_category"\r\n\r\ntweet_image' in upload.body
    assert b'name="media_type"\r\n\r\nimage/png' in upload.body
    assert json.loads(calls[1].request.body) == {
        "id": "555",
        "metadata": {"alt_text": {"text": "Card: 'A tiny SQLite queue' on blue and orange"}},
    }
    assert calls[1].request.headers["Authorization"].startswith("OAuth ")
    assert json.loads(calls[2].request.body) == {"text": TEXT, "media": {"media_ids": ["555"]}}
    assert json.loads(calls[3].request.body) == {
        "text": "And the second part.",
        "reply": {"in_reply_to_tweet_id": "1001"},
    }


@responses.activate
def test_without_a_card_only_the_tweet_is_sent(x):
    responses.post(
        TWEETS, json={"data": {"id": "9"}}, match=[matchers.json_params_matcher({"text": TEXT})]
    )
    responses.get(ME, status=500)
    result = x.publish(entry("x"))
    assert result.remote_id == "9"
    assert result.remote_url == "https://x.com/i/web/status/9"


@responses.activate
def test_429_carries_the_reset_time(x):
    responses.post(
        TWEETS,
        status=429,
        headers={"x-rate-limit-reset": "1795000000"},
        json={"title": "Too Many Requests", "detail": "Too Many Requests"},
    )
    with pytest.raises(RateLimited) as caught:
        x.publish(entry("x"))
    assert caught.value.retry_at.timestamp() == 1795000000
    assert "2026-11-18 11:06:40 UTC" in str(caught.value)


@pytest.mark.parametrize(
    ("status", "body", "error", "words"),
    [
        (401, {"title": "Unauthorized", "detail": "Unauthorized"}, AuthError, "HTTP 401"),
        (403, {"detail": "You are not permitted to perform this action."}, AuthError, "403"),
        (
            403,
            {"detail": "You are not allowed to create a Tweet with duplicate content."},
            PermanentError,
            "duplicate",
        ),
        (500, {"title": "Internal"}, TransientError, "HTTP 500"),
        (400, {"errors": [{"message": "text too long"}]}, PermanentError, "text too long"),
    ],
)
@responses.activate
def test_http_errors_map_to_what_the_queue_does(x, status, body, error, words):
    responses.post(TWEETS, status=status, json=body)
    with pytest.raises(error, match=words):
        x.publish(entry("x"))


@responses.activate
def test_timeout_and_malformed_answers_are_transient(x):
    import requests

    responses.post(TWEETS, body=requests.ConnectTimeout("slow"))
    with pytest.raises(TransientError, match="no answer"):
        x.publish(entry("x"))
    responses.replace(responses.POST, TWEETS, body="<html>oops</html>", status=200)
    with pytest.raises(TransientError, match="malformed"):
        x.publish(entry("x"))


@responses.activate
def test_check_and_find_recent(x):
    responses.get(ME, json={"data": {"id": "42", "name": "Blog", "username": "myblog"}})
    responses.get(
        "https://api.twitter.com/2/users/42/tweets",
        json={
            "data": [
                {
                    "id": "7",
                    "text": "older https://t.co/a",
                    "created_at": "2026-01-01T00:00:00.000Z",
                    "entities": {"urls": [{"expanded_url": LINK}]},
                },
                {
                    "id": "8",
                    "text": "new https://t.co/b",
                    "created_at": "2026-11-23T09:01:00.000Z",
                    "entities": {"urls": [{"expanded_url": LINK}]},
                },
            ]
        },
    )
    status = x.check()
    assert (status.ok, status.message) == (True, "authenticated as @myblog")
    found = x.find_recent(entry("x"))
    assert (found.remote_id, found.remote_url) == ("8", "https://x.com/myblog/status/8")


def test_missing_credentials_name_the_variable(monkeypatch):
    for key in FAKE_ENV:
        monkeypatch.delenv(key, raising=False)
    with pytest.raises(AuthError, match="SMM_X_CONSUMER_KEY is not set"):
        XPublisher.from_config(config())


@responses.activate
def test_no_secret_in_logs_or_errors(x, caplog, tmp_path):
    caplog.set_level(logging.DEBUG)
    responses.post(UPLOAD, status=401, json={"detail": "bad token fake-x-access-token-3333"})
    with pytest.raises(AuthError) as caught:
        x.publish(entry("x", card_png(tmp_path / "c.png")))
    responses.post(TWEETS, status=500, body="upstream fake-x-consumer-secret-2222")
    with pytest.raises(TransientError) as again:
        x.publish(entry("x"))
    assert leaked(caplog.text, str(caught.value), str(again.value)) == []
    assert "***" in str(caught.value)
