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


@pytest.mark.slow
def test_plan_benchmark_smoke():
    out = run("plan.py")
    result = json.loads(out[out.index("{") :])
    assert result["posts"] == 3
    assert (
        result["cold"]["summary"].startswith("3 posts: ")
        and " 0 added" not in result["cold"]["summary"]
    )
    assert result["again"]["summary"].startswith("3 posts: 0 added, 0 updated")
    for name in ("pelican", "cold", "again", "next_day"):
        assert result[name]["cpu"] > 0 and result[name]["peak_mb"] > 0
    assert result["ratio_cold_cpu"] > 0 and result["ratio_again_cpu"] > 0
