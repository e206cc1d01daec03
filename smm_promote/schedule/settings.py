"""The `[schedule]` config section."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class ScheduleSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    #: The queue database; relative paths are resolved against the config file's folder.
    store: str = ".smm-promote/queue.db"
    #: Days after the post's date on which evergreen posts are shared again.
    offsets: list[int] = [3, 10, 30, 90, 180, 365]
