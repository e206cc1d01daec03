"""The queue's SQLite store: every line of queue SQL lives in this module.

One file (WAL journal, versioned migrations through `PRAGMA user_version`) holds:

- `entries`: one planned share each; `status` moves planned -> claimed -> posted, or to
  failed / skipped / canceled. `(post_url, platform, seq)` is unique, so planning twice
  cannot add a share twice.
- `history`: every status change and edit of an entry, with its time and reason.
- `posts`: what the planner knows of each post (hashes, the anchor of its cadence).
- `state`: a small key-value table (JSON values) for the feed watcher and paused platforms.

Every change is one transaction (`BEGIN IMMEDIATE`), so a claim is atomic across processes.
Times are stored as UTC epoch seconds and returned as aware `datetime`s.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from smm_promote.errors import SmmPromoteError
from smm_promote.model import STATUSES, Entry

#: Statuses that still hold a slot (a share that will go out or went out).
LIVE = ("planned", "claimed", "posted")
#: Statuses a person or the planner may still change.
OPEN = ("planned", "failed", "skipped")

MIGRATIONS: tuple[str, ...] = (
    # 1: the first schema
    """
    CREATE TABLE entries (
        id INTEGER PRIMARY KEY,
        post_url TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        platform TEXT NOT NULL,
        seq INTEGER NOT NULL,
        new INTEGER NOT NULL DEFAULT 0,
        variant TEXT NOT NULL,
        text TEXT NOT NULL,
        parts TEXT NOT NULL DEFAULT '[]',
        link TEXT,
        title TEXT NOT NULL DEFAULT '',
        description TEXT NOT NULL DEFAULT '',
        card_path TEXT,
        card_url TEXT,
        card_template TEXT,
        alt TEXT NOT NULL DEFAULT '',
        lang TEXT,
        due INTEGER NOT NULL,
        status TEXT NOT NULL DEFAULT 'planned',
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        remote_id TEXT,
        remote_url TEXT,
        posted_at INTEGER,
        idempotency_key TEXT NOT NULL UNIQUE,
        pinned INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        UNIQUE (post_url, platform, seq)
    );
    CREATE INDEX entries_due ON entries (status, due);
    CREATE INDEX entries_platform_due ON entries (platform, due);
    CREATE TABLE history (
        id INTEGER PRIMARY KEY,
        entry_id INTEGER NOT NULL REFERENCES entries (id),
        at INTEGER NOT NULL,
        from_status TEXT,
        to_status TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX history_entry ON history (entry_id);
    CREATE TABLE posts (
        url TEXT PRIMARY KEY,
        content_hash TEXT NOT NULL,
        text_hash TEXT NOT NULL,
        date INTEGER,
        anchor INTEGER NOT NULL,
        first_planned INTEGER NOT NULL,
        active INTEGER NOT NULL DEFAULT 1
    );
    CREATE INDEX posts_text ON posts (text_hash);
    CREATE TABLE state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at INTEGER NOT NULL
    );
    """,
)

_ENTRY_COLUMNS = (
    "id, post_url, content_hash, platform, seq, new, variant, text, parts, link, title, "
    "description, card_path, card_url, card_template, alt, lang, due, status, attempts, "
    "last_error, remote_id, remote_url, posted_at, idempotency_key, pinned"
)
#: Fields a planner or an import may write on an entry.
EDITABLE = (
    "content_hash", "variant", "text", "parts", "link", "title", "description", "card_path",
    "card_url", "card_template", "alt", "lang",
)  # fmt: skip


class StoreError(SmmPromoteError):
    """The queue file cannot be opened or is from a newer version."""


#: The first 16 bytes of every SQLite 3 database file.
SQLITE_HEADER = b"SQLite format 3\x00"


def _damaged(path: Path, why: str) -> StoreError:
    return StoreError(
        f"{path} is not a usable queue: {why}. Nothing was changed. Restore it from a backup"
        f" (or try `sqlite3 {path} .recover`); only if it is lost for good, move it away to"
        " start an empty queue, and then every post would be shared again"
    )


def _check_header(path: Path) -> None:
    """An existing queue file must be an SQLite database: a 0-byte or foreign file is
    never taken for a new queue."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the queue ({exc.strerror})") from None
    if not head:
        raise _damaged(path, "the file is empty")
    if head != SQLITE_HEADER:
        raise _damaged(path, "the file is not an SQLite database")


def ts(value: datetime) -> int:
    if value.tzinfo is None:
        raise ValueError("queue times must be timezone-aware")
    return int(value.timestamp())


def dt(value: int | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, UTC)


def idempotency_key(post_url: str, platform: str, seq: int) -> str:
    """Stable for one share of one post on one platform, across retries and crashes."""
    return hashlib.sha256(f"{post_url}\n{platform}\n{seq}".encode()).hexdigest()[:24]


@dataclass(frozen=True)
class KnownPost:
    """What the store remembers of a post between plans."""

    url: str
    content_hash: str
    text_hash: str
    date: datetime | None
    anchor: datetime
    first_planned: datetime
    active: bool


@dataclass(frozen=True)
class Change:
    """One row of an entry's history."""

    at: datetime
    from_status: str | None
    to_status: str
    note: str


def _entry(row: Sequence[Any]) -> Entry:
    (id_, url, chash, platform, seq, new, variant, text, parts, link, title, desc, card_path,
     card_url, card_template, alt, lang, due, status, attempts, last_error, remote_id,
     remote_url, posted_at, key, pinned) = row  # fmt: skip
    return Entry(
        id=id_,
        post_url=url,
        content_hash=chash,
        platform=platform,
        variant=variant,
        text=text,
        due=dt(due),  # type: ignore[arg-type]
        status=status,
        parts=tuple(json.loads(parts)) if parts != "[]" else (),
        link=link,
        title=title,
        description=desc,
        card_path=card_path,
        card_url=card_url,
        card_template=card_template,
        alt=alt,
        lang=lang,
        attempts=attempts,
        last_error=last_error,
        remote_id=remote_id,
        remote_url=remote_url,
        posted_at=dt(posted_at),
        idempotency_key=key,
        seq=seq,
        new=bool(new),
        pinned=bool(pinned),
    )


def _value(field: str, value: Any) -> Any:
    if field == "parts":
        return json.dumps(list(value), ensure_ascii=False) if value else "[]"
    return value


class Store:
    """The queue database. Use `open_store(config)` or `Store(path)`; close when done."""

    def __init__(self, path: Path | str, *, timeout: float = 30.0) -> None:
        self.path = Path(path)
        existed = False
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
            existed = self.path.exists()
            if existed:
                _check_header(self.path)
        try:
            self.db = sqlite3.connect(str(path), isolation_level=None, timeout=timeout)
            if existed:
                found = [r[0] for r in self.db.execute("PRAGMA quick_check(5)")]
                if found != ["ok"]:
                    self.db.close()
                    raise _damaged(self.path, "its pages are corrupt: " + "; ".join(found))
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise _damaged(self.path, f"it cannot be read ({exc})") from None
        self._depth = 0

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema ------------------------------------------------------------------------

    @property
    def version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        current = self.version
        if current > len(MIGRATIONS):
            raise StoreError(
                f"{self.path}: queue schema version {current} is newer than this smm-promote "
                f"understands ({len(MIGRATIONS)}); upgrade smm-promote"
            )
        for number, script in enumerate(MIGRATIONS[current:], start=current + 1):
            self.db.execute("BEGIN IMMEDIATE")
            try:
                for statement in script.split(";"):
                    if statement.strip():
                        self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {number}")
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (nested calls join the outer one)."""
        if self._depth:
            self._depth += 1
            try:
                yield self.db
            finally:
                self._depth -= 1
            return
        self.db.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield self.db
        except BaseException:
            self._depth = 0
            self.db.execute("ROLLBACK")
            raise
        self._depth = 0
        self.db.execute("COMMIT")

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """A read transaction: every read inside sees one state of the store, while other
        processes keep writing (WAL). Writing inside it is an error."""
        self.db.execute("BEGIN DEFERRED")
        try:
            self.db.execute("SELECT COUNT(*) FROM state").fetchone()  # takes the snapshot
            yield self.db
        finally:
            self.db.execute("COMMIT")

    # -- reading entries ---------------------------------------------------------------

    def get(self, entry_id: int) -> Entry | None:
        row = self.db.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE id = ?", (entry_id,)
        ).fetchone()
        return _entry(row) if row else None

    def entries(
        self,
        *,
        platform: str | None = None,
        statuses: Iterable[str] | None = None,
        post_url: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int | None = None,
    ) -> list[Entry]:
        """Entries by due time (then id), filtered."""
        where, args = [], []  # type: ignore[var-annotated]
        if platform:
            where.append("platform = ?")
            args.append(platform)
        if statuses is not None:
            statuses = list(statuses)
            where.append(f"status IN ({','.join('?' * len(statuses))})")
            args.extend(statuses)
        if post_url:
            where.append("post_url = ?")
            args.append(post_url)
        if since:
            where.append("due >= ?")
            args.append(ts(since))
        if until:
            where.append("due < ?")
            args.append(ts(until))
        sql = f"SELECT {_ENTRY_COLUMNS} FROM entries"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY due, id"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [_entry(r) for r in self.db.execute(sql, args)]

    def entries_of(self, post_urls: Sequence[str]) -> Iterator[Entry]:
        """The entries of these posts, each post's by due time (then id)."""
        for start in range(0, len(post_urls), 500):
            chunk = post_urls[start : start + 500]
            rows = self.db.execute(
                f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE post_url IN"
                f" ({','.join('?' * len(chunk))}) ORDER BY due, id",
                chunk,
            )
            for row in rows:
                yield _entry(row)

    def due(
        self, now: datetime, *, platform: str | None = None, limit: int | None = None
    ) -> list[Entry]:
        """Planned entries due at `now`, oldest first (uses the (status, due) index)."""
        sql = f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE status = 'planned' AND due <= ?"
        args: list[Any] = [ts(now)]
        if platform:
            sql += " AND platform = ?"
            args.append(platform)
        sql += " ORDER BY due, id"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [_entry(r) for r in self.db.execute(sql, args)]

    def platforms(self, *, statuses: Sequence[str] = LIVE) -> list[str]:
        """Platforms that have entries in one of `statuses`."""
        marks = ",".join("?" * len(statuses))
        rows = self.db.execute(
            f"SELECT DISTINCT platform FROM entries WHERE status IN ({marks})", tuple(statuses)
        )
        return sorted(r[0] for r in rows)

    def live_slots(self) -> Iterator[tuple[str, datetime, bool]]:
        """(platform, due, new) of every entry that holds a slot."""
        rows = self.db.execute(
            "SELECT platform, due, new FROM entries WHERE status IN ('planned','claimed','posted')"
        )
        for platform, due, new in rows:
            yield platform, dt(due), bool(new)  # type: ignore[misc]

    def counts(self) -> dict[str, int]:
        found = dict(self.db.execute("SELECT status, COUNT(*) FROM entries GROUP BY status"))
        return {s: found.get(s, 0) for s in STATUSES}

    def history(self, entry_id: int) -> list[Change]:
        rows = self.db.execute(
            "SELECT at, from_status, to_status, note FROM history WHERE entry_id = ? ORDER BY id",
            (entry_id,),
        )
        return [Change(dt(at), a, b, note) for at, a, b, note in rows]  # type: ignore[arg-type]

    # -- writing entries ---------------------------------------------------------------

    def next_id(self) -> int:
        """The id `add` gives the next new entry."""
        return self.db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM entries").fetchone()[0]

    def add(self, entries: Sequence[Entry], now: datetime) -> list[Entry]:
        """Insert new entries; returns them as stored (with their ids). Entries that all
        carry ids (from `next_id` on, in order) are stored under them and returned as they
        are; otherwise each gets the next free id and is read back."""
        if not entries:
            return []
        stamp = ts(now)
        numbered = all(e.id for e in entries)
        rows = (
            (
                e.id if numbered else None, e.post_url, e.content_hash, e.platform, e.seq,
                int(e.new), e.variant, e.text, _value("parts", e.parts), e.link, e.title,
                e.description, e.card_path, e.card_url, e.card_template, e.alt, e.lang,
                ts(e.due), e.status,
                e.idempotency_key or idempotency_key(e.post_url, e.platform, e.seq),
                int(e.pinned), stamp, stamp,
            )
            for e in entries
        )  # fmt: skip
        with self.transaction() as db:
            last = self.next_id() - 1
            if numbered and [e.id for e in entries] != list(
                range(last + 1, last + 1 + len(entries))
            ):
                raise ValueError(f"new entries must be numbered from {last + 1} in order")
            db.executemany(
                "INSERT INTO entries (id, post_url, content_hash, platform, seq, new, variant,"
                " text, parts, link, title, description, card_path, card_url, card_template,"
                " alt, lang, due, status, idempotency_key, pinned, created_at, updated_at)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                rows,
            )
            db.execute(
                "INSERT INTO history (entry_id, at, from_status, to_status, note)"
                " SELECT id, created_at, NULL, status, 'planned' FROM entries WHERE id > ?",
                (last,),
            )
            if numbered:
                return list(entries)
            found = db.execute(
                f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE id > ? ORDER BY id", (last,)
            )
            return [_entry(r) for r in found]

    def edit(self, entry_id: int, now: datetime, note: str, **fields: Any) -> bool:
        """Change an entry's text/card fields while it is not posted; recorded in history."""
        unknown = set(fields) - set(EDITABLE)
        if unknown:
            raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
        if not fields:
            return False
        sets = ", ".join(f"{k} = ?" for k in fields)
        args = [_value(k, v) for k, v in fields.items()]
        with self.transaction() as db:
            cur = db.execute(
                f"UPDATE entries SET {sets}, updated_at = ? WHERE id = ? AND status IN"
                " ('planned','failed','skipped')",
                (*args, ts(now), entry_id),
            )
            if cur.rowcount:
                self._log(entry_id, now, None, note)
        return bool(cur.rowcount)

    def move(
        self, entry_id: int, due: datetime, now: datetime, note: str, *, pinned: bool = False
    ) -> bool:
        """Give a planned (or failed/skipped: it is planned again) entry a new due time."""
        with self.transaction() as db:
            before = self._status(entry_id)
            cur = db.execute(
                "UPDATE entries SET due = ?, status = 'planned', pinned = MAX(pinned, ?),"
                " updated_at = ? WHERE id = ? AND status IN ('planned','failed','skipped')",
                (ts(due), int(pinned), ts(now), entry_id),
            )
            if cur.rowcount:
                self._log(entry_id, now, before, f"{note} -> {due.isoformat()}", "planned")
        return bool(cur.rowcount)

    def revive(self, entry_id: int, due: datetime, now: datetime, note: str, **fields: Any) -> bool:
        """Plan a canceled entry again at `due`, with new text/card fields."""
        unknown = set(fields) - set(EDITABLE)
        if unknown:
            raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
        sets = "".join(f", {k} = ?" for k in fields)
        args = [_value(k, v) for k, v in fields.items()]
        with self.transaction() as db:
            cur = db.execute(
                f"UPDATE entries SET status = 'planned', due = ?, pinned = 0{sets}, updated_at = ?"
                " WHERE id = ? AND status = 'canceled'",
                (ts(due), *args, ts(now), entry_id),
            )
            if cur.rowcount:
                self._log(entry_id, now, "canceled", note, "planned")
        return bool(cur.rowcount)

    def set_status(
        self,
        entry_id: int,
        status: str,
        now: datetime,
        note: str = "",
        *,
        expect: Iterable[str] | None = None,
        **fields: Any,
    ) -> bool:
        """Move an entry to `status` if it is in one of `expect`; False when it was not.

        Extra `fields` (attempts, last_error, remote_id, remote_url, posted_at, due) are
        written in the same transaction.
        """
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        allowed = {"attempts", "last_error", "remote_id", "remote_url", "posted_at", "due"}
        if set(fields) - allowed:
            raise ValueError(f"cannot set {', '.join(sorted(set(fields) - allowed))}")
        values = {k: (ts(v) if isinstance(v, datetime) else v) for k, v in fields.items()}
        sets = "".join(f", {k} = ?" for k in values)
        sql = f"UPDATE entries SET status = ?{sets}, updated_at = ? WHERE id = ?"
        args: list[Any] = [status, *values.values(), ts(now), entry_id]
        if expect is not None:
            expect = list(expect)
            sql += f" AND status IN ({','.join('?' * len(expect))})"
            args.extend(expect)
        with self.transaction() as db:
            before = self._status(entry_id)
            cur = db.execute(sql, args)
            if cur.rowcount:
                self._log(entry_id, now, before, note, status)
        return bool(cur.rowcount)

    def claim(self, entry_id: int, now: datetime) -> Entry | None:
        """Atomically take a planned entry for publishing; None if another run has it."""
        with self.transaction():
            if not self.set_status(entry_id, "claimed", now, "claimed", expect=("planned",)):
                return None
            return self.get(entry_id)

    def _status(self, entry_id: int) -> str | None:
        row = self.db.execute("SELECT status FROM entries WHERE id = ?", (entry_id,)).fetchone()
        return row[0] if row else None

    def _log(
        self, entry_id: int, now: datetime, before: str | None, note: str, after: str | None = None
    ) -> None:
        after = after or self._status(entry_id) or ""
        self.db.execute(
            "INSERT INTO history (entry_id, at, from_status, to_status, note) VALUES (?,?,?,?,?)",
            (entry_id, ts(now), before, after, note),
        )

    # -- posts ---------------------------------------------------------------------------

    def known_posts(self) -> dict[str, KnownPost]:
        rows = self.db.execute(
            "SELECT url, content_hash, text_hash, date, anchor, first_planned, active FROM posts"
        )
        return {
            r[0]: KnownPost(r[0], r[1], r[2], dt(r[3]), dt(r[4]), dt(r[5]), bool(r[6]))  # type: ignore[arg-type]
            for r in rows
        }

    def remember_post(self, post: KnownPost) -> None:
        self.remember_posts([post])

    def remember_posts(self, posts: Iterable[KnownPost]) -> None:
        """Insert or update what is known of these posts, in order, in one statement."""
        rows = (
            (
                p.url, p.content_hash, p.text_hash, ts(p.date) if p.date else None,
                ts(p.anchor), ts(p.first_planned), int(p.active),
            )
            for p in posts
        )  # fmt: skip
        with self.transaction() as db:
            db.executemany(
                "INSERT INTO posts (url, content_hash, text_hash, date, anchor, first_planned,"
                " active) VALUES (?,?,?,?,?,?,?) ON CONFLICT (url) DO UPDATE SET"
                " content_hash = excluded.content_hash, text_hash = excluded.text_hash,"
                " active = excluded.active",
                rows,
            )

    def rename_post(self, old: str, new: str, now: datetime) -> None:
        """A post moved to a new url: keep its cadence, entries and history under the new one."""
        with self.transaction() as db:
            db.execute("UPDATE posts SET url = ? WHERE url = ?", (new, old))
            ids = [r[0] for r in db.execute("SELECT id FROM entries WHERE post_url = ?", (old,))]
            db.execute("UPDATE entries SET post_url = ? WHERE post_url = ?", (new, old))
            for entry_id in ids:
                self._log(entry_id, now, None, f"post moved from {old}")

    # -- key-value state -----------------------------------------------------------------

    def get_state(self, key: str, default: Any = None) -> Any:
        row = self.db.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

    def set_state(self, key: str, value: Any, now: datetime | None = None) -> None:
        """Store a JSON-serialisable value under `key` (None deletes it)."""
        with self.transaction() as db:
            if value is None:
                db.execute("DELETE FROM state WHERE key = ?", (key,))
                return
            stamp = ts(now) if now else int(datetime.now(UTC).timestamp())
            db.execute(
                "INSERT INTO state (key, value, updated_at) VALUES (?,?,?) ON CONFLICT (key)"
                " DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                (key, json.dumps(value, ensure_ascii=False, sort_keys=True), stamp),
            )

    def state_keys(self, prefix: str = "") -> list[str]:
        rows = self.db.execute(
            "SELECT key FROM state WHERE key >= ? AND key < ? ORDER BY key",
            (prefix, prefix + "\U0010ffff"),
        )
        return [r[0] for r in rows]


def store_path(config: Any) -> Path:
    return config.path(config.schedule.store)


def open_store(config: Any) -> Store:
    """The store configured in `[schedule] store` (default `.smm-promote/queue.db`)."""
    return Store(store_path(config))
