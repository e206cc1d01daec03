"""Markdown/HTML files with YAML (`---`) or TOML (`+++`) front matter.

Jekyll, Hugo, Eleventy, Astro, Zola and MkDocs Material blog posts all look like this. Most
generators want the delimiter alone on the first line; Hugo's page lexer is looser
(`generator="hugo"`): blank lines may come first, the front matter starts right after the
first three `-` (or `+`), so `------` opens it too, and it ends at the next line that starts
with the same three characters.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import frontmatter
import yaml
from frontmatter.default_handlers import BaseHandler, YAMLHandler

from smm_promote.errors import SourceError

#: Most YAML nodes a front matter may stand for once its aliases are expanded (a "billion
#: laughs" block of a few hundred bytes stands for billions).
MAX_NODES = 20_000

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """YAML's safe loader with two limits: aliases may not expand past `MAX_NODES`, and a
    timestamp that is no real time (2024-02-30, hour 25, `+99:00`) stays the text it is, so
    the field reader reports it by its field instead of the whole read failing."""

    def get_single_data(self) -> Any:
        node = self.get_single_node()
        if node is None:
            return None
        _count_nodes(node)
        return self.construct_document(node)

    def construct_yaml_timestamp(self, node: yaml.Node) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            return self.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


def _count_nodes(root: yaml.Node) -> int:
    """Nodes under `root` with every alias expanded; `yaml.YAMLError` past `MAX_NODES` or
    for an alias that contains itself."""
    sizes: dict[int, int] = {}
    open_: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in open_:
            raise yaml.YAMLError("an alias refers to a node that contains it")
        open_.add(key)
        total = 1
        if isinstance(node, yaml.SequenceNode):
            total += sum(size(item) for item in node.value)
        elif isinstance(node, yaml.MappingNode):
            total += sum(size(k) + size(v) for k, v in node.value)
        if total > MAX_NODES:
            raise yaml.YAMLError(f"aliases expand to more than {MAX_NODES} values (a YAML bomb?)")
        open_.discard(key)
        sizes[key] = total
        return total

    return size(root)


class _YamlHandler(YAMLHandler):
    def load(self, fm: str, **kwargs: object) -> Any:
        return yaml.load(fm, Loader=_Loader)


_YAML_START = re.compile(r"\A---[ \t]*\r?\n")
_TOML_START = re.compile(r"\A\+\+\+[ \t]*\r?\n")


class _BrokenToml(ValueError):
    """tomllib's error for a front matter block, with its message (tomllib loads with the
    first TOML front matter, not with this module)."""


class _TomlHandler(BaseHandler):
    """TOML front matter through the standard library's tomllib."""

    FM_BOUNDARY = re.compile(r"^\+{3}\s*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "+++"

    def load(self, fm: str, **kwargs: object) -> Any:
        import tomllib

        try:
            return tomllib.loads(fm)
        except tomllib.TOMLDecodeError as exc:
            raise _BrokenToml(str(exc)) from None

    def export(self, metadata: dict[str, object], **kwargs: object) -> str:  # pragma: no cover
        raise NotImplementedError


#: Hugo's opener: optional leading blank space, then three `-` or `+` (pagelexer_intro.go).
_HUGO_START = re.compile(r"\A\s*(---|\+\+\+)")


def has_front_matter(text: str, generator: str = "") -> bool:
    """Whether `text` opens with front matter as `generator` (e.g. "hugo") reads it."""
    if generator == "hugo":
        return bool(_HUGO_START.match(text))
    return bool(_YAML_START.match(text) or _TOML_START.match(text))


def _hugo_parse(text: str, handler: BaseHandler) -> tuple[Any, str]:
    """(metadata, body) split as Hugo's page lexer splits them: the front matter runs from
    just after the opening three characters to the next line starting with them."""
    start = _HUGO_START.match(text)
    assert start is not None
    delim, at = start[1], start.end()
    if text.startswith("\n", at):
        at += 1
        search_from = at
    else:
        search_from = text.find("\n", at) + 1
    end = re.compile(rf"^{re.escape(delim)}", re.M).search(text, search_from or len(text))
    if not search_from or end is None:
        raise SourceError("", f"front matter opened with {delim} is never closed", 1)
    # Newlines before the block keep YAML's error lines equal to the file's lines.
    fm = "\n" * text.count("\n", 0, at) + text[at : end.start()]
    body = text[end.end() :]
    body = body[1:] if body.startswith("\n") else body
    return handler.load(fm) if fm.strip() else {}, body


def split(text: str, where: str, generator: str = "") -> tuple[dict[str, Any], str]:
    """(metadata, body) of a front-matter file read as `generator` reads it (see the module
    docstring); `SourceError` with the line for broken syntax."""
    hugo = generator == "hugo"
    start = _HUGO_START.match(text) if hugo else _TOML_START.match(text)
    toml = bool(start and start[0].strip() == "+++")
    handler = _TomlHandler() if toml else _YamlHandler()
    try:
        if hugo:
            metadata, body = _hugo_parse(text, handler)
        else:
            metadata, body = frontmatter.parse(text, handler=handler)
    except SourceError as exc:
        raise SourceError(where, exc.message, exc.line) from None
    except yaml.YAMLError as exc:
        # The parsed block starts with the newline after `---`, so mark lines are file lines.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise SourceError(where, f"broken YAML front matter: {problem}", line) from None
    except _BrokenToml as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = int(match[1]) + (0 if hugo else 1) if match else None
        raise SourceError(where, f"broken TOML front matter: {exc}", line) from None
    if not isinstance(metadata, Mapping):
        raise SourceError(where, "front matter is not a mapping of keys to values", 2)
    return dict(metadata), body
