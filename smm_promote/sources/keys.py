"""Front-matter keys as every source gives them: a module of its own, so a door that only
needs the keys of a page (a rebuild that replays the last one) loads no field parser."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def lower_keys(meta: Mapping[str, Any]) -> dict[str, Any]:
    """Lower-case the keys; nested `extra`/`params` tables fill in missing keys."""
    out: dict[str, Any] = {}
    for key, value in meta.items():
        out.setdefault(str(key).strip().lower().replace("-", "_"), value)
    for nested in ("extra", "params"):
        if isinstance(out.get(nested), Mapping):
            for key, value in out[nested].items():
                out.setdefault(str(key).strip().lower().replace("-", "_"), value)
    return out
