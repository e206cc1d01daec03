"""Every source of posts, behind one function: `read_posts(path_or_url, config, problems)`.

A folder is walked for post files; a file is read by what it contains (front matter, Pelican
metadata, plain text, HTML, feed); a URL is fetched as a feed or page. Bad input is reported
to `problems` with the file (and line where known) and skipped; everything else is read.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from smm_promote.config import Config
from smm_promote.errors import Problems, SourceError
from smm_promote.model import Post
from smm_promote.sources import feed, frontmatter, html, pelican_meta
from smm_promote.sources.fields import build_post, lower_keys, title_from_text
from smm_promote.sources.text import Extract, extract_html, extract_markdown

TEXT_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".mdwn", ".txt", ".text", ".mdx"}
HTML_SUFFIXES = {".html", ".htm"}
RST_SUFFIXES = {".rst"}
FEED_SUFFIXES = {".xml", ".rss", ".atom", ".rdf"}
POST_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | RST_SUFFIXES | FEED_SUFFIXES
#: Folders of a site repository that hold templates, assets or build output, not posts.
SKIP_DIRS = {
    "node_modules", "vendor", "themes", "theme", "layouts", "_layouts", "_includes", "_data",
    "_sass", "assets", "static", "_site", "site", "public", "output", "__pycache__", "overrides",
    "partials", "includes", "archetypes", "i18n",
}  # fmt: skip
README_NAMES = {"readme", "license", "licence", "changelog", "contributing", "source"}


def read_posts(target: str | Path, config: Config, problems: Problems | None = None) -> list[Post]:
    """All posts found at `target`: a folder, a file, or an http(s) URL of a feed or page."""
    problems = problems if problems is not None else Problems()
    text = str(target)
    if text.startswith(("http://", "https://")):
        return _read_url(text, config, problems)
    path = Path(target)
    if not path.exists():
        raise SourceError(text, "no such file or folder")
    if path.is_dir():
        posts: list[Post] = []
        for file in walk(path):
            posts.extend(read_file(file, config, problems, root=path))
        return posts
    return read_file(path, config, problems, root=path.parent)


def walk(root: Path) -> Iterator[Path]:
    """Post files under `root`, in a stable order, skipping hidden, template and output folders."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d.lower() not in SKIP_DIRS)
        for name in sorted(files):
            path = Path(folder, name)
            if name.startswith(".") or path.suffix.lower() not in POST_SUFFIXES:
                continue
            if path.stem.lower() in README_NAMES:
                continue
            yield path


def read_file(path: Path, config: Config, problems: Problems, *, root: Path) -> list[Post]:
    """The posts in one file (several for a feed); problems are recorded, never raised."""
    where = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.add(where, f"cannot read: {exc.strerror}")
        return []
    try:
        return _read_bytes(path, data, config, problems, root)
    except SourceError as exc:
        problems.add(exc.where, exc.message, exc.line)
    except RecursionError:
        problems.add(where, "content nested too deeply to read")
    return []


def _read_bytes(
    path: Path, data: bytes, config: Config, problems: Problems, root: Path
) -> list[Post]:
    where = str(path)
    suffix = path.suffix.lower()
    is_feed = feed.looks_like_feed(data)
    if suffix in FEED_SUFFIXES and not is_feed:
        return []  # e.g. a sitemap or an export that is no feed
    if is_feed:
        return _posts_from_feed(feed.parse(data, where), where, config, problems)
    if b"\x00" in data[:8192]:
        raise SourceError(where, "binary file, not text")
    text = _decode(data, where)
    if not text.strip():
        raise SourceError(where, "empty file")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    context = folder_context(path.parent, root)
    if suffix in RST_SUFFIXES:
        meta, content = pelican_meta.read(path, "rst")
        return [_post(meta, extract_html(content), where, config, context)]
    if suffix in HTML_SUFFIXES or (
        not frontmatter.has_front_matter(text) and html.looks_like_html(text)
    ):
        meta, extract = html.read(text)
        fallback = meta.pop("title_tag", None)
        return [_post(meta, extract, where, config, context, fallback_title=fallback)]
    if frontmatter.has_front_matter(text):
        meta, body = frontmatter.split(text, where)
        return [_post(meta, extract_markdown(body), where, config, context)]
    if pelican_meta.has_pelican_metadata(text):
        meta, content = pelican_meta.read(path, "md")
        return [_post(meta, extract_html(content), where, config, context)]
    return [_plain_post(text, where, config, context)]


def _decode(data: bytes, where: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(where, "not UTF-8 text", line) from None


def _post(
    meta: Mapping[str, Any],
    extract: Extract,
    where: str,
    config: Config,
    context: Context,
    fallback_title: str | None = None,
    url: str | None = None,
) -> Post:
    defaults, authors = context
    merged = {**defaults, **lower_keys(meta)}
    if "/_drafts/" in where.replace(os.sep, "/"):
        merged.setdefault("draft", True)
    return build_post(
        merged, extract, where=where, config=config, known_authors=authors,
        url=url, fallback_title=fallback_title,
    )  # fmt: skip


_SCRAPED_HEADLINE = re.compile(
    r"\b(?:what|how|why|when|who|which|where|is|are|can|do|does|should)\b[^.?!]{8,90}\?", re.I
)
_HEADING_LIKE = re.compile(r"^[^\s].{0,78}[^.!?:;,]$")


def _plain_post(text: str, where: str, config: Config, context: Context) -> Post:
    """A file with no metadata: title from its first line (or first heading), the rest is body."""
    lines = text.strip("\n").split("\n")
    first_line = lines[0]
    title = title_from_text(first_line)
    rest = lines[1:] if len(first_line) <= 120 or first_line.lstrip().startswith("#") else lines
    if len(first_line) > 300 and (headline := _SCRAPED_HEADLINE.search(first_line[:1500])):
        # A scraped page on one line: navigation text, then the page's own question-headline.
        title = headline[0][0].upper() + headline[0][1:]
        rest = [first_line[headline.end() :].strip(), *lines[1:]]
    if not re.search(r"^(#{1,6} |[-*] |\s*\d+\. )", text, re.M) or not any(
        line.startswith("#") for line in lines
    ):
        rest = _mark_headings(rest)
    return _post({"title": title}, extract_markdown("\n".join(rest)), where, config, context)


def _mark_headings(lines: list[str]) -> list[str]:
    """Short standalone lines without closing punctuation become `##` headings."""
    out = []
    for i, line in enumerate(lines):
        before = lines[i - 1].strip() if i else ""
        after = lines[i + 1].strip() if i + 1 < len(lines) else ""
        stripped = line.strip()
        if stripped and not before and not after and _HEADING_LIKE.match(stripped):
            out.append("## " + re.sub(r"^(\d+)\.\s", r"\1\\. ", stripped))
        else:
            out.append(line)
    return out


def _posts_from_feed(parsed: Any, where: str, config: Config, problems: Problems) -> list[Post]:
    if parsed.bozo:
        problems.add(where, f"ill-formed feed, read what could be: {parsed.get('bozo_exception')}")
    posts = []
    for index, (meta, content, link) in enumerate(feed.entries(parsed), start=1):
        item = f"{where} (entry {index})"
        extract = extract_html(content)
        fallback = title_from_text(extract.body) if extract.body else None
        try:
            posts.append(
                build_post(
                    meta,
                    extract,
                    where=item,
                    config=config,
                    url=link or None,
                    fallback_title=fallback,
                )
            )
        except SourceError as exc:
            problems.add(exc.where, exc.message, exc.line)
    return posts


def _read_url(url: str, config: Config, problems: Problems) -> list[Post]:
    result = feed.fetch(url)
    data = result.content or b""
    if feed.looks_like_feed(data):
        return _posts_from_feed(feed.parse(data, url, result.headers), url, config, problems)
    meta, extract = html.read(_decode(data, url))
    fallback = meta.pop("title_tag", None)
    return [
        build_post(
            meta,
            extract,
            where=url,
            config=config,
            url=meta.get("url") or url,
            fallback_title=fallback,
        )
    ]


Context = tuple[dict[str, Any], dict[str, Any]]


def folder_context(folder: Path, root: Path) -> Context:
    """`.meta.yml` defaults and `.authors.yml` authors that apply to files in `folder`."""
    return _context(folder.resolve(), root.resolve())


@lru_cache(maxsize=256)
def _context_cached(folder: Path, root: Path, stamp: float) -> Context:
    if folder == root or root not in folder.parents:
        defaults: dict[str, Any] = {}
        authors: dict[str, Any] = {}
        chain = [folder] if folder == root else []
    else:
        parent_defaults, parent_authors = _context(folder.parent, root)
        defaults, authors = dict(parent_defaults), dict(parent_authors)
        chain = [folder]
    for place in chain:
        meta_file = place / ".meta.yml"
        if meta_file.is_file():
            defaults.update(lower_keys(_load_yaml(meta_file)))
        authors_file = place / ".authors.yml"
        if authors_file.is_file():
            data = _load_yaml(authors_file)
            found = data.get("authors", data) if isinstance(data, Mapping) else {}
            authors.update(found if isinstance(found, Mapping) else {})
    return defaults, authors


def _context(folder: Path, root: Path) -> Context:
    """Cached per folder; a changed `.meta.yml`/`.authors.yml` (mtime) is read again."""
    stamp = sum(
        f.stat().st_mtime for f in (folder / ".meta.yml", folder / ".authors.yml") if f.is_file()
    )
    return _context_cached(folder, root, stamp)


def _load_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (yaml.YAMLError, OSError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}
