"""RSS 0.9x/1.0/2.0 and Atom feeds through feedparser, from a file or a URL.

URLs are fetched with a conditional GET (the ETag and Last-Modified of the last answer are
remembered by the caller), a timeout and a size cap.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import feedparser
import requests

from smm_promote import __version__
from smm_promote.errors import SourceError

USER_AGENT = f"smm-promote/{__version__} (+feed reader)"
TIMEOUT = 20.0
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
    headers = {
        "User-Agent": USER_AGENT,
        "Accept": "application/atom+xml, application/rss+xml, application/xml;q=0.9, */*;q=0.5",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    http = session or requests.Session()
    try:
        with http.get(url, headers=headers, timeout=timeout, stream=True) as response:
            if response.status_code == 304:
                return FetchResult(url, None, dict(response.headers), etag, last_modified, 304)
            if response.status_code >= 400:
                raise SourceError(url, f"HTTP {response.status_code} {response.reason}")
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_content(65536):
                size += len(chunk)
                if size > max_bytes:
                    raise SourceError(
                        url, f"feed larger than {max_bytes // 1024 // 1024} MB; not read"
                    )
                chunks.append(chunk)
            return FetchResult(
                url,
                b"".join(chunks),
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
        value = entry.get(f"{key}_parsed")
        if value:
            return datetime.fromtimestamp(calendar.timegm(value), UTC)
    return None


def entries(parsed: Any) -> Iterator[tuple[dict[str, Any], str, str | None]]:
    """(metadata, content HTML, entry link) for each entry, in the shape `build_post` reads."""
    language = parsed.feed.get("language")
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
        meta: dict[str, Any] = {
            "title": entry.get("title", ""),
            "description": summary if summary and summary != content else "",
            "date": entry_date(entry, "published", "created", "updated"),
            "updated": entry_date(entry, "updated"),
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
        yield meta, content, link
