"""Validators shared by the config sections."""

from __future__ import annotations


def path_text(value: str | None) -> str | None:
    """A configured path: any text but a NUL, which no file system allows."""
    if value is not None and "\x00" in value:
        raise ValueError("a path cannot contain a NUL character")
    return value


def path_texts(values: list[str]) -> list[str]:
    for value in values:
        path_text(value)
    return values
