"""Small Pillow helpers for cards: colours, gradients, fitting, masks, safe image loading."""

from __future__ import annotations

import math
import warnings
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageChops, ImageColor, ImageDraw, ImageFilter, ImageOps

#: Images larger than this are refused before decoding (a 20000x20000 px file is 400 Mpx).
MAX_PIXELS = 50_000_000
#: Longest side accepted, and the most one side may be longer than the other: a 1x49,000,000
#: px strip is under MAX_PIXELS, but covering a card with it means scaling it to billions.
MAX_SIDE = 20_000
MAX_ASPECT = 20

RGBA = tuple[int, int, int, int]


class ImageProblem(ValueError):
    """An image that cannot be used: missing, corrupt, too large or of an unknown kind."""


def color(value: str) -> RGBA:
    """`#rgb`, `#rrggbb`, `#rrggbbaa` or a CSS colour name, as RGBA."""
    rgba = ImageColor.getcolor(value, "RGBA")
    assert isinstance(rgba, tuple)
    return rgba  # type: ignore[return-value]


def composite(base: Image.Image, image: Image.Image, pos: tuple[int, int]) -> None:
    """Draw RGBA `image` over `base` at `pos`, clipping at the edges.

    An opaque RGB base takes a masked paste, which blends exactly like alpha compositing
    over an opaque background, at a fraction of the cost.
    """
    x, y = pos
    left, top = max(0, -x), max(0, -y)
    right = min(image.width, base.width - x)
    bottom = min(image.height, base.height - y)
    if right <= left or bottom <= top:
        return
    part = (
        image
        if (left, top, right, bottom) == (0, 0, *image.size)
        else image.crop((left, top, right, bottom))
    )
    if base.mode == "RGB":
        base.paste(part, (x + left, y + top), part)
    else:
        base.alpha_composite(part, (x + left, y + top))


@lru_cache(maxsize=64)
def gradient(size: tuple[int, int], stops: tuple[RGBA, ...], angle: float) -> Image.Image:
    """A linear gradient through `stops` at `angle` degrees (0 = left to right, 90 = down)."""
    w, h = size
    ramp_len = 256 * (len(stops) - 1)
    ramp = Image.new("RGBA", (ramp_len, 1))
    for i in range(ramp_len):
        seg, frac = divmod(i / 256, 1)
        a, b = stops[int(seg)], stops[min(int(seg) + 1, len(stops) - 1)]
        ramp.putpixel((i, 0), tuple(round(a[k] + (b[k] - a[k]) * frac) for k in range(4)))
    # A horizontal ramp, stretched, rotated and cropped to the canvas.
    diag = math.ceil(math.hypot(w, h))
    band = ramp.resize((diag, diag), Image.Resampling.BILINEAR)
    band = band.rotate(-angle, resample=Image.Resampling.BILINEAR, expand=False)
    left, top = (diag - w) // 2, (diag - h) // 2
    return band.crop((left, top, left + w, top + h))


def cover(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """Scale and centre-crop `image` to fill `size`."""
    return ImageOps.fit(image, size, Image.Resampling.LANCZOS, centering=(0.5, 0.4))


def contain(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """Scale `image` to fit inside `size`, centred on a transparent canvas."""
    fitted = ImageOps.contain(image, size, Image.Resampling.LANCZOS)
    canvas = Image.new("RGBA", size)
    canvas.alpha_composite(
        fitted.convert("RGBA"), ((size[0] - fitted.width) // 2, (size[1] - fitted.height) // 2)
    )
    return canvas


def blur(image: Image.Image, radius: float) -> Image.Image:
    return image.filter(ImageFilter.GaussianBlur(radius)) if radius > 0 else image


@lru_cache(maxsize=64)
def rounded_mask(size: tuple[int, int], radius: int, circle: bool = False) -> Image.Image:
    """An antialiased mask: rounded rectangle, or an ellipse when `circle`."""
    scale = 4
    big = Image.new("L", (size[0] * scale, size[1] * scale))
    pen = ImageDraw.Draw(big)
    box = (0, 0, big.width - 1, big.height - 1)
    if circle:
        pen.ellipse(box, fill=255)
    else:
        pen.rounded_rectangle(box, radius=radius * scale, fill=255)
    return big.resize(size, Image.Resampling.LANCZOS)


def apply_mask(image: Image.Image, mask: Image.Image) -> Image.Image:
    image = image.convert("RGBA")
    image.putalpha(ImageChops.multiply(image.getchannel("A"), mask))
    return image


def load(path: Path, target: tuple[int, int] | None = None) -> Image.Image:
    """Open an image safely: refuse huge ones before decoding, decode JPEGs at reduced scale."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(path)
            w, h = image.size
            if w * h > MAX_PIXELS:
                raise ImageProblem(f"image is {w}x{h} px, over the {MAX_PIXELS:,} px limit")
            if max(w, h) > MAX_SIDE or max(w, h) > MAX_ASPECT * max(1, min(w, h)):
                raise ImageProblem(
                    f"image is {w}x{h} px: over {MAX_SIDE:,} px on a side or more than"
                    f" {MAX_ASPECT} times longer than wide"
                )
            if target and image.format == "JPEG":
                image.draft("RGB", target)
            image.load()
    except ImageProblem:
        raise
    except FileNotFoundError:
        raise ImageProblem("image file not found") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageProblem(f"image refused as a decompression bomb ({exc})") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageProblem(f"image cannot be read ({exc})") from None
    image = ImageOps.exif_transpose(image)
    return image.convert("RGBA")
