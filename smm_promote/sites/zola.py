"""Zola: which content files are posts and the URL Zola publishes each one at.

The site config is `config.toml` with `base_url` (Hugo's spells it `baseURL`). Content is the
`.md` files of `content/`: `_index.md` files are sections, every other `.md` file is a page
(`index.md` with its assets is a page bundle named for its folder).

A page's URL is its front matter `path` when set (kept as written, made absolute), else its
folders under `content/` plus its slug: `slug` from front matter, else the file name (the
bundle folder's for `index.md`) with a leading date (`2018-07-27-name`) cut off unless
`slugify.paths_keep_dates`, slugified by `slugify.paths` ("on": ASCII transliteration,
lower-case, hyphens; "safe": only characters unsafe in file names removed; "off": as is).
A page in a language other than `default_language` (`name.fr.md`) is under `/fr/`. URLs end
with a slash. `transparent` sections change which section lists a page, not its URL.

Posts are dated pages: an undated page (no `date`, none in its file name or `path`) is a page
such as About, not a post; `render = false` pages are not published; sections never are posts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, ClassVar

from smm_promote.errors import Problems
from smm_promote.sites import configfile, roots
from smm_promote.sites.base import Site, SourceFacts, register

CONFIG_NAMES = roots.ZOLA_FILES
STRATEGIES = ("on", "safe", "off")
#: Zola's dated file name: an RFC 3339 date, then `_` or `-` and the slug.
DATED_NAME = re.compile(
    r"^(?P<datetime>\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"
    r"(?:T(?:[01]\d|2[0-3]):[0-5]\d:(?:[0-5]\d|60)(?:\.\d+)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d))?)"
    r"(?:\s?[_-](?P<slug>.+))?$"
)
PATH_DATE = re.compile(r"(?:^|/)\d{4}/\d{2}/\d{2}(?:/|$)")


@dataclass
class ZolaSite(Site):
    """A Zola site read from its `config.toml` (see the module docstring for the rules)."""

    generator: str = "zola"
    base_url_key: ClassVar[str] = "base_url"
    decides_pages: ClassVar[bool] = True
    content_dir: Path = Path("content")
    default_lang: str = "en"
    languages: tuple[str, ...] = ()
    slugify_paths: str = "on"
    keep_dates: bool = False
    problems: Problems = field(default_factory=Problems, repr=False, compare=False)

    def skip_reason(self, path: Path, meta: Mapping[str, Any]) -> str | None:
        rel = self._rel(path)
        if rel is None:
            return "outside Zola's content folder"
        if path.suffix.lower() != ".md":
            return "not a Zola page (only .md files are)"
        name, _lang = self._name_and_lang(path)
        if name == "_index":
            return "Zola section (_index.md)"
        if meta.get("render") is False:
            return "render = false (Zola publishes no page)"
        if not self._dated(path, meta):
            return "undated Zola page (no date in front matter, file name or path)"
        return None

    def url(self, facts: SourceFacts) -> tuple[str, str] | None:
        rel = self._rel(facts.path)
        if rel is None:
            return None
        explicit = facts.meta.get("path")
        if isinstance(explicit, str) and explicit.strip():
            path = explicit.strip()
            path = path if path.startswith("/") else "/" + path
            origin = "rule: zola front matter path"
        else:
            name, lang = self._name_and_lang(facts.path)
            components = list(rel.parts[:-1])
            if name == "index" and components:
                bundle = components.pop()
                stem = bundle
            else:
                stem = name
            dated = DATED_NAME.match(stem)
            slug_meta = facts.meta.get("slug")
            if isinstance(slug_meta, str) and slug_meta.strip():
                slug = self.slugify(slug_meta)
            elif dated and dated["slug"] and not self.keep_dates:
                slug = self.slugify(dated["slug"])
            else:
                slug = self.slugify(stem)
            path = "/".join([*components, slug])
            if lang != self.default_lang:
                path = f"{lang}/{path}"
            path = "/" + path
            origin = "rule: zola section path + slug"
        if not path.endswith("/"):
            path += "/"
        return self.base_url + path, origin

    def path_meta(self, path: Path) -> dict[str, Any]:
        """The date of a dated file name, or of a bundle folder's name for `index.md`
        (`2024-03-05-trip/index.md`), as Zola takes it (with or without
        `slugify.paths_keep_dates`); front matter `date` wins."""
        dated = DATED_NAME.match(self._stem(path))
        return {"date": dated["datetime"]} if dated else {}

    def lang_of(self, facts: SourceFacts) -> str | None:
        return self._name_and_lang(facts.path)[1]

    def translation_key(self, facts: SourceFacts) -> str | None:
        if not self.languages:
            return None
        rel = self._rel(facts.path)
        if rel is None:
            return None
        name, _lang = self._name_and_lang(facts.path)
        return "zola:" + str(rel.parent / name)

    def slugify(self, text: str) -> str:
        """Zola's `slugify_paths` with the site's `slugify.paths` strategy."""
        if self.slugify_paths == "off":
            return text
        if self.slugify_paths == "safe":
            return re.sub(r'[<>:"/\\|?*]', "", text.rstrip(" ."))
        return slugify_on(text)

    def _rel(self, path: Path) -> PurePosixPath | None:
        try:
            return PurePosixPath(path.resolve().relative_to(self.content_dir.resolve()).as_posix())
        except ValueError:
            return None

    def _name_and_lang(self, path: Path) -> tuple[str, str]:
        """(file name without extension and language, language): Zola's `{name}.{lang}.md`
        (the part after the first dot, when it is a configured language)."""
        stem = path.stem
        if self.languages and "." in stem:
            name, code = stem.split(".", 1)
            if code in self.languages or code == self.default_lang:
                return name, code
        return stem, self.default_lang

    def _stem(self, path: Path) -> str:
        """The name Zola reads a date and slug from: the file's, or its folder's for a
        bundle's `index.md`."""
        name, _lang = self._name_and_lang(path)
        return path.parent.name if name == "index" else name

    def _dated(self, path: Path, meta: Mapping[str, Any]) -> bool:
        if meta.get("date") not in (None, ""):
            return True
        explicit = meta.get("path")
        return bool(
            DATED_NAME.match(self._stem(path))
            or (isinstance(explicit, str) and PATH_DATE.search(explicit.strip("/")))
        )


def slugify_on(text: str) -> str:
    """The `slug` crate's `slugify` (Zola's "on"): transliterated to ASCII, lower-case
    letters and digits kept, every other run of characters one hyphen, none at the ends."""
    from text_unidecode import unidecode  # its table loads for a Zola site's slugs only

    out: list[str] = []
    dash = True
    for char in text:
        for ascii_char in char if char.isascii() else (unidecode(char) or "-"):
            lower = ascii_char.lower()
            if lower.isascii() and lower.isalnum():
                out.append(lower)
                dash = False
            elif not dash:
                out.append("-")
                dash = True
    return "".join(out).rstrip("-")


@register("zola")
def detect(folder: Path, problems: Problems) -> ZolaSite | None:
    """A `ZolaSite` when `folder` holds Zola's `config.toml` (one with `base_url`)."""
    config_file = next((folder / n for n in CONFIG_NAMES if (folder / n).is_file()), None)
    if config_file is None:
        return None
    try:
        config = configfile.parse(config_file)
    except ValueError as exc:
        if (folder / "content").is_dir() and not (folder / "config").is_dir():
            problems.add(str(config_file), f"site config: {exc}; its settings are not used")
        return None
    if "base_url" not in config:
        return None
    site = ZolaSite(root=folder, content=folder, config_file=config_file, problems=problems)
    site.base_url = str(config.get("base_url") or "").rstrip("/")
    site.content_dir = (folder / "content").resolve()
    site.default_lang = str(config.get("default_language") or "en")
    site.lang = site.default_lang
    languages = config.get("languages")
    if isinstance(languages, Mapping):
        site.languages = tuple(str(k) for k in languages if str(k) != site.default_lang)
    slug_settings = config.get("slugify")
    if isinstance(slug_settings, Mapping):
        strategy = str(slug_settings.get("paths", "on")).lower()
        if strategy not in STRATEGIES:
            problems.add(
                str(config_file),
                f"slugify.paths: {strategy!r} is none of on, safe, off; 'on' is used",
            )
            strategy = "on"
        site.slugify_paths = strategy
        site.keep_dates = slug_settings.get("paths_keep_dates") is True
    return site
