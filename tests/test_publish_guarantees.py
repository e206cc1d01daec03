"""What each publisher can say after a crash: posted, not posted, or cannot tell.

"Cannot tell" must never be taken for "not posted" (that re-sends); a webhook with a
`status_url` is asked by its Idempotency-Key, one without it is delivered at least once.
"""

from __future__ import annotations

import re

import pytest
import responses
from publish_support import FAKE_ENV, config, entry
from werkzeug import Response

from smm_promote.publish import webhook
from smm_promote.publish.base import TransientError
from smm_promote.publish.webhook import WebhookPublisher
from smm_promote.publish.x import XPublisher


def _webhook(httpserver, **settings) -> WebhookPublisher:
    return WebhookPublisher.from_config(
        config(webhook={"url": httpserver.url_for("/hook"), **settings})
    )


def test_webhook_status_url_says_delivered_or_not(httpserver) -> None:
    got: set[str] = set()

    def status(request):
        if request.path.removeprefix("/status/") in got:
            return Response('{"id": "r-1", "url": "https://hooks.example/r-1"}', 200)
        return Response("", 404)

    httpserver.expect_request("/hook", method="POST").respond_with_handler(
        lambda r: (got.add(r.headers["Idempotency-Key"]), Response("", 204))[1]
    )
    httpserver.expect_request(re.compile("^/status/"), method="GET").respond_with_handler(status)
    publisher = _webhook(httpserver, status_url=httpserver.url_for("/status/{key}"))
    share = entry("webhook", idempotency_key="key-1")
    assert publisher.find_recent(share) is None
    publisher.publish(share)
    found = publisher.find_recent(share)
    assert (found.remote_id, found.remote_url) == ("r-1", "https://hooks.example/r-1")
    assert [r.path for r, _ in httpserver.log if r.method == "GET"] == ["/status/key-1"] * 2


def test_webhook_status_url_that_fails_is_cannot_tell(httpserver) -> None:
    httpserver.expect_request("/status/x", method="GET").respond_with_data("", status=503)
    publisher = _webhook(httpserver, status_url=httpserver.url_for("/status/{key}"))
    with pytest.raises(TransientError):
        publisher.find_recent(entry("webhook", idempotency_key="x"))


def test_webhook_without_status_url_is_at_least_once(httpserver) -> None:
    publisher = _webhook(httpserver)
    assert publisher.find_recent(entry("webhook")) is None
    assert "at least once" in webhook.__doc__


@responses.activate
def test_x_that_cannot_say_who_it_is_cannot_tell(monkeypatch) -> None:
    for key, value in FAKE_ENV.items():
        monkeypatch.setenv(key, value)
    x = XPublisher.from_config(config())
    responses.get("https://api.twitter.com/2/users/me", status=503)
    with pytest.raises(TransientError):
        x.find_recent(entry("x"))
