"""Kill a real `smm-promote publish` at random moments; count what each guarantee held.

Three campaigns, each until `--kills` SIGKILLs landed, then a clean run:

- `webhook`: two platforms posting through the webhook publisher to a slow loopback
  receiver (it takes each POST, then waits before answering). Documented guarantee: at least
  once, every attempt with the entry's one Idempotency-Key. Counted: entries received more
  than once and their extra requests; any entry lost or any key unknown to the queue fails.
- `webhook-status`: the same with `status_url`, so a killed run's claimed entry is asked
  for. Documented guarantee: exactly once.
- `beside-plan`: the outbox publisher while `smm-promote plan` rewrites every caption of a
  generated 400-post folder in the same queue. Documented guarantee: exactly once, and no
  run dies of a locked store.

    python benchmarks/crash.py                  # 50 kills per campaign
    python benchmarks/crash.py --kills 200 --campaign webhook
    python benchmarks/crash.py --smoke          # 1 kill each, few posts (the suite runs it)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(1, str(ROOT))  # this checkout's smm_promote, as the runs below use

from provenance import header

from smm_promote.config import load_config
from smm_promote.model import Caption, Post
from smm_promote.schedule.planner import plan
from smm_promote.schedule.store import Store

NOW = datetime(2026, 3, 16, 8, 0, tzinfo=UTC)
SLOTS = ", ".join(f'"daily {h:02d}:00"' for h in range(6, 22))


class Receiver:
    """A slow loopback webhook: records each POST's key at once, answers after `delay`."""

    def __init__(self, delay: float) -> None:
        self.keys: list[str] = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                key = self.headers["Idempotency-Key"]
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with receiver.lock:
                    receiver.keys.append(key)
                time.sleep(delay)
                self._answer(200, {"id": key})

            def do_GET(self) -> None:
                key = self.path.rsplit("/", 1)[-1]
                with receiver.lock:
                    got = key in receiver.keys
                self._answer(200 if got else 404, {"id": key} if got else {})

            def _answer(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass  # the publisher was killed while waiting

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()


def _config(site: Path, publisher: str, webhook: str = "") -> None:
    (site / "smm-promote.toml").write_text(
        'site_url = "https://blog.example.com"\nplatforms = ["x", "mastodon"]\n'
        f"[schedule]\nslots = [{SLOTS}]\ndaily_cap = 16\nreserved = 1\noffsets = [1]\n"
        "catch_up_hours = 8000\n"
        f'publisher = {{x = "{publisher}", mastodon = "{publisher}"}}\n' + webhook
    )


def _caption(post: Post, platform: str, variant: str, rotation: int) -> Caption:
    text = f"[{variant}] {post.title} {post.url}"
    return Caption(platform, variant, text, len(text), 500, link=post.url)


def _publish(site: Path, now: datetime) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("SMM_PROMOTE_CRASH_AT", None)
    return subprocess.Popen(
        [sys.executable, "-m", "smm_promote", "publish", "--now", now.isoformat()],
        cwd=site, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _claimed(site: Path) -> int:
    with Store(site / ".smm-promote" / "queue.db") as store:
        return store.counts()["claimed"]


def _due(site: Path, now: datetime) -> dict[str, str]:
    with Store(site / ".smm-promote" / "queue.db") as store:
        return {e.idempotency_key: e.status for e in store.entries() if e.due <= now}


def _unsent(site: Path, now: datetime) -> bool:
    """Whether some due entry is not posted yet."""
    return any(status != "posted" for status in _due(site, now).values())


def _kill_loop(
    site: Path, now: datetime, stats: Counter, kills: int, keep_going, progress
) -> list[str]:
    """Start publish and SIGKILL it a random moment after it starts sending (`progress()`
    changes), until `kills` kills or `keep_going()` is false; then one clean run.
    Returns every run's stderr."""
    errors = []
    landed = 0
    while landed < kills and keep_going():
        run = _publish(site, now)
        seen = progress()
        deadline = time.monotonic() + 20
        while progress() == seen and run.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(random.uniform(0, 0.4))
        if run.poll() is None:
            run.send_signal(signal.SIGKILL)
            landed += 1
            stats["kills"] += 1
        errors.append(run.communicate()[1])
        if run.returncode == -signal.SIGKILL:
            stats["kills hitting a claimed entry"] += bool(_claimed(site))
    final = _publish(site, now)
    errors.append(final.communicate()[1])
    if final.returncode != 0:
        raise SystemExit(f"the clean run failed:\n{errors[-1][-2000:]}")
    return errors


def _check_runs(errors: list[str]) -> None:
    for text in errors:
        if "internal error" in text or "database is locked" in text:
            raise SystemExit(f"a run died:\n{text[-2000:]}")


def webhook(kills: int, posts: int, *, status: bool) -> Counter:
    stats: Counter = Counter()
    receiver = Receiver(delay=0.15)
    try:
        while stats["kills"] < kills:
            with tempfile.TemporaryDirectory(prefix="smm-crash-") as tmp:
                site = Path(tmp)
                hook = f'[publish.webhook]\nurl = "{receiver.url}/hook"\ntimeout = 5\n'
                if status:
                    hook += f'status_url = "{receiver.url}/status/{{key}}"\n'
                _config(site, "webhook", hook)
                config = load_config(site / "smm-promote.toml")
                many = [
                    Post(url=f"https://blog.example.com/{stats['rounds']}/{n}/",
                         title=f"Post {n}", body=f"Body {n}. " * 50,
                         date=NOW - timedelta(hours=2 + n))
                    for n in range(posts)
                ]  # fmt: skip
                with Store(site / ".smm-promote" / "queue.db") as store:
                    plan(many, config, store, now=NOW, captions_fn=_caption)
                now = NOW + timedelta(days=30)
                before = len(receiver.keys)
                left = kills - stats["kills"]
                # A round whose entries all went out before a kill landed ends; the next
                # round plans new ones (a loaded machine can be that slow to kill).
                errors = _kill_loop(
                    site, now, stats, left, partial(_unsent, site, now), lambda: len(receiver.keys)
                )
                _check_runs(errors)
                due = _due(site, now)
                sent = Counter(receiver.keys[before:])
                stats["rounds"] += 1
                stats["entries"] += len(due)
                if set(due.values()) != {"posted"}:
                    raise SystemExit(f"not every due entry posted: {Counter(due.values())}")
                if set(sent) != set(due):
                    raise SystemExit("an entry was lost, or a key unknown to the queue was sent")
                stats["entries received more than once"] += sum(n > 1 for n in sent.values())
                stats["extra requests"] += sum(n - 1 for n in sent.values())
    finally:
        receiver.close()
    if status and stats["extra requests"]:
        raise SystemExit(f"webhook with status_url sent twice: {dict(stats)}")
    return stats


def write_posts(content: Path, count: int, round_: int) -> None:
    content.mkdir(exist_ok=True)
    for n in range(count):
        day = (NOW - timedelta(days=n % 5, hours=n % 24)).strftime("%Y-%m-%d %H:%M")
        (content / f"post-{n:03d}.md").write_text(
            f"---\ntitle: Post {n} on keeping queues honest\ndate: {day}\n---\n\n"
            + f"Round {round_}. Paragraph about queues, locks and retries number {n}. " * 20
        )


def beside_plan(kills: int, posts: int) -> Counter:
    stats: Counter = Counter()
    with tempfile.TemporaryDirectory(prefix="smm-crash-") as tmp:
        site = Path(tmp)
        _config(site, "outbox")
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        write_posts(site / "content", posts, 0)
        first = [sys.executable, "-m", "smm_promote", "plan", "content", "--no-cards",
                 "--now", NOW.isoformat()]  # fmt: skip
        subprocess.run(first, cwd=site, env=env, check=True, capture_output=True)
        while stats["kills"] < kills:
            stats["rounds"] += 1
            write_posts(site / "content", posts, stats["rounds"])  # every caption rewritten
            planning = subprocess.Popen(first, cwd=site, env=env, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True)  # fmt: skip
            now = NOW + timedelta(days=stats["rounds"], hours=12)
            start = time.monotonic()
            outbox = site / ".smm-promote" / "outbox"
            errors = _kill_loop(site, now, stats, kills - stats["kills"],
                                lambda p=planning: p.poll() is None,
                                lambda o=outbox: sum(1 for _ in o.glob("*/*")))  # fmt: skip
            errors.append(planning.communicate()[1])
            stats["plan seconds"] += round(time.monotonic() - start)
            if planning.returncode != 0:
                raise SystemExit(f"plan failed:\n{errors[-1][-2000:]}")
            _check_runs(errors)
        due = _due(site, now)
        files = [p for p in (site / ".smm-promote" / "outbox").glob("*/*.json")
                 if not p.name.startswith(".tmp-")]  # fmt: skip
        sent = Counter(json.loads(p.read_text())["idempotency_key"] for p in files)
        stats["entries"] = len(due)
        if set(due.values()) != {"posted"} or sent != Counter(dict.fromkeys(due, 1)):
            raise SystemExit(f"beside plan: not every due entry out exactly once: {dict(stats)}")
    return stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=50, help="SIGKILLs per campaign")
    parser.add_argument("--posts", type=int, default=400, help="posts of the beside-plan folder")
    parser.add_argument(
        "--campaign", action="append", choices=["webhook", "webhook-status", "beside-plan"]
    )
    parser.add_argument(
        "--smoke", action="store_true", help="1 kill each, 3 webhook posts, 20 beside a plan"
    )
    args = parser.parse_args()
    if args.smoke:
        args.kills, args.posts = 1, 20
    random.seed(13)
    print(header())
    for name in args.campaign or ["webhook", "webhook-status", "beside-plan"]:
        if name == "beside-plan":
            stats = beside_plan(args.kills, args.posts)
            promise = "exactly once, no run died of a lock"
        else:
            stats = webhook(args.kills, 3 if args.smoke else 30, status=name != "webhook")
            promise = "exactly once" if name != "webhook" else "at least once, one key"
        print(f"{name}: {promise}: held over {dict(stats)}")


if __name__ == "__main__":
    main()
