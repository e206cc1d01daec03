"""`--serve`: the preview on a local HTTP server, rebuilt when its sources change.

Pages built with `live=True` poll `build.json` and reload themselves after a rebuild.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import watchfiles

from smm_promote.errors import SmmPromoteError


class _Handler(SimpleHTTPRequestHandler):
    """Static files without the per-request log lines, never cached."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


class PreviewServer:
    """Serves `out_dir` on `host:port` (port 0 picks a free one) in a background thread."""

    def __init__(self, out_dir: Path, host: str = "127.0.0.1", port: int = 8000) -> None:
        handler = partial(_Handler, directory=str(out_dir))
        try:
            self.httpd = ThreadingHTTPServer((host, port), handler)
        except OSError as exc:
            raise SmmPromoteError(
                f"cannot serve on {host}:{port} ({exc.strerror}); try another --port"
            ) from None
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def start(self) -> PreviewServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def watch_and_rebuild(
    paths: Sequence[Path],
    rebuild: Callable[[set[Path]], None],
    *,
    ignore: Iterable[Path] = (),
    files: Iterable[Path] = (),
    stop: threading.Event | None = None,
) -> None:
    """Call `rebuild(changed paths)` after each burst of changes under `paths` or to one of
    `files` (e.g. the queue, wherever it lives), until `stop` is set (or Ctrl-C). Changes
    under `ignore` (the preview's own output) do not count, unless to one of `files`."""
    wanted = {str(Path(f).resolve()) for f in files}
    # SQLite in WAL mode writes a change to "<db>-wal" first.
    wanted |= {name + "-wal" for name in wanted}
    default = watchfiles.DefaultFilter(ignore_paths=[str(Path(p).resolve()) for p in ignore])

    def keep(change: watchfiles.Change, path: str) -> bool:
        if path in wanted:
            # Opening and closing the queue to read it adds and removes an empty "-wal":
            # only a write (a modified file with content) is a change.
            return change == watchfiles.Change.modified and _size(path) > 0
        return default(change, path)

    folders = {Path(p) for p in paths} | {Path(f).resolve().parent for f in files}
    existing = [folder for folder in folders if folder.exists()]
    if not existing:
        (stop or threading.Event()).wait()
        return
    for changes in watchfiles.watch(
        *existing, watch_filter=keep, stop_event=stop, raise_interrupt=False
    ):
        rebuild({Path(path) for _, path in changes})


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0
