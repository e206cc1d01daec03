"""Config: one schema, read from smm-promote.toml or pyproject.toml, with precise errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from smm_promote.config import Config, find_config, load_config
from smm_promote.errors import ConfigError


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_any_file(tmp_path):
    config = load_config(search_from=tmp_path)
    assert config.source is None
    assert config.timezone == "UTC"
    assert config.platforms == ["x", "mastodon", "bluesky", "linkedin"]
    assert config.schedule.offsets == [3, 10, 30, 90, 180, 365]


def test_reads_smm_promote_toml_and_resolves_paths(tmp_path):
    write(
        tmp_path / "smm-promote.toml",
        'site_url = "https://blog.example/"\ntimezone = "Europe/Berlin"\n'
        'platforms = ["X", "bluesky"]\n[schedule]\nstore = "state/q.db"\n',
    )
    (tmp_path / "content").mkdir()
    config = load_config(search_from=tmp_path / "content")
    assert config.site_url == "https://blog.example"
    assert config.platforms == ["x", "bluesky"]
    assert config.tz.key == "Europe/Berlin"
    assert config.path(config.schedule.store) == tmp_path / "state" / "q.db"


def test_reads_tool_table_of_pyproject(tmp_path):
    write(
        tmp_path / "pyproject.toml",
        '[project]\nname = "blog"\n\n[tool.smm-promote]\nsite_name = "My Blog"\n'
        "[tool.smm-promote.captions]\nutm = false\n",
    )
    assert find_config(tmp_path) == tmp_path / "pyproject.toml"
    config = load_config(search_from=tmp_path)
    assert config.site_name == "My Blog"
    assert config.captions.utm is False


def test_every_problem_is_reported_with_file_key_line_and_expectation(tmp_path):
    path = write(
        tmp_path / "smm-promote.toml",
        'site_url = "blog.example"\n'
        'platfroms = ["x"]\n'
        'timezone = "Mars/Olympus"\n'
        "[schedule]\n"
        'offsets = [3, "soon"]\n',
    )
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    error = caught.value
    assert error.origin == str(path)
    assert sorted(error.problems) == sorted(
        [
            "site_url (line 1): expected an absolute http(s) URL, got 'blog.example'",
            "platfroms (line 2): unknown key; did you mean 'platforms'?",
            "timezone (line 3): expected an IANA time zone like 'Europe/Berlin', got 'Mars/Olympus'",
            "schedule.offsets.1 (line 5): Input should be a valid integer, "
            "unable to parse string as an integer (got 'soon')",
        ]
    )
    assert str(path) in str(error)


def test_unknown_platform_names_the_known_ones():
    with pytest.raises(ConfigError) as caught:
        Config.from_mapping({"platforms": ["myspace"]}, source="pelicanconf.py")
    [problem] = caught.value.problems
    assert problem.startswith("platforms: unknown platform 'myspace', expected some of x, mastodon")


def test_broken_toml_names_the_file(tmp_path):
    path = write(tmp_path / "smm-promote.toml", "site_url = \n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(path)


def test_missing_explicit_file(tmp_path):
    with pytest.raises(ConfigError, match="file not found"):
        load_config(tmp_path / "nope.toml")
