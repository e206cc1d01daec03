"""The fonts' character maps kept in the user's cache folder: the same code points as
fontTools reads, read again when the file changes or the kept copy is damaged."""

from __future__ import annotations

import shutil

import pytest

from smm_promote.cards import fonts


@pytest.fixture
def cmap_folder(tmp_path, monkeypatch):
    folder = tmp_path / "cmaps"
    monkeypatch.setattr(fonts, "_cmap_folder", lambda: folder)
    fonts._coverage.cache_clear()
    yield folder
    fonts._coverage.cache_clear()


def test_kept_cmap_gives_the_fonts_own_code_points(cmap_folder, monkeypatch):
    face = fonts.resolve("inter", 800)
    read = fonts._read_cmap(face.path, face.index)
    assert fonts.coverage(face) == read
    assert len(list(cmap_folder.iterdir())) == 1
    fonts._coverage.cache_clear()
    monkeypatch.setattr(fonts, "_read_cmap", lambda *_: pytest.fail("font read again"))
    assert fonts.coverage(face) == read  # now from the kept ranges
    assert {ord("A"), ord("é"), ord("Ж")} <= read and 0x4E00 not in read


def test_damaged_kept_cmap_is_read_from_the_font_again(cmap_folder):
    face = fonts.resolve("noto-sans")
    expected = fonts.coverage(face)
    (kept,) = cmap_folder.iterdir()
    for damage in ("[[65,", '{"a": 1}', "[[1.5, 2]]", "[[1, 2, 3]]"):
        kept.write_text(damage)
        fonts._coverage.cache_clear()
        assert fonts.coverage(face) == expected
        assert kept.read_text().startswith("[[")  # written again


def test_a_changed_font_file_is_read_anew(cmap_folder, tmp_path):
    copy = tmp_path / "Mine.ttf"
    shutil.copy(fonts.resolve("inter").path, copy)
    first = fonts._coverage(str(copy), 0)
    shutil.copy(fonts.resolve("noto-sans-arabic").path, copy)  # same path, other font
    fonts._coverage.cache_clear()
    assert fonts._coverage(str(copy), 0) == fonts._read_cmap(str(copy), 0) != first
    assert len(list(cmap_folder.iterdir())) == 2


def test_unwritable_cache_folder_still_gives_the_cmap(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setattr(fonts, "_cmap_folder", lambda: blocker / "cmaps")
    fonts._coverage.cache_clear()
    face = fonts.resolve("inter")
    try:
        assert fonts.coverage(face) == fonts._read_cmap(face.path, face.index)
    finally:
        fonts._coverage.cache_clear()
