"""`smm-promote preview`: a static site showing the cards, captions and calendar."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from smm_promote.cli.common import (
    config_option,
    console,
    counted,
    err_console,
    get_config,
    report_problems,
    site_option,
    sources_of,
    strict_option,
    with_site,
)
from smm_promote.config import Config
from smm_promote.errors import SmmPromoteError


@click.command()
@click.argument("source", metavar="[PATH_OR_FEED]", required=False)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the site to (default: preview/ in the configured output folder).",
)
@click.option("--serve", is_flag=True, help="Serve the preview on localhost; rebuild on change.")
@click.option("--port", default=8000, show_default=True, help="Port for --serve (0: any free).")
@site_option
@config_option
@strict_option
def preview(
    source: str | None,
    out_dir: Path | None,
    serve: bool,
    port: int,
    built_site: Path | None,
    config_path: Path | None,
    strict: bool,
) -> None:
    """Write a preview site of what will be shared: every post's cards and captions as each
    platform shows them, the content calendar, and an overview with warnings.

    PATH_OR_FEED is a content folder, a post file or a feed URL; without it, the `content`
    folders of the config are used. The queue is never changed: planning is tried on a copy.

    \b
    Examples:
      smm-promote preview content/
      smm-promote preview https://example.com/feed.xml --out /tmp/preview
      smm-promote preview --serve --port 8001
    """
    from smm_promote.preview.run import default_out, make_preview

    config = with_site(get_config(config_path, near=source), built_site)
    sources = sources_of(source, config)
    out = out_dir or default_out(config)
    run = make_preview(sources, config, out, live=serve, progress=console.is_terminal)
    stats = (
        f"{counted(len(run.promotion.posts), 'post')}, "
        f"{counted(sum(map(len, run.promotion.cards.values())), 'card')}, "
        f"{counted(sum(map(len, run.promotion.captions.values())), 'caption')}, "
        f"{counted(len(run.entries), 'share')}"
    )
    console.print(f"Preview written to [bold]{run.index}[/bold] ({stats})", highlight=False)
    report_problems(run.problems, strict and not serve)
    if serve:
        reload = lambda: with_site(get_config(config_path, near=source), built_site)  # noqa: E731
        _serve(sources, config, reload, out, port)


def _serve(
    sources: list[str], config: Config, reload: Callable[[], Config], out: Path, port: int
) -> None:
    """Serve `out` and rebuild it whenever a local source, the config file or the queue
    changes (so `publish` run meanwhile shows up as posted)."""
    from smm_promote.preview.run import cards_dir, make_preview
    from smm_promote.preview.serve import PreviewServer, watch_and_rebuild
    from smm_promote.schedule.store import store_path

    server = PreviewServer(out, port=port).start()
    local = [Path(s) for s in sources if not s.startswith(("http://", "https://"))]
    if config.source:
        local.append(config.source)
    console.print(f"Serving {server.url}  (Ctrl-C to stop)", highlight=False)
    if len(local) < len(sources):
        err_console.print("feeds are not watched; the config and the queue are")

    def rebuild(changed: set[Path]) -> None:
        names = ", ".join(sorted(p.name for p in changed)[:3])
        try:
            run = make_preview(sources, reload(), out, live=True, progress=False)
        except SmmPromoteError as exc:
            err_console.print(f"[red]error[/red]: {exc}", highlight=False)
            return
        console.print(f"Rebuilt after changes to {names}: {len(run.entries)} shares")

    try:
        watch_and_rebuild(
            local,
            rebuild,
            ignore=[out, cards_dir(config), config.path(config.output)],
            files=[store_path(config)],
        )
    finally:
        server.stop()


COMMANDS = [preview]
