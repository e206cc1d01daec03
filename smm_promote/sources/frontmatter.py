"""Markdown/HTML files with YAML (`---`) or TOML (`+++`) front matter.

Jekyll, Hugo, Eleventy, Astro, Zola and MkDocs Material blog posts all look like this.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from typing import Any

import frontmatter
import yaml
from frontmatter.default_handlers import BaseHandler, YAMLHandler

from smm_promote.errors import SourceError

_YAML_START = re.compile(r"\A---[ \t]*\r?\n")
_TOML_START = re.compile(r"\A\+\+\+[ \t]*\r?\n")


class _TomlHandler(BaseHandler):
    """TOML front matter through the standard library's tomllib."""

    FM_BOUNDARY = re.compile(r"^\+{3}\s*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "+++"

    def load(self, fm: str, **kwargs: object) -> Any:
        return tomllib.loads(fm)

    def export(self, metadata: dict[str, object], **kwargs: object) -> str:  # pragma: no cover
        raise NotImplementedError


def has_front_matter(text: str) -> bool:
    return bool(_YAML_START.match(text) or _TOML_START.match(text))


def split(text: str, where: str) -> tuple[dict[str, Any], str]:
    """(metadata, body) of a front-matter file; `SourceError` with the line for broken syntax."""
    handler = _TomlHandler() if _TOML_START.match(text) else YAMLHandler()
    try:
        metadata, body = frontmatter.parse(text, handler=handler)
    except yaml.YAMLError as exc:
        # The parsed block starts with the newline after `---`, so mark lines are file lines.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise SourceError(where, f"broken YAML front matter: {problem}", line) from None
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = int(match[1]) + 1 if match else None
        raise SourceError(where, f"broken TOML front matter: {exc}", line) from None
    if not isinstance(metadata, Mapping):
        raise SourceError(where, "front matter is not a mapping of keys to values", 2)
    return dict(metadata), body
