"""Caps on what one source file may hand the later stages, so one file cannot stall a run.

A 1 MB title costs every caption writer seconds per platform, a 50 MB file a gigabyte of
memory; no real post comes near these limits. A post over one is cut to it, with a warning
that names the file and the field; a file over `MAX_FILE_BYTES` is not read.
"""

from __future__ import annotations

from dataclasses import replace

from smm_promote.errors import Problems
from smm_promote.model import Post

#: Largest source file read, in bytes.
MAX_FILE_BYTES = 10_000_000
#: Most characters kept of each text field.
MAX_CHARS = {"title": 300, "summary": 5_000, "body": 500_000}
#: Most headings kept, and characters kept of each.
MAX_HEADINGS = 500
MAX_HEADING_CHARS = 300


def _cut(text: str, limit: int) -> str:
    cut = text[:limit]
    space = cut.rfind(" ", limit - 40)
    return (cut[:space] if space > 0 else cut).rstrip() + "…"


def capped(post: Post, problems: Problems) -> Post:
    """`post` with each text field within its cap (a warning per field cut)."""
    where = post.source or post.url
    changes: dict[str, object] = {}
    for name, limit in MAX_CHARS.items():
        value: str = getattr(post, name)
        if len(value) > limit:
            changes[name] = _cut(value, limit)
            problems.add(where, f"field {name!r}: {len(value):,} characters, cut to {limit:,}")
    headings = post.headings
    if len(headings) > MAX_HEADINGS or any(len(h) > MAX_HEADING_CHARS for h in headings):
        problems.add(
            where,
            f"field 'headings': {len(headings):,} headings kept to {MAX_HEADINGS}, each to"
            f" {MAX_HEADING_CHARS} characters",
        )
        changes["headings"] = tuple(
            h if len(h) <= MAX_HEADING_CHARS else _cut(h, MAX_HEADING_CHARS)
            for h in headings[:MAX_HEADINGS]
        )
    if post.blocks and sum(len(text) for _, text in post.blocks) > MAX_CHARS["body"]:
        kept, total = [], 0
        for kind, text in post.blocks:
            total += len(text)
            if total > MAX_CHARS["body"]:
                break
            kept.append((kind, text))
        changes["blocks"] = tuple(kept)
    return replace(post, **changes) if changes else post  # type: ignore[arg-type]
