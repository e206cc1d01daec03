"""The site a folder belongs to, kept between runs, so reading a site again with nothing
changed does not load its generator again (Pelican's import, its settings and file walk).

`find_kept` answers as `base.find_site` does. What finding the site gave (its class, root,
content folder, base URL, time zone, language, warnings and a fingerprint of its rules) is
kept in one JSON file with what the finding looked at:

- every folder from the one given up to the site's root, by the names in it (a config file
  that appears is seen);
- every file the generator's loading opened (its config files, the files they include or
  import; a module's compiled bytecode stands for its source), by content;
- every folder it listed (Pelican's walk of its content), by the names in it;
- the environment variables it read, by a digest of their values;
- the folders packages are installed in, by names (an upgraded generator is seen);
- the code and the smm-promote config.

When all of these are as they were, a `KeptSite` answers with the kept facts and loads the
generator's own site only when a question needs its rules (a file read for the first time
or changed since). Anything else misses and the site is found again. Sites found below the
given folder, or none (the generic rules), are not kept: finding them costs little.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterator, Mapping, MutableMapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from smm_promote.atomic import replace_text
from smm_promote.errors import Problems
from smm_promote.memo import code_stamp
from smm_promote.memo import key as memo_key
from smm_promote.runcache import Stamp, Watched
from smm_promote.sites.base import Site, find_site
from smm_promote.sites.look import Look

#: Bump when what a kept site holds changes shape.
FORMAT = 1
#: `Site` fields a `KeptSite` holds itself; the rest come from the generator's site.
FIELDS = ("root", "content", "config_file", "base_url", "timezone", "lang", "generator")
_PATHS = {"root", "content", "config_file"}


def find_kept(content: Path, problems: Problems, cache_file: Path | None, salt: str) -> Site:
    """The site `content` belongs to (`base.find_site`), kept in `cache_file` under `salt`
    (the smm-promote config, say). Its warnings are added to `problems` as when found."""
    if cache_file is not None:
        facts = _load(cache_file, content, salt)
        if facts is not None:
            problems.extend(_problems(facts))
            return KeptSite(facts, content)
    own = Problems()
    with _recording() as seen:
        site = find_site(content, own)
    problems.extend(own)
    rules = _fingerprint(site)
    start = content.resolve()
    start = start if start.is_dir() else start.parent
    root = site.root.resolve()
    if site.config_file is None or rules is None or (root != start and root not in start.parents):
        return site  # the generic rules, or a site below: found again each time
    for folder in (start, *start.parents):
        seen.folders.add(str(folder))
        if folder == root:
            break
    facts = {
        "class": [type(site).__module__, type(site).__qualname__],
        "fields": {name: _plain(getattr(site, name)) for name in FIELDS},
        "decides_pages": site.decides_pages,
        "base_url_key": site.base_url_key,
        "own_skip_rule": type(site).common_skip_reason is not Site.common_skip_reason,
        "rules": rules,
        "problems": [[p.where, p.message, p.line] for p in own.items],
        "notes": [[p.where, p.message] for p in own.notes],
    }
    kept = KeptSite(facts, content, site)
    if cache_file is not None:
        _save(cache_file, content, salt, facts, seen)
    return kept


class KeptSite(Site):
    """A site as the last run found it: the fields of `FIELDS` (set here, and on the
    generator's site once loaded) and its fingerprint; every rule is the generator's own
    site's, loaded (`find_site`) on the first question only it can answer."""

    def __init__(self, facts: Mapping[str, Any], given: Path, site: Site | None = None):
        fields = facts["fields"]
        self._kept_values = {
            name: Path(fields[name]) if name in _PATHS and fields[name] else fields[name]
            for name in FIELDS
        }
        self._kept_facts = facts
        self._kept_given = given
        self._kept_site = site

    def _site(self) -> Site:
        """The generator's own site, found now if it was not yet, with this one's fields."""
        if self._kept_site is None:
            site = find_site(self._kept_given, Problems())  # its warnings came from the kept
            for name, value in self._kept_values.items():
                setattr(site, name, value)
            self._kept_site = site
        return self._kept_site

    def __getattr__(self, name: str) -> Any:
        if name.startswith(("_kept", "__")):  # copy and pickle ask for these: not the site's
            raise AttributeError(name)
        return getattr(self._site(), name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name.startswith("_kept"):
            object.__setattr__(self, name, value)
            return
        if name in FIELDS:
            self._kept_values[name] = value
            if self._kept_site is None:
                return
        setattr(self._site(), name, value)

    def __repr__(self) -> str:
        return f"KeptSite({self._kept_facts['class'][1]}, root={self._kept_values['root']})"

    def fingerprint(self) -> str:
        """The site's rules: those found, with this site's fields as they are now."""
        values = {name: _plain(value) for name, value in self._kept_values.items()}
        return memo_key("kept", self._kept_facts["rules"], values)

    @property
    def decides_pages(self) -> bool:  # type: ignore[override]
        return bool(self._kept_facts["decides_pages"])

    @property
    def base_url_key(self) -> str:  # type: ignore[override]
        return str(self._kept_facts["base_url_key"])

    @property
    def notes(self) -> list[str]:  # type: ignore[override]
        return self._site().notes

    @property
    def look(self) -> Look:  # type: ignore[override]
        return self._site().look

    def common_skip_reason(self, path: Path, meta: Mapping[str, Any] | None) -> str | None:
        if self._kept_facts["own_skip_rule"]:
            return self._site().common_skip_reason(path, meta)
        return super().common_skip_reason(path, meta)

    def skip_reason(self, path: Path, meta: Mapping[str, Any]) -> str | None:
        return self._site().skip_reason(path, meta)

    def url(self, facts: Any) -> tuple[str, str] | None:
        return self._site().url(facts)

    def slug_of(self, facts: Any) -> str | None:
        return self._site().slug_of(facts)

    def title_of(self, facts: Any) -> str | None:
        return self._site().title_of(facts)

    def lang_of(self, facts: Any) -> str | None:
        return self._site().lang_of(facts)

    def path_meta(self, path: Path) -> dict[str, Any]:
        return self._site().path_meta(path)

    def translation_key(self, facts: Any) -> str | None:
        return self._site().translation_key(facts)


def _field(name: str) -> property:
    """A `FIELDS` field of a `KeptSite`: its own value (kept equal to the loaded site's)."""
    return property(lambda self: self._kept_values[name])


for _name in FIELDS:
    setattr(KeptSite, _name, _field(_name))


def _fingerprint(site: Site) -> str | None:
    from smm_promote.sources.cache import site_fingerprint

    return site_fingerprint(site)


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, Path) else value


def _problems(facts: Mapping[str, Any]) -> Problems:
    found = Problems()
    for where, message, line in facts["problems"]:
        found.add(where, message, line)
    for where, message in facts["notes"]:
        found.note(where, message)
    return found


# -- what finding a site looked at -----------------------------------------------------


class _Seen:
    """Files opened, folders listed and environment variables read while finding a site."""

    def __init__(self) -> None:
        self.files: set[str] = set()
        self.folders: set[str] = set()
        self.env: set[str] = set()

    def watched(self) -> Watched:
        watched = Watched()
        for folder in sorted({f for f in self.folders if not _own(f)} | {*_package_folders()}):
            watched.see(folder, by_content=True)
        for path in sorted(self.files):
            if not _own(path):
                watched.see(path, by_content=True)
        return watched


_WRITES = os.O_WRONLY | os.O_RDWR | os.O_CREAT
_current: _Seen | None = None
_hooked = False


def _hook(event: str, args: tuple[Any, ...]) -> None:
    seen = _current
    if seen is None:
        return
    if event == "open":
        path, mode, flags = args
        writes = flags & _WRITES if mode is None else any(c in mode for c in "wax+")
        if isinstance(path, str | os.PathLike) and not writes:
            seen.files.add(_source_of(os.path.abspath(path)))
    elif event in ("os.listdir", "os.scandir"):
        path = args[0] if args[0] is not None else "."
        if isinstance(path, str | os.PathLike):
            seen.folders.add(os.path.abspath(path))


def _source_of(path: str) -> str:
    """A compiled module's source (what its bytecode was made from), else `path`."""
    if "__pycache__" in path and path.endswith(".pyc"):
        from importlib.util import source_from_cache

        try:
            return source_from_cache(path)
        except ValueError:
            pass
    return path


class _ReadEnviron(MutableMapping[str, str]):
    """`os.environ`, recording the names read (all of them when it is iterated)."""

    def __init__(self, environ: MutableMapping[str, str], names: set[str]) -> None:
        self._environ, self._names = environ, names

    def __getitem__(self, name: str) -> str:
        self._names.add(name)
        return self._environ[name]

    def __contains__(self, name: object) -> bool:
        self._names.add(str(name))
        return name in self._environ

    def __iter__(self) -> Iterator[str]:
        self._names.update(self._environ)
        return iter(self._environ)

    def __len__(self) -> int:
        return len(self._environ)

    def __setitem__(self, name: str, value: str) -> None:
        self._environ[name] = value

    def __delitem__(self, name: str) -> None:
        del self._environ[name]

    def copy(self) -> dict[str, str]:
        return dict(self)


@contextmanager
def _recording() -> Iterator[_Seen]:
    """What the code run inside opens, lists and reads of the environment (`_Seen`)."""
    global _current, _hooked
    if not _hooked:
        sys.addaudithook(_hook)
        _hooked = True
    seen, outer, environ = _Seen(), _current, os.environ
    _current = seen
    os.environ = _ReadEnviron(environ, seen.env)  # type: ignore[assignment]  # noqa: B003
    try:
        yield seen
    finally:
        os.environ = environ  # type: ignore[assignment]  # noqa: B003
        _current = outer


def _package_folders() -> list[str]:
    """The folders on the import path packages are installed in."""
    return [p for p in sys.path if os.path.basename(p) in ("site-packages", "dist-packages")]


def _own(path: str) -> bool:
    """Files of the Python installation, of installed packages and of this package are
    watched otherwise (`_package_folders`, the code's stamp)."""
    prefixes = {sys.prefix, sys.base_prefix, sys.exec_prefix, *_package_folders()}
    prefixes.add(str(Path(__file__).resolve().parents[1]))
    return any(path == p or path.startswith(p.rstrip(os.sep) + os.sep) for p in prefixes)


# -- the file ----------------------------------------------------------------------------


def _key(content: Path, salt: str) -> str:
    return memo_key(FORMAT, code_stamp(), salt, str(content.resolve()))


def _env_digest(name: str) -> str | None:
    value = os.environ.get(name)
    return None if value is None else hashlib.sha256(value.encode()).hexdigest()[:16]


def _save(path: Path, content: Path, salt: str, facts: dict[str, Any], seen: _Seen) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)  # before the folders' names are taken
    except OSError:
        return
    payload = {
        "key": _key(content, salt),
        "watched": seen.watched().files,
        "env": {name: _env_digest(name) for name in sorted(seen.env)},
        "facts": facts,
    }
    with suppress(OSError):  # a cache is only ever a shortcut
        replace_text(path, json.dumps(payload, ensure_ascii=False), prefix=".site-")


def _load(path: Path, content: Path, salt: str) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("key") != _key(content, salt):
            return None
        files: dict[str, Stamp] = {
            name: tuple(value) if value else None for name, value in data["watched"].items()
        }
        if not Watched(files).unchanged():
            return None
        if any(_env_digest(name) != digest for name, digest in data["env"].items()):
            return None
        facts = data["facts"]
        return facts if isinstance(facts, dict) else None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # absent or damaged: a cache is only ever a shortcut
