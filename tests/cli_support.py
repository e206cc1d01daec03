"""`smm-promote ARGS` run in the test process through its entry point: what the command
prints and the exit code it ends with, without starting an interpreter (and reading every
module again) per command. The tests that must see a real process start one themselves."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path

from smm_promote.cli import common, main


def run_cli(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`smm-promote ARGS` from `cwd` with `env` added to the environment, as
    `smm_promote.cli.main` runs it: its exit code (`SystemExit`, else 0), standard output and
    standard error, in the shape of a finished `subprocess.run`. The consoles take their width
    from `COLUMNS` as a new process's would (they read it once, when made)."""
    out, err = io.StringIO(), io.StringIO()
    consoles = (common.console, common.err_console)
    widths = [console._width for console in consoles]
    saved_argv, saved_cwd = sys.argv, Path.cwd()
    saved_env = {name: os.environ.get(name) for name in env or {}}
    code: int | str | None = 0
    try:
        sys.argv = ["smm-promote", *args]
        os.environ.update(env or {})
        if (env or {}).get("COLUMNS", "").isdigit():
            for console in consoles:
                console.width = int(env["COLUMNS"])
        if cwd is not None:
            os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main()
            except SystemExit as exc:
                code = exc.code
    finally:
        sys.argv = saved_argv
        os.chdir(saved_cwd)
        for console, width in zip(consoles, widths, strict=True):
            console._width = width
        for name, value in saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    returncode = code if isinstance(code, int) else (0 if code is None else 1)
    return subprocess.CompletedProcess(
        ["smm-promote", *args], returncode, out.getvalue(), err.getvalue()
    )


#: A short German post with a tag: reading it needs no config.
GERMAN = """---
title: Ein Abend am See
date: 2024-05-04
tags: [wandern]
---

Wir sind am Abend noch einmal zum See gegangen, weil das Wetter so schön war und die
Kinder unbedingt die Enten füttern wollten. Danach haben wir auf der Terrasse gegessen.
"""
