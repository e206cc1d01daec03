"""`smm-promote posts`: list the posts a folder, file or feed holds."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.table import Table

from smm_promote.cli.common import (
    config_option,
    console,
    get_config,
    report_problems,
    strict_option,
)
from smm_promote.errors import Problems
from smm_promote.sources import read_posts


@click.command()
@click.argument("source", metavar="PATH_OR_FEED")
@click.option("--json", "as_json", is_flag=True, help="Print the posts as JSON instead of a table.")
@config_option
@strict_option
def posts(source: str, as_json: bool, config_path: Path | None, strict: bool) -> None:
    """List the posts found in PATH_OR_FEED: a content folder, a post file, or a feed URL.

    \b
    Examples:
      smm-promote posts content/
      smm-promote posts https://example.com/feed.xml --json
    """
    config = get_config(config_path, near=source)
    problems = Problems()
    found = read_posts(source, config, problems)
    found.sort(key=lambda p: (p.date is None, -(p.date.timestamp() if p.date else 0), p.title))
    if as_json:
        click.echo(json.dumps([p.to_dict() for p in found], indent=2, ensure_ascii=False))
    else:
        table = Table(title=f"{len(found)} posts in {source}", title_justify="left")
        for column in ("title", "date", "url", "tags", "evergreen"):
            table.add_column(column, overflow="fold")
        for post in found:
            table.add_row(
                post.title + (" [dim](draft)[/dim]" if post.draft else ""),
                post.date.date().isoformat() if post.date else "-",
                post.url,
                ", ".join(post.tags) or "-",
                "yes" if post.evergreen and post.promote else "no",
            )
        console.print(table)
    files = len(problems.files())
    click.echo(f"{len(found)} posts found, {files} files with warnings", err=True)
    report_problems(problems, strict)


COMMANDS = [posts]
