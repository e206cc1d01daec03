"""The `smm-promote` command line: thin commands over the library, one module per group."""

from __future__ import annotations

import importlib

import click

from smm_promote import __version__
from smm_promote.cli.common import run_main


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="smm-promote")
def cli() -> None:
    """Promote static-site blog posts: share cards, captions, an evergreen queue, publishers.

    Start with `smm-promote demo` to see the whole job on a sample blog.
    """


#: One module per command group; each exposes `COMMANDS`, a list of click commands.
COMMAND_MODULES = (
    "accounts",
    "posts",
    "captions",
    "cards",
    "demo",
    "watch",
    "queue",
    "preview",
)


def _register() -> None:
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"smm_promote.cli.{name}")
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main() -> None:
    run_main(cli)
