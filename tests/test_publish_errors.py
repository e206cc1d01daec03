"""One failure table for every HTTP publisher: what the queue is told, and that no token leaks.

Each case answers the publisher's posting request the way platforms fail (429 with a reset,
401, 500, a timeout, a malformed 200) and checks the error class, its message, its retry
time, and that none of the fake credentials shows up in the message or in any log line.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
import requests
import responses
from publish_support import FAKE_ENV, config, entry, leaked

from smm_promote.publish.base import AuthError, RateLimited, TransientError
from smm_promote.publish.facebook import FacebookPublisher
from smm_promote.publish.instagram import InstagramPublisher
from smm_promote.publish.linkedin import LinkedInPublisher
from smm_promote.publish.mastodon import MastodonPublisher
from smm_promote.publish.pinterest import PinterestPublisher
from smm_promote.publish.threads import ThreadsPublisher
from smm_promote.publish.webhook import WebhookPublisher

GRAPH = "https://graph.facebook.com/v21.0"
#: platform -> (publisher class, [publish] settings, URL of the posting request, its token)
CASES = {
    "mastodon": (MastodonPublisher, {"mastodon": {"instance": "https://m.example"}},
                 "https://m.example/api/v1/statuses", "SMM_MASTODON_ACCESS_TOKEN"),
    "linkedin": (LinkedInPublisher, {"linkedin": {"author": "urn:li:person:1"}},
                 "https://api.linkedin.com/rest/posts", "SMM_LINKEDIN_ACCESS_TOKEN"),
    "facebook": (FacebookPublisher, {"facebook": {"page_id": "1040"}},
                 f"{GRAPH}/1040/feed", "SMM_FACEBOOK_PAGE_TOKEN"),
    "threads": (ThreadsPublisher, {}, "https://graph.threads.net/v1.0/me/threads",
                "SMM_THREADS_ACCESS_TOKEN"),
    "instagram": (InstagramPublisher, {"instagram": {"user_id": "1784"}},
                  f"{GRAPH}/1784/media", "SMM_INSTAGRAM_ACCESS_TOKEN"),
    "pinterest": (PinterestPublisher, {"pinterest": {"board_id": "5497"}},
                  "https://api.pinterest.com/v5/pins", "SMM_PINTEREST_ACCESS_TOKEN"),
    "webhook": (WebhookPublisher, {"webhook": {"url": "https://hooks.example/h"}},
                "https://hooks.example/h", "SMM_WEBHOOK_SECRET"),
}  # fmt: skip


@pytest.fixture(autouse=True)
def env(monkeypatch):
    for key, value in FAKE_ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("SMM_WEBHOOK_URL", raising=False)


def build(platform: str):
    cls, settings, url, token = CASES[platform]
    publisher = cls.from_config(config(**settings))
    if platform == "mastodon":
        responses.get("https://m.example/api/v2/instance", json={"configuration": {}})
    return publisher, url, FAKE_ENV[token]


def failing(platform: str, **answer) -> Exception:
    publisher, url, _ = build(platform)
    responses.post(url, **answer)
    with pytest.raises(Exception) as caught:
        publisher.publish(entry(platform))
    return caught.value


PLATFORMS = sorted(CASES)


@pytest.mark.parametrize("platform", PLATFORMS)
@responses.activate
def test_429_is_rate_limited_until_retry_after(platform, caplog):
    caplog.set_level(logging.DEBUG)
    before = datetime.now(UTC)
    error = failing(
        platform, status=429, headers={"Retry-After": "120"}, json={"message": "slow down"}
    )
    assert isinstance(error, RateLimited)
    assert before + timedelta(seconds=119) <= error.retry_at <= before + timedelta(seconds=125)
    assert "retry after" in str(error) or "code" in str(error)
    assert leaked(str(error), caplog.text) == []


@pytest.mark.parametrize("platform", PLATFORMS)
@responses.activate
def test_401_is_an_auth_failure_with_the_token_scrubbed(platform, caplog):
    caplog.set_level(logging.DEBUG)
    token = FAKE_ENV[CASES[platform][3]]
    error = failing(platform, status=401, json={"message": f"token {token} was revoked"})
    assert isinstance(error, AuthError)
    assert str(error).startswith(f"{platform}: HTTP 401")
    assert "token *** was revoked" in str(error)
    assert leaked(str(error), caplog.text) == []


@pytest.mark.parametrize("platform", PLATFORMS)
@responses.activate
def test_500_is_transient(platform, caplog):
    caplog.set_level(logging.DEBUG)
    error = failing(platform, status=500, body="Internal Server Error")
    assert isinstance(error, TransientError)
    assert "HTTP 500" in str(error)
    assert leaked(str(error), caplog.text) == []


@pytest.mark.parametrize("platform", PLATFORMS)
@responses.activate
def test_timeout_is_transient(platform, caplog):
    caplog.set_level(logging.DEBUG)
    error = failing(platform, body=requests.ReadTimeout("read timed out"))
    assert isinstance(error, TransientError)
    assert f"{platform}: no answer from" in str(error)
    assert leaked(str(error), caplog.text) == []


@pytest.mark.parametrize("platform", sorted(set(PLATFORMS) - {"webhook", "linkedin"}))
@responses.activate
def test_malformed_success_is_transient(platform):
    error = failing(platform, status=200, body="<html>gateway</html>")
    assert isinstance(error, TransientError)
    assert "malformed response" in str(error)


@responses.activate
def test_linkedin_success_without_post_id_is_transient():
    error = failing("linkedin", status=201, body="")
    assert isinstance(error, TransientError)
    assert "without an id" in str(error)


@responses.activate
def test_a_retry_asks_the_platform_first_and_does_not_post_twice():
    publisher, _, _ = build("facebook")
    responses.get(
        f"{GRAPH}/1040/feed",
        json={"data": [{"id": "1040_5", "message": entry("facebook").text,
                        "created_time": "2026-11-23T09:00:30+0000"}]},
    )  # fmt: skip
    result = publisher.publish(entry("facebook", attempts=1))
    assert result.remote_id == "1040_5"
    assert [c.request.method for c in responses.calls] == ["GET"]


@responses.activate
def test_a_retry_posts_when_the_platform_has_nothing():
    publisher, url, _ = build("facebook")
    responses.get(f"{GRAPH}/1040/feed", json={"data": []})
    responses.post(url, json={"id": "1040_6"})
    assert publisher.publish(entry("facebook", attempts=2)).remote_id == "1040_6"
    assert [c.request.method for c in responses.calls] == ["GET", "POST"]


@responses.activate
def test_a_first_attempt_does_not_ask():
    publisher, url, _ = build("facebook")
    responses.post(url, json={"id": "1040_7"})
    assert publisher.publish(entry("facebook")).remote_id == "1040_7"
    assert [c.request.method for c in responses.calls] == ["POST"]
