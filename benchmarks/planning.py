"""Queue benchmarks: planning a big site, and picking due entries from a big store.

    python benchmarks/planning.py                 # 10,000 posts x 6 platforms; 1,000,000 entries
    python benchmarks/planning.py --posts 2000 --entries 100000   # a quick run
    python benchmarks/planning.py --against 7d9dab7   # the plan beside another commit's
    python benchmarks/planning.py --smoke      # tiny sizes: checks every path runs (the suite does)

Each figure is compared with a baseline measured in the same run:
- the big plan runs in a fresh process each time (wall time, CPU time and peak resident
  memory are its own); with `--against REF` the same plan by that commit's code runs
  interleaved with it, and the two plans must be the same;
- planning uses the slot board's "next open day" pointers; the baseline scans day by day
  from each share's target (the same plan, checked equal, at a fifth of the posts);
- selection uses the (status, due) index; the baseline is the same query forced to
  scan the table (`NOT INDEXED`).
Captions come from a trivial function so the figures are the queue's own.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import io
import json
import resource
import subprocess
import sys
import tarfile
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from provenance import header

from smm_promote.config import Config
from smm_promote.model import Caption, Entry, Post
from smm_promote.schedule import planner, slots
from smm_promote.schedule.planner import plan
from smm_promote.schedule.store import Store, idempotency_key

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 3, 16, 8, 0, tzinfo=UTC)
PLATFORMS = ["x", "mastodon", "bluesky", "linkedin", "facebook", "threads"]


def config() -> Config:
    return Config.from_mapping(
        {
            "site_url": "https://blog.example.com",
            "timezone": "Europe/Berlin",
            "platforms": PLATFORMS,
            "schedule": {
                # Hourly slots from 06:00 to 21:00: room for about 60,000 reposts in two years.
                "slots": [f"daily {hour:02d}:00" for hour in range(6, 22)],
                "daily_cap": 16,
                "reserved": 2,
                "backlog_per_day": 20,
                "horizon_days": 730,
            },
        }
    )


def posts(count: int) -> list[Post]:
    """A site: a few new posts, some within their cadence, most a back-catalogue."""
    out = []
    for n in range(count):
        age = 0.2 if n % 500 == 0 else (40 + n % 300 if n % 10 == 0 else 400 + n)
        out.append(
            Post(
                url=f"https://blog.example.com/posts/{n}/",
                title=f"Post {n}",
                body=f"Words of post {n}. " * 50,
                date=NOW - timedelta(days=age),
            )
        )
    return out


def caption(post: Post, platform: str, variant: str, rotation: int) -> Caption:
    text = f"{post.title} {post.url}"
    return Caption(platform, variant, text, len(text), 500, link=post.url)


def measure(fn: Callable[[], Any], *, trace: bool = False) -> tuple[float, float, Any]:
    """Seconds of one call, and with `trace` its peak Python heap in MB (tracing slows
    allocation-heavy code several times, so timed runs do not trace)."""
    gc.collect()
    if trace:
        tracemalloc.start()
    start = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] / 2**20 if trace else 0.0
    if trace:
        tracemalloc.stop()
    return seconds, peak, result


def rss() -> float:
    """Peak resident memory of this process so far, MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class _ScanDays(slots._NextOpen):
    """Baseline: no skipping of full days, every search walks day by day."""

    def find(self, day: int) -> int:
        return day

    def close(self, day: int) -> None:
        pass


class _ScanBoard(slots.Board):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._open_new, self._open_repost = _ScanDays(), _ScanDays()


def digest(store: Store) -> tuple[int, str]:
    """The number of entries and a hash of what they are (post, platform, share, time,
    variant, text), in the order they were added."""
    found = hashlib.sha256()
    rows = store.db.execute(
        "SELECT post_url, platform, seq, due, variant, text FROM entries ORDER BY id"
    )
    count = 0
    for row in rows:
        found.update(repr(row).encode())
        count += 1
    return count, found.hexdigest()[:16]


def plan_once(count: int) -> dict[str, Any]:
    """Plan `count` posts into an empty store (in a process of its own: `CHILD`)."""
    cfg, site = config(), posts(count)
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "queue.db") as store:
        gc.collect()
        start, cpu = time.perf_counter(), time.process_time()
        report = plan(site, cfg, store, now=NOW, captions_fn=caption)
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
        peak = rss()
        entries, plan_hash = digest(store)
    return {"wall": wall, "cpu": cpu, "peak_mb": peak, "entries": entries,
            "deferred": report.deferred, "digest": plan_hash}  # fmt: skip


#: `python -c CHILD TREE COUNT`: `plan_once` with the code of the checkout at TREE.
CHILD = """
import json, sys
sys.path[:0] = [sys.argv[1], sys.argv[2]]
import planning
print(json.dumps(planning.plan_once(int(sys.argv[3]))))
"""


def plan_in(tree: Path, count: int) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(tree), str(Path(__file__).parent), str(count)],
        cwd=tree, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode:
        raise SystemExit(f"planning with the code in {tree} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.splitlines()[-1])


def checkout(ref: str, folder: Path) -> Path:
    """The files of commit `ref` of this repository, in `folder`."""
    done = subprocess.run(["git", "archive", ref], cwd=ROOT, capture_output=True, check=True)
    with tarfile.open(fileobj=io.BytesIO(done.stdout)) as archive:
        archive.extractall(folder, filter="data")
    return folder


def bench_big_plan(count: int, folder: Path, repeat: int, against: str | None) -> None:
    trees = {"this commit": ROOT}
    if against:
        trees[against] = checkout(against, folder / "against")
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in trees}
    for _ in range(repeat):  # interleaved, so each sees the same machine load
        for name, tree in trees.items():
            runs[name].append(plan_in(tree, count))
    print(
        f"planning {count:,} posts on {len(PLATFORMS)} platforms into an empty store, each in"
        f" a fresh process (best of {repeat}{', interleaved' if against else ''})"
    )
    best = {}
    for name, found in runs.items():
        wall, cpu = min(r["wall"] for r in found), min(r["cpu"] for r in found)
        peak = max(r["peak_mb"] for r in found)
        first = found[0]
        best[name] = (wall, cpu, peak)
        print(
            f"  {name:<14} {first['entries']:>7,} entries, {first['deferred']:,} shares deferred"
            f"  wall {wall:6.2f} s  CPU {cpu:6.2f} s  peak RSS {peak:4.0f} MB"
        )
        assert len({r["digest"] for r in found}) == 1, "the same plan each time"
    if against:
        assert runs[against][0]["digest"] == runs["this commit"][0]["digest"], "the same plan"
        (wall, cpu, peak), (was_wall, was_cpu, was_peak) = best["this commit"], best[against]
        print(
            f"  against {against}: {was_wall / wall:.1f}x in wall time, {was_cpu / cpu:.1f}x in"
            f" CPU, {peak / was_peak:.2f}x the memory; the same plan"
        )


def bench_planning(count: int, folder: Path, repeat: int) -> None:
    cfg = config()
    part = posts(max(1, count // 5))
    runs = 0

    def run(some: list[Post]) -> tuple[float, int, tuple[int, str]]:
        nonlocal runs
        runs += 1
        with Store(folder / f"plan-{runs}.db") as store:
            seconds, _, report = measure(
                lambda: plan(some, cfg, store, now=NOW, captions_fn=caption)
            )
            return seconds, report.deferred, digest(store)  # not the report: its memory

    def show(name: str, some: list[Post], seconds: float, deferred: int, found: tuple) -> None:
        print(
            f"  {name:<30} {len(some):>6} posts {found[0]:>7} entries {seconds:7.2f} s"
            f"  ({deferred:,} shares deferred past the horizon)"
        )

    # The baseline comparison at a fifth of the posts: the queue is full for two years
    # (the case the pointers are for) and the day-by-day scan still ends.
    print(f"planning in this process ({len(PLATFORMS)} platforms, empty store; best of {repeat})")
    fast, slow = [], []
    for _ in range(repeat):  # interleaved, so both see the same machine load
        fast.append(run(part))
        planner.Board = _ScanBoard  # type: ignore[misc]
        try:
            slow.append(run(part))
        finally:
            planner.Board = slots.Board  # type: ignore[misc]
    fast_best, slow_best = min(fast, key=lambda r: r[0]), min(slow, key=lambda r: r[0])
    assert fast_best[2] == slow_best[2], "the baseline must plan the same queue"
    show("plan", part, *fast_best)
    show("baseline: day-by-day scan", part, *slow_best)
    print(f"  next-open-day pointers: {slow_best[0] / fast_best[0]:.1f}x faster than the scan")
    with Store(folder / f"plan-{runs}.db") as store:
        again, _, report = measure(lambda: plan(part, cfg, store, now=NOW, captions_fn=caption))
    assert not report.changed
    print(f"  plan the {len(part)} posts again: {again:.2f} s, nothing changed")


def _entries(count: int) -> Iterator[Entry]:
    """`count` entries over three years; the first 2% are due at NOW, a tenth posted."""
    for n in range(count):
        due = NOW + timedelta(minutes=(n * 97) % (3 * 365 * 24 * 60)) - timedelta(days=20)
        platform = PLATFORMS[n % len(PLATFORMS)]
        url = f"https://blog.example.com/posts/{n // 42}/"
        yield Entry(
            id=0,
            post_url=url,
            content_hash="0" * 16,
            platform=platform,
            variant="summary",
            text=f"Post {n // 42} on {platform} https://blog.example.com/posts/{n // 42}/",
            due=due,
            status="posted" if n % 10 == 0 else "planned",
            seq=n % 42,
            idempotency_key=idempotency_key(url, platform, n % 42),
        )


def bench_selection(count: int, folder: Path) -> None:
    path = folder / "big.db"
    print(f"publish selection (store of {count:,} entries)")
    start = time.perf_counter()
    with Store(path) as store:
        batch: list[Entry] = []
        for entry in _entries(count):
            batch.append(entry)
            if len(batch) == 50_000:
                store.add(batch, NOW)
                batch.clear()
        store.add(batch, NOW)
    print(f"  filled in {time.perf_counter() - start:.1f} s, {path.stat().st_size / 2**20:.0f} MB")
    with Store(path) as store:
        _, peak, due = measure(lambda: store.due(NOW, limit=50), trace=True)
        fast = min(measure(lambda: store.due(NOW, limit=50))[0] for _ in range(5))
        sql = (
            "SELECT id FROM entries NOT INDEXED WHERE status = 'planned' AND due <= ?"
            " ORDER BY due, id LIMIT 50"
        )
        stamp = int(NOW.timestamp())
        slow, _, rows = measure(lambda: store.db.execute(sql, (stamp,)).fetchall())
        slow = min(
            [slow]
            + [measure(lambda: store.db.execute(sql, (stamp,)).fetchall())[0] for _ in range(2)]
        )
        assert [e.id for e in due] == [r[0] for r in rows]
        print(f"  next 50 due entries         {fast * 1000:8.2f} ms  heap {peak * 1024:.0f} KB")
        print(f"  baseline: full table scan   {slow * 1000:8.2f} ms  ({slow / fast:.0f}x slower)")
        every, _, found = measure(lambda: store.due(NOW))
        print(f"  all {len(found):,} due entries     {every * 1000:8.1f} ms")
        first = due[0]
        cycle, _, _ = measure(
            lambda: (
                store.claim(first.id, NOW),
                store.set_status(first.id, "posted", NOW, "posted", expect=("claimed",)),
            )
        )
        print(f"  claim + record one entry    {cycle * 1000:8.2f} ms (two transactions)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="Best of N for each timing.")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, to check it runs")
    parser.add_argument(
        "--against", metavar="REF", help="a commit whose planner plans the same beside this one"
    )
    args = parser.parse_args()
    if args.smoke:
        args.posts, args.entries, args.repeat = 50, 2_000, 1
    print(header())
    print(f"SQLite {__import__('sqlite3').sqlite_version}")
    with tempfile.TemporaryDirectory() as tmp:
        bench_big_plan(args.posts, Path(tmp), args.repeat, args.against)
        bench_planning(args.posts, Path(tmp), args.repeat)
        bench_selection(args.entries, Path(tmp))
    print(f"peak resident memory of the whole run: {rss():.0f} MB")


if __name__ == "__main__":
    main()
