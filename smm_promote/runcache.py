"""What the last pipeline run made, replayed when a run has the same inputs.

A replan or rebuild with nothing changed should cost next to nothing: when every post (all
its fields), the config, the code and every file the cards looked at (images found or
probed and not found, templates, fonts) are as they were, and every card the last run named
is still on disk (drawn, or its recipe for later), the cards, captions and warnings of the
last run are the answer, read from one JSON file in `<output>/cache/`. Anything else misses
and the run does all its work again (the per-post `memo.Memo` still spares what it can).

    cache = RunCache(path, key)      # key: everything but files (`pipeline._run_key`)
    kept = cache.load()              # a `Replay`, or None: do the work
    ...
    cache.save(Replay(evergreen, cards, captions, problems, watched))

`Watched` records the files a run read or looked for (`see`), so a file that appears,
changes or goes away misses the next time. Fonts are watched by the files fontconfig gave:
a font installed later that fontconfig would now prefer is seen when anything else changes.
What depends on the time (the queue's newly due shares) is never cached here: the planner
runs every time.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from smm_promote.atomic import replace_text
from smm_promote.errors import Problems
from smm_promote.model import (
    Caption,
    Card,
    caption_data,
    caption_from_data,
    card_data,
    card_from_data,
)

#: Bump when what a `Replay` holds changes shape.
FORMAT = 1

#: (size, modification time) or, for a file watched by its content, (size, digest); for a
#: folder (-1, 0), or (-1, digest of its names) when watched by its content; None when
#: there is nothing there.
Stamp = tuple[int, int | str] | None


def stamp(path: str | os.PathLike[str], by_content: bool = False) -> Stamp:
    """What is at `path` now (see `Stamp`)."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    try:
        if stat.S_ISDIR(info.st_mode):
            names = "\n".join(sorted(os.listdir(path))) if by_content else None
            return (-1, _digest(names.encode()) if names is not None else 0)
        if not by_content:
            return (info.st_size, info.st_mtime_ns)
        return (info.st_size, _digest(Path(path).read_bytes()))
    except OSError:
        return None


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


@dataclass
class Watched:
    """Files a run looked at, with what it saw there (`Stamp`)."""

    files: dict[str, Stamp] = field(default_factory=dict)

    def see(self, path: str | os.PathLike[str], by_content: bool = False) -> bool:
        """Record `path` as looked at; whether something is there now. `by_content` for a
        file a build rewrites with the same bytes (a built page)."""
        key = os.fspath(path)
        if key not in self.files:
            self.files[key] = stamp(key, by_content)
        return self.files[key] is not None

    def see_all(self, folder: Path, pattern: str = "*") -> None:
        """Record the folder (the names in it) and every file `pattern` matches in it."""
        self.see(folder, by_content=True)
        if folder.is_dir():
            for path in folder.glob(pattern):
                self.see(path)

    def unchanged(self) -> bool:
        return all(
            stamp(path, bool(seen and isinstance(seen[1], str))) == seen
            for path, seen in self.files.items()
        )


@dataclass
class Replay:
    """What a run made of its posts: whether each is evergreen (and why not), cards and
    captions by post url, its warnings."""

    evergreen: dict[str, tuple[bool, str]]
    cards: dict[str, list[Card]]
    captions: dict[str, list[Caption]]
    problems: Problems
    watched: Watched

    def outputs_present(self) -> bool:
        """Every card is drawn, or has its recipe to be drawn later (each folder of cards
        listed once, not each card looked up)."""
        from smm_promote.cards.folders import Folders
        from smm_promote.cards.later import recipe_path

        folders = Folders()
        return all(
            folders.has(card.path) or folders.has(recipe_path(card.path))
            for group in self.cards.values()
            for card in group
        )


class RunCache:
    """One `Replay` in one JSON file, kept under the key of the inputs that made it."""

    def __init__(self, path: Path | None, key: str) -> None:
        self.path = path
        self.key = key

    def load(self) -> Replay | None:
        """The last run's replay when its key is this one and nothing it watched changed."""
        if self.path is None:
            return None
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT or data.get("key") != self.key:
                return None
            watched = Watched({k: tuple(v) if v else None for k, v in data["watched"].items()})
            if not watched.unchanged():
                return None
            replay = Replay(
                evergreen={u: (bool(v[0]), str(v[1])) for u, v in data["evergreen"].items()},
                cards={u: [card_from_data(c) for c in group] for u, group in data["cards"].items()},
                captions={
                    u: [caption_from_data(c) for c in group]
                    for u, group in data["captions"].items()
                },
                problems=_problems(data["problems"], data["notes"]),
                watched=watched,
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None  # absent or damaged: a cache is only ever a shortcut
        return replay if replay.outputs_present() else None

    def save(self, replay: Replay) -> None:
        """Write `replay` under this key (atomically)."""
        if self.path is None:
            return
        payload = {
            "format": FORMAT,
            "key": self.key,
            "watched": replay.watched.files,
            "evergreen": replay.evergreen,
            "cards": {u: [card_data(c) for c in g] for u, g in replay.cards.items()},
            "captions": {u: [caption_data(c) for c in g] for u, g in replay.captions.items()},
            "problems": [[p.where, p.message, p.line] for p in replay.problems.items],
            "notes": [[p.where, p.message] for p in replay.problems.notes],
        }
        replace_text(self.path, json.dumps(payload, ensure_ascii=False), prefix=".run-")

    def clear(self) -> None:
        """Forget the last run (its replay would be wrong, e.g. a run that failed midway)."""
        if self.path is not None:
            self.path.unlink(missing_ok=True)


def added_since(problems: Problems, items: int, notes: int) -> Problems:
    """The warnings and notes added to `problems` after it held `items` and `notes`."""
    return Problems(list(problems.items[items:]), list(problems.notes[notes:]))


def _problems(items: list[list[Any]], notes: list[list[Any]]) -> Problems:
    found = Problems()
    for where, message, line in items:
        found.add(where, message, line)
    for where, message in notes:
        found.note(where, message)
    return found
