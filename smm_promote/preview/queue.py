"""The queue as the calendar shows it: the stored entries plus what planning would add now,
worked out on a copy so the preview never changes the real queue."""

from __future__ import annotations

import sqlite3
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from smm_promote.config import Config
from smm_promote.model import Entry

#: Entry states the calendar leaves out.
HIDDEN_STATUSES = ("canceled",)


def planned_entries(promotion: Any, config: Config, *, now: datetime) -> list[Entry]:
    """Every entry of the queue after planning `promotion`'s posts at `now`, by due time;
    the planner's report is left in `promotion.plan`.

    The configured queue (if it exists) is copied with SQLite's backup API into a temporary
    file and planned there; the real queue is only read.
    """
    from smm_promote.schedule.planner import captions_fn_for, plan
    from smm_promote.schedule.store import Store, store_path

    real = store_path(config)
    with tempfile.TemporaryDirectory(prefix="smm-preview-") as tmp:
        copy = Path(tmp) / "queue.db"
        if real.is_file():
            source = sqlite3.connect(f"file:{real}?mode=ro", uri=True)
            target = sqlite3.connect(copy)
            try:
                source.backup(target)
            finally:
                target.close()
                source.close()
        with Store(copy) as store:
            promotion.plan = plan(
                promotion.posts,
                config,
                store,
                now=now,
                captions_fn=captions_fn_for(config, promotion.problems),
                cards=promotion.cards,
                problems=promotion.problems,
            )
            return [e for e in store.entries() if e.status not in HIDDEN_STATUSES]
