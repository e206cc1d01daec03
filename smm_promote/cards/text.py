"""Text that always fits its box: wrapping, auto-fit between two sizes, ellipsis, drawing.

Words wrap at spaces; CJK wraps between characters (closing punctuation stays with the
character before it); a word wider than the box breaks between graphemes. The largest size
between `max_size` and `min_size` that fits is chosen; at `min_size` the text is cut to the
line limit with an ellipsis. Lines are drawn into an image of the box's size, so no pixel can
land outside the box.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex
from PIL import Image, ImageDraw

from smm_promote.cards.fonts import BITMAP_STRIKE, Face, has_raqm, is_rtl, pil_font, split_runs
from smm_promote.cards.imaging import composite

ELLIPSIS = "…"
_CJK = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Bopomofo}"
_CLOSING = r"、。，．！？：；」』）】〉》〕｝〗〙〛’”!?,.:;)\]}ー々〜"
_TOKEN = regex.compile(rf"\s+|[{_CJK}]\p{{M}}*[{_CLOSING}]*|[^\s{_CJK}]+")
#: Scripts written without spaces between words (Korean spaces its words: it wraps at spaces).
_UNSPACED = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Bopomofo}"
_HAS_UNSPACED = regex.compile(rf"[{_UNSPACED}]")
_KANA = regex.compile(r"[\p{Hiragana}\p{Katakana}]")
_RUNS = regex.compile(rf"[{_UNSPACED}][{_UNSPACED}\p{{M}}{_CLOSING}]*|[^{_UNSPACED}]+")
_STARTS_CLOSED = regex.compile(rf"^[{_CLOSING}]")
#: Operator pairs that fonts' contextual alternates turn into arrows and other symbols.
_CODE = regex.compile(r"[<>=!:|&+*/~-]{2}|`")
NO_LIGATURES = ("-liga", "-calt")


@dataclass(frozen=True)
class TextBlock:
    """Lines laid out at one size, ready to draw."""

    lines: tuple[str, ...]
    size: int
    line_px: float
    ascent: int
    descent: int
    rtl: bool
    truncated: bool
    missing: str
    faces: tuple[Face, ...]

    @property
    def height(self) -> float:
        if not self.lines:
            return 0
        return self.ascent + self.descent + (len(self.lines) - 1) * self.line_px


def features(text: str) -> list[str] | None:
    """OpenType features for a run: ligatures and contextual alternates off for code-like
    text (`<-` must not become an arrow), where Pillow has libraqm to honour it."""
    return list(NO_LIGATURES) if _CODE.search(text) and has_raqm() else None


@lru_cache(maxsize=65536)
def _run_width(face: Face, text: str, size: int) -> float:
    font = pil_font(face, size)
    width = font.getlength(text, features=features(text))
    return width * size / BITMAP_STRIKE if face.color else width


#: The size words are measured at once, for estimates at every other size.
_REFERENCE = 100
#: Widths kept per chain of faces and size (a table is emptied when full).
_TABLE_SIZE = 4096


class _Widths:
    """Widths of texts in one chain of faces at one size, each text measured once."""

    def __init__(self, faces: tuple[Face, ...], size: int) -> None:
        self.faces, self.size = faces, size
        self.known: dict[str, float] = {}
        #: The bounds told so far: the exact width once it is known.
        self.bounded: dict[str, tuple[float, float]] = {}
        self.reference = self if size == _REFERENCE else _widths(faces, _REFERENCE)
        self.scale = size / _REFERENCE
        #: Shapers place glyphs in 1/64 px, so each advance and adjustment is rounded once
        #: at each size: the error bound per code point allows 4 of them (marks, kerning).
        self.slack = (1 + self.scale) / 16

    def exact(self, text: str) -> float:
        """The width of `text` in px: each font run shaped whole by Raqm."""
        width = self.known.get(text)
        if width is None:
            if len(self.known) >= _TABLE_SIZE:
                self.known.clear()
            runs, _ = split_runs(text, self.faces)
            width = self.known[text] = sum(_run_width(f, part, self.size) for f, part in runs)
            self._bound(text, (width, width))
        return width

    def _bound(self, text: str, found: tuple[float, float]) -> tuple[float, float]:
        if len(self.bounded) >= _TABLE_SIZE:
            self.bounded.clear()
        self.bounded[text] = found
        return found

    def bounds(self, text: str) -> tuple[float, float]:
        """Widths `text` certainly lies between: its width when measured at this size
        already, else its width at the reference size scaled, give or take the rounding of
        every glyph at both sizes."""
        found = self.bounded.get(text)
        if found is not None:
            return found
        width = self.known.get(text)
        if width is not None:
            return self._bound(text, (width, width))
        estimate = self.reference.exact(text) * self.scale
        error = (len(text) + 1) * self.slack
        return self._bound(text, (estimate - error, estimate + error))


@lru_cache(maxsize=256)  # with _TABLE_SIZE: a bounded memory, whatever the number of posts
def _widths(faces: tuple[Face, ...], size: int) -> _Widths:
    return _Widths(faces, size)


def measure(text: str, faces: tuple[Face, ...], size: int) -> float:
    """The width of `text` in px at `size`: each font run shaped whole by Raqm."""
    return _widths(faces, size).exact(text)


def bounds(text: str, faces: tuple[Face, ...], size: int) -> tuple[float, float]:
    """Widths `text` at `size` certainly lies between, from one exact measure per text."""
    return _widths(faces, size).bounds(text)


@lru_cache(maxsize=4)
def _parser(name: str):
    import budoux  # imported when a card has CJK text

    return getattr(budoux, f"load_default_{name}_parser")()


def _chinese(run: str) -> list[str]:
    """A Chinese run in phrases, by whichever of BudouX's simplified and traditional models
    finds the longer words in it (the text says which script it is written in)."""
    simple = _parser("simplified_chinese").parse(run)
    traditional = _parser("traditional_chinese").parse(run)
    return traditional if len(traditional) < len(simple) else simple


def _segment(chunk: str) -> list[str]:
    """Word-like phrases of a space-free chunk holding CJK: BudouX's Japanese model when it
    has kana (it keeps particles with the word before, Latin words whole), else its
    Chinese models over the CJK runs (Latin runs kept whole). Without BudouX,
    every character is a break opportunity."""
    try:
        if _KANA.search(chunk):
            parts = _parser("japanese").parse(chunk)
        else:
            parts = []
            for run in _RUNS.findall(chunk):
                parts.extend(_chinese(run) if _HAS_UNSPACED.match(run) else [run])
    except ImportError:
        return _TOKEN.findall(chunk)
    merged: list[str] = []
    for part in parts:
        if merged and _STARTS_CLOSED.match(part):  # closing punctuation stays with the word
            merged[-1] += part
        elif part:
            merged.append(part)
    return merged


@lru_cache(maxsize=4096)
def tokens(text: str) -> tuple[str, ...]:
    """Break units: spaces, words, and CJK phrases a segmenter knows."""
    found: list[str] = []
    for chunk in regex.split(r"(\s+)", text):
        if not chunk:
            continue
        if chunk.isspace() or not _HAS_UNSPACED.search(chunk):
            found.append(chunk)
        else:
            found.extend(_segment(chunk))
    return tuple(found)


def _metrics(faces: tuple[Face, ...], size: int) -> tuple[int, int]:
    ascent, descent = pil_font(faces[0], size).getmetrics()
    return ascent, descent


class _Line:
    """The parts of a line being filled, and whether their widths summed (left to right, as
    exact measures) stay within a width: told from the parts' bounds when clear of it, so
    most parts are never measured at this size."""

    def __init__(self, widths: _Widths, width: float) -> None:
        self.widths, self.width = widths, width
        self.parts: list[str] = []
        self.low = self.high = 0.0

    def add(self, part: str) -> None:
        low, high = self.widths.bounds(part)
        self.parts.append(part)
        self.low += low
        self.high += high

    def fits_with(self, part: str) -> bool:
        low, high = self.widths.bounds(part)
        low, high = self.low + low, self.high + high
        if high <= self.width or low > self.width:
            return high <= self.width
        # Too close to tell: measure parts, the least certain first, until it is clear.
        parts = [(each, *self.widths.bounds(each)) for each in (*self.parts, part)]
        low, high = sum(p[1] for p in parts), sum(p[2] for p in parts)
        for each, each_low, each_high in sorted(parts, key=lambda p: p[1] - p[2]):
            if high <= self.width or low > self.width:
                return high <= self.width
            if each_low == each_high:
                break  # the rest are known exactly
            width = self.widths.exact(each)
            low += width - each_low
            high += width - each_high
        return _fold([self.widths.exact(each) for each, _, _ in parts]) <= self.width


def _fold(widths: list[float]) -> float:
    """Widths summed left to right, as a line is measured while it is filled."""
    total = 0.0
    for width in widths:
        total += width
    return total


def _within(text: str, faces: tuple[Face, ...], size: int, width: float) -> bool:
    """Whether `text` measured whole at `size` is at most `width` px (told from its bounds
    when clear of it: a line laid out at several sizes is measured once)."""
    return _Line(_widths(faces, size), width).fits_with(text)


def _wrap(text: str, faces: tuple[Face, ...], size: int, width: float) -> list[str]:
    """Greedy wrap of `text` into lines no wider than `width` px (word widths summed)."""
    return _first_lines(text, faces, size, width, None)[0]


def _first_lines(
    text: str, faces: tuple[Face, ...], size: int, width: float, count: int | None
) -> tuple[list[str], bool]:
    """The first `count` lines of `_wrap` (all of them for None), and whether more follow:
    a line is final once the next one starts, so the words after that are never measured."""
    lines: list[str] = []
    current = ""
    widths = _widths(faces, size)
    line = _Line(widths, width)
    for token in tokens(text):
        if count is not None and (len(lines) > count or (len(lines) == count and current.strip())):
            return lines[:count], True
        if token.isspace():
            if current:
                current += " "
                line.add(" ")
            continue
        if current and line.fits_with(token):
            current += token
            line.add(token)
            continue
        if current.strip():
            lines.append(current.rstrip())
        current, line = "", _Line(widths, width)
        if line.fits_with(token):
            current = token
            line.add(token)
            continue
        for grapheme in regex.findall(r"\X", token):  # a word wider than the box
            if current and measure(current + grapheme, faces, size) > width:
                lines.append(current)
                current = ""
            current += grapheme
        line = _Line(widths, width)
        line.add(current)
    if current.strip():
        lines.append(current.rstrip())
    if count is None:
        return lines, False
    return lines[:count], len(lines) > count


def _more_lines_than(
    text: str, faces: tuple[Face, ...], size: int, width: float, count: int
) -> bool:
    """Whether `text` certainly wraps into more than `count` lines at this size (or breaks
    inside a word), told from the bounds of its words: `count` lines hold at most `count`
    widths, and each break between them drops at most one space. Only the words up to
    where that is clear are looked at."""
    widths = _widths(faces, size)
    room = count * width + (count - 1) * max(0.0, widths.bounds(" ")[1])
    total = 0.0
    for token in tokens(text):
        total += widths.bounds(token)[0]
        if total > room:
            return True
    return False


def _splits_a_word(text: str, faces: tuple[Face, ...], size: int, width: float) -> bool:
    """Whether a word is wider than the line at this size (it would break inside)."""
    widths = _widths(faces, size)
    return any(not t.isspace() and not _Line(widths, width).fits_with(t) for t in tokens(text))


def _words(text: str) -> int:
    return sum(1 for token in tokens(text) if not token.isspace())


def _lone_word(lines: list[str]) -> bool:
    """A line of one word in text of more than three words (a typographic widow)."""
    return (
        len(lines) > 1
        and sum(_words(line) for line in lines) > 3
        and any(_words(line) == 1 for line in lines)
    )


def _units(text: str) -> list[tuple[str, bool]]:
    """Break units (words, CJK phrases) and whether a space comes before each."""
    units: list[tuple[str, bool]] = []
    spaced = False
    for token in tokens(text):
        if token.isspace():
            spaced = True
            continue
        units.append((token, spaced and bool(units)))
        spaced = False
    return units


def _join(units: list[tuple[str, bool]]) -> str:
    return "".join(
        (" " if spaced and index else "") + word for index, (word, spaced) in enumerate(units)
    )


def even_lines(text: str, faces: tuple[Face, ...], size: int, width: float, max_lines: int):
    """Lines at this size as even as they go, with no line of a lone word in text of more
    than three words when that can be avoided (least squared slack over every line), or
    None when no word-boundary layout fits `max_lines` lines of `width`."""
    units = _units(text)
    count = len(units)
    if count == 0:
        return []
    lone = 10 * width * width if count > 3 else 0.0
    # Widths scale with the size: measured once at a reference size (the chosen lines are
    # measured exactly by the caller's fit check).
    scale = size / _REFERENCE
    space = measure(" ", faces, _REFERENCE) * scale
    widths = [measure(word, faces, _REFERENCE) * scale for word, _ in units]
    best: list[tuple[float, int, int]] = [(0.0, 0, 0)] + [(float("inf"), 0, 0)] * count
    for end in range(1, count + 1):
        line_w = 0.0
        for start in range(end - 1, -1, -1):
            line_w += widths[start] + (space if start < end - 1 and units[start + 1][1] else 0)
            if line_w > width:
                break
            cost, _, lines = best[start]
            if lines >= max_lines or cost == float("inf"):
                continue
            total = cost + (width - line_w) ** 2 + (lone if end - start == 1 else 0.0)
            if total < best[end][0]:
                best[end] = (total, start, lines + 1)
    if best[count][0] == float("inf"):
        return None
    lines, end = [], count
    while end:
        start = best[end][1]
        lines.append(_join(units[start:end]))
        end = start
    return lines[::-1]


def _even_fitting(text, faces, box, size, max_lines, lh) -> list[str] | None:
    """`even_lines` that fit the box measured exactly (the estimate can be a little short:
    then a slightly narrower measure is tried)."""
    for narrow in (1.0, 0.97, 0.94):
        found = even_lines(text, faces, size, box[0] * narrow, max_lines)
        if found is not None and _fits(found, faces, size, box, max_lines, lh):
            return found
    return None


def _settle(text, faces, box, size, min_size, lines, max_lines, lh):
    """The size and lines to draw: even lines at the fitted size; when they keep a lone word,
    the largest smaller size whose even lines have none."""
    even = _even_fitting(text, faces, box, size, max_lines, lh)
    if even is None:
        return size, lines
    if not _lone_word(even):
        return size, even
    for smaller in range(size - 1, min_size - 1, -1):
        found = _even_fitting(text, faces, box, smaller, max_lines, lh)
        if found and not _lone_word(found):
            return smaller, found
    return size, even


def _fits(lines: list[str], faces, size: int, box: tuple[int, int], max_lines: int, lh: float):
    ascent, descent = _metrics(faces, size)
    height = ascent + descent + (len(lines) - 1) * size * lh
    if len(lines) > max_lines or height > box[1]:
        return False
    return all(_within(line, faces, size, box[0]) for line in lines)


def ellipsize(line: str, faces: tuple[Face, ...], size: int, width: float) -> str:
    """`line` shortened at the end until it and an ellipsis fit `width`."""
    graphemes = regex.findall(r"\X", line)
    while graphemes:
        candidate = "".join(graphemes).rstrip(" ,;:.-–—") + ELLIPSIS
        if measure(candidate, faces, size) <= width:
            return candidate
        graphemes.pop()
    return ELLIPSIS if measure(ELLIPSIS, faces, size) <= width else ""


@lru_cache(maxsize=1024)  # the site's name, its domain: the same block on every card
def layout(
    text: str,
    faces: tuple[Face, ...],
    box: tuple[int, int],
    *,
    max_size: int,
    min_size: int,
    max_lines: int,
    line_height: float = 1.15,
) -> TextBlock:
    """The largest size in [min_size, max_size] at which `text` fits `box` (width, height)."""
    text = " ".join(text.split())
    _, missing = split_runs(text, faces)
    min_size = max(1, min(min_size, max_size))
    low, high, best = min_size, max_size, None
    while low <= high:  # binary search on the font size
        mid = (low + high) // 2
        # Told not to fit from the words' bounds, or from the line after the last that fits.
        lines, more = [], _more_lines_than(text, faces, mid, box[0], max_lines)
        if not more:
            lines, more = _first_lines(text, faces, mid, box[0], max_lines)
        if (
            not more
            and not _splits_a_word(text, faces, mid, box[0])
            and _fits(lines, faces, mid, box, max_lines, line_height)
        ):
            best, low = (mid, lines), mid + 1
        else:
            high = mid - 1
    truncated = False
    if best is None:
        size = min_size
        lines, more = _first_lines(text, faces, size, box[0], max_lines)
        ascent, descent = _metrics(faces, size)
        room = int((box[1] - ascent - descent) // (size * line_height)) + 1
        keep = max(0, min(max_lines, room, len(lines)))
        truncated = more or keep < len(lines)
        lines = lines[:keep]
        if truncated and lines:
            lines[-1] = ellipsize(lines[-1], faces, size, box[0])
        lines = [  # measured whole, a line can be a little wider than its parts summed
            ellipsize(line, faces, size, box[0]) if measure(line, faces, size) > box[0] else line
            for line in lines
        ]
        lines = [line for line in lines if line]
        best = (size, lines)
    size, lines = best
    if not truncated:
        size, lines = _settle(text, faces, box, size, min_size, lines, max_lines, line_height)
    ascent, descent = _metrics(faces, size)
    return TextBlock(
        tuple(lines),
        size,
        size * line_height,
        ascent,
        descent,
        is_rtl(text),
        truncated,
        missing,
        faces,
    )


@lru_cache(maxsize=512)
def _emoji(face: Face, text: str, size: int) -> tuple[Image.Image, float, float]:
    """Colour glyphs drawn at the strike size and scaled to `size`: image and offsets."""
    font = pil_font(face, size)
    left, top, right, bottom = font.getbbox(text, anchor="ls")
    strike = Image.new("RGBA", (max(1, right - left), max(1, bottom - top)))
    ImageDraw.Draw(strike).text((-left, -top), text, font=font, anchor="ls", embedded_color=True)
    scale = size / BITMAP_STRIKE
    scaled = strike.resize(
        (max(1, round(strike.width * scale)), max(1, round(strike.height * scale))),
        Image.Resampling.LANCZOS,
    )
    return scaled, left * scale, top * scale


def draw(
    block: TextBlock,
    size: tuple[int, int],
    *,
    color: tuple[int, int, int, int],
    align: str = "left",
    valign: str = "top",
) -> Image.Image:
    """The block drawn on a transparent image of the box's `size`."""
    layer = Image.new("RGBA", size)
    pen = ImageDraw.Draw(layer)
    if block.rtl and align in {"left", "right"}:
        align = "right" if align == "left" else "left"
    top = {"top": 0, "middle": (size[1] - block.height) / 2, "bottom": size[1] - block.height}[
        valign
    ]
    for number, line in enumerate(block.lines):
        runs, _ = split_runs(line, block.faces)
        x: float = 0
        if align != "left":
            total = sum(_run_width(face, part, block.size) for face, part in runs)
            x = (size[0] - total) / 2 if align == "center" else size[0] - total
        baseline = top + block.ascent + number * block.line_px
        order = list(runs)
        if block.rtl:
            order.reverse()
        for index, (face, part) in enumerate(order):
            if face.color:
                image, dx, dy = _emoji(face, part, block.size)
                composite(layer, image, (round(x + dx), round(baseline + dy)))
            else:
                font = pil_font(face, block.size)
                pen.text((x, baseline), part, font=font, fill=color, anchor="ls",
                         features=features(part))  # fmt: skip
            if index < len(order) - 1:  # the next run starts where this one ends
                x += _run_width(face, part, block.size)
    return layer
