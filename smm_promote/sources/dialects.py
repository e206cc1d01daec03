"""Markdown rendered the way the post's generator renders it.

- "python-markdown": Python-Markdown with the pymdownx extensions Material for MkDocs sites
  use (admonitions `!!!`/`???`, `///` blocks, details, content tabs `===`, snippets `--8<--`,
  attribute lists, footnotes, abbreviations, definition lists, Markdown in HTML). Snippets are
  not included: their files are site furniture (icons, glossaries), not the post's prose.
- "commonmark": markdown-it-py (Hugo's goldmark, Eleventy's markdown-it, Docusaurus, Zola and
  Jekyll's kramdown all read CommonMark-like Markdown), with tables, strikethrough and
  footnotes (goldmark, kramdown, Zola's pulldown-cmark and Docusaurus's GFM all read
  `[^name]` references and `[^name]: text` definitions; the reader keeps neither marker).

Both run after the template layer (`templates.render_templates`), as the generators do; the
CommonMark path also reads MDX (`templates.render_mdx`). A site's generator names its dialect
(`dialect_for`); without one, "auto" picks Python-Markdown when the text uses block syntax only
its extensions define, else CommonMark.

Speed: Python-Markdown with these extensions reads a post up to 3x slower than markdown-it-py
(see benchmarks/sources.py), so it is used only where the site is MkDocs (or Pelican) or the
text needs it.
"""

from __future__ import annotations

import re
import threading
from typing import Literal

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from smm_promote.sources.templates import render_mdx, render_templates

Dialect = Literal["auto", "python-markdown", "commonmark"]

#: The extensions (and settings) a Material for MkDocs blog typically enables.
PYMDOWN_EXTENSIONS = [
    "abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables",
    "pymdownx.betterem", "pymdownx.caret", "pymdownx.details", "pymdownx.mark",
    "pymdownx.superfences", "pymdownx.tabbed", "pymdownx.tasklist", "pymdownx.tilde",
    "pymdownx.snippets", "pymdownx.blocks.admonition", "pymdownx.blocks.details",
    "pymdownx.blocks.tab", "pymdownx.blocks.html", "pymdownx.blocks.caption",
    "pymdownx.highlight",
]  # fmt: skip
#: Snippets are not included (see above); code blocks are not coloured: their text is dropped
#: from what a share is made of, and Pygments costs a third of the time of a code-heavy post.
#: Without Pygments, SuperFences refuses a fence whose header has Pygments' options
#: (```` ```python hl_lines="4" ````, `linenums`, `title`) and its code would read as text:
#: relaxed headers keep it a code block, as Material's own setup does.
PYMDOWN_CONFIGS = {
    "pymdownx.snippets": {"base_path": [], "check_paths": False},
    "pymdownx.superfences": {"relaxed_headers": True},
    "pymdownx.highlight": {"use_pygments": False},
}

_COMMONMARK = (
    MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).use(footnote_plugin)
)
#: Lines only Python-Markdown extensions give a meaning: admonition/details openers, blocks,
#: content tabs, snippets, abbreviation definitions, attribute lists on their own line, and
#: Markdown inside HTML (`<figure markdown>`).
_PYMDOWN_SYNTAX = re.compile(
    r"^[ \t]*(?:(?:!!!|\?\?\?\+?)[ \t]+[\w-]|///[ \t]*[\w-]|===\+?[ \t]+[\"']|-{1,2}8<-{1,2}"
    r"|\*\[[^\]\n]+\]:|\{:?[ \t]*[.#][\w-][^}\n]*\}[ \t]*$"
    r"|<\w[^>\n]*\smarkdown(?:=[\"']?(?:1|block|span)[\"']?)?[\s/>])",
    re.M,
)
_local = threading.local()


def _python_markdown():  # type: ignore[no-untyped-def]
    """One Python-Markdown instance per thread (an instance is not thread-safe)."""
    md = getattr(_local, "md", None)
    if md is None:
        import markdown

        md = markdown.Markdown(
            extensions=PYMDOWN_EXTENSIONS, extension_configs=PYMDOWN_CONFIGS, tab_length=4
        )
        _local.md = md
    return md


#: The Markdown each generator renders (`smm_promote.sites` names); others are read as "auto".
GENERATOR_DIALECTS: dict[str, Dialect] = {
    "mkdocs": "python-markdown", "pelican": "python-markdown", "hugo": "commonmark",
    "jekyll": "commonmark", "eleventy": "commonmark", "docusaurus": "commonmark",
    "zola": "commonmark",
}  # fmt: skip


def dialect_for(generator: str) -> Dialect:
    """The dialect of a site's generator; "auto" for a site of no known generator."""
    return GENERATOR_DIALECTS.get(generator, "auto")


def pick_dialect(text: str) -> Dialect:
    """'python-markdown' when `text` uses pymdownx/Python-Markdown block syntax, else
    'commonmark'."""
    return "python-markdown" if _PYMDOWN_SYNTAX.search(text) else "commonmark"


def markdown_to_html(text: str, dialect: Dialect = "auto") -> str:
    """HTML of a Markdown post body, templates and MDX resolved first."""
    text = render_templates(text)
    if dialect == "auto":
        dialect = pick_dialect(text)
    if dialect == "python-markdown":
        md = _python_markdown()
        try:
            return md.reset().convert(text)
        finally:
            md.reset()
    return _COMMONMARK.render(render_mdx(text))
