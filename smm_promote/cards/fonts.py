"""Fonts for cards: named families, a fallback chain, and text split into per-font runs.

Latin, Greek, Cyrillic and Arabic come from the OFL fonts of the `fontpkg-*` packages (their
licence files travel with them), so cards look the same on a machine with no system fonts.
CJK and colour emoji come from the system through fontconfig (one `fc-list` per run) when
installed, and so does a site's own text font (its theme's, e.g. Roboto) by family name;
a fontconfig that does not answer is an error, never taken for "not installed".
Each grapheme is drawn with the first font of the chain that has every glyph it needs, so a
card never shows a `.notdef` box; a grapheme no font covers is left out and reported.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import fontpkg
import regex
from fontTools.ttLib import TTCollection, TTFont
from PIL import ImageFont

from smm_promote.errors import SmmPromoteError

#: Families shipped through fontpkg packages, by the name templates use.
PACKAGED = {
    "inter": "inter",
    "noto-sans": "noto-sans",
    "noto-serif": "noto-serif",
    "noto-sans-arabic": "noto-sans-arabic",
}
#: System families found through fontconfig, by the name templates use.
SYSTEM = {
    "noto-sans-cjk": "Noto Sans CJK SC",
    "noto-serif-cjk": "Noto Serif CJK SC",
    "noto-color-emoji": "Noto Color Emoji",
}
#: Template families that stand for "the card's text font": a site's own font (the context's
#: `text_font`) replaces them; a serif or a font file a template names is its design and stays.
TEXT_FAMILIES = frozenset({"inter", "noto-sans"})
#: Tried after a layer's own family, in order.
FALLBACK_CHAIN = ("noto-sans", "noto-sans-arabic", "noto-sans-cjk", "noto-color-emoji")
#: Colour bitmap fonts (CBDT) only load at their strike size; glyphs are scaled from it.
BITMAP_STRIKE = 109

_EMOJI = regex.compile(r"\p{Emoji_Presentation}|\uFE0F|\p{Regional_Indicator}")
_INVISIBLE = {0x200D, 0xFE0E, 0xFE0F, 0x20E3} | set(range(0xE0020, 0xE0080))


class FontNotFound(LookupError):
    """A family or file named in a template does not exist on this machine."""


@dataclass(frozen=True)
class Face:
    """One font file (and index in a collection) at one weight."""

    name: str
    path: str
    index: int = 0
    weight: int = 400
    variable: bool = False
    color: bool = False

    def __post_init__(self) -> None:  # faces key many small caches: hash once
        object.__setattr__(self, "_hash", hash((self.path, self.index, self.weight)))

    def __hash__(self) -> int:
        return self._hash  # type: ignore[attr-defined]

    @property
    def fingerprint(self) -> str:
        """Identity for cache keys: file name, size and the weight drawn."""
        p = Path(self.path)
        return f"{p.name}:{p.stat().st_size}:{self.index}:{self.weight}"


#: Seconds fontconfig may take to list the fonts once per run (a first run on a machine
#: builds its cache, which takes a while).
FC_LIST_TIMEOUT = 120.0
#: fontconfig's weight numbers for regular and bold.
_FC_REGULAR, _FC_BOLD = 80, 200
#: fontconfig's weight number for each CSS weight (thin 0 ... black 210).
_FC_WEIGHTS = {100: 0, 200: 40, 300: 50, 400: 80, 500: 100, 600: 180, 700: 200, 800: 205, 900: 210}


class FontconfigTimeout(SmmPromoteError):
    """fontconfig did not answer in time: the fonts are unknown, not absent."""


@dataclass(frozen=True)
class _SystemFont:
    families: tuple[str, ...]
    style: str
    weight: int
    file: str
    index: int


@lru_cache(maxsize=1)
def _system_fonts() -> tuple[_SystemFont, ...]:
    """Every font fontconfig knows, from one `fc-list` (not one `fc-match` per lookup)."""
    if not shutil.which("fc-list"):
        return ()
    try:
        out = subprocess.run(
            ["fc-list", "--format", "%{family}\t%{style}\t%{weight}\t%{file}\t%{index}\n"],
            capture_output=True, text=True, timeout=FC_LIST_TIMEOUT, check=True,
        ).stdout  # fmt: skip
    except subprocess.TimeoutExpired:
        raise FontconfigTimeout(
            f"fontconfig did not list the system fonts within {FC_LIST_TIMEOUT:g} s (it may"
            " still be building its cache); run again when `fc-list` answers"
        ) from None
    except (OSError, subprocess.SubprocessError):
        return ()
    fonts = []
    for line in out.splitlines():
        family, style, weight, file, index = (line.split("\t") + [""] * 5)[:5]
        number = regex.search(r"\d+", weight)
        if file:
            fonts.append(_SystemFont(
                tuple(f.strip() for f in family.split(",") if f.strip()), style,
                int(number[0]) if number else _FC_REGULAR, file, int(index or 0),
            ))  # fmt: skip
    return tuple(fonts)


def _fc_match(family: str, bold: bool = False, weight: int | None = None) -> tuple[str, int] | None:
    """The file and index of `family` (upright, the weight nearest regular or bold, or
    nearest the CSS `weight` when given)."""
    wanted = family.lower()
    found = [f for f in _system_fonts() if wanted in (n.lower() for n in f.families)]
    if not found:
        return None
    target = _FC_BOLD if bold else _FC_REGULAR
    if weight is not None:
        target = _FC_WEIGHTS[min(_FC_WEIGHTS, key=lambda css: abs(css - weight))]
    heavier = target > _FC_REGULAR  # CSS: a bold weight missing goes heavier first
    best = min(
        found,
        key=lambda f: (regex.search("italic|oblique", f.style, regex.I) is not None,
                       abs(f.weight - target), (f.weight < target) == heavier, f.file, f.index),
    )  # fmt: skip
    return best.file, best.index


@lru_cache(maxsize=128)
def resolve(name: str, weight: int = 400, style: str = "normal") -> Face:
    """The face for a family name (packaged or system) or a font file path."""
    key = name.strip().lower()
    if key in PACKAGED:
        try:
            chosen = fontpkg.select_file(
                fontpkg.family(PACKAGED[key]),
                fontpkg.normalize_weight(weight),
                fontpkg.normalize_style(style),
                True,
            )
        except fontpkg.FontpkgError as exc:
            raise FontNotFound(f"font family {name!r} is not installed ({exc})") from None
        return Face(key, str(chosen.path), 0, weight, chosen.variable)
    if key in SYSTEM:
        found = _fc_match(SYSTEM[key], bold=weight >= 600)
        if not found:
            raise FontNotFound(f"system font {SYSTEM[key]!r} not found by fontconfig")
        color = key == "noto-color-emoji"
        return Face(key, found[0], found[1], weight, False, color)
    path = Path(name).expanduser()
    if path.suffix.lower() in {".ttf", ".otf", ".ttc"} and path.is_file():
        return Face(path.stem.lower(), str(path.resolve()), 0, weight, False)
    if path.suffix.lower() not in {".ttf", ".otf", ".ttc"}:
        found = _fc_match(name.strip(), weight=weight)  # a site's own font, e.g. "Roboto"
        if found:
            return Face(key, found[0], found[1], weight, False)
    known = ", ".join([*PACKAGED, *SYSTEM])
    raise FontNotFound(
        f"unknown font {name!r}; expected one of {known}, a family fontconfig knows or a"
        " .ttf/.otf file"
    )


def layer_family(family: str, text_font: str | None) -> str:
    """The family a layer is drawn in: the site's `text_font` for the template's text font."""
    return text_font if text_font and family in TEXT_FAMILIES else family


def installed(family: str) -> bool:
    """Whether `family` (a packaged name, or a family name such as "Roboto") can be drawn."""
    try:
        resolve(family)
    except FontNotFound:
        return False
    return True


def chain(family: str, weight: int = 400) -> tuple[tuple[Face, ...], list[str]]:
    """The layer's face followed by the installed fallbacks, and any problem met."""
    faces: list[Face] = []
    problems: list[str] = []
    try:
        faces.append(resolve(family, weight))
    except FontNotFound as exc:
        problems.append(f"{exc}; using noto-sans")
    for name in FALLBACK_CHAIN:
        try:
            face = resolve(name, weight)
        except FontNotFound:
            continue
        if all(f.path != face.path or f.index != face.index for f in faces):
            faces.append(face)
    return tuple(faces), problems


def coverage(face: Face) -> frozenset[int]:
    """Code points the face has a glyph for (its best cmap)."""
    return _coverage(face.path, face.index)


@lru_cache(maxsize=16)
def _coverage(path: str, index: int) -> frozenset[int]:
    """The face's code points, from the user's cache folder when this file (path, size and
    time) was read before: parsing a CJK font's cmap with fontTools takes a tenth of a second."""
    stat = os.stat(path)
    tag = hashlib.sha256(f"{path}\0{index}".encode()).hexdigest()[:16]
    cached = _cmap_folder() / f"{Path(path).name}-{tag}-{stat.st_size}-{stat.st_mtime_ns}.json"
    try:
        ranges = json.loads(cached.read_text(encoding="utf-8"))
        return frozenset(c for start, end in ranges for c in range(start, end))
    except (OSError, ValueError, TypeError):  # not there yet, or unreadable: read the font
        pass
    points = _read_cmap(path, index)
    _save_ranges(cached, points)
    return points


def _cmap_folder() -> Path:
    from smm_promote.sites.detect_lang import cache_folder

    return cache_folder() / "cmaps"


def _save_ranges(target: Path, points: frozenset[int]) -> None:
    """Keep `points` as [start, end) ranges (a font's code points come in long runs)."""
    ranges: list[list[int]] = []
    for point in sorted(points):
        if ranges and ranges[-1][1] == point:
            ranges[-1][1] += 1
        else:
            ranges.append([point, point + 1])
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        temp.write_text(json.dumps(ranges, separators=(",", ":")), encoding="utf-8")
        os.replace(temp, target)
    except OSError:  # a read-only cache folder: read the font again next time
        pass


def _read_cmap(path: str, index: int) -> frozenset[int]:
    if path.lower().endswith(".ttc"):
        font = TTCollection(path, lazy=True).fonts[index]
    else:
        font = TTFont(path, lazy=True)
    try:
        # Numbered glyph names: reading the cmap then needs no CFF charset or post table.
        font.setGlyphOrder([f"g{i}" for i in range(font["maxp"].numGlyphs)])
        return frozenset(font.getBestCmap() or {})
    finally:
        font.close()


@lru_cache(maxsize=512)
def pil_font(face: Face, size: int) -> ImageFont.FreeTypeFont:
    """A Pillow font at `size` px (the strike size for colour bitmap fonts)."""
    font = ImageFont.truetype(
        face.path,
        BITMAP_STRIKE if face.color else max(1, size),
        index=face.index,
        layout_engine=ImageFont.Layout.RAQM if has_raqm() else ImageFont.Layout.BASIC,
    )
    if face.variable:
        values = []
        for axis in font.get_variation_axes():
            axis_name = axis["name"]
            if isinstance(axis_name, bytes):
                axis_name = axis_name.decode("ascii", "replace")
            if axis_name.strip().lower() in {"weight", "wght"}:
                values.append(float(min(max(face.weight, axis["minimum"]), axis["maximum"])))
            else:
                values.append(float(axis["default"]))
        font.set_variation_by_axes(values)
    return font


@lru_cache(maxsize=1)
def has_raqm() -> bool:
    """Whether Pillow lays text out with libraqm (OpenType features, complex scripts)."""
    from PIL import features

    return bool(features.check("raqm"))


def _needs(cluster: str) -> list[int]:
    """Code points a face must have to draw `cluster` (joiners and selectors excluded)."""
    return [
        ord(c)
        for c in cluster
        if ord(c) not in _INVISIBLE and unicodedata.category(c) not in {"Cc", "Cf"}
    ]


def _is_neutral(cluster: str) -> bool:
    return all(unicodedata.category(c)[0] in "ZP" or c in "-–—'\"" for c in cluster)


def _first_face_has_all(text: str, face: Face) -> bool:
    """Whether every grapheme of `text` goes to `face`, the first of its chain: no emoji, and
    each code point a glyph of `face` or one that needs none."""
    if face.color or _EMOJI.search(text):
        return False
    covered = coverage(face)
    return all(
        ord(c) in covered or ord(c) in _INVISIBLE or unicodedata.category(c) in {"Cc", "Cf"}
        for c in set(text)
    )


@lru_cache(maxsize=4096)
def split_runs(text: str, faces: tuple[Face, ...]) -> tuple[tuple[tuple[Face, str], ...], str]:
    """Split `text` into (face, text) runs; also return the graphemes no face covers."""
    if text and faces and _first_face_has_all(text, faces[0]):
        return ((faces[0], text),), ""
    runs: list[list] = []
    missing = []
    for cluster in regex.findall(r"\X", text):
        needed = _needs(cluster)
        wants_emoji = bool(_EMOJI.search(cluster))
        face = None
        previous = runs[-1][0] if runs else None
        if (
            previous
            and not previous.color
            and _is_neutral(cluster)
            and (set(needed) <= coverage(previous))
        ):
            face = previous
        else:
            candidates = sorted(faces, key=lambda f: not f.color) if wants_emoji else faces
            if not wants_emoji:  # a colour font's space or digits are emoji-sized
                candidates = tuple(f for f in faces if not f.color) + tuple(
                    f for f in faces if f.color
                )
            for candidate in candidates:
                if set(needed) <= coverage(candidate):
                    face = candidate
                    break
            if face is None and wants_emoji:
                base = needed[:1]
                face = next((f for f in faces if f.color and set(base) <= coverage(f)), None)
        if face is None:
            if needed:
                missing.append(cluster)
            continue
        if runs and runs[-1][0] == face:
            runs[-1][1] += cluster
        else:
            runs.append([face, cluster])
    return tuple((f, t) for f, t in runs), "".join(missing)


def fingerprint(faces: tuple[Face, ...]) -> str:
    return hashlib.sha256("|".join(f.fingerprint for f in faces).encode()).hexdigest()[:16]


def is_rtl(text: str) -> bool:
    """Whether the paragraph's first strong character is right-to-left."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False
