"""Draw one card: a template's layers for one post at one size, then encode it.

`draw_card(job)` is a pure function of its `Job` (picklable, run in worker processes).
Layers that are the same on every card of a run (a background photo, the logo) are
prepared once per process through small caches keyed by file digest and size.
"""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

from smm_promote.cards import fonts, text
from smm_promote.cards.imaging import (
    ImageProblem,
    apply_mask,
    blur,
    color,
    composite,
    contain,
    cover,
    gradient,
    load,
    rounded_mask,
)
from smm_promote.cards.templates import (
    BackgroundLayer,
    ImageLayer,
    ListLayer,
    ShapeLayer,
    Template,
    TextLayer,
    applies,
    render_items,
    render_text,
)

DEBUG_COLORS = ("#ff2d55", "#34c759", "#0a84ff", "#ffd60a", "#bf5af2", "#ff9f0a")


@dataclass(frozen=True)
class Job:
    """Everything one card is drawn from."""

    template: Template
    size: tuple[int, int]
    context: dict[str, Any]
    #: Local image files by source name (`post`, `logo`, `avatar`, or a path) with digests.
    images: dict[str, tuple[str, str]] = field(default_factory=dict)
    format: str = "png"
    byte_limit: int = 5_000_000
    debug: bool = False


@dataclass
class Drawn:
    """The drawn card, the pixel boxes of its layers, and what went wrong."""

    image: Image.Image
    boxes: list[tuple[str, tuple[int, int, int, int]]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def orientation(size: tuple[int, int]) -> str:
    ratio = size[0] / size[1]
    if ratio >= 1.25:
        return "landscape"
    if ratio > 0.85:
        return "square"
    return "portrait" if ratio >= 0.75 else "tall"


def pixel_box(layer: Any, size: tuple[int, int]) -> tuple[int, int, int, int]:
    """A layer's box in pixels (tall cards: portrait boxes in a centred 4:5 band)."""
    kind = orientation(size)
    x, y, w, h = layer.box_for(kind)
    width, height = size
    banded = kind == "tall" and not (isinstance(layer.box, dict) and "tall" in layer.box)
    band = min(height, width * 1.25) if banded else height
    offset = (height - band) / 2
    top, bottom = offset + y * band / 100, offset + (y + h) * band / 100
    if banded and y <= 0 and y + h >= 100:
        top, bottom = 0, height
    elif banded and y <= 0:  # pinned to the top edge
        top, bottom = 0, h * band / 100
    elif banded and y + h >= 100:  # pinned to the bottom edge
        top, bottom = height - h * band / 100, height
    left = round(x * width / 100)
    return left, round(top), round((x + w) * width / 100) - left, round(bottom) - round(top)


@lru_cache(maxsize=16)
def _prepared(
    path: str, digest: str, size: tuple[int, int], fit: str, radius: float
) -> Image.Image:
    """A source image fitted (and blurred) to `size`, once per process (`digest` keys the
    cache to the file's content, so an edited image is loaded again)."""
    image = load(Path(path), size)
    if fit == "cover":
        return blur(cover(image, size), radius)
    return contain(image, size)


def _fill(size: tuple[int, int], template: Template, solid: str, stops, angle: float):
    if stops and len(stops) >= 2:
        return gradient(size, tuple(color(template.color(s)) for s in stops), angle)
    return Image.new("RGBA", size, color(template.color(stops[0] if stops else solid)))


@lru_cache(maxsize=16)
def _opaque_gradient(size: tuple[int, int], stops: tuple, angle: float) -> Image.Image:
    return gradient(size, stops, angle).convert("RGB")


def _canvas(size: tuple[int, int], template: Template, layer: BackgroundLayer):
    """An opaque RGB canvas for a full-card background, or None if it has transparency."""
    if layer.gradient and len(layer.gradient) >= 2:
        stops = tuple(color(template.color(s)) for s in layer.gradient)
        if all(s[3] == 255 for s in stops):
            return _opaque_gradient(size, stops, layer.angle).copy()
        return None
    fill = color(template.color(layer.gradient[0] if layer.gradient else layer.color))
    return Image.new("RGB", size, fill[:3]) if fill[3] == 255 else None


class _Painter:
    def __init__(self, job: Job, canvas: Image.Image | None = None) -> None:
        self.job = job
        self.template = job.template
        self.size = job.size
        self.vmin = min(job.size) / 100
        self.drawn = Drawn(canvas or Image.new("RGB", job.size, (17, 24, 39)))
        #: Whether a photo lies under the layers drawn next (their text gets a scrim).
        self.over_photo = False
        #: Where each named text layer's lines end (for layers placed `after` them).
        self.ink_bottoms: dict[str, int] = {}

    def image_for(self, source: str, size: tuple[int, int], fit: str, radius: float = 0):
        entry = self.job.images.get(source)
        if entry is None:
            return None
        try:
            return _prepared(entry[0], entry[1], size, fit, radius)
        except ImageProblem as exc:
            self.drawn.warnings.append(f"{source} image {Path(entry[0]).name}: {exc}")
            return None

    def background(self, layer: BackgroundLayer, box) -> None:
        x, y, w, h = box
        canvas = _canvas(self.size, self.template, layer) if (w, h) == self.size else None
        if canvas is not None:
            self.drawn.image = canvas  # an opaque full-card background starts a new canvas
        else:
            base = _fill((w, h), self.template, layer.color, layer.gradient, layer.angle)
            composite(self.drawn.image, base, (x, y))
        if layer.image:
            photo = self.image_for(layer.image, (w, h), "cover", layer.blur * self.vmin)
            if photo is not None:
                composite(self.drawn.image, photo, (x, y))
                self.over_photo = True
                if layer.scrim:
                    scrim = _fill((w, h), self.template, "#000000", layer.scrim, 90)
                    composite(self.drawn.image, scrim, (x, y))

    def shape(self, layer: ShapeLayer, box) -> None:
        x, y, w, h = box
        if layer.aspect:
            fit_w = min(w, round(h * layer.aspect))
            fit_h = min(h, round(fit_w / layer.aspect))
            x, y, w, h = x + (w - fit_w) // 2, y + (h - fit_h) // 2, fit_w, fit_h
        if w < 1 or h < 1:
            return
        fill = _fill((w, h), self.template, layer.fill, layer.gradient, layer.angle)
        radius = round(layer.radius * self.vmin)
        if layer.shape == "ellipse" or radius:
            fill = apply_mask(fill, rounded_mask((w, h), radius, layer.shape == "ellipse"))
        composite(self.drawn.image, fill, (x, y))

    def faces(self, spec) -> tuple[fonts.Face, ...]:
        family = fonts.layer_family(spec.family, self.job.context.get("text_font"))
        faces, problems = fonts.chain(family, spec.weight)
        self.drawn.warnings.extend(problems)
        return faces

    def text(self, layer: TextLayer, box) -> None:
        x, y, w, h = box
        if layer.after and layer.after in self.ink_bottoms:
            top = self.ink_bottoms[layer.after] + round(layer.gap * layer.size[1] * self.vmin)
            y, h = top, y + h - top
        content = render_text(layer.text, self.job.context)
        if layer.uppercase:
            content = content.upper()
        if not content or w < 1 or h < 1:
            return
        faces = self.faces(layer.font)
        block = text.layout(
            content,
            faces,
            (w, h),
            max_size=max(1, round(layer.size[0] * self.vmin)),
            min_size=max(1, round(layer.size[1] * self.vmin)),
            max_lines=layer.max_lines,
            line_height=layer.line_height,
        )
        if block.missing:
            self.drawn.warnings.append(
                f"no installed font has {block.missing!r}; left out of the card"
            )
        ink = color(self.template.color(layer.color))
        if self.over_photo:
            self._readable(ink, box)
        offset, part = _inked(block, (w, h), ink, layer.align, layer.valign)
        if part is not None:
            composite(self.drawn.image, part, (x + offset[0], y + offset[1]))
        if layer.name and block.lines:
            shift = {"top": 0, "middle": (h - block.height) / 2, "bottom": h - block.height}
            self.ink_bottoms[layer.name] = round(y + shift[layer.valign] + block.height)

    def _readable(self, ink, box) -> None:
        """Darken (or, for dark text, lighten) the photo under `box` just enough that every
        pixel there meets WCAG AA contrast (4.5:1) with `ink`, feathered above and below."""
        x, y, w, h = box
        if w < 1 or h < 1:
            return
        shade = (0, 0, 0) if luminance(ink) > 0.18 else (255, 255, 255)
        width, height = self.size
        pad = max(1, round(h * 0.6))
        top, bottom = max(0, y - pad), min(height, y + h + pad)
        region = self.drawn.image.crop((x, y, x + w, y + h))
        for alpha in (0, *range(12, 256, 12), 255):
            if worst_contrast(region, ink, alpha, shade) >= AA_CONTRAST:
                break
        if not alpha:
            return
        mask = Image.new("L", (1, bottom - top))
        for row in range(bottom - top):
            at = top + row
            ramp = min(
                1.0, (at - top) / pad if at < y else (bottom - at) / pad if at >= y + h else 1.0
            )
            mask.putpixel((0, row), round(alpha * max(0.0, ramp)))
        band = Image.new("RGB", (width, bottom - top), shade)
        self.drawn.image.paste(band, (0, top), mask.resize((width, bottom - top)))

    def _ink(self, image: Image.Image, pos: tuple[int, int]) -> None:
        """Composite only the part of a layer that has ink."""
        bbox = image.getbbox()
        if bbox:
            part = image.crop(bbox)
            composite(self.drawn.image, part, (pos[0] + bbox[0], pos[1] + bbox[1]))

    def items(self, layer: ListLayer, box) -> None:
        x, y, w, h = box
        items = render_items(layer.items, self.job.context)[: layer.max_items]
        if not items or w < 1 or h < 1:
            return
        faces = self.faces(layer.font)
        high = max(1, round(layer.size[0] * self.vmin))
        low = max(1, round(layer.size[1] * self.vmin))
        best = None
        while high >= low:  # binary search on the shared size of all items
            mid = (high + low) // 2
            laid = self._list_at(items, faces, layer, mid, w, h, strict=True)
            if laid is not None:
                best, low = (mid, laid), mid + 1
            else:
                high = mid - 1
        if best is None:
            size = max(1, round(layer.size[1] * self.vmin))
            best = (size, self._list_at(items, faces, layer, size, w, h, strict=False) or [])
        size, laid = best
        ink = color(self.template.color(layer.color))
        mark = color(self.template.color(layer.marker_color))
        canvas = Image.new("RGBA", (w, h))
        indent = self._indent(layer, size)
        pen = ImageDraw.Draw(canvas)
        used = laid[-1][0] + laid[-1][1].height if laid else 0
        shift = {"top": 0, "middle": (h - used) / 2, "bottom": h - used}[layer.valign]
        laid = [(top + shift, block) for top, block in laid]
        for number, (top, block) in enumerate(laid, start=1):
            image = text.draw(block, (w - indent, round(block.height) + 1), color=ink)
            composite(canvas, image, (indent, round(top)))
            self._marker(pen, layer, number, size, top + block.ascent, mark, faces)
        self._ink(canvas, (x, y))

    @staticmethod
    def _indent(layer: ListLayer, size: int) -> int:
        return 0 if layer.marker == "none" else round(size * 1.9)

    def _list_at(self, items, faces, layer: ListLayer, size: int, w: int, h: int, *, strict):
        indent = self._indent(layer, size)
        top = 0.0
        laid = []
        for item in items:
            block = text.layout(
                item,
                faces,
                (w - indent, h),
                max_size=size,
                min_size=size,
                max_lines=layer.item_lines,
                line_height=layer.line_height,
            )
            if strict and block.truncated:
                return None
            if top + block.height > h:
                if strict:
                    return None
                break
            laid.append((top, block))
            top += block.height + layer.gap * size
        return laid

    def _marker(self, pen, layer: ListLayer, number: int, size: int, baseline, mark, faces):
        if layer.marker == "none":
            return
        cy = baseline - size * 0.36
        r = size * 0.62 if layer.marker == "number" else size * 0.2
        cx = r + 1
        if layer.marker == "check":
            pts = [(cx - r * 1.4, cy), (cx - r * 0.3, cy + r * 1.1), (cx + r * 1.6, cy - r * 1.4)]
            pen.line(pts, fill=mark, width=max(2, round(size * 0.12)), joint="curve")
            return
        pen.ellipse((cx - r, cy - r, cx + r, cy + r), fill=mark)
        if layer.marker == "number":
            font = fonts.pil_font(faces[0], round(size * 0.7))
            pen.text((cx, cy), str(number), font=font, fill=self._contrast(mark), anchor="mm")

    def _contrast(self, rgba) -> tuple[int, int, int, int]:
        luminance = 0.299 * rgba[0] + 0.587 * rgba[1] + 0.114 * rgba[2]
        return (17, 24, 39, 255) if luminance > 150 else (255, 255, 255, 255)

    def picture(self, layer: ImageLayer, box) -> None:
        x, y, w, h = box
        image = self.image_for(layer.source, (w, h), layer.fit)
        if image is None or w < 1 or h < 1:
            return
        if layer.mask != "none":
            radius = round(layer.radius * self.vmin)
            image = apply_mask(image, rounded_mask((w, h), radius, layer.mask == "circle"))
        composite(self.drawn.image, image, (x, y))

    def draw(self, layer: Any, box: tuple[int, int, int, int]) -> None:
        steps = {
            BackgroundLayer: self.background,
            ShapeLayer: self.shape,
            TextLayer: self.text,
            ListLayer: self.items,
            ImageLayer: self.picture,
        }
        steps[type(layer)](layer, box)

    def paint(self, layers: list[tuple[int, Any]], shared: int = 0) -> Drawn:
        """Draw `layers` (index in the template, layer) but the first `shared`, which the
        canvas already has."""
        for position, (index, layer) in enumerate(layers):
            box = pixel_box(layer, self.size)
            if position >= shared:
                self.draw(layer, box)
            if not isinstance(layer, BackgroundLayer):
                label = layer.name or f"{index}:{layer.type}"
                self.drawn.boxes.append((label, box))
        if self.job.debug:
            self._overlay()
        return self.drawn

    def _overlay(self) -> None:
        """Outline and label each layer's box, for template authors."""
        pen = ImageDraw.Draw(self.drawn.image)
        font = fonts.pil_font(fonts.resolve("inter", 600), max(12, round(self.vmin * 2.2)))
        for index, (label, (x, y, w, h)) in enumerate(self.drawn.boxes):
            ink = color(DEBUG_COLORS[index % len(DEBUG_COLORS)])
            pen.rectangle((x, y, x + w - 1, y + h - 1), outline=ink, width=2)
            left, top, right, bottom = pen.textbbox((x + 4, y + 3), label, font=font)
            pen.rectangle((left - 3, top - 2, right + 3, bottom + 2), fill=ink)
            pen.text((x + 4, y + 3), label, font=font, fill=(0, 0, 0, 255))


AA_CONTRAST = 4.5
_LINEAR = [
    round(255 * ((v / 255) / 12.92 if v / 255 <= 0.04045 else ((v / 255 + 0.055) / 1.055) ** 2.4))
    for v in range(256)
]


def luminance(rgb) -> float:
    """WCAG relative luminance of an sRGB colour."""
    r, g, b = (_LINEAR[v] / 255 for v in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def luminance_histogram(image: Image.Image) -> list[int]:
    """Pixel counts by WCAG relative luminance (256 steps) of an RGB image."""
    linear = image.convert("RGB").point(_LINEAR * 3)
    return linear.convert("L", (0.2126, 0.7152, 0.0722, 0)).histogram()


def worst_contrast(region: Image.Image, ink, alpha: int = 0, shade=(0, 0, 0)) -> float:
    """The lowest contrast of `ink` against any pixel of `region` once `shade` is laid over
    it at `alpha`."""
    if alpha:
        region = Image.blend(
            region.convert("RGB"), Image.new("RGB", region.size, shade), alpha / 255
        )
    counts = luminance_histogram(region)
    levels = [i for i, n in enumerate(counts) if n]
    if not levels:
        return 21.0
    text = luminance(ink)
    darkest, lightest = (levels[0] - 0.5) / 255, (levels[-1] + 0.5) / 255
    return min(
        (max(text, lum) + 0.05) / (min(text, lum) + 0.05)
        for lum in (max(0, darkest), min(1, lightest))
    )


#: Text blocks drawn once already (admitted to `_DRAWN` when drawn again) and the drawn
#: ones kept, both oldest first: a post's own title is drawn and forgotten.
_SEEN: dict[tuple, None] = {}
_DRAWN: dict[tuple, tuple[tuple[int, int], Image.Image | None]] = {}
_SEEN_KEPT, _DRAWN_KEPT = 4096, 64


def _inked(
    block: text.TextBlock, size: tuple[int, int], ink: tuple, align: str, valign: str
) -> tuple[tuple[int, int], Image.Image | None]:
    """A text block drawn in a box of `size`: where its ink starts, and the inked part.
    Text met on more than one card (the site's name, its domain) is drawn once."""
    key = (block, size, ink, align, valign)
    found = _DRAWN.get(key)
    if found is not None:
        return found
    image = text.draw(block, size, color=ink, align=align, valign=valign)
    bbox = image.getbbox()
    found = ((bbox[0], bbox[1]), image.crop(bbox)) if bbox else ((0, 0), None)
    if key in _SEEN:
        _remember(_DRAWN, key, found, _DRAWN_KEPT)
    else:
        _remember(_SEEN, key, None, _SEEN_KEPT)
    return found


def _remember(cache: dict, key: Any, value: Any, kept: int) -> None:
    """Keep `value` in a dict cache of at most `kept` entries, the oldest going first."""
    if kept < 1:
        return
    while len(cache) >= kept:
        cache.pop(next(iter(cache)))
    cache[key] = value


def _post_free(layer: Any) -> bool:
    """Whether a layer is drawn the same on every card of its template, size and colours:
    a background with no image, or a shape."""
    return isinstance(layer, ShapeLayer) or (isinstance(layer, BackgroundLayer) and not layer.image)


_BASES: dict[str, Image.Image] = {}
_BASES_KEPT = 16


def _base(job: Job, layers: tuple[tuple[int, Any], ...]) -> Image.Image:
    """The card's leading post-free layers drawn once per template, size and colours (kept
    for the process; the card is drawn on a copy)."""
    drawn = [(index, layer.model_dump(mode="json")) for index, layer in layers]
    key = json.dumps([job.size, job.template.colors, drawn], sort_keys=True)
    image = _BASES.get(key)
    if image is None:
        painter = _Painter(job)
        for _, layer in layers:
            painter.draw(layer, pixel_box(layer, job.size))
        image = painter.drawn.image
        _remember(_BASES, key, image, _BASES_KEPT)
    return image


def draw_card(job: Job) -> Drawn:
    """Draw the card for `job` (no encoding)."""
    kind = orientation(job.size)
    layers = [
        (index, layer)
        for index, layer in enumerate(job.template.layers)
        if not (layer.only and kind not in layer.only) and applies(layer, job.context)
    ]
    shared = 0
    while shared < len(layers) and _post_free(layers[shared][1]):
        shared += 1
    canvas = _base(job, tuple(layers[:shared])).copy() if shared else None
    return _Painter(job, canvas).paint(layers, shared)


def _variants(rgb: Image.Image, fmt: str) -> Iterator[tuple[str, dict[str, Any], Image.Image]]:
    """Encodings to try in order, from best to smallest; each made only when needed."""
    if fmt == "png":
        yield "PNG", {"compress_level": 3}, rgb  # level 6 saves a fifth, at twice the time
        for colors in (256, 128, 64, 32, 16):
            yield (
                "PNG",
                {"compress_level": 9},
                rgb.quantize(colors, method=Image.Quantize.MEDIANCUT),
            )
    elif fmt == "webp":
        for quality in (90, 80, 70, 60, 45):
            yield "WEBP", {"quality": quality, "method": 4}, rgb
    else:
        for quality in (90, 82, 74, 66, 55, 45):
            yield "JPEG", {"quality": quality, "optimize": True, "progressive": True}, rgb


def _raw(rgb: Image.Image) -> bytes:
    """The RGB pixels as bytes in one piece (`tobytes` gathers 64 KB blocks and joins
    them: several times slower for a card)."""
    try:
        encoder = Image._getencoder(rgb.mode, "raw", rgb.mode)
        encoder.setimage(rgb.im, (0, 0, *rgb.size))
        try:
            _, status, data = encoder.encode(rgb.width * rgb.height * len(rgb.mode) + 64)
        finally:
            encoder.cleanup()
        if status == 1 and len(data) == rgb.width * rgb.height * len(rgb.mode):
            return data
    except Exception:  # a Pillow without this encoder call: its public way
        pass
    return rgb.tobytes()


def load_encoder() -> None:
    """Import fpng now: a parent about to fork workers spares each of them the import."""
    with contextlib.suppress(ImportError):
        from fpng import fpng_ext  # noqa: F401


def fast_png(rgb: Image.Image) -> bytes | None:
    """Lossless PNG through fpng (about 4 ms for 1200x630 against 25 ms for Pillow's zlib, the
    same pixels, files about 1.5x larger); None where fpng is not installed or fails."""
    try:
        from fpng import fpng_ext
    except ImportError:
        return None
    if rgb.mode != "RGB":
        return None
    try:
        return bytes(fpng_ext.encode_image_to_memory(_raw(rgb), rgb.width, rgb.height, 3))
    except Exception:  # any failure of the fast path falls back to Pillow
        return None


def encode(image: Image.Image, fmt: str, limit: int) -> bytes:
    """Encode `image`, re-encoding with fewer colours or lower quality until under `limit`.

    PNG goes through fpng first when it is installed; when nothing fits, the smallest
    encoding is returned.
    """
    data = b""
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    if fmt == "png" and (fast := fast_png(rgb)) is not None and len(fast) <= limit:
        return fast
    for kind, options, variant in _variants(rgb, fmt):
        buffer = io.BytesIO()
        variant.save(buffer, kind, **options)
        data = buffer.getvalue()
        if len(data) <= limit:
            break
    return data


def render_job(job: Job) -> tuple[bytes, list[str]]:
    """Draw and encode one card: the file's bytes and the warnings met."""
    drawn = draw_card(job)
    return encode(drawn.image, job.format, job.byte_limit), drawn.warnings
