"""`smm-promote cards`: draw the share cards of posts, a contact sheet, a debug overlay."""

from __future__ import annotations

from pathlib import Path

import click

from smm_promote.cards.render import RunStats, render_cards
from smm_promote.cards.settings import SIZES
from smm_promote.cards.sheet import contact_sheet
from smm_promote.cli.common import (
    config_option,
    console,
    get_config,
    read_all,
    report_problems,
    site_option,
    sources_of,
    strict_option,
    with_site,
)
from smm_promote.errors import Problems


@click.command("cards")
@click.argument("path_or_feed", required=False)
@click.option("--template", "-t", "templates", multiple=True, help="Template name (repeatable).")
@click.option("--size", "-s", "sizes", multiple=True, type=click.Choice(list(SIZES)),
              help="Card size (repeatable; default: og plus the platforms' sizes).")  # fmt: skip
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (default: <output>/cards next to the config).")  # fmt: skip
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", "png", "jpeg", "webp"]),
    help="Image format (default auto: JPEG over a photo, else PNG).",
)
@click.option("--sheet", is_flag=True, help="Also write contact-sheet.png with every card.")
@click.option("--debug", is_flag=True, help="Outline and label each layer's box.")
@site_option
@config_option
@strict_option
def cards_command(
    path_or_feed, templates, sizes, out_dir, fmt, sheet, debug, built_site, config_path, strict
):
    """Draw share cards for the posts in PATH_OR_FEED (folder, file or feed URL).

    Unchanged cards are not drawn again; replaced ones are removed.

    Example:

    \b
        smm-promote cards content/ --template classic --template quote --size og --sheet
    """
    config = with_site(get_config(config_path, near=path_or_feed), built_site)
    if fmt:
        config.cards.format = fmt
    problems = Problems()
    sources = sources_of(path_or_feed, config)
    found, config = read_all(sources, config, problems, cache=True)
    posts = [p for p in found if not p.draft]
    target = out_dir or config.path(config.output) / "cards"
    stats = RunStats()
    cards = render_cards(posts, config, target, problems=problems, templates=templates or None,
                         sizes=sizes or None, debug=debug, stats=stats)  # fmt: skip
    every = [card for group in cards.values() for card in group]
    console.print(
        f"{len(every)} card(s) for {len(cards)} post(s) in {target}: "
        f"{stats.drawn} drawn, {stats.cached} unchanged, {stats.removed} stale removed",
        highlight=False,
        soft_wrap=True,
    )
    if sheet and every:
        path = contact_sheet(every, target / "contact-sheet.png")
        console.print(f"contact sheet: {path}", highlight=False, soft_wrap=True)
    report_problems(problems, strict)


COMMANDS = [cards_command]
