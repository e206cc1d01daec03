"""Clean plain text from a post's HTML: typed blocks, headings, excerpt and first image.

Markdown is first rendered the way its generator renders it (`smm_promote.sources.dialects`);
the HTML tree is then walked, so what a piece of text is (a heading, a paragraph, a list item,
a blockquote, an admonition, a caption, a definition, a table row) comes from the document's
structure. Code, media fallback text and heading permalinks are not text.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from bs4 import BeautifulSoup, Comment, NavigableString, PageElement, Tag
from markdown_it import MarkdownIt

from smm_promote.lazyre import lazy
from smm_promote.model import Block
from smm_promote.sources import dialects
from smm_promote.sources.dialects import Dialect
from smm_promote.sources.templates import ASIDE_WORDS, render_templates

#: HTML elements: in inline text `<em>` is markup, the `<T>` of `Vec<T>` is text.
_HTML_ELEMENTS = [
    "a", "abbr", "acronym", "address", "area", "article", "aside", "audio", "b", "bdi", "bdo",
    "big", "blockquote", "body", "br", "button", "canvas", "caption", "center", "cite", "code",
    "col", "colgroup", "data", "dd", "del", "details", "dfn", "dialog", "div", "dl", "dt", "em",
    "embed", "fieldset", "figcaption", "figure", "font", "footer", "form", "h1", "h2", "h3",
    "h4", "h5", "h6", "head", "header", "hr", "html", "i", "iframe", "img", "input", "ins",
    "kbd", "label", "legend", "li", "link", "main", "map", "mark", "meta", "nav", "noscript",
    "object", "ol", "optgroup", "option", "p", "param", "picture", "pre", "q", "rp", "rt",
    "ruby", "s", "samp", "script", "section", "select", "small", "source", "span", "strike",
    "strong", "style", "sub", "summary", "sup", "svg", "table", "tbody", "td", "template",
    "textarea", "tfoot", "th", "thead", "time", "title", "tr", "tt", "u", "ul", "var", "video",
    "wbr",
]  # fmt: skip
_NOT_A_TAG = lazy(rf"<(?!/?(?:{'|'.join(_HTML_ELEMENTS)})(?![\w-])|!--)", re.IGNORECASE)


@cache
def _inline() -> MarkdownIt:
    """Inline Markdown only (titles, summaries, tags): no block structure, raw HTML allowed."""
    return MarkdownIt("commonmark", {"html": True}).enable(["strikethrough"])


#: Excerpt markers: `<!-- more -->` (MkDocs, Hugo, WordPress), `<!--truncate-->` (Docusaurus),
#: `.. PELICAN_END_SUMMARY` (Pelican's summary plugin, an rST comment).
_MORE_COMMENT = lazy(r"^\s*(?:more|truncate|PELICAN_END_SUMMARY)\s*$", re.I)
_SPACE = lazy(r"[ \t\n\r\f\v\u00a0\u200b]+")
#: A run of `_SPACE` that holds a line break (the whole run: it starts and ends as one).
_SPACE_BREAK = lazy(r"[ \t\f\v\u00a0\u200b]*[\n\r][ \t\n\r\f\v\u00a0\u200b]*")
_BACKTICKED = lazy(r"`([^`\s](?:[^`]*[^`\s])?)`")
_HANGUL = lazy(r"[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff]")
_BLOCK_END = lazy(r"<(?:br|/p|/div|/li|/h[1-6]|/td|/th|/blockquote)\b[^>]*>", re.I)
#: MkDocs Material icon shortcodes such as `:material-star:` or `:simple-github:`.
_ICON_SHORTCODE = lazy(r"(?<![\w:]):[a-z][a-z0-9_]*(?:-[a-z0-9_]+)+:(?![\w:])")
#: Attribute lists (Python-Markdown `{ .x }`, kramdown `{: #id }`) left in text.
_ATTR = r"(?:[.#][\w-]+|[\w-]+=(?:\"[^\"]*\"|'[^']*'|[^\s}]+))"
_ATTR_LIST = lazy(rf"[ \t]*\{{:?[ \t]*{_ATTR}(?:[ \t]+{_ATTR})*[ \t]*\}}")
#: Markdown links left unrendered inside raw HTML blocks: the reader sees their text.
_LEFT_LINK = lazy(r"!?\[([^\[\]]*)\]\([^()]*\)")
#: Inline elements that only stress the text inside them.
_EMPHASIS = {"strong", "em", "b", "i", "span"}
#: A block that is nothing but one HTML tag, escaped by the generator (imported posts).
_LONE_TAG = lazy(r"^</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>$")
#: Permalink signs generators add to headings (Python-Markdown toc, Sphinx, Docusaurus, Zola).
_PERMALINK_SIGNS = {"", "¶", "#", "§", "🔗", "⚓", "link", "permalink", "anchor"}
_PERMALINK_CLASSES = {"headerlink", "anchor", "anchorjs-link", "hash-link", "heading-anchor",
                      "zola-anchor", "header-anchor", "anchor-link", "permalink",
                      "footnote-backref", "reversefootnote", "footnote-return"}  # fmt: skip

#: Elements whose text is never the post's prose: code, scripts, media and their fallback
#: text, forms, navigation, a page's footers (author, copyright, share links).
_DROP = {
    "script", "style", "pre", "noscript", "svg", "template", "iframe", "math", "form", "nav",
    "video", "audio", "object", "embed", "canvas", "button", "input", "select", "textarea",
    "label", "head", "title", "meta", "link", "footer",
}  # fmt: skip
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
#: Classes of generated tables of contents: their text repeats the headings.
_TOC_CLASSES = {"contents", "toc", "table-of-contents", "tableofcontents"}
_CONTAINERS = {
    "div", "section", "article", "main", "header", "body", "html", "figure",
    "center", "hgroup", "tbody", "thead", "tfoot", "span",
}  # fmt: skip
_FLOW = {"p", "li", "dt", "dd", "figcaption", "summary", "caption", "address"}
_BLOCK_TAGS = (
    _HEADINGS
    | _FLOW
    | _CONTAINERS - {"span"}
    | {"ul", "ol", "dl", "blockquote", "aside", "details", "table", "tr", "hr", "br"}
)


@dataclass(frozen=True)
class Extract:
    """What the pipeline needs from a post's content."""

    body: str  # the author's own prose (heading, text and item blocks), one block a line
    headings: tuple[str, ...]  # h2/h3 texts
    image: str | None
    title: str | None  # the first <h1>, if any
    excerpt: str  # prose before `<!-- more -->` (or `<!--truncate-->`), if the post has one
    #: The text as typed blocks in document order (see `smm_promote.model.BLOCK_KINDS`).
    blocks: tuple[Block, ...] = ()
    #: The level (2-6) of each "heading" block of `blocks`, in order (`Post.heading_levels`).
    heading_levels: tuple[int, ...] = ()


def strip_template_tags(text: str) -> str:
    """Template syntax (Liquid, Nunjucks, Hugo shortcodes) resolved, icon shortcodes gone."""
    return _ICON_SHORTCODE.sub("", render_templates(text))


def markdown_to_html(text: str, dialect: Dialect = "auto") -> str:
    """HTML of Markdown in the given dialect (see `smm_promote.sources.dialects`)."""
    return dialects.markdown_to_html(text, dialect)


#: Struck-out text: HTML's `<del>`, `<s>`, `<strike>`, and an element of one of these classes
#: (docutils' custom roles, `.. role:: del`, give `<span class="del">`).
_STRUCK_TAGS = ("del", "s", "strike")
_STRUCK_CLASSES = frozenset({"del", "strike", "strikethrough", "line-through", "deleted"})


def _drop_struck(soup: BeautifulSoup) -> None:
    """Leave out what the author struck out ("實現 ~~透明計算~~ 遠程登錄"): a line of text says
    what stands, the replacement and not the words crossed out."""
    for tag in soup.find_all(True):
        if tag.decomposed:
            continue
        if tag.name in _STRUCK_TAGS or _STRUCK_CLASSES.intersection(_classes(tag)):
            tag.decompose()


def clean_inline(text: str) -> str:
    """One line of clean text from inline Markdown or HTML: parsed, then its text taken;
    struck-out text is left out."""
    if not text:
        return ""
    text = strip_template_tags(str(text))
    if re.search(r"[<&*_`~\[\\]", text):
        # Breaks and block ends separate words; inline tags must not add a space ("x." not "x .").
        text = _NOT_A_TAG.sub("&lt;", text)  # `Vec<T>` is text, not an unknown element
        rendered = _inline().renderInline(_BLOCK_END.sub(r" \g<0>", text))
        soup = BeautifulSoup(rendered, "html.parser")
        _drop_struck(soup)
        text = soup.get_text("")
        text = html.unescape(text) if "&" in text else text
    text = unicodedata.normalize("NFC", text)
    return collapse_space(text).strip()


def is_wide(ch: str) -> bool:
    """An East Asian wide, fullwidth or halfwidth character (Unicode's East Asian Width F, W
    or H) other than Hangul: Chinese and Japanese text, which sets no space between words."""
    return unicodedata.east_asian_width(ch) in ("F", "W", "H") and not _HANGUL.match(ch)


def _fullwidth_punctuation(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("F", "W") and unicodedata.category(ch)[0] == "P"


def collapse_space(text: str) -> str:
    """Runs of white space as one space, the way a browser shows them (CSS Text's segment
    break rule): a run with a line break between two wide characters (Chinese, Japanese),
    or after fullwidth punctuation, is no space at all ("所有的\n極客們" -> "所有的極客們")."""

    def one(match: re.Match[str]) -> str:
        start, end = match.start(), match.end()
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        if (
            before
            and after
            and ((is_wide(before) and is_wide(after)) or _fullwidth_punctuation(before))
        ):
            return ""
        return " "

    # The runs with a line break are decided one by one; every other run is one space.
    broken = _SPACE_BREAK.sub(one, text) if "\n" in text or "\r" in text else text
    return _SPACE.sub(" ", broken)


def _classes(tag: Tag) -> list[str]:
    value = tag.get("class") or []
    return [str(c).lower() for c in (value.split() if isinstance(value, str) else value)]


def _is_footnote_mark(tag: Tag) -> bool:
    """A footnote's reference mark: Python-Markdown's and markdown-it's `<sup>`, docutils'
    `<a class="footnote-reference">` (its HTML 4 writer, Pelican's) or `role="doc-noteref"`."""
    if tag.name == "sup":
        return (tag.get("id") or "").startswith("fnref") or "footnote-ref" in _classes(tag)
    return tag.name == "a" and (
        "footnote-reference" in _classes(tag) or tag.get("role") == "doc-noteref"
    )


def _is_permalink(tag: Tag) -> bool:
    """A heading's permalink anchor (`a.headerlink` "¶", "#"...), not text."""
    if tag.name != "a":
        return False
    if _PERMALINK_CLASSES.intersection(_classes(tag)) or tag.has_attr("data-footnote-backref"):
        return True  # also a footnote's link back to its reference
    href = str(tag.get("href") or "")
    return (
        href.startswith("#")
        and any(p.name in _HEADINGS for p in tag.parents)
        and tag.get_text().strip() in _PERMALINK_SIGNS
    )


def _container_kind(tag: Tag) -> str | None:
    """The block kind a container gives everything inside it, if any."""
    name = tag.name
    classes = _classes(tag)
    if name == "blockquote" or "epigraph" in classes:
        return "quote"
    if name in {"aside", "details"} or "footnote" in classes or "footnotes" in classes:
        return "aside"
    words = {w for c in classes for w in re.split(r"[-_]", c)}
    if words & ASIDE_WORDS:
        return "aside"
    if name in {"figcaption", "caption"}:
        return "caption"
    return None


class _Walker:
    """Walks an HTML tree and emits (kind, text) blocks in document order."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.title: str | None = None
        self.more: int | None = None  # number of blocks before `<!-- more -->`
        self.levels: list[int] = []  # of each "heading" block
        self._buffer: list[str] = []

    def flush(self, kind: str) -> None:
        text = _clean_text("".join(self._buffer))
        self._buffer.clear()
        if text and not _LONE_TAG.match(text):
            self.blocks.append((kind, text))

    def walk(self, node: Tag, kind: str = "text", override: str | None = None) -> None:
        for child in node.children:
            if isinstance(child, Comment):
                if self.more is None and _MORE_COMMENT.match(str(child)):
                    self.flush(override or kind)
                    self.more = len(self.blocks)
                continue
            if isinstance(child, NavigableString):
                self._buffer.append(str(child))
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name
            if name in _DROP or (name == "a" and _is_permalink(child)):
                continue
            if "class" in child.attrs and _TOC_CLASSES.intersection(_classes(child)):
                continue  # a generated table of contents (docutils, Python-Markdown, themes)
            if name == "br":
                self._buffer.append(" ")
                continue
            if (name == "sup" or name == "a") and _is_footnote_mark(child):
                self._buffer.append(_EDGE)  # a footnote reference number: no text
                continue
            if name not in _BLOCK_TAGS:
                # inline: its text joins the current block, its edges marked
                opening, closing = _edges(name)
                self._buffer.append(opening)
                self.walk(child, kind, override)
                self._buffer.append(closing)
                continue
            self.flush(override or kind)
            self._block(child, kind, override)

    def _block(self, tag: Tag, kind: str, override: str | None) -> None:
        name = tag.name
        inner = override or _container_kind(tag)
        if name in _HEADINGS:
            if name == "h1" and self.title is None and override is None:
                self.title = _clean_text(_text(tag))  # the title is not part of the body
                return
            before = len(self.blocks)
            self.walk(tag, "heading", inner)
            self.flush(inner or "heading")
            if len(self.blocks) > before and self.blocks[-1][0] == "heading":
                self.levels.append(int(name[1]))
            return
        elif name == "table":
            for row in tag.find_all("tr"):
                # docutils' HTML 4 writer sets footnotes as tables: the note is an aside,
                # its number (a "label" cell) no text.
                found = row.find_all(["td", "th"])
                cells = [_clean_text(_text(c)) for c in found if "label" not in _classes(c)]
                if any(cells):
                    self.blocks.append((inner or "table", " | ".join(c for c in cells if c)))
            return
        elif name == "dl":
            self._definitions(tag, override)
            return
        elif name == "li":
            kind = "item"
        elif name == "p" and kind == "text" and inner is None and _only_a_link(tag):
            kind = "link"
        self.walk(tag, kind, inner)
        self.flush(inner or kind)

    def _definitions(self, tag: Tag, override: str | None) -> None:
        term = ""
        for child in tag.find_all(["dt", "dd"]):
            text = _clean_text(_text(child))
            if child.name == "dt":
                term = text
            elif text:
                self.blocks.append((override or "term", f"{term}: {text}" if term else text))


def _only_a_link(tag: Tag) -> bool:
    """A paragraph that is one link and nothing else: a button or a "Watch the video" line
    (Material's `{ .md-button }`, a "Read more →"), a way to go elsewhere, not prose."""
    found = _filled(tag)
    while len(found) == 1 and isinstance(found[0], Tag) and found[0].name in _EMPHASIS:
        found = _filled(found[0])
    return len(found) == 1 and isinstance(found[0], Tag) and found[0].name == "a"


def _filled(tag: Tag) -> list[PageElement]:
    """The children of `tag` but whitespace between them."""
    return [c for c in tag.children if not (isinstance(c, NavigableString) and not c.strip())]


def _text(tag: Tag) -> str:
    """The text of `tag` without dropped elements or permalink anchors, the edges of its
    inline elements marked (see `_markup_space`)."""
    parts: list[str] = []
    _collect(tag, parts)
    return "".join(parts)


def _collect(node: Tag, parts: list[str]) -> None:
    for child in node.children:
        if isinstance(child, NavigableString):
            if not isinstance(child, Comment):
                parts.append(str(child))
        elif isinstance(child, Tag):
            if child.name in _DROP or _is_permalink(child):
                continue
            if child.name in _BLOCK_TAGS:
                parts.append(" ")
                _collect(child, parts)
            else:
                opening, closing = _edges(child.name)
                parts.append(opening)
                _collect(child, parts)
                parts.append(closing)


#: Marks, in collected text, of an inline element's edge and of the inner edges of code.
_EDGE = "\ue000"
_CODE_OPEN = "\ue001"
_CODE_CLOSE = "\ue002"
_MARKS = lazy("[\ue000-\ue002]")
_MARK_SPLIT = lazy("([\ue000-\ue002])")
_CODE_TAGS = frozenset({"code", "tt", "kbd", "samp", "var"})
#: A run of white space and edge marks, holding at least one mark.
_EDGE_RUN = lazy(
    r"[ \t\n\r\f\v\u00a0\u200b\ue000-\ue002]*[\ue000-\ue002][ \t\n\r\f\v\u00a0\u200b\ue000-\ue002]*"
)


def _edges(name: str) -> tuple[str, str]:
    """The marks `_collect` and the walker set before and after an inline element."""
    if name in _CODE_TAGS:
        return _EDGE + _CODE_OPEN, _CODE_CLOSE + _EDGE
    return _EDGE, _EDGE


def _markup_space(text: str) -> str:
    """Text with its edge marks gone, and white space at an inline element's edge between two
    Chinese or Japanese characters left out ("介紹過 `這個博客 <…>`_ ，本" -> "介紹過這個博客，本"):
    these languages set no space between words, so such a space is the one reST's inline
    markup must have around it (a Markdown or HTML author's is no word space either), not
    the author's; white space between Chinese and Latin text, and inside code, is kept."""
    if not _MARKS.search(text):
        return text

    def one(match: re.Match[str]) -> str:
        run = match.group()
        start, end = match.start(), match.end()
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        if not (before and after and is_wide(before) and is_wide(after)):
            return _MARKS.sub("", run)
        # Keep the white space just inside code (after its opening, before its closing).
        parts = _MARK_SPLIT.split(run)
        return "".join(
            part
            for i, part in enumerate(parts)
            if not _MARKS.fullmatch(part)
            and ((i and parts[i - 1] == _CODE_OPEN) or parts[i + 1 : i + 2] == [_CODE_CLOSE])
        )

    return _EDGE_RUN.sub(one, text)


def _unmarked(text: str) -> str:
    """reST interpreted text written against a Chinese or Japanese character ("放在`pages`
    文件夾"): docutils leaves it as typed, backticks and all, as its inline markup must
    stand apart from the words around it (unless `character_level_inline_markup` is on);
    the author meant markup, so its text is kept without the backticks."""
    if "`" not in text:
        return text

    def one(match: re.Match[str]) -> str:
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else ""
        wide = (before and is_wide(before)) or (after and is_wide(after))
        return match.group(1) if wide else match.group()

    return _BACKTICKED.sub(one, text)


def _clean_text(text: str) -> str:
    text = _markup_space(text)
    text = _unmarked(_ATTR_LIST.sub("", _ICON_SHORTCODE.sub("", text)))
    if "](" in text:
        text = _LEFT_LINK.sub(r"\1", text)
    return collapse_space(unicodedata.normalize("NFC", text)).strip()


#: Kinds that are the author's own prose: `Post.body`, summaries and reading time use them.
PROSE_KINDS = ("heading", "text", "item")


def extract_html(fragment: str | Tag) -> Extract:
    """Blocks, body text, H2/H3 headings, first image and first H1 of an HTML fragment (or
    of an element of a page already parsed)."""
    soup = fragment if isinstance(fragment, Tag) else BeautifulSoup(fragment, "html.parser")
    # One pass for the first image and the h2/h3 headings (bs4's `find_all` costs more
    # than the walk itself).
    images: list[Tag] = []
    found_headings: list[Tag] = []
    for element in soup.descendants:
        if isinstance(element, Tag):
            if element.name == "img":
                if element.get("src") is not None:
                    images.append(element)
            elif element.name in ("h2", "h3"):
                found_headings.append(element)
    image = None
    for img in images:
        if not any(p.name in _DROP for p in img.parents):
            image = str(img["src"]).strip() or None
            break
    walker = _Walker()
    walker.walk(soup)
    walker.flush("text")
    blocks = tuple(walker.blocks)
    headings = tuple(
        text
        for h in found_headings
        if (text := _clean_text(_text(h))) and not any(p.name in _DROP for p in h.parents)
    )
    body = "\n".join(text for kind, text in blocks if kind in PROSE_KINDS)
    excerpt = ""
    if walker.more is not None:
        excerpt = " ".join(t for k, t in blocks[: walker.more] if k in ("text", "item"))
    return Extract(
        body=body,
        headings=headings,
        image=image,
        title=walker.title or None,
        excerpt=excerpt,
        blocks=blocks,
        heading_levels=tuple(walker.levels),
    )


def extract_markdown(text: str, dialect: Dialect = "auto") -> Extract:
    """`extract_html` of Markdown rendered in `dialect`."""
    return extract_html(markdown_to_html(text, dialect))


def first_sentence(text: str, limit: int = 100) -> str:
    """A title-sized opening of `text`: its first sentence, cut at a clause boundary if long."""
    text = clean_inline(text)
    sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    if len(sentence) <= limit:
        return sentence.rstrip(".")
    head = sentence[:limit]
    for boundary in (", ", " that ", " which ", " – ", " — ", " - ", "; ", ": "):
        cut = head.rfind(boundary)
        if cut > limit // 3:
            return head[:cut].rstrip(" ,;:")
    return head.rsplit(" ", 1)[0] + "…"


def slugify(value: str) -> str:
    """URL slug: lower-case ASCII where possible, Unicode letters kept, hyphens between words."""
    value = unicodedata.normalize("NFKD", value)
    value = "".join(c for c in value if not unicodedata.combining(c))
    value = re.sub(r"[^\w\s-]", "", value.lower(), flags=re.U)
    return re.sub(r"[\s_-]+", "-", value).strip("-")
