"""The `smm-promote` command line: thin commands over the library, one module per group.

Command modules are imported only when their command runs, so `--help` and a quick
`smm-promote posts FILE` do not pay for the publishers, the card renderer or the preview.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import io
import os
import sys
import tokenize
from pathlib import Path

import click

from smm_promote import __version__
from smm_promote.errors import SmmPromoteError

#: Every command: its module under `smm_promote.cli` and the click object's name there.
COMMANDS: dict[str, tuple[str, str]] = {
    "accounts": ("accounts", "accounts"),
    "captions": ("captions", "captions"),
    "cards": ("cards", "cards_command"),
    "demo": ("demo", "demo"),
    "plan": ("queue", "plan_command"),
    "posts": ("posts", "posts"),
    "preview": ("preview", "preview"),
    "publish": ("queue", "publish_command"),
    "queue": ("queue", "queue_group"),
    "watch": ("watch", "watch_command"),
}


def _docstring(module: str, attribute: str) -> str:
    """The docstring of function `attribute` in a command module, read without importing it:
    tokenized from its `def` line to its first string (parsing every command module would
    cost more than the rest of `--help`)."""
    source = Path(__file__).with_name(f"{module}.py").read_text(encoding="utf-8")
    start = source.find(f"\ndef {attribute}(")
    if start < 0:
        return ""
    depth, body = 0, False
    for token in tokenize.generate_tokens(io.StringIO(source[start + 1 :]).readline):
        if not body:
            if token.string in ("(", "[", "{"):
                depth += 1
            elif token.string in (")", "]", "}"):
                depth -= 1
            body = token.string == ":" and depth == 0
        elif token.type == tokenize.STRING:
            return inspect.cleandoc(ast.literal_eval(token.string))
        elif token.type not in (tokenize.NEWLINE, tokenize.NL, tokenize.INDENT, tokenize.COMMENT):
            break
    return ""


class LazyGroup(click.Group):
    """A group that imports a command's module only when that command is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context | None, name: str) -> click.Command | None:
        if name in self.commands or name not in COMMANDS:
            return self.commands.get(name)
        module, attribute = COMMANDS[name]
        command = getattr(importlib.import_module(f"smm_promote.cli.{module}"), attribute)
        self.add_command(command, name)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list of `--help`, from the commands' docstrings (nothing imported)."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(map(len, names))
        rows = []
        for name in names:
            command = self.commands.get(name)
            if command is None:
                # A stand-in carrying the docstring gives click's own short help.
                command = click.Command(name, help=_docstring(*COMMANDS[name]))
            rows.append((name, command.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="smm-promote")
def cli() -> None:
    """Promote static-site blog posts: share cards, captions, an evergreen queue, publishers.

    Start with `smm-promote demo` to see the whole job on a sample blog.
    """


def main() -> None:
    from smm_promote.cli.deferred import defer

    defer()
    run_main(cli)


def _error(message: str) -> None:
    """Print `message` (rich markup) to stderr; the console loads only when there is one."""
    from smm_promote.cli.common import err_console

    err_console.print(message, highlight=False, soft_wrap=True)


def run_main(group: click.Group) -> None:
    """Run the click group; known errors print one clean message, never a traceback."""
    try:
        group(standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.Abort:
        _error("aborted")
        sys.exit(130)
    except SmmPromoteError as exc:
        _error(f"[red]error[/red]: {exc}")
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # a bug: say so plainly; the traceback only on request
        if os.environ.get("SMM_PROMOTE_DEBUG"):
            raise
        _error(
            f"[red]internal error[/red]: {type(exc).__name__}: {exc}\n"
            "Set SMM_PROMOTE_DEBUG=1 to see the traceback, and please report it."
        )
        sys.exit(70)
