"""`smm-promote demo`: the whole job on the sample blog shipped in the package."""

from __future__ import annotations

import click

COMMANDS: list[click.Command] = []
