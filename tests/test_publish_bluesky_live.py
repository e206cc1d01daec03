"""The Bluesky publisher against the reference Bluesky services on loopback (PDS, AppView)."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from publish_support import LINK, TEXT, card_png, config, entry

from smm_promote.publish.bluesky import BlueskyPublisher

if TYPE_CHECKING:
    from atproto import Client

#: One worker runs them all, so the network (a PDS, an AppView, Postgres, Redis) starts once.
pytestmark = [pytest.mark.bluesky, pytest.mark.xdist_group("bluesky-local")]
#: The session fixture `bluesky_network` lives in tests/bluesky_local.py.
pytest_plugins = ["bluesky_local"]


def _publisher(network, monkeypatch) -> BlueskyPublisher:
    monkeypatch.setenv("SMM_BLUESKY_APP_PASSWORD", network["password"])
    monkeypatch.delenv("SMM_BLUESKY_HANDLE", raising=False)
    return BlueskyPublisher.from_config(
        config(bluesky={"handle": network["handle"], "pds": network["pds"]})
    )


def _reader(network) -> Client:
    """A client of the network's PDS logged in as the test account (atproto loads here, on
    the one worker that runs these tests, not at every worker's collection)."""
    from atproto import Client

    reader = Client(f"{network['pds']}/xrpc")
    reader.login(network["handle"], network["password"])
    return reader


def _posts(client: Client, did: str) -> list[str]:
    return list(client.app.bsky.feed.post.list(did, limit=100).records)


def _thread(client: Client, uri: str):
    """The post as the AppView serves it (it indexes new records within seconds)."""
    for _ in range(60):
        try:
            return client.get_post_thread(uri).thread.post
        except Exception:
            time.sleep(0.25)
    raise AssertionError(f"the AppView never served {uri}")


def test_post_with_facets_link_card_and_no_double_on_retry(bluesky_network, monkeypatch, tmp_path):
    network = bluesky_network
    card = card_png(tmp_path / "card.png", size=(1200, 630))
    due = datetime.now(UTC).replace(microsecond=0)
    share = entry("bluesky", card, due=due, idempotency_key=f"live-{due.timestamp()}")
    publisher = _publisher(network, monkeypatch)
    reader = _reader(network)
    before = _posts(reader, network["did"])

    result = publisher.publish(share)

    assert result.remote_id.startswith(f"at://{network['did']}/app.bsky.feed.post/")
    rkey = result.remote_id.rsplit("/", 1)[-1]
    assert result.remote_url == f"https://bsky.app/profile/{network['handle']}/post/{rkey}"

    # Read back from the PDS: text, facets on the right bytes, the thumbnail is our card.
    record = reader.app.bsky.feed.post.get(network["did"], rkey).value
    assert record.text == TEXT
    data = TEXT.encode()
    found = {
        data[f.index.byte_start : f.index.byte_end].decode(): f.features[0] for f in record.facets
    }
    assert set(found) == {LINK, "#SQLite", "#Python"}
    assert found[LINK].uri == LINK
    assert (found["#SQLite"].tag, found["#Python"].tag) == ("SQLite", "Python")
    assert record.facets[0].index.byte_start == TEXT.index(LINK) + 18  # 🧵🎉 and 日本語のメモ
    external = record.embed.external
    assert (external.uri, external.title) == (LINK, "A tiny SQLite queue")
    thumb = external.thumb
    assert thumb.mime_type == "image/png" and thumb.size == card.stat().st_size
    blob = reader.com.atproto.sync.get_blob({"did": network["did"], "cid": thumb.ref.link})
    assert blob == card.read_bytes()
    assert record.langs == ["en"]

    # Read back through the AppView: the link card carries the thumbnail, facets survive.
    post = _thread(reader, result.remote_id)
    assert post.embed.external.uri == LINK
    assert thumb.ref.link in post.embed.external.thumb
    assert [f.features[0].py_type for f in post.record.facets] == [
        "app.bsky.richtext.facet#link",
        "app.bsky.richtext.facet#tag",
        "app.bsky.richtext.facet#tag",
    ]

    # A retry, even from a fresh process (new login), finds the post instead of doubling it.
    again = _publisher(network, monkeypatch).publish(share)
    assert again == result
    assert _publisher(network, monkeypatch).find_recent(share) == result
    assert len(_posts(reader, network["did"])) == len(before) + 1


def test_image_embed_with_alt_and_thread(bluesky_network, monkeypatch, tmp_path):
    network = bluesky_network
    monkeypatch.setenv("SMM_BLUESKY_APP_PASSWORD", network["password"])
    publisher = BlueskyPublisher.from_config(
        config(bluesky={"handle": network["handle"], "pds": network["pds"], "embed": "image"})
    )
    due = datetime.now(UTC).replace(microsecond=0)
    share = entry(
        "bluesky",
        card_png(tmp_path / "c.png"),
        due=due,
        parts=("Part two 🧵",),
        text="1/2 Short link 🎉 blog.example.org/posts/tiny-sq… #SQLite",
        idempotency_key=f"thread-{due.timestamp()}",
    )
    result = publisher.publish(share)
    client = publisher.client
    first = client.app.bsky.feed.post.get(network["did"], result.remote_id.rsplit("/", 1)[-1])
    image = first.value.embed.images[0]
    assert image.alt == "Card: 'A tiny SQLite queue' on blue and orange"
    assert (image.aspect_ratio.width, image.aspect_ratio.height) == (120, 63)
    data = first.value.text.encode()
    link, tag = first.value.facets
    assert (
        data[link.index.byte_start : link.index.byte_end]
        == "blog.example.org/posts/tiny-sq…".encode()
    )
    assert link.features[0].uri == LINK
    assert data[tag.index.byte_start : tag.index.byte_end] == b"#SQLite"
    (reply_uri,) = result.thread_ids
    reply = client.app.bsky.feed.post.get(network["did"], reply_uri.rsplit("/", 1)[-1]).value
    assert reply.text == "Part two 🧵"
    assert reply.reply.root.uri == reply.reply.parent.uri == result.remote_id


def test_wrong_app_password_is_an_auth_failure(bluesky_network, monkeypatch):
    monkeypatch.setenv("SMM_BLUESKY_APP_PASSWORD", "wrong-pass-xyz1")
    publisher = BlueskyPublisher.from_config(
        config(bluesky={"handle": bluesky_network["handle"], "pds": bluesky_network["pds"]})
    )
    status = publisher.check()
    assert not status.ok
    assert "not accepted" in status.message and "wrong-pass-xyz1" not in status.message
    monkeypatch.setenv("SMM_BLUESKY_APP_PASSWORD", bluesky_network["password"])
    good = _publisher(bluesky_network, monkeypatch).check()
    assert good.ok and bluesky_network["did"] in good.message


@pytest.mark.corpus
def test_a_seed_post_planned_with_its_card_and_published_to_the_real_pds(
    bluesky_network, monkeypatch, tmp_path, seeds
):
    """The whole way on real input: a seed post is read, carded, captioned and planned, then
    `smm-promote publish` posts its first share, which the PDS serves back as sent."""
    from click.testing import CliRunner

    from smm_promote.cli import cli
    from smm_promote.config import load_config
    from smm_promote.schedule.store import open_store

    network = bluesky_network
    monkeypatch.setenv("SMM_BLUESKY_APP_PASSWORD", network["password"])
    monkeypatch.delenv("SMM_BLUESKY_HANDLE", raising=False)
    config_file = tmp_path / "smm-promote.toml"
    config_file.write_text(
        f"""
site_url = "https://blog.example.org"
timezone = "UTC"
platforms = ["bluesky"]
[schedule]
slots = ["daily 09:00"]
archive_after_days = 3650  # the first share is not the archive text, too long for tags
[publish.bluesky]
handle = "{network["handle"]}"
pds = "{network["pds"]}"
"""
    )
    seed = seeds / "004_1e34b678f988166c.txt"  # a post with tags of its own: hashtag facets
    runner = CliRunner()
    planned = runner.invoke(
        cli, ["plan", str(seed), "--now", "2026-11-21T08:00:00Z", "--config", str(config_file)]
    )
    assert planned.exit_code == 0, planned.output
    config = load_config(config_file)
    with open_store(config) as store:
        first = min(store.entries(), key=lambda e: e.due)
    assert first.card_path and first.link.startswith("https://blog.example.org/")

    published = runner.invoke(
        cli, ["publish", "--now", first.due.isoformat(), "--config", str(config_file)]
    )

    assert published.exit_code == 0, published.output
    with open_store(config) as store:
        (posted,) = store.entries(statuses=("posted",))
    rkey = posted.remote_id.rsplit("/", 1)[-1]
    reader = _reader(network)
    record = reader.app.bsky.feed.post.get(network["did"], rkey).value
    assert record.text == first.text
    data = record.text.encode()
    links = [f for f in record.facets if f.features[0].py_type.endswith("#link")]
    assert [f.features[0].uri for f in links] == [first.link]
    shown = data[links[0].index.byte_start : links[0].index.byte_end].decode()
    assert shown in first.text and shown.startswith("blog.example.org/")
    tags = {f.features[0].tag for f in record.facets if f.features[0].py_type.endswith("#tag")}
    assert tags and all(f"#{tag}" in first.text for tag in tags)
    external = record.embed.external
    assert (external.uri, external.title) == (
        first.link,
        "5 Effective Steps In Social Media Marketing",
    )
    blob = reader.com.atproto.sync.get_blob({"did": network["did"], "cid": external.thumb.ref.link})
    card = Path(first.card_path).read_bytes()
    assert blob == card if len(card) <= 1_000_000 else len(blob) <= 1_000_000

    again = runner.invoke(
        cli, ["publish", "--now", first.due.isoformat(), "--config", str(config_file)]
    )
    assert again.exit_code == 0
    posts = reader.app.bsky.feed.post.list(network["did"], limit=100).records
    assert sum(1 for uri in posts if uri.endswith(rkey)) == 1
