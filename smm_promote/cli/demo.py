"""`smm-promote demo`: the whole job on the sample blog shipped in the package."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import click

from smm_promote.cli.common import console, report_problems
from smm_promote.config import load_config
from smm_promote.demo import BLOG
from smm_promote.errors import Problems, SmmPromoteError
from smm_promote.pipeline import promote
from smm_promote.preview.build import build_preview
from smm_promote.publish.runner import factory_for, run
from smm_promote.schedule.store import open_store
from smm_promote.sources import read_posts

#: The file that marks a folder as the demo's own.
MARKER = ".smm-promote-demo"
#: What the demo writes into its folder (and so all a rerun removes).
WRITTEN = ("blog", "cards", "captions.json", "preview")


def prepare_out(out: Path) -> None:
    """Make `out` ready: a new or empty folder is marked as the demo's; one an earlier demo
    marked loses only what the demo wrote; any other non-empty folder is refused."""
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).is_file():
            raise SmmPromoteError(
                f"{out} is not empty and was not made by `smm-promote demo`; nothing was"
                " changed. Give --out a new or empty folder."
            )
        for name in WRITTEN:
            path = out / name
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            elif path.exists() or path.is_symlink():
                path.unlink()
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text(
        "Written by `smm-promote demo`; a rerun replaces only " + ", ".join(WRITTEN) + " here.\n",
        encoding="utf-8",
    )


@click.command()
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("smm-promote-demo"),
    show_default=True,
    help="Folder to write everything into: a new or empty one, or one an earlier demo made.",
)
def demo(out: Path) -> None:
    """Run the whole job on a sample blog: no account, network or secret needed.

    Reads the sample posts, draws their share cards, writes every platform's captions,
    plans the evergreen queue, publishes what is due into an outbox folder, and builds the
    preview site. Open OUT/preview/index.html to look at the result.

    \b
    Example:
      smm-promote demo --out /tmp/demo
    """
    prepare_out(out)
    blog = out / "blog"
    shutil.copytree(BLOG, blog)
    config = load_config(blog / "smm-promote.toml")
    problems = Problems()
    posts = read_posts(blog / "posts", config, problems)
    now = datetime.now(UTC)
    promotion = promote(
        posts, config, out_dir=out / "cards", plan=True, now=now, problems=problems, complete=True
    )
    captions = {
        url: [
            {"platform": c.platform, "variant": c.variant, "text": c.text, "length": c.length,
             "limit": c.limit}
            for c in items
        ]
        for url, items in promotion.captions.items()
    }  # fmt: skip
    (out / "captions.json").write_text(json.dumps(captions, indent=2, ensure_ascii=False))

    with open_store(config) as store:
        # Publish as the first posting slot arrives, into the outbox: nothing leaves the machine.
        planned = store.entries(statuses=["planned"], limit=1)
        first_slot = planned[0].due if planned else now
        published = run(
            config, store, now=first_slot, publishers=factory_for(config, override="outbox")
        )
        entries = store.entries()
    index = build_preview(promotion, config, out / "preview", entries=entries, now=now)

    card_count = sum(len(c) for c in promotion.cards.values())
    caption_count = sum(len(c) for c in promotion.captions.values())
    console.print(f"[bold]{len(posts)} posts[/bold] read from the sample blog "
                  f"({len(promotion.skipped)} not promoted: "
                  f"{', '.join(sorted({r for _, r in promotion.skipped})) or 'none'})")  # fmt: skip
    console.print(f"{card_count} share cards in {out / 'cards'}")
    console.print(f"{caption_count} captions in {out / 'captions.json'}")
    console.print(f"queue: {promotion.plan.summary()} -> {config.path(config.schedule.store)}")
    console.print(
        f"publishing at the first slot ({first_slot:%Y-%m-%d %H:%M} UTC) into "
        f"{config.path(config.publish.outbox)}: {published.summary()}"
    )
    console.print(f"preview: [link=file://{index.resolve()}]{index}[/link]")
    report_problems(problems, strict=False)


COMMANDS = [demo]
