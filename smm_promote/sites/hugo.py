"""Hugo: which content files are posts and the URL Hugo publishes each one at.

The site config is `hugo.{toml,yaml,yml,json}` or `config.{toml,yaml,yml,json}` (a Hugo one:
Zola's has `base_url`) in the site root, and/or the config directory `config/_default/`
(plus `config/production/`, the environment `hugo` builds with), where each file is named for
its key (`permalinks.yaml`, `languages.toml`; `params.fr.yaml` for one language).

URLs follow Hugo's own steps (`CreateTargetPaths`): front matter `url` as given; else the
first `permalinks` rule for the page's section (section-keyed `{blog: ...}`, kind-keyed
`{page: {blog: ...}}` or the list form `[{target: {kind, path}, pattern}]`) with its
`:tokens` expanded; else the file's folder plus the `slug` or content base name (a leaf
bundle's folder). The path is sanitised the way Hugo does (spaces to hyphens, only letters,
digits, marks and `._~#+-@/` kept, lower-cased unless `disablePathToLower`), `uglyURLs`
gives `name.html`, and a language other than the default (or any, with
`defaultContentLanguageInSubdir`) gets its `/code` prefix unless it has its own `baseURL`.

Posts are Hugo's regular pages inside a section: `_index.*` (home and section list pages),
pages at the top of the content folder (About, Archives...), files inside a leaf bundle
other than its `index.*` (resources), headless bundles, pages with `build.render: never`
(also through `cascade`) and pages whose `expiryDate` has passed are not posts. When the
config names `mainSections` (the sections a Hugo theme lists as the site's posts), only pages
of those sections are posts; otherwise every section's regular pages are.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any, ClassVar
from urllib.parse import quote, unquote_plus
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from smm_promote.errors import Problems, SourceError
from smm_promote.sites import configfile, roots
from smm_promote.sites.base import Site, SourceFacts, register
from smm_promote.sites.look import hugo_look
from smm_promote.sources import frontmatter
from smm_promote.sources.fields import as_datetime

CONFIG_NAMES = roots.HUGO_STEMS
#: Hugo's content formats (file suffixes Hugo renders as pages).
CONTENT_SUFFIXES = {
    ".md", ".markdown", ".mdown", ".html", ".htm", ".adoc", ".asciidoc", ".ad",
    ".pandoc", ".pdc", ".org", ".rst",
}  # fmt: skip
#: Hugo's default `frontmatter.date` order.
DEFAULT_DATE_KEYS = ("date", "publishdate", "pubdate", "published", "lastmod", "modified")
PERMALINK_KINDS = ("page", "section", "taxonomy", "term")
_TOKEN = re.compile(r":\w+(\[.+?\])?")
_ESCAPED_COLON = "\x00"


@dataclass(frozen=True)
class PermalinkRule:
    """One `permalinks` entry: pages of `kind` whose path is under `section` ('' = root)."""

    kind: str
    section: str
    pattern: str
    #: The setting it came from, for messages and `url_origin` ("permalinks.page.blog").
    key: str


@dataclass
class HugoSite(Site):
    """A Hugo site read from its config (see the module docstring for the rules)."""

    generator: str = "hugo"
    base_url_key: ClassVar[str] = "baseURL"
    decides_pages: ClassVar[bool] = True
    #: Content folders: language code -> folder ('' for the site-wide `contentDir`).
    content_dirs: dict[str, Path] = field(default_factory=dict)
    languages: dict[str, dict[str, Any]] = field(default_factory=dict)
    default_lang: str = "en"
    default_lang_in_subdir: bool = False
    rules: list[PermalinkRule] = field(default_factory=list)
    #: Language code -> its own rules (`languages.<code>.permalinks`).
    lang_rules: dict[str, list[PermalinkRule]] = field(default_factory=dict)
    ugly_urls: bool | dict[str, bool] = False
    path_to_lower: bool = True
    remove_path_accents: bool = False
    date_keys: tuple[str, ...] = DEFAULT_DATE_KEYS
    main_sections: tuple[str, ...] = ()
    #: The site config's `cascade` entries (front matter every matching page inherits).
    config_cascade: list[dict[str, Any]] = field(default_factory=list)
    problems: Problems = field(default_factory=Problems, repr=False, compare=False)

    # --- which files are posts -------------------------------------------------------------

    def skip_reason(self, path: Path, meta: Mapping[str, Any]) -> str | None:
        where = self._locate(path)
        if where is None:
            dirs = ", ".join(sorted({_rel(d, self.root) for d in self.content_dirs.values()}))
            return f"outside Hugo's contentDir ({dirs})"
        content_dir = where[1]
        if path.suffix.lower() not in CONTENT_SUFFIXES:
            return "not a Hugo content format"
        stem = _strip_lang(path.stem, self.languages)
        if stem == "_index":
            return "Hugo list page (_index)"
        bundle = self._enclosing_bundle(path, content_dir)
        if bundle is not None:
            return f"resource of the page bundle {_rel(bundle, self.root)}"
        if _as_bool(meta.get("headless")):
            return "headless bundle (Hugo publishes no page)"
        build = _build_options(meta) or _build_options(self.cascade(path, content_dir))
        if str(build.get("render", "always")).lower() in {"never", "false", "link"}:
            return "build.render off (Hugo publishes no page)"
        expiry = _front_date(path, meta, "expirydate", _zone(self.timezone))
        if expiry is not None and expiry <= datetime.now(UTC):
            return "expiryDate passed (Hugo no longer publishes it)"
        section = self.section_of(path, content_dir)
        if not section:
            return "Hugo page outside any section"
        if self.main_sections and section not in self.main_sections:
            listed = ", ".join(self.main_sections)
            return f"section {section!r} not in mainSections ({listed})"
        return None

    # --- URLs ------------------------------------------------------------------------------

    def url(self, facts: SourceFacts) -> tuple[str, str] | None:
        where = self._locate(facts.path)
        if where is None:
            return None
        lang, content_dir, rel = where
        lang = self.lang_of(facts) or self.default_lang
        meta = facts.meta
        base = self._base_for(lang)
        prefix = self._lang_prefix(lang)
        explicit = meta.get("url")
        if isinstance(explicit, str) and explicit.strip():
            return self._join(
                base, _url_link(explicit.strip(), prefix)
            ), "rule: hugo front matter url"
        page = _Page.make(self, facts, content_dir, rel)
        for rule in self.lang_rules.get(lang, []) or self.rules:
            if rule.kind == "page" and _under(page.path_key, rule.section):
                expanded = _expand(rule.pattern, page, self)
                link = self._link([expanded], ugly=self._ugly(page.section), prefix=prefix)
                return self._join(base, link), f"rule: hugo {rule.key}"
        parts = [page.container_dir, page.slug or page.content_base_name]
        link = self._link(parts, ugly=self._ugly(page.section), prefix=prefix)
        return self._join(base, link), "rule: hugo content path"

    def lang_of(self, facts: SourceFacts) -> str | None:
        where = self._locate(facts.path)
        if where and where[0]:
            return where[0]
        suffix = _lang_suffix(facts.path.stem, self.languages)
        if suffix:
            return suffix
        return self.default_lang if self.languages or self.lang else facts.lang

    def translation_key(self, facts: SourceFacts) -> str | None:
        if len(self.languages) < 2:
            return None
        key = facts.meta.get("translationkey")
        if key:
            return f"hugo:{key}"
        where = self._locate(facts.path)
        if where is None:
            return None
        rel = where[2]
        stem = _strip_lang(facts.path.stem, self.languages)
        return "hugo:" + str(rel.parent / stem)

    # --- helpers ---------------------------------------------------------------------------

    def _locate(self, path: Path) -> tuple[str, Path, PurePosixPath] | None:
        """(language of the content folder or '', the folder, path relative to it)."""
        resolved = path.resolve()
        best: tuple[str, Path, PurePosixPath] | None = None
        for lang, folder in self.content_dirs.items():
            try:
                rel = PurePosixPath(resolved.relative_to(folder).as_posix())
            except ValueError:
                continue
            if best is None or len(folder.parts) > len(best[1].parts):
                best = (lang, folder, rel)
        return best

    def cascade(self, path: Path, content_dir: Path) -> dict[str, Any]:
        """Front matter the page inherits through `cascade` (the site config's, then each
        enclosing `_index` file's, the nearest winning), for the regular page `path`."""
        root = content_dir.resolve()
        folders = [
            f
            for f in (path.resolve().parent, *path.resolve().parents)
            if f == root or root in f.parents
        ]
        page_key = "/" + path.resolve().relative_to(root).with_suffix("").as_posix().lower()
        merged: dict[str, Any] = {}
        layers = [self.config_cascade] + [_index_cascade(f) for f in reversed(folders)]
        for layer in layers:
            for entry in layer:
                target = entry.get("target") or entry.get("_target") or {}
                if not isinstance(target, Mapping):
                    continue
                kind = str(target.get("kind") or "page").lower()
                glob = str(target.get("path") or "")
                if kind not in {"page", "*"} or (
                    glob and not re.match(_glob_regex(glob), page_key)
                ):
                    continue
                values = {k: v for k, v in entry.items() if k not in {"target", "_target"}}
                merged.update(values)
        return merged

    def section_of(self, path: Path, content_dir: Path) -> str:
        """The page's top-level section ('' for pages of the home page)."""
        top = self._page_dir(path, content_dir)
        rel = top.relative_to(content_dir.resolve()).parts
        return rel[0].lower() if rel else ""

    def _page_dir(self, path: Path, content_dir: Path) -> Path:
        """The folder holding the page: a leaf bundle's parent, else the file's folder."""
        resolved = path.resolve()
        if _strip_lang(resolved.stem, self.languages) == "index":
            return resolved.parent.parent
        return resolved.parent

    def _enclosing_bundle(self, path: Path, content_dir: Path) -> Path | None:
        """The leaf bundle folder `path` is a resource of, if any."""
        resolved = path.resolve()
        root = content_dir.resolve()
        folder = resolved.parent
        is_index = _strip_lang(resolved.stem, self.languages) == "index"
        while folder != root and root in folder.parents:
            if not (is_index and folder == resolved.parent) and _has_content(folder, "index"):
                return folder
            folder = folder.parent
        return None

    def _ugly(self, section: str) -> bool:
        if isinstance(self.ugly_urls, dict):
            return bool(self.ugly_urls.get(section, False))
        return bool(self.ugly_urls)

    def _base_for(self, lang: str) -> str:
        own = self.languages.get(lang, {}).get("baseurl")
        return str(own).rstrip("/") if own else self.base_url

    def _lang_prefix(self, lang: str) -> str:
        if any(v.get("baseurl") for v in self.languages.values()):
            return ""  # multihost: every language has its own baseURL
        if lang != self.default_lang or self.default_lang_in_subdir:
            return lang
        return ""

    def _link(self, parts: list[str], *, ugly: bool, prefix: str) -> str:
        els = [self.sanitize(p) for p in parts if p and p != "/"]
        joined = _clean("/".join(els))
        link = joined + "/" if joined else ""
        if ugly and joined:
            link = joined.rstrip("/") + ".html"
        link = "/" + link.lstrip("/")
        if prefix:
            link = "/" + prefix + link
        return quote(link, safe="/%:@!$&'()*+,;=-._~")

    def _join(self, base: str, link: str) -> str:
        return base + link if base else link

    def sanitize(self, text: str) -> str:
        """Hugo's `MakePathSanitized`: `paths.Sanitize`, accents removed when
        `removePathAccents`, lower-cased unless `disablePathToLower`."""
        text = sanitize(text)
        if self.remove_path_accents:
            text = "".join(
                c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)
            )
        return text.lower() if self.path_to_lower else text

    def urlize(self, text: str) -> str:
        """Hugo's `urlize` (the token values of `:title`, `:slug`, `:filename`...)."""
        return quote(self.sanitize(text), safe="/%:@!$&'()*+,;=-._~#")


@dataclass(frozen=True)
class _Page:
    """What Hugo's permalink tokens read from one page."""

    path_key: str  # '/blog/2019/foo' lower-cased: what permalink targets match
    section: str
    sections: tuple[str, ...]  # the current section's path components
    container_dir: str
    content_base_name: str
    filename: str
    slug: str
    title: str
    date: datetime | None

    @classmethod
    def make(cls, site: HugoSite, facts: SourceFacts, content_dir: Path, rel: PurePosixPath):
        root = content_dir.resolve()
        page_dir = site._page_dir(facts.path, content_dir)
        is_bundle = page_dir != facts.path.resolve().parent
        name = _strip_lang(facts.path.stem, site.languages)
        base_name = facts.path.resolve().parent.name if is_bundle else name
        container = PurePosixPath(page_dir.relative_to(root).as_posix())
        container_dir = "" if str(container) == "." else str(container)
        meta = facts.meta
        slug = str(meta.get("slug") or "").strip()
        date, filename_slug = _hugo_date(site, facts, base_name)
        if not slug and filename_slug:
            slug = filename_slug
        return cls(
            path_key=("/" + "/".join([*container.parts, base_name])).lower().replace("//", "/"),
            section=container.parts[0].lower() if container.parts else "",
            sections=_current_sections(page_dir, root),
            container_dir=container_dir,
            content_base_name=base_name,
            filename=base_name,
            slug=slug,
            title=str(meta.get("title") or "").strip(),
            date=date,
        )


def _current_sections(page_dir: Path, root: Path) -> tuple[str, ...]:
    """The path of the page's current section: its nearest folder that is a section (a
    top-level folder, or one holding an `_index` file)."""
    folder = page_dir
    while folder != root and root in folder.parents:
        parts = folder.relative_to(root).parts
        if len(parts) == 1 or _has_content(folder, "_index"):
            return tuple(p.lower() for p in parts)
        folder = folder.parent
    return ()


def _hugo_date(site: HugoSite, facts: SourceFacts, base_name: str) -> tuple[datetime | None, str]:
    """The page's `.Date` by `frontmatter.date`, and the slug `:filename` gives (or '')."""
    tz = _zone(site.timezone)
    for key in site.date_keys:
        if key == ":default":
            for default in DEFAULT_DATE_KEYS:
                value = _front_date(facts.path, facts.meta, default, tz)
                if value:
                    return value, ""
            continue
        if key == ":filename":
            match = re.match(r"(\d{4}-\d{2}-\d{2})", base_name)
            if match:
                try:
                    when = datetime.fromisoformat(match[1]).replace(tzinfo=tz)
                except ValueError:
                    continue
                return when, base_name[10:].strip(" -_")
            continue
        if key in (":filemodtime", ":file_mod_time"):
            stamp = facts.path.stat().st_mtime
            return datetime.fromtimestamp(stamp, tz), ""
        if key.startswith(":"):
            continue  # :git needs the repository's history
        value = _front_date(facts.path, facts.meta, key, tz)
        if value:
            return value, ""
    return None, ""


def _front_date(path: Path, meta: Mapping[str, Any], key: str, tz: tzinfo) -> datetime | None:
    value = meta.get(key.lower().replace("-", "_"))
    if value in (None, ""):
        return None
    try:
        return as_datetime(value, tz, str(path), key)
    except SourceError:
        return None


# --- token expansion -----------------------------------------------------------------------


def _expand(pattern: str, page: _Page, site: HugoSite) -> str:
    """`pattern` with its `:tokens` replaced, then URL-unescaped as Hugo does."""
    text = pattern.replace("\\:", _ESCAPED_COLON)

    def value(match: re.Match[str]) -> str:
        return _token_value(match[0][1:], page, site) or ""

    out = _TOKEN.sub(value, text)
    out = unquote_plus(out).replace(_ESCAPED_COLON, ":")
    return out[:-1] if out.endswith("//") else out


def _token_value(attr: str, page: _Page, site: HugoSite) -> str | None:
    """The value of one permalink token, or None when Hugo knows no such token."""
    when = page.date or datetime(1, 1, 1, tzinfo=UTC)
    simple = {
        "year": lambda: str(when.year),
        "month": lambda: f"{when.month:02d}",
        "monthname": lambda: calendar.month_name[when.month],
        "day": lambda: f"{when.day:02d}",
        "weekday": lambda: str((when.weekday() + 1) % 7),
        "weekdayname": lambda: calendar.day_name[when.weekday()],
        "yearday": lambda: str(when.timetuple().tm_yday),
        "section": lambda: page.section,
        "sections": lambda: "/".join(page.sections),
        "title": lambda: site.urlize(page.title),
        "slug": lambda: site.urlize(page.slug or page.title),
        "slugorfilename": lambda: site.urlize(page.slug or page.filename),
        "filename": lambda: site.urlize(page.filename),
        "contentbasename": lambda: site.urlize(page.content_base_name),
        "slugorcontentbasename": lambda: site.urlize(page.slug or page.content_base_name),
    }
    if attr in simple:
        return simple[attr]()
    if attr.startswith("sections["):
        return "/".join(_slice(page.sections, attr[len("sections") :]))
    layout = _go_layout(when, attr)
    return layout


def known_token(attr: str) -> bool:
    """Whether Hugo knows the permalink token `:attr` (Go date layouts included)."""
    dummy = _Page("/", "", (), "", "", "", "", "", None)
    return _token_value(attr, dummy, HugoSite(root=Path("."), content=Path("."))) is not None


def _slice(items: tuple[str, ...], cut: str) -> list[str]:
    """Hugo's `[low:high]`, `[n]` and `[last]` cuts of the sections path (lenient)."""
    cut = cut.strip().lower()
    if len(cut) < 3 or cut[0] != "[" or cut[-1] != "]":
        return []
    inner = cut[1:-1]

    def index(text: str, low: bool) -> int:
        if text == "":
            return 0 if low else len(items)
        if text == "last":
            return len(items) - 1
        n = max(int(text), 0) if text.isdigit() else 0
        if n >= len(items):
            return -1 if low else len(items)
        return n

    if ":" not in inner:
        if not items:
            return []
        n = index(inner, True)
        return [] if n < 0 else [items[n]]
    low_text, high_text = inner.split(":", 1)
    low, high = index(low_text, True), index(high_text, False)
    return [] if low < 0 or high < 0 else list(items[low:high])


_GO_CHUNKS = (
    ("January", lambda d: calendar.month_name[d.month]),
    ("Monday", lambda d: calendar.day_name[d.weekday()]),
    ("2006", lambda d: f"{d.year:04d}"),
    ("Jan", lambda d: calendar.month_abbr[d.month]),
    ("Mon", lambda d: calendar.day_abbr[d.weekday()]),
    ("MST", lambda d: d.strftime("%Z") or "UTC"),
    ("002", lambda d: f"{d.timetuple().tm_yday:03d}"),
    ("__2", lambda d: f"{d.timetuple().tm_yday:>3d}"),
    ("_2", lambda d: f"{d.day:>2d}"),
    ("15", lambda d: f"{d.hour:02d}"),
    ("01", lambda d: f"{d.month:02d}"),
    ("02", lambda d: f"{d.day:02d}"),
    ("03", lambda d: f"{(d.hour % 12) or 12:02d}"),
    ("04", lambda d: f"{d.minute:02d}"),
    ("05", lambda d: f"{d.second:02d}"),
    ("06", lambda d: f"{d.year % 100:02d}"),
    ("PM", lambda d: "PM" if d.hour >= 12 else "AM"),
    ("pm", lambda d: "pm" if d.hour >= 12 else "am"),
    ("1", lambda d: str(d.month)),
    ("2", lambda d: str(d.day)),
    ("3", lambda d: str((d.hour % 12) or 12)),
    ("4", lambda d: str(d.minute)),
    ("5", lambda d: str(d.second)),
)


def _go_layout(when: datetime, layout: str) -> str | None:
    """`when` formatted with a Go time layout ("2006", "01", "Jan"...), or None when the
    text holds no layout element (then it is no date token)."""
    out: list[str] = []
    found = False
    i = 0
    while i < len(layout):
        for chunk, render in _GO_CHUNKS:
            if layout.startswith(chunk, i):
                out.append(render(when))
                i += len(chunk)
                found = True
                break
        else:
            out.append(layout[i])
            i += 1
    return "".join(out) if found else None


# --- Hugo's path sanitising ----------------------------------------------------------------


def _allowed(text: str, i: int, char: str) -> bool:
    if char == " ":
        return False
    category = unicodedata.category(char)
    if category[0] == "L" or category == "Nd" or category[0] == "M":
        return True
    if char in "./\\_#+~-@":
        return True
    return char == "%" and bool(re.match(r"[0-9a-fA-F]{2}", text[i + 1 : i + 3]))


def sanitize(text: str) -> str:
    """Hugo's `paths.Sanitize`: spaces (runs of them) become one hyphen, characters other
    than letters, digits, marks and `./\\_#+~-@` (and `%XX`) are dropped."""
    out: list[str] = []
    prepend_hyphen = was_hyphen = False
    for i, char in enumerate(text):
        if _allowed(text, i, char):
            was_hyphen = char == "-"
            if prepend_hyphen:
                if not was_hyphen:
                    out.append("-")
                prepend_hyphen = False
            out.append(char)
        elif out and not was_hyphen and char.isspace():
            prepend_hyphen = True
    return "".join(out)


def _url_link(url: str, prefix: str) -> str:
    """The link of front matter `url` (kept as written, Hugo does not sanitise it)."""
    if url.startswith(("http://", "https://", "//")):
        return url
    relative = not url.startswith("/")
    if ".." in url:
        url = str(PurePosixPath("/", url))
    parts = [p for p in url.split("/") if p]
    has_dot, has_slash = "." in url, url.endswith("/")
    link = "/" + "/".join(parts)
    if (has_slash or not has_dot) and parts:
        link += "/"
    if relative and prefix and not url.startswith(prefix + "/"):
        link = "/" + prefix + link
    return quote(link, safe="/%:@!$&'()*+,;=-._~?#")


def _clean(path: str) -> str:
    """`path.Join`-style cleaning: no empty or `.` segments, `..` resolved."""
    out: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if out:
                out.pop()
            continue
        out.append(part)
    return "/".join(out)


def _under(path_key: str, section: str) -> bool:
    """Whether a page path is in `section` or below (Hugo's `/{s,s/**}` target glob)."""
    section = section.strip(" /").lower()
    if not section:
        return path_key.count("/") == 1
    if section.startswith("re:"):
        return bool(re.search(section[3:], path_key))
    return path_key == "/" + section or path_key.startswith("/" + section + "/")


# --- reading the config --------------------------------------------------------------------


def _has_content(folder: Path, stem: str) -> bool:
    try:
        return any(
            f.suffix.lower() in CONTENT_SUFFIXES and f.stem.split(".")[0] == stem
            for f in folder.iterdir()
            if f.is_file()
        )
    except OSError:
        return False


def _cascade_entries(value: Any) -> list[dict[str, Any]]:
    """`cascade` as a list of entries (a single mapping or a list of them)."""
    items = value if isinstance(value, list) else [value]
    return [
        {str(k).lower(): v for k, v in item.items()} for item in items if isinstance(item, Mapping)
    ]


def _index_cascade(folder: Path) -> list[dict[str, Any]]:
    """The `cascade` of the `_index` file in `folder` (none when it has none or cannot be read)."""
    index = next(
        (f for f in sorted(folder.glob("_index.*")) if f.suffix.lower() in CONTENT_SUFFIXES), None
    )
    if index is None:
        return []
    try:
        stamp = index.stat().st_mtime
    except OSError:
        return []
    return _read_cascade(index, stamp)


@lru_cache(maxsize=512)
def _read_cascade(index: Path, stamp: float) -> list[dict[str, Any]]:
    try:
        text = index.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
        meta, _body = (
            frontmatter.split(text, str(index), "hugo")
            if frontmatter.has_front_matter(text, "hugo")
            else ({}, "")
        )
    except (OSError, UnicodeDecodeError, SourceError):
        return []  # the reader reports a broken file when it reads it
    cascade = {str(k).lower(): v for k, v in meta.items()}.get("cascade")
    return _cascade_entries(cascade) if cascade else []


def _lang_suffix(stem: str, languages: Mapping[str, Any]) -> str | None:
    if "." in stem:
        code = stem.rsplit(".", 1)[1].lower()
        if code in languages:
            return code
    return None


def _strip_lang(stem: str, languages: Mapping[str, Any]) -> str:
    return stem.rsplit(".", 1)[0] if _lang_suffix(stem, languages) else stem


def _build_options(meta: Mapping[str, Any]) -> Mapping[str, Any]:
    for key in ("build", "_build"):
        value = meta.get(key)
        if isinstance(value, Mapping):
            return {str(k).lower(): v for k, v in value.items()}
    return {}


def _as_bool(value: Any) -> bool:
    return value is True or str(value).strip().lower() in {"true", "yes", "on", "1"}


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix() or "."
    except ValueError:
        return str(path)


def _zone(name: str | None) -> tzinfo:
    if not name:
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def is_zola_config(data: Mapping[str, Any]) -> bool:
    """Zola's config.toml: `base_url` (Hugo spells it `baseURL`)."""
    return "base_url" in data


def read_config(
    folder: Path, problems: Problems
) -> tuple[dict[str, Any], Path | None, dict[str, Path]] | None:
    """The merged, lower-cased Hugo config of `folder` (None when it has none), the main
    config file, and which file each top-level key came from."""
    directory, root_file = roots.hugo_config(folder)
    if not directory and root_file is None:
        return None
    merged: dict[str, Any] = {}
    origin: dict[str, Path] = {}
    main: Path | None = None
    for path in directory:
        data = configfile.load(path, problems, "Hugo config")
        if data is None:
            continue
        data = configfile.lower_keys_deep(data)
        name, _, lang = path.stem.lower().partition(".")
        if name in CONFIG_NAMES:
            main = main or path
        elif lang:
            data = {"languages": {lang: {name: data}}}
        else:
            data = {name: data}
        merged = configfile.merge(merged, data)
        origin.update({key: path for key in data})
    if root_file is not None:
        if root_file.stem == "config":
            try:
                data = configfile.parse(root_file)
            except ValueError:
                if root_file.suffix == ".toml" and not directory:
                    return None  # Hugo's or Zola's? The Zola reader reports it.
                problems.add(
                    str(root_file), "Hugo config: cannot be read; its settings are not used"
                )
                data = {}
            if is_zola_config(data):
                return None if not directory else (merged, main, origin)
            lowered = configfile.lower_keys_deep(data)
            if not directory and "baseurl" not in lowered and not (folder / "content").is_dir():
                return None
        else:
            loaded = configfile.load(root_file, problems, "Hugo config")
            lowered = configfile.lower_keys_deep(loaded or {})
        merged = configfile.merge(merged, lowered)
        origin.update({key: root_file for key in lowered})
        main = root_file
    return merged, main or (directory[0] if directory else None), origin


def _rules(
    value: Any, where: Path | None, problems: Problems, key: str = "permalinks"
) -> list[PermalinkRule]:
    """The permalink rules of a `permalinks` setting; a bad entry or unknown token is
    reported (file and key) and left out, so its pages fall back to the content path."""
    place = str(where) if where else "Hugo config"
    found: list[PermalinkRule] = []
    if isinstance(value, list):
        for index, item in enumerate(value):
            target = item.get("target", {}) if isinstance(item, Mapping) else {}
            pattern = item.get("pattern") if isinstance(item, Mapping) else None
            if not isinstance(pattern, str) or not isinstance(target, Mapping):
                problems.add(place, f"{key}[{index}]: needs a `pattern` string; rule not used")
                continue
            glob = str(target.get("path", "/**"))
            found.append(
                PermalinkRule(
                    str(target.get("kind", "page")).lower(),
                    "re:" + _glob_regex(glob),
                    pattern,
                    f"{key}[{index}]",
                )
            )
    elif isinstance(value, Mapping):
        for name, entry in value.items():
            if isinstance(entry, str):
                found.append(PermalinkRule("page", str(name), entry, f"{key}.{name}"))
            elif isinstance(entry, Mapping) and name in PERMALINK_KINDS:
                for section, pattern in entry.items():
                    if isinstance(pattern, str):
                        rule = PermalinkRule(
                            str(name), str(section), pattern, f"{key}.{name}.{section}"
                        )
                        found.append(rule)
                    else:
                        problems.add(
                            place, f"{key}.{name}.{section}: not a pattern string; rule not used"
                        )
            else:
                problems.add(place, f"{key}.{name}: not a pattern or a page kind; rule not used")
    elif value is not None:
        problems.add(place, f"{key}: not a table of patterns; not used")
    usable = []
    for rule in found:
        unknown = [
            m[0]
            for m in _TOKEN.finditer(rule.pattern.replace("\\:", ""))
            if not known_token(m[0][1:])
        ]
        if unknown:
            unsupported = [t for t in unknown if t.startswith(":sectionslug")]
            what = (
                "permalink token not supported here (it needs the section pages' titles)"
                if len(unsupported) == len(unknown)
                else "unknown permalink token"
            )
            problems.add(
                place,
                f"{rule.key}: {what} {', '.join(unknown)} in {rule.pattern!r}; "
                "the rule is not used (its pages fall back to the next rule)",
            )
            continue
        usable.append(rule)
    if isinstance(value, list):
        return usable  # the list form: the first matching rule wins, as written
    # The most specific section first (Hugo's order between overlapping keys is unspecified).
    return sorted(usable, key=lambda r: -len(r.section.strip("/").split("/")) if r.section else 0)


def _glob_regex(glob: str) -> str:
    """A Hugo target path glob (`/blog/**`, `{a,b}`) as a regular expression."""
    out, i = [], 0
    while i < len(glob):
        if glob.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        char = glob[i]
        out.append(
            {"*": "[^/]*", "?": "[^/]", "{": "(?:", "}": ")", ",": "|"}.get(char, re.escape(char))
        )
        i += 1
    return "^" + "".join(out).lower() + "$"


@register("hugo")
def detect(folder: Path, problems: Problems) -> HugoSite | None:
    """A `HugoSite` when `folder` holds a Hugo config."""
    found = read_config(folder, problems)
    if found is None:
        return None
    config, main, origin = found
    site = HugoSite(root=folder, content=folder, config_file=main, problems=problems)
    site.base_url = str(config.get("baseurl") or "").rstrip("/")
    site.look = hugo_look(config, folder)
    site.timezone = str(config["timezone"]) if config.get("timezone") else None
    raw_languages = config.get("languages")
    languages = (
        {str(k).lower(): (v if isinstance(v, Mapping) else {}) for k, v in raw_languages.items()}
        if isinstance(raw_languages, Mapping)
        else {}
    )
    disabled = {str(x).lower() for x in config.get("disablelanguages") or []}
    site.languages = {k: dict(v) for k, v in languages.items() if k not in disabled}
    explicit_lang = config.get("defaultcontentlanguage")
    site.default_lang = str(explicit_lang or "en").lower()
    site.default_lang_in_subdir = _as_bool(config.get("defaultcontentlanguageinsubdir"))
    if explicit_lang or site.languages:
        site.lang = site.default_lang
    elif config.get("languagecode"):
        site.lang = str(config["languagecode"]).split("-")[0].lower()
    content = str(config.get("contentdir") or "content")
    site.content_dirs = {"": (folder / content).resolve()}
    for code, settings in site.languages.items():
        if settings.get("contentdir"):
            site.content_dirs[code] = (folder / str(settings["contentdir"])).resolve()
    permalink_file = origin.get("permalinks", main)
    site.rules = _rules(config.get("permalinks"), permalink_file, problems)
    for code, settings in site.languages.items():
        if "permalinks" in settings:
            where = origin.get("languages", main)
            key = f"languages.{code}.permalinks"
            site.lang_rules[code] = _rules(settings["permalinks"], where, problems, key)
    ugly = config.get("uglyurls", False)
    site.ugly_urls = (
        {str(k).lower(): _as_bool(v) for k, v in ugly.items()}
        if isinstance(ugly, Mapping)
        else _as_bool(ugly)
    )
    site.path_to_lower = not _as_bool(config.get("disablepathtolower"))
    site.remove_path_accents = _as_bool(config.get("removepathaccents"))
    front = config.get("frontmatter")
    if isinstance(front, Mapping) and isinstance(front.get("date"), list):
        site.date_keys = tuple(str(k).lower() for k in front["date"])
    site.config_cascade = _cascade_entries(config.get("cascade"))
    params = config.get("params") if isinstance(config.get("params"), Mapping) else {}
    main_sections = params.get("mainsections") or config.get("mainsections")
    if isinstance(main_sections, str):
        main_sections = [main_sections]
    if isinstance(main_sections, list):
        site.main_sections = tuple(str(s).strip("/").lower() for s in main_sections)
    return site
