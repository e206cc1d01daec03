"""`smm-promote accounts check`: are the credentials of each enabled platform in place?"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.table import Table

from smm_promote.cli.common import config_option, console, get_config
from smm_promote.config import PLATFORMS
from smm_promote.publish.accounts import check_accounts, expiring


@click.group()
def accounts() -> None:
    """Platform accounts: check the credentials publishing will use."""


@accounts.command("check")
@config_option
@click.option(
    "--platform",
    "-p",
    "platforms",
    multiple=True,
    type=click.Choice([*PLATFORMS, "webhook"]),
    help="Check only this platform (repeatable). Default: every enabled platform.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def check(config_path: Path | None, platforms: tuple[str, ...], as_json: bool) -> None:
    """Say, per enabled platform, whether its credentials are set and accepted.

    Nothing is posted: each platform is asked who the token belongs to (and, where it
    tells, when the token expires). Credentials come from environment variables only,
    e.g. SMM_MASTODON_ACCESS_TOKEN; see the README for each platform's names.
    Exits 1 when any platform is not ready.

    Example:

        smm-promote accounts check -p mastodon -p bluesky
    """
    config = get_config(config_path)
    statuses = check_accounts(config, platforms or None)
    if as_json:
        rows = [
            {
                "platform": s.platform,
                "ok": s.ok,
                "message": s.message,
                "expires_at": s.expires_at.isoformat() if s.expires_at else None,
                "expiring": expiring(s, config),
            }
            for s in statuses
        ]
        click.echo(json.dumps(rows, indent=2))
    else:
        table = Table(title="Accounts", show_lines=False)
        table.add_column("platform")
        table.add_column("status")
        table.add_column("details", overflow="fold")
        for s in statuses:
            if not s.ok:
                state = "[red]not ready[/red]"
            elif expiring(s, config):
                state = "[yellow]expires soon[/yellow]"
            else:
                state = "[green]ok[/green]"
            table.add_row(s.platform, state, s.message)
        console.print(table)
    if not all(s.ok for s in statuses):
        sys.exit(1)


COMMANDS = [accounts]
