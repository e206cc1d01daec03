"""Pinterest v5 pins (transport layer) and the webhook (a real loopback server)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

import pytest
import responses
from publish_support import FAKE_ENV, LINK, TEXT, card_png, config, entry

from smm_promote.publish.base import PermanentError, TransientError
from smm_promote.publish.pinterest import PinterestPublisher
from smm_promote.publish.webhook import SIGNATURE_HEADER, WebhookPublisher

PINS = "https://api.pinterest.com/v5/pins"


@pytest.fixture
def pinterest(monkeypatch):
    monkeypatch.setenv("SMM_PINTEREST_ACCESS_TOKEN", FAKE_ENV["SMM_PINTEREST_ACCESS_TOKEN"])
    return PinterestPublisher.from_config(config(pinterest={"board_id": "5497"}))


@responses.activate
def test_pin_with_board_image_url_title_description_link_and_alt(pinterest):
    responses.post(PINS, status=201, json={"id": "813"})
    long_title = "T" * 130
    result = pinterest.publish(entry("pinterest", title=long_title))
    assert (result.remote_id, result.remote_url) == ("813", "https://www.pinterest.com/pin/813/")
    request = responses.calls[0].request
    assert request.headers["Authorization"] == "Bearer fake-pinterest-token-bbbb"
    assert json.loads(request.body) == {
        "board_id": "5497",
        "media_source": {
            "source_type": "image_url",
            "url": "https://blog.example.org/cards/tiny-sqlite-queue.jpg",
        },
        "title": "T" * 99 + "…",
        "description": TEXT,
        "link": LINK,
        "alt_text": "Card: 'A tiny SQLite queue' on blue and orange",
    }


@responses.activate
def test_pin_from_the_card_file_when_it_has_no_public_url(pinterest, tmp_path):
    card = card_png(tmp_path / "card.png")
    responses.post(PINS, status=201, json={"id": "814"})
    pinterest.publish(entry("pinterest", card, card_url=None))
    source = json.loads(responses.calls[0].request.body)["media_source"]
    assert source["source_type"] == "image_base64"
    assert source["content_type"] == "image/png"
    assert base64.b64decode(source["data"]) == card.read_bytes()


def test_a_pin_needs_an_image(pinterest):
    with pytest.raises(PermanentError, match="a pin needs an image"):
        pinterest.publish(entry("pinterest", card_url=None))


def test_webhook_posts_the_entry_signed(httpserver, monkeypatch):
    monkeypatch.setenv("SMM_WEBHOOK_SECRET", FAKE_ENV["SMM_WEBHOOK_SECRET"])
    monkeypatch.delenv("SMM_WEBHOOK_URL", raising=False)
    httpserver.expect_request("/hook", method="POST").respond_with_json(
        {"id": "zap-1", "url": "https://zaps.example/1"}
    )
    publisher = WebhookPublisher.from_config(config(webhook={"url": httpserver.url_for("/hook")}))
    share = entry("webhook", parts=("Two",))

    result = publisher.publish(share)

    assert (result.remote_id, result.remote_url) == ("zap-1", "https://zaps.example/1")
    ((request, _),) = httpserver.log
    body = request.get_data()
    assert json.loads(body) == {
        "id": 7,
        "post_url": LINK,
        "platform": "webhook",
        "variant": "launch",
        "text": TEXT,
        "parts": ["Two"],
        "link": LINK,
        "title": "A tiny SQLite queue",
        "description": "How a queue in one SQLite file claims work without doubles.",
        "card_url": "https://blog.example.org/cards/tiny-sqlite-queue.jpg",
        "alt": "Card: 'A tiny SQLite queue' on blue and orange",
        "lang": "en",
        "due": "2026-11-23T09:00:00+00:00",
        "idempotency_key": f"{LINK}|webhook|1",
    }
    assert request.headers["Idempotency-Key"] == f"{LINK}|webhook|1"
    expected = hmac.new(b"fake-webhook-secret-cccc", body, hashlib.sha256).hexdigest()
    assert request.headers[SIGNATURE_HEADER] == f"sha256={expected}"
    assert request.headers["Content-Type"] == "application/json"


def test_webhook_without_answer_body_and_server_error(httpserver, monkeypatch):
    monkeypatch.delenv("SMM_WEBHOOK_SECRET", raising=False)
    monkeypatch.delenv("SMM_WEBHOOK_URL", raising=False)
    httpserver.expect_oneshot_request("/hook").respond_with_data("", status=204)
    httpserver.expect_oneshot_request("/hook").respond_with_data("down", status=502)
    publisher = WebhookPublisher.from_config(config(webhook={"url": httpserver.url_for("/hook")}))
    assert publisher.publish(entry("webhook")).remote_id == f"{LINK}|webhook|1"
    assert SIGNATURE_HEADER not in httpserver.log[0][0].headers
    with pytest.raises(TransientError, match="HTTP 502"):
        publisher.publish(entry("webhook"))
    assert publisher.check().message.endswith("(unsigned); not contacted")
