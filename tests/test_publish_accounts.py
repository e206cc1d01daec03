"""`smm-promote accounts check` against loopback servers: present, accepted, expiring, missing."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta

from click.testing import CliRunner
from publish_support import FAKE_ENV, leaked

from smm_promote.cli import cli


def test_accounts_check_reports_each_enabled_platform(httpserver, monkeypatch, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    for key in FAKE_ENV:
        monkeypatch.delenv(key, raising=False)
    monkeypatch.delenv("SMM_WEBHOOK_URL", raising=False)
    monkeypatch.setenv("SMM_MASTODON_ACCESS_TOKEN", FAKE_ENV["SMM_MASTODON_ACCESS_TOKEN"])
    monkeypatch.setenv("SMM_FACEBOOK_PAGE_TOKEN", FAKE_ENV["SMM_FACEBOOK_PAGE_TOKEN"])
    monkeypatch.setenv("SMM_X_CONSUMER_KEY", FAKE_ENV["SMM_X_CONSUMER_KEY"])
    base = httpserver.url_for("/").rstrip("/")
    soon = datetime.now(UTC) + timedelta(days=2, hours=2)
    httpserver.expect_request("/api/v1/accounts/verify_credentials").respond_with_json(
        {"id": "1", "acct": "blog"}
    )
    httpserver.expect_request("/api/v2/instance").respond_with_json(
        {"configuration": {"statuses": {"max_characters": 11000}}}
    )
    httpserver.expect_request("/v21.0/debug_token").respond_with_json(
        {"data": {"is_valid": True, "expires_at": int(soon.timestamp())}}
    )
    (tmp_path / "smm-promote.toml").write_text(
        f"""
platforms = ["mastodon", "facebook", "x"]
[publish.mastodon]
instance = "{base}"
[publish.facebook]
page_id = "1040"
graph_url = "{base}"
"""
    )
    result = CliRunner().invoke(
        cli, ["accounts", "check", "--json", "--config", str(tmp_path / "smm-promote.toml")]
    )

    assert result.exit_code == 1, result.output
    rows = {row["platform"]: row for row in json.loads(result.output)}
    assert rows["mastodon"] == {
        "platform": "mastodon",
        "ok": True,
        "message": "authenticated as @blog (instance allows 11000 characters)",
        "expires_at": None,
        "expiring": False,
    }
    assert rows["facebook"]["ok"] and rows["facebook"]["expiring"]
    assert "(in 2 days: renew it soon)" in rows["facebook"]["message"]
    assert rows["x"] == {
        "platform": "x",
        "ok": False,
        "message": "missing environment variable(s): SMM_X_CONSUMER_SECRET, "
        "SMM_X_ACCESS_TOKEN, SMM_X_ACCESS_TOKEN_SECRET",
        "expires_at": None,
        "expiring": False,
    }
    debug = next(r for r, _ in httpserver.log if r.path.endswith("debug_token"))
    assert debug.args["input_token"] == FAKE_ENV["SMM_FACEBOOK_PAGE_TOKEN"]
    assert leaked(result.output) == []
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name != "werkzeug")
    assert "debug_token?input_token=***" in ours  # urllib3's request line, scrubbed
    assert leaked(ours) == []
    # No request posted anything.
    assert {r.method for r, _ in httpserver.log} == {"GET"}


def test_accounts_check_table_and_only_the_chosen_platform(monkeypatch, tmp_path):
    monkeypatch.delenv("SMM_BLUESKY_APP_PASSWORD", raising=False)
    (tmp_path / "smm-promote.toml").write_text('platforms = ["bluesky", "x"]\n')
    result = CliRunner().invoke(
        cli, ["accounts", "check", "-p", "bluesky", "--config", str(tmp_path / "smm-promote.toml")]
    )
    assert result.exit_code == 1
    assert "bluesky" in result.output and "not ready" in result.output
    assert "SMM_BLUESKY_APP_PASSWORD" in result.output
    assert "SMM_X_" not in result.output
