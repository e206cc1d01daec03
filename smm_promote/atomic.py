"""Files replaced whole: a reader sees the old file or the new one, never half of either."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def replace_text(path: Path, text: str, prefix: str = ".tmp-") -> None:
    """Write `text` to `path` through a temporary file beside it (its folder made if
    needed). A write that fails leaves the old file and no temporary one; a folder that
    cannot be made raises `OSError`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temp, path)
    except OSError:
        Path(temp).unlink(missing_ok=True)
