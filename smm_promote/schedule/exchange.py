"""The queue in and out of files: CSV for bulk-scheduling tools, JSON to edit, ICS calendars.

CSV columns start the way common bulk-scheduling imports read them (date and time,
message, link, then the image), followed by our own columns. JSON is the round-trip form:
edit text, due time or status ("skipped"/"canceled") of entries not yet posted, then
`import_json` applies the changes, each recorded in the entry's history.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from smm_promote.errors import Problems
from smm_promote.model import Entry
from smm_promote.schedule.store import Store

CSV_COLUMNS = (
    "date", "message", "link", "image", "platform", "variant", "status", "id", "post_url",
)  # fmt: skip
#: Status changes an import may make.
IMPORT_STATUSES = ("planned", "skipped", "canceled")
_QUARTER = timedelta(minutes=15)


def to_json(entries: Sequence[Entry]) -> str:
    return json.dumps([e.to_dict() for e in entries], indent=2, ensure_ascii=False) + "\n"


#: Hootsuite's bulk composer reads day-first dates ("%d/%m/%Y %H:%M") or month-first.
CSV_DATE = "%Y-%m-%d %H:%M"


def to_csv(entries: Sequence[Entry], tz: Any, date_format: str = CSV_DATE) -> str:
    """Date (`date_format`, site timezone), the text with its thread parts, link, image."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for e in entries:
        writer.writerow(
            [
                e.due.astimezone(tz).strftime(date_format),
                "\n\n".join((e.text, *e.parts)),
                e.link or "",
                e.card_url or e.card_path or "",
                e.platform,
                e.variant,
                e.status,
                e.id,
                e.post_url,
            ]
        )
    return out.getvalue()


def to_ics(entries: Sequence[Entry], *, name: str = "smm-promote queue") -> bytes:
    """A content calendar: one event per share, at its due time, 15 minutes long."""
    from icalendar import Calendar, Event  # only calendars need it

    calendar = Calendar()
    calendar.add("prodid", "-//smm-promote//queue//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for e in entries:
        event = Event()
        event.add("uid", f"{e.idempotency_key}@smm-promote")
        event.add("summary", f"[{e.platform}] {e.title or e.post_url}")
        event.add("dtstart", e.due)
        event.add("duration", _QUARTER)
        event.add("dtstamp", e.due)
        event.add("description", "\n\n".join((e.text, *e.parts)))
        if e.link:
            event.add("url", e.link)
        event.add("categories", [e.platform, e.variant])
        event.add("status", "CANCELLED" if e.status in ("canceled", "skipped") else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()


@dataclass
class ImportReport:
    changed: list[int] = field(default_factory=list)
    unchanged: int = 0


def import_json(
    text: str, store: Store, *, now: datetime, tz: Any, problems: Problems, where: str
) -> ImportReport:
    """Apply an edited JSON export: text, parts, due time and status of open entries."""
    report = ImportReport()
    try:
        rows = json.loads(text)
    except json.JSONDecodeError as exc:
        problems.add(where, f"not valid JSON: {exc.msg}", exc.lineno)
        return report
    if not isinstance(rows, list):
        problems.add(where, "expected a list of entries, as `queue export --format json` writes")
        return report
    for number, row in enumerate(rows, start=1):
        label = f"entry {number}"
        if not isinstance(row, dict) or not isinstance(row.get("id"), int):
            problems.add(where, f"{label}: needs an integer 'id'")
            continue
        entry = store.get(row["id"])
        if entry is None:
            problems.add(where, f"{label}: no entry with id {row['id']} in the queue")
            continue
        if _apply(entry, row, store, now=now, tz=tz, problems=problems, where=f"{where}: {label}"):
            report.changed.append(entry.id)
        else:
            report.unchanged += 1
    return report


def _apply(
    entry: Entry,
    row: dict[str, Any],
    store: Store,
    *,
    now: datetime,
    tz: Any,
    problems: Problems,
    where: str,
) -> bool:
    """Apply one row of an import; True when the entry changed."""
    edits: dict[str, Any] = {}
    if "text" in row and row["text"] != entry.text:
        edits["text"] = str(row["text"])
    if "parts" in row and tuple(row["parts"] or ()) != entry.parts:
        edits["parts"] = tuple(str(p) for p in row["parts"] or ())
    due = None
    if row.get("due") and row["due"] != entry.due.isoformat():
        try:
            due = parse_when(str(row["due"]), tz)
        except ValueError as exc:
            problems.add(where, f"due: {exc}")
            return False
    status = row.get("status", entry.status)
    if status not in IMPORT_STATUSES and status != entry.status:
        problems.add(where, f"status: can be set to {', '.join(IMPORT_STATUSES)}, not {status!r}")
        return False
    wanted = edits or due or status != entry.status
    if not wanted:
        return False
    if entry.status not in ("planned", "failed", "skipped"):
        problems.add(where, f"entry {entry.id} is {entry.status}: it cannot be changed")
        return False
    if edits:
        store.edit(entry.id, now, "edited by import", **edits)
    if due is not None:
        store.move(entry.id, due, now, "moved by import", pinned=True)
    if status != entry.status:
        store.set_status(
            entry.id, status, now, "set by import", expect=("planned", "failed", "skipped")
        )
    return True


def parse_when(text: str, tz: Any) -> datetime:
    """An ISO date-time; without an offset it is read in the site's timezone."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"expected a date and time like 2026-05-04T09:00, got {text!r}") from None
    return value.replace(tzinfo=tz) if value.tzinfo is None else value
