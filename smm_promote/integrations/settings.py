"""The `[watch]` config section (feed polling)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class WatchSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    feeds: list[str] = []
    interval: str = "15m"
