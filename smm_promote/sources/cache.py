"""The posts read from each file, kept between runs, so reading a site again costs only what
changed (`plan` with nothing new reads no post file again).

A file's entry is keyed by its bytes (SHA-256) and path, and by the names, sizes and times of
the files its site's rules may read beside it: in its folder and every folder up to the site
root, the files that are no posts (`.meta.yml`, `.authors.yml`, directory data, `_category_`
files) and the section indexes (`_index.md`). The whole cache is salted with the code, the
config (with the site's settings filled in) and the site's rules as its generator config
gave them; any change there reads every file again. Values live in
`<output>/cache/reading-<source>.json` (`smm_promote.memo.Memo`, which replays each file's
warnings and drops the entries of files that are gone). A kept post whose image file is gone
is read again.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from smm_promote.errors import Problems
from smm_promote.memo import Memo, code_stamp, key
from smm_promote.model import Post, post_data, post_from_data
from smm_promote.sites.base import Site
from smm_promote.sources import FileReading

if TYPE_CHECKING:
    from smm_promote.config import Config


class ReadingCache:
    """Per-file readings of one source folder, kept in `path` (None: nothing kept)."""

    def __init__(
        self, path: Path | None, config: Config, site: Site, is_post: Callable[[Path], bool]
    ):
        rules = site_fingerprint(site)
        self.memo = Memo(
            path if rules is not None else None, key(code_stamp(), config.model_dump_json(), rules)
        )
        self.root = site.root.resolve()
        self.is_post = is_post
        self._folders: dict[Path, list[Any]] = {}
        self._resolved: dict[Path, Path] = {}

    def get(
        self, path: Path, data: bytes, read: Callable[[Problems], FileReading], problems: Problems
    ) -> FileReading:
        """The reading of `path` (whose bytes are `data`): kept, or `read(problems)` now."""
        entry = key("read", str(path), hashlib.sha256(data).hexdigest(), self._context(path.parent))
        return self.memo.get(entry, read, problems, dump=_dump, load=_load)

    def save(self) -> None:
        self.memo.save()

    def _context(self, folder: Path) -> list[Any]:
        """Names, sizes and times of the files beside `folder`'s posts that rules may read,
        in `folder` and each parent up to the site root."""
        chain = []
        if folder not in self._resolved:
            self._resolved[folder] = folder.resolve()
        current = self._resolved[folder]
        while True:
            chain.append(self._stamp(current))
            if current == self.root or self.root not in current.parents:
                return chain
            current = current.parent

    def _stamp(self, folder: Path) -> list[Any]:
        if folder not in self._folders:
            found: list[Any] = [str(folder)]
            try:
                with os.scandir(folder) as entries:
                    for entry in sorted(entries, key=lambda e: e.name):
                        if not entry.is_file() or (
                            self.is_post(Path(entry.name)) and not entry.name.startswith("_")
                        ):
                            continue
                        stat = entry.stat()
                        found.append((entry.name, stat.st_size, stat.st_mtime_ns))
            except OSError:
                pass
            self._folders[folder] = found
        return self._folders[folder]


def site_fingerprint(site: Site) -> str | None:
    """The site's rules as plain data (its generator config as read), or None when some part
    has no stable form (then nothing is kept)."""
    from smm_promote.sites.kept import KeptSite

    if isinstance(site, KeptSite):
        return site.fingerprint()
    try:
        return key(type(site).__qualname__, _plain(vars(site), 0))
    except _Unstable:
        return None


class _Unstable(Exception):
    pass


def _plain(value: Any, depth: int) -> Any:
    if depth > 12:
        raise _Unstable
    depth += 1
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, Mapping):
        return sorted((str(k), _plain(v, depth)) for k, v in value.items())
    if isinstance(value, list | tuple):
        return [_plain(v, depth) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(repr(_plain(v, depth)) for v in value)
    if isinstance(value, re.Pattern):
        return [value.pattern, value.flags]
    if isinstance(value, functools.partial):
        return [_plain(value.func, depth), _plain(value.args, depth), _plain(value.keywords, depth)]
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', '')}.{value.__qualname__}"
    if dataclasses.is_dataclass(value) or hasattr(value, "__dict__"):
        return [type(value).__qualname__, _plain(vars(value), depth)]
    text = repr(value)
    if " at 0x" in text:
        raise _Unstable
    return text


# --- posts as JSON -------------------------------------------------------------------------


def _dump(reading: FileReading) -> dict[str, Any]:
    return {
        "posts": [post_data(p) for p in reading.posts],
        "skipped": reading.skipped,
        "key": reading.translation_key,
    }


def _load(data: dict[str, Any]) -> FileReading | None:
    posts = [post_from_data(p) for p in data["posts"]]
    if not all(files_still_there(p) for p in posts):
        return None  # read again
    return FileReading(posts, list(data["skipped"]), data["key"])


def files_still_there(post: Post) -> bool:
    """Whether the local files a kept post names still exist (its image)."""
    return not post.image_file or Path(post.image_file).is_file()
