"""`smm-promote watch`: the feed door, for blogs built by any generator."""

from __future__ import annotations

from pathlib import Path

import click

from smm_promote.cli.common import config_option, console, get_config, report_problems
from smm_promote.errors import Problems
from smm_promote.integrations.settings import parse_interval
from smm_promote.integrations.watch import PollResult, watch
from smm_promote.schedule.store import open_store


def _interval(ctx: click.Context, param: click.Parameter, value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return parse_interval(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _line(result: PollResult) -> tuple[str, str | None]:
    """What one poll of one feed says, and its style."""
    if result.status == "new":
        titles = "; ".join(post.title for post in result.new)
        return f"{result.url}: {len(result.new)} new ({titles})", "green"
    if result.status == "first":
        return (
            f"{result.url}: first poll, {result.remembered} existing items remembered,"
            " not promoted (use --include-existing to promote them)",
            None,
        )
    if result.status == "error":
        return f"{result.url}: {result.error}, retrying at {result.retry_at}", "red"
    if result.status == "waiting":
        return f"{result.url}: backing off until {result.retry_at}", "yellow"
    return f"{result.url}: nothing new", "dim"


def _report(results: list[PollResult]) -> None:
    for result in results:
        text, style = _line(result)
        console.print(text, style=style, soft_wrap=True, highlight=False, markup=False)


@click.command("watch")
@click.argument("feeds", nargs=-1, metavar="FEED_URL...")
@click.option("--once", is_flag=True, help="Poll each feed once and exit (for cron).")
@click.option(
    "--interval",
    callback=_interval,
    metavar="DURATION",
    help="Time between polls, e.g. 15m, 1h, 90s (default: [watch] interval, 15m).",
)
@click.option(
    "--include-existing",
    is_flag=True,
    default=None,
    help="On a feed's first poll, promote the items already in it too.",
)
@config_option
def watch_command(
    feeds: tuple[str, ...],
    once: bool,
    interval: float | None,
    include_existing: bool | None,
    config_path: Path | None,
) -> None:
    """Poll feeds for new items and plan their promotion (FEED_URL... or [watch] feeds).

    Polls are conditional GETs; an item is new when its guid, link and text were not seen
    before (a re-dated old item is not new). The first poll only remembers what is there.
    State is kept in the queue store; errors back off.

    \b
    Examples:
      smm-promote watch https://example.com/feed.xml --once
      smm-promote watch https://example.com/atom.xml --interval 30m
    """
    config = get_config(config_path)
    urls = list(feeds) or config.watch.feeds
    if not urls:
        raise click.UsageError("give a FEED_URL, or list feeds under [watch] feeds in the config")
    problems = Problems()
    shown = 0

    def report(results: list[PollResult]) -> None:
        nonlocal shown
        _report(results)
        report_problems(Problems(problems.items[shown:]), strict=False)
        shown = len(problems)

    with open_store(config) as store:
        watch(
            urls,
            config,
            store,
            once=once,
            interval=interval,
            include_existing=include_existing,
            report=report,
            problems=problems,
        )


COMMANDS = [watch_command]
