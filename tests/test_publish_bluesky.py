"""The Bluesky publisher's exact XRPC requests and error mapping, against a loopback server.

(tests/test_publish_bluesky_live.py runs it against the reference Bluesky services.)
"""

from __future__ import annotations

import base64
import json
import logging
import subprocess
import sys
import time

import pytest
from publish_support import LINK, TEXT, card_png, config, entry, leaked, stalled

from smm_promote.publish.base import AuthError, PermanentError, RateLimited, TransientError
from smm_promote.publish.bluesky import BlueskyPublisher, fit_blob, record_key, rich_text

DID = "did:plc:abcdefghijklmnopqrstuvwx"
PASSWORD = "fake-bsky-app-pass-6666"
CID = "bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm"
BLOB_CID = "bafkreibme22gw2h7y2h7tg2fhqotaqjucnbc24deqo72b6mkl2egezxhvy"


def _jwt(scope: str) -> str:
    def part(data):
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    claims = {"scope": scope, "sub": DID, "iat": int(time.time()), "exp": int(time.time()) + 7200}
    return f"{part({'alg': 'ES256K', 'typ': 'JWT'})}.{part(claims)}.c2ln"


SESSION = {
    "did": DID,
    "handle": "blog.test",
    "accessJwt": _jwt("com.atproto.appPass"),
    "refreshJwt": _jwt("com.atproto.refresh"),
}


@pytest.fixture
def pds(httpserver, monkeypatch):
    monkeypatch.setenv("SMM_BLUESKY_APP_PASSWORD", PASSWORD)
    monkeypatch.delenv("SMM_BLUESKY_HANDLE", raising=False)
    xrpc = "/xrpc/com.atproto."
    httpserver.expect_request(xrpc + "server.createSession").respond_with_json(SESSION)
    httpserver.expect_request(xrpc + "server.getSession").respond_with_json(SESSION)
    httpserver.expect_request(xrpc + "repo.getRecord").respond_with_json(
        {"error": "RecordNotFound", "message": "Could not locate record"}, status=400
    )
    httpserver.expect_request(xrpc + "repo.uploadBlob").respond_with_json(
        {"blob": {"$type": "blob", "ref": {"$link": BLOB_CID}, "mimeType": "image/png", "size": 4}}
    )
    return httpserver


def publisher(httpserver, **settings) -> BlueskyPublisher:
    return BlueskyPublisher.from_config(
        config(
            bluesky={"handle": "blog.test", "pds": httpserver.url_for("/").rstrip("/"), **settings}
        )
    )


def _created(httpserver) -> list[dict]:
    return [
        json.loads(r.get_data()) for r, _ in httpserver.log if r.path.endswith("repo.createRecord")
    ]


def test_exact_record_facets_in_utf8_bytes_external_embed_and_record_key(pds, tmp_path):
    card = card_png(tmp_path / "card.png")
    pds.expect_request("/xrpc/com.atproto.repo.createRecord").respond_with_json(
        {"uri": f"at://{DID}/app.bsky.feed.post/3kxyz", "cid": CID}
    )
    share = entry("bluesky", card)

    result = publisher(pds).publish(share)

    assert result.remote_url == "https://bsky.app/profile/blog.test/post/3kxyz"
    login = next(r for r, _ in pds.log if r.path.endswith("createSession"))
    assert json.loads(login.get_data()) == {"identifier": "blog.test", "password": PASSWORD}
    upload = next(r for r, _ in pds.log if r.path.endswith("uploadBlob"))
    assert upload.get_data() == card.read_bytes()
    assert upload.headers["Authorization"] == f"Bearer {SESSION['accessJwt']}"
    (body,) = _created(pds)
    start = len("Queues that cannot double-post 🧵🎉 日本語のメモ ".encode())
    assert body["repo"] == DID and body["collection"] == "app.bsky.feed.post"
    assert body["rkey"] == record_key(share)
    record = body["record"]
    assert record["text"] == TEXT
    byte_slices = [(f["index"]["byteStart"], f["index"]["byteEnd"]) for f in record["facets"]]
    end = start + len(LINK)
    assert byte_slices == [(start, end), (end + 1, end + 8), (end + 9, end + 16)]
    assert [f["features"] for f in record["facets"]] == [
        [{"$type": "app.bsky.richtext.facet#link", "uri": LINK}],
        [{"$type": "app.bsky.richtext.facet#tag", "tag": "SQLite"}],
        [{"$type": "app.bsky.richtext.facet#tag", "tag": "Python"}],
    ]
    assert TEXT.encode()[end + 1 : end + 8] == b"#SQLite"
    assert start == 31 + 9 + 19  # ASCII, two 4-byte emoji and a space, six 3-byte CJK and a space
    assert record["embed"] == {
        "$type": "app.bsky.embed.external",
        "external": {
            "$type": "app.bsky.embed.external#external",
            "uri": LINK,
            "title": "A tiny SQLite queue",
            "description": "How a queue in one SQLite file claims work without doubles.",
            "thumb": {
                "$type": "blob",
                "ref": {"$link": BLOB_CID},
                "mimeType": "image/png",
                "size": 4,
            },
        },
    }
    assert record["langs"] == ["en"]


def test_record_key_is_a_stable_tid_per_entry_and_part():
    share = entry("bluesky")
    key = record_key(share)
    assert key == record_key(entry("bluesky")) and len(key) == 13
    assert key[0] in "234567abcdefghij"
    assert record_key(share, 1) != key
    assert record_key(entry("bluesky", idempotency_key="other")) != key


def test_a_retry_whose_first_try_landed_returns_that_post(pds):
    pds.clear()
    pds.expect_request("/xrpc/com.atproto.server.createSession").respond_with_json(SESSION)
    pds.expect_request("/xrpc/com.atproto.server.getSession").respond_with_json(SESSION)
    pds.expect_request("/xrpc/com.atproto.repo.getRecord").respond_with_json(
        {
            "uri": f"at://{DID}/app.bsky.feed.post/3kold",
            "cid": CID,
            "value": {
                "$type": "app.bsky.feed.post",
                "text": TEXT,
                "createdAt": "2026-11-23T09:00:00Z",
            },
        }
    )
    result = publisher(pds).publish(entry("bluesky"))
    assert result.remote_id == f"at://{DID}/app.bsky.feed.post/3kold"
    assert _created(pds) == []


def test_big_cards_are_reencoded_under_the_blob_limit(tmp_path):
    import os

    from PIL import Image

    noisy = Image.frombytes("RGB", (900, 900), os.urandom(900 * 900 * 3))
    path = tmp_path / "big.png"
    noisy.save(path)
    assert path.stat().st_size > 1_000_000
    small = fit_blob(path.read_bytes())
    assert len(small) <= 1_000_000 and small[:2] == b"\xff\xd8"  # a JPEG


def test_rich_text_skips_digit_only_tags_and_trailing_punctuation():
    builder = rich_text("Go #2024 and #Rust! see https://a.example/x).")
    facets = [(f.index.byte_start, f.index.byte_end) for f in builder.build_facets()]
    assert facets == [(13, 18), (24, 43)]


@pytest.mark.parametrize(
    ("status", "headers", "error", "words"),
    [
        (429, {"ratelimit-reset": "1795500000"}, RateLimited, "retry after 2026-11-24"),
        (500, {}, TransientError, "server error"),
        (400, {}, PermanentError, "refused"),
    ],
)
def test_create_record_errors(pds, status, headers, error, words):
    pds.expect_request("/xrpc/com.atproto.repo.createRecord").respond_with_json(
        {"error": "Oops", "message": "it failed"}, status=status, headers=headers
    )
    with pytest.raises(error, match=words) as caught:
        publisher(pds).publish(entry("bluesky"))
    if status == 429:
        assert caught.value.retry_at.timestamp() == 1795500000


def test_bad_app_password_is_an_auth_error_without_the_password(httpserver, monkeypatch, caplog):
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("SMM_BLUESKY_APP_PASSWORD", PASSWORD)
    httpserver.expect_request("/xrpc/com.atproto.server.createSession").respond_with_json(
        {"error": "AuthenticationRequired", "message": f"Invalid password {PASSWORD}"},
        status=401,
    )
    with pytest.raises(AuthError, match="not accepted") as caught:
        publisher(httpserver).publish(entry("bluesky"))
    assert leaked(str(caught.value), caplog.text) == []
    assert not publisher(httpserver).check().ok


def test_timeout_and_malformed_answers(pds):
    pds.expect_oneshot_request("/xrpc/com.atproto.repo.createRecord").respond_with_data(
        "<html>proxy error</html>", content_type="text/html"
    )
    with pytest.raises(TransientError):
        publisher(pds).publish(entry("bluesky"))
    release = stalled(pds, "/xrpc/com.atproto.repo.createRecord")
    with pytest.raises(TransientError, match="no answer"):
        publisher(pds, timeout=0.3).publish(entry("bluesky"))
    release()


def test_a_thread_cut_short_is_completed_without_doubling_its_start(httpserver, monkeypatch):
    monkeypatch.setenv("SMM_BLUESKY_APP_PASSWORD", PASSWORD)
    share = entry("bluesky", parts=("Part two",))
    root_key = record_key(share)
    xrpc = "/xrpc/com.atproto."
    httpserver.expect_request(xrpc + "server.createSession").respond_with_json(SESSION)
    httpserver.expect_request(xrpc + "server.getSession").respond_with_json(SESSION)
    httpserver.expect_request(
        xrpc + "repo.getRecord", query_string={"collection": "app.bsky.feed.post", "repo": DID,
                                               "rkey": root_key}
    ).respond_with_json(
        {"uri": f"at://{DID}/app.bsky.feed.post/{root_key}", "cid": CID,
         "value": {"$type": "app.bsky.feed.post", "text": TEXT,
                   "createdAt": "2026-11-23T09:00:00Z"}}
    )  # fmt: skip
    httpserver.expect_request(xrpc + "repo.getRecord").respond_with_json(
        {"error": "RecordNotFound", "message": "Could not locate record"}, status=400
    )
    reply_key = record_key(share, 1)
    httpserver.expect_request(xrpc + "repo.createRecord").respond_with_json(
        {"uri": f"at://{DID}/app.bsky.feed.post/{reply_key}", "cid": CID}
    )

    result = publisher(httpserver).publish(share)

    (created,) = _created(httpserver)
    assert created["rkey"] == reply_key
    assert created["record"]["text"] == "Part two"
    assert created["record"]["reply"]["root"]["uri"] == f"at://{DID}/app.bsky.feed.post/{root_key}"
    assert result.thread_ids == (f"at://{DID}/app.bsky.feed.post/{reply_key}",)
    assert not any(r.path.endswith("uploadBlob") for r, _ in httpserver.log)


def test_the_module_loads_no_atproto_until_bluesky_is_used():
    """atproto takes about a second to import: what imports the publisher (the suite, a
    command for other platforms) does not pay for it; the other tests here use it."""
    probe = "import sys, smm_promote.publish.bluesky; print('atproto' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
