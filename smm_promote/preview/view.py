"""What the preview pages show, computed from a promotion: post pages, caption frames, the
queue's entries and the warnings. Templates only lay these out."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from smm_promote.captions.length import count, limit
from smm_promote.captions.platforms import PLATFORM_RULES, rules_for
from smm_promote.config import PLATFORMS, Config
from smm_promote.errors import Problems
from smm_promote.model import Caption, Card, Entry, Post
from smm_promote.preview.highlight import Segment, domain, segments

#: How each counting rule is worded under a caption's length.
COUNTING_LABELS = {
    "twitter": "weighted characters, links 23",
    "mastodon": "characters, links 23",
    "graphemes": "characters",
    "threads": "characters, emoji by bytes",
    "utf16": "characters",
    "linkedin": "characters, reserved ones escaped",
}


@dataclass(frozen=True)
class CardView:
    """A card as the page shows it; `src` is relative to the preview's root."""

    src: str | None
    alt: str
    size: str
    width: int
    height: int
    template: str
    format: str
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class PartView:
    """One post of a caption (the caption itself, or a thread reply) with its length."""

    segments: list[Segment]
    length: int
    limit: int

    @property
    def over(self) -> bool:
        return self.length > self.limit

    @property
    def ratio(self) -> float:
        return min(1.0, self.length / self.limit) if self.limit else 1.0


@dataclass(frozen=True)
class FrameView:
    """A caption shown the way its platform would show it."""

    platform: str
    label: str
    variant: str
    parts: list[PartView]
    counting: str
    #: "preview" (link card under the text), "image" (the card attached under the text),
    #: "photo" (the card above the text, Instagram), "pin" (a Pinterest pin).
    layout: str
    card: CardView | None
    link: str | None
    link_domain: str
    title: str
    description: str
    name: str
    handle: str
    shortened: bool
    warnings: tuple[str, ...]
    hashtags: tuple[str, ...]
    title_limit: int | None = None
    title_length: int = 0

    @property
    def anchor(self) -> str:
        """The frame's id on its post page."""
        return f"{self.platform}-{self.variant}"

    @property
    def over(self) -> bool:
        return any(part.over for part in self.parts) or (
            self.title_limit is not None and self.title_length > self.title_limit
        )


@dataclass(frozen=True)
class EntryView:
    """A queue entry with its local time and the post page it belongs to."""

    entry: Entry
    due: datetime
    label: str
    post_title: str
    post_page: str | None
    past: bool

    @property
    def platform(self) -> str:
        return self.entry.platform

    @property
    def status(self) -> str:
        if self.entry.status == "planned" and self.past:
            return "overdue"
        return self.entry.status


#: Entry statuses that count as planned: still to be posted.
PLANNED = ("planned", "overdue", "claimed")


def no_share_reason(
    post: Post, view: PostView, plan: Any, config: Config, now: datetime
) -> str | None:
    """Why a post has no share still to post, or None when it has some: skipped (draft,
    `promote: false`...), waiting (a future date), no free slot, expired, or not evergreen
    and past its announcement."""
    if view.planned:
        return None
    if view.skipped:
        return view.skipped
    waiting = dict(getattr(plan, "waiting", ()) or ())
    if post.url in waiting:
        return waiting[post.url]
    unplaced = [p for url, p, _ in getattr(plan, "unplaced", ()) or () if url == post.url]
    if unplaced:
        return f"no free slot on {', '.join(dict.fromkeys(unplaced))}"
    if post.expires is not None and post.expires <= now:
        return f"expired on {post.expires:%-d %B %Y}"
    if view.entries:
        return "every share is done: " + ", ".join(sorted({e.status for e in view.entries}))
    days = config.schedule.new_days
    if not post.evergreen:
        return f"evergreen: false, and older than {days} days: past its announcement"
    return "no share due in the planned period"


@dataclass
class PostView:
    post: Post
    page: str
    key: str
    cards: list[CardView] = field(default_factory=list)
    frames: dict[str, list[FrameView]] = field(default_factory=dict)
    entries: list[EntryView] = field(default_factory=list)
    skipped: str | None = None
    #: Why the post has no share to come, when it has none (shown on its tile and page).
    no_share: str | None = None

    @property
    def planned(self) -> int:
        """Its shares still to post (the count the overview totals)."""
        return sum(1 for e in self.entries if e.status in PLANNED)

    @property
    def thumb(self) -> CardView | None:
        shown = [c for c in self.cards if c.src]
        return next((c for c in shown if c.size == "og"), shown[0] if shown else None)


@dataclass(frozen=True)
class Notice:
    """One line of the overview's warnings: its kind, where, and what."""

    kind: str
    where: str
    message: str
    page: str | None = None
    #: How many times the same warning was raised (e.g. once per platform).
    times: int = 1


def page_names(posts: Sequence[Post]) -> dict[str, str]:
    """A distinct, file-system-safe page name per post URL, from its slug or URL path."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for post in posts:
        base = post.slug or Path(post.url.rstrip("/")).name or "post"
        base = re.sub(r"[^a-z0-9]+", "-", base.lower()).strip("-")[:60] or "post"
        name, n = base, 2
        while name in taken:
            name, n = f"{base}-{n}", n + 1
        taken.add(name)
        names[post.url] = f"posts/{name}.html"
    return names


def card_view(card: Card, src: str | None) -> CardView:
    return CardView(
        src=src,
        alt=card.alt,
        size=card.size,
        width=card.width,
        height=card.height,
        template=card.template,
        format=card.format,
        warnings=card.warnings,
    )


def frame_view(
    post: Post, caption: Caption, cards: Sequence[CardView], config: Config
) -> FrameView:
    """The frame of one caption: its parts with their lengths, and the card the platform
    shows (its preferred size, else the first card)."""
    rules = rules_for(caption.platform)
    top = limit(caption.platform, config)
    texts = [caption.text, *caption.parts[1:]] if caption.parts else [caption.text]
    parts = [
        PartView(
            segments(text, link=caption.link, short_links=rules.link == "short"),
            caption.length if i == 0 else count(caption.platform, text),
            caption.limit if i == 0 else top,
        )
        for i, text in enumerate(texts)
    ]
    card = next((c for c in cards if c.size == rules.card and c.src), None)
    card = card or next((c for c in cards if c.src), None)
    if rules.link in ("field", "bio"):
        layout = "pin" if rules.link == "field" else "photo"
    else:
        layout = "preview" if rules.card in ("og", "x") else "image"
    name, handle = identity(post, caption.platform, config)
    return FrameView(
        platform=caption.platform,
        label=rules.label,
        variant=caption.variant,
        parts=parts,
        counting=COUNTING_LABELS.get(rules.counting, "characters"),
        layout=layout,
        card=card,
        link=caption.link or post.url,
        link_domain=domain(caption.link or post.url),
        title=post.title,
        description=post.description,
        name=name,
        handle=handle,
        shortened=caption.shortened,
        warnings=caption.warnings,
        hashtags=caption.hashtags,
        title_limit=rules.title_limit,
        title_length=count(caption.platform, post.title) if rules.title_limit else 0,
    )


def identity(post: Post, platform: str, config: Config) -> tuple[str, str]:
    """(display name, handle) of the account that posts: the site's (its configured
    handle, else one made from its domain; its name from the config or the site's own
    config), never the post's author."""
    from smm_promote.cards.look import site_look

    host = domain(config.site_url or post.url)
    name = config.site_name or site_look(post).name or host
    handle = config.handles.get(platform)
    if not handle:
        handle = host if platform == "bluesky" else host.split(".")[0]
    if rules_for(platform).at_mentions and not handle.startswith("@"):
        handle = "@" + handle
    return name, handle


def _label(platform: str) -> str:
    rules = PLATFORM_RULES.get(platform)
    return rules.label if rules else platform


def entry_views(
    entries: Iterable[Entry],
    posts: Mapping[str, Post],
    pages: Mapping[str, str],
    tz: ZoneInfo,
    now: datetime,
) -> list[EntryView]:
    """Queue entries in time order, in the site's time zone."""
    views = []
    for entry in entries:
        post = posts.get(entry.post_url)
        views.append(
            EntryView(
                entry=entry,
                due=entry.due.astimezone(tz),
                label=_label(entry.platform),
                post_title=post.title if post else entry.title or entry.post_url,
                post_page=pages.get(entry.post_url),
                past=entry.due <= now,
            )
        )
    return sorted(
        views,
        key=lambda v: (
            v.due,
            PLATFORMS.index(v.platform) if v.platform in PLATFORMS else 99,
            v.entry.id,
        ),
    )


def notices(
    problems: Problems,
    skipped: Sequence[tuple[Post, str]],
    views: Sequence[PostView],
    pages: Mapping[str, str],
    plan: Any = None,
) -> list[Notice]:
    """Everything the blogger should look at before posting, most serious first."""
    found = [
        Notice("problem", str(problem).removesuffix(": " + problem.message), problem.message,
               pages.get(problem.where))
        for problem in problems
    ]  # fmt: skip
    found += [
        Notice("skipped", post.title or post.url, reason, pages.get(post.url))
        for post, reason in skipped
    ]
    held = {post.url for post, _ in skipped}
    titles = {view.post.url: view.post.title for view in views}
    found += [
        Notice("waiting", titles.get(url, url), reason, pages.get(url))
        for url, reason in getattr(plan, "waiting", ())
        if url not in held
    ]
    found += [
        Notice("unplaced", titles.get(url, url), f"no free {platform} slot for share {seq}",
               pages.get(url))
        for url, platform, seq in getattr(plan, "unplaced", ())
    ]  # fmt: skip
    for view in views:
        title = view.post.title
        for platform_frames in view.frames.values():
            for frame in platform_frames:
                where = f"{title}: {frame.label} {frame.variant}"
                page = f"{view.page}#{frame.anchor}"
                if frame.over:
                    found.append(Notice("too long", where, "over the limit", page))
                # Shortened to fit is shown on the frame; a caption note is one per post,
                # platform and note, whichever variants met it.
                found += [
                    Notice("caption", f"{title}: {frame.label}", w, page) for w in frame.warnings
                ]
        for card in view.cards:
            where = f"{title}: {card.size} card ({card.width}×{card.height})"
            found += [Notice("card", where, w, view.page) for w in card.warnings]
    merged: dict[tuple[str, str, str], Notice] = {}
    for notice in found:
        key = (notice.kind, notice.where, notice.message)
        seen = merged.get(key)
        merged[key] = replace(seen, times=seen.times + 1) if seen else notice
    return list(merged.values())


#: Ranks for sorting warnings, and the heading of each kind.
WARNING_KINDS = {
    "problem": "Input problems",
    "skipped": "Posts not promoted",
    "waiting": "Posts waiting to be planned",
    "unplaced": "Shares without a free slot",
    "too long": "Captions over the limit",
    "caption": "Caption notes",
    "card": "Cards with fallbacks",
}
