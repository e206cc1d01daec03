"""The `[cards]` config section."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from smm_promote.captions.platforms import CARD_SIZES
from smm_promote.checks import path_text

#: Card sizes by name: width, height in px (one table, shared with the platform rules).
_HEX = re.compile(r"#[0-9a-fA-F]{6}(?:[0-9a-fA-F]{2})?")
SIZES: dict[str, tuple[int, int]] = CARD_SIZES


class CardsSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    enabled: bool = True
    #: Default template name (a file in image_templates/ or the user's folder).
    template: str = "classic"
    #: Extra templates drawn for every post besides `template` (e.g. quote for reposts).
    extra_templates: list[str] = []
    #: A folder of the user's own templates; overrides or adds to the shipped ones.
    templates_dir: str | None = None
    #: auto (JPEG for a card drawn over a photo, lossless PNG otherwise), png, jpeg or webp.
    format: Literal["auto", "png", "jpeg", "webp"] = "auto"
    #: Site logo (path or URL) for templates that show one.
    logo: str | None = None
    #: Main and accent colour of the cards (`#rrggbb`); default: the site's own, as its
    #: generator config names them (Material's `theme.palette`), else the template's.
    primary: str | None = None
    accent: str | None = None
    #: Text colour on `primary` (default: white or near-black, whichever reads).
    on_primary: str | None = None
    #: Text font of the cards: a family fontconfig knows ("Roboto"), a packaged one (inter,
    #: noto-sans) or a .ttf/.otf file; default: the site's theme font when installed, else
    #: the template's.
    font: str | None = None
    #: An accent colour per category or tag (first match wins), e.g. {python = "#3776ab"}.
    accents: dict[str, str] = {}
    #: Sizes to draw; default: `og` plus the sizes of the enabled platforms.
    sizes: list[str] | None = None
    #: When planning, the cards of shares due within this many days are drawn now; later
    #: ones when they come near (or by `publish`). Link-preview cards are always drawn.
    ahead_days: int = Field(14, ge=0, le=3650)
    #: Worker processes (default: one per core).
    workers: int | None = Field(None, ge=1, le=64)
    #: Download post images given as URLs that are not found in the site's folders (off by
    #: default: `plan` and site builds never wait on the network).
    fetch_images: bool = False
    #: Let `fetch_images` reach loopback, link-local and private addresses (an intranet blog).
    allow_private_hosts: bool = False

    _paths = field_validator("templates_dir", "logo")(path_text)

    @field_validator("primary", "accent", "on_primary")
    @classmethod
    def _check_color(cls, value: str | None) -> str | None:
        if value is not None and not _HEX.fullmatch(value.strip()):
            raise ValueError(f"expected a colour like '#1e3a8a', got {value!r}")
        return value.strip().lower() if value else value

    @field_validator("accents")
    @classmethod
    def _check_accents(cls, value: dict[str, str]) -> dict[str, str]:
        for key, colour in value.items():
            if not _HEX.fullmatch(colour.strip()):
                raise ValueError(f"{key}: expected a colour like '#1e3a8a', got {colour!r}")
        return {key: colour.strip().lower() for key, colour in value.items()}

    @field_validator("sizes")
    @classmethod
    def _check_sizes(cls, value: list[str] | None) -> list[str] | None:
        for name in value or []:
            if name not in SIZES:
                raise ValueError(f"unknown size {name!r}, expected some of {', '.join(SIZES)}")
        return value

    @field_validator("format", mode="before")
    @classmethod
    def _jpg(cls, value: str) -> str:
        return "jpeg" if str(value).lower() in {"jpg", "jpeg"} else str(value).lower()
