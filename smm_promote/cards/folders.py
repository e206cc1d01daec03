"""The files in each folder of cards, listed once a run: whether a card, its recipe or its
notes is there is a set look-up, not a stat or a glob per file."""

from __future__ import annotations

import os


class Folders:
    """The names of the regular files (symbolic links to one included) in each folder,
    listed when a folder is first asked about."""

    def __init__(self) -> None:
        self._names: dict[str, set[str]] = {}

    def names(self, folder: str | os.PathLike[str]) -> set[str]:
        key = os.fspath(folder)
        found = self._names.get(key)
        if found is None:
            try:
                with os.scandir(key or ".") as entries:
                    found = {entry.name for entry in entries if entry.is_file()}
            except OSError:
                found = set()
            self._names[key] = found
        return found

    def has(self, path: str | os.PathLike[str]) -> bool:
        """Whether the file `path` was there when its folder was listed."""
        folder, name = os.path.split(os.fspath(path))
        return name in self.names(folder)
