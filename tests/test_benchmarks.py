"""Every benchmark runs in its smoke mode, so a broken benchmark fails the suite."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def run(script: str) -> str:
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), "--smoke"],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.startswith("# ") and " commit " in done.stdout.splitlines()[0]
    return done.stdout


def test_every_benchmark_has_a_smoke_test():
    scripts = {p.name for p in BENCHMARKS.glob("*.py")} - {"provenance.py"}
    tested = {
        name
        for test in Path(__file__).parent.glob("test_*.py")
        for name in scripts
        if f'"{name}"' in test.read_text(encoding="utf-8")
    }
    assert scripts == tested, f"no smoke test runs {sorted(scripts - tested)}"


@pytest.mark.slow
def test_cards_benchmark_smoke():
    out = run("cards.py")
    result = json.loads(out[out.index("{") :])
    assert result["posts"] == 3
    assert result["ours"]["warm_drawn"] == 0  # the rerun draws nothing
    assert result["material"]["cards"] >= 3
    assert result["ratio_cold_wall"] > 0 and result["ratio_cold_cpu"] > 0


def test_planning_benchmark_smoke():
    out = run("planning.py")
    assert "next 50 due entries" in out and "full table scan" in out
    assert "x slower" in out


def test_sources_benchmark_smoke():
    out = run("sources.py")
    row = next(line for line in out.splitlines() if line.startswith("| posts |"))
    assert row.endswith("x |")


@pytest.mark.slow
def test_doors_benchmark_smoke():
    out = run("doors.py")
    result = json.loads(out[out.index("{") :])
    for door in ("pelican", "mkdocs"):
        assert result[door]["posts"] == 3
        runs = ("plain_first", "plain_again", "plugin_first", "plugin_again")
        assert all(result[door][run]["cpu"] > 0 for run in runs)
        assert result[door]["ratio_first_cpu"] > 0 and result[door]["ratio_again_cpu"] > 0
