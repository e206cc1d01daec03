"""Killing `smm-promote cards` kills its drawing workers too (they die with their parent)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc")


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found |= {int(c) for c in (task / "children").read_text().split()}
        except OSError:
            continue
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
def test_workers_die_when_cards_is_killed(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    for n in range(200):
        (content / f"post-{n:03d}.md").write_text(
            f"---\ntitle: Post {n} about drawing many cards at once\ndate: 2026-01-01\n---\n"
            + "Words about the post. " * 30
        )
    (tmp_path / "smm-promote.toml").write_text(
        'site_url = "https://blog.example.com"\nplatforms = ["x", "mastodon", "linkedin"]\n'
        "[cards]\nworkers = 2\nfetch_images = false\n"
        'extra_templates = ["quote", "minimal", "takeaways"]\n'
    )
    root = Path(__file__).resolve().parent.parent
    cards = subprocess.Popen(
        [sys.executable, "-m", "smm_promote", "cards", "content"],
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(root)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        workers: set[int] = set()
        while len(workers) < 2 and time.monotonic() < deadline and cards.poll() is None:
            time.sleep(0.05)
            workers = {c for c in _children(cards.pid) if _alive(c)}
        assert len(workers) >= 2, "the pool never started"
        cards.send_signal(signal.SIGKILL)
        cards.wait()
        deadline = time.monotonic() + 15
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = [w for w in workers if _alive(w)]
        for pid in left:
            os.kill(pid, signal.SIGKILL)
        assert not left, f"workers {left} outlived their parent"
    finally:
        if cards.poll() is None:
            cards.kill()
