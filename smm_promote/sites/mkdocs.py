"""MkDocs, and Material for MkDocs' built-in blog plugin.

The site is read from `mkdocs.yml` (or the folder's only `mkdocs-*.yml`), `INHERIT` followed,
with MkDocs' `!ENV` tag resolved and `!!python/...` or unknown tags kept as inert values (no code
of the site runs). With the blog plugin (`blog` or `material/blog`, each instance), only Markdown
files under its `post_dir` are posts, and a post's URL is computed as the plugin does:
`post_url_format` filled with the post's date (`post_url_date_format`, a Babel pattern), slug
(`slug:` front matter, else the `post_slugify` of the page title), file name and categories,
then laid out by MkDocs' page rule (`use_directory_urls`) under `site_url`.

`mike`: when the site is versioned with mike, the public URL carries a version prefix. It is,
in order: the mike plugin's `canonical_version`; `extra.version.default`; the newest entry of a
built `versions.json` (its `latest` alias, else its first alias, else its version); a built
`latest/` folder; else `latest`, mike's conventional alias of the current release.
"""

from __future__ import annotations

import importlib
import json
import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import quote, urljoin

import yaml

from smm_promote.errors import Problems
from smm_promote.sites import roots
from smm_promote.sites.base import GenericSite, SourceFacts, register, rel_posix
from smm_promote.sites.look import material_look

CONFIG_NAMES = roots.MKDOCS_FILES
BLOG_PLUGINS = ("blog", "material/blog")
DEFAULT_URL_FORMAT = "{date}/{slug}"
DEFAULT_URL_DATE_FORMAT = "yyyy/MM/dd"
URL_PLACEHOLDERS = {"date": "2024/01/31", "slug": "slug", "file": "file", "categories": "news"}
#: The front matter block exactly as MkDocs (and so Material's blog plugin) matches it.
YAML_RE = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)

Slugify = Callable[[str, str], str]


@dataclass(frozen=True)
class PythonRef:
    """A `!!python/name:` or `!!python/object/apply:` value, kept unexecuted."""

    name: str
    args: tuple[Any, ...] = ()
    kwds: Mapping[str, Any] = field(default_factory=dict)
    call: bool = False

    def resolve(self) -> Any:
        """Import the named object (and call it for `object/apply`); raises on failure."""
        module, _, attr = self.name.rpartition(".")
        target = getattr(importlib.import_module(module), attr)
        return target(*self.args, **dict(self.kwds)) if self.call else target


class _Loader(yaml.SafeLoader):
    """MkDocs' YAML dialect, read safely."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """MkDocs' `!ENV VAR` / `!ENV [VAR1, VAR2, default]` (as `yaml_env_tag` does)."""
    import os

    default = None
    if isinstance(node, yaml.SequenceNode):
        children = node.value
        if len(children) > 1:
            default = loader.construct_object(children[-1])
            children = children[:-1]
        names = [loader.construct_scalar(child) for child in children]
    else:
        names = [loader.construct_scalar(node)]
    for name in names:
        if name in os.environ:
            value = os.environ[name]
            tag = loader.resolve(yaml.ScalarNode, value, (True, False))
            return loader.construct_object(yaml.ScalarNode(tag, value))
    return default


def _plain(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_scalar(node)


def _python_name(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> PythonRef:
    return PythonRef(suffix)


def _python_apply(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> PythonRef:
    value = _plain(loader, node)
    if isinstance(value, Mapping):
        args, kwds = value.get("args") or (), value.get("kwds") or {}
    else:
        args, kwds = value if isinstance(value, list) else (), {}
    return PythonRef(suffix, tuple(args), dict(kwds), call=True)


def _unknown(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    return _plain(loader, node)


_Loader.add_constructor("!ENV", _env)
_Loader.add_constructor("!relative", lambda loader, node: loader.construct_scalar(node))
_Loader.add_multi_constructor("tag:yaml.org,2002:python/name:", _python_name)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/object/apply:", _python_apply)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/object/new:", _python_apply)
_Loader.add_multi_constructor("!", _unknown)
_Loader.add_multi_constructor("tag:", _unknown)


def load_config(path: Path, problems: Problems, _seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    """`mkdocs.yml` as MkDocs reads it, `INHERIT` merged in (the child wins, maps merged
    deeply, lists replaced). A file that cannot be read is reported and read as {}."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_Loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.add(
            str(path),
            f"cannot read the MkDocs config ({getattr(exc, 'problem', None) or exc}); "
            "URLs fall back to the generic rule",
            mark.line + 1 if mark else None,
        )
        return {}
    if not isinstance(data, dict):
        problems.add(str(path), "the MkDocs config is not a mapping; URLs use the generic rule")
        return {}
    parent_name = data.pop("INHERIT", None)
    if isinstance(parent_name, str):
        parent = (path.parent / parent_name).resolve()
        if parent in _seen or not parent.is_file():
            problems.add(str(path), f"INHERIT: {parent_name!r} cannot be read; ignored")
        else:
            data = _merge(load_config(parent, problems, (*_seen, path.resolve())), data)
    return data


def _merge(base: dict[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = _merge(dict(out[key]), value)
        else:
            out[key] = value
    return out


def plugins_of(config: Mapping[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The `plugins` entries as (name, settings), from a list of names / one-key maps or a map."""
    raw = config.get("plugins") or []
    items: list[tuple[str, Any]] = []
    if isinstance(raw, Mapping):
        items = list(raw.items())
    elif isinstance(raw, list):
        for entry in raw:
            if isinstance(entry, str):
                items.append((entry, {}))
            elif isinstance(entry, Mapping):
                items.extend(entry.items())
    return [(str(name), dict(value) if isinstance(value, Mapping) else {}) for name, value in items]


@dataclass
class Blog:
    """One instance of Material's blog plugin, settings as its `BlogConfig` defaults them."""

    blog_dir: str = "blog"
    post_dir: str = "{blog}/posts"
    post_url_format: str = DEFAULT_URL_FORMAT
    post_url_date_format: str = DEFAULT_URL_DATE_FORMAT
    post_url_max_categories: int = 1
    post_slugify: Slugify | None = None
    post_slugify_separator: str = "-"
    categories_slugify: Slugify | None = None
    categories_slugify_separator: str = "-"
    draft: bool = False
    draft_if_future_date: bool = False

    @property
    def posts_path(self) -> str:
        """The posts folder relative to `docs_dir`, as the plugin normalises it."""
        root = posixpath.normpath(self.blog_dir)
        return posixpath.normpath(self.post_dir.format(blog=root))

    def holds(self, src_path: str) -> bool:
        """The plugin's own test (a string prefix of the docs-relative path)."""
        return src_path.startswith(self.posts_path)


def _default_slugify() -> Slugify:
    """Material's default `post_slugify`: `pymdownx.slugs.slugify(case="lower")`."""
    from pymdownx.slugs import slugify

    return slugify(case="lower")


@dataclass
class MkDocsSite(GenericSite):
    """An MkDocs site; with Material's blog plugin, its posts and their URLs."""

    generator: str = "mkdocs"
    base_url_key: ClassVar[str] = "site_url"
    docs_dir: Path = Path("docs")
    use_directory_urls: bool = True
    blogs: list[Blog] = field(default_factory=list)
    exclude_docs: Any = None
    locale: str = "en"
    version_prefix: str = ""
    problems: Problems = field(default_factory=Problems)

    @classmethod
    def load(cls, config_file: Path, problems: Problems) -> MkDocsSite:
        config = load_config(config_file, problems)
        root = config_file.parent
        notes_before = len(problems)
        theme = config.get("theme")
        theme = theme if isinstance(theme, Mapping) else {"name": theme}
        language = str(theme.get("language") or "en")
        site = cls(
            root=root,
            content=root,
            config_file=config_file,
            docs_dir=root / str(config.get("docs_dir") or "docs"),
            use_directory_urls=config.get("use_directory_urls") is not False,
            exclude_docs=_exclude_spec(config.get("exclude_docs")),
            locale=language.replace("-", "_"),
            lang=language.split("-")[0].split("_")[0] if theme.get("name") else None,
            problems=problems,
        )
        site.look = material_look(config, root)
        plugins = plugins_of(config)
        for name, settings in plugins:
            if name in BLOG_PLUGINS and settings.get("enabled", True) is not False:
                site.blogs.append(site._blog(settings))
        if site.blogs:
            site.timezone = "UTC"  # the plugin reads naive dates as UTC
        site_url = str(config.get("site_url") or "").strip()
        prefix = _mike_prefix(root, config, dict(plugins))
        if prefix:
            site.version_prefix = prefix.strip("/")
        if site_url:
            base = site_url.rstrip("/")
            site.base_url = f"{base}/{site.version_prefix}" if site.version_prefix else base
        site.notes.extend(str(p) for p in list(problems)[notes_before:])
        return site

    def _blog(self, settings: Mapping[str, Any]) -> Blog:
        blog = Blog()
        for key in ("blog_dir", "post_dir", "post_url_date_format", "post_slugify_separator"):
            if isinstance(settings.get(key), str):
                setattr(blog, key, settings[key])
        for key in ("draft", "draft_if_future_date"):
            if isinstance(settings.get(key), bool):
                setattr(blog, key, settings[key])
        if isinstance(settings.get("post_url_max_categories"), int):
            blog.post_url_max_categories = settings["post_url_max_categories"]
        url_format = settings.get("post_url_format", DEFAULT_URL_FORMAT)
        try:
            str(url_format).format(**URL_PLACEHOLDERS)
            blog.post_url_format = str(url_format)
        except (KeyError, IndexError, ValueError) as exc:
            self._warn(
                f"plugins.blog.post_url_format: {url_format!r} has an unknown or broken "
                f"placeholder ({exc}); using the default {DEFAULT_URL_FORMAT!r}"
            )
        try:
            _format_date(datetime(2024, 1, 31, tzinfo=UTC), blog.post_url_date_format, self.locale)
        except (ValueError, LookupError, AttributeError) as exc:
            self._warn(
                f"plugins.blog.post_url_date_format: {blog.post_url_date_format!r} cannot be "
                f"used ({exc}); using the default {DEFAULT_URL_DATE_FORMAT!r}"
            )
            blog.post_url_date_format = DEFAULT_URL_DATE_FORMAT
        blog.post_slugify = self._slugify(settings.get("post_slugify"), "post_slugify")
        blog.categories_slugify = self._slugify(
            settings.get("categories_slugify"), "categories_slugify"
        )
        if isinstance(settings.get("categories_slugify_separator"), str):
            blog.categories_slugify_separator = settings["categories_slugify_separator"]
        return blog

    def _slugify(self, value: Any, key: str) -> Slugify:
        if isinstance(value, PythonRef):
            try:
                found = value.resolve()
                if callable(found):
                    return found
            except Exception as exc:  # the named function is the site's own code
                self._warn(
                    f"plugins.blog.{key}: cannot use {value.name} ({exc}); "
                    "using Material's default slugify"
                )
        elif value is not None:
            self._warn(f"plugins.blog.{key}: {value!r} is not a function; using the default")
        return _default_slugify()

    def _warn(self, message: str) -> None:
        self.problems.add(str(self.config_file), message)

    # --- which files are posts ------------------------------------------------------------

    def _src_path(self, path: Path) -> str | None:
        try:
            return rel_posix(path, self.docs_dir).as_posix()
        except ValueError:
            return None

    def blog_of(self, path: Path) -> Blog | None:
        src = self._src_path(path)
        return next((b for b in self.blogs if src and b.holds(src)), None)

    def skip_reason(self, path: Path, meta: Mapping[str, Any]) -> str | None:
        src = self._src_path(path)
        if src is None:
            return f"outside MkDocs' docs_dir ({self.docs_dir.name}/)"
        if self.exclude_docs is not None and self.exclude_docs.match_file(src):
            return "excluded by exclude_docs"
        if not self.blogs:
            return super().skip_reason(path, meta)
        blog = self.blog_of(path)
        if blog is None:
            folders = ", ".join(f"{b.posts_path}/" for b in self.blogs)
            return f"outside the blog's post_dir ({folders})"
        if path.suffix.lower() != ".md":
            return "not a Markdown page"
        front, _ = _read_post(path)
        if _is_draft(blog, front):
            return "Material blog draft"
        return None

    # --- where a post is published --------------------------------------------------------

    def url(self, facts: SourceFacts) -> tuple[str, str] | None:
        src = self._src_path(facts.path)
        if src is None:
            return None
        blog = self.blog_of(facts.path)
        if blog is None:
            return self._public(self.page_url(src)), "rule: mkdocs page path"
        front, body = _read_post(facts.path)
        created = _created(front) or facts.date
        if created is None:
            self.problems.add(
                str(facts.path), "date: Material's blog plugin needs one; URL from the generic rule"
            )
            return None
        slug = front.get("slug")
        if not isinstance(slug, str) or not slug:
            title = _page_title(front, body, facts.path)
            slug = self._slug(blog.post_slugify, title, blog.post_slugify_separator, "post")
        categories = [
            self._slug(blog.categories_slugify, str(name), blog.categories_slugify_separator, "")
            for name in list(dict.fromkeys(_as_list(front.get("categories"))))
        ][: blog.post_url_max_categories]
        path = blog.post_url_format.format(
            categories="/".join(categories),
            date=_format_date(created, blog.post_url_date_format, self.locale),
            file=_stem(src),
            slug=slug,
        )
        path = posixpath.normpath(path.strip("/"))
        src_uri = posixpath.join(blog.blog_dir, f"{path}.md")
        origin = "rule: mkdocs material blog post_url_format"
        if self.version_prefix:
            origin += f" (mike version {self.version_prefix}/)"
        return self._public(self.page_url(posixpath.normpath(src_uri))), origin

    def _slug(self, slugify: Slugify | None, text: str, separator: str, kind: str) -> str:
        """`slugify(text, separator)`; the site's own function failing falls back to the
        default (reported once)."""
        try:
            return str((slugify or _default_slugify())(text, separator))
        except Exception as exc:  # the site's own slugify function
            key = f"plugins.blog.{kind or 'categories'}_slugify"
            if not any(key in p.message for p in self.problems):
                self._warn(f"{key}: failed on {text!r} ({exc}); using Material's default")
            return _default_slugify()(text, separator)

    def title_of(self, facts: SourceFacts) -> str | None:
        """MkDocs' page title: `title:`, a first-line `# Heading`, else the file name."""
        front, body = _read_post(facts.path)
        return _page_title(front, body, facts.path)

    def page_url(self, src_uri: str) -> str:
        """MkDocs' URL of a documentation page, relative to `site_url` (`File.url`)."""
        parent, _ = posixpath.split(src_uri)
        name = _stem(src_uri)
        if not self.use_directory_urls or name == "index":
            dest = posixpath.join(parent, name + ".html")
        else:
            dest = posixpath.join(parent, name, "index.html")
        dirname, filename = posixpath.split(dest)
        if self.use_directory_urls and filename == "index.html":
            dest = (dirname or ".") + "/"
        return quote(dest)

    def _public(self, url: str) -> str:
        if not self.base_url:
            return urljoin("/", url)
        return urljoin(self.base_url + "/", url)


def _stem(src_uri: str) -> str:
    """MkDocs' `File.name`: the file name without extension, README as index."""
    stem = posixpath.splitext(posixpath.basename(src_uri))[0]
    return "index" if stem == "README" else stem


def _exclude_spec(value: Any) -> Any:
    """`exclude_docs` (gitignore lines) as MkDocs matches it, after its `.*` and `/templates/`."""
    import pathspec

    lines = [".*", "/templates/"]
    if isinstance(value, str):
        lines += value.splitlines()
    elif isinstance(value, list):
        lines += [str(v) for v in value]
    return pathspec.GitIgnoreSpec.from_lines(lines)


def _read_post(path: Path) -> tuple[dict[str, Any], str]:
    """A post's front matter (YAML, keys as written) and body, read as the blog plugin does."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return {}, ""
    match = YAML_RE.match(text)
    if not match:
        return {}, text
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except (yaml.YAMLError, ValueError):  # ValueError: an impossible date
        meta = {}
    return (meta if isinstance(meta, dict) else {}), text[match.end() :].lstrip("\n")


def _created(front: Mapping[str, Any]) -> datetime | None:
    """`date` or `date.created`, as Material's `PostDate` normalises it (naive means UTC)."""
    value = front.get("date")
    if isinstance(value, Mapping):
        value = value.get("created")
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime.combine(value, time(), tzinfo=UTC)
    return None


def _is_draft(blog: Blog, front: Mapping[str, Any]) -> bool:
    """Material's `_is_excluded`: drafts are left out unless the plugin renders them."""
    if blog.draft:
        return False
    draft = front.get("draft")
    if not isinstance(draft, bool):
        created = _created(front)
        return bool(blog.draft_if_future_date and created and created > datetime.now(UTC))
    return draft


def _page_title(front: Mapping[str, Any], body: str, path: Path) -> str:
    """MkDocs' `Page.title` before rendering: `title:`, else a first line `# Heading`, else
    the file name."""
    if "title" in front:
        return str(front["title"])
    for line in body.split("\n"):
        line = line.strip()
        if not line:
            continue
        if line.startswith("# "):
            return line.lstrip("# ")
        break
    title = _stem(path.name).replace("-", " ").replace("_", " ")
    return title.capitalize() if title.lower() == title else title


def _as_list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)] if value else []


def _format_date(when: datetime, pattern: str, locale: str) -> str:
    """The blog plugin's `_format_date`: Babel's named formats or a Babel pattern."""
    from babel.core import Locale, UnknownLocaleError
    from babel.dates import format_date, format_datetime

    try:
        Locale.parse(locale)
    except (UnknownLocaleError, ValueError):
        locale = "en"
    if pattern in ("full", "long", "medium", "short"):
        return format_date(when, format=pattern, locale=locale)
    return format_datetime(when, format=pattern, locale=locale)


def _mike_prefix(
    root: Path, config: Mapping[str, Any], plugins: Mapping[str, dict[str, Any]]
) -> str | None:
    """The version folder of the public site when it is versioned with mike, else None."""
    extra = config.get("extra") if isinstance(config.get("extra"), Mapping) else {}
    version = extra.get("version") if isinstance(extra.get("version"), Mapping) else {}
    if "mike" not in plugins and version.get("provider") != "mike":
        return None
    canonical = plugins.get("mike", {}).get("canonical_version")
    if isinstance(canonical, str) and canonical:
        return canonical
    default = version.get("default")
    if isinstance(default, list):
        default = default[0] if default else None
    if isinstance(default, str) and default:
        return default
    site_dir = str(config.get("site_dir") or "site")
    for built in (root / "gh-pages", root / site_dir, root):
        versions = built / "versions.json"
        if versions.is_file():
            try:
                entries = json.loads(versions.read_text(encoding="utf-8"))
                newest = entries[0]
                aliases = [str(a) for a in newest.get("aliases") or []]
                return "latest" if "latest" in aliases else (aliases or [newest["version"]])[0]
            except (OSError, ValueError, LookupError, TypeError, AttributeError):
                continue
    return "latest"


@register("mkdocs")
def detect(folder: Path, problems: Problems) -> MkDocsSite | None:
    """`folder` holds `mkdocs.yml` (or exactly one `mkdocs-*.yml`): its MkDocs site."""
    config_file = roots.mkdocs_config(folder)
    return MkDocsSite.load(config_file, problems) if config_file else None
