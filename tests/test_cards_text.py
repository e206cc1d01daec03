"""Text on cards: fitting, ellipsis, fallback fonts with no tofu, right-to-left shaping."""

from __future__ import annotations

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageChops, ImageDraw, ImageFont, features

from smm_promote.cards import fonts, text
from tests.card_text_support import MIXED_TITLES


def faces(family: str = "inter", weight: int = 700) -> tuple[fonts.Face, ...]:
    return fonts.chain(family, weight)[0]


def has(name: str) -> bool:
    try:
        fonts.resolve(name)
    except fonts.FontNotFound:
        return False
    return True


needs_cjk = pytest.mark.skipif(
    not has("noto-sans-cjk"), reason="fonts-noto-cjk is not installed (fc-match finds no CJK)"
)
needs_emoji = pytest.mark.skipif(
    not has("noto-color-emoji"), reason="fonts-noto-color-emoji is not installed"
)
needs_raqm = pytest.mark.skipif(
    not features.check("raqm"), reason="Pillow was built without raqm: no RTL shaping"
)


def fits(block: text.TextBlock, box: tuple[int, int], max_lines: int) -> bool:
    widths = [text.measure(line, block.faces, block.size) for line in block.lines]
    return (
        len(block.lines) <= max_lines
        and block.height <= box[1]
        and all(w <= box[0] for w in widths)
    )


def test_short_title_gets_the_largest_size():
    block = text.layout("Hello", faces(), (900, 300), max_size=80, min_size=30, max_lines=3)
    assert block.size == 80
    assert block.lines == ("Hello",)
    assert not block.truncated


def test_long_title_shrinks_before_it_is_cut():
    title = "Social Media Marketing for Bloggers Who Want More Readers Without Paying for Ads"
    block = text.layout(title, faces(), (900, 300), max_size=90, min_size=20, max_lines=3)
    assert 20 <= block.size < 90
    assert not block.truncated
    assert " ".join(block.lines) == title
    assert fits(block, (900, 300), 3)


def test_too_long_title_ends_in_an_ellipsis_at_min_size():
    title = " ".join(["marketing"] * 80)
    block = text.layout(title, faces(), (600, 200), max_size=60, min_size=40, max_lines=2)
    assert block.size == 40
    assert block.truncated
    assert len(block.lines) == 2
    assert block.lines[-1].endswith("…")
    assert fits(block, (600, 200), 2)


def test_a_word_wider_than_the_box_breaks_between_characters():
    block = text.layout("A" * 60, faces(), (400, 400), max_size=40, min_size=40, max_lines=8)
    assert "".join(block.lines) == "A" * 60
    assert len(block.lines) > 1
    assert fits(block, (400, 400), 8)


@needs_cjk
def test_cjk_wraps_between_characters_and_keeps_closing_punctuation():
    title = "東京で学んだソーシャルメディア運用のコツ。失敗談もまとめました"
    block = text.layout(title, faces(), (500, 400), max_size=48, min_size=48, max_lines=6)
    assert len(block.lines) > 1
    assert "".join(block.lines) == title
    assert not any(line.startswith("。") for line in block.lines)


def _glyph(face: fonts.Face, cluster: str) -> Image.Image:
    font = fonts.pil_font(face, 64)
    image = Image.new("RGBA", (400, 200))
    ImageDraw.Draw(image).text((10, 150), cluster, font=font, anchor="ls", embedded_color=True)
    return image


def assert_no_tofu(title: str) -> None:
    """Every grapheme is drawn by a face that has it, and never as that face's .notdef."""
    runs, missing = fonts.split_runs(title, faces())
    assert missing == ""
    assert "".join(part for _, part in runs) == title
    for face, part in runs:
        notdef = _glyph(face, "\U0010fffd")  # a code point no font maps: drawn as .notdef
        for cluster in regex.findall(r"\X", part):
            if cluster.isspace():
                continue
            drawn = _glyph(face, cluster)
            assert drawn.getbbox() is not None, f"{cluster!r} drew nothing"
            assert ImageChops.difference(drawn, notdef).getbbox(), f"{cluster!r} is .notdef"


@needs_cjk
def test_cjk_title_has_no_tofu():
    assert_no_tofu("東京で学んだ 소셜 미디어 運用のコツ")


@needs_emoji
def test_emoji_title_has_no_tofu_and_uses_the_colour_font():
    title = "Ship it 🚀 today 🎉👩‍💻"
    assert_no_tofu(title)
    runs, _ = fonts.split_runs(title, faces())
    emoji_runs = [part for face, part in runs if face.color]
    assert "".join(emoji_runs).replace(" ", "") == "🚀🎉👩‍💻"


def test_greek_and_cyrillic_come_from_the_shipped_fonts():
    runs, missing = fonts.split_runs("Ελληνικά и русский", faces())
    assert missing == ""
    assert all("fontpkg" in face.path for face, _ in runs)


@needs_raqm
def test_right_to_left_title_is_shaped_and_right_aligned():
    title = "التسويق للمدونين"
    chain = faces()
    block = text.layout(title, chain, (800, 200), max_size=60, min_size=60, max_lines=2)
    assert block.rtl
    drawn = text.draw(block, (800, 200), color=(0, 0, 0, 255), align="left")
    left, _, right, _ = drawn.getbbox()
    assert right > 780 and left > 100  # "left" in a right-to-left paragraph means the start
    arabic = next(face for face in chain if face.name == "noto-sans-arabic")
    path = arabic.path
    shaped = ImageFont.truetype(path, 60, layout_engine=ImageFont.Layout.RAQM)
    unshaped = ImageFont.truetype(path, 60, layout_engine=ImageFont.Layout.BASIC)
    # Joining forms make the shaped word narrower than its isolated letters side by side.
    assert shaped.getlength(title) < unshaped.getlength(title)
    ours = fonts.pil_font(arabic, 60)
    assert ours.layout_engine == ImageFont.Layout.RAQM
    assert text.measure(title, chain, 60) == pytest.approx(ours.getlength(title), abs=1)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=MIXED_TITLES,
    width=st.integers(120, 900),
    height=st.integers(40, 400),
    max_lines=st.integers(1, 5),
)
def test_no_title_ever_overflows_its_box(title, width, height, max_lines):
    chain = faces()
    block = text.layout(title, chain, (width, height), max_size=72, min_size=14,
                        max_lines=max_lines)  # fmt: skip
    assert len(block.lines) <= max_lines
    widths = [text.measure(line, chain, block.size) for line in block.lines]
    assert all(w <= width for w in widths), (block.lines, widths, width)
    assert block.height <= height
    image = text.draw(block, (width, height), color=(255, 255, 255, 255))
    assert image.size == (width, height)
