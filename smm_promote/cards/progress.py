"""A rich progress bar on a terminal; nothing in CI or when output is piped."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn


def interactive(console: Console | None = None) -> bool:
    console = console or Console(stderr=True)
    return console.is_terminal and not os.environ.get("CI")


@contextmanager
def progress_bar(total: int, label: str, *, enabled: bool = True) -> Iterator[Callable[[], None]]:
    """Yield an `advance()` function; draws a bar only on an interactive terminal."""
    console = Console(stderr=True)
    if not enabled or total == 0 or not interactive(console):
        yield lambda: None
        return
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeRemainingColumn())  # fmt: skip
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda: bar.advance(task)
