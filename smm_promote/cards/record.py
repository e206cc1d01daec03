"""What the last run planned for each post's cards, so a rerun with nothing changed only hashes
and lists folders.

Working out a card's name (its text picked from the post, its alt text rendered through the
template, the fonts fontconfig gives) costs about a millisecond a post; drawing nothing, a
rerun of a thousand posts spent a second on it. The record, a JSON file in the cards folder
for each set of cards asked for, keeps each post's cards and warnings under a hash of the
post (all its fields, the site's boilerplate sentences it holds, its cards' folder), valid
while the run's inputs are the same: the code, the config, the templates and sizes asked
for, and every file the cards looked at (templates, fonts, images found or looked for, the
site's look) as it was. A post that changed is planned again, so exactly its cards are
drawn; a changed template, font or config plans every post again (the cards' own names say
which must be drawn). Fonts are watched by the files fontconfig gave (as in `runcache`): a
font installed later that fontconfig would now prefer is seen when anything else changes.

    record = CardRecord.open(out_dir, asked, run_key, watched)
    entry = record.entry(post_key)   # a post's `Entry`, or None: plan it
    record.keep(post_key, entry, planned=entry_was_planned_now)
    record.save(watched)
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from smm_promote.atomic import replace_text
from smm_promote.errors import Problems
from smm_promote.model import Card, card_data, card_from_data
from smm_promote.runcache import Watched

#: Bump when what the record holds changes shape.
FORMAT = 1
#: The record's file in the cards folder, one for each set of cards asked for (templates,
#: sizes...): a site build and `plan` drawing into the same folder keep theirs apart.
NAME = ".record-{asked}.json"

#: Warnings and notes as JSON: [[where, message, line], ...] and [[where, message], ...].
Said = tuple[list[list[Any]], list[list[Any]]]


def said(problems: Problems) -> Said:
    """`problems` as JSON-ready lists."""
    return (
        [[p.where, p.message, p.line] for p in problems.items],
        [[p.where, p.message] for p in problems.notes],
    )


def replay(kept: Said, problems: Problems) -> None:
    """Add warnings and notes kept by `said` to `problems`."""
    items, notes = kept
    for where, message, line in items:
        problems.add(where, message, line)
    for where, message in notes:
        problems.note(where, message)


@dataclass
class Entry:
    """One post's cards (without the warnings met drawing them: those are beside each card),
    the warnings planning them raised, the look (`Look`, by digest) they were drawn in and
    the key of the post's card text in the per-post memo (`memo.Memo`), if any."""

    cards: list[Card]
    said: Said = ([], [])
    look: str = ""
    memo: str = ""

    def data(self) -> dict[str, Any]:
        cards = [card_data(c) for c in self.cards]
        return {"cards": cards, "said": self.said, "look": self.look, "memo": self.memo}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Entry:
        items, notes = data["said"]
        cards = [card_from_data(c) for c in data["cards"]]
        return cls(cards, (items, notes), str(data["look"]), str(data["memo"]))


@dataclass
class CardRecord:
    """The posts' `Entry`s by post key, and the warnings of what every post shares (the
    template library, each look), kept under the key of the run's inputs."""

    path: Path | None
    key: str
    #: Entries of the last run, while its inputs are unchanged; and those of this run.
    old: dict[str, Any] = field(default_factory=dict)
    new: dict[str, Entry] = field(default_factory=dict)
    #: Warnings of planning's shared parts: "library" and each look's digest.
    shared: dict[str, Said] = field(default_factory=dict)
    changed: bool = False

    @classmethod
    def open(cls, folder: Path | None, asked: str, key: str, watched: Watched) -> CardRecord:
        """The record of the cards `asked` for in `folder` when it was kept under `key` and
        nothing it watched changed (then its files are added to `watched`); else an empty
        one."""
        record = cls(folder / NAME.format(asked=asked) if folder is not None else None, key)
        if record.path is None:
            return record
        try:
            data = json.loads(record.path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT or data.get("key") != key:
                return record
            seen = Watched({k: tuple(v) if v else None for k, v in data["watched"].items()})
            if not seen.unchanged():
                return record
            record.old = dict(data["posts"])
            record.shared = {k: (list(v[0]), list(v[1])) for k, v in data["shared"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
            return cls(record.path, key)  # absent or damaged: a record is only a shortcut
        for name, stamp in seen.files.items():
            watched.files.setdefault(name, stamp)
        return record

    def entry(self, post_key: str) -> Entry | None:
        """The last run's entry for a post with this key, if any."""
        data = self.old.get(post_key)
        if data is None:
            return None
        try:
            return Entry.from_data(data)
        except (KeyError, TypeError, ValueError, IndexError):
            return None

    def keep(self, post_key: str, entry: Entry, planned: bool) -> None:
        """Keep `entry` for the next run; `planned` when it was worked out in this run."""
        self.new[post_key] = entry
        self.changed |= planned

    def save(self, watched: Watched) -> None:
        """Write this run's entries and `watched` (atomically); nothing when a rerun
        planned nothing and kept every entry."""
        if self.path is None or (not self.changed and self.new.keys() == self.old.keys()):
            return
        payload = {
            "format": FORMAT,
            "key": self.key,
            "watched": watched.files,
            "shared": self.shared,
            "posts": {k: e.data() for k, e in self.new.items()},
        }
        replace_text(self.path, json.dumps(payload, ensure_ascii=False), prefix=".record-")
