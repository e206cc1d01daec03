"""The header every benchmark prints first: machine, Python and the commit measured."""

from __future__ import annotations

import os
import platform
import subprocess
from pathlib import Path


def commit() -> str:
    """The checkout's short commit id, with `+` when the work tree has changes."""
    here = Path(__file__).resolve().parent

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=here, capture_output=True, text=True)
        return done.stdout.strip()

    dirty = "+" if git("status", "--porcelain") else ""
    return (git("rev-parse", "--short", "HEAD") or "unknown") + dirty


def header() -> str:
    return (
        f"# {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"commit {commit()}"
    )
