"""Pelican content: `Key: value` Markdown metadata and reStructuredText field lists.

Pelican's own readers do the parsing (key case, tags as one string, dates, authors), so a post
reads the same here as in `pelican content`. Directives and roles that come from plugins not
installed here (`.. youtube::`, `.. translate-paragraph::`, `:ruby:`) get permissive stand-ins,
so docutils neither stops nor prints their source: a directive's content is read as ordinary
rST inside a `<div class="name">` (media and diagram directives leave nothing), a role keeps its
text (the `:ruby:` role its base text, `漢字|かんじ` -> `漢字`).
"""

from __future__ import annotations

import copy
import logging
import re
from functools import cache
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import Directive, directives, roles
from docutils.parsers.rst.languages import en as rst_en

from smm_promote.errors import SourceError

_KNOWN_KEYS = {
    "title", "date", "modified", "tags", "category", "slug", "author", "authors",
    "summary", "status", "lang", "description", "template", "save_as", "url",
}  # fmt: skip
_META_LINE = re.compile(r"^([A-Za-z][\w -]*?)\s*:\s*(.*)$")


def has_pelican_metadata(text: str) -> bool:
    """Does the text open with a `Key: value` block naming known Pelican keys?"""
    keys: list[str] = []
    for line in text.lstrip("\ufeff").splitlines():
        if not line.strip():
            break
        match = _META_LINE.match(line)
        if match is None:
            if line.startswith((" ", "\t")) and keys:
                continue  # a continuation line
            return False
        keys.append(match[1].strip().lower())
    return "title" in keys or len(_KNOWN_KEYS.intersection(keys)) >= 2


_DIRECTIVE = re.compile(r"^[ \t]*\.\.[ \t]+([\w][\w:+.-]*)[ \t]*::", re.M)
_ROLE = re.compile(r"(?<![\w`]):([\w][\w:+.-]*):`")
#: Plugin directives whose content is an embed or a diagram's source, not prose.
MEDIA_DIRECTIVES = {
    "youtube", "youtubeku", "vimeo", "video", "audio", "iframe", "embed", "gist", "tweet",
    "uml", "plantuml", "ditaa", "graphviz", "graph", "digraph", "mermaid", "asciinema",
    "notebook", "pdf", "slides", "speakerdeck",
}  # fmt: skip
#: Roles whose text is "base|annotation": the base is what is read.
BASE_TEXT_ROLES = {"ruby", "rb"}


class _AnyOption(dict):  # type: ignore[type-arg]
    """An option spec that accepts every option (an unknown plugin's options are unknown)."""

    def __getitem__(self, key: str) -> Any:
        return directives.unchanged

    def __contains__(self, key: object) -> bool:
        return True


class _PluginDirective(Directive):
    """Stand-in for a directive of a plugin that is not installed."""

    optional_arguments = 10
    final_argument_whitespace = True
    has_content = True
    option_spec = _AnyOption()

    def run(self) -> list[nodes.Node]:
        if self.name.lower() in MEDIA_DIRECTIVES or not self.content:
            return []
        node = nodes.container(classes=[self.name.lower()])
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


def _plugin_role(
    name: str, rawtext: str, text: str, lineno: int, inliner: Any, *args: Any, **kwargs: Any
) -> tuple[list[nodes.Node], list[Any]]:
    """Stand-in for a role of a plugin that is not installed: its text, as plain text."""
    if name.lower() in BASE_TEXT_ROLES:
        text = text.split("|", 1)[0]
    return [nodes.inline(rawtext, text, classes=[name.lower()])], []


def _known_directive(name: str) -> bool:
    return (
        name in directives._directives
        or name in directives._directive_registry
        or name in rst_en.directives
    )


def _known_role(name: str) -> bool:
    return name in roles._roles or name in roles._role_registry or name in rst_en.roles


def register_plugin_fallbacks(source: str) -> None:
    """Register stand-ins for the directives and roles `source` uses that docutils and Pelican
    do not know. Known ones (and those a real plugin registered) are left alone."""
    for name in set(_DIRECTIVE.findall(source)):
        if not _known_directive(name) and not _known_directive(name.lower()):
            directives.register_directive(name, _PluginDirective)
    for name in set(_ROLE.findall(source)):
        if not _known_role(name) and not _known_role(name.lower()):
            roles.register_local_role(name, _plugin_role)


def _not_localization_notice(record: logging.LogRecord) -> bool:
    """Pelican logs "Docutils has no localization for 'zh'" for every such post: the text is
    read all the same, so the notice is left out."""
    return not str(record.msg).startswith("Docutils has no localization")


logging.getLogger("pelican.readers").addFilter(_not_localization_notice)


@cache
def _readers(tolerant: bool = False) -> dict[str, Any]:
    """Pelican's readers; `tolerant` ones do not stop at docutils errors (directives and
    roles of plugins that are not installed), as a site with those plugins would not."""
    from pelican.readers import MarkdownReader, RstReader
    from pelican.settings import DEFAULT_CONFIG

    settings = copy.deepcopy(DEFAULT_CONFIG)
    settings["FORMATTED_FIELDS"] = ["summary"]
    if tolerant:
        settings["DOCUTILS_SETTINGS"] = {"halt_level": 5, "report_level": 5}
    # Admonitions (`!!! note`) are the Markdown extension Pelican blogs enable most.
    settings["MARKDOWN"]["extension_configs"]["markdown.extensions.admonition"] = {}
    return {"md": MarkdownReader(settings), "rst": RstReader(settings)}


def read(path: Path, kind: str) -> tuple[dict[str, Any], str]:
    """(metadata, HTML content) through Pelican's reader for `kind` ('md' or 'rst'); a field
    Pelican discards (an empty `Tags:` or `Authors:`) is left out, as Pelican leaves it."""
    if kind == "rst":
        try:
            register_plugin_fallbacks(path.read_text(encoding="utf-8-sig", errors="replace"))
        except OSError as exc:
            raise SourceError(str(path), f"cannot read: {exc.strerror}") from None
    try:
        content, metadata = _readers()[kind].read(str(path))
    except Exception as exc:  # Pelican's readers raise many types for bad input
        if kind != "rst" or "Unknown" not in str(exc):
            raise SourceError(str(path), f"Pelican could not read it: {exc}") from None
        try:
            content, metadata = _readers(tolerant=True)[kind].read(str(path))
        except Exception as again:
            raise SourceError(str(path), f"Pelican could not read it: {again}") from None
    from pelican.readers import _DISCARD

    return {k: v for k, v in metadata.items() if v is not _DISCARD}, content or ""
