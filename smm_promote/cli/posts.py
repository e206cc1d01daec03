"""`smm-promote posts`: list the posts a folder, file or feed holds, and what was skipped."""

from __future__ import annotations

import json
import string
from collections import Counter
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.table import Table

from smm_promote.cli.common import (
    config_option,
    console,
    counted,
    get_config,
    report_problems,
    site_option,
    sources_of,
    strict_option,
    with_site,
)
from smm_promote.errors import Problems
from smm_promote.evergreen import decide_all
from smm_promote.sites import detect_lang
from smm_promote.sources import read_source

if TYPE_CHECKING:
    from smm_promote.config import Config


@click.command()
@click.argument("source", metavar="[PATH_OR_FEED]", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the posts as JSON instead of a table.")
@click.option(
    "--all", "show_all", is_flag=True, help="Also list each skipped file and why it is no post."
)
@site_option
@config_option
@strict_option
def posts(
    source: str | None,
    as_json: bool,
    show_all: bool,
    built_site: Path | None,
    config_path: Path | None,
    strict: bool,
) -> None:
    """List the posts found in PATH_OR_FEED: a content folder, a post file, or a feed URL.

    Each post's URL comes from the site's generator rules where its config is found beside
    the content (the `origin` column says which rule), or from the built site (--site);
    files that are no posts (pages, section indexes, robots.txt...) are counted by reason,
    and listed with --all. Without PATH_OR_FEED, the config's `content` folders are read.

    \b
    Examples:
      smm-promote posts content/
      smm-promote posts content/ --all
      smm-promote posts https://example.com/feed.xml --json
    """
    config = with_site(get_config(config_path, near=source, lazily=True), built_site)
    problems = Problems()
    detection = nullcontext() if _shows_language(source, as_json, config) else detect_lang.unused()
    with detection:
        readings = [read_source(s, config, problems) for s in sources_of(source, config)]
    found = sorted(
        decide_all(
            [post for reading in readings for post in reading.posts],
            config.schedule.evergreen_rules,
        ),
        key=lambda p: (p.date is None, -(p.date.timestamp() if p.date else 0), p.title),
    )
    skipped = sorted(item for reading in readings for item in reading.skipped)
    if as_json:
        data = {
            "posts": [p.to_dict() for p in found],
            "skipped": [{"path": path, "reason": reason} for path, reason in skipped],
        }
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        where = source or ", ".join(config.content)
        table = Table(title=f"{len(found)} posts in {where}", title_justify="left")
        for column in ("title", "date", "url", "origin", "tags", "evergreen"):
            table.add_column(column, overflow="fold")
        for post in found:
            table.add_row(
                post.title + (" [dim](draft)[/dim]" if post.draft else ""),
                post.date.date().isoformat() if post.date else "-",
                post.url,
                post.url_origin or "-",
                ", ".join(post.tags) or "-",
                "yes" if post.evergreen and post.promote else f"no {post.evergreen_reason}".strip(),
            )
        console.print(table)
        if show_all and skipped:
            listing = Table(title=f"{counted(len(skipped), 'file')} skipped", title_justify="left")
            listing.add_column("file", overflow="fold")
            listing.add_column("reason", overflow="fold")
            for path, reason in skipped:
                listing.add_row(path, reason)
            console.print(listing)
    if skipped:
        counts = Counter(reason for _path, reason in skipped)
        by_reason = ", ".join(f"{n} {reason}" for reason, n in sorted(counts.items()))
        hint = "" if show_all or as_json else " (--all lists them)"
        click.echo(f"{counted(len(skipped), 'file')} skipped: {by_reason}{hint}", err=True)
    files = len(problems.files())
    click.echo(
        f"{counted(len(found), 'post')} found, {counted(files, 'file')} with warnings", err=True
    )
    report_problems(problems, strict)


def _shows_language(source: str | None, as_json: bool, config: Config) -> bool:
    """Whether what `posts` prints can depend on a language detected in a post's text: the
    JSON lists it, a `{lang}` in `url_pattern` spells it in the URL, and the language versions
    of a folder's posts are merged by it. The table of one file shows none of these, so the
    detector (and numpy under it) is not loaded for it."""
    one_file = source is not None and Path(source).is_file()
    placeholders = {name for _, name, _, _ in string.Formatter().parse(config.url_pattern)}
    return as_json or "lang" in placeholders or not one_file


COMMANDS = [posts]
