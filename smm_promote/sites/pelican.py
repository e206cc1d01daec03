"""Pelican: `pelicanconf.py` (or `publishconf.py`) read through Pelican's own settings loader,
and Pelican's own classes deciding articles, pages and static files, slugs and URLs.

`publishconf.py` is preferred when it sits beside `pelicanconf.py`: it is the file Pelican
sites keep their public `SITEURL` in (`make publish`), and a promoter wants public links.
A config file that raises falls back to the next one (publishconf -> pelicanconf); imports
of modules that are not installed (a theme or plugin package) get stand-ins so the file's
settings can still be read, with a warning naming the file and the modules.
"""

from __future__ import annotations

import contextlib
import importlib.abc
import importlib.machinery
import locale
import logging
import os
import sys
import types
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from smm_promote.errors import Problems
from smm_promote.sites import roots
from smm_promote.sites.base import Site, SourceFacts, register
from smm_promote.sites.look import pelican_look

CONFIG_FILES = roots.PELICAN_FILES
#: Settings that only shape templates or need the locale: neutralised while reading.
_NEUTRAL = {"DATE_FORMATS": {}, "LOCALE": [""], "TYPOGRIFY": False, "CACHE_CONTENT": False}


@register("pelican")
def detect(folder: Path, problems: Problems) -> Site | None:
    """A `PelicanSite` when `folder` holds a Pelican config file."""
    files = [folder / name for name in CONFIG_FILES if (folder / name).is_file()]
    if not files:
        return None
    if files[0].name == "publishconf.py" and len(files) == 1:
        return None  # a publishconf.py alone is no Pelican site root
    for file in files:
        settings = load_settings(file, problems)
        if settings is not None:
            return PelicanSite.from_settings(folder, file, settings)
    site = PelicanSite(root=folder, content=folder, config_file=files[-1], generator="pelican")
    site.notes.append(f"{files[-1]}: no Pelican settings could be read; generic rules apply")
    problems.add(str(files[-1]), "no Pelican settings could be read: generic URL rules apply")
    return site


def load_settings(path: Path, problems: Problems) -> dict[str, Any] | None:
    """The file's settings through Pelican's loader, or None (with a warning) when it fails."""
    try:
        from pelican.settings import DEFAULT_THEME, get_settings_from_file, read_settings
    except ImportError:
        problems.add(str(path), "Pelican is not installed (pip install pelican): generic rules")
        return None
    root = path.parent
    with _soft_imports(path) as missing, _pelican_log(path, problems), _on_path(root):
        try:
            raw = get_settings_from_file(str(path))
        except BaseException as exc:  # a config file can raise anything, SystemExit included
            if isinstance(exc, KeyboardInterrupt):
                raise
            problems.add(str(path), f"running it failed ({type(exc).__name__}: {exc})")
            return None
    if missing:
        names = ", ".join(sorted(missing))
        problems.add(
            str(path), f"imports modules that are not installed ({names}): read with stand-ins"
        )
    given = raw.get("PATH")
    if isinstance(given, str) and given:
        content = Path(given) if Path(given).is_absolute() else root / given
    else:
        content = root / "content" if (root / "content").is_dir() else root
    raw["PATH"] = str(content.resolve())
    if not raw.get("TIMEZONE"):  # none set: smm-promote.toml's applies (no Pelican warning)
        raw["TIMEZONE"], raw["_NO_TIMEZONE"] = "UTC", True
    raw["LOCALE"] = [locale.setlocale(locale.LC_ALL)]  # keep the process's locale as it is
    theme = raw.get("THEME")
    if not isinstance(theme, str) or not (root / theme).is_dir():
        raw["THEME"] = DEFAULT_THEME
    try:
        with _pelican_log(path, problems):
            settings = read_settings(None, override=raw)
    except Exception as exc:
        problems.add(str(path), f"Pelican rejects these settings ({exc})")
        return None
    settings.update(_NEUTRAL)
    settings["_SOURCE"] = str(path)
    return settings


@dataclass
class PelicanSite(Site):
    """A Pelican site: articles, pages and static files as its settings define them."""

    generator: str = "pelican"
    base_url_key: ClassVar[str] = "SITEURL"
    settings: dict[str, Any] = field(default_factory=dict)
    _files: dict[str, set[str]] = field(default_factory=dict)
    _objects: dict[Path, Any] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, root: Path, file: Path, settings: dict[str, Any]) -> PelicanSite:
        base = str(settings.get("SITEURL") or "").rstrip("/")
        site = cls(
            root=root,
            content=Path(settings["PATH"]),
            config_file=file,
            base_url=base,
            timezone=None if settings.get("_NO_TIMEZONE") else settings.get("TIMEZONE"),
            lang=settings.get("DEFAULT_LANG") or None,
            generator="pelican",
            settings=settings,
        )
        site._files = site._classify()
        site.look = pelican_look(settings, root)
        return site

    # -- which files are articles -------------------------------------------------------

    def _classify(self) -> dict[str, set[str]]:
        """Relative paths of articles, pages and static files, by Pelican's own walk."""
        from pelican.generators import Generator
        from pelican.readers import Readers

        s = self.settings
        walker = types.SimpleNamespace(path=s["PATH"], settings=s, readers=Readers(s))
        walker._include_path = partial(Generator._include_path, walker)

        def files(paths: Any, exclude: Any, **kw: Any) -> set[str]:
            found = Generator.get_files(walker, paths, exclude=exclude, **kw)
            return {os.path.normpath(f) for f in found}

        return {
            "article": files(s["ARTICLE_PATHS"], s["ARTICLE_EXCLUDES"]),
            "page": files(s["PAGE_PATHS"], s["PAGE_EXCLUDES"]),
            "static": files(s["STATIC_PATHS"], s["STATIC_EXCLUDES"], extensions=False),
        }

    def _relative(self, path: Path) -> str | None:
        try:
            return os.path.normpath(os.path.relpath(path.resolve(), self.settings["PATH"]))
        except ValueError:
            return None

    def skip_reason(self, path: Path, meta: Mapping[str, Any]) -> str | None:
        if not self.settings:
            return None
        rel = self._relative(path)
        if rel is None or rel.startswith(".."):
            return "outside Pelican's PATH"
        if rel in self._files["article"]:
            obj = self._object(path, meta)
            for prop in ("title", "date"):
                if not hasattr(obj, prop):
                    return f"Pelican skips it: no {prop}"
            if not obj.save_as:
                return "Pelican writes no page for it (empty ARTICLE_SAVE_AS)"
            return None
        if rel in self._files["page"]:
            return "Pelican page (PAGE_PATHS)"
        if rel in self._files["static"]:
            return "Pelican static file (STATIC_PATHS)"
        return "not Pelican content (outside ARTICLE_PATHS, or no reader for its extension)"

    # -- one article as Pelican sees it ---------------------------------------------------

    def _object(self, path: Path, meta: Mapping[str, Any], title: str | None = None) -> Any:
        """Pelican's `Article` for `path` with `meta` (cached per file)."""
        key = path.resolve()
        if key in self._objects:
            return self._objects[key]
        from pelican.contents import Article
        from pelican.readers import (
            BaseReader,
            default_metadata,
            parse_path_metadata,
            path_metadata,
        )

        s = self.settings
        process = BaseReader(s).process_metadata
        source = os.path.relpath(key, s["PATH"]).replace(os.sep, "/")
        data = default_metadata(settings=s, process=process)
        data.update(path_metadata(full_path=str(key), source_path=source, settings=s))
        data.update(parse_path_metadata(source_path=source, settings=s, process=process))
        if data.get("date") is not None and s.get("DEFAULT_DATE") == "fs":
            data["date"] = data["modified"] = _file_time(key)
        for name, value in meta.items():
            plain = _plain(value)
            if plain is None:
                continue
            if name in ("date", "modified"):
                data[name] = _as_datetime(plain, process, name)
            elif isinstance(plain, str):
                data[name] = process(name, plain)
            else:
                data[name] = plain
        data = {k: v for k, v in data.items() if v is not None and not _discarded(v)}
        if title and "title" not in data:
            data["title"] = title
        obj = Article(content="", metadata=data, settings=s, source_path=str(key), context={})
        self._objects[key] = obj
        return obj

    def url(self, facts: SourceFacts) -> tuple[str, str] | None:
        if not self.settings:
            return None
        obj = self._object(facts.path, facts.meta, facts.title)
        subsite = self._subsite(obj)
        if subsite is not None:
            sub_settings, base = subsite
            from pelican.contents import Article

            sub = Article(
                content="", metadata=obj.metadata, settings=sub_settings,
                source_path=obj.source_path, context={},
            )  # fmt: skip
            return _join(base, sub.url), "rule: pelican i18n_subsites + ARTICLE_URL"
        setting = "ARTICLE_URL" if obj.in_default_lang else "ARTICLE_LANG_URL"
        if hasattr(obj, "override_url"):
            setting = "url metadata"
        return _join(self.base_url, obj.url), f"rule: pelican {setting}"

    def slug_of(self, facts: SourceFacts) -> str | None:
        """The slug Pelican gives the article (`slug` metadata, else `SLUGIFY_SOURCE`)."""
        if not self.settings:
            return None
        slug = getattr(self._object(facts.path, facts.meta, facts.title), "slug", None)
        return str(slug) if slug else None

    def _subsite(self, obj: Any) -> tuple[dict[str, Any], str] | None:
        """(settings, SITEURL) of the i18n_subsites subsite that publishes `obj`, if any."""
        s = self.settings
        subsites = s.get("I18N_SUBSITES") or {}
        lang = getattr(obj, "lang", None)
        if obj.in_default_lang or lang not in subsites or not _uses_plugin(s, "i18n_subsites"):
            return None
        overrides = dict(subsites[lang])
        base = str(overrides.get("SITEURL") or f"{self.base_url}/{lang}").rstrip("/")
        sub = {**s, **overrides, "DEFAULT_LANG": lang, "SITEURL": base, **_NEUTRAL}
        return sub, base

    def lang_of(self, facts: SourceFacts) -> str | None:
        if not self.settings:
            return facts.lang or self.lang
        obj = self._object(facts.path, facts.meta, facts.title)
        return getattr(obj, "lang", None) or facts.lang or self.lang

    def translation_key(self, facts: SourceFacts) -> str | None:
        """An explicit `translation_id` field (the i18n plugins' convention), else the
        attributes named by `ARTICLE_TRANSLATION_ID` (Pelican's default: the slug)."""
        explicit = facts.meta.get("translation_id")
        if explicit not in (None, ""):
            return f"translation_id\x1f{explicit}"
        ids = self.settings.get("ARTICLE_TRANSLATION_ID") if self.settings else None
        if not ids:
            return None
        obj = self._object(facts.path, facts.meta, facts.title)
        names = [ids] if isinstance(ids, str) else list(ids)
        values = [getattr(obj, name, None) for name in names]
        if any(v in (None, "") for v in values):
            return None
        return "\x1f".join(str(v) for v in values)

    def path_meta(self, path: Path) -> dict[str, Any]:
        """Metadata Pelican gives a file before its own: `DEFAULT_METADATA`, a set
        `DEFAULT_CATEGORY`, `FILENAME_METADATA`/`PATH_METADATA` groups, `EXTRA_PATH_METADATA`
        and `DEFAULT_DATE` ('fs': the file's modification time, never in the future)."""
        if not self.settings:
            return {}
        from pelican.readers import default_metadata, parse_path_metadata, path_metadata
        from pelican.settings import DEFAULT_CONFIG

        s = self.settings
        key = path.resolve()
        source = os.path.relpath(key, s["PATH"]).replace(os.sep, "/")
        data: dict[str, Any] = default_metadata(settings=s)
        if data.get("category") == DEFAULT_CONFIG["DEFAULT_CATEGORY"]:
            data.pop("category")  # Pelican's placeholder, not the author's category
        data.update(path_metadata(full_path=str(key), source_path=source, settings=s))
        if s.get("DEFAULT_DATE") == "fs":
            data["date"] = data["modified"] = _file_time(key)
        data.update(parse_path_metadata(source_path=source, settings=s))
        return {k: _plain(v) for k, v in data.items() if _plain(v) is not None}


def _file_time(path: Path) -> datetime:
    """The file's modification time as an aware instant, at most now."""
    return min(datetime.fromtimestamp(path.stat().st_mtime, UTC), datetime.now(UTC))


def _plain(value: Any) -> Any:
    """Metadata as plain values (Pelican's `Tag`/`Category`/`Author` wrappers by name)."""
    if value is None:
        return None
    if hasattr(value, "slug") and hasattr(value, "name") and not isinstance(value, str):
        return str(value.name)
    if isinstance(value, list | tuple):
        items = [_plain(v) for v in value]
        if all(isinstance(v, str) for v in items):
            return ", ".join(items) if items else None
        return items
    return value


def _as_datetime(value: Any, process: Any, name: str) -> Any:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time())
    return process(name, str(value))


def _discarded(value: Any) -> bool:
    from pelican.readers import _DISCARD

    return value is _DISCARD


def _join(base: str, url: str) -> str:
    if url.startswith(("http://", "https://", "//")):
        return url
    return f"{base.rstrip('/')}/{url.lstrip('/')}"


def _uses_plugin(settings: Mapping[str, Any], name: str) -> bool:
    for plugin in settings.get("PLUGINS") or ():
        label = plugin if isinstance(plugin, str) else getattr(plugin, "__name__", "")
        if str(label).rsplit(".", 1)[-1] == name:
            return True
    return False


# -- running a config file safely ------------------------------------------------------


class _StandIn(str):
    """What a missing module's attributes become: an empty string one can call and index."""

    def __call__(self, *args: Any, **kwargs: Any) -> _StandIn:
        return _StandIn("")

    def __getattr__(self, name: str) -> _StandIn:
        if name.startswith("__"):
            raise AttributeError(name)
        return _StandIn("")


class _StandInModule(types.ModuleType):
    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return _StandIn("")


class _StandInFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Last on `sys.meta_path`: modules no other finder has, imported from `config`, load
    as stand-ins (their names are recorded)."""

    def __init__(self, config: Path) -> None:
        self.config = str(config.resolve())
        self.missing: set[str] = set()

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
        frame = sys._getframe(1)
        while frame is not None:
            if frame.f_code.co_filename == self.config:
                self.missing.add(fullname.split(".")[0])
                return importlib.machinery.ModuleSpec(fullname, self, is_package=True)
            frame = frame.f_back
        return None

    def create_module(self, spec: Any) -> types.ModuleType:
        module = _StandInModule(spec.name)
        module.__path__ = []
        return module

    def exec_module(self, module: types.ModuleType) -> None:
        return None


@contextlib.contextmanager
def _soft_imports(config: Path) -> Iterator[set[str]]:
    """Run with missing imports of `config` turned into stand-ins; yields their names."""
    import pelican.contents
    import pelican.readers  # noqa: F401

    finder = _StandInFinder(config)
    stems = {Path(name).stem for name in CONFIG_FILES} | {config.stem}
    saved = {name: sys.modules.pop(name) for name in list(sys.modules) if name in stems}
    sys.meta_path.append(finder)
    try:
        yield finder.missing
    finally:
        sys.meta_path.remove(finder)
        for name in stems:
            sys.modules.pop(name, None)
        for name in list(sys.modules):
            if isinstance(sys.modules[name], _StandInModule):
                del sys.modules[name]
        sys.modules.update(saved)


@contextlib.contextmanager
def _on_path(folder: Path) -> Iterator[None]:
    """`folder` first on `sys.path` (a publishconf.py does `from pelicanconf import *`)."""
    entry = str(folder.resolve())
    sys.path.insert(0, entry)
    try:
        yield
    finally:
        with contextlib.suppress(ValueError):
            sys.path.remove(entry)


class _Collect(logging.Handler):
    def __init__(self, where: str, problems: Problems) -> None:
        super().__init__(logging.WARNING)
        self.where, self.problems = where, problems

    def emit(self, record: logging.LogRecord) -> None:
        self.problems.add(self.where, f"Pelican: {record.getMessage()}")


@contextlib.contextmanager
def _pelican_log(path: Path, problems: Problems) -> Iterator[None]:
    """Pelican's warnings while loading settings become warnings naming the file."""
    logger = logging.getLogger("pelican")
    handler = _Collect(str(path), problems)
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
