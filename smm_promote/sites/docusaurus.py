"""Docusaurus: the blog plugin's posts and permalinks, read from `docusaurus.config.*`.

The config is JavaScript or TypeScript and is never executed: `url`, `baseUrl`, `trailingSlash`,
`i18n.defaultLocale` and each blog instance's `path` and `routeBasePath` are read where they are
written plainly (see `smm_promote.sites.jsconfig`): as literals, or as identifiers bound to a
literal or an object literal in the same file. Blog instances are the preset's `blog: {...}`
(unless `blog: false`) and each `['@docusaurus/plugin-content-blog', {...}]`. A value written
any other way is reported with the file and key, and the plugin default is used.

Docusaurus' rules, as `@docusaurus/plugin-content-blog` applies them:
- posts are the `.md`/`.mdx` files under a blog `path` (default `blog`), except `_`-prefixed
  files and folders and tests; `authors.yml`/`tags.yml` are data; `draft`/`unlisted` are left out;
- the permalink is `baseUrl/routeBasePath/slug`: the `slug:` front matter (absolute or not, it is
  under `routeBasePath`), else the file path, with a dated name `YYYY-MM-DD-name.md` (or
  `YYYY-MM-DD-name/index.md`) becoming `YYYY/MM/DD/name` and subfolders kept;
- no trailing slash unless `trailingSlash: true`; dates in file names are UTC.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import quote

from smm_promote.errors import Problems, SourceError
from smm_promote.sites import jsconfig, roots
from smm_promote.sites.base import GenericSite, SourceFacts, register, rel_posix
from smm_promote.sites.look import docusaurus_look

CONFIG_NAMES = roots.DOCUSAURUS_FILES
#: `parseBlogFileName`'s pattern (the unescaped `.` before `mdx?` kept as Docusaurus has it).
DATE_FILENAME = re.compile(
    r"^(?P<folder>.*)(?P<date>\d{4}[-/]\d{1,2}[-/]\d{1,2})[-/]?(?P<text>.*?)(?:/index)?.mdx?$"
)
#: The blog plugin's default `exclude` globs.
EXCLUDE = ("_*.md", "_*.mdx", "*.test.*")
BLOG_PLUGIN = "@docusaurus/plugin-content-blog"


@dataclass(frozen=True)
class Blog:
    """One blog instance: its folder (relative to the site) and route."""

    path: str = "blog"
    route_base_path: str = "blog"


@dataclass
class DocusaurusSite(GenericSite):
    generator: str = "docusaurus"
    base_url_key: ClassVar[str] = "url"
    timezone: str | None = "UTC"
    blogs: list[Blog] = field(default_factory=list)
    trailing_slash: bool | None = None
    base_path: str = "/"
    problems: Problems = field(default_factory=Problems)

    @classmethod
    def load(cls, config_file: Path, problems: Problems) -> DocusaurusSite:
        site = cls(root=config_file.parent, content=config_file.parent, config_file=config_file)
        site.problems = problems
        before = len(problems)
        try:
            source = jsconfig.Source.read(config_file)
        except (OSError, UnicodeDecodeError) as exc:
            site._warn(f"cannot read ({exc}); the blog plugin's defaults are used")
            site.blogs = [Blog()]
            return site
        site._read(source)
        site.notes.extend(str(p) for p in list(problems)[before:])
        return site

    def _read(self, source: jsconfig.Source) -> None:
        config = self._config_object(source)
        top = dict(jsconfig.entries(config)) if config else {}
        url = self._string(source, top, "url")
        title = source.value_of(top["title"]) if "title" in top else None
        self.look = docusaurus_look(title if isinstance(title, str) else None, None, self.root)
        base = self._string(source, top, "baseUrl") or "/"
        self.base_path = "/" + base.strip("/") + "/" if base.strip("/") else "/"
        if url:
            self.base_url = url.rstrip("/") + self.base_path.rstrip("/")
        slash = source.value_of(top["trailingSlash"]) if "trailingSlash" in top else None
        if isinstance(slash, bool):
            self.trailing_slash = slash
        elif slash is not None:
            self._warn("trailingSlash: not a plain true/false; Docusaurus' default is used")
        i18n = source.value_of(top.get("i18n", "")) if "i18n" in top else None
        if isinstance(i18n, jsconfig.ObjectText):
            locale = source.value_of(dict(jsconfig.entries(i18n)).get("defaultLocale", ""))
            self.lang = locale if isinstance(locale, str) else None
        self.lang = self.lang or "en"
        self.blogs = self._blogs(source)

    def _config_object(self, source: jsconfig.Source) -> str | None:
        """The object literal holding `baseUrl` (and `url`): the site config."""
        best = None
        for offset, _ in jsconfig.objects_after(source, r"[\"']?\bbaseUrl[\"']?\s*:"):
            opening = source.enclosing_object(offset)
            obj = source.object_at(opening) if opening is not None else None
            if obj:
                keys = {key for key, _ in jsconfig.entries(obj)}
                if "url" in keys:
                    return obj
                best = best or obj
        if best is None:
            self._warn("url, baseUrl: not found as plain values; URLs use smm-promote's site_url")
        return best

    def _string(self, source: jsconfig.Source, top: Mapping[str, str], key: str) -> str | None:
        if key not in top:
            return None
        value = source.value_of(top[key])
        if isinstance(value, str):
            return value
        self._warn(f"{key}: not a plain string ({top[key].strip()[:60]}); it is ignored")
        return None

    def _blogs(self, source: jsconfig.Source) -> list[Blog]:
        found: list[Blog] = []
        candidates = [
            (offset, raw)
            for offset, raw in jsconfig.objects_after(source, r"(?<![\w$.])[\"']?blog[\"']?\s*:")
            if not _in_theme_config(source, offset)
        ]
        for _offset, raw in candidates:
            value = source.value_of(raw)
            if value is False:
                continue
            if not isinstance(value, jsconfig.ObjectText):
                self._warn(f"presets blog: options not written plainly ({raw.strip()[:60]})")
                found.append(Blog())
                continue
            options = dict(jsconfig.entries(value))
            if "path" in options or "routeBasePath" in options or not found:
                found.append(self._blog(source, options, "blog"))
        plugin = r"[\"']" + re.escape(BLOG_PLUGIN) + r"[\"']\s*,"
        for _offset, raw in jsconfig.objects_after(source, plugin):
            value = source.value_of(raw)
            if isinstance(value, jsconfig.ObjectText):
                found.append(self._blog(source, dict(jsconfig.entries(value)), BLOG_PLUGIN))
            else:
                self._warn(f"{BLOG_PLUGIN}: options not written plainly ({raw.strip()[:60]})")
                found.append(Blog())
        unique = list(dict.fromkeys(found))
        return unique or ([Blog()] if not candidates else [])

    def _blog(self, source: jsconfig.Source, options: Mapping[str, str], where: str) -> Blog:
        values = {}
        for key in ("path", "routeBasePath"):
            if key in options:
                value = source.value_of(options[key])
                if isinstance(value, str):
                    values[key] = value
                else:
                    self._warn(
                        f"{where}.{key}: not a plain string ({options[key].strip()[:60]}); "
                        "the default 'blog' is used"
                    )
        path = posixpath.normpath(values.get("path", "blog")).strip("/") or "."
        return Blog(path=path, route_base_path=values.get("routeBasePath", "blog"))

    def _warn(self, message: str) -> None:
        self.problems.add(str(self.config_file), message)

    # --- which files are posts ------------------------------------------------------------

    def blog_of(self, path: Path) -> tuple[Blog, str] | None:
        """The blog instance holding `path`, and the path relative to its folder."""
        for blog in self.blogs:
            try:
                return blog, rel_posix(path, self.root / blog.path).as_posix()
            except ValueError:
                continue
        return None

    def skip_reason(self, path: Path, meta: Mapping[str, Any]) -> str | None:
        found = self.blog_of(path)
        if found is None:
            folders = ", ".join(f"{b.path}/" for b in self.blogs) or "none configured"
            return f"outside the Docusaurus blog folder ({folders})"
        _, relative = found
        if path.suffix.lower() not in (".md", ".mdx"):
            return "not a blog post file (.md/.mdx)"
        parts = relative.split("/")
        if any(part.startswith("_") for part in parts[:-1]) or "__tests__" in parts:
            return "in a _ folder (the Docusaurus blog ignores it)"
        if any(fnmatch(parts[-1], pattern) for pattern in EXCLUDE):
            return "excluded by the blog's default exclude patterns"
        front = meta or _front_matter(path)
        if _true(front.get("draft")):
            return "draft"
        if _true(front.get("unlisted")):
            return "unlisted"
        return None

    # --- where a post is published --------------------------------------------------------

    def url(self, facts: SourceFacts) -> tuple[str, str] | None:
        found = self.blog_of(facts.path)
        if found is None:
            return None
        blog, relative = found
        front = _front_matter(facts.path)
        slug = front.get("slug")
        origin = "rule: docusaurus blog slug front matter"
        if not isinstance(slug, str) or not slug:
            slug = blog_file_slug(relative)
            origin = "rule: docusaurus blog file path"
        path = normalize_url([blog.route_base_path, slug])
        if self.trailing_slash is True and not path.endswith("/"):
            path += "/"
        elif self.trailing_slash is False and path != "/":
            path = path.rstrip("/")
        path = quote(path, safe="/:@!$&'()*+,;=~%")
        if self.base_url:  # `url` + `baseUrl`, or smm-promote's site_url
            return self.base_url.rstrip("/") + path, origin
        return normalize_url([self.base_path, path]), origin


def blog_file_slug(relative: str) -> str:
    """`parseBlogFileName`: the slug of a blog file from its path in the blog folder."""
    match = DATE_FILENAME.match(relative)
    if match:
        date = match["date"].replace("-", "/")
        return f"/{date}/{match['folder']}{match['text']}"
    return "/" + re.sub(r"(?:/index)?\.mdx?$", "", relative)


def normalize_url(parts: list[str]) -> str:
    """Docusaurus' `normalizeUrl` for paths: joined by `/`, repeated slashes collapsed."""
    joined = "/".join(p for p in parts if p)
    return "/" + re.sub(r"/{2,}", "/", joined).lstrip("/")


def _in_theme_config(source: jsconfig.Source, offset: int) -> bool:
    """The key at `offset` belongs to `themeConfig` (its `blog` is the theme's, not a blog)."""
    opening = source.enclosing_object(offset)
    return opening is not None and bool(
        re.search(r"themeConfig\b[^{}]*$", source.text[max(0, opening - 120) : opening])
    )


def _front_matter(path: Path) -> dict[str, Any]:
    from smm_promote.sources import frontmatter

    try:
        meta, _ = frontmatter.split(path.read_text(encoding="utf-8-sig"), str(path))
    except (OSError, UnicodeDecodeError, ValueError, SourceError):  # ValueError: a bad date
        return {}
    return dict(meta)


def _true(value: Any) -> bool:
    return value is True or str(value).strip().lower() == "true"


@register("docusaurus")
def detect(folder: Path, problems: Problems) -> DocusaurusSite | None:
    """`folder` holds `docusaurus.config.{js,ts,mjs,mts,...}`: its Docusaurus site."""
    for name in CONFIG_NAMES:
        if (folder / name).is_file():
            return DocusaurusSite.load(folder / name, problems)
    return None
