"""An on-disk memo of per-post work that depends only on the post, the config and the code.

A rebuild or a replan with nothing changed should cost almost nothing: captions and card
text are computed once per post content, config and code, kept in `<output>/cache/` as
JSON, and replayed with the warnings they raised. A key misses when the post's content
hash, the config or any module of the package changes, so a stale value is never used.
Entries a run does not ask for are dropped when it saves, so the file tracks the site.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from smm_promote import __version__
from smm_promote.atomic import replace_text
from smm_promote.errors import Problems

T = TypeVar("T")
_PACKAGE = Path(__file__).resolve().parent


@functools.cache
def code_stamp() -> str:
    """A digest of the package's version and its modules' (and data tables', such as the
    caption phrases) sizes and times: any code change (an upgrade, an edit in a checkout)
    gives new keys. Taken once a process: the code running is the code it loaded."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted([*_PACKAGE.rglob("*.py"), *_PACKAGE.rglob("*.toml")]):
        stat = path.stat()
        digest.update(f"{path.relative_to(_PACKAGE)}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()[:16]


class Memo:
    """Values by key in one JSON file; `get` computes and keeps what is missing."""

    def __init__(self, path: Path | None, salt: str) -> None:
        self.path = path
        self.salt = salt
        self._old: dict[str, Any] = self._load() if path else {}
        self._new: dict[str, Any] = {}
        self.hits = self.misses = 0

    def _load(self) -> dict[str, Any]:
        assert self.path is not None
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # absent or damaged: a cache is only ever a shortcut
        if not isinstance(data, dict) or data.get("salt") != self.salt:
            return {}
        values = data.get("values")
        return values if isinstance(values, dict) else {}

    def get(
        self,
        key: str,
        compute: Callable[[Problems], T],
        problems: Problems,
        *,
        dump: Callable[[T], Any],
        load: Callable[[Any], T],
    ) -> T:
        """The value for `key`: kept, or `compute(problems)`d now. Warnings it raised are
        kept with it and added to `problems` again on every later hit."""
        kept = self._old.get(key) or self._new.get(key)
        if kept is not None:
            try:
                value = load(kept["value"])
            except (KeyError, TypeError, ValueError):
                value = None
            if value is not None:
                self.hits += 1
                for where, message, line in kept.get("problems", []):
                    problems.add(where, message, line)
                self._new[key] = kept
                return value
        self.misses += 1
        own = Problems()
        value = compute(own)
        problems.extend(own)
        self._new[key] = {
            "value": dump(value),
            "problems": [[p.where, p.message, p.line] for p in own],
        }
        return value

    def has(self, key: str) -> bool:
        """Whether a value for `key` is kept (`get` may still compute it: one that no longer
        loads is computed again)."""
        return key in self._old or key in self._new

    def keep(self, key: str) -> None:
        """Carry the value for `key` over to what `save` writes, unread (a run that got the
        same answer elsewhere, e.g. from the cards' record, still keeps it for later)."""
        kept = self._old.get(key)
        if kept is not None:
            self._new.setdefault(key, kept)

    def save(self) -> None:
        """Write what this run used (atomically); nothing when there is no file or no change."""
        if self.path is None or (not self.misses and len(self._new) == len(self._old)):
            return
        payload = json.dumps({"salt": self.salt, "values": self._new}, ensure_ascii=False)
        replace_text(self.path, payload, prefix=".memo-")


def key(*parts: Any) -> str:
    """A short digest of JSON-able parts."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:24]
