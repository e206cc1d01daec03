"""Words for captions, taken from a post: clean text, sentences, a quote, takeaways, a hook."""

from __future__ import annotations

import html
import re
import unicodedata

import regex

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
_UNWANTED = regex.compile(r"(?!\n)[\s\p{Cc}\p{Cs}\p{Co}\p{Cn}\ufeff\ufffe\uffff]")

#: Words that end a sentence-looking run but do not end a sentence.
_ABBREVIATIONS_TEXT = "e.g i.e etc vs mr mrs ms dr prof st no fig inc ltd co jr sr approx cf al"
_ABBREVIATIONS = frozenset(_ABBREVIATIONS_TEXT.split())
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s|$)|[。！？]+[”’」』）]*")
#: Headings that say nothing about the post.
_GENERIC_WORDS = re.compile(
    r"^(?:introduction|intro|conclusions?|summary|notes?|faqs?|frequently asked questions|"
    r"(?:table of )?contents|references|related (?:posts|articles)|most relevant blogs|"
    r"further reading|read more|about the author|final thoughts|wrapping up|tl;?dr)$",
    re.IGNORECASE,
)
#: A sentence opening with one of these leans on what came before it.
_DEPENDENT_OPENERS = re.compile(
    r"^(?:this|these|that|those|it|they|he|she|here|there|however|but|and|or|so|also|"
    r"for example|for instance|in this|as a whole|as mentioned|then|finally|additionally|"
    r"furthermore|moreover|such)\b",
    re.IGNORECASE,
)
#: Calls to action and site furniture that a quote should not be.
_PROMOTIONAL = re.compile(
    r"\b(?:click|subscribe|sign up|log ?in|learn more|try \w+ for|read more|follow us|"
    r"we want to help|contact us|cookie|newsletter|pricing|free trial)\b",
    re.IGNORECASE,
)
_NUMBERING = re.compile(r"^\s*(?:(?:step|tip|part)\s+)?\d{1,3}\s*[.):\-–—]\s*", re.IGNORECASE)
_LABEL_ITEM = re.compile(r"^([^:.!?]{3,60}):\s+\S")

QUOTE_MIN, QUOTE_MAX = 60, 200
#: A line shorter than this that lacks closing punctuation is a line of its own, not a wrap.
_WRAP_WIDTH = 50
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")
_CLOSED = re.compile(r"[.!?:;…。！？：；][\"'”’)\]」』）]*$")


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


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", plain(text)).strip()


def sentence_ends(text: str) -> list[int]:
    """Where each sentence of `text` ends (exclusive offsets); a line break always ends one."""
    ends: list[int] = []
    offset = 0
    for paragraph in text.split("\n"):
        start = 0
        for match in _SENTENCE_END.finditer(paragraph):
            words = paragraph[start : match.start()].split()
            last = words[-1].lower().rstrip(".") if words else ""
            if match.group().startswith(".") and (
                last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha())
            ):
                continue
            ends.append(offset + match.end())
            start = match.end()
        if paragraph[start:].strip():
            ends.append(offset + len(paragraph))
        offset += len(paragraph) + 1
    return ends


def sentences(text: str) -> list[str]:
    """Sentences of `text`; a line break always ends one."""
    out, start = [], 0
    for end in sentence_ends(text):
        piece = text[start:end].strip()
        if piece:
            out.append(piece)
        start = end
    return out


def sentence_case(text: str) -> str:
    """Capitalise the first letter (for lower-cased sources) and a lone lower-case 'i'."""
    text = re.sub(r"(?<!\w)i(?=\s|')", "I", text)
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1 :]
        if not (ch.isspace() or ch in "\"'“‘("):
            break
    return text


def _restore_case(text: str, post: Post) -> str:
    """Sentence case for a source that lost its capitals (all lower case); any other text,
    with its names and titles, is kept as written."""
    return sentence_case(text) if text and _lower_cased(post.body) else text


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
            out[-1] = ("text", f"{out[-1][1]} {line}")
            joinable = not _CLOSED.search(line)
        else:
            out.append(("text", line))
            joinable = not _CLOSED.search(line)
    return out


def body_sentences(post: Post) -> list[str]:
    """The sentences of the body's paragraphs (headings left out)."""
    return [s for kind, text in blocks(post) if kind == "text" for s in sentences(text)]


def _starts_well(sentence: str, post: Post) -> bool:
    """A sentence opens with a capital, unless the whole post is written in lower case."""
    return not sentence[0].islower() or _lower_cased(post.body)


def _lower_cased(text: str) -> bool:
    letters = [ch for ch in text[:5000] if ch.isalpha() and (ch.isupper() or ch.islower())]
    return bool(letters) and sum(ch.isupper() for ch in letters) < 0.01 * len(letters)


def _good_sentence(sentence: str, low: int, high: int) -> bool:
    words = sentence.split()
    return (
        low <= len(sentence) <= high
        and (len(words) >= 6 or len(_CJK.findall(sentence)) >= 12)
        and sentence[-1] in ".!?。！？"
        and sentence[0].isalpha()
        and "://" not in sentence
        and not sentence.rstrip(".!?").endswith(":")
        and not _PROMOTIONAL.search(sentence)
        and sum(ch.isalpha() for ch in sentence) > 0.7 * len(sentence)
    )


def description(post: Post, limit: int = 300) -> str:
    """The post's summary, or its first well-formed sentences (up to `limit` characters)."""
    summary = one_line(post.summary)
    if summary:
        return _restore_case(summary, post)
    chosen: list[str] = []
    for sentence in body_sentences(post):
        if chosen and len(" ".join([*chosen, sentence])) > limit:
            break
        if _good_sentence(sentence, 30, limit) and (chosen or _starts_well(sentence, post)):
            chosen.append(sentence)
        elif chosen:
            break
    return _restore_case(" ".join(chosen), post)


def quote(post: Post, avoid: str = "") -> str | None:
    """A strong sentence of the body (60-200 characters), not navigation text, not a heading,
    and not one of the sentences in `avoid` (the description)."""
    keywords = {w for w in re.findall(r"\w{4,}", post.title.casefold())}
    avoid_folded = avoid.casefold()
    best: tuple[float, int, str] | None = None
    for index, sentence in enumerate(body_sentences(post)):
        if not _good_sentence(sentence, QUOTE_MIN, QUOTE_MAX) or not _starts_well(sentence, post):
            continue
        if sentence.casefold() in avoid_folded or sentence.endswith("?"):
            continue
        if _LABEL_ITEM.match(sentence):
            continue
        score = 0.0
        if _DEPENDENT_OPENERS.match(sentence):
            score -= 3
        if re.search(r"\b(?:I|we|our|us|you'll)\b", sentence):
            score -= 1
        if "(" in sentence or ";" in sentence:
            score -= 0.5
        words = set(re.findall(r"\w{4,}", sentence.casefold()))
        score += min(len(words & keywords), 3)
        score += 1 if 80 <= len(sentence) <= 170 else 0
        score -= sentence.count(",") * 0.3
        candidate = (score, -index, sentence)
        if best is None or candidate > best:
            best = candidate
    return _restore_case(best[2], post) if best else None


def _clean_item(text: str) -> str:
    return _NUMBERING.sub("", one_line(text)).strip().rstrip(":").strip()


def takeaways(post: Post, most: int = 7) -> list[tuple[str, str]]:
    """Short points of the post with a sentence of detail each: numbered headings, else the
    other headings, else "Label: text" list items of the body."""
    headings = [h for h in (one_line(h) for h in post.headings) if h]
    numbered = [h for h in headings if _NUMBERING.match(h)]
    chosen = (
        numbered
        if len(numbered) >= 2
        else [h for h in headings if not _GENERIC_WORDS.match(_clean_item(h))]
    )
    found = blocks(post)
    points: list[tuple[str, str]] = []
    if len(chosen) >= 2:
        keys = [text.rstrip(":").casefold() if kind == "heading" else None for kind, text in found]
        for heading in chosen:
            key = heading.rstrip(":").casefold()
            detail = ""
            if key in keys:
                at = keys.index(key) + 1
                if at < len(found) and found[at][0] == "text":
                    detail = _detail(found[at][1])
            points.append((_clean_item(heading), detail))
    else:
        for kind, text in found:
            line = _NUMBERING.sub("", text)
            match = _LABEL_ITEM.match(line)
            if kind == "text" and match and len(match.group(1).split()) <= 8:
                label = match.group(1)
                points.append((_clean_item(label), _detail(line[len(label) + 1 :].strip())))
    points = [(_restore_case(p, post), _restore_case(d, post)) for p, d in points if p]
    return points[:most] if len(points) >= 2 else []


def _detail(text: str) -> str:
    """The first sentence of `text` when it reads as one (else nothing)."""
    found = sentences(text)
    first = found[0] if found else ""
    return first if _good_sentence(first, 20, 280) else ""


_WH_WORDS = re.compile(r"^(?:how|why|what|when|where|who|which)\b", re.IGNORECASE)
_STATEMENT = re.compile(r"^(\S.*?)\s+(is|are|can|will|should)\s+(\S.*)$")
_YES_NO_WORDS = re.compile(r"^(?:is|are|can|should|do|does|will|did|was)\b", re.IGNORECASE)


def question(title: str) -> str:
    """A hook built from the title: the title if it asks, else a question about it."""
    title = one_line(title).rstrip(" .:;,!")
    if not title:
        return ""
    if title.endswith("?"):
        return title
    if re.match(r"^how to\b", title, re.IGNORECASE):
        return "Want to know " + title[0].lower() + title[1:] + "?"
    if _WH_WORDS.match(title):
        return "Ever wondered " + title[0].lower() + title[1:] + "?"
    if _YES_NO_WORDS.match(title):
        return title + "?"
    statement = _STATEMENT.match(title)
    if statement and len(statement.group(1).split()) <= 6:
        subject, verb, rest = statement.groups()
        return f"{verb.capitalize()} {subject} {rest}?"
    return f"Curious about {title}?"
