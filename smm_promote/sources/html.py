"""Built HTML pages: og:/twitter: meta, `<h1>`, headings, body text, first image.

This is how sites without a plugin API (Hugo, Jekyll, Eleventy, Zensical) are read after their
build, and also how Pelican's HTML content files (plain `<meta name=...>` headers) are read.
"""

from __future__ import annotations

from typing import Any

from bs4 import BeautifulSoup

from smm_promote.sources.text import Extract, extract_html

_META_NAMES = {
    "og:title": "title", "twitter:title": "title",
    "og:description": "description", "twitter:description": "description",
    "description": "description", "summary": "summary",
    "og:image": "image", "twitter:image": "image",
    "og:url": "url", "article:published_time": "date", "article:modified_time": "updated",
    "date": "date", "modified": "modified", "dc.date": "date",
    "article:tag": "tags", "tags": "tags", "keywords": "keywords", "category": "category",
    "article:section": "category", "author": "authors", "authors": "authors",
    "article:author": "authors", "og:locale": "lang", "status": "status", "slug": "slug",
}  # fmt: skip


def looks_like_html(text: str) -> bool:
    head = text.lstrip("\ufeff \r\n\t")[:512].lower()
    return head.startswith(("<!doctype html", "<html")) or "<head" in head


def read(text: str) -> tuple[dict[str, Any], Extract]:
    """(metadata, content) of an HTML page. Repeated tags (`article:tag`) accumulate."""
    soup = BeautifulSoup(text, "html.parser")
    meta: dict[str, Any] = {}
    for tag in soup.find_all("meta"):
        name = str(tag.get("property") or tag.get("name") or "").strip().lower()
        key = _META_NAMES.get(name)
        content = tag.get("content")
        if not key or content is None or not str(content).strip():
            continue
        if key == "tags":
            meta.setdefault("tags", []).append(str(content))
        else:
            meta.setdefault(key, str(content))
    if "url" not in meta and (canonical := soup.find("link", rel="canonical", href=True)):
        meta["url"] = str(canonical["href"])
    if "lang" not in meta and soup.html and soup.html.get("lang"):
        meta["lang"] = str(soup.html["lang"])
    if "title" not in meta and soup.title and soup.title.string:
        meta["title_tag"] = soup.title.string.strip()
    scope = soup.find("article") or soup.find("main") or soup.body or soup
    return meta, extract_html(scope)
