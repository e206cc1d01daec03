"""What a post is shared as: its cards, its captions and the queue's entries.

They live apart from `Post` (`smm_promote.model`, which still answers for their names) so
that reading and listing posts does not build these classes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import datetime
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Card:
    """A rendered share card image for one post, template and size."""

    post_url: str
    template: str
    size: str
    width: int
    height: int
    path: Path
    alt: str
    format: str = "png"
    #: Hash of everything that shaped the card; part of the file name.
    key: str = ""
    #: Problems met while drawing (fallback font, missing image...).
    warnings: tuple[str, ...] = ()
    #: Public URL of the card once a door has put it on the site (Instagram, Threads and
    #: Pinterest fetch images by URL); None when the card lives only on this machine.
    url: str | None = None


@dataclass(frozen=True)
class Caption:
    """A ready-to-post text for one platform and variant."""

    platform: str
    variant: str
    text: str
    #: Length by the platform's own counting, and its limit.
    length: int
    limit: int
    link: str | None = None
    hashtags: tuple[str, ...] = ()
    #: For threads: the parts in order (the first is `text`).
    parts: tuple[str, ...] = ()
    shortened: bool = False
    warnings: tuple[str, ...] = ()


#: Queue entry states.
STATUSES = ("planned", "claimed", "posted", "failed", "skipped", "canceled")


@dataclass(frozen=True, slots=True)
class Entry:
    """One planned share in the queue: a post, on one platform, at one time.

    Publishers receive an `Entry` and return a `PublishResult`; the store owns its status.
    """

    id: int
    post_url: str
    content_hash: str
    platform: str
    variant: str
    text: str
    due: datetime
    status: str = "planned"
    #: Thread continuation parts after `text` (X, Mastodon, Bluesky).
    parts: tuple[str, ...] = ()
    link: str | None = None
    title: str = ""
    description: str = ""
    card_path: str | None = None
    #: Public URL of the card on the blog (Instagram, Threads and Pinterest fetch it).
    card_url: str | None = None
    card_template: str | None = None
    alt: str = ""
    lang: str | None = None
    attempts: int = 0
    last_error: str | None = None
    remote_id: str | None = None
    remote_url: str | None = None
    posted_at: datetime | None = None
    #: Stable across retries: derived from post url, platform and the share's sequence number.
    idempotency_key: str = ""
    #: The share's number for its post and platform: 0 announces a new post, 1.. are reposts.
    seq: int = 0
    #: A first share of a new post (it may use the slots kept for new posts).
    new: bool = False
    #: Its time was set by a person (reschedule, import): planning never moves it.
    pinned: bool = False

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view (queue export and `queue show --json`)."""
        data = {f: getattr(self, f) for f in self.__dataclass_fields__}
        data["parts"] = list(self.parts)
        for key in ("due", "posted_at"):
            data[key] = data[key].isoformat() if data[key] else None
        return data


def card_data(card: Card) -> dict[str, Any]:
    """`card` as JSON-ready data that `card_from_data` turns back into an equal card."""
    return {**_fields_of(card), "path": str(card.path)}


def card_from_data(data: Mapping[str, Any]) -> Card:
    """The card `card_data` gave `data` for."""
    return Card(**{**data, "path": Path(data["path"]), "warnings": tuple(data["warnings"])})


def caption_data(caption: Caption) -> dict[str, Any]:
    """`caption` as JSON-ready data (what `dataclasses.asdict` gives: its fields are all
    text, numbers and tuples of text, so no copy is needed) for `caption_from_data`."""
    return _fields_of(caption)


def _fields_of(item: Card | Caption) -> dict[str, Any]:
    """The fields of a dataclass of flat, immutable values, by name (`dataclasses.asdict`
    without its deep copy, which a build pays for every card and caption it keeps)."""
    return {name: getattr(item, name) for name in _FIELD_NAMES[type(item)]}


def caption_from_data(data: Mapping[str, Any]) -> Caption:
    """The caption `caption_data` gave `data` for."""
    lists = {name: tuple(data[name]) for name in ("hashtags", "parts", "warnings")}
    return Caption(**{**data, **lists})


_FIELD_NAMES = {kind: tuple(f.name for f in fields(kind)) for kind in (Card, Caption)}
