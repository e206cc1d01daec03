"""The `[publish]` config section. Secrets never live here: they come from the environment."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class PublishSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    #: Folder the `outbox` publisher writes posts into.
    outbox: str = ".smm-promote/outbox"
