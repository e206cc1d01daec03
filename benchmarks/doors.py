"""Benchmark: what the Pelican plugin and the MkDocs plugin add to a site build.

Each site is built four times in separate processes, in this order: without the plugin
(first build), without it again (nothing changed), with it (first build: empty output and
cache) and with it again (nothing changed). The ratios compare the plugin's builds with the
plain ones of the same run; CPU time (user + system, workers included) is the figure to
trust on a shared machine, wall time is shown beside it. The code measured is this
checkout's (it is put first on the path of every build).

- Pelican: `pelican-kevin-deldycke-blog` of ../shared/corpora (262 posts) with its upstream
  URL rules written into a pelicanconf.py (the corpus keeps the content only);
- MkDocs: a generated Material blog (the `blog` plugin) of 300 posts.

    python benchmarks/doors.py
    python benchmarks/doors.py --smoke        # 3 generated posts each: checks every path runs
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from cards import WORDS, timed
from provenance import header

ROOT = Path(__file__).resolve().parents[1]
KEVIN = ROOT.parent / "shared" / "corpora"
KEVIN = KEVIN / "pelican-kevin-deldycke-blog" / "content"
#: The corpus's upstream pelicanconf.py rules (theme left out: Pelican's default is used).
PELICANCONF = """\
import re
from pathlib import Path

SITENAME = "Kevin Deldycke"
SITEURL = "https://kevin.deldycke.com"
PATH = {path!r}
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "en"
SLUGIFY_SOURCE = "basename"
ARTICLE_URL = "{{date:%Y}}/{{slug}}"
ARTICLE_SAVE_AS = ARTICLE_URL + ".html"
ARTICLE_PATHS = [d.name for d in Path(PATH).iterdir() if re.fullmatch("[0-9]{{4}}", d.name)]
PAGE_URL = "{{slug}}"
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["extra"]
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
"""
WITH_PLUGIN = 'from plain import *\n\nPLUGINS = ["smm_promote.integrations.pelican"]\n'


def body(number: int) -> str:
    words = [WORDS[(number * 7 + i * 3) % len(WORDS)] for i in range(12)]
    return "\n\n".join(
        f"## {WORDS[(number + h) % len(WORDS)].capitalize()} tip {h + 1}\n\n"
        + (" ".join(words * 6)).capitalize()
        + "."
        for h in range(4)
    )


def kevin_content(content: Path, smoke: bool) -> None:
    """The Kevin Deldycke blog's content copied into `content` (3 generated posts in smoke
    mode, or where the corpus is absent)."""
    if smoke or not KEVIN.is_dir():
        (content / "2024").mkdir(parents=True)
        for number in range(3):
            (content / "2024" / f"post-{number}.md").write_text(
                f"Title: Post {number} about {WORDS[number]}\nDate: 2024-01-0{number + 1}\n\n"
                f"{body(number)}\n"
            )
    else:
        shutil.copytree(KEVIN, content)


def pelican_site(root: Path, smoke: bool) -> Path:
    """A Pelican site: the Kevin Deldycke content (`kevin_content`) and its rules."""
    content = root / "content"
    kevin_content(content, smoke)
    (root / "plain.py").write_text(PELICANCONF.format(path=str(content)))
    (root / "with_plugin.py").write_text(WITH_PLUGIN)
    return root


def mkdocs_site(root: Path, count: int) -> Path:
    """A Material for MkDocs blog of `count` posts."""
    posts = root / "docs" / "blog" / "posts"
    posts.mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Home\n")
    (root / "docs" / "blog" / "index.md").write_text("# Blog\n")
    for number in range(count):
        title = f"Post {number}: " + " ".join(WORDS[(number + i) % len(WORDS)] for i in range(5))
        (posts / f"post-{number:04d}.md").write_text(
            f"---\ndate: 2024-{number % 12 + 1:02d}-{number % 28 + 1:02d}\n"
            f"categories: [{WORDS[number % len(WORDS)]}]\n---\n\n# {title.capitalize()}\n\n"
            f"{body(number)}\n"
        )
    base = "site_name: Bench Blog\nsite_url: https://bench.example/\ntheme:\n  name: material\n"
    (root / "plain.yml").write_text(base + "plugins:\n  - blog\n")
    (root / "with_plugin.yml").write_text(base + "plugins:\n  - blog\n  - smm-promote\n")
    return root


def four_builds(plain: list[str], plugin: list[str], cwd: Path, clean: list[Path]) -> dict:
    """Plain first and again, then with the plugin first (after `clean`) and again."""
    for path in clean:
        shutil.rmtree(path, ignore_errors=True)
    runs = {}
    for name, command in (("plain_first", plain), ("plain_again", plain)):
        runs[name] = timed(command, cwd)
    for path in clean:
        shutil.rmtree(path, ignore_errors=True)
    for name in ("plugin_first", "plugin_again"):
        runs[name] = timed(plugin, cwd)
    result: dict = {name: {"wall": w, "cpu": c, "peak_mb": m} for name, (w, c, m) in runs.items()}
    for kind in ("first", "again"):
        for clock in ("wall", "cpu"):
            ratio = result[f"plugin_{kind}"][clock] / result[f"plain_{kind}"][clock]
            result[f"ratio_{kind}_{clock}"] = round(ratio, 2)
    return result


def bench_pelican(tmp: Path, smoke: bool) -> dict:
    site = pelican_site(tmp / "pelican", smoke)
    pelican = [sys.executable, "-m", "pelican", "content", "-q", "-o"]
    result = four_builds(
        [*pelican, "out-plain", "-s", "plain.py"],
        [*pelican, "out-plugin", "-s", "with_plugin.py"],
        site,
        [site / "out-plain", site / "out-plugin", site / ".smm-promote"],
    )
    result["posts"] = len(list((site / "content").rglob("*.md")))
    return result


def bench_mkdocs(tmp: Path, count: int) -> dict:
    site = mkdocs_site(tmp / "mkdocs", count)
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q", "-d"]
    result = four_builds(
        [*mkdocs, "site-plain", "-f", "plain.yml"],
        [*mkdocs, "site-plugin", "-f", "with_plugin.yml"],
        site,
        [site / "site-plain", site / "site-plugin", site / ".smm-promote"],
    )
    result["posts"] = count
    return result


def this_checkout_first() -> None:
    """Put this checkout first on the path of every build (the sites import the plugins from
    there, not from wherever the package is installed)."""
    os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])


def main() -> None:
    this_checkout_first()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="3 posts each, to check it runs")
    parser.add_argument("--only", choices=["pelican", "mkdocs"], help="one door only")
    args = parser.parse_args()
    print(header())
    with tempfile.TemporaryDirectory(prefix="smm-doors-bench-") as folder:
        tmp = Path(folder)
        results = {}
        if args.only in (None, "pelican"):
            results["pelican"] = bench_pelican(tmp, args.smoke)
        if args.only in (None, "mkdocs"):
            results["mkdocs"] = bench_mkdocs(tmp, 3 if args.smoke else 300)
    print(json.dumps(results, indent=2), flush=True)


if __name__ == "__main__":
    main()
