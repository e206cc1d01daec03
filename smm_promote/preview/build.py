"""Write the preview site: an overview, a page per post and the content calendar, as plain
HTML and CSS with everything they need (cards, styles, script) inside the output folder."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Sequence
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import PackageLoader, StrictUndefined, select_autoescape
from jinja2.sandbox import SandboxedEnvironment

from smm_promote import __version__
from smm_promote.captions.platforms import PLATFORM_RULES
from smm_promote.config import PLATFORMS, Config
from smm_promote.errors import Problems, SmmPromoteError
from smm_promote.model import Card, Entry
from smm_promote.preview import calendar
from smm_promote.preview.view import (
    PLANNED,
    WARNING_KINDS,
    EntryView,
    Notice,
    PostView,
    card_view,
    entry_views,
    frame_view,
    no_share_reason,
    notices,
    page_names,
)

#: A file that marks a folder as a preview this module wrote (and may therefore clear).
MARKER = ".smm-promote-preview"
#: The folders a build owns inside the output folder; they are rewritten on every build.
OWNED = ("posts", "cards", "assets")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
#: How many of the next shares the overview lists.
UPCOMING = 8
#: Entry statuses in the order the calendar's status filter offers them.
STATUSES_SHOWN = ("planned", "overdue", "claimed", "posted", "failed", "skipped", "canceled")


def build_preview(
    promotion: Any,
    config: Config,
    out_dir: Path,
    *,
    entries: Sequence[Entry] | None = None,
    now: datetime | None = None,
    live: bool = False,
) -> Path:
    """Write the preview of `promotion` (posts, cards, captions, problems, skipped posts) and
    the queue's `entries` into `out_dir`; return the path of its `index.html`.

    `now` (default: the current time) decides which entries are past. `live` adds a script
    that reloads the page when a new build lands (for `--serve`).
    """
    now = now or datetime.now(UTC)
    out_dir = Path(out_dir)
    _prepare(out_dir)
    problems = Problems()
    problems.extend(getattr(promotion, "problems", None) or Problems())
    posts = list(promotion.posts)
    pages = page_names(posts)
    copied = _copy_cards(promotion.cards, out_dir / "cards", problems)
    if entries is None:
        entries = getattr(promotion, "entries", None) or ()
    timeline = entry_views(entries, {p.url: p for p in posts}, pages, config.tz, now)
    views = _post_views(promotion, config, pages, copied, timeline, now)
    by_source = {post.source: pages[post.url] for post in posts if post.source}
    found = notices(
        problems,
        getattr(promotion, "skipped", ()),
        views,
        {**by_source, **pages},
        plan=getattr(promotion, "plan", None),
    )
    context = _context(config, views, timeline, found, now, live)
    env = _environment()
    written = [
        _write(out_dir / "index.html", env.get_template("overview.html").render(context, root="")),
        _write(
            out_dir / "calendar.html",
            env.get_template("calendar.html").render(context, root="", page="calendar"),
        ),
    ]
    post_template = env.get_template("post.html")
    for view in views:
        html = post_template.render(context, root="../", post=view, page="post")
        written.append(_write(out_dir / view.page, html))
    _copy_static(out_dir / "assets")
    _write_exports(out_dir, [view.entry for view in timeline], config)
    digest = hashlib.sha256("".join(written).encode()).hexdigest()[:16]
    (out_dir / "build.json").write_text(json.dumps({"build": digest}), encoding="utf-8")
    return out_dir / "index.html"


def _post_views(
    promotion: Any,
    config: Config,
    pages: dict[str, str],
    copied: dict[Path, str],
    timeline: list[EntryView],
    now: datetime,
) -> list[PostView]:
    """One view per post, newest first: its cards, caption frames per platform and entries."""
    skipped = {post.url: reason for post, reason in getattr(promotion, "skipped", ())}
    views = []
    for post in promotion.posts:
        cards = [card_view(c, copied.get(c.path)) for c in promotion.cards.get(post.url, [])]
        view = PostView(post, pages[post.url], key=_post_key(post.url), cards=cards)
        view.skipped = skipped.get(post.url)
        for caption in promotion.captions.get(post.url, []):
            if caption.platform in PLATFORM_RULES:
                frame = frame_view(post, caption, cards, config)
                view.frames.setdefault(caption.platform, []).append(frame)
        view.entries = [e for e in timeline if e.entry.post_url == post.url]
        view.no_share = no_share_reason(post, view, getattr(promotion, "plan", None), config, now)
        views.append(view)
    return sorted(views, key=lambda v: (v.post.date is None, -(v.post.date or EPOCH).timestamp()))


def _context(
    config: Config,
    views: list[PostView],
    timeline: list[EntryView],
    found: list[Notice],
    now: datetime,
    live: bool,
) -> dict[str, Any]:
    """What every template sees."""
    used = {e.platform for e in timeline} | {p for v in views for p in v.frames}
    platforms = [p for p in PLATFORMS if p in used]
    local_now = now.astimezone(config.tz)
    planned = [e for e in timeline if e.status in PLANNED]
    return {
        "lang": config.lang,
        "page": "overview",
        "stats": {
            "posts": len(views),
            "promoted": sum(1 for v in views if not v.skipped),
            "cards": sum(len(v.cards) for v in views),
            "captions": sum(len(f) for v in views for f in v.frames.values()),
            "planned": len(planned),
            "first": planned[0].due if planned else None,
            "last": planned[-1].due if planned else None,
        },
        "statuses": [s for s in STATUSES_SHOWN if any(e.status == s for e in timeline)],
        "site_name": config.site_name or "Your blog",
        "site_url": config.site_url,
        "timezone": config.timezone,
        "generated": local_now,
        "today": local_now.date(),
        "upcoming": [e for e in timeline if not e.past and e.status == "planned"][:UPCOMING],
        "version": __version__,
        "platforms": platforms,
        "labels": {name: rules.label for name, rules in PLATFORM_RULES.items()},
        "posts": views,
        "entries": timeline,
        "months": calendar.months(timeline),
        "weekdays": calendar.WEEKDAYS,
        "totals": calendar.month_totals(timeline, platforms),
        "notices": found,
        "notice_kinds": WARNING_KINDS,
        "live": live,
    }


def _write_exports(out_dir: Path, entries: list[Entry], config: Config) -> None:
    """The calendar as ICS (for calendar apps) and CSV (for bulk-scheduling tools)."""
    from smm_promote.schedule.exchange import to_csv, to_ics

    name = f"{config.site_name or 'Blog'} shares"
    (out_dir / "calendar.ics").write_bytes(to_ics(entries, name=name))
    (out_dir / "calendar.csv").write_text(to_csv(entries, config.tz), encoding="utf-8")


def _environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=PackageLoader("smm_promote.preview", "templates"),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["day"] = lambda d: f"{d:%a} {d.day} {d:%b %Y}"
    env.filters["hm"] = lambda d: f"{d:%H:%M}"
    env.filters["post_key"] = _post_key
    return env


def _post_key(url: str) -> str:
    """A short id of a post for filters (`data-post`)."""
    return hashlib.sha1(url.encode()).hexdigest()[:10]


def _prepare(out_dir: Path) -> None:
    """Create `out_dir`, or clear the folders an earlier build wrote; never touch a folder
    that holds other files."""
    if out_dir.exists() and any(out_dir.iterdir()) and not (out_dir / MARKER).exists():
        raise SmmPromoteError(
            f"{out_dir} is not empty and holds no earlier preview; choose another --out folder"
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / MARKER).write_text("written by smm-promote preview\n", encoding="utf-8")
    for name in OWNED:
        shutil.rmtree(out_dir / name, ignore_errors=True)


def _copy_cards(cards: dict[str, list[Card]], target: Path, problems: Problems) -> dict[Path, str]:
    """Copy every card image into `target`; map each card's path to its page-relative source."""
    target.mkdir(parents=True, exist_ok=True)
    copied: dict[Path, str] = {}
    for url, post_cards in cards.items():
        for card in post_cards:
            if card.path in copied:
                continue
            if not Path(card.path).is_file():
                problems.add(url, f"card image {card.path} is missing ({card.size} card)")
                continue
            name = Path(card.path).name
            if (target / name).exists():
                name = f"{len(copied)}-{name}"
            shutil.copy2(card.path, target / name)
            copied[card.path] = f"cards/{name}"
    return copied


def _copy_static(target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for item in resources.files("smm_promote.preview").joinpath("static").iterdir():
        if item.is_file():
            (target / item.name).write_bytes(item.read_bytes())


def _write(path: Path, text: str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return text
