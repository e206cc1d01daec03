"""`smm-promote cards`: files, contact sheet, rerun, warnings and --strict."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from PIL import Image

from smm_promote.cli import cli


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    """With no config, the output folder (and its reading cache) is below the current one."""
    monkeypatch.chdir(tmp_path)


def write_posts(folder):
    folder.mkdir()
    (folder / "one.md").write_text("---\ntitle: First post\n---\nHello there.\n")
    (folder / "two.md").write_text(
        "---\ntitle: Second post\nshare:\n  template: nope\n---\nSecond body.\n"
    )


def test_cards_command_draws_sheet_and_reruns(tmp_path):
    write_posts(tmp_path / "content")
    out = tmp_path / "cards"
    args = ["cards", str(tmp_path / "content"), "--out", str(out), "-s", "og", "-s", "square",
            "--sheet"]  # fmt: skip
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "4 drawn, 0 unchanged" in result.output
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.png"))
    assert sorted(f.split("/")[-1].split("-")[0] for f in files) == ["classic"] * 4 + ["contact"]
    assert {Image.open(out / f).size for f in files if "/" in f} == {(1200, 630), (1080, 1080)}
    assert Image.open(out / "contact-sheet.png").height > 300
    again = CliRunner().invoke(cli, args)
    assert "0 drawn, 4 unchanged" in again.output
    assert list((tmp_path / ".smm-promote" / "cache").glob("reading-*.json"))


def test_a_rerun_reads_an_edited_post_again(tmp_path):
    """The posts come from the reading cache on a rerun, except the file that changed."""
    write_posts(tmp_path / "content")
    args = ["cards", str(tmp_path / "content"), "--out", str(tmp_path / "cards"), "-s", "og"]
    assert "2 drawn, 0 unchanged" in CliRunner().invoke(cli, args).output
    (tmp_path / "content" / "one.md").write_text("---\ntitle: First post, edited\n---\nHello.\n")
    again = CliRunner().invoke(cli, args).output
    assert "1 drawn, 1 unchanged, 1 stale removed" in again


def test_cards_command_warns_and_strict_fails(tmp_path):
    write_posts(tmp_path / "content")
    args = ["cards", str(tmp_path / "content"), "--out", str(tmp_path / "o"), "-s", "og"]
    result = CliRunner().invoke(cli, [*args, "--strict"])
    assert result.exit_code == 1
    assert "unknown card template 'nope'; using 'classic'" in result.output


def test_a_missing_site_font_is_one_info_line_that_strict_does_not_count(tmp_path):
    (tmp_path / "docs" / "posts").mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Field Notes\nsite_url: https://notes.static-blog.dev/\n"
        "theme:\n  name: material\n  font:\n    text: No Such Sans Display\n",
        encoding="utf-8",
    )
    (tmp_path / "docs" / "posts" / "hello.md").write_text(
        "---\ndate: 2024-05-01\n---\n# Hello there\n\nBody text here.\n", encoding="utf-8"
    )
    args = ["cards", str(tmp_path / "docs"), "--out", str(tmp_path / "o"), "-s", "og", "--strict"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    infos = [line for line in result.output.splitlines() if line.startswith("info:")]
    assert infos == [
        f"info: {tmp_path / 'mkdocs.yml'}: the site's font 'No Such Sans Display' is not"
        " installed (fontconfig); cards use the template's font"
    ]
    assert "warning" not in result.output
