"""Eleventy (11ty): which templates are posts and the URL each is written to.

The config (`eleventy.config.{js,mjs,cjs}` or `.eleventy.js`) is JavaScript and is never run;
what is written plainly is read (see `smm_promote.sites.jsconfig`): `dir.input`, `dir.output`,
`dir.includes`, `dir.data`, `dir.layouts` (or `setInputDirectory("...")` and its siblings),
`pathPrefix`, and the feed plugin's `metadata.base` and `metadata.language` (in the config or a
local file it imports; literals or references to global data such as `metadata.url`), which give
the site's base URL and language, else `_data/metadata`'s `url` (the base blog starter's).
Anything else written in the config is unknown: smm-promote.toml's `site_url` and `timezone`
stand in (the time zone of dates taken from file names, which an `addDateParsing` callback may
set, cannot be read).

A post's data is Eleventy's data cascade, without global data: front matter over template data
files (`post.11tydata.js`, `post.11tydata.json`, `post.json`) over directory data files
(`blog/blog.11tydata.js`, `blog/blog.11tydata.json`, `blog/blog.json`, deeper folders first),
objects merged deeply and arrays joined (`override:` replaces). A `.11tydata.js` file counts only
when it exports a plain object literal; one that computes its data is reported and left out.

The URL is `permalink` (or `eleventyComputed.permalink`) when set, with the simple Liquid /
Nunjucks expressions evaluated: `{{ page.fileSlug }}`, `{{ page.filePathStem }}`, data keys
such as `{{ title | slugify }}` (filters `slugify`, `slug`, `lower`, `url`); any other template
code is reported and the default is used. The default is `/<folder>/<file name>/` (`index`
files give their folder). `page.fileSlug` drops a `YYYY-MM-DD-` prefix and turns `index` into
its folder's name, as Eleventy does.

Not posts: `permalink: false` (no page is written), `eleventyExcludeFromCollections`, paginated
templates and pages that list a collection (the blog index), files outside the input folder or
in its includes/data/layouts folders, `.eleventyignore` matches.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, ClassVar
from urllib.parse import quote

from smm_promote.errors import Problems, SourceError
from smm_promote.sites import jsconfig, roots
from smm_promote.sites.base import GenericSite, SourceFacts, register, rel_posix

CONFIG_NAMES = roots.ELEVENTY_FILES
DIR_KEYS = ("input", "output", "includes", "data", "layouts")
DIR_DEFAULTS = {"input": ".", "output": "_site", "includes": "_includes", "data": "_data"}
_SETTERS = {
    "setInputDirectory": "input",
    "setOutputDirectory": "output",
    "setIncludesDirectory": "includes",
    "setDataDirectory": "data",
    "setLayoutsDirectory": "layouts",
}
_EXPRESSION = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}", re.S)
_TAG = re.compile(r"\{%-?.*?-?%\}", re.S)
_LISTS_COLLECTION = re.compile(r"\{%-?\s*for\s+[\w,\s]+\s+(?:in|of)\s+collections\.")
#: A collection named in template or config code: `collections.name`, `collections["name"]`,
#: `getFilteredByTag("name")` (and the first name of `getFilteredByTags`).
_NAMED_COLLECTION = re.compile(
    r"""\bcollections\.([A-Za-z_$][\w$]*)|\bcollections\[\s*["']([^"']+)["']\s*\]"""
    r"""|\bgetFilteredByTags?\(\s*["']([^"']+)["']"""
)
#: Templates that place pages (layouts, includes, paginated lists), not posts' Markdown.
_TEMPLATE_SUFFIXES = (".njk", ".liquid", ".html", ".hbs", ".webc", ".vto", ".js", ".cjs", ".mjs")
_IMPORT = re.compile(r"""(?:\bfrom\s+|\brequire\(\s*|\bimport\(\s*)["'](\.{1,2}/[^"']+)["']""")


@dataclass
class EleventySite(GenericSite):
    generator: str = "eleventy"
    base_url_key: ClassVar[str] = "url"
    dirs: dict[str, str] = field(default_factory=lambda: dict(DIR_DEFAULTS))
    path_prefix: str = "/"
    ignore: Any = None
    problems: Problems = field(default_factory=Problems)
    _data_files_read: dict[tuple[Path, int], object] = field(default_factory=dict, repr=False)
    _layout_tags: frozenset[str] | None = field(default=None, repr=False)

    @classmethod
    def load(cls, config_file: Path, problems: Problems) -> EleventySite:
        root = config_file.parent
        site = cls(root=root, content=root, config_file=config_file, problems=problems)
        before = len(problems)
        try:
            source = jsconfig.Source.read(config_file)
        except (OSError, UnicodeDecodeError) as exc:
            site._warn(f"cannot read ({exc}); Eleventy's defaults are used")
            return site
        site._read_dirs(source)
        site._read_feed([source, *_local_imports(source, root)])
        if not site.base_url:  # Eleventy's base blog starter: `_data/metadata` `url`
            metadata = site.global_data("metadata")
            url = metadata.get("url") if isinstance(metadata, dict) else None
            if isinstance(url, str) and url.startswith("http"):
                site.base_url = url.rstrip("/")
        prefix = _plain_key(source, "pathPrefix")
        if isinstance(prefix, str):
            site.path_prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
        ignore = root / ".eleventyignore"
        if ignore.is_file():
            import pathspec

            lines = ignore.read_text(encoding="utf-8", errors="replace").splitlines()
            site.ignore = pathspec.GitIgnoreSpec.from_lines(
                line.removeprefix("./") for line in lines
            )
        site.notes.extend(str(p) for p in list(problems)[before:])
        return site

    def _read_dirs(self, source: jsconfig.Source) -> None:
        for _offset, raw in jsconfig.objects_after(source, r"(?<![\w$.])[\"']?dir[\"']?\s*:"):
            value = source.value_of(raw)
            if not isinstance(value, jsconfig.ObjectText):
                self._warn(f"dir: not written plainly ({raw.strip()[:60]}); defaults are used")
                continue
            for key, item in jsconfig.entries(value):
                if key in DIR_KEYS:
                    self._set_dir(key, source.value_of(item), item)
        for setter, key in _SETTERS.items():
            for _offset, raw in jsconfig.objects_after(source, rf"\.{setter}\(\s*"):
                self._set_dir(key, source.value_of(raw), raw)

    def _set_dir(self, key: str, value: object, raw: str) -> None:
        if isinstance(value, str):
            self.dirs[key] = value.strip().removeprefix("./").rstrip("/") or "."
        else:
            self._warn(f"dir.{key}: not a plain string ({raw.strip()[:60]}); the default is used")

    def _read_feed(self, sources: list[jsconfig.Source]) -> None:
        """The feed plugin's `metadata.base` and `metadata.language`: literals, or references
        to global data (`metadata.url` from `_data/metadata.json`)."""
        for source in sources:
            for _offset, raw in jsconfig.objects_after(source, r"(?<![\w$.])metadata\s*:"):
                value = source.value_of(raw)
                if not isinstance(value, jsconfig.ObjectText):
                    continue
                found = dict(jsconfig.entries(value))
                base = self._feed_value(source, found.get("base"))
                language = self._feed_value(source, found.get("language"))
                if not self.base_url and isinstance(base, str) and base.startswith("http"):
                    self.base_url = base.rstrip("/")
                if not self.lang and isinstance(language, str) and language:
                    self.lang = language

    def _feed_value(self, source: jsconfig.Source, raw: str | None) -> object:
        if raw is None:
            return None
        value = source.value_of(raw)
        reference = re.fullmatch(r"([A-Za-z_$][\w$]*)\.([A-Za-z_$][\w$]*)", raw.strip())
        if value is jsconfig.UNKNOWN and reference:
            data = self.global_data(reference[1])
            return data.get(reference[2]) if isinstance(data, dict) else None
        return value

    def global_data(self, name: str) -> object:
        """The global data file `<input>/<data>/<name>.json` (or a plain `.js`), or None."""
        folder = self.input_dir / self.dirs.get("data", "_data")
        for suffix in (".json", ".js", ".mjs", ".cjs"):
            path = folder / f"{name}{suffix}"
            if path.is_file():
                return self._read_data_file(path)
        return None

    def _warn(self, message: str, where: Path | None = None) -> None:
        self.problems.add(str(where or self.config_file), message)

    def layout_tags(self) -> frozenset[str]:
        """The collections the site's templates and config name (`collections.sidebarHighlight`
        in an include): tags are how Eleventy builds collections, so a tag a template lists by
        name places pages (a sidebar, a highlight, a feed) rather than naming a topic. Markdown
        files are left out: a post about Eleventy shows such code without using it."""
        if self._layout_tags is None:
            names: set[str] = set()
            for path in self._template_files():
                try:
                    code = path.read_text(encoding="utf-8", errors="replace")
                except OSError:
                    continue
                for match in _NAMED_COLLECTION.finditer(code):
                    names.add(next(g for g in match.groups() if g))
            names.discard("all")  # every page's collection, never a tag
            self._layout_tags = frozenset(names)
        return self._layout_tags

    def _template_files(self) -> list[Path]:
        """The config file and the templates below the input folder, but not its output."""
        output = (self.root / self.dirs["output"]).resolve()
        found = [self.config_file] if self.config_file else []
        for folder, subfolders, files in os.walk(self.input_dir):
            subfolders[:] = [
                d
                for d in subfolders
                if not d.startswith(".")
                and d != "node_modules"
                and (Path(folder) / d).resolve() != output
            ]
            found.extend(Path(folder) / f for f in files if f.endswith(_TEMPLATE_SUFFIXES))
        return found

    # --- the input folder and each template's data -----------------------------------------

    @property
    def input_dir(self) -> Path:
        return (self.root / self.dirs["input"]).resolve()

    def _special_dir(self, relative: PurePosixPath) -> str | None:
        """The includes/data/layouts/output folder `relative` (input-relative) is in."""
        for key in ("includes", "data", "layouts"):
            name = self.dirs.get(key)
            if name and relative.as_posix().startswith(name.rstrip("/") + "/"):
                return key
        return None

    def data_of(self, path: Path) -> dict[str, Any]:
        """The template's data: directory and template data files, then its front matter."""
        relative = rel_posix(path, self.input_dir)
        folder = self.input_dir
        layers: list[dict[str, Any]] = []
        for part in relative.parts[:-1]:
            folder = folder / part
            layers.extend(self._data_files(folder, folder.name))
        stem = path.name.split(".")[0]
        layers.extend(self._data_files(path.parent, stem, template=True))
        layers.append(_front_matter(path))
        merged: dict[str, Any] = {}
        for layer in layers:
            merged = _merge(merged, layer)
        return merged

    def _data_files(self, folder: Path, stem: str, template: bool = False) -> list[dict]:
        """Data files of one folder (or template), lowest priority first."""
        if template and stem == folder.name:
            return []  # `blog/blog.json` is read once, as the folder's
        found = []
        for name in (f"{stem}.json", f"{stem}.11tydata.json", f"{stem}.11tydata.js"):
            path = folder / name
            if not path.is_file():
                continue
            value = self._read_data_file(path)
            if isinstance(value, dict):
                found.append(value)
        return found

    def _read_data_file(self, path: Path) -> object:
        """A data file's object (read once per site), or None when it cannot be used."""
        key = (path, path.stat().st_mtime_ns)
        if key not in self._data_files_read:
            self._data_files_read[key] = self._load_data_file(path)
        return self._data_files_read[key]

    def _load_data_file(self, path: Path) -> object:
        try:
            if path.suffix == ".json":
                return json.loads(path.read_text(encoding="utf-8-sig"))
            source = jsconfig.Source.read(path)
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            self._warn(f"cannot read this data file ({exc}); it is left out", path)
            return None
        found = jsconfig.objects_after(source, r"(?:export\s+default|module\.exports\s*=)\s*")
        value = jsconfig.data(source, found[0][1]) if found else jsconfig.UNKNOWN
        if not isinstance(value, dict):
            self._warn("not a plain exported object (its data is computed); left out", path)
            return None
        return value

    # --- which files are posts ------------------------------------------------------------

    def skip_reason(self, path: Path, meta: Mapping[str, Any]) -> str | None:
        try:
            relative = rel_posix(path, self.input_dir)
        except ValueError:
            return f"outside the Eleventy input folder ({self.dirs['input']}/)"
        special = self._special_dir(relative)
        if special:
            return f"in the Eleventy {special} folder"
        output = self.dirs.get("output")
        if output and rel_posix(path, self.root).as_posix().startswith(output + "/"):
            return "in the Eleventy output folder"
        if self.ignore is not None and self.ignore.match_file(rel_posix(path, self.root)):
            return "ignored by .eleventyignore"
        data = self.data_of(path)
        permalink = _permalink(data)
        if permalink is False:
            return "permalink: false (Eleventy writes no page)"
        if _excluded_from_collections(data):
            return "eleventyExcludeFromCollections (in no collection)"
        if data.get("pagination"):
            return "paginated template (a list page)"
        imports = data.get("eleventyImport")
        imported = isinstance(imports, Mapping) and imports.get("collections")
        if imported or _LISTS_COLLECTION.search(_body(path)):
            return "lists a collection (an index page)"
        return None

    def title_of(self, facts: SourceFacts) -> str | None:
        """No `title`: the first non-empty string key ending in `title` (`newstitle`)."""
        for key, value in facts.meta.items():
            if str(key).endswith("title") and isinstance(value, str) and value.strip():
                return value.strip()
        return None

    # --- where a post is published --------------------------------------------------------

    def url(self, facts: SourceFacts) -> tuple[str, str] | None:
        try:
            relative = rel_posix(facts.path, self.input_dir)
        except ValueError:
            return None
        data = self.data_of(facts.path)
        page = page_variables(relative)
        permalink = _permalink(data)
        origin = "rule: eleventy default permalink"
        path = default_url(relative)
        if isinstance(permalink, str):
            rendered = render_permalink(permalink, {**data, "page": page})
            if rendered is None:
                self._warn(
                    f"permalink: cannot evaluate {permalink!r} without running the template; "
                    "the default permalink is used",
                    facts.path,
                )
            else:
                path, origin = url_of_output(rendered), "rule: eleventy permalink"
        elif permalink is not None:
            self._warn(f"permalink: {permalink!r} is not a string; the default is used", facts.path)
        path = self.path_prefix.rstrip("/") + quote(path, safe="/:@!$&'()*+,;=~%")
        return (self.base_url + path if self.base_url else path), origin


def page_variables(relative: PurePosixPath) -> dict[str, str]:
    """Eleventy's `page.fileSlug` and `page.filePathStem` for an input-relative path."""
    dirs = list(relative.parts[:-1])
    raw = _strip_date(_name_without_extension(relative.name))
    slug = raw
    if raw == "index":
        slug = _strip_date(dirs[-1]) if dirs else ""
    return {
        "fileSlug": slug,
        "filePathStem": "/" + "/".join([*dirs, raw]),
        "inputPath": "./" + relative.as_posix(),
        "outputFileExtension": "html",
    }


def default_url(relative: PurePosixPath) -> str:
    """The URL without a permalink: `/<folder>/<name>/`, an `index` its folder's."""
    dirs = list(relative.parts[:-1])
    name = _name_without_extension(relative.name)
    parts = dirs if name == "index" else [*dirs, name]
    return "/" + "".join(f"{p}/" for p in parts)


def url_of_output(permalink: str) -> str:
    """The URL of a page written to `permalink` (`/x/` and `/x/index.html` are `/x/`)."""
    url = "/" + permalink.strip().lstrip("/")
    if url.endswith("/index.html"):
        url = url[: -len("index.html")]
    return url


def render_permalink(template: str, data: Mapping[str, Any]) -> str | None:
    """Evaluate the simple `{{ var | filter }}` expressions of a permalink; None when it holds
    other template code (tags, unknown variables or filters)."""
    if _TAG.search(template):
        return None
    failed = False

    def evaluate(match: re.Match[str]) -> str:
        nonlocal failed
        value = _expression(match[1], data)
        if value is None:
            failed = True
            return ""
        return value

    rendered = _EXPRESSION.sub(evaluate, template)
    return None if failed or "{{" in rendered else rendered


def _expression(text: str, data: Mapping[str, Any]) -> str | None:
    head, *filters = [part.strip() for part in re.split(r"\|(?!\|)", text)]
    value: Any = data
    if not re.fullmatch(r"[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*", head):
        return None
    for key in head.split("."):
        if not isinstance(value, Mapping) or key not in value:
            return None
        value = value[key]
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        return None
    result = str(value)
    for name in filters:
        name = re.sub(r"\(\s*\)$", "", name)
        if name in ("slugify", "slug"):
            result = slugify(result)
        elif name == "lower":
            result = result.lower()
        elif name != "url":
            return None
    return result


def slugify(text: str) -> str:
    """Eleventy's `slugify` filter (`@sindresorhus/slugify`): `&` as "and", letters folded to
    ASCII, lower case, every other run of characters one `-`."""
    text = text.replace("&", " and ").replace("%", " ")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z\d]+", "-", text.lower()).strip("-")


def _excluded_from_collections(data: Mapping[str, Any]) -> bool:
    """`eleventyExcludeFromCollections: true`, or a list naming every one of its tags."""
    excluded = data.get("eleventyExcludeFromCollections")
    if excluded is True:
        return True
    if isinstance(excluded, list) and excluded:
        tags = data.get("tags")
        tags = [tags] if isinstance(tags, str) else tags if isinstance(tags, list) else []
        return set(map(str, tags)) <= set(map(str, excluded))
    return False


def _permalink(data: Mapping[str, Any]) -> object:
    computed = data.get("eleventyComputed")
    if isinstance(computed, Mapping) and "permalink" in computed:
        value = computed["permalink"]
    else:
        value = data.get("permalink")
    if isinstance(value, Mapping):  # `permalink: {build: ...}`
        value = value.get("build", False)
    return value


def _strip_date(name: str) -> str:
    match = re.search(r"\d{4}-\d{2}-\d{2}-(.*)", name)
    return match[1] if match else name


def _name_without_extension(name: str) -> str:
    """The file name without its template extension (`x.11ty.js` is `x`)."""
    for suffix in (".11ty.js", ".11ty.cjs", ".11ty.mjs", ".11ty.ts"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name.rsplit(".", 1)[0] if "." in name else name


def _merge(base: dict[str, Any], layer: Mapping[str, Any]) -> dict[str, Any]:
    """Eleventy's deep data merge: objects merged, arrays joined, `override:key` replaces."""
    out = dict(base)
    for key, value in layer.items():
        if key.startswith("override:"):
            out[key.removeprefix("override:")] = value
        elif isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = _merge(dict(out[key]), value)
        elif isinstance(value, list) and isinstance(out.get(key), list):
            out[key] = [*out[key], *value]
        else:
            out[key] = value
    return out


def _front_matter(path: Path) -> dict[str, Any]:
    from smm_promote.sources import frontmatter

    try:
        text = path.read_text(encoding="utf-8-sig")
        meta, _ = frontmatter.split(text, str(path)) if text.startswith("---") else ({}, "")
    except (OSError, UnicodeDecodeError, ValueError, SourceError):  # ValueError: a bad date
        return {}
    return {str(k): v for k, v in meta.items()}


def _body(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return ""


def _plain_key(source: jsconfig.Source, key: str) -> object:
    found = jsconfig.objects_after(source, rf"(?<![\w$.])[\"']?{key}[\"']?\s*:")
    return source.value_of(found[0][1]) if found else None


def _local_imports(source: jsconfig.Source, root: Path) -> list[jsconfig.Source]:
    """The site's own JS files the config imports (`./config/feedPlugin.js`), one level."""
    out = []
    for spec in _IMPORT.findall(source.text):
        path = (source.path.parent / spec).resolve()
        if not path.suffix:
            path = path.with_suffix(".js")
        if path.is_file() and root.resolve() in path.parents:
            try:
                out.append(jsconfig.Source.read(path))
            except (OSError, UnicodeDecodeError):
                continue
    return out


@register("eleventy")
def detect(folder: Path, problems: Problems) -> EleventySite | None:
    """`folder` holds an Eleventy config file: its Eleventy site."""
    for name in CONFIG_NAMES:
        if (folder / name).is_file():
            return EleventySite.load(folder / name, problems)
    return None
