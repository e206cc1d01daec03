"""`--serve`: the preview on a local HTTP server, rebuilt when its sources change.

Pages built with `live=True` poll `build.json` and reload themselves after a rebuild.
"""

from __future__ import annotations

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
    stop: threading.Event | None = None,
) -> None:
    """Call `rebuild(changed paths)` after each burst of changes under `paths`, until `stop`
    is set (or Ctrl-C). Changes under `ignore` (the preview's own output) do not count."""
    watch_filter = watchfiles.DefaultFilter(ignore_paths=[str(Path(p).resolve()) for p in ignore])
    for changes in watchfiles.watch(
        *paths, watch_filter=watch_filter, stop_event=stop, raise_interrupt=False
    ):
        rebuild({Path(path) for _, path in changes})
