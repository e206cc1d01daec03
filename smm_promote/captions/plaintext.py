"""Plain text of markup, a post's text blocks, and its sentences.

The part of caption text that reading a post's opening needs (evergreen detection asks for
a post's first sentences); it loads no word list, so listing posts does not load the caption
rules (`smm_promote.captions.text`, which builds on this module).
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

from smm_promote.lazyre import lazy_regex
from smm_promote.sources.text import collapse_space

if TYPE_CHECKING:
    from smm_promote.model import Post

#: HTML elements; `<T>` in `Vec<T>` is text, `<b>` is markup.
_ELEMENT_NAMES = (
    "a abbr address area article aside audio b base bdi bdo big blockquote body br button "
    "canvas caption center cite code col colgroup data dd del details dfn dialog div dl dt em "
    "embed fieldset figcaption figure font footer form h1 h2 h3 h4 h5 h6 head header hr html i "
    "iframe img input ins kbd label legend li link main map mark meta meter nav noscript object "
    "ol optgroup option output p param picture pre progress q rp rt ruby s samp script section "
    "select small source span strike strong style sub summary sup svg table tbody td template "
    "textarea tfoot th thead time title tr track tt u ul var video wbr"
)
_ELEMENT = "(?:" + "|".join(sorted(_ELEMENT_NAMES.split(), key=len, reverse=True)) + ")"
_TAG = re.compile(rf"</?{_ELEMENT}(?:\s[^<>]*)?/?>", re.IGNORECASE)
#: A "<" that could open a tag with a ">" from other text put next to it.
_TAG_OPENER = re.compile(rf"<(?=/?{_ELEMENT}(?![\w-]))", re.IGNORECASE)
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_REF = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_MARKERS = re.compile(r"\*\*+|__+|~~+|`+|\]\(")
_LINE_MARKUP = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-+*]\s+)")
#: Replaced by a space: whitespace other than newline, control, surrogate, private-use and
#: unassigned characters, the BOM and noncharacters (format characters such as ZWJ stay).
_UNWANTED = lazy_regex(r"(?!\n)[\s\p{Cc}\p{Cs}\p{Co}\p{Cn}\ufeff\ufffe\uffff]")
#: Abbreviations that take what follows ("e.g. Hugo", "eg. logs", "Dr. Smith", "Fig. 2"): a
#: sentence never ends on one.
_ABBREVIATIONS_TEXT = "e.g eg i.e ie vs mr mrs ms dr prof st no fig approx cf"
_ABBREVIATIONS = frozenset(_ABBREVIATIONS_TEXT.split())
#: Abbreviations that close a phrase ("…, etc.", "Acme Inc.", "Smith et al."): the sentence
#: ends on one before a capitalised word ("…, etc. One…"), not before a lower-case one.
_CLOSING_ABBREVIATIONS = frozenset(["etc", "inc", "ltd", "co", "jr", "sr", "al"])
#: What may come before a sentence's first letter: spaces, opening quotes and brackets.
_BEFORE_A_WORD = re.compile(r"\s*[\"'“‘(\[]*")
#: "a.m." and "p.m." (as `sentence_ends` reads the word before a dot), and a time zone after
#: them ("PT", "CEST", "UTC"): no sentence ends between the two.
_TIMES_OF_DAY = frozenset({"a.m", "p.m"})
_TIME_ZONE = re.compile(r"\s+(?:[A-Z]{1,4}T|UTC|GMT)\b")
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s|$)|[。！？]+[”’」』）]*")
#: A "!" or "…" followed by a lower-case word is inside its sentence: a Rust macro's name
#: ("the full asm! block", "thread_local! and"), an aside ("were well… represented").
_NOT_AN_END = re.compile(r"[!…]+[\"'”’)\]]*\s+")
#: A note about the post itself (its date, an update, an erratum), not about its subject.
ABOUT_THE_POST = re.compile(
    r"^\W*(?:update[sd]?|edit(?:ed)?|note|errata|erratum|correction|disclaimer|"
    r"nota|hinweis|更新|追記|注)\b[^:：—–]{0,40}[:：—–]"
    r"|\b(?:this|the) (?:blog )?(?:post|article|page|entry|write-?up)(?:'s)? (?:was|is|has been|"
    r"date|originally|first|will be|got)\b"
    r"|\b(?:originally|first) (?:published|posted|appeared)\b|\bcross-?posted\b"
    r"|\bthe date (?:is|was) wrong\b|\bthis is a repost\b",
    re.IGNORECASE,
)
#: A line shorter than this that lacks closing punctuation is a line of its own, not a wrap.
_WRAP_WIDTH = 50
#: Closing punctuation (and the quotes or brackets after it) at the end of text.
CLOSED = re.compile(r"[.!?:;…。！？：；][\"'”’)\]」』）]*$")


def plain(text: str) -> str:
    """Clean text: NFC, entities decoded, no HTML tags or Markdown syntax, no control chars."""
    text = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").replace("\r", "\n")
    for _ in range(5):
        before = text
        text = html.unescape(text)
        text = _TAG.sub("", text)
        text = _MD_IMAGE.sub(r"\1", text)
        text = _MD_LINK.sub(r"\1", text)
        text = _MD_REF.sub(r"\1", text)
        text = _EMPHASIS.sub(r"\1", text)
        text = _MARKERS.sub(lambda m: "] (" if m.group() == "](" else "", text)
        if text == before:
            break
    text = _TAG_OPENER.sub("", _UNWANTED.sub(" ", text))
    lines = [_LINE_MARKUP.sub("", line) for line in text.split("\n")]
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in lines]
    return unicodedata.normalize("NFC", "\n".join(lines).strip())


@lru_cache(maxsize=8192)  # every caption asks again for the post's title, names and tags
def one_line(text: str) -> str:
    """`plain` text on one line; line breaks between Chinese or Japanese characters go."""
    return collapse_space(plain(text)).strip()


def sentence_ends(text: str) -> list[int]:
    """Where each sentence of `text` ends (exclusive offsets); a line break always ends one."""
    ends: list[int] = []
    offset = 0
    for paragraph in text.split("\n"):
        start = 0
        for match in _SENTENCE_END.finditer(paragraph):
            words = paragraph[start : match.start()].split()
            last = words[-1].lower().rstrip(".").lstrip("([{\"'“‘") if words else ""
            if match.group().startswith(".") and (
                last in _ABBREVIATIONS
                or (len(last) == 1 and last.isalpha())
                or (last in _CLOSING_ABBREVIATIONS and not _opens_sentence(paragraph, match.end()))
            ):
                continue
            if _letter_after(_NOT_AN_END, paragraph, match.start(), ("Ll",)):
                continue
            # "8 a.m. PT", "5 p.m. UTC": the time zone belongs to the time.
            if last in _TIMES_OF_DAY and _TIME_ZONE.match(paragraph, match.end()):
                continue
            # A dot standing alone as a word is a symbol named ("names containing /, :, or .
            # are…"), unless a capitalised word follows it.
            if (
                match.group().startswith(".")
                and paragraph[match.start() - 1 : match.start()].isspace()
                and not _opens_sentence(paragraph, match.end())
            ):
                continue
            ends.append(offset + match.end())
            start = match.end()
        if paragraph[start:].strip():
            ends.append(offset + len(paragraph))
        offset += len(paragraph) + 1
    return ends


def _opens_sentence(paragraph: str, at: int) -> bool:
    """Whether a capitalised word (or a letter of a script without case) follows `at`."""
    return _letter_after(_BEFORE_A_WORD, paragraph, at, ("Lu", "Lo"))


def _letter_after(
    pattern: re.Pattern[str], text: str, at: int, categories: tuple[str, ...]
) -> bool:
    """Whether `pattern` matches at `at` and a letter of one of the Unicode `categories`
    follows the match (the `regex` module's `\\p{Ll}` without importing it)."""
    match = pattern.match(text, at)
    return (
        bool(match)
        and unicodedata.category(text[match.end() : match.end() + 1] or " ") in categories
    )


def sentences(text: str) -> list[str]:
    """Sentences of `text`; a line break always ends one."""
    return list(_sentences(text))


@lru_cache(maxsize=8192)  # quote, description, takeaways and boilerplate split each block
def _sentences(text: str) -> tuple[str, ...]:
    out, start = [], 0
    for end in sentence_ends(text):
        piece = text[start:end].strip()
        if piece:
            out.append(piece)
        start = end
    return tuple(out)


def _is_heading(line: str, headings: set[str]) -> bool:
    return line.strip().rstrip(":").casefold() in headings


def blocks(post: Post) -> list[tuple[str, str]]:
    """The body as ("heading", text) and ("text", paragraph) blocks. Lines a hard wrap split
    (no closing punctuation, and long or followed by a lower-case word) are joined again."""
    headings = {one_line(h).rstrip(":").casefold() for h in post.headings}
    out: list[tuple[str, str]] = []
    joinable = False
    for line in plain(post.body).split("\n"):
        if not line:
            joinable = False
        elif _is_heading(line, headings):
            out.append(("heading", line))
            joinable = False
        elif joinable and (len(out[-1][1]) >= _WRAP_WIDTH or line[0].islower()):
            out[-1] = ("text", collapse_space(f"{out[-1][1]}\n{line}"))
            joinable = not CLOSED.search(line)
        else:
            out.append(("text", line))
            joinable = not CLOSED.search(line)
    return out


def post_blocks(post: Post) -> list[tuple[str, str]]:
    """The post's typed blocks (`Post.blocks`), else its body read back by `blocks`."""
    return list(post.blocks) if post.blocks else blocks(post)
