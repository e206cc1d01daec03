"""Shared CLI plumbing: config loading, printing problems, turning errors into exit codes."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console

from smm_promote.errors import Problems

if TYPE_CHECKING:  # the config schema loads when a command needs it
    from smm_promote.config import Config
    from smm_promote.model import Post

console = Console()
err_console = Console(stderr=True)


def counted(number: int, noun: str) -> str:
    """`number` and the English `noun`, plural unless the number is one: "1 post", "3 posts"."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Config file (default: the nearest smm-promote.toml, or [tool.smm-promote] in pyproject).",
)
strict_option = click.option(
    "--strict", is_flag=True, help="Exit non-zero when any input produced a warning."
)
site_option = click.option(
    "--site",
    "built_site",
    type=click.Path(exists=True, path_type=Path),
    help="Built site folder, sitemap or feed to take the posts' real URLs from "
    "(default: `site` in the config, else a sitemap.xml found beside the content).",
)


def with_site(config: Config, built_site: Path | None) -> Config:
    """`config` with `--site` as its `site` setting, when given."""
    if built_site is None:
        return config
    updated = config.model_copy(update={"site": str(built_site.resolve())})
    updated.source, updated.base_dir = config.source, config.base_dir
    return updated


def sources_of(source: str | None, config: Config) -> list[str]:
    """The PATH_OR_FEED given, else the config's `content` folders; a usage error if none."""
    if source:
        return [source]
    found = [str(config.path(p)) for p in config.content]
    if not found:
        raise click.UsageError("give PATH_OR_FEED, or list folders in `content` in the config")
    return found


def read_all(
    sources: list[str], config: Config, problems: Problems, *, cache: bool = False
) -> tuple[list[Post], Config]:
    """The posts of every source, in order, and the config with the site's own settings
    (base URL, time zone, language) filled in where smm-promote.toml sets none. With
    `cache`, files unchanged since the last run are not read again."""
    from smm_promote.sources import read_source

    posts: list[Post] = []
    effective = config
    for source in sources:
        reading = read_source(source, config, problems, cache=cache)
        posts.extend(reading.posts)
        effective = reading.config or effective
    return posts, effective


def get_config(
    config_path: Path | None, near: str | Path | None = None, *, lazily: bool = False
) -> Config:
    """The config from `--config`, or the nearest one to `near` (a path), or defaults.
    `lazily`: with no config file, the defaults load the schema only for settings that
    reading posts does not ask for (`defaults.DefaultConfig`)."""
    from smm_promote.defaults import load_config_lazily

    search = Path(near) if near and not str(near).startswith(("http://", "https://")) else None
    if search is not None and not search.exists():
        search = None
    if lazily:
        config = load_config_lazily(config_path, search_from=search)
    else:
        from smm_promote.config import load_config

        config = load_config(config_path, search_from=search)
    for warning in config.warnings:
        err_console.print(f"[yellow]warning[/yellow]: {warning}", highlight=False, soft_wrap=True)
    return config


def report_problems(problems: Problems, strict: bool) -> None:
    """Print info lines and warnings to stderr; under --strict, exit 1 if there were any
    warnings."""
    for note in problems.notes:
        err_console.print(f"info: {note}", highlight=False, soft_wrap=True)
    for problem in problems:
        err_console.print(f"[yellow]warning[/yellow]: {problem}", highlight=False, soft_wrap=True)
    if strict and len(problems):
        err_console.print(f"[red]{len(problems)} warning(s) and --strict given[/red]")
        sys.exit(1)
