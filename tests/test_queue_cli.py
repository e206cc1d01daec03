"""`plan`, `queue ...` and `publish` through the command line, checked through the store."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from icalendar import Calendar

from smm_promote.cards.later import draw_later, recipe_path
from smm_promote.cli import cli
from smm_promote.config import load_config
from smm_promote.schedule.store import open_store

NOW = "2026-03-16T09:00"  # Berlin time, a Monday


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "smm-promote.toml").write_text(
        'site_url = "https://blog.example.com"\n'
        'site_name = "Example Blog"\n'
        'timezone = "Europe/Berlin"\n'
        'platforms = ["x", "mastodon"]\n'
    )
    content = tmp_path / "content"
    content.mkdir()
    (content / "fresh.md").write_text(
        "---\ntitle: Writing share cards that people read\ndate: 2026-03-16T07:00:00+01:00\n"
        "tags: [social media, blogging]\nslug: fresh\n---\n\n"
        + "Share cards work when the title is short and the image is calm. "
        * 30
    )
    (content / "old.md").write_text(
        "---\ntitle: Ten years of blogging\ndate: 2023-01-10\ntags: [blogging]\nslug: old\n---\n\n"
        + "What ten years of writing every week taught me about readers. " * 30
    )
    return tmp_path


def invoke(site: Path, *args: str):
    result = CliRunner().invoke(cli, [*args, "--config", str(site / "smm-promote.toml")])
    assert result.exit_code == 0, result.output + str(result.exception)
    return result


def store_of(site: Path):
    return open_store(load_config(site / "smm-promote.toml"))


def test_plan_then_plan_again_adds_nothing(site: Path) -> None:
    first = invoke(site, "plan", str(site / "content"), "--no-cards", "--now", NOW, "--json")
    changes = json.loads(first.stdout)
    assert len(changes["added"]) == 2 * 7 + 2 * 6  # new post: 1 + 6 shares; old: 6
    with store_of(site) as store:
        fresh = [e for e in store.entries() if e.post_url.endswith("/fresh/") and e.seq == 0]
    assert {e.platform for e in fresh} == {"x", "mastodon"}
    assert fresh[0].due.isoformat() == "2026-03-16T08:00:00+00:00"  # 09:00 Berlin
    assert "Writing share cards" in fresh[0].text
    again = invoke(site, "plan", str(site / "content"), "--no-cards", "--now", NOW, "--json")
    assert json.loads(again.stdout)["added"] == []


def test_skip_cancel_reschedule_show(site: Path) -> None:
    invoke(site, "plan", str(site / "content"), "--no-cards", "--now", NOW)
    with store_of(site) as store:
        a, b, c = store.entries()[:3]
    invoke(site, "queue", "skip", str(a.id))
    invoke(site, "queue", "cancel", str(b.id))
    invoke(site, "queue", "reschedule", str(c.id), "2026-04-01 18:30")
    with store_of(site) as store:
        assert store.get(a.id).status == "skipped"
        assert store.get(b.id).status == "canceled"
        moved = store.get(c.id)
    assert moved.due.isoformat() == "2026-04-01T16:30:00+00:00" and moved.pinned
    shown = json.loads(invoke(site, "queue", "show", str(c.id), "--json").stdout)
    assert [h["to"] for h in shown["history"]] == ["planned", "planned"]
    assert "rescheduled by hand" in shown["history"][-1]["note"]
    result = CliRunner().invoke(
        cli, ["queue", "cancel", str(b.id), "--config", str(site / "smm-promote.toml")]
    )
    assert result.exit_code != 0 and "is canceled" in str(result.exception)


def test_export_csv_json_ics(site: Path) -> None:
    invoke(site, "plan", str(site / "content"), "--no-cards", "--now", NOW)
    with store_of(site) as store:
        planned = store.entries(statuses=("planned",))
    rows = list(csv.reader(io.StringIO(invoke(site, "queue", "export", "--format", "csv").stdout)))
    assert rows[0][:4] == ["date", "message", "link", "image"]
    assert len(rows) == len(planned) + 1
    assert rows[1][0] == planned[0].due.astimezone(
        load_config(site / "smm-promote.toml").tz
    ).strftime("%Y-%m-%d %H:%M")
    assert rows[1][1] == planned[0].text
    day_first = invoke(
        site, "queue", "export", "--format", "csv", "--date-format", "%d/%m/%Y %H:%M"
    )
    assert next(csv.reader(io.StringIO(day_first.stdout.split("\n", 1)[1])))[0] == (
        planned[0]
        .due.astimezone(load_config(site / "smm-promote.toml").tz)
        .strftime("%d/%m/%Y %H:%M")
    )
    data = json.loads(invoke(site, "queue", "export", "--format", "json").stdout)
    assert [d["id"] for d in data] == [e.id for e in planned]
    out = site / "calendar.ics"
    invoke(site, "queue", "export", "--format", "ics", "-o", str(out))
    calendar = Calendar.from_ical(out.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == len(planned)
    assert events[0].decoded("dtstart") == planned[0].due
    assert str(events[0]["uid"]) == f"{planned[0].idempotency_key}@smm-promote"
    assert str(events[0]["summary"]).startswith(f"[{planned[0].platform}] ")


def test_import_applies_edits_and_reports_bad_rows(site: Path) -> None:
    invoke(site, "plan", str(site / "content"), "--no-cards", "--now", NOW)
    data = json.loads(invoke(site, "queue", "export").stdout)
    data[0]["text"] = "Hand-written text"
    data[1]["status"] = "skipped"
    data[2]["due"] = "2026-05-04T09:00"
    data[3]["status"] = "posted"  # not allowed by hand
    data.append({"id": 99999})
    edited = site / "queue.json"
    edited.write_text(json.dumps(data))
    result = invoke(site, "queue", "import", str(edited))
    assert "3 entries changed" in result.stderr
    assert "entry 4: status" in result.stderr and "no entry with id 99999" in result.stderr
    with store_of(site) as store:
        assert store.get(data[0]["id"]).text == "Hand-written text"
        assert store.get(data[1]["id"]).status == "skipped"
        assert store.get(data[2]["id"]).due.isoformat() == "2026-05-04T07:00:00+00:00"
        assert store.get(data[3]["id"]).status == "planned"


def test_publish_outbox_dry_run_and_list(site: Path) -> None:
    invoke(site, "plan", str(site / "content"), "--no-cards", "--now", NOW)
    dry = invoke(site, "publish", "--outbox", "--dry-run", "--now", "2026-03-16T09:05")
    assert "2 due now" in dry.stdout
    assert not (site / ".smm-promote" / "outbox").exists()
    done = invoke(site, "publish", "--outbox", "--limit", "1", "--now", "2026-03-16T09:05")
    assert "1 posted" in done.stderr
    invoke(site, "publish", "--outbox", "--now", "2026-03-16T09:05")
    written = sorted((site / ".smm-promote" / "outbox").glob("*/*.json"))
    assert [p.parent.name for p in written] == ["mastodon", "x"]
    listed = json.loads(invoke(site, "queue", "list", "--status", "posted", "--json").stdout)
    assert {e["platform"] for e in listed} == {"x", "mastodon"}
    assert all(e["remote_url"].startswith("file://") for e in listed)


@pytest.mark.corpus
def test_seed_posts_plan_with_real_captions(seeds: Path, site: Path) -> None:
    result = invoke(site, "plan", str(seeds), "--no-cards", "--now", NOW, "--json")
    added = json.loads(result.stdout)["added"]
    urls = {e["post_url"] for e in added}
    assert len(urls) == 5  # the five seed articles, all back-catalogue
    assert all(e["seq"] > 0 and e["due"] >= "2026-03-19" for e in added)
    x = [e for e in added if e["platform"] == "x"]
    assert all(e["link"] and e["text"] for e in x)
    # Rotation on real captions: no post repeats a variant twice in a row on a platform.
    for url in urls:
        variants = [e["variant"] for e in sorted(x, key=lambda e: e["due"]) if e["post_url"] == url]
        assert all(a != b for a, b in pairwise(variants))


def test_queue_commands_without_a_queue_say_what_to_do(site: Path) -> None:
    result = CliRunner().invoke(cli, ["queue", "list", "--config", str(site / "smm-promote.toml")])
    assert result.exit_code != 0
    assert "run `smm-promote plan CONTENT` first" in str(result.exception)


def test_plan_draws_the_rotation_of_card_templates(site: Path) -> None:
    result = invoke(site, "plan", str(site / "content"), "--now", NOW, "--json")
    added = json.loads(result.stdout)["added"]
    for platform in ("x", "mastodon"):
        mine = sorted(
            (e for e in added if e["platform"] == platform and e["post_url"].endswith("/fresh/")),
            key=lambda e: e["due"],
        )
        templates = [e["card_template"] for e in mine]
        assert len(set(templates)) >= 3
        assert all(a != b for a, b in pairwise(templates))
        assert all(e["alt"] for e in mine)
        # Cards of shares due within [cards] ahead_days (14) are drawn, later ones when due.
        soon = datetime.fromisoformat(NOW).replace(tzinfo=ZoneInfo("Europe/Berlin")) + timedelta(
            days=14
        )
        near = [e for e in mine if datetime.fromisoformat(e["due"]) <= soon]
        # The default template's cards are always drawn: link previews and meta tags use them.
        drawn = {e["card_path"] for e in added if datetime.fromisoformat(e["due"]) <= soon}
        later = [e for e in mine if e["card_path"] not in drawn and e["card_template"] != "classic"]
        assert near and later
        assert all(Path(e["card_path"]).is_file() for e in near)
        for entry in later:
            card = Path(entry["card_path"])
            assert not card.exists() and recipe_path(card).is_file()
            assert draw_later(card) is None  # what publish does when the share is due
            assert card.read_bytes()[:3] in (b"\x89PN", b"\xff\xd8\xff")
            assert not recipe_path(card).exists()


def test_publish_draws_a_card_left_for_later_when_its_share_is_due(site: Path) -> None:
    added = json.loads(invoke(site, "plan", str(site / "content"), "--now", NOW, "--json").stdout)[
        "added"
    ]
    waiting = sorted(
        (e for e in added if e["card_path"] and not Path(e["card_path"]).exists()),
        key=lambda e: e["due"],
    )
    assert waiting, "some reposts are months away: their cards are not drawn yet"
    entry = waiting[0]
    due = datetime.fromisoformat(entry["due"]).astimezone(ZoneInfo("Europe/Berlin"))
    at = (due + timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M")
    invoke(site, "publish", "--outbox", "--platform", entry["platform"], "--now", at)
    assert Path(entry["card_path"]).is_file()
    with store_of(site) as store:
        assert store.get(entry["id"]).status == "posted"
