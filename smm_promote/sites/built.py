"""A built site's real URLs: its pages, sitemaps and feeds, matched to the posts read from
its sources.

`--site PATH` (or `site` in the config) names a built site folder, a sitemap or a feed; without
it, a `sitemap.xml` beside the content or in a build folder (`_site/`, `public/`, `site/`,
`output/`, `gh-pages/`) is used when there is one. Each post is matched to its built page by
canonical URL, else by title (and date), else by its slug as the page's last path segment;
a post whose URL is already the built one (up to `canonical_url`) keeps it and its origin;
one found by title or slug takes the built page's URL (origin "built page", "sitemap" or
"feed"). Posts with no built page are reported.
"""

from __future__ import annotations

import dataclasses
import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from smm_promote.errors import Problems
from smm_promote.model import Post

#: Folders a generator builds into, where a sitemap is looked for beside the content.
BUILD_DIRS = ("_site", "public", "site", "output", "gh-pages", "build", "dist")
_SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
_HEAD = re.compile(r"<head\b.*?</head>", re.S | re.I)


@dataclass
class BuiltPage:
    url: str
    origin: str
    title: str = ""


@dataclass
class BuiltSite:
    """The pages of a built site by canonical URL (see `dedupe.canonical_url`)."""

    where: str
    pages: dict[str, BuiltPage] = field(default_factory=dict)

    def add(self, url: str, origin: str, title: str = "") -> None:
        if url.startswith("//"):
            url = "https:" + url
        key = canonical_url(url)
        known = self.pages.get(key)
        if known is None or (title and not known.title):
            self.pages[key] = BuiltPage(url, origin, title or (known.title if known else ""))


def find_built(roots: list[Path]) -> Path | None:
    """A sitemap beside the content or in a build folder of one of `roots`, if any."""
    for root in roots:
        for folder in (root, *(root / name for name in BUILD_DIRS)):
            sitemap = folder / "sitemap.xml"
            if sitemap.is_file():
                return sitemap
    return None


def load_built(target: Path, problems: Problems, base_url: str = "") -> BuiltSite | None:
    """The built site at `target`: a folder of built pages (and sitemaps), a sitemap or a
    feed. None, with a warning naming it, when nothing can be read there."""
    built = BuiltSite(str(target))
    if target.is_dir():
        _read_folder(target, built, problems, base_url)
    elif target.is_file():
        _read_file(target, built, problems)
    else:
        problems.add(str(target), "built site not found")
        return None
    if not built.pages:
        problems.add(str(target), "no built pages, sitemap URLs or feed items found")
        return None
    return built


def _read_file(path: Path, built: BuiltSite, problems: Problems) -> None:
    data = path.read_bytes()
    if b"<urlset" in data[:4096] or b"<sitemapindex" in data[:4096]:
        _read_sitemap(path, data, built, problems)
        return
    from smm_promote.sources import feed

    if feed.looks_like_feed(data):
        parsed = feed.parse(data, str(path))
        for entry in parsed.entries:
            if entry.get("link"):
                built.add(entry["link"], "feed", entry.get("title", ""))
        return
    problems.add(str(path), "neither a sitemap nor a feed")


def _read_sitemap(path: Path, data: bytes, built: BuiltSite, problems: Problems) -> None:
    import xml.etree.ElementTree as ET  # loads only when there is a sitemap

    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        problems.add(str(path), f"ill-formed sitemap: {exc}")
        return
    if root.tag.endswith("sitemapindex"):
        for loc in root.iter(f"{_SITEMAP_NS}loc"):
            name = PurePosixPath(urlsplit((loc.text or "").strip()).path)
            nested = _nested(path.parent, name)
            if nested is not None and nested != path:
                _read_sitemap(nested, nested.read_bytes(), built, problems)
        return
    for loc in root.iter(f"{_SITEMAP_NS}loc"):
        if loc.text and loc.text.strip():
            built.add(loc.text.strip(), "sitemap")


def _nested(folder: Path, name: PurePosixPath) -> Path | None:
    """A sitemap index's child sitemap, found locally by the tail of its URL path."""
    parts = [p for p in name.parts if p != "/"]
    for start in range(len(parts)):
        candidate = folder.joinpath(*parts[start:])
        if candidate.is_file():
            return candidate
    return None


def _read_folder(folder: Path, built: BuiltSite, problems: Problems, base_url: str) -> None:
    for sitemap in sorted(folder.glob("**/sitemap*.xml")):
        _read_sitemap(sitemap, sitemap.read_bytes(), built, problems)
    for dirpath, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.endswith((".html", ".htm")):
                continue
            path = Path(dirpath, name)
            url, title = _page_facts(path, folder, base_url)
            if url:
                built.add(url, "built page", title)


def _page_facts(path: Path, folder: Path, base_url: str) -> tuple[str | None, str]:
    """A built page's own URL (canonical link or og:url, else its place under `base_url`)
    and title."""
    from bs4 import BeautifulSoup

    with path.open("rb") as handle:
        start = handle.read(65536).decode("utf-8", "replace")
    match = _HEAD.search(start)
    head = BeautifulSoup(match[0] if match else start, "html.parser")
    if head.find("meta", attrs={"http-equiv": re.compile("refresh", re.I)}):
        return None, ""  # a redirect stub (aliases, mike's version redirect)
    url = None
    link = head.find("link", rel="canonical")
    if link and link.get("href", "").strip():
        url = link["href"].strip()
    else:
        og = head.find("meta", property="og:url")
        if og and og.get("content", "").strip():
            url = og["content"].strip()
    if url is None and base_url:
        rel = path.relative_to(folder).as_posix()
        rel = re.sub(r"(^|/)index\.html?$", r"\1", rel)
        url = f"{base_url.rstrip('/')}/{rel}"
    og_title = head.find("meta", property="og:title")
    title = og_title.get("content", "") if og_title else (head.title.string if head.title else "")
    return url, (title or "").strip()


def canonical_url(url: str) -> str:
    """`url` reduced to what tells pages apart: no scheme, lower-case host without `www.`,
    repeated slashes, `index.html`, a trailing slash, query or fragment."""
    parts = urlsplit(url.strip() if "//" in url else "//" + url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = re.sub(r"/{2,}", "/", unquote(parts.path) or "/")
    path = re.sub(r"/index\.html?$", "/", path)
    path = posixpath.normpath(path) if path not in ("", "/") else "/"
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    return f"{host}{path.rstrip('/') or '/'}"


def _norm_title(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def apply_built(posts: list[Post], built: BuiltSite, problems: Problems) -> list[Post]:
    """Each post with the URL of its built page; posts with none are reported."""
    by_title: dict[str, list[BuiltPage]] = {}
    by_slug: dict[str, list[BuiltPage]] = {}
    for page in built.pages.values():
        if page.title:
            by_title.setdefault(_norm_title(page.title), []).append(page)
        tail = unquote(urlsplit(page.url).path).rstrip("/").rsplit("/", 1)[-1]
        tail = re.sub(r"\.html?$", "", tail)
        if tail:
            by_slug.setdefault(tail.lower(), []).append(page)
    out = []
    for post in posts:
        if post.url_origin.startswith("override") or post.draft:
            out.append(post)
            continue
        page = built.pages.get(canonical_url(post.url))
        if page is None:
            titled = [p for p in by_title.get(_norm_title(post.title), []) if p.title]
            page = titled[0] if len(titled) == 1 else None
        if page is None:
            slugged = by_slug.get(post.slug.lower(), [])
            page = slugged[0] if len(slugged) == 1 else None
        if page is None:
            problems.add(
                post.source or post.url,
                f"its URL {post.url} ({post.url_origin}) is not in the built site {built.where}",
            )
            out.append(post)
            continue
        if canonical_url(page.url) == canonical_url(post.url):
            out.append(post)  # the rule was right (its clean form kept): its origin stands
        else:
            out.append(dataclasses.replace(post, url=page.url, url_origin=page.origin))
    return out
