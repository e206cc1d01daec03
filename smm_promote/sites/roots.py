"""Which files make a folder a generator's site root, known without the generator's module.

`base.find_site` asks each folder it looks at whether it may be each generator's root: only
a generator whose config file is there has its module imported (with what that imports: the
YAML, TOML and JavaScript config readers, the field parsers) and its `detect` run. The
generator modules take their config file names from here, so the two cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

#: The suffixes of the config files `configfile` reads (Hugo takes any of them).
CONFIG_SUFFIXES = (".toml", ".yaml", ".yml", ".json")
#: Config file names Pelican sites use, in the order tried (`pelican -s FILE`).
PELICAN_FILES = ("publishconf.py", "pelicanconf.py", "pelican.conf.py")
MKDOCS_FILES = ("mkdocs.yml", "mkdocs.yaml")
#: Hugo's root config file names, each with any of `CONFIG_SUFFIXES`.
HUGO_STEMS = ("hugo", "config")
ZOLA_FILES = ("config.toml", "zola.toml")
JEKYLL_FILES = ("_config.yml", "_config.yaml", "_config.toml")
ELEVENTY_FILES = (
    ".eleventy.js",
    "eleventy.config.js",
    "eleventy.config.mjs",
    "eleventy.config.cjs",
)
DOCUSAURUS_FILES = tuple(
    f"docusaurus.config.{ext}" for ext in ("js", "ts", "mjs", "mts", "cjs", "cts")
)


def mkdocs_config(folder: Path) -> Path | None:
    """`folder`'s `mkdocs.yml` (or its only `mkdocs-*.yml`), if any."""
    for name in MKDOCS_FILES:
        if (folder / name).is_file():
            return folder / name
    others = sorted(p for p in folder.glob("mkdocs-*.y*ml") if p.suffix in (".yml", ".yaml"))
    return others[0] if len(others) == 1 else None


def hugo_config(folder: Path) -> tuple[list[Path], Path | None]:
    """Hugo config files in `folder`: (the config directory's files, the root config file)."""
    directory: list[Path] = []
    for env in ("_default", "production"):
        sub = folder / "config" / env
        if sub.is_dir() and (folder / "config" / "_default").is_dir():
            directory.extend(
                sorted(p for p in sub.iterdir() if p.suffix in CONFIG_SUFFIXES and p.is_file())
            )
    for name in HUGO_STEMS:
        for suffix in CONFIG_SUFFIXES:
            candidate = folder / f"{name}{suffix}"
            if candidate.is_file():
                return directory, candidate
    return directory, None


def _holds(names: tuple[str, ...]) -> Callable[[Path], bool]:
    """Whether a folder holds a file of one of `names`."""
    return lambda folder: any((folder / name).is_file() for name in names)


def _hugo_root(folder: Path) -> bool:
    directory, root_file = hugo_config(folder)
    return bool(directory) or root_file is not None


#: The generators in the order `find_site` tries them, each with whether a folder may be its
#: site root: none is unless a config file of it is there (its `detect` then decides).
ROOTS: tuple[tuple[str, Callable[[Path], bool]], ...] = (
    ("pelican", _holds(PELICAN_FILES)),
    ("mkdocs", lambda folder: mkdocs_config(folder) is not None),
    ("hugo", _hugo_root),
    ("zola", _holds(ZOLA_FILES)),
    ("jekyll", _holds(JEKYLL_FILES)),
    ("eleventy", _holds(ELEVENTY_FILES)),
    ("docusaurus", _holds(DOCUSAURUS_FILES)),
)
