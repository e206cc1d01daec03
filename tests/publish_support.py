"""Shared pieces of the publisher tests: entries, a card image, fake credentials."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

from PIL import Image

from smm_promote.config import Config
from smm_promote.model import Entry

DUE = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
LINK = "https://blog.example.org/posts/tiny-sqlite-queue/"
#: Emoji and CJK before the link, so byte offsets differ from code-point offsets.
TEXT = f"Queues that cannot double-post 🧵🎉 日本語のメモ {LINK} #SQLite #Python"

#: Fake credentials: every test that fails a request checks none of these leaks.
FAKE_ENV = {
    "SMM_X_CONSUMER_KEY": "fake-x-consumer-key-1111",
    "SMM_X_CONSUMER_SECRET": "fake-x-consumer-secret-2222",
    "SMM_X_ACCESS_TOKEN": "fake-x-access-token-3333",
    "SMM_X_ACCESS_TOKEN_SECRET": "fake-x-access-secret-4444",
    "SMM_MASTODON_ACCESS_TOKEN": "fake-mastodon-token-5555",
    "SMM_BLUESKY_APP_PASSWORD": "fake-bsky-app-pass-6666",
    "SMM_LINKEDIN_ACCESS_TOKEN": "fake-linkedin-token-7777",
    "SMM_FACEBOOK_PAGE_TOKEN": "fake-facebook-token-8888",
    "SMM_THREADS_ACCESS_TOKEN": "fake-threads-token-9999",
    "SMM_INSTAGRAM_ACCESS_TOKEN": "fake-instagram-token-aaaa",
    "SMM_PINTEREST_ACCESS_TOKEN": "fake-pinterest-token-bbbb",
    "SMM_WEBHOOK_SECRET": "fake-webhook-secret-cccc",
}


def card_png(path: Path, size: tuple[int, int] = (120, 63)) -> Path:
    """A small real PNG card: blue left half, orange right half."""
    image = Image.new("RGB", size, (30, 90, 200))
    image.paste((240, 140, 20), (size[0] // 2, 0, size[0], size[1]))
    image.save(path, "PNG")
    return path


def png_bytes(size: tuple[int, int] = (120, 63)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 90, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def entry(platform: str, card: Path | None = None, **changes) -> Entry:
    values = dict(
        id=7,
        post_url=LINK,
        content_hash="abc123",
        platform=platform,
        variant="launch",
        text=TEXT,
        due=DUE,
        link=LINK,
        title="A tiny SQLite queue",
        description="How a queue in one SQLite file claims work without doubles.",
        card_path=str(card) if card else None,
        card_url="https://blog.example.org/cards/tiny-sqlite-queue.jpg",
        alt="Card: 'A tiny SQLite queue' on blue and orange",
        lang="en",
        idempotency_key=f"{LINK}|{platform}|1",
    )
    values.update(changes)
    return Entry(**values)


def config(**publish) -> Config:
    return Config.from_mapping({"site_url": "https://blog.example.org", "publish": publish})


def leaked(*texts: str) -> list[str]:
    """Fake secrets found in any of `texts`."""
    return [v for v in FAKE_ENV.values() for t in texts if v in t]


def stalled(httpserver, path: str):
    """Answer `path` only after the test lets go: call the returned `release()` once the
    client has timed out; it waits until that late answer is in the server's log, so
    nothing spills over into the next test's log."""
    import threading
    import time

    from werkzeug import Response

    gate = threading.Event()
    seen = []

    def handler(request):
        seen.append(request)
        gate.wait(5)
        return Response("{}", content_type="application/json")

    httpserver.expect_oneshot_request(path).respond_with_handler(handler)

    def release() -> None:
        gate.set()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            if seen and any(r is seen[0] for r, _ in httpserver.log):
                return
            time.sleep(0.01)

    return release
