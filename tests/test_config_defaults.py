"""The config of no file read without the schema (`defaults.DefaultConfig`): every setting
it answers itself is the schema's default, the rest come from the schema, and `posts` prints
the same with it as with an empty config file."""

from __future__ import annotations

import json
from pathlib import Path

from cli_support import GERMAN as POST
from cli_support import run_cli

from smm_promote.config import Config
from smm_promote.defaults import READING, SCHEDULE, DefaultConfig, load_config_lazily


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


def test_a_config_file_is_read_through_the_schema(tmp_path):
    (tmp_path / "smm-promote.toml").write_text('site_url = "https://blog.example"\n')
    config = load_config_lazily(search_from=tmp_path)
    assert isinstance(config, Config) and config.site_url == "https://blog.example"
    assert isinstance(load_config_lazily(search_from=tmp_path / "none"), Config)
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
