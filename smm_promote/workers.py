"""Worker processes that die with their parent: a killed `cards` or `plan` leaves none behind.

On Linux the kernel sends each worker SIGKILL when its parent dies (`PR_SET_PDEATHSIG`);
elsewhere a thread in each worker checks once a second that its parent is still there.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: prctl option from <linux/prctl.h>.
PR_SET_PDEATHSIG = 1


def _watch(parent: int) -> None:
    while True:
        time.sleep(1)
        if os.getppid() != parent:
            os._exit(1)


def die_with_parent(parent: int) -> None:
    """Pool initializer: end this process when process `parent` ends."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                if os.getppid() != parent:  # it died before the signal was asked for
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass
    threading.Thread(target=_watch, args=(parent,), daemon=True).start()


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """A process pool whose workers never outlive this process."""
    return ProcessPoolExecutor(
        max_workers=workers, initializer=die_with_parent, initargs=(os.getpid(),)
    )


def map_in_workers(
    function: Callable[[T], R], items: Sequence[T], workers: int, *, few: int = 16
) -> list[R]:
    """`function` of each item, in order: in `workers` processes when there are several and
    at least `few` items (fewer cost less here than starting the workers)."""
    if workers <= 1 or len(items) < few:
        return [function(item) for item in items]
    chunk = max(1, len(items) // (workers * 4))
    with worker_pool(workers) as pool:
        return list(pool.map(function, items, chunksize=chunk))
