"""Benchmark: share cards for a generated site of N posts, ours against Material's social plugin.

For each N it generates an MkDocs site of N posts, then times in separate processes:

- smm-promote: one `classic` 1200x630 card per post, cold (empty output) and warm (rerun;
  `warm_of_cold_cpu` is its share of the cold run's CPU time);
- Material for MkDocs' social plugin on the same site: `mkdocs build` cold (empty cache)
  and warm (cache kept), minus a build with the plugin off, so only the cards are counted.
  Its fonts are placed in its cache folder beforehand (Inter from fontpkg-inter), so it
  needs no network.

Both wall time and CPU time (user + system, workers included) are reported: on a shared
machine wall time swings with the load, CPU time much less. Peak memory is the largest
resident set of a measured process.

    python benchmarks/cards.py --posts 100 --posts 1000
    python benchmarks/cards.py --smoke        # 3 posts: checks every path runs (the suite does)
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from provenance import header

_VOCABULARY = (
    "social media marketing blog readers traffic share caption schedule evergreen audience "
    "platform engagement content strategy growth analytics headline picture community"
)
WORDS = _VOCABULARY.split()


def generate_site(root: Path, count: int) -> Path:
    """An MkDocs site with `count` posts: front matter, paragraphs and H2 headings."""
    docs = root / "docs" / "posts"
    docs.mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Home\n")
    for number in range(count):
        words = [WORDS[(number * 7 + i * 3) % len(WORDS)] for i in range(10)]
        title = f"Post {number}: " + " ".join(words[: 4 + number % 6]).capitalize()
        body = "\n\n".join(
            f"## {WORDS[(number + h) % len(WORDS)].capitalize()} tip {h + 1}\n\n"
            + " ".join(words * 8)
            + "."
            for h in range(4)
        )
        (docs / f"post-{number:05d}.md").write_text(
            f"---\ntitle: {json.dumps(title)}\ndescription: A post about {' '.join(words[:8])}.\n"
            f"date: 2024-01-{number % 28 + 1:02d}\n---\n\n# {title}\n\n{body}\n"
        )
    return root


def write_mkdocs_yml(site: Path, social: bool) -> Path:
    plugins = (
        "plugins:\n  - social:\n      cache_dir: .cache/plugin/social\n"
        "      cards_layout_options:\n        font_family: Inter\n"
        if social
        else "plugins: []\n"
    )
    path = site / ("mkdocs-social.yml" if social else "mkdocs-plain.yml")
    path.write_text(
        "site_name: Bench Blog\nsite_url: https://bench.example/\n"
        "theme:\n  name: material\n  font:\n    text: Inter\n" + plugins
    )
    return path


def place_material_fonts(site: Path) -> None:
    """Put Inter where Material's plugin looks for downloaded Google Fonts."""
    import fontpkg

    folder = site / ".cache" / "plugin" / "social" / "fonts" / "Inter"
    folder.mkdir(parents=True, exist_ok=True)
    source = fontpkg.path("inter", 400)
    for style in ("Regular", "Bold", "Medium", "SemiBold", "Light"):
        shutil.copy(source, folder / f"{style}.ttf")


def timed(command: list[str], cwd: Path) -> tuple[float, float, int]:
    """Run `command`: wall seconds, CPU seconds (user + system) and peak RSS in MB."""
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: a full pipe would block
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            errors.seek(0)
            raise RuntimeError(f"{command[:3]} failed: {errors.read().decode()[-2000:]}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


OURS = """
import json, resource, sys, time
from pathlib import Path
from smm_promote.cards.render import RunStats, render_cards
from smm_promote.config import Config
from smm_promote.errors import Problems
from smm_promote.sources import read_posts
site, out = Path(sys.argv[1]), Path(sys.argv[2])
config = Config.from_mapping({"site_url": "https://bench.example", "site_name": "Bench Blog"})
posts = read_posts(site / "docs" / "posts", config, Problems())
assert posts, "no posts read"
def cpu():
    own, children = (resource.getrusage(w) for w in (resource.RUSAGE_SELF,
                                                    resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
stats = RunStats()
start, start_cpu = time.perf_counter(), cpu()
render_cards(posts, config, out, problems=Problems(), progress=False, templates=["classic"],
             sizes=["og"], stats=stats)
elapsed, used = time.perf_counter() - start, cpu() - start_cpu
peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
           resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) // 1024
print(json.dumps({"seconds": elapsed, "cpu": used, "drawn": stats.drawn, "cached": stats.cached,
                  "posts": len(posts), "peak_mb": peak}))
"""


def run_ours(site: Path, out: Path) -> dict:
    result = subprocess.run([sys.executable, "-c", OURS, str(site), str(out)], check=True,
                            capture_output=True, text=True)  # fmt: skip
    return json.loads(result.stdout.strip().splitlines()[-1])


def run_material(site: Path, smoke: bool = False) -> dict:
    """Material's builds of `site`; a smoke run builds without cards once, not twice."""
    plain = write_mkdocs_yml(site, social=False)
    social = write_mkdocs_yml(site, social=True)
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q", "-d"]
    base = timed([*mkdocs, "site-plain", "-f", str(plain)], site)
    shutil.rmtree(site / ".cache", ignore_errors=True)
    place_material_fonts(site)
    cold = timed([*mkdocs, "site-social", "-f", str(social)], site)
    warm = timed([*mkdocs, "site-social", "-f", str(social)], site)
    if not smoke:
        again = timed([*mkdocs, "site-plain", "-f", str(plain)], site)
        base = min(base, again)  # the faster of two builds without cards
    cards = list((site / "site-social" / "assets" / "images" / "social").rglob("*.png"))
    return {"build_without_cards": base[0], "cold_build": cold[0], "warm_build": warm[0],
            "cold_cards": max(cold[0] - base[0], 1e-9), "warm_cards": max(warm[0] - base[0], 0),
            "cold_cards_cpu": cold[1] - base[1], "warm_cards_cpu": warm[1] - base[1],
            "cards": len(cards), "peak_mb": max(cold[2], warm[2])}  # fmt: skip


def bench(count: int, with_material: bool, smoke: bool = False) -> dict:
    with tempfile.TemporaryDirectory(prefix="smm-cards-bench-") as tmp:
        site = generate_site(Path(tmp) / "site", count)
        out = Path(tmp) / "cards"
        cold = run_ours(site, out)
        warm = run_ours(site, out)
        result = {"posts": count, "ours": {
            "cold_seconds": cold["seconds"], "cold_cpu": cold["cpu"],
            "cards_per_second": cold["drawn"] / cold["seconds"],
            "cards_per_cpu_second": cold["drawn"] / cold["cpu"],
            "warm_seconds": warm["seconds"], "warm_cpu": warm["cpu"], "warm_drawn": warm["drawn"],
            "warm_of_cold_cpu": warm["cpu"] / max(cold["cpu"], 1e-9),
            "peak_mb": max(cold["peak_mb"], warm["peak_mb"])}}  # fmt: skip
        if with_material:
            material = run_material(site, smoke)
            material["cards_per_second"] = material["cards"] / material["cold_cards"]
            material["cards_per_cpu_second"] = material["cards"] / material["cold_cards_cpu"]
            result["material"] = material
            result["ratio_cold_wall"] = material["cold_cards"] / cold["seconds"]
            result["ratio_cold_cpu"] = material["cold_cards_cpu"] / cold["cpu"]
            result["ratio_warm_cpu"] = material["warm_cards_cpu"] / warm["cpu"]
        return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, action="append", help="site size (repeatable)")
    parser.add_argument("--no-material", action="store_true", help="only time smm-promote")
    parser.add_argument("--smoke", action="store_true", help="3 posts, to check the script runs")
    args = parser.parse_args()
    print(header())
    for count in [3] if args.smoke else args.posts or [100, 1000]:
        print(json.dumps(bench(count, not args.no_material, args.smoke), indent=2), flush=True)


if __name__ == "__main__":
    main()
