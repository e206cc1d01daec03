"""`smm-promote plan` then `smm-promote publish` for Mastodon and LinkedIn at once, against one
loopback server speaking both APIs; the queue ends with both entries posted, once."""

from __future__ import annotations

import json

from click.testing import CliRunner
from publish_support import FAKE_ENV

from smm_promote.cli import cli
from smm_promote.config import load_config
from smm_promote.publish.linkedin import escape_little_text
from smm_promote.schedule.store import open_store

POST = """---
title: A tiny SQLite queue (that never doubles)
date: 2026-11-20 10:00:00 +0000
summary: How one SQLite file claims work without posting anything twice.
tags: [sqlite, python]
---
A queue in one SQLite file: claim in a transaction, record in another, and reconcile after a
crash by asking the platform. This is how evergreen shares get posted exactly once.
"""


def test_plan_then_publish_to_two_platforms(httpserver, monkeypatch, tmp_path):
    for key in ("SMM_MASTODON_ACCESS_TOKEN", "SMM_LINKEDIN_ACCESS_TOKEN"):
        monkeypatch.setenv(key, FAKE_ENV[key])
    base = httpserver.url_for("/").rstrip("/")
    httpserver.expect_request("/api/v2/instance").respond_with_json(
        {"configuration": {"statuses": {"max_characters": 500}}}
    )
    httpserver.expect_request("/api/v1/statuses", method="POST").respond_with_json(
        {"id": "110", "url": "https://loop.social/@blog/110"}
    )
    httpserver.expect_request("/rest/posts", method="POST").respond_with_data(
        "", status=201, headers={"x-restli-id": "urn:li:share:7"}
    )
    content = tmp_path / "content"
    content.mkdir()
    (content / "tiny-sqlite-queue.md").write_text(POST)
    config_file = tmp_path / "smm-promote.toml"
    config_file.write_text(
        f"""
site_url = "https://blog.example.org"
timezone = "UTC"
platforms = ["mastodon", "linkedin"]
[schedule]
slots = ["daily 09:00"]
[publish.mastodon]
instance = "{base}"
[publish.linkedin]
author = "urn:li:person:AbC123"
api_url = "{base}"
"""
    )
    runner = CliRunner()
    planned = runner.invoke(
        cli,
        ["plan", str(content), "--no-cards", "--now", "2026-11-21T08:00:00Z",
         "--config", str(config_file)],
    )  # fmt: skip
    assert planned.exit_code == 0, planned.output
    config = load_config(config_file)
    with open_store(config) as store:
        first = {
            p: min((e for e in store.entries() if e.platform == p), key=lambda e: e.due)
            for p in ("mastodon", "linkedin")
        }
    when = max(e.due for e in first.values())

    published = runner.invoke(
        cli, ["publish", "--now", when.isoformat(), "--config", str(config_file)]
    )

    assert published.exit_code == 0, published.output
    posts = [r for r, _ in httpserver.log if r.method == "POST"]
    assert sorted(r.path for r in posts) == ["/api/v1/statuses", "/rest/posts"]
    status = next(r for r in posts if r.path == "/api/v1/statuses")
    mastodon = first["mastodon"]
    assert json.loads(status.get_data())["status"] == mastodon.text
    assert status.headers["Idempotency-Key"] == mastodon.idempotency_key
    assert status.headers["Authorization"] == f"Bearer {FAKE_ENV['SMM_MASTODON_ACCESS_TOKEN']}"
    linkedin_post = json.loads(next(r for r in posts if r.path == "/rest/posts").get_data())
    linkedin = first["linkedin"]
    assert linkedin_post["commentary"] == escape_little_text(linkedin.text)
    assert linkedin_post["content"]["article"]["source"] == linkedin.link
    assert linkedin.link.startswith("https://blog.example.org/")
    with open_store(config) as store:
        posted = {e.platform: e for e in store.entries(statuses=("posted",))}
    assert posted["mastodon"].remote_id == "110"
    assert posted["mastodon"].remote_url == "https://loop.social/@blog/110"
    assert posted["linkedin"].remote_id == "urn:li:share:7"
    assert "https://loop.social/@blog/110" in published.output

    # Run again at the same time: nothing more is posted.
    again = runner.invoke(cli, ["publish", "--now", when.isoformat(), "--config", str(config_file)])
    assert again.exit_code == 0, again.output
    assert len([r for r, _ in httpserver.log if r.method == "POST"]) == 2
    assert [v for v in FAKE_ENV.values() if v in published.output + again.output] == []
