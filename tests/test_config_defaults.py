"""The config of no file read without the schema (`defaults.DefaultConfig`): every setting
it answers itself is the schema's default, the rest come from the schema, and `posts` prints
the same with it as with an empty config file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import GERMAN as POST
from cli_support import run_cli

from smm_promote.config import Config, load_config
from smm_promote.defaults import READING, SCHEDULE, DefaultConfig, load_config_lazily
from smm_promote.sites import detect_lang


@pytest.fixture
def user_cache(tmp_path, monkeypatch) -> Path:
    """The user's cache folder, empty, in `tmp_path`."""
    folder = tmp_path / "user-cache"
    monkeypatch.setattr(detect_lang, "cache_folder", lambda: folder)
    return folder


def test_the_settings_it_answers_are_the_schemas_defaults(tmp_path):
    schema = Config.from_mapping({}, base_dir=tmp_path)
    light = DefaultConfig(tmp_path)
    for name in READING:
        assert getattr(light, name) == getattr(schema, name), name
    for name in SCHEDULE:
        assert getattr(light.schedule, name) == getattr(schema.schedule, name), name
    assert light._real is None  # none of these loaded the schema
    assert light.model_fields_set == schema.model_fields_set
    assert (light.tz, light.path("out"), light.source, light.warnings) == (
        schema.tz,
        schema.path("out"),
        None,
        [],
    )


def test_a_copy_with_settings_changed_is_the_schemas_copy(tmp_path):
    update = {"site_url": "https://blog.example", "lang": "de", "timezone": "Europe/Berlin"}
    schema = Config.from_mapping({}, base_dir=tmp_path).model_copy(update=update)
    light = DefaultConfig(tmp_path).model_copy(update=update)
    assert isinstance(light, DefaultConfig)
    assert light.model_fields_set == schema.model_fields_set
    assert [getattr(light, n) for n in READING] == [getattr(schema, n) for n in READING]
    # Any other setting comes from the schema, with the changed values in it.
    assert light.cards.enabled == schema.cards.enabled
    assert light.schedule.templates == schema.schedule.templates
    assert light.model_dump_json() == schema.model_dump_json()


def test_a_config_file_is_read_through_the_schema(tmp_path, user_cache):
    (tmp_path / "smm-promote.toml").write_text('site_url = "https://blog.example"\n')
    config = load_config_lazily(search_from=tmp_path)
    assert isinstance(config, Config) and config.site_url == "https://blog.example"
    # Read again unchanged: the reading settings the schema validated, without it.
    again = load_config_lazily(search_from=tmp_path / "none")
    assert isinstance(again, DefaultConfig) and again.site_url == "https://blog.example"
    assert isinstance(load_config_lazily(search_from=Path("/")), DefaultConfig)


def test_posts_prints_the_same_without_a_config_file_as_with_an_empty_one(tmp_path):
    without, empty = tmp_path / "without", tmp_path / "empty"
    for folder in (without, empty):
        folder.mkdir()
        (folder / "abend.md").write_text(POST, encoding="utf-8")
    (empty / "smm-promote.toml").write_text("")
    env = {"COLUMNS": "200"}
    for args in (["abend.md"], ["abend.md", "--json"], ["."], [".", "--all"]):
        light = run_cli("posts", *args, cwd=without, env=env)
        schema = run_cli("posts", *args, cwd=empty, env=env)
        assert light.returncode == schema.returncode == 0, light.stderr
        assert (light.stdout, light.stderr) == (schema.stdout, schema.stderr)
    table = run_cli("posts", "abend.md", cwd=without, env=env).stdout
    assert "│ Ein Abend am See │ 2024-05-04 │ https://example.com/abend/ │" in table
    [post] = json.loads(run_cli("posts", "abend.md", "--json", cwd=without).stdout)["posts"]
    assert (post["url"], post["lang"], post["evergreen"]) == (
        "https://example.com/abend/",
        "de",
        True,
    )


DEMO_LIKE = """site_url = "https://blog.example.com/"
timezone = "Europe/Berlin"
platforms = ["x", "Mastodon"]
content = ["posts"]

[handles]
mastodon = "@notes@social.example"

[cards]
enabled = false
"""


def test_a_file_validated_before_is_read_without_the_schema_until_it_changes(tmp_path, user_cache):
    config_file = tmp_path / "smm-promote.toml"
    config_file.write_text(DEMO_LIKE, encoding="utf-8")
    first = load_config_lazily(search_from=tmp_path)
    assert isinstance(first, Config)
    kept = load_config_lazily(search_from=tmp_path)
    assert isinstance(kept, DefaultConfig)
    schema = load_config(config_file)
    for name in READING:
        assert getattr(kept, name) == getattr(schema, name), name
    assert kept.site_url == "https://blog.example.com"  # as validated: no trailing slash
    assert (kept.source, kept.base_dir, kept.warnings) == (config_file, tmp_path, [])
    assert kept.model_fields_set == schema.model_fields_set
    assert kept._real is None  # the schema is not loaded for these
    # Any other setting is the file's, through the schema.
    assert (kept.platforms, kept.cards.enabled) == (["x", "mastodon"], False)
    assert kept.model_dump_json() == schema.model_dump_json()
    # An edit of the file is read through the schema again, errors and all.
    config_file.write_text(DEMO_LIKE.replace("Europe/Berlin", "Europe/Nowhere"), "utf-8")
    with pytest.raises(Exception, match="Europe/Nowhere"):
        load_config_lazily(search_from=tmp_path)


@pytest.mark.parametrize(
    "extra",
    [
        '[authors.ana]\nname = "Ana"\n',
        '[[schedule.evergreen_rules]]\ntag = "release"\nevergreen = false\n',
        '[publish.webhook]\nurl = "https://example.com/hook?token=abcdef123456"\n',
    ],
    ids=["authors", "evergreen rules", "a credential"],
)
def test_settings_of_models_and_files_with_credentials_always_take_the_schema(
    tmp_path, user_cache, extra
):
    (tmp_path / "smm-promote.toml").write_text(DEMO_LIKE + extra, encoding="utf-8")
    for _ in range(2):
        assert isinstance(load_config_lazily(search_from=tmp_path), Config)
    kept = user_cache / "configs.json"
    assert not kept.exists() or "abcdef" not in kept.read_text()


def test_a_damaged_or_unwritable_cache_costs_only_the_schema(tmp_path, user_cache):
    (tmp_path / "smm-promote.toml").write_text(DEMO_LIKE, encoding="utf-8")
    user_cache.mkdir()
    (user_cache / "configs.json").write_text("{not json")
    assert isinstance(load_config_lazily(search_from=tmp_path), Config)
    assert isinstance(load_config_lazily(search_from=tmp_path), DefaultConfig)
    (user_cache / "configs.json").unlink()
    (user_cache / "configs.json").mkdir()  # cannot be written
    assert isinstance(load_config_lazily(search_from=tmp_path), Config)
    assert isinstance(load_config_lazily(search_from=tmp_path), Config)
