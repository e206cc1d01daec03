"""`smm-promote preview` on a small blog: the site it writes, its warnings, the queue left
alone, and `--serve` (a real loopback server that rebuilds when a post changes)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import requests
from bs4 import BeautifulSoup
from click.testing import CliRunner

from smm_promote.cli import cli
from smm_promote.preview.serve import PreviewServer, watch_and_rebuild

CONFIG = """\
site_url = "https://blog.example.com"
site_name = "Tiny Blog"
platforms = ["x", "bluesky"]
content = ["posts"]

[cards]
sizes = ["og"]
"""

POST = """\
---
title: {title}
date: 2026-11-20 09:00:00 +0100
tags: [static sites]
---
Static sites keep working for years. They need no database and no patching.

## Plain files outlive platforms

A folder of HTML files opens in any browser, today and in twenty years.
"""


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    (tmp_path / "smm-promote.toml").write_text(CONFIG)
    posts = tmp_path / "posts"
    posts.mkdir()
    (posts / "static.md").write_text(POST.format(title="Why static sites age well"))
    return tmp_path


def titles(index: Path) -> list[str]:
    doc = BeautifulSoup(index.read_text(), "html.parser")
    return [t.get_text(strip=True) for t in doc.select(".tile-title")]


def test_preview_writes_the_site_and_leaves_the_queue_alone(blog, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["preview", str(blog / "posts"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Preview written to" in result.output
    assert "1 post, 1 card, " in " ".join(result.output.split())
    assert titles(out / "index.html") == ["Why static sites age well"]
    page = BeautifulSoup((out / "posts" / "static.html").read_text(), "html.parser")
    assert [f["data-platform"] for f in page.select("section.platform")] == ["x", "bluesky"]
    assert page.select_one("figure.share-card img")["src"].startswith("../cards/")
    assert not (blog / ".smm-promote" / "queue.db").exists()  # planned on a copy only


def test_default_sources_and_output_come_from_the_config(blog, monkeypatch):
    monkeypatch.chdir(blog)
    result = CliRunner().invoke(cli, ["preview"])
    assert result.exit_code == 0, result.output
    assert titles(blog / ".smm-promote" / "preview" / "index.html") == ["Why static sites age well"]


def test_bad_post_is_a_warning_and_strict_fails(blog, tmp_path):
    (blog / "posts" / "broken.md").write_text("---\ntitle: [unclosed\n---\nBody\n")
    out = tmp_path / "out"
    args = ["preview", str(blog / "posts"), "--out", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0
    assert "broken.md" in result.output
    assert titles(out / "index.html") == ["Why static sites age well"]
    listed = BeautifulSoup((out / "index.html").read_text(), "html.parser").select(
        ".notice-group li"
    )
    assert any("broken.md" in li.get_text() for li in listed)
    assert CliRunner().invoke(cli, [*args, "--strict"]).exit_code == 1


def test_without_sources_says_what_to_give(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["preview"])
    assert result.exit_code == 2
    assert "give PATH_OR_FEED, or list folders in `content` in the config" in result.output


def test_server_serves_the_folder(tmp_path):
    (tmp_path / "index.html").write_text("<h1>hello</h1>")
    server = PreviewServer(tmp_path, port=0).start()
    try:
        response = requests.get(server.url + "index.html", timeout=10)
        assert response.status_code == 200
        assert response.text == "<h1>hello</h1>"
        assert response.headers["Cache-Control"] == "no-store"
        assert requests.get(server.url + "nope.html", timeout=10).status_code == 404
    finally:
        server.stop()


def test_watch_rebuilds_on_source_changes_and_ignores_the_output(tmp_path):
    posts, out = tmp_path / "posts", tmp_path / "posts" / "_preview"
    out.mkdir(parents=True)
    changed: list[set[Path]] = []
    done, stop = threading.Event(), threading.Event()

    def rebuild(paths: set[Path]) -> None:
        changed.append(paths)
        done.set()

    watcher = threading.Thread(
        target=watch_and_rebuild, args=([posts], rebuild), kwargs={"ignore": [out], "stop": stop}
    )
    watcher.start()
    try:
        # Wait until the watcher is up: it reports a first change once it is watching.
        probe = posts / "probe.md"
        for i in range(60):
            (out / "index.html").write_text(str(i))  # ignored: the preview's own output
            probe.write_text(str(i))
            if done.wait(0.5):
                break
        assert done.is_set(), "no rebuild after changing a post"
        assert all(p.name == "probe.md" for batch in changed for p in batch)
    finally:
        stop.set()
        watcher.join(10)
    assert not watcher.is_alive()


@pytest.mark.slow
def test_serve_rebuilds_the_site_when_a_post_changes(blog):
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "200"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "smm_promote", "preview", "posts", "--serve", "--port", "0"],
        cwd=blog,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    try:
        url = None
        for line in proc.stdout:
            if line.startswith("Serving "):
                url = line.split()[1]
                break
        assert url, "the server did not start"
        first = requests.get(url + "build.json", timeout=10).json()["build"]
        index = requests.get(url, timeout=10).text
        assert 'data-live="build.json"' in index
        post = blog / "posts" / "static.md"
        post.write_text(POST.format(title="Why static sites still age well"))
        for line in proc.stdout:
            if line.startswith("Rebuilt after changes to static.md"):
                break
        assert json.loads(requests.get(url + "build.json", timeout=10).text)["build"] != first
        assert "Why static sites still age well" in requests.get(url, timeout=10).text
    finally:
        os.kill(proc.pid, signal.SIGINT)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_watch_sees_queue_writes_inside_the_ignored_output(tmp_path):
    from smm_promote.schedule.store import Store

    output = tmp_path / ".smm-promote"
    queue = output / "queue.db"
    Store(queue).close()
    changed: list[set[Path]] = []
    done, stop = threading.Event(), threading.Event()

    def rebuild(paths: set[Path]) -> None:
        changed.append(paths)
        done.set()

    watcher = threading.Thread(
        target=watch_and_rebuild,
        args=([tmp_path / "posts"], rebuild),
        kwargs={"ignore": [output], "files": [queue], "stop": stop},
    )
    watcher.start()
    try:
        for i in range(60):
            (output / "cards.txt").write_text(str(i))  # ignored
            with Store(queue) as store:
                store.set_state("probe", i)
            if done.wait(0.5):
                break
        assert done.is_set(), "no rebuild after writing to the queue"
        names = {p.name for batch in changed for p in batch}
        assert names <= {"queue.db", "queue.db-wal"} and names
    finally:
        stop.set()
        watcher.join(10)
