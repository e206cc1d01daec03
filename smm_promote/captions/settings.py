"""The `[captions]` config section."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class CaptionsSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    #: Hashtags added to every post.
    always_tags: list[str] = []
    #: Tag links with utm_* parameters.
    utm: bool = True
    #: utm_campaign; default is the post's slug.
    utm_campaign: str | None = None
