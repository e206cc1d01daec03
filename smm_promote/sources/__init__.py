"""Every source of posts, behind one function: `read_posts(path_or_url, config, problems)`.

A folder is walked for post files; a file is read by what it contains (front matter, Pelican
metadata, plain text, HTML, feed); a URL is fetched as a feed or page. Bad input is reported
to `problems` with the file (and line where known) and skipped; everything else is read.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from smm_promote.errors import Problems, SourceError
from smm_promote.lazyre import lazy
from smm_promote.sites.base import (
    NON_CONTENT_NAMES,
    GenericSite,
    Site,
    SourceFacts,
    find_site,
    local_host,
)
from smm_promote.sources import limits
from smm_promote.sources.keys import lower_keys

if TYPE_CHECKING:  # the readers load when a file is read, not when it comes from the cache
    from smm_promote.config import Config
    from smm_promote.model import Post
    from smm_promote.sources.cache import ReadingCache
    from smm_promote.sources.dialects import Dialect
    from smm_promote.sources.text import Extract

TEXT_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".mdwn", ".txt", ".text", ".mdx"}
HTML_SUFFIXES = {".html", ".htm"}
RST_SUFFIXES = {".rst"}
FEED_SUFFIXES = {".xml", ".rss", ".atom", ".rdf"}
POST_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | RST_SUFFIXES | FEED_SUFFIXES
#: Folders of a site repository that hold templates, assets or build output, not posts.
SKIP_DIRS = {
    "node_modules", "vendor", "themes", "theme", "layouts", "_layouts", "_includes", "_data",
    "_sass", "assets", "static", "_site", "site", "public", "output", "__pycache__", "overrides",
    "partials", "includes", "archetypes", "i18n", "gh-pages",
}  # fmt: skip


@dataclass
class Reading:
    """What reading a folder, file or URL gave: the posts, the files that are not posts (and
    why), the site whose rules applied and the config with the site's settings filled in."""

    posts: list[Post]
    skipped: list[tuple[str, str]] = field(default_factory=list)
    site: Site | None = None
    config: Config | None = None
    #: Source path -> the key its language versions share (`Site.translation_key`).
    translation_keys: dict[str, str] = field(default_factory=dict)


@dataclass
class FileReading:
    """What reading one file gave: its posts, why it is no post (if so), and the key its
    language versions share (`Site.translation_key`)."""

    posts: list[Post]
    skipped: list[str] = field(default_factory=list)
    translation_key: str | None = None


def read_posts(target: str | Path, config: Config, problems: Problems | None = None) -> list[Post]:
    """All posts found at `target`: a folder, a file, or an http(s) URL of a feed or page."""
    return read_source(target, config, problems).posts


def read_source(
    target: str | Path, config: Config, problems: Problems | None = None, *, cache: bool = False
) -> Reading:
    """Read `target` by the rules of the site it belongs to (see `smm_promote.sites`): which
    files are posts, each post's URL, time zone and language. With `cache`, the posts of
    files unchanged since the last run come from `<output>/cache/` (`sources.cache`)."""
    from smm_promote.sites.built import apply_built, load_built
    from smm_promote.sources.dedupe import merge_translations, one_per_page

    problems = problems if problems is not None else Problems()
    text = str(target)
    if text.startswith(("http://", "https://")):
        found = [limits.capped(p, problems) for p in _read_url(text, config, problems)]
        return Reading(found, config=config)
    path = Path(target)
    if not path.exists():
        raise SourceError(text, "no such file or folder")
    site = _find_site(path, config, problems) if cache else find_site(path, problems)
    config = site_config(config, site, problems)
    reading = Reading([], site=site, config=config)
    if path.is_dir():
        path = site.content  # the site root given: its generator's content folder
    root = path if path.is_dir() else path.parent
    kept = _reading_cache(target, config, site) if cache else None
    for file in walk(path) if path.is_dir() else [path]:
        found = read_file(file, config, problems, root=root, site=site, reading=reading, cache=kept)
        reading.posts.extend(found)
    if kept is not None:
        kept.save()
    reading.posts = one_per_page(reading.posts)
    reading.posts = merge_translations(reading.posts, reading.translation_keys, config.lang)
    built_at = _built_target(config, site)
    if built_at is not None:
        found = load_built(built_at, problems, config.site_url)
        if found is not None:
            reading.posts = apply_built(reading.posts, found, problems)
    return reading


def _find_site(path: Path, config: Config, problems: Problems) -> Site:
    """The site `path` belongs to, kept in `<output>/cache/` between runs (`sites.kept`)."""
    from smm_promote.memo import key as memo_key
    from smm_promote.sites.kept import find_kept

    name = f"site-{memo_key(str(path.resolve()))[:16]}.json"
    cache_file = config.path(config.output) / "cache" / name
    return find_kept(path, problems, cache_file, config.model_dump_json())


def _reading_cache(target: str | Path, config: Config, site: Site) -> ReadingCache:
    """The cache of `target`'s readings, one file per source folder or file."""
    from smm_promote.memo import key as memo_key
    from smm_promote.sources.cache import ReadingCache

    name = f"reading-{memo_key(str(Path(target).resolve()))[:16]}.json"
    return ReadingCache(
        config.path(config.output) / "cache" / name,
        config,
        site,
        is_post=lambda path: path.suffix.lower() in POST_SUFFIXES,
    )


def _with_path_categories(
    post: Post, from_path: Mapping[str, Any], written: Mapping[str, Any]
) -> Post:
    """`post` with `path_categories`: its categories the generator took from the file's
    path when the file and its folder's defaults name none."""
    if not post.categories or any(k in written for k in ("category", "categories")):
        return post
    given = from_path.get("category", from_path.get("categories"))
    values = given if isinstance(given, list | tuple) else [given]
    names = {str(v).strip() for v in values if v is not None}
    found = tuple(c for c in post.categories if c in names)
    return replace(post, path_categories=found) if found else post


def _built_target(config: Config, site: Site) -> Path | None:
    """The built site to match posts against: `site` in the config (or `--site`), else a
    sitemap found beside the content."""
    from smm_promote.sites.built import find_built

    if config.site:
        return config.path(config.site)
    return find_built([site.content, site.root])


def site_config(config: Config, site: Site, problems: Problems | None = None) -> Config:
    """`config` with the site's own settings where `smm-promote.toml` sets none: its base URL
    as `site_url`, its time zone and its main language. What the user set wins over the
    generator's, and is written back into `site` (its rules then build on it)."""
    given = config.model_fields_set
    update: dict[str, Any] = {}
    base = site.base_url.rstrip("/")
    if base.startswith("//"):
        base = "https:" + base
    if "site_url" in given and config.site_url:
        site.base_url = config.site_url
    elif base and re.match(r"^https?://[^/\s]+", base):
        update["site_url"] = site.base_url = base
        if problems is not None and (host := local_host(base)):
            problems.add(
                str(site.config_file or site.root),
                f"{site.base_url_key} {base} is on {host}, which readers cannot open: set "
                "`site_url` in smm-promote.toml to the site's public address",
            )
    if site.timezone and "timezone" not in given:
        try:
            ZoneInfo(site.timezone)
            update["timezone"] = site.timezone
        except (ZoneInfoNotFoundError, ValueError):
            if problems is not None:
                where = str(site.config_file or site.root)
                problems.add(where, f"unknown time zone {site.timezone!r}, using {config.timezone}")
    if "timezone" in given:
        site.timezone = config.timezone
    if "lang" in given:
        site.lang = config.lang
    elif site.lang:
        update["lang"] = site.lang
    if not update:
        return config
    updated = config.model_copy(update=update)
    updated.source, updated.base_dir = config.source, config.base_dir
    return updated


def walk(root: Path) -> Iterator[Path]:
    """Candidate post files under `root`, in a stable order, skipping hidden, template and
    output folders. README-like and non-content files are yielded too, so the reader can
    say it skipped them."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d.lower() not in SKIP_DIRS)
        for name in sorted(files):
            path = Path(folder, name)
            if name.startswith("."):
                continue
            if path.suffix.lower() in POST_SUFFIXES or name.lower() in NON_CONTENT_NAMES:
                yield path


def read_file(
    path: Path,
    config: Config,
    problems: Problems,
    *,
    root: Path,
    site: Site | None = None,
    reading: Reading | None = None,
    cache: ReadingCache | None = None,
) -> list[Post]:
    """The posts in one file (several for a feed); problems are recorded, never raised.
    Files the site's rules say are not posts are left out (and noted in `reading`). With
    `cache`, a file read before with the same bytes is not read again."""
    where = str(path)
    site = site if site is not None else GenericSite(root=root, content=root)
    early = site.common_skip_reason(path, None)
    if early:
        if reading is not None:
            reading.skipped.append((where, early))
        return []
    try:
        if path.stat().st_size > limits.MAX_FILE_BYTES:
            problems.add(where, f"larger than {limits.MAX_FILE_BYTES:,} bytes: not read")
            return []
        data = path.read_bytes()
    except OSError as exc:
        problems.add(where, f"cannot read: {exc.strerror}")
        return []

    def parse(problems: Problems) -> FileReading:
        scratch = Reading([])
        try:
            found = _read_bytes(path, data, config, problems, root, site, scratch)
            posts = [limits.capped(post, problems) for post in found]
        except SourceError as exc:
            problems.add(exc.where, exc.message, exc.line)
            posts = []
        except RecursionError:
            problems.add(where, "content nested too deeply to read")
            posts = []
        skipped = [reason for _where, reason in scratch.skipped]
        return FileReading(posts, skipped, scratch.translation_keys.get(where))

    result = cache.get(path, data, parse, problems) if cache is not None else parse(problems)
    if reading is not None:
        reading.skipped.extend((where, reason) for reason in result.skipped)
        if result.translation_key is not None:
            reading.translation_keys[where] = result.translation_key
    return result.posts


@dataclass
class _Parsed:
    """One source file's metadata and content, before it becomes a post."""

    meta: Mapping[str, Any]
    extract: Extract
    fallback_title: str | None = None


def _read_bytes(
    path: Path,
    data: bytes,
    config: Config,
    problems: Problems,
    root: Path,
    site: Site,
    reading: Reading | None,
) -> list[Post]:
    from smm_promote.sources import feed
    from smm_promote.sources.dialects import dialect_for
    from smm_promote.sources.fields import build_post

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
    parsed = _parse(path, text, dialect_for(site.generator), site.generator)
    defaults, authors = folder_context(path.parent, root)
    from_path = lower_keys(site.path_meta(path))
    own = lower_keys(parsed.meta)
    meta = {**defaults, **from_path, **own}
    if "/_drafts/" in where.replace(os.sep, "/"):
        meta.setdefault("draft", True)
    reason = site.skip_reason(path, meta) or site.common_skip_reason(path, meta)
    if reason:
        if reading is not None:
            reading.skipped.append((where, reason))
        return []
    post = build_post(
        meta, parsed.extract, where=where, config=config, known_authors=authors,
        fallback_title=parsed.fallback_title, site=site, path=path,
    )  # fmt: skip
    post = _with_path_categories(post, from_path, {**defaults, **own})
    if reading is not None:
        facts = SourceFacts(path=path, meta=meta, title=post.title, date=post.date, lang=post.lang)
        key = site.translation_key(facts)
        if key is not None:
            reading.translation_keys[where] = key
    return [post]


def _parse(path: Path, text: str, dialect: Dialect = "auto", generator: str = "") -> _Parsed:
    """Metadata and content of a text file, by what it holds (front matter as `generator`
    delimits it)."""
    from smm_promote.sources import frontmatter, html
    from smm_promote.sources.text import extract_html, extract_markdown

    suffix = path.suffix.lower()
    # docutils (pelican_meta) loads only for files that need it.
    if suffix in RST_SUFFIXES:
        from smm_promote.sources import pelican_meta

        meta, content = pelican_meta.read(path, "rst")
        return _Parsed(meta, extract_html(content))
    has_front_matter = frontmatter.has_front_matter(text, generator)
    if suffix in HTML_SUFFIXES or (not has_front_matter and html.looks_like_html(text)):
        meta, extract = html.read(text)
        return _Parsed(meta, extract, meta.pop("title_tag", None))
    if has_front_matter:
        meta, body = frontmatter.split(text, str(path), generator)
        return _Parsed(meta, extract_markdown(body, dialect))
    from smm_promote.sources import pelican_meta

    if pelican_meta.has_pelican_metadata(text):
        meta, content = pelican_meta.read(path, "md")
        return _Parsed(meta, extract_html(content))
    return _plain(text)


def _decode(data: bytes, where: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(where, "not UTF-8 text", line) from None


_SCRAPED_HEADLINE = lazy(
    r"\b(?:what|how|why|when|who|which|where|is|are|can|do|does|should)\b[^.?!]{8,90}\?", re.I
)
_HEADING_LIKE = lazy(r"^[^\s].{0,78}[^.!?:;,]$")


def _plain(text: str) -> _Parsed:
    """A file with no metadata: title from its first line (or first heading), the rest is body.
    The first line counts as the file's title (metadata `title`) only when it stands alone
    (a blank line or nothing follows it); otherwise it is only a fallback, so rules about
    files without a title still apply (a `robots.txt` is no post titled "User-agent: *")."""
    from smm_promote.sources.fields import title_from_text
    from smm_promote.sources.text import extract_markdown

    lines = text.strip("\n").split("\n")
    first_line = lines[0]
    title = title_from_text(first_line)
    titled = len(lines) == 1 or not lines[1].strip()
    rest = lines[1:] if len(first_line) <= 120 or first_line.lstrip().startswith("#") else lines
    if len(first_line) > 300 and (headline := _SCRAPED_HEADLINE.search(first_line[:1500])):
        # A scraped page on one line: navigation text, then the page's own question-headline.
        title = headline[0][0].upper() + headline[0][1:]
        rest = [first_line[headline.end() :].strip(), *lines[1:]]
        titled = True
    if not re.search(r"^(#{1,6} |[-*] |\s*\d+\. )", text, re.M) or not any(
        line.startswith("#") for line in lines
    ):
        rest = _mark_headings(rest)
    meta = {"title": title} if titled else {}
    return _Parsed(meta, extract_markdown("\n".join(rest)), fallback_title=title)


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
    from smm_promote.sources import feed

    return [post for post, _guid in feed.posts(parsed, where, config, problems)]


def _read_url(url: str, config: Config, problems: Problems) -> list[Post]:
    from smm_promote.sources import feed, html
    from smm_promote.sources.fields import build_post

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
            url_origin="page",
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
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (yaml.YAMLError, OSError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}
