"""Helpers for the generator site tests: write a small site, read a file's facts."""

from __future__ import annotations

import tomllib
from pathlib import Path

import frontmatter as pyfrontmatter

from smm_promote.errors import Problems
from smm_promote.sites.base import Site, SourceFacts, find_site
from smm_promote.sources import walk
from smm_promote.sources.fields import lower_keys


def write(root: Path, files: dict[str, str]) -> Path:
    """Write `files` (relative path -> text) under `root`; returns `root`."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / ".git").mkdir(exist_ok=True)  # the repository root: find_site stops here
    return root


def meta_of(path: Path) -> dict:
    """Lower-cased front matter: TOML between `+++` lines, else YAML after a line of three
    or more dashes (Hugo and Jekyll accept `------` as the opening line too)."""
    text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    if text.startswith("+++"):
        return lower_keys(tomllib.loads(text.split("+++", 2)[1]))
    if text.startswith("---"):
        return lower_keys(pyfrontmatter.loads(text).metadata)
    return {}


def facts(path: Path, **meta) -> SourceFacts:
    data = meta_of(path) if path.is_file() else {}
    data.update(meta)
    return SourceFacts(path=path, meta=data, title=str(data.get("title", "")), date=None)


def site_of(folder: Path) -> tuple[Site, Problems]:
    problems = Problems()
    return find_site(folder, problems), problems


def urls(folder: Path, site: Site | None = None) -> tuple[dict[str, str], dict[str, str]]:
    """({file relative to folder: URL} of the posts, {file: reason} of the files skipped)."""
    site = site or site_of(folder)[0]
    posts, skipped = {}, {}
    for path in walk(folder):
        rel = path.relative_to(folder).as_posix()
        meta = meta_of(path) if path.suffix in {".md", ".markdown", ".html"} else {}
        reason = site.skip_reason(path, meta)
        if reason:
            skipped[rel] = reason
            continue
        found = site.url(facts(path))
        assert found is not None, rel
        posts[rel] = found[0]
    return posts, skipped


def read_urls(folder: Path) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """Through `read_source` (what `smm-promote posts FOLDER` does, with an empty config):
    ({file: URL} of the posts read, {file: origin}, the problems' text). A corpus folder is
    read once per test process (`plain_reading`)."""
    from tests.corpus_support import plain_reading

    reading, problems = plain_reading(folder)
    found = {Path(p.source).relative_to(folder).as_posix(): p for p in reading.posts}
    return (
        {rel: post.url for rel, post in found.items()},
        {rel: post.url_origin for rel, post in found.items()},
        [str(p) for p in problems],
    )
