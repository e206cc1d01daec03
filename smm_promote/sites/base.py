"""The `Site` interface every generator module implements, and how a folder finds its site."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from smm_promote.errors import Problems


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
    #: Warnings met while reading the generator config (already reported to problems).
    notes: list[str] = field(default_factory=list)

    def skip_reason(self, path: Path, meta: Mapping[str, Any]) -> str | None:
        """Why `path` is not a post by this generator's rules (a page, an index, a data
        file...), or None when it is a post. `meta` is its lower-cased metadata ({} when the
        file has none or was not read yet)."""
        return None

    def url(self, facts: SourceFacts) -> tuple[str, str] | None:
        """The post's public URL and where it came from ("rule: pelican ARTICLE_URL"), or
        None to fall back to the generic rule."""
        return None

    def lang_of(self, facts: SourceFacts) -> str | None:
        """The post's language by the generator's rules (file suffix, folder, default)."""
        return facts.lang or self.lang

    def translation_key(self, facts: SourceFacts) -> str | None:
        """A key shared by the language versions of one post (Pelican: the slug or
        `translation_id`), or None when the post has no translations."""
        return None


class GenericSite(Site):
    """No generator config found: explicit `url`/`permalink` front matter, else
    `site_url/<slug>/`, and the common non-post rules (indexes, 404, robots.txt...)."""


#: Generator detectors, tried in order: each takes (folder, problems) and returns a `Site`
#: when `folder` is that generator's site root (its config file is there), else None.
Detector = Callable[[Path, Problems], Site | None]
GENERATORS: list[tuple[str, Detector]] = []
_MODULES = ("pelican", "mkdocs", "hugo", "zola", "jekyll", "eleventy", "docusaurus")
_loaded = False


def register(name: str) -> Callable[[Detector], Detector]:
    """Decorator adding a generator's detector to `GENERATORS`."""

    def add(detector: Detector) -> Detector:
        GENERATORS.append((name, detector))
        return detector

    return add


def find_site(content: Path, problems: Problems | None = None) -> Site:
    """The site `content` belongs to: the nearest folder at or above it holding a generator
    config (stopping at a repository root), else a `GenericSite` rooted at `content`."""
    problems = problems if problems is not None else Problems()
    content = content.resolve()
    start = content if content.is_dir() else content.parent
    _load_generators()
    for folder in (start, *start.parents):
        for _name, detect in GENERATORS:
            site = detect(folder, problems)
            if site is not None:
                site.content = content if content.is_dir() else content.parent
                return site
        if (folder / ".git").exists() or folder == Path.home():
            break
    return GenericSite(root=start, content=start)


def _load_generators() -> None:
    """Import the generator modules (they register on import), once."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    import importlib

    for module in _MODULES:
        try:
            importlib.import_module(f"smm_promote.sites.{module}")
        except ModuleNotFoundError as exc:
            if exc.name != f"smm_promote.sites.{module}":
                raise


def rel_posix(path: Path, root: Path) -> PurePosixPath:
    """`path` relative to `root` as a POSIX path (for matching folder rules)."""
    return PurePosixPath(path.resolve().relative_to(root.resolve()).as_posix())
