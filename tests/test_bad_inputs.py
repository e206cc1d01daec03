"""One bad input is reported with its file and the run goes on: the good posts beside it are
all read, captioned, drawn and planned."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from smm_promote.cli import cli

NOW = "2026-03-16T08:00:00+00:00"
GOOD = ("Alpha post on queues", "Beta post on locks", "Gamma post on retries")
BAD_DATES = {
    "feb-30.md": "2024-02-30",
    "month-13.md": "2024-13-01",
    "hour-25.md": "2024-01-01 25:00:00",
    "year-0.md": "0000-01-01",
    "offset.md": "2024-01-01T10:00:00+99:00",
}
ZALGO = "Z" + "\u0336\u0334\u0335\u0337\u0338\u0321\u0322\u0327\u0328\u031b" * 400 + "algo"


def _post(folder: Path, name: str, title: str, date: str = "2026-03-10", extra: str = "") -> None:
    (folder / name).write_text(
        f"---\ntitle: {json.dumps(title)}\ndate: {date}\n{extra}---\n\n"
        + f"{title}: some words about the subject, enough to share. " * 8,
        encoding="utf-8",
    )


@pytest.fixture
def site(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    content.mkdir()
    for n, title in enumerate(GOOD):
        _post(content, f"good-{n}.md", title)
    for name, date in BAD_DATES.items():
        _post(content, name, f"Bad date {name}", date)
    _post(content, "zalgo.md", ZALGO)
    _post(content, "include.md", "Include post",
          extra="share:\n  templates:\n    announce: \"{% include 'x' %}\"\n")  # fmt: skip
    _post(content, "import.md", "Import post",
          extra="share:\n  templates:\n    announce: \"{% import 'x' as y %}{{ title }}\"\n")  # fmt: skip
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "unsafe.yml").write_text(
        "name: unsafe\nlayers:\n  - type: background\n    color: '#ffffff'\n"
        '  - type: text\n    text: "{{ title.__class__.__mro__ }}"\n    box: [5, 5, 90, 90]\n'
        "    font: {family: inter, weight: 700}\n    size: [6, 4]\n    color: '#000000'\n"
    )
    (tmp_path / "smm-promote.toml").write_text(
        'site_url = "https://blog.example.com"\nplatforms = ["mastodon"]\n'
        '[cards]\ntemplates_dir = "templates"\nextra_templates = ["unsafe"]\nsizes = ["og"]\n'
        "workers = 2\nfetch_images = false\n"
    )
    return tmp_path


def _run(site: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [*args, "--config", str(site / "smm-promote.toml")])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_posts_reads_every_good_post_and_names_each_bad_file(site: Path) -> None:
    code, out, err = _run(site, "posts", str(site / "content"), "--json")
    assert code == 0, err
    titles = {p["title"] for p in json.loads(out)["posts"]}
    assert set(GOOD) <= titles
    for name in BAD_DATES:
        assert f"{name}: field 'date'" in err.replace("\n", ""), err


def test_captions_go_on_past_include_and_import(site: Path) -> None:
    code, out, err = _run(site, "captions", str(site / "content"), "--json")
    assert code == 0, err
    texts = json.dumps(json.loads(out))
    assert all(title in texts for title in GOOD)
    flat = err.replace("\n", "")
    assert "include.md" in flat and "import.md" in flat


def test_cards_go_on_past_zalgo_and_an_unsafe_template(site: Path) -> None:
    out_dir = site / "cards"
    code, _, err = _run(site, "cards", str(site / "content"), "--out", str(out_dir))
    assert code == 0, err
    flat = err.replace("\n", "")
    assert "unsafe" in flat
    drawn = {p.parent.name for p in out_dir.glob("*/classic-og-*.png")}
    assert {"good-0", "good-1", "good-2", "zalgo"} <= drawn


def test_plan_goes_on(site: Path) -> None:
    code, out, err = _run(site, "plan", str(site / "content"), "--now", NOW, "--json", "--no-cards")
    assert code == 0, err
    urls = {e["post_url"] for e in json.loads(out)["added"]}
    assert {f"https://blog.example.com/good-{n}/" for n in range(3)} <= urls
    assert "https://blog.example.com/zalgo/" in urls
