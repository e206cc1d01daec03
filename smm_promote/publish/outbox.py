"""The `outbox` publisher: each post written as JSON (plus its card) into a folder.

For trying the queue without accounts, for review, or for a tool that posts from files.
It behaves like a platform: publishing the same entry twice writes a second file (named
`<key>.2.json`), so a double post is visible rather than hidden. The JSON file is written
atomically (temporary file, then rename); its presence is what "published" means.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from smm_promote.model import Entry
from smm_promote.publish.base import AccountStatus, PermanentError, PublishResult
from smm_promote.publish.runner import crash_point


class OutboxPublisher:
    name = "outbox"

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    @classmethod
    def from_config(cls, config: Any, *, session: Any = None) -> OutboxPublisher:
        return cls(config.path(config.publish.outbox))

    def _paths(self, entry: Entry) -> list[Path]:
        """Files already written for `entry`, first one first."""
        key = entry.idempotency_key
        folder = self.folder / entry.platform
        first = folder / f"{key}.json"
        more = sorted(folder.glob(f"{key}.*.json"), key=lambda p: int(p.suffixes[0][1:]))
        return ([first] if first.exists() else []) + more

    def publish(self, entry: Entry) -> PublishResult:
        if not entry.idempotency_key:
            raise PermanentError("outbox: the entry has no idempotency key")
        folder = self.folder / entry.platform
        folder.mkdir(parents=True, exist_ok=True)
        key = entry.idempotency_key
        written = self._paths(entry)
        target = folder / (f"{key}.json" if not written else f"{key}.{len(written) + 1}.json")
        record: dict[str, Any] = entry.to_dict()
        record["written_at"] = datetime.now(UTC).isoformat()
        if entry.card_path and Path(entry.card_path).is_file():
            card = folder / f"{key}{Path(entry.card_path).suffix}"
            shutil.copyfile(entry.card_path, card)
            record["card_file"] = card.name
        crash_point("outbox: card written, post not yet")
        handle, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".json")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(record, out, indent=2, ensure_ascii=False)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
        return PublishResult(target.stem, target.resolve().as_uri())

    def check(self) -> AccountStatus:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return AccountStatus(self.name, False, f"cannot write {self.folder}: {exc}")
        return AccountStatus(self.name, True, f"writes posts into {self.folder}")

    def find_recent(self, entry: Entry) -> PublishResult | None:
        written = self._paths(entry)
        if not written:
            return None
        return PublishResult(written[0].stem, written[0].resolve().as_uri())

    def written(self) -> list[dict[str, Any]]:
        """Every post in the outbox (for tests and review), in file-name order."""
        return [
            json.loads(p.read_text(encoding="utf-8"))
            for p in sorted(self.folder.glob("*/*.json"))
            if not p.name.startswith(".tmp-")
        ]
