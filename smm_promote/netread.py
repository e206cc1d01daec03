"""Reading an HTTP body within a size cap and a total deadline.

A per-read timeout alone lets a server that trickles one byte every few seconds hold a run
for hours; so every body is read in pieces of what has arrived (`read1`), and given up at
the deadline.
"""

from __future__ import annotations

import time
from typing import Any


class BodyError(ValueError):
    """The body was too large or too slow; the message says which."""


def read_body(raw: Any, *, limit: int, deadline: float, seconds: float) -> bytes:
    """The body of a urllib3 response `raw`: at most `limit` bytes, read by `deadline`
    (a `time.monotonic()` value, `seconds` after the fetch began)."""
    data = bytearray()
    read1 = getattr(raw, "read1", None)
    chunks = None if read1 else raw.stream(65536)
    while True:
        if time.monotonic() > deadline:
            raise BodyError(f"took longer than {seconds:g} s")
        chunk = read1(65536, decode_content=True) if read1 else next(chunks, b"")
        if not chunk:
            return bytes(data)
        data += chunk
        if len(data) > limit:
            raise BodyError(f"larger than {limit:,} bytes")
