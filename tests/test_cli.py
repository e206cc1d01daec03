"""The command line: every command has --help, errors are one clean line, posts lists posts."""

from __future__ import annotations

import json
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from smm_promote import __version__
from smm_promote.cli import cli
from tests.cli_support import run_cli


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """`smm-promote ARGS` in a process of its own (`python -m smm_promote`)."""
    return subprocess.run(
        [sys.executable, "-m", "smm_promote", *args], capture_output=True, text=True, timeout=120
    )


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


@pytest.mark.parametrize("path", list(_commands(cli)), ids=" ".join)
def test_every_command_has_help_with_text(path):
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    command = cli
    for part in path:
        command = command.get_command(click.Context(command), part)
    assert (command.help or "").strip(), f"{' '.join(path)} has no help text"


def test_version():
    result = run("--version")
    assert result.returncode == 0
    assert __version__ in result.stdout


def test_posts_json_lists_what_was_found(fixtures):
    result = run_cli("posts", str(fixtures / "sources" / "hugo_toml.md"), "--json")
    assert result.returncode == 0, result.stderr
    [post] = json.loads(result.stdout)["posts"]
    assert post["title"] == "Hugo post"
    assert post["tags"] == ["Static Sites", "hugo"]
    assert "1 post found, 0 files with warnings" in result.stderr


def test_warnings_name_the_file_and_strict_fails(fixtures):
    target = str(fixtures / "sources" / "broken_yaml.md")
    relaxed = run_cli("posts", target)
    assert relaxed.returncode == 0
    assert "broken_yaml.md:2: broken YAML front matter" in relaxed.stderr
    strict = run_cli("posts", target, "--strict")
    assert strict.returncode == 1
    assert "Traceback" not in strict.stderr


def test_errors_are_one_clean_message(tmp_path):
    missing = run("posts", str(tmp_path / "nowhere"))
    assert missing.returncode == 2
    assert "no such file or folder" in missing.stderr
    assert "Traceback" not in missing.stderr
    bad = tmp_path / "smm-promote.toml"
    bad.write_text('timezone = "Nowhere/Land"\n')
    broken = run("posts", str(tmp_path), "--config", str(bad))
    assert broken.returncode == 2
    assert "timezone (line 1): expected an IANA time zone" in broken.stderr
    assert "Traceback" not in broken.stderr


@pytest.mark.corpus
def test_posts_on_the_seeds(seeds):
    result = run_cli("posts", str(seeds), "--json")
    assert result.returncode == 0, result.stderr
    titles = sorted(p["title"] for p in json.loads(result.stdout)["posts"])
    assert titles == sorted(
        [
            "5 Effective Steps In Social Media Marketing",
            "Social Media Marketing for Bloggers",
            "What is social media marketing and how is it done?",
            "Social Media Marketing (SMM) is a digital marketing strategy",
            "What is social media marketing?",
        ]
    )
    assert "5 posts found, 0 files with warnings" in result.stderr


def test_help_lists_every_command_as_click_would_without_importing_them():
    code = (
        "import sys; from click.testing import CliRunner; from smm_promote.cli import cli; "
        "out = CliRunner().invoke(cli, ['--help']).output; "
        "heavy = [m for m in ('smm_promote.config', 'smm_promote.sources', 'smm_promote.cards', "
        "'smm_promote.publish', 'twitter_text', 'bs4', 'PIL') if m in sys.modules]; "
        "print(repr(heavy)); print(out)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    heavy, lazy_help = done.stdout.split("\n", 1)
    assert heavy == "[]"
    # The same group with every command loaded, listed by click itself.
    loaded = click.Group("cli", help=cli.help, params=cli.params)
    ctx = click.Context(cli)
    for name in cli.list_commands(ctx):
        loaded.add_command(cli.get_command(ctx, name), name)
    eager_help = CliRunner().invoke(loaded, ["--help"]).output
    commands = lambda text: text[text.index("Commands:") :].strip()  # noqa: E731
    assert commands(lazy_help) == commands(eager_help)
    assert "posts     List the posts found in PATH_OR_FEED" in lazy_help
