"""Every config value out of its sane range is a config error naming its key and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from smm_promote.cli import cli
from smm_promote.config import load_config
from smm_promote.errors import ConfigError

HEAD = 'site_url = "https://blog.example.com"\n'


@pytest.mark.parametrize(
    ("text", "key", "line"),
    [
        ("[schedule]\nbackoff_minutes = inf\n", "schedule.backoff_minutes", 3),
        ("[schedule]\nbackoff_minutes = 1e9\n", "schedule.backoff_minutes", 3),
        ("[schedule]\noffsets = [999999999]\n", "schedule.offsets", 3),
        ("[schedule]\nhorizon_days = 99999999\n", "schedule.horizon_days", 3),
        ("[schedule]\nmin_gap_days = inf\n", "schedule.min_gap_days", 3),
        ("[schedule]\ncatch_up_hours = inf\n", "schedule.catch_up_hours", 3),
        ("[schedule]\nmax_attempts = 100000\n", "schedule.max_attempts", 3),
        ("[schedule]\ndaily_cap = 1000000\n", "schedule.daily_cap", 3),
        ("[schedule.platforms.x]\noffsets = [0, 99999999]\n", "schedule.platforms.x.offsets", 3),
        ('[schedule]\nstore = "queue\\u0000.db"\n', "schedule.store", 3),
        ("[publish.webhook]\ntimeout = -1\n", "publish.webhook.timeout", 3),
        ("[publish.webhook]\ntimeout = nan\n", "publish.webhook.timeout", 3),
        ("[publish.mastodon]\ntimeout = inf\n", "publish.mastodon.timeout", 3),
        ("[publish]\nexpiry_warning_days = -5\n", "publish.expiry_warning_days", 3),
        ("[captions]\nhashtags = {x = 100000}\n", "captions.hashtags.x", 3),
        ("[captions]\nlimits = {x = -1}\n", "captions.limits.x", 3),
        ('[watch]\ninterval = "99999999999d"\n', "watch.interval", 3),
        ('output = "out\\u0000put"\n', "output", 2),
    ],
)
def test_out_of_range_values_name_key_and_line(
    tmp_path: Path, text: str, key: str, line: int
) -> None:
    path = tmp_path / "smm-promote.toml"
    path.write_text(HEAD + text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert any(p.startswith(f"{key} (line {line}): ") for p in caught.value.problems), (
        caught.value.problems
    )


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b'site_url = "https://blog.example.com"\nsite_name = "Caf\xe9"\n',
         "not UTF-8 text: byte 0xe9 on line 2"),
        (bytes(range(256)) * 4, "not UTF-8 text: byte 0x80 on line 2"),
        (b"x = " + b"[" * 5000 + b"]" * 5000 + b"\n",
         "not valid TOML: arrays or tables nested too deeply"),
    ],
    ids=["latin-1", "binary", "nested"],
)  # fmt: skip
def test_unreadable_config_files_are_config_errors(
    tmp_path: Path, data: bytes, problem: str
) -> None:
    path = tmp_path / "smm-promote.toml"
    path.write_bytes(data)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert caught.value.problems == [problem] or caught.value.problems[0].startswith(problem)
    result = CliRunner().invoke(cli, ["posts", str(tmp_path), "--config", str(path)])
    assert "internal error" not in result.output + result.stderr
    assert isinstance(result.exception, ConfigError | SystemExit)
