"""Jekyll: which files are posts and the URL Jekyll publishes each one at.

The site config is `_config.yml` (or `.yaml`, `.toml`) in the site source. Posts are the
files of `_posts/` (in any folder: the folders above `_posts` are the post's categories;
folders inside it add nothing) named `YYYY-MM-DD-title.ext`, the drafts of `_drafts/`, and the
documents of collections with `output: true`. Pages (top-level files, `layout: page`, anything
outside those folders) and Jekyll's own `_` folders are not posts.

A post's URL is its front matter `permalink` (also set through `defaults` scopes), else its
collection's `permalink` (`collections.posts.permalink`, else the site `permalink`, a built-in
style `date` (the default), `pretty`, `ordinal`, `weekdate`, `none`, or a template), with
Jekyll's placeholders filled in as Jekyll's `UrlDrop` does: `:title` is the file name's slug
(or `slug:`) with its case kept, `:slug` the same slugified, dates in the site's `timezone`.
The public URL is `url` + `baseurl` + that path, with the `//` a trailing slash in `url`
leaves in Jekyll's own output made single. A post without `title:` is titled from its file
name the way Jekyll does ("2018-05-08-KubeVirt-objects" -> "Kubevirt Objects").
"""

from __future__ import annotations

import fnmatch
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from pathlib import Path, PurePosixPath
from typing import Any, ClassVar
from urllib.parse import quote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from smm_promote.errors import Problems, SourceError
from smm_promote.sites import configfile, roots
from smm_promote.sites.base import Site, SourceFacts, register
from smm_promote.sites.look import jekyll_look
from smm_promote.sources.fields import as_datetime, lower_keys

CONFIG_NAMES = roots.JEKYLL_FILES
#: Jekyll's built-in permalink styles.
STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
#: Suffixes Jekyll converts to `.html` (Markdown, Textile, HTML).
HTML_OUTPUT = {".md", ".markdown", ".mkd", ".mkdn", ".mdown", ".mdwn", ".textile", ".html", ".htm"}
DATE_FILENAME = re.compile(r"^(\d{2,4}-\d{1,2}-\d{1,2})-([^/]*)(\.[^./]+)$")
_PLACEHOLDER = re.compile(r":([a-z_]+)")


@dataclass
class JekyllSite(Site):
    """A Jekyll site read from its `_config.yml` (see the module docstring for the rules)."""

    generator: str = "jekyll"
    base_url_key: ClassVar[str] = "url"
    decides_pages: ClassVar[bool] = True
    source: Path = Path(".")
    collections_dir: str = ""
    #: Collection label -> its settings (`output`, `permalink`); "posts" always outputs.
    collections: dict[str, dict[str, Any]] = field(default_factory=dict)
    permalink_style: str = "date"
    defaults: list[dict[str, Any]] = field(default_factory=list)
    exclude: tuple[str, ...] = ()
    problems: Problems = field(default_factory=Problems, repr=False, compare=False)
    _warned: set[str] = field(default_factory=set, repr=False, compare=False)

    # --- which files are posts -------------------------------------------------------------

    def skip_reason(self, path: Path, meta: Mapping[str, Any]) -> str | None:
        rel = self._rel(path)
        if rel is None:
            return "outside the Jekyll source folder"
        if self._excluded(rel):
            return "excluded by _config.yml exclude"
        kind, label = self._kind(rel)
        if kind == "post":
            if not DATE_FILENAME.match(rel.name):
                return "in _posts but not named YYYY-MM-DD-title.ext (Jekyll skips it)"
            return None
        if kind == "draft":
            return None
        if kind == "collection":
            if not self.collections.get(label, {}).get("output"):
                return f"collection {label!r} without output: true"
            return None
        if kind == "internal":
            return f"Jekyll's {label} folder"
        return "Jekyll page"

    # --- URLs ------------------------------------------------------------------------------

    def url(self, facts: SourceFacts) -> tuple[str, str] | None:
        rel = self._rel(facts.path)
        if rel is None:
            return None
        kind, label = self._kind(rel)
        if kind not in {"post", "draft", "collection"}:
            return None
        label = "posts" if kind in {"post", "draft"} else label
        data = self.data(facts, rel, label)
        drop = _UrlDrop.make(self, facts, rel, label, data)
        candidates: list[tuple[str, str, str]] = []
        permalink = data.get("permalink")
        if isinstance(permalink, str) and permalink.strip():
            candidates.append((permalink.strip(), "front matter permalink", str(facts.path)))
        template, key = self._template(label)
        candidates.append((template, key, str(self.config_file or self.root)))
        candidates.append(self._fallback(label))
        for template, key, where in candidates:
            path = drop.expand(template)
            if path is None:
                unknown = ", ".join(sorted(drop.unknown(template)))
                warning = f"{key}: unknown permalink placeholder {unknown} in {template!r}"
                if (where, warning) not in self._warned:
                    self._warned.add((where, warning))
                    self.problems.add(where, warning + "; the next rule is used")
                continue
            return self.base_url + path, f"rule: jekyll {key}"
        return None

    def title_of(self, facts: SourceFacts) -> str | None:
        rel = self._rel(facts.path)
        if rel is None or "title" in facts.meta:
            return None
        kind, _label = self._kind(rel)
        if kind not in {"post", "draft", "collection"}:
            return None
        return titleize(_file_slug(rel))

    # --- helpers ---------------------------------------------------------------------------

    def data(self, facts: SourceFacts, rel: PurePosixPath, label: str) -> dict[str, Any]:
        """The document's front matter over the `defaults` that apply to it."""
        merged: dict[str, Any] = {}
        old_scope: Mapping[str, Any] | None = None
        for entry in self.defaults:
            scope = entry.get("scope") if isinstance(entry.get("scope"), Mapping) else {}
            values = entry.get("values") if isinstance(entry.get("values"), Mapping) else {}
            if not self._scope_applies(scope, rel, label):
                continue
            values = lower_keys(values)
            if _has_precedence(old_scope, scope):
                merged = {**merged, **values}
                old_scope = scope
            else:
                merged = {**values, **merged}
        return {**merged, **facts.meta}

    def _scope_applies(self, scope: Mapping[str, Any], rel: PurePosixPath, label: str) -> bool:
        if "type" in scope and str(scope["type"]) not in {
            label,
            "drafts" if label == "posts" else "",
        }:
            return False
        scope_path = scope.get("path")
        if not isinstance(scope_path, str) or not scope_path.strip("/"):
            return True
        scope_path = scope_path.strip("/")
        if self.collections_dir and scope_path.startswith(self.collections_dir + "/"):
            scope_path = scope_path[len(self.collections_dir) + 1 :]
        text = str(self._collections_rel(rel))
        if "*" in scope_path:
            return fnmatch.fnmatch(text, scope_path) or fnmatch.fnmatch(text, scope_path + "/*")
        return text == scope_path or text.startswith(scope_path + "/")

    def _template(self, label: str) -> tuple[str, str]:
        own = self.collections.get(label, {}).get("permalink")
        if isinstance(own, str) and own.strip():
            return STYLES.get(own.strip(), own.strip()), f"collections.{label}.permalink"
        if label == "posts":
            return STYLES.get(self.permalink_style, self.permalink_style), "permalink"
        return _collection_default(self.permalink_style), f"collections.{label} default"

    def _fallback(self, label: str) -> tuple[str, str, str]:
        if label == "posts":
            return STYLES["date"], "default permalink (date)", str(self.root)
        return _collection_default("date"), f"collections.{label} default", str(self.root)

    def _rel(self, path: Path) -> PurePosixPath | None:
        try:
            return PurePosixPath(path.resolve().relative_to(self.source.resolve()).as_posix())
        except ValueError:
            return None

    def _collections_rel(self, rel: PurePosixPath) -> PurePosixPath:
        if self.collections_dir and rel.parts[:1] == (self.collections_dir,):
            return PurePosixPath(*rel.parts[1:])
        return rel

    def _kind(self, rel: PurePosixPath) -> tuple[str, str]:
        """("post" | "draft" | "collection" | "internal" | "page", label or folder)."""
        parts = rel.parts[:-1]
        if "_posts" in parts:
            return "post", "posts"
        if "_drafts" in parts:
            return "draft", "posts"
        inner = self._collections_rel(rel).parts[:-1]
        if inner and inner[0].startswith("_") and inner[0][1:] in self.collections:
            return "collection", inner[0][1:]
        for part in parts:
            if part.startswith("_"):
                return "internal", part
        return "page", ""

    def _excluded(self, rel: PurePosixPath) -> bool:
        text = str(rel)
        for pattern in self.exclude:
            pattern = pattern.strip("/")
            if not pattern:
                continue
            if text == pattern or text.startswith(pattern + "/") or fnmatch.fnmatch(text, pattern):
                return True
        return False


def _collection_default(style: str) -> str:
    """`/:collection/:path` with the suffix the site's permalink style gives
    (Jekyll's `Utils.add_permalink_suffix`)."""
    template = "/:collection/:path"
    if style == "pretty":
        return template + "/"
    if style in {"date", "ordinal", "none"}:
        return template + ":output_ext"
    if style.endswith("/"):
        return template + "/"
    if style.endswith(":output_ext"):
        return template + ":output_ext"
    return template


def _has_precedence(old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> bool:
    """Jekyll's rule between two matching `defaults` scopes: the longer path wins, then
    the one with a `type`."""
    if old is None:
        return True
    new_path = str(new.get("path") or "").strip("/")
    old_path = str(old.get("path") or "").strip("/")
    if len(new_path) != len(old_path):
        return len(new_path) >= len(old_path)
    return True if "type" in new else "type" not in old


def _file_slug(rel: PurePosixPath) -> str:
    """The slug part of a document's file name: after the date for posts, trailing dots
    dropped (Jekyll's `populate_title`)."""
    match = DATE_FILENAME.match(rel.name)
    slug = match[2] if match else (rel.stem if rel.suffix else rel.name)
    return slug.rstrip(".")


def titleize(slug: str) -> str:
    """Jekyll's `Utils.titleize_slug` ("2018-05-16-use-glusterfs" -> "Use Glusterfs"): each
    word capitalised, except that a word with capitals of its own inside keeps the author's
    spelling ("GlusterFS", "KubeVirt", "oVirt"; Ruby's `capitalize` would lower them)."""
    words = _ruby_split(slug, "-")
    return " ".join(w if w[1:] != w[1:].lower() else w.capitalize() for w in words)


def _ruby_split(text: str, sep: str) -> list[str]:
    """Ruby's `String#split(sep)`: trailing empty pieces dropped."""
    parts = text.split(sep)
    while parts and parts[-1] == "":
        parts.pop()
    return parts


def slugify(text: str | None, mode: str = "default", *, cased: bool = False) -> str | None:
    """Jekyll's `Utils.slugify` in its "raw", "default" and "pretty" modes: each run of
    other characters than letters, marks and digits (and, "pretty", `._~!$&'()+,;=@`)
    becomes one hyphen, one leading and one trailing hyphen are dropped, lower-cased unless
    `cased`."""
    if text is None:
        return None
    if mode == "raw":
        slug = re.sub(r"\s+", "-", text)
    else:
        extra = "._~!$&'()+,;=@" if mode == "pretty" else ""
        out: list[str] = []
        for char in text:
            category = unicodedata.category(char)
            if category[0] in "LM" or category == "Nd" or char in extra:
                out.append(char)
            elif not out or out[-1] != "\x00":
                out.append("\x00")
        slug = "".join(out).replace("\x00", "-")
    slug = re.sub(r"^-|-$", "", slug)
    return slug if cased else slug.lower()


def escape_path(value: str) -> str:
    """Jekyll's `URL.escape_path`: a placeholder's value percent-encoded except the
    characters RFC 3986 allows in a path."""
    if not value or re.fullmatch(r"[a-zA-Z0-9./-]+", value):
        return value
    return quote(value, safe="-._~!$&'()*+,;=:@/")


@dataclass
class _UrlDrop:
    """The placeholder values of one document (Jekyll's `Drops::UrlDrop`)."""

    values: dict[str, str]

    @classmethod
    def make(
        cls, site: JekyllSite, facts: SourceFacts, rel: PurePosixPath, label: str, data: Mapping
    ) -> _UrlDrop:
        when = _document_date(site, facts, rel, data)
        base = rel.stem if rel.suffix else rel.name
        slug_source = str(data.get("slug") or _file_slug(rel))
        ext = rel.suffix.lower()
        output_ext = ".html" if ext in HTML_OUTPUT else rel.suffix
        inner = site._collections_rel(rel)
        cleaned = str(inner.parent / inner.stem) if inner.suffix else str(inner)
        cleaned = ("/" + cleaned).replace("/_" + label, "", 1).rstrip(".")
        categories = _categories(rel, label, data)
        values = {
            "collection": label,
            "path": cleaned,
            "output_ext": output_ext,
            "name": slugify(base) or "",
            "title": slugify(slug_source, "pretty", cased=True) or "",
            "slug": slugify(slug_source) or "",
            "categories": "/".join(c.lower() for c in categories),
            "slugified_categories": "/".join(slugify(c) or "" for c in categories),
            "year": when.strftime("%Y"),
            "month": when.strftime("%m"),
            "day": when.strftime("%d"),
            "hour": when.strftime("%H"),
            "minute": when.strftime("%M"),
            "second": when.strftime("%S"),
            "i_day": str(when.day),
            "i_month": str(when.month),
            "short_month": when.strftime("%b"),
            "long_month": when.strftime("%B"),
            "short_year": when.strftime("%y"),
            "w_year": str(when.isocalendar()[0]),
            "week": f"{when.isocalendar()[1]:02d}",
            "w_day": str(when.isocalendar()[2]),
            "short_day": when.strftime("%a"),
            "long_day": when.strftime("%A"),
            "y_day": when.strftime("%j"),
        }
        return cls(values)

    def _winner(self, name: str) -> str | None:
        pool = [name, name[:-1]] if name.endswith("_") else [name]
        return next((key for key in pool if key in self.values), None)

    def unknown(self, template: str) -> set[str]:
        return {f":{m[1]}" for m in _PLACEHOLDER.finditer(template) if not self._winner(m[1])}

    def expand(self, template: str) -> str | None:
        """The URL path of `template` (Jekyll's `URL#to_s`), or None when it names a
        placeholder Jekyll does not know."""
        if self.unknown(template):
            return None

        def replace(match: re.Match[str]) -> str:
            winner = self._winner(match[1]) or ""
            rest = match[0][len(winner) + 1 :]
            return escape_path(self.values[winner]) + rest

        path = _squeeze(_PLACEHOLDER.sub(replace, template))
        path = ("/" + path).replace("..", "/").replace("./", "")
        return _squeeze(path)


def _squeeze(text: str) -> str:
    return re.sub(r"/{2,}", "/", text)


def _categories(rel: PurePosixPath, label: str, data: Mapping[str, Any]) -> list[str]:
    """Folders above `_posts`, then `categories` (a list, or words of a string) and
    `category`, without repeats (Jekyll's order)."""
    found: list[str] = []
    if label == "posts":
        parts = rel.parts
        special = "_posts" if "_posts" in parts else "_drafts"
        if special in parts:
            found.extend(p for p in parts[: parts.index(special)] if p)
    raw = data.get("categories")
    if isinstance(raw, str):
        found.extend(raw.split())
    elif isinstance(raw, list | tuple):
        found.extend(str(c) for c in raw if c is not None)
    single = data.get("category")
    if single not in (None, ""):
        found.extend([str(c) for c in single] if isinstance(single, list) else [str(single)])
    out: list[str] = []
    for item in found:
        if item not in out:
            out.append(item)
    return out


def _document_date(
    site: JekyllSite, facts: SourceFacts, rel: PurePosixPath, data: Mapping[str, Any]
) -> datetime:
    """The document's date in the site's time zone: front matter `date` (an offset is
    converted), else the file name's date, else a draft's modification time, else the
    reader's date, else now."""
    zone = _zone(site.timezone)
    value = data.get("date")
    if value not in (None, ""):
        try:
            parsed = as_datetime(value, zone, str(facts.path), "date")
        except SourceError:
            parsed = None
        if parsed is not None:
            return parsed.astimezone(zone)
    match = DATE_FILENAME.match(rel.name)
    if match:
        try:
            year, month, day = (int(x) for x in match[1].split("-"))
            return datetime(year, month, day, tzinfo=zone)
        except ValueError:
            pass
    if "_drafts" in rel.parts[:-1]:  # Jekyll dates a draft by its file's modification time
        try:
            return datetime.fromtimestamp(facts.path.stat().st_mtime, zone)
        except OSError:
            pass
    if facts.date is not None:
        return facts.date.astimezone(zone)
    return datetime.now(zone)


def _zone(name: str | None) -> tzinfo:
    if not name:
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def site_url(url: Any, baseurl: Any) -> str:
    """`url` + `baseurl` with one slash between them and none at the end."""
    host = str(url or "").strip().rstrip("/")
    path = str(baseurl or "").strip().strip("/")
    return f"{host}/{path}" if path else host


@register("jekyll")
def detect(folder: Path, problems: Problems) -> JekyllSite | None:
    """A `JekyllSite` when `folder` holds a `_config.yml`."""
    config_file = next((folder / n for n in CONFIG_NAMES if (folder / n).is_file()), None)
    if config_file is None:
        return None
    config = configfile.load(config_file, problems, "Jekyll _config") or {}
    site = JekyllSite(root=folder, content=folder, config_file=config_file, problems=problems)
    site.source = (folder / str(config.get("source") or ".")).resolve()
    site.base_url = site_url(config.get("url"), config.get("baseurl"))
    site.look = jekyll_look(config, folder)
    site.timezone = str(config["timezone"]) if config.get("timezone") else None
    if site.timezone and _zone(site.timezone) is UTC and site.timezone.upper() != "UTC":
        problems.add(str(config_file), f"timezone: unknown zone {site.timezone!r}; UTC is used")
    lang = config.get("lang") or config.get("locale")
    site.lang = str(lang).replace("_", "-").split("-")[0].lower() if lang else None
    site.collections_dir = str(config.get("collections_dir") or "").strip("/")
    style = config.get("permalink", "date")
    site.permalink_style = str(style).strip() if style else "date"
    raw = config.get("collections") or {}
    if isinstance(raw, list):
        raw = {str(name): {} for name in raw}
    if not isinstance(raw, Mapping):
        problems.add(str(config_file), "collections: not a table of collections; not used")
        raw = {}
    collections = {str(k): (dict(v) if isinstance(v, Mapping) else {}) for k, v in raw.items()}
    collections.setdefault("posts", {})["output"] = True
    site.collections = collections
    defaults = config.get("defaults") or []
    if isinstance(defaults, list):
        site.defaults = [d for d in defaults if isinstance(d, Mapping)]
    else:
        problems.add(str(config_file), "defaults: not a list of scopes; not used")
    exclude = config.get("exclude") or []
    site.exclude = tuple(str(e) for e in exclude) if isinstance(exclude, list) else ()
    return site
