"""Benchmark: `smm-promote plan` on a real blog, cold and again, beside a plain `pelican` build.

The blog is a copy of `pelican-kevin-deldycke-blog` of ../shared/corpora (262 posts) with its
upstream URL rules written into a pelicanconf.py (see doors.py) and only `site_url` in
smm-promote.toml. In separate processes, in this order:

- `pelican`: a plain build of the same content (no plugin), the yardstick;
- `plan`, cold: empty output (no queue, no cards, no caches);
- `plan` again with nothing changed;
- `plan` a day later (`--now`), nothing changed: the shares now due are placed.

CPU time (user + system, card workers included) is the figure to trust on a shared machine;
wall time, peak memory and the load average are shown beside it. The code measured is this
checkout's (it is put first on the path of every process), its bytecode compiled beforehand
as an install has it.

    python benchmarks/plan.py
    python benchmarks/plan.py --smoke        # 3 generated posts: checks every path runs
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from doors import PELICANCONF, kevin_content
from provenance import header

ROOT = Path(__file__).resolve().parents[1]


def site(root: Path, smoke: bool) -> Path:
    """The blog: its content (or 3 generated posts), pelicanconf.py and smm-promote.toml."""
    content = root / "content"
    kevin_content(content, smoke)
    (root / "pelicanconf.py").write_text(PELICANCONF.format(path=str(content)))
    (root / "smm-promote.toml").write_text('site_url = "https://kevin.deldycke.com"\n')
    return root


def environment() -> dict[str, str]:
    """This checkout first on the path, its bytecode cached (as an install has it)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> dict:
    """Run `command`: wall and CPU seconds (user + system, its children included), peak RSS
    in MB, and the load average when it ended."""
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: a full pipe would block
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=errors
        )
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        errors.seek(0)
        tail = errors.read().decode(errors="replace").strip().splitlines()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{command[:4]} failed: {tail[-20:]}")
    return {
        "wall": round(elapsed, 2),
        "cpu": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_mb": usage.ru_maxrss // 1024,
        "load": round(os.getloadavg()[0], 1),
        "summary": next((line for line in reversed(tail) if " posts: " in line), ""),
    }


def bench(tmp: Path, smoke: bool) -> dict:
    root = site(tmp / "site", smoke)
    env = environment()
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "smm_promote")],
                   env=env, check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    pelican = timed(
        [sys.executable, "-m", "pelican", "content", "-q", "-o", str(tmp / "out"),
         "-s", "pelicanconf.py"], root, env,
    )  # fmt: skip
    plan = [sys.executable, "-m", "smm_promote", "plan", "content"]
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).isoformat(timespec="seconds")
    runs = {
        "pelican": pelican,
        "cold": timed(plan, root, env),
        "again": timed(plan, root, env),
        "next_day": timed([*plan, "--now", tomorrow], root, env),
    }
    result: dict = {"posts": len(list((root / "content").rglob("*.md"))), **runs}
    for name in ("cold", "again", "next_day"):
        for clock in ("wall", "cpu"):
            ratio = runs[name][clock] / max(pelican[clock], 1e-9)
            result[f"ratio_{name}_{clock}"] = round(ratio, 2)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="3 posts, to check it runs")
    args = parser.parse_args()
    print(header(), flush=True)
    with tempfile.TemporaryDirectory(prefix="smm-plan-bench-") as folder:
        result = bench(Path(folder), args.smoke)
    print(json.dumps(result, indent=2), flush=True)


if __name__ == "__main__":
    main()
