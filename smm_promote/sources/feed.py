"""RSS 0.9x/1.0/2.0 and Atom feeds through feedparser, from a file or a URL.

URLs are fetched with a conditional GET (the ETag and Last-Modified of the last answer are
remembered by the caller), a timeout and a size cap.
"""

from __future__ import annotations

import calendar
import dataclasses
import hashlib
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from smm_promote import __version__
from smm_promote.errors import Problems, SourceError
from smm_promote.model import Post
from smm_promote.netread import BodyError, read_body
from smm_promote.sources.fields import build_post, slug_from_link, title_from_text
from smm_promote.sources.text import extract_html, slugify

if TYPE_CHECKING:
    import requests

    from smm_promote.config import Config

USER_AGENT = f"smm-promote/{__version__} (+feed reader)"
TIMEOUT = 20.0
#: Seconds a whole fetch may take (a per-read timeout alone lets a trickle go on for hours).
DEADLINE = 60.0
MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class FetchResult:
    """One conditional GET: `content` is None when the feed did not change (304)."""

    url: str
    content: bytes | None
    headers: Mapping[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    status: int = 200


def looks_like_feed(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \r\n\t").lower()
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00")):
        return True  # UTF-16/32 with BOM: only feeds come this way here
    return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head or b"<channel" in head


def fetch(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    session: requests.Session | None = None,
    timeout: float = TIMEOUT,
    max_bytes: int = MAX_BYTES,
) -> FetchResult:
    """GET `url` with If-None-Match / If-Modified-Since; raise `SourceError` on failure."""
    import requests  # imported when a feed is fetched: reading files never needs it

    headers = {
        "User-Agent": USER_AGENT,
        "Accept": "application/atom+xml, application/rss+xml, application/xml;q=0.9, */*;q=0.5",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    http = session or requests.Session()
    deadline = time.monotonic() + DEADLINE
    try:
        with http.get(url, headers=headers, timeout=timeout, stream=True) as response:
            if response.status_code == 304:
                return FetchResult(url, None, dict(response.headers), etag, last_modified, 304)
            if response.status_code >= 400:
                raise SourceError(url, f"HTTP {response.status_code} {response.reason}")
            try:
                body = read_body(response.raw, limit=max_bytes, deadline=deadline,
                                 seconds=DEADLINE)  # fmt: skip
            except BodyError as exc:
                raise SourceError(url, f"feed {exc}; not read") from None
            return FetchResult(
                url,
                body,
                dict(response.headers),
                response.headers.get("ETag") or etag,
                response.headers.get("Last-Modified") or last_modified,
                response.status_code,
            )
    except requests.Timeout:
        raise SourceError(url, f"no answer within {timeout:g} s") from None
    except requests.RequestException as exc:
        raise SourceError(url, f"could not fetch: {type(exc).__name__}") from None


def parse_document(data: bytes, headers: Mapping[str, str] | None = None) -> Any:
    """feedparser's result as it is; `headers` are the HTTP response's (they set the encoding)."""
    import feedparser  # imported when a feed is met: most sources are no feeds

    lowered = {k.lower(): v for k, v in (headers or {}).items()}  # feedparser expects lower case
    return feedparser.parse(data, response_headers=lowered, sanitize_html=True)


def parse(data: bytes, where: str, headers: Mapping[str, str] | None = None) -> Any:
    """feedparser's result; an unreadable feed raises, a recoverable one (`bozo`) is kept."""
    parsed = parse_document(data, headers)
    if parsed.bozo and not parsed.entries:
        reason = getattr(parsed, "bozo_exception", None)
        raise SourceError(where, f"not a readable feed: {reason}")
    return parsed


def entry_date(entry: Mapping[str, Any], *keys: str) -> datetime | None:
    for key in keys:
        # dict.get: feedparser would answer `updated_parsed` with the published date.
        value = dict.get(entry, f"{key}_parsed") if isinstance(entry, dict) else None
        if value:
            return datetime.fromtimestamp(calendar.timegm(value), UTC)
    return None


def _build_dates(parsed: Any) -> set[datetime]:
    """`updated` values that are the feed's build date, not an item's update: the feed's own
    `<updated>`/`<lastBuildDate>`, and a value every item of a feed of several items shares."""
    dates: set[datetime] = set()
    if (feed_updated := entry_date(parsed.feed, "updated")) is not None:
        dates.add(feed_updated)
    own = [entry_date(e, "updated") for e in parsed.entries]
    if len(own) > 1 and None not in own and len(set(own)) == 1:
        dates.update(d for d in own if d is not None)
    return dates


def entries(parsed: Any) -> Iterator[tuple[dict[str, Any], str, str | None]]:
    """(metadata, content HTML, entry link) for each entry, in the shape `build_post` reads.

    The metadata's `slug` is the link's (`slug_from_link`), else the title; an `updated` that
    is the feed's build date (`_build_dates`) is left out."""
    language = parsed.feed.get("language")
    build_dates = _build_dates(parsed)
    for entry in parsed.entries:
        content = ""
        if entry.get("content"):
            content = max((c.get("value", "") for c in entry.content), key=len)
        summary = entry.get("summary", "")
        content = content or summary
        image = None
        for media in (*entry.get("media_content", ()), *entry.get("media_thumbnail", ())):
            if media.get("url") and media.get("url") != "None":
                image = media["url"]
                break
        if image is None:
            for link in entry.get("links", ()):
                if link.get("rel") == "enclosure" and str(link.get("type", "")).startswith(
                    "image/"
                ):
                    image = link.get("href")
                    break
        updated = entry_date(entry, "updated")
        meta: dict[str, Any] = {
            "title": entry.get("title", ""),
            "description": summary if summary and summary != content else "",
            "date": entry_date(entry, "published", "created", "updated"),
            "updated": None if updated in build_dates else updated,
            "tags": [t.get("term") or t.get("label") for t in entry.get("tags", ()) if t],
            "authors": [a.get("name") for a in entry.get("authors", ()) if a.get("name")]
            or entry.get("author"),
            "image": image,
            "lang": entry.get("language") or language,
            "guid": entry.get("id") or entry.get("link"),
        }
        link = entry.get("link")
        if not (isinstance(link, str) and link.startswith(("http://", "https://"))):
            link = None  # e.g. a `tag:` id standing in for a missing link
        meta["slug"] = slug_from_link(link) or meta["title"]
        yield meta, content, link


def posts(parsed: Any, where: str, config: Config, problems: Problems) -> list[tuple[Post, Any]]:
    """(post, guid) for each readable entry of a parsed feed; an entry that cannot be read is
    reported to `problems` as `<where> (entry N)` and skipped. Each post keeps its link's own
    slug and has `url_origin` "feed"."""
    if parsed.bozo:
        problems.add(where, f"ill-formed feed, read what could be: {parsed.get('bozo_exception')}")
    out = []
    for index, (meta, content, link) in enumerate(entries(parsed), start=1):
        extract = extract_html(content)
        fallback = title_from_text(extract.body) if extract.body else None
        # An item without a link is named by its title, else its text: never the feed file.
        named = slugify(str(meta.get("slug") or "")) or slugify(fallback or "")
        key = str(meta.get("guid") or content or index).encode()
        meta = {**meta, "slug": named or f"item-{hashlib.sha256(key).hexdigest()[:10]}"}
        try:
            post = build_post(
                meta,
                extract,
                where=f"{where} (entry {index})",
                config=config,
                url=link,
                fallback_title=fallback,
                url_origin="feed",
            )
        except SourceError as exc:
            problems.add(exc.where, exc.message, exc.line)
            continue
        slug = slug_from_link(link) or post.slug  # the URL's own, not slugified again
        out.append((dataclasses.replace(post, slug=slug), meta.get("guid")))
    return out
