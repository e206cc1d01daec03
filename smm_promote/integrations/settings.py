"""The `[watch]` config section (feed polling), and the interval syntax it uses."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, field_validator

_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd])", re.I)
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
#: Longest interval in seconds (a year).
MAX_INTERVAL = 366 * 86400


def parse_interval(text: str | int | float) -> float:
    """Seconds in `15m`, `1h30m`, `90s`, `2d` (a bare number is minutes); ValueError if not."""
    if isinstance(text, int | float):
        seconds = float(text) * 60
    else:
        value = text.strip().lower().replace(" ", "")
        if re.fullmatch(r"\d+(\.\d+)?", value):
            seconds = float(value) * 60
        elif value and _PART.sub("", value) == "":
            seconds = sum(float(n) * _UNITS[u.lower()] for n, u in _PART.findall(value))
        else:
            raise ValueError(f"expected a duration like '15m', '1h' or '90s', got {text!r}")
    if not 1 <= seconds <= MAX_INTERVAL:
        raise ValueError(f"expected a duration from one second to a year, got {text!r}")
    return seconds


class WatchSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    #: Feeds `smm-promote watch` polls when no FEED_URL is given.
    feeds: list[str] = []
    #: Time between polls of each feed.
    interval: str = "15m"
    #: Longest wait after repeated errors (the wait doubles from `interval` up to this).
    max_backoff: str = "6h"
    #: On a feed's first poll, promote the items already in it (default: only later ones).
    include_existing: bool = False

    @field_validator("interval", "max_backoff")
    @classmethod
    def _check_interval(cls, value: str) -> str:
        parse_interval(value)
        return value

    @field_validator("feeds")
    @classmethod
    def _check_feeds(cls, value: list[str]) -> list[str]:
        for url in value:
            if not re.match(r"^https?://[^/\s]+", url):
                raise ValueError(f"expected feed URLs starting with http(s)://, got {url!r}")
        return value
