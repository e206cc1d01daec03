"""`smm-promote plan`, `smm-promote queue ...` and `smm-promote publish`: the evergreen queue."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from smm_promote.cli.common import (
    config_option,
    console,
    counted,
    err_console,
    get_config,
    read_all,
    report_problems,
    site_option,
    sources_of,
    strict_option,
    with_site,
)
from smm_promote.config import Config
from smm_promote.errors import Problems, SmmPromoteError
from smm_promote.model import STATUSES, Entry
from smm_promote.schedule import exchange
from smm_promote.schedule.store import Store, open_store, store_path

if TYPE_CHECKING:  # the table loads when there is one to print
    from rich.table import Table

now_option = click.option(
    "--now",
    "now_text",
    metavar="DATETIME",
    hidden=True,
    help="Act as if it were this time (ISO 8601), for rehearsals and tests.",
)


def _now(text: str | None, config: Config) -> datetime:
    if not text:
        return datetime.now(UTC)
    try:
        return exchange.parse_when(text, config.tz).astimezone(UTC)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--now") from None


def _store(config: Config, *, must_exist: bool = True) -> Store:
    path = store_path(config)
    if must_exist and not path.exists():
        raise SmmPromoteError(f"no queue at {path}; run `smm-promote plan CONTENT` first")
    return open_store(config)


def _table(entries: list[Entry], config: Config, title: str) -> Table:
    from rich import box
    from rich.table import Table

    pinned = any(e.pinned for e in entries)
    table = Table(
        title=title,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        caption="* pinned: set by hand, planning never moves it" if pinned else None,
        caption_justify="left",
    )
    widths = {"id": len(str(max((e.id for e in entries), default=0))), "due": 20, "platform": 9}
    widths |= {"variant": 9, "status": 8}
    for column, width in widths.items():
        table.add_column(column, no_wrap=True, min_width=max(width, len(column)))
    room = console.width - sum(max(w, len(c)) for c, w in widths.items()) - 3 * len(widths) - 2
    table.add_column("post", overflow="ellipsis", no_wrap=True, max_width=max(10, room))
    for e in entries:
        table.add_row(
            str(e.id),
            e.due.astimezone(config.tz).strftime("%a %Y-%m-%d %H:%M"),
            e.platform,
            e.variant,
            e.status + ("*" if e.pinned else ""),
            e.title or e.post_url,
        )
    return table


# -- plan ------------------------------------------------------------------------------


@click.command("plan")
@click.argument("source", metavar="[PATH_OR_FEED]", required=False)
@click.option("--no-cards", is_flag=True, help="Plan without rendering share cards.")
@click.option(
    "--complete/--partial",
    default=None,
    help="SOURCE holds every post, so posts missing from it cancel their future shares "
    "(default: --complete for a folder, --partial for a file or feed).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the changes as JSON.")
@now_option
@site_option
@config_option
@strict_option
def plan_command(
    source: str | None,
    no_cards: bool,
    complete: bool | None,
    as_json: bool,
    now_text: str | None,
    built_site: Path | None,
    config_path: Path | None,
    strict: bool,
) -> None:
    """Plan the queue for the posts in PATH_OR_FEED, or bring it up to date; print the changes.

    New posts are announced in the next free slot, then shared again at the evergreen
    offsets; running it again adds nothing and updates the text of edited posts.

    \b
    Examples:
      smm-promote plan content/
      smm-promote plan https://example.com/feed.xml
    """
    from smm_promote.pipeline import promote

    config = get_config(config_path, near=source)
    if config.source is None:  # none beside the content: the one for the current folder
        config = get_config(config_path)
    config = with_site(config, built_site)
    now = _now(now_text, config)
    problems = Problems()
    sources = sources_of(source, config)
    posts, config = read_all(sources, config, problems, cache=True)
    if complete is None:
        complete = all(Path(s).is_dir() for s in sources)
    report = promote(
        posts,
        config,
        out_dir=config.path(config.output) / "cards",
        cards=not no_cards,
        plan=True,
        now=now,
        problems=problems,
        progress=sys.stderr.isatty(),
        complete=complete,
        cache=True,
        captions=False,  # the planner writes its entries' own
    ).plan
    if as_json:
        click.echo(
            json.dumps(
                {
                    "added": [e.to_dict() for e in report.added],
                    "updated": [e.to_dict() for e in report.updated],
                    "canceled": [e.to_dict() for e in report.canceled],
                    "moved": report.moved,
                    "waiting": report.waiting,
                    "unplaced": report.unplaced,
                },
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        if report.added:
            console.print(_table(report.added[:50], config, f"{len(report.added)} shares added"))
        for entry in report.updated:
            console.print(f"updated #{entry.id} {entry.platform} {entry.variant}: {entry.title}")
        for entry in report.canceled:
            console.print(f"canceled #{entry.id} {entry.platform}: {entry.post_url}")
        for old, new in report.moved:
            console.print(f"moved: {old} -> {new}")
    click.echo(f"{counted(len(posts), 'post')}: {report.summary()}", err=True)
    report_problems(problems, strict)


# -- queue -----------------------------------------------------------------------------


@click.group("queue")
def queue_group() -> None:
    """Review and edit the evergreen queue.

    \b
    Examples:
      smm-promote queue list --platform mastodon
      smm-promote queue reschedule 42 "2026-05-04 09:00"
      smm-promote queue export --format ics -o calendar.ics
    """


@queue_group.command("list")
@click.option("--platform", help="Only this platform.")
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(STATUSES),
    help="Only these statuses (repeatable; default: planned, claimed and failed).",
)
@click.option("--all", "show_all", is_flag=True, help="Every status.")
@click.option("--limit", type=int, default=50, show_default=True, help="At most this many rows.")
@click.option("--json", "as_json", is_flag=True, help="Print entries as JSON.")
@config_option
def list_command(
    platform: str | None,
    statuses: tuple[str, ...],
    show_all: bool,
    limit: int,
    as_json: bool,
    config_path: Path | None,
) -> None:
    """List queue entries by due time.

    \b
    Example:
      smm-promote queue list --status failed
    """
    config = get_config(config_path)
    chosen = None if show_all else (statuses or ("planned", "claimed", "failed"))
    with _store(config) as store:
        entries = store.entries(platform=platform, statuses=chosen, limit=limit)
        counts = store.counts()
    if as_json:
        click.echo(exchange.to_json(entries), nl=False)
        return
    console.print(_table(entries, config, f"{len(entries)} entries"))
    click.echo(", ".join(f"{n} {s}" for s, n in counts.items() if n), err=True)


@queue_group.command("show")
@click.argument("entry_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print the entry and its history as JSON.")
@config_option
def show_command(entry_id: int, as_json: bool, config_path: Path | None) -> None:
    """Show one entry in full, with its history.

    \b
    Example:
      smm-promote queue show 42
    """
    config = get_config(config_path)
    with _store(config) as store:
        entry = store.get(entry_id)
        if entry is None:
            raise SmmPromoteError(f"no entry {entry_id} in the queue")
        history = store.history(entry_id)
    if as_json:
        data = entry.to_dict()
        data["history"] = [
            {"at": h.at.isoformat(), "from": h.from_status, "to": h.to_status, "note": h.note}
            for h in history
        ]
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    console.print(f"[bold]#{entry.id}[/bold] {entry.platform} {entry.variant} [{entry.status}]")
    pinned = " (pinned)" if entry.pinned else ""
    lines = [f"due      {entry.due.astimezone(config.tz):%a %Y-%m-%d %H:%M %Z}{pinned}"]
    lines.append(f"post     {entry.post_url}")
    if entry.card_path:
        lines.append(f"card     {entry.card_path} ({entry.card_template})")
    if entry.remote_url or entry.remote_id:
        lines.append(f"posted   {entry.remote_url or entry.remote_id}")
    if entry.last_error:
        lines.append(f"error    {entry.last_error}")
    for line in lines:
        console.print(line, highlight=False, soft_wrap=True)
    console.print()
    console.print(entry.text, highlight=False)
    for part in entry.parts:
        console.print("---", style="dim")
        console.print(part, highlight=False)
    console.print()
    for h in history:
        console.print(
            f"{h.at.astimezone(config.tz):%Y-%m-%d %H:%M}  {h.from_status or '-'} -> "
            f"{h.to_status}  {h.note}",
            style="dim",
            highlight=False,
        )


def _set_status(entry_ids: tuple[int, ...], status: str, config_path: Path | None) -> None:
    config = get_config(config_path)
    now = datetime.now(UTC)
    with _store(config) as store:
        for entry_id in entry_ids:
            if store.set_status(entry_id, status, now, f"{status} by hand", expect=("planned",)):
                console.print(f"#{entry_id} {status}")
            else:
                entry = store.get(entry_id)
                why = f"it is {entry.status}" if entry else "no such entry"
                raise SmmPromoteError(f"entry {entry_id} cannot be {status}: {why}")


@queue_group.command("skip")
@click.argument("entry_ids", type=int, nargs=-1, required=True)
@config_option
def skip_command(entry_ids: tuple[int, ...], config_path: Path | None) -> None:
    """Skip planned entries (they keep their place in history; reschedule brings them back).

    \b
    Example:
      smm-promote queue skip 42 43
    """
    _set_status(entry_ids, "skipped", config_path)


@queue_group.command("cancel")
@click.argument("entry_ids", type=int, nargs=-1, required=True)
@config_option
def cancel_command(entry_ids: tuple[int, ...], config_path: Path | None) -> None:
    """Cancel planned entries for good.

    \b
    Example:
      smm-promote queue cancel 42
    """
    _set_status(entry_ids, "canceled", config_path)


@queue_group.command("reschedule")
@click.argument("entry_id", type=int)
@click.argument("when", metavar="WHEN")
@config_option
def reschedule_command(entry_id: int, when: str, config_path: Path | None) -> None:
    """Move a planned, failed or skipped entry to WHEN (site timezone unless an offset is
    given), or to the next free slot with `next`. Planning never moves it again.

    \b
    Examples:
      smm-promote queue reschedule 42 "2026-05-04 09:00"
      smm-promote queue reschedule 42 next
    """
    from smm_promote.schedule.planner import boards_for

    config = get_config(config_path)
    now = datetime.now(UTC)
    with _store(config) as store:
        entry = store.get(entry_id)
        if entry is None:
            raise SmmPromoteError(f"no entry {entry_id} in the queue")
        if when == "next":
            board = boards_for(config, store, [entry.platform])[entry.platform]
            due = board.next_free(now, new=entry.new)
            if due is None:
                raise SmmPromoteError(f"no free {entry.platform} slot in the coming months")
        else:
            try:
                due = exchange.parse_when(when, config.tz).astimezone(UTC)
            except ValueError as exc:
                raise click.BadParameter(str(exc), param_hint="WHEN") from None
        if not store.move(entry_id, due, now, "rescheduled by hand", pinned=True):
            raise SmmPromoteError(f"entry {entry_id} is {entry.status}: it cannot be moved")
    console.print(f"#{entry_id} due {due.astimezone(config.tz):%a %Y-%m-%d %H:%M %Z}")


@queue_group.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json", "ics"]),
    default="json",
    show_default=True,
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of stdout.",
)
@click.option(
    "--date-format",
    default=exchange.CSV_DATE,
    show_default=True,
    help='CSV date format, e.g. "%d/%m/%Y %H:%M" for Hootsuite\'s bulk composer.',
)
@click.option("--platform", help="Only this platform.")
@click.option("--all", "show_all", is_flag=True, help="Every status, not only planned.")
@config_option
def export_command(
    fmt: str,
    output: Path | None,
    date_format: str,
    platform: str | None,
    show_all: bool,
    config_path: Path | None,
) -> None:
    """Export the queue as JSON (to edit and import), CSV (bulk-scheduling tools) or ICS
    (any calendar app).

    \b
    Examples:
      smm-promote queue export --format ics -o calendar.ics
      smm-promote queue export --format json > queue.json
    """
    config = get_config(config_path)
    with _store(config) as store:
        entries = store.entries(platform=platform, statuses=None if show_all else ("planned",))
    if fmt == "ics":
        data: bytes = exchange.to_ics(entries, name=f"{config.site_name or 'Blog'} social queue")
    elif fmt == "csv":
        data = exchange.to_csv(entries, config.tz, date_format).encode()
    else:
        data = exchange.to_json(entries).encode()
    if output:
        output.write_bytes(data)
        click.echo(f"{len(entries)} entries written to {output}", err=True)
    else:
        sys.stdout.buffer.write(data)


@queue_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@config_option
@strict_option
def import_command(file: Path, config_path: Path | None, strict: bool) -> None:
    """Apply an edited JSON export: text, due time, and status (planned/skipped/canceled)
    of entries not yet posted.

    \b
    Example:
      smm-promote queue export > queue.json && $EDITOR queue.json
      smm-promote queue import queue.json
    """
    config = get_config(config_path)
    problems = Problems()
    with _store(config) as store:
        report = exchange.import_json(
            file.read_text(encoding="utf-8"),
            store,
            now=datetime.now(UTC),
            tz=config.tz,
            problems=problems,
            where=str(file),
        )
    click.echo(f"{len(report.changed)} entries changed, {report.unchanged} unchanged", err=True)
    report_problems(problems, strict)


@queue_group.command("resume")
@click.argument("platform")
@config_option
def resume_command(platform: str, config_path: Path | None) -> None:
    """Resume publishing on a platform paused after an authentication error.

    \b
    Example:
      smm-promote queue resume linkedin
    """
    from smm_promote.publish.runner import resume

    config = get_config(config_path)
    with _store(config) as store:
        if not resume(store, platform, datetime.now(UTC)):
            raise SmmPromoteError(f"{platform} is not paused")
    console.print(f"{platform} resumed")


# -- publish ---------------------------------------------------------------------------


@click.command("publish")
@click.option("--dry-run", is_flag=True, help="Show what is due; post nothing, change nothing.")
@click.option("--limit", type=click.IntRange(min=1), help="Post at most N entries.")
@click.option("--platform", help="Only this platform.")
@click.option(
    "--outbox", is_flag=True, help="Write every post into the outbox folder instead of posting."
)
@now_option
@config_option
def publish_command(
    dry_run: bool,
    limit: int | None,
    platform: str | None,
    outbox: bool,
    now_text: str | None,
    config_path: Path | None,
) -> None:
    """Post the queue entries that are due, each once.

    Run it from cron or CI. Missed entries move to the next free slots; errors are
    retried with backoff; an authentication error pauses the platform. An entry left
    claimed by a killed run is checked with the platform before it is sent again.
    Webhooks are delivered at least once, every attempt with the same Idempotency-Key,
    unless `[publish.webhook] status_url` lets the receiver be asked (then exactly once).

    \b
    Examples:
      smm-promote publish --dry-run
      smm-promote publish --limit 1 --platform mastodon
      smm-promote publish --outbox
    """
    from smm_promote.publish.runner import factory_for, run

    config = get_config(config_path)
    now = _now(now_text, config)
    with _store(config) as store:
        report = run(
            config,
            store,
            now=now,
            publishers=factory_for(config, override="outbox" if outbox else None),
            limit=limit,
            platform=platform,
            dry_run=dry_run,
        )
    if dry_run:
        console.print(_table(report.would_post, config, f"{len(report.would_post)} due now"))
        return
    for entry in report.posted:
        console.print(f"[green]posted[/green] #{entry.id} {entry.platform}: {entry.remote_url}")
    for entry, when, why in report.retrying:
        console.print(f"[yellow]later[/yellow] #{entry.id} {entry.platform} at {when}: {why}")
    for entry, why in report.failed:
        err_console.print(f"[red]failed[/red] #{entry.id} {entry.platform}: {why}", highlight=False)
    for entry, why in report.dead_links:
        err_console.print(
            f"[yellow]held[/yellow] #{entry.id} {entry.platform}: {why}; it goes out once the"
            " page answers (`[publish] check_links = false` turns the check off)",
            highlight=False,
        )
    for entry, outcome in report.reconciled:
        console.print(f"after a crash: #{entry.id} {entry.platform} {outcome}")
    for entry, due in report.moved:
        console.print(f"missed #{entry.id} {entry.platform}: moved to {due.astimezone(config.tz)}")
    held = sorted({e.platform for e in report.held})
    if held:
        err_console.print(
            f"{len(report.held)} due entries held: {', '.join(held)} paused or not in"
            " `platforms` (`smm-promote queue resume PLATFORM` once fixed)",
            highlight=False,
        )
    for name, why in report.paused.items():
        err_console.print(
            f"[red]{name} paused[/red]: {why}; fix it, then `smm-promote queue resume {name}`",
            highlight=False,
        )
    click.echo(report.summary(), err=True)
    if report.failed:
        sys.exit(1)


COMMANDS = [plan_command, queue_group, publish_command]
