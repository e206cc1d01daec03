"""System fonts come from one `fc-list` per run; a fontconfig that does not answer in time is
an error, never "this font is not installed"."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from smm_promote.cards import fonts

LISTING = (
    "Noto Sans CJK SC,Noto Sans CJK SC Regular\tRegular\t80\t/fonts/NotoSansCJK-Regular.ttc\t2\n"
    "Noto Sans CJK SC\tBold\t200\t/fonts/NotoSansCJK-Bold.ttc\t2\n"
    "Noto Sans CJK JP\tRegular\t80\t/fonts/NotoSansCJK-Regular.ttc\t0\n"
    "Noto Color Emoji\tRegular\t80\t/fonts/NotoColorEmoji.ttf\t0\n"
)


def _fake_fontconfig(tmp_path: Path, monkeypatch, body: str) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "calls"
    for name in ("fc-list", "fc-match"):
        tool = bin_dir / name
        tool.write_text(f"#!/bin/sh\necho {name} >> {calls}\n{body}\n")
        tool.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    fonts._system_fonts.cache_clear()
    fonts.resolve.cache_clear()
    return calls


@pytest.fixture(autouse=True)
def _fresh_caches():
    yield
    fonts._system_fonts.cache_clear()
    fonts.resolve.cache_clear()


def test_system_fonts_come_from_one_listing(tmp_path: Path, monkeypatch) -> None:
    listing = tmp_path / "listing"
    listing.write_text(LISTING)
    calls = _fake_fontconfig(tmp_path, monkeypatch, f"cat {listing}")
    regular = fonts.resolve("noto-sans-cjk")
    bold = fonts.resolve("noto-sans-cjk", 700)
    emoji = fonts.resolve("noto-color-emoji")
    assert (regular.path, regular.index) == ("/fonts/NotoSansCJK-Regular.ttc", 2)
    assert (bold.path, bold.index) == ("/fonts/NotoSansCJK-Bold.ttc", 2)
    assert (emoji.path, emoji.color) == ("/fonts/NotoColorEmoji.ttf", True)
    with pytest.raises(fonts.FontNotFound):
        fonts.resolve("noto-serif-cjk")
    assert calls.read_text().split() == ["fc-list"]


def test_a_fontconfig_that_does_not_answer_is_an_error_not_absent(
    tmp_path: Path, monkeypatch
) -> None:
    _fake_fontconfig(tmp_path, monkeypatch, "exec sleep 5")
    monkeypatch.setattr(fonts, "FC_LIST_TIMEOUT", 0.5)
    with pytest.raises(
        fonts.FontconfigTimeout, match=r"did not list the system fonts within 0\.5 s"
    ):
        fonts.chain("inter")
