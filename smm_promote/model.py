"""The data that flows through the pipeline: Post, Card, Caption.

Every source produces `Post`s; nothing downstream knows where a post came from.
All values are immutable so stages can be run in parallel and cached by hash. What a post
is shared as (`Card`, `Caption`, `Entry`) is defined in `smm_promote.shares`, imported from
here the first time one of its names is asked for.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache, lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    import regex

    from smm_promote.shares import STATUSES as STATUSES
    from smm_promote.shares import Caption as Caption
    from smm_promote.shares import Card as Card
    from smm_promote.shares import Entry as Entry
    from smm_promote.shares import caption_data as caption_data
    from smm_promote.shares import caption_from_data as caption_from_data
    from smm_promote.shares import card_data as card_data
    from smm_promote.shares import card_from_data as card_from_data


def __getattr__(name: str) -> Any:
    """A name `smm_promote.shares` defines (cards, captions, queue entries), imported from
    there when first asked for."""
    if not name.startswith("__"):
        from smm_promote import shares

        if hasattr(shares, name):
            return getattr(shares, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: Silent reading of non-fiction by adults: 238 words a minute in English (Brysbaert 2019,
#: "How many words do we read per minute?", J. Mem. Lang. 109, 104047).
WORDS_PER_MINUTE = 238
#: Chinese and Japanese are read by characters: 255 (Chinese) and 357 (Japanese) characters
#: a minute read aloud (Trauzettel-Klosinski & Dietz 2012, IReST, IOVS 53(9):5452), times
#: 1.3 for silent reading (238 against 183 words a minute aloud, Brysbaert 2019).
CHARACTERS_PER_MINUTE = {"zh": 330, "ja": 460}


@cache
def _scripts() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """Patterns of a Han character or kana, and of kana alone."""
    import regex

    kana = r"\p{Hiragana}\p{Katakana}"
    return regex.compile(rf"[\p{{Han}}{kana}]"), regex.compile(f"[{kana}]")


@lru_cache(maxsize=256)
def _reading_minutes(body: str) -> int:
    """`Post.reading_minutes` of a body (asked by every caption and card of a post, so kept)."""
    cjk_character, kana = _scripts()
    characters = len(cjk_character.findall(body))
    words = len(cjk_character.sub(" ", body).split())
    per_minute = CHARACTERS_PER_MINUTE["ja" if kana.search(body) else "zh"]
    return max(1, round(characters / per_minute + words / WORDS_PER_MINUTE))


#: Kinds of a post's text blocks (`Post.blocks`), in the order the post has them:
#: "heading" (h2-h6 text), "text" (a paragraph of the author's own prose), "item" (a list
#: item), "quote" (a blockquote: someone else's words), "aside" (an admonition, note or
#: callout), "caption" (a figure caption), "term" (a definition-list entry), "table" (a
#: table row's text), "link" (a paragraph that is only a link: a button, "Read more").
#: Captions take their summary, quote and takeaways from "heading",
#: "text" and "item" blocks only.
BLOCK_KINDS = ("heading", "text", "item", "quote", "aside", "caption", "term", "table", "link")
#: One block of a post's text: (kind, clean plain text).
Block = tuple[str, str]


def _freeze(value: Any) -> Any:
    """Turn nested dicts/lists into read-only mappings and tuples."""
    if isinstance(value, Mapping):
        return MappingProxyType({str(k): _freeze(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        return tuple(_freeze(v) for v in value)
    return value


def thaw(value: Any) -> Any:
    """Inverse of `_freeze`: plain dicts and lists, e.g. for JSON."""
    if isinstance(value, Mapping):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [thaw(v) for v in value]
    return value


@dataclass(frozen=True)
class Author:
    """A post's author. `key` is the id used in `.authors.yml`-style files."""

    name: str
    key: str | None = None
    avatar: str | None = None
    url: str | None = None
    #: Handles per platform, e.g. (("mastodon", "@me@example.social"),).
    handles: tuple[tuple[str, str], ...] = ()

    def handle(self, platform: str) -> str | None:
        return dict(self.handles).get(platform)


@dataclass(frozen=True)
class Post:
    """One blog post, normalised from any source.

    Text fields are clean plain text: no Markdown or HTML syntax, entities decoded.
    Dates are timezone-aware.
    """

    url: str
    title: str
    summary: str = ""
    body: str = ""
    headings: tuple[str, ...] = ()
    #: The image link previews show: a public URL (a local path only when none is known).
    image: str | None = None
    date: datetime | None = None
    updated: datetime | None = None
    tags: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    #: Those of `categories` the generator took from the file's path, not its metadata
    #: (Pelican's USE_FOLDER_AS_CATEGORY, PATH_METADATA): right for URLs, a hashtag only
    #: when they read as a topic (a folder named "import" or "misc" does not).
    path_categories: tuple[str, ...] = ()
    #: Those of `tags` the site's own templates use to place pages (an Eleventy tag listed
    #: as `collections.sidebarHighlight` in a layout): a layout switch, never a hashtag.
    layout_tags: tuple[str, ...] = ()
    authors: tuple[Author, ...] = ()
    lang: str | None = None
    slug: str = ""
    source: str = ""
    evergreen: bool = True
    promote: bool = True
    draft: bool = False
    expires: datetime | None = None
    #: The post's text as typed blocks (see `BLOCK_KINDS`), when the reader knows its structure.
    blocks: tuple[Block, ...] = ()
    #: The level (2 for h2 … 6 for h6) of each "heading" block of `blocks`, in order: which
    #: headings are siblings and which open a sub-section; () when the reader does not know.
    heading_levels: tuple[int, ...] = ()
    #: Where `url` came from: "rule: <generator> <setting>", "built page", "feed", "override"...
    url_origin: str = ""
    #: Other language versions of this post: (lang, url) pairs, the post itself not included.
    translations: tuple[tuple[str, str], ...] = ()
    #: Why the post is not evergreen when it was decided from its content (e.g. a dated event).
    evergreen_reason: str = ""
    #: The local file `image` is published from, when the reader or door knows it (cards are
    #: drawn from it instead of fetching `image`); "" when unknown.
    image_file: str = ""
    #: The post's own metadata says `evergreen:`: rules and content checks leave it as written.
    evergreen_given: bool = False
    #: The post's `share:` front-matter block (template, text overrides, image, cards off).
    share: Mapping[str, Any] = field(
        default_factory=lambda: MappingProxyType({}), compare=False, hash=False
    )

    def __post_init__(self) -> None:
        if not isinstance(self.share, MappingProxyType):
            object.__setattr__(self, "share", _freeze(self.share or {}))

    @property
    def content_hash(self) -> str:
        """A stable hash of everything a share is made from (not the source path)."""
        payload = json.dumps(
            {
                "url": self.url,
                "title": self.title,
                "summary": self.summary,
                "body": self.body,
                "headings": self.headings,
                "image": self.image,
                "date": self.date.isoformat() if self.date else None,
                "updated": self.updated.isoformat() if self.updated else None,
                "tags": self.tags,
                "categories": self.categories,
                "authors": [a.name for a in self.authors],
                "lang": self.lang,
                "share": thaw(self.share),
            },
            sort_keys=True,
            ensure_ascii=False,
            default=str,
        )
        import hashlib

        return hashlib.sha256(payload.encode()).hexdigest()[:16]

    @property
    def reading_minutes(self) -> int:
        """Minutes to read the body: Han characters and kana by characters (Japanese when
        the text has kana, else Chinese), the words of other scripts by words."""
        return _reading_minutes(self.body)

    @property
    def description(self) -> str:
        """The summary, or else the opening of the body's prose (its paragraphs and list
        items when the blocks are known, never a heading) cut at a word with an ellipsis."""
        if self.summary:
            return self.summary
        prose = [t for k, t in self.blocks if k in ("text", "item")] if self.blocks else []
        text = " ".join(prose) if prose else self.body
        if len(text) <= 300:
            return text
        return text[:300].rsplit(None, 1)[0].rstrip(",;:") + "…"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view (used by `--json` output)."""
        return {
            "url": self.url,
            "title": self.title,
            "summary": self.summary,
            "headings": list(self.headings),
            "image": self.image,
            "image_file": self.image_file,
            "date": self.date.isoformat() if self.date else None,
            "updated": self.updated.isoformat() if self.updated else None,
            "tags": list(self.tags),
            "categories": list(self.categories),
            "authors": [a.name for a in self.authors],
            "lang": self.lang,
            "slug": self.slug,
            "url_origin": self.url_origin,
            "translations": [list(t) for t in self.translations],
            "source": self.source,
            "evergreen": self.evergreen,
            "evergreen_reason": self.evergreen_reason,
            "promote": self.promote,
            "draft": self.draft,
            "expires": self.expires.isoformat() if self.expires else None,
            "content_hash": self.content_hash,
            "words": len(self.body.split()),
        }


# --- posts as JSON (caches keep them so; their keys use it: plain data, stable) -------------

_DATES = ("date", "updated", "expires")


def post_data(post: Post) -> dict[str, Any]:
    """`post` as JSON-ready data that `post_from_data` turns back into an equal post (time
    zones by name where they have one)."""
    data: dict[str, Any] = {}
    for item in dataclasses.fields(post):
        value = getattr(post, item.name)
        if item.name in _DATES:
            value = _date_data(value)
        elif item.name == "authors":
            value = [dataclasses.asdict(a) for a in value]
        elif item.name == "share":
            value = thaw(value)
        data[item.name] = value
    return data


def post_from_data(data: Mapping[str, Any]) -> Post:
    """The post `post_data` gave `data` for."""
    fields: dict[str, Any] = {}
    for item in dataclasses.fields(Post):
        if item.name not in data:
            continue
        value = data[item.name]
        if item.name in _DATES:
            value = _date_from(value)
        elif item.name == "authors":
            value = tuple(Author(**{**a, "handles": _tuples(a.get("handles", []))}) for a in value)
        elif item.name != "share" and isinstance(value, list):
            value = _tuples(value)
        fields[item.name] = value
    return Post(**fields)


def _tuples(value: Any) -> Any:
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


def _date_data(value: datetime | None) -> list[str | None] | None:
    if value is None:
        return None
    zone = value.tzinfo.key if isinstance(value.tzinfo, ZoneInfo) else None
    return [value.isoformat(), zone]


def _date_from(value: list[str | None] | None) -> datetime | None:
    if value is None:
        return None
    text, zone = value
    parsed = datetime.fromisoformat(str(text))
    return parsed.astimezone(ZoneInfo(zone)) if zone else parsed
