"""The `[cards]` config section."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class CardsSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    enabled: bool = True
    #: Default template name (a file in image_templates/ or the user's folder).
    template: str = "classic"
    #: A folder of the user's own templates; overrides or adds to the shipped ones.
    templates_dir: str | None = None
    #: png, jpeg or webp.
    format: str = "png"
    #: Site logo (path or URL) for templates that show one.
    logo: str | None = None
