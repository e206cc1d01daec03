"""The `Site` interface every generator module implements, and how a folder finds its site."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any, ClassVar
from urllib.parse import urlsplit

from smm_promote.errors import Problems
from smm_promote.sites.look import Look
from smm_promote.sites.roots import ROOTS


@dataclass(frozen=True)
class SourceFacts:
    """What a site's rules need to know about one source file, once its metadata is read."""

    #: The source file.
    path: Path
    #: Lower-cased front matter / metadata (keys as `sources.fields.lower_keys` gives them).
    meta: Mapping[str, Any]
    #: The post's title as read (front matter, else first heading).
    title: str
    #: The post's date (timezone-aware) or None.
    date: datetime | None
    #: The post's language as read (front matter, file suffix), or None.
    lang: str | None = None


@dataclass
class Site:
    """A site as its generator sees it. Subclasses override the rules they know.

    `root` is the folder of the generator config (the site's own root); `content` the folder
    posts are read from. `base_url` has no trailing slash; '' when the config gives none.
    """

    root: Path
    content: Path
    config_file: Path | None = None
    base_url: str = ""
    #: IANA time zone of naive dates, when the generator config names one.
    timezone: str | None = None
    #: The site's main language (e.g. "en", "zh"), when the generator config names one.
    lang: str | None = None
    #: Generator name shown to users ("pelican", "mkdocs", "hugo", ...).
    generator: str = "generic"
    #: The generator config's key for `base_url`, named in warnings about it.
    base_url_key: ClassVar[str] = "base URL"
    #: The generator tells indexes and pages from posts itself (Hugo, Jekyll, Zola).
    decides_pages: ClassVar[bool] = False
    #: Warnings met while reading the generator config (already reported to problems).
    notes: list[str] = field(default_factory=list)
    #: The site's name, colours, logo and font as its config names them (cards use them).
    look: Look = field(default_factory=Look)

    def skip_reason(self, path: Path, meta: Mapping[str, Any]) -> str | None:
        """Why `path` is not a post by this generator's rules (a page, an index, a data
        file...), or None when it is a post. `meta` is its lower-cased metadata ({} when the
        file has none or was not read yet)."""
        return None

    def common_skip_reason(self, path: Path, meta: Mapping[str, Any] | None) -> str | None:
        """Why `path` is not a post by the rules every generator shares (asked after
        `skip_reason`, and once before the file is read with `meta` None): README/LICENSE
        files, non-content files (robots.txt, CNAME, `_headers`, files under `extra/`),
        section indexes, 404/about/search/tag/archive pages, `layout: page`, `.txt` files
        without a title. A generator whose rules decide indexes and pages itself sets
        `decides_pages`, and only the rules about files apply."""
        return common_skip_reason(path, meta, self.content, pages=not self.decides_pages)

    def url(self, facts: SourceFacts) -> tuple[str, str] | None:
        """The post's public URL and where it came from ("rule: pelican ARTICLE_URL"), or
        None to fall back to the generic rule."""
        return None

    def slug_of(self, facts: SourceFacts) -> str | None:
        """The post's slug by the generator's own rule (Pelican: the article's `slug`), or
        None to take the slug its URL ends with (`utm_campaign`, card names)."""
        return None

    def title_of(self, facts: SourceFacts) -> str | None:
        """The post's title by the generator's rule when its metadata has no `title`
        (Jekyll: the file name's slug, titleized), or None to keep the reader's title."""
        return None

    def lang_of(self, facts: SourceFacts) -> str | None:
        """The post's language by the generator's rules (file suffix, folder, default)."""
        return facts.lang or self.lang

    def path_meta(self, path: Path) -> dict[str, Any]:
        """Metadata the generator gives `path` before the file's own (default metadata,
        fields from the file name or path); the file's own metadata wins over it."""
        return {}

    def layout_tags(self) -> frozenset[str]:
        """Tags the site's templates use to place pages rather than to name topics (Eleventy:
        the collections its layouts and includes list by name); none by default."""
        return frozenset()

    def translation_key(self, facts: SourceFacts) -> str | None:
        """A key shared by the language versions of one post (Pelican: the slug or
        `translation_id`), or None when the post has no translations."""
        return None


#: Names that only ever mean this machine or its local network (RFC 6761, RFC 6762).
_LOCAL_SUFFIXES = (".localhost", ".local")


def local_host(url: str) -> str | None:
    """The host of `url` when only this machine or a private network can reach it
    (`localhost`, `*.local`, 127.0.0.1, 192.168.x.x...), else None."""
    host = (urlsplit(url if "//" in url else "//" + url).hostname or "").rstrip(".").lower()
    if host == "localhost" or host.endswith(_LOCAL_SUFFIXES):
        return host
    try:
        return host if not ipaddress.ip_address(host).is_global else None
    except ValueError:
        return None


class GenericSite(Site):
    """No generator config found: explicit `url`/`permalink` front matter, else
    `site_url/<slug>/`, and the common non-post rules (indexes, 404, robots.txt...)."""


#: File names (lower-cased) that are never posts: repository files and files a site copies
#: as they are.
REPO_FILES = {"readme", "license", "licence", "changelog", "contributing", "source", "copying"}
NON_CONTENT_NAMES = {
    "robots.txt", "humans.txt", "ads.txt", "security.txt", "keybase.txt", "cname",
    "_headers", "_redirects", "nojekyll", ".nojekyll", "llms.txt",
}  # fmt: skip
#: Folders whose files a generator copies as they are (Pelican's `extra/`).
EXTRA_DIRS = {"extra"}
#: Stems of pages that list or describe the site rather than being a post.
PAGE_STEMS = {
    "404": "404 page", "about": "about page", "search": "search page", "tags": "tags page",
    "tag": "tags page", "categories": "categories page", "category": "categories page",
    "archive": "archive page", "archives": "archive page", "authors": "authors page",
}  # fmt: skip
#: `layout:`/`template:`/`type:` values that mark a page, not a post.
PAGE_LAYOUTS = {"page", "404", "search", "archive", "archives", "tags", "categories", "home"}
INDEX_STEMS = {"index", "_index"}


def common_skip_reason(
    path: Path, meta: Mapping[str, Any] | None, content: Path, *, pages: bool = True
) -> str | None:
    """The shared non-post rules (see `Site.common_skip_reason`); `meta` is None before the
    file is read; `content` is the folder posts are read from. `pages=False` keeps only the
    rules about files (README/LICENSE, non-content files, `extra/`, `.txt` without a title)
    for generators that decide indexes and pages themselves (Hugo bundles, Jekyll `_posts`)."""
    name = path.name.lower()
    stem = name.split(".")[0]
    if stem in REPO_FILES:
        return "README/LICENSE file"
    if name in NON_CONTENT_NAMES:
        return "non-content file"
    try:
        parts = rel_posix(path, content).parts[:-1]
    except ValueError:
        parts = ()
    if any(part.lower() in EXTRA_DIRS for part in parts):
        return "extra file (copied as is)"
    if not pages:
        if meta is not None and path.suffix.lower() == ".txt" and not meta.get("title"):
            return "text file without a title"
        return None
    if stem in INDEX_STEMS and (stem == "_index" or _is_section_index(path, content)):
        return "section index"
    if stem in PAGE_STEMS:
        return PAGE_STEMS[stem]
    if meta is None:
        return None
    for key in ("layout", "template", "type"):
        value = meta.get(key)
        if isinstance(value, str) and value.strip().lower() in PAGE_LAYOUTS:
            return f"{key}: {value.strip()}"
    if path.suffix.lower() == ".txt" and not meta.get("title"):
        return "text file without a title"
    return None


def _is_section_index(path: Path, content: Path) -> bool:
    """An `index.*` is a section's list page when it sits at the content root or beside other
    content (sibling post files or sub-folders holding some); alone in its folder it is a
    page bundle's post."""
    folder = path.parent
    if folder.resolve() == content.resolve():
        return True
    for entry in folder.iterdir():
        if entry == path or entry.name.startswith("."):
            continue
        if entry.is_file() and entry.suffix.lower() in _CONTENT_SUFFIXES:
            if entry.name.split(".")[0].lower() not in INDEX_STEMS:
                return True
        elif entry.is_dir() and any(
            f.suffix.lower() in _CONTENT_SUFFIXES for f in entry.iterdir() if f.is_file()
        ):
            return True
    return False


_CONTENT_SUFFIXES = {".md", ".markdown", ".rst", ".mdx", ".html", ".adoc", ".org", ".ipynb"}


#: Generator detectors, as their modules register them on import (`roots.ROOTS` holds the
#: order they are tried in): each takes (folder, problems) and returns a `Site` when `folder`
#: is that generator's site root (its config file is there), else None.
Detector = Callable[[Path, Problems], Site | None]
GENERATORS: list[tuple[str, Detector]] = []


def register(name: str) -> Callable[[Detector], Detector]:
    """Decorator adding a generator's detector to `GENERATORS`."""

    def add(detector: Detector) -> Detector:
        GENERATORS.append((name, detector))
        return detector

    return add


def find_site(content: Path, problems: Problems | None = None) -> Site:
    """The site `content` belongs to: the nearest folder at or above it holding a generator
    config (stopping at a repository root), else, for a folder, the one site whose config is a
    few levels below it (`docs/mkdocs.yml`), else a `GenericSite` rooted at `content`. A file
    is never part of a site below its own folder, so none is looked for there.
    `site.content` is `content`, except when `content` is the site's root: then it stays
    the generator's own content folder (Pelican's `PATH`)."""
    problems = problems if problems is not None else Problems()
    content = content.resolve()
    start = content if content.is_dir() else content.parent
    for folder in (start, *start.parents):
        site = _detect(folder, problems)
        if site is not None:
            given = content if content.is_dir() else content.parent
            if given != site.root.resolve() or site.content.resolve() == site.root.resolve():
                site.content = given  # else: the site root given, read its content folder
            return site
        if (folder / ".git").exists() or folder == Path.home():
            break
    below = _sites_below(start, problems) if content.is_dir() else []
    if len(below) == 1:
        below[0].content = start
        return below[0]
    if below:
        names = ", ".join(str(site.config_file or site.root) for site in below)
        problems.add(
            str(start),
            f"several sites below this folder ({names}); the generic rules are used: "
            "read each site's folder on its own",
        )
    return GenericSite(root=start, content=start)


#: How deep below the given folder `find_site` looks for a generator config when there is
#: none at or above it (a repository whose site lives in `docs/` or `packages/website/`).
BELOW_DEPTH = 3
_NOT_SITE_DIRS = {"node_modules", "vendor", "_site", "public", "output", "build", "dist"}


def _sites_below(start: Path, problems: Problems) -> list[Site]:
    """The sites whose config is in a folder up to `BELOW_DEPTH` levels below `start`."""
    found: list[Site] = []
    for folder, dirs, _files in os.walk(start):
        depth = len(Path(folder).relative_to(start).parts)
        keep = depth < BELOW_DEPTH
        dirs[:] = sorted(
            d for d in dirs if keep and not d.startswith(".") and d not in _NOT_SITE_DIRS
        )
        if depth == 0:
            continue
        site = _detect(Path(folder), problems)
        if site is not None:
            found.append(site)
            dirs[:] = []
    return found


def _detect(folder: Path, problems: Problems) -> Site | None:
    """The site of the first generator (in `roots.ROOTS` order) whose root `folder` is."""
    for name, may_be_root in ROOTS:
        if may_be_root(folder) and (detect := _detector(name)) is not None:
            site = detect(folder, problems)
            if site is not None:
                return site
    return None


def _detector(name: str) -> Detector | None:
    """Generator `name`'s detector, its module imported (it registers on import) the first
    time; None when the module is absent."""
    import importlib

    found = dict(GENERATORS).get(name)
    if found is None:
        try:
            importlib.import_module(f"smm_promote.sites.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"smm_promote.sites.{name}":
                raise
            return None
        found = dict(GENERATORS).get(name)
    return found


def rel_posix(path: Path, root: Path) -> PurePosixPath:
    """`path` relative to `root` as a POSIX path (for matching folder rules)."""
    return PurePosixPath(path.resolve().relative_to(root.resolve()).as_posix())
