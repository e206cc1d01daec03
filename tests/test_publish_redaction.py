"""A credential in a configured URL (userinfo, a token-like query value) never shows: not on
stderr, not in `last_error`, the history or `queue show`; the config file gets a warning."""

from __future__ import annotations

import socket
from datetime import timedelta
from pathlib import Path

from click.testing import CliRunner
from test_queue_support import NOW, fake_caption, make_post

from smm_promote.cli import cli
from smm_promote.config import load_config
from smm_promote.schedule.planner import plan
from smm_promote.schedule.store import Store
from smm_promote.secrets import redact_url, url_secrets

SECRETS = ("hunter2pass", "tok3nVALUE99", "k3y-0123456789abcdefXYZ")


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_url_secrets_are_userinfo_and_token_like_values() -> None:
    url = (
        "https://bot:hunter2pass@hooks.example.com/x?token=tok3nVALUE99&page=2"
        "&api_key=k3y-0123456789abcdefXYZ&lang=en"
    )
    assert url_secrets(url) == list(SECRETS)
    assert redact_url(url) == (
        "https://bot:***@hooks.example.com/x?token=***&page=2&api_key=***&lang=en"
    )
    assert url_secrets("https://blog.example.com/posts/1/?utm_source=x") == []


def test_a_token_in_the_webhook_url_never_shows(tmp_path: Path) -> None:
    url = (f"http://bot:hunter2pass@127.0.0.1:{_closed_port()}/hook?token=tok3nVALUE99"
           "&api_key=k3y-0123456789abcdefXYZ")  # fmt: skip
    config_file = tmp_path / "smm-promote.toml"
    config_file.write_text(
        'site_url = "https://blog.example.com"\nplatforms = ["x"]\n'
        f'[schedule]\nmax_attempts = 1\npublisher = {{x = "webhook"}}\n'
        f'[publish.webhook]\nurl = "{url}"\ntimeout = 2\n'
    )
    config = load_config(config_file)
    assert config.warnings == [
        f"{config_file}: publish.webhook.url holds a credential (userinfo, token, api_key);"
        " give the URL through SMM_WEBHOOK_URL instead"
    ]
    with Store(config.path(config.schedule.store)) as store:
        plan([make_post(1, age_days=0.1)], config, store, now=NOW, captions_fn=fake_caption)
        first = store.entries()[0].id
    runner = CliRunner()
    args = ["--config", str(config_file)]
    later = (NOW + timedelta(hours=2)).isoformat()
    done = runner.invoke(cli, ["publish", "--now", later, *args])
    show = runner.invoke(cli, ["queue", "show", str(first), *args])
    as_json = runner.invoke(cli, ["queue", "show", str(first), "--json", *args])
    with Store(config.path(config.schedule.store)) as store:
        entry = store.get(first)
        notes = " ".join(h.note for h in store.history(first))
    assert entry.status == "failed" and "could not reach" in entry.last_error
    assert "***" in entry.last_error
    assert "holds a credential" in done.stderr
    for text in (done.stdout, done.stderr, show.stdout, as_json.stdout, entry.last_error, notes):
        assert not [s for s in SECRETS if s in text], text
