"""Turn Markdown and HTML into clean plain text, headings and the first image."""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from markdown_it import MarkdownIt

#: Template syntax of Jekyll/Liquid, Hugo shortcodes, Jinja: never part of a post's text.
_TEMPLATE_TAGS = re.compile(r"\{\{<.*?>\}\}|\{\{%.*?%\}\}|\{%-?.*?-?%\}|\{\{-?.*?-?\}\}", re.S)
#: MkDocs Material icon shortcodes such as `:material-star:` or `:simple-github:`.
_ICON_SHORTCODE = re.compile(r"(?<![\w:]):[a-z][a-z0-9_]*(?:-[a-z0-9_]+)+:(?![\w:])")
_BLOCK_END = re.compile(r"<(?:br|/p|/div|/li|/h[1-6]|/td|/th|/blockquote)\b[^>]*>", re.I)
_MORE = re.compile(r"<!--\s*more\s*-->", re.I)
_SPACE = re.compile(r"[ \t\u00a0\u200b]+")
_BLOCKS = {
    "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "section",
    "article", "tr", "dt", "dd", "figcaption", "br", "hr", "ul", "ol", "table", "header",
    "footer", "main", "aside", "details", "summary",
}  # fmt: skip
_DROP = {"script", "style", "pre", "noscript", "svg", "template", "iframe", "math", "form", "nav"}

#: CommonMark with tables and strikethrough; markdown-it-py is several times faster than
#: Python-Markdown on real blogs (Pelican content still goes through Pelican's own reader).
_MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
#: MkDocs/Python-Markdown extras CommonMark does not know: admonition and details openers,
#: attribute lists, footnote references and definitions.
_ADMONITION = re.compile(r"^([ \t]*)(?:!!!|\?\?\?\+?)[ \t]*[\w-]+(?:[ \t]+\"[^\"]*\")?[ \t]*$")
_ATTR_LIST = re.compile(r"\{:?[ \t]*[.#][^}\n]*\}")
_FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]+\](?!:)")
_FOOTNOTE_DEF = re.compile(r"^\[\^[^\]\s]+\]:.*$", re.M)


@dataclass(frozen=True)
class Extract:
    """What the pipeline needs from a post's content."""

    body: str
    headings: tuple[str, ...]
    image: str | None
    title: str | None  # the first <h1>, if any
    excerpt: str  # text before `<!-- more -->`, if the post has one


def strip_template_tags(text: str) -> str:
    """Remove Liquid/Jinja/Hugo template syntax and Material icon shortcodes."""
    return _ICON_SHORTCODE.sub("", _TEMPLATE_TAGS.sub("", text))


def _unwrap_admonitions(text: str) -> str:
    """`!!! note "Title"` blocks keep their indented text as plain paragraphs."""
    lines = text.split("\n")
    out: list[str] = []
    indent: str | None = None
    for line in lines:
        match = _ADMONITION.match(line)
        if match:
            indent = match[1] + "    "
            continue
        if indent is not None:
            if line.startswith(indent):
                out.append(line[len(indent) - 4 :] if len(indent) > 4 else line[4:])
                continue
            if not line.strip():
                out.append(line)
                continue
            indent = None
        out.append(line)
    return "\n".join(out)


def markdown_to_html(text: str) -> str:
    text = _FOOTNOTE_DEF.sub("", strip_template_tags(text))
    text = _ATTR_LIST.sub("", _FOOTNOTE_REF.sub("", _unwrap_admonitions(text)))
    return _MARKDOWN.render(text)


def clean_inline(text: str) -> str:
    """One line of clean text: entities decoded, tags and Markdown emphasis gone."""
    if not text:
        return ""
    text = strip_template_tags(str(text))
    if "<" in text or "&" in text:
        # Breaks and block ends separate words; inline tags must not add a space ("x." not "x .").
        text = _BLOCK_END.sub(r" \g<0>", text)
        text = BeautifulSoup(text, "html.parser").get_text("")
    text = html.unescape(text)
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)  # images
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)  # links
    text = re.sub(r"\[([^\]]+)\]\[[^\]]*\]", r"\1", text)  # reference links
    text = re.sub(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])", r"\2", text)
    text = re.sub(r"`([^`]+)`", r"\1", text)
    text = unicodedata.normalize("NFC", text)
    return _SPACE.sub(" ", text.replace("\n", " ").replace("\r", " ")).strip()


def _text_of(node: Tag) -> str:
    parts: list[str] = []
    for child in node.descendants:
        if isinstance(child, Comment):
            continue
        if isinstance(child, NavigableString):
            if any(p.name in _DROP for p in child.parents if isinstance(p, Tag)):
                continue
            parts.append(str(child))
        elif isinstance(child, Tag) and child.name in _BLOCKS:
            parts.append("\n")
    lines = (_SPACE.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def extract_html(fragment: str) -> Extract:
    """Body text, H2/H3 headings, first image and first H1 of an HTML fragment or page."""
    more = _MORE.split(fragment, maxsplit=1)
    soup = BeautifulSoup(fragment, "html.parser")
    for tag in soup.find_all(_DROP):
        tag.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    image = None
    if (img := soup.find("img", src=True)) is not None:
        image = str(img["src"]).strip() or None
    h1 = soup.find("h1")
    title = clean_inline(h1.get_text(" ")) if h1 else None
    if h1 is not None:
        h1.decompose()  # the title is not part of the body
    headings = tuple(
        text for h in soup.find_all(["h2", "h3"]) if (text := clean_inline(h.get_text(" ")))
    )
    for anchor in soup.select("a.headerlink, a.anchor"):
        anchor.decompose()
    body = _text_of(soup)
    excerpt = ""
    if len(more) == 2:
        head = BeautifulSoup(more[0], "html.parser")
        for tag in head.find_all(["h1", *_DROP]):
            tag.decompose()
        excerpt = clean_inline(_text_of(head).replace("\n", " "))
    return Extract(body=body, headings=headings, image=image, title=title or None, excerpt=excerpt)


def extract_markdown(text: str) -> Extract:
    return extract_html(markdown_to_html(text))


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
