"""Pelican content: `Key: value` Markdown metadata and reStructuredText field lists.

Pelican's own readers do the parsing (key case, tags as one string, dates, authors), so a post
reads the same here as in `pelican content`.
"""

from __future__ import annotations

import copy
import re
from functools import cache
from pathlib import Path
from typing import Any

from smm_promote.errors import SourceError

_KNOWN_KEYS = {
    "title", "date", "modified", "tags", "category", "slug", "author", "authors",
    "summary", "status", "lang", "description", "template", "save_as", "url",
}  # fmt: skip
_META_LINE = re.compile(r"^([A-Za-z][\w -]*?)\s*:\s*(.*)$")


def has_pelican_metadata(text: str) -> bool:
    """Does the text open with a `Key: value` block naming known Pelican keys?"""
    keys: list[str] = []
    for line in text.lstrip("\ufeff").splitlines():
        if not line.strip():
            break
        match = _META_LINE.match(line)
        if match is None:
            if line.startswith((" ", "\t")) and keys:
                continue  # a continuation line
            return False
        keys.append(match[1].strip().lower())
    return "title" in keys or len(_KNOWN_KEYS.intersection(keys)) >= 2


@cache
def _readers(tolerant: bool = False) -> dict[str, Any]:
    """Pelican's readers; `tolerant` ones do not stop at docutils errors (directives and
    roles of plugins that are not installed), as a site with those plugins would not."""
    from pelican.readers import MarkdownReader, RstReader
    from pelican.settings import DEFAULT_CONFIG

    settings = copy.deepcopy(DEFAULT_CONFIG)
    settings["FORMATTED_FIELDS"] = ["summary"]
    if tolerant:
        settings["DOCUTILS_SETTINGS"] = {"halt_level": 5, "report_level": 5}
    return {"md": MarkdownReader(settings), "rst": RstReader(settings)}


def read(path: Path, kind: str) -> tuple[dict[str, Any], str]:
    """(metadata, HTML content) through Pelican's reader for `kind` ('md' or 'rst')."""
    try:
        content, metadata = _readers()[kind].read(str(path))
    except Exception as exc:  # Pelican's readers raise many types for bad input
        if kind != "rst" or "Unknown" not in str(exc):
            raise SourceError(str(path), f"Pelican could not read it: {exc}") from None
        try:
            content, metadata = _readers(tolerant=True)[kind].read(str(path))
        except Exception as again:
            raise SourceError(str(path), f"Pelican could not read it: {again}") from None
    return dict(metadata), content or ""
