"""Which posts stay worth sharing: time-bound posts are not evergreen by default.

A post is time-bound when (first rule that applies wins):

1. its own metadata says `evergreen:` (`Post.evergreen_given`): kept as written;
2. a `[schedule] evergreen_rules` entry matches its tag, category or title: the rule decides;
3. a newer post of the same series replaces it (same title once versions, numbers, months
   and years are taken out: "Announcing Rust 1.70.0" / "Announcing Rust 1.71.0", "Linkerd
   Edge Release Roundup: May 2024" / "...: June 2024");
4. it announces a release: a version in the title ("Hatch v1.6.0", "Jekyll 3.8.5 Released")
   and a release word in the title or tags, or at most two other words in the title, or
   other posts of its series;
5. its title or tags name a dated event: survey, CFP, call for papers (or any "call for ..."),
   registration, schedule, webinar, meetup, deadline, early bird, conference, summit,
   hackathon, livestream, save the date (and a few of these words in other languages);
6. its title, summary or first two paragraphs give a date after the post's date (within a
   year; not in a note about the post such as "Update 2021-11-29: ..."): it is about that
   day;
7. they, or its tags, open a call that closes: a crowdfunding campaign (Kickstarter,
   Indiegogo, a fundraiser) or a job opening ("we're hiring", tag `hiring`, `jobs`).

Time-bound posts get `evergreen=False` (announced once, never reshared) and an
`evergreen_reason` that names the event's day or the newer post when known (an event's date
found anywhere in the text counts when the title names an event). `expires` is left as the
post says: an expired post gets no cards, and a past event's page still wants its card.
Posts without a date, and posts already not evergreen, are left alone.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from smm_promote.model import Post

if TYPE_CHECKING:  # the config schema (pydantic) loads with a config, not with this module
    from smm_promote.schedule.settings import EvergreenRule

#: Event words of a title or tag (whole words, any case), English first, then a few others.
_EVENT = re.compile(
    r"(?<!\w)(?:surveys?|cfps?|call for(?=\s+\w)|registration|schedule|webinars?|meetups?|"
    r"deadlines?|early[- ]bird|conferences?|summit|hackathons?|livestream|save the date|"
    r"encuesta|umfrage|sondage|inscriptions?|anmeldung|konferenz|"
    r"調查|调查|問卷|问卷|アンケート|研討會|研讨会|セミナー)(?!\w)",
    re.IGNORECASE,
)
#: Tags that mark an event post (besides the title's event words).
_EVENT_TAGS = frozenset({"event", "conference", "meetup", "webinar", "survey", "cfp"})
#: A call open for a while, said where the post says what it is about: a crowdfunding
#: campaign or a job opening ends, and a reshare would send readers to a closed one.
_CAMPAIGN = re.compile(
    r"(?<!\w)(?:kickstarter|indiegogo|crowdfunding|fundraiser|fundraising campaign|"
    r"(?:we're|we’re|we are|is|are) hiring|job openings?|open positions?|vacanc(?:y|ies))(?!\w)",
    re.IGNORECASE,
)
#: Tags that mark such a call.
_CAMPAIGN_TAGS = frozenset({"hiring", "jobs", "job", "careers", "crowdfunding", "kickstarter"})
_RELEASE = re.compile(
    r"\b(?:released?|releases|releasing|announcing|announces?|is out|now available|"
    r"available now|changelog|release notes|what's new in)\b",
    re.IGNORECASE,
)
_RELEASE_TAGS = frozenset({"release", "releases", "release notes", "changelog", "announcement"})
_VERSION = re.compile(r"(?<![\w.])v?\d+(?:\.\d+)+(?:[-.]?(?:alpha|beta|rc|pre)\.?\d*)?(?![\w.])")
#: English month names as written (capitalised: "may" and "march" are words too).
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_MONTH_NUMBERS = {name.casefold(): i for i, name in enumerate(calendar.month_abbr) if name}
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_DATES = (
    re.compile(rf"\b(?P<y>{_YEAR})-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-2]\d|3[01])\b"),
    re.compile(rf"\b(?P<mn>{_MONTH})\s+(?P<d>{_DAY})\b(?:,?\s+(?P<y>{_YEAR})\b)?"),
    re.compile(rf"\b(?P<d>{_DAY})\s+(?:of\s+)?(?P<mn>{_MONTH})(?:,?\s+(?P<y>{_YEAR})\b)?"),
    re.compile(rf"(?P<y>{_YEAR})\s*年\s*(?P<m>1[0-2]|0?[1-9])\s*月\s*(?P<d>[12]\d|3[01]|0?[1-9])"),
)
#: Taken out of a title to find its series: versions, numbers, months, years, ordinals.
_SERIES_NOISE = re.compile(rf"{_VERSION.pattern}|\b{_MONTH}(?!\w)|\b\d+(?:st|nd|rd|th)?\b|'s\b")
_NOT_A_WORD = re.compile(r"[^\w+]+")
#: Numbers after these words name a part of a series that stays (Part 1, Part 2...).
_PART_NUMBER = re.compile(
    r"\b(?:part|chapter|episode|lesson|lab|laboratory|step|day|vol(?:ume)?|no)\.?\s+(\d+|[ivx]+)\b",
    re.IGNORECASE,
)
#: A post's date plus this much: later dates in its text are about its future.
_HORIZON = timedelta(days=366)
#: A date without a year is read as the first such day after the post within this many days.
_YEARLESS_WINDOW = timedelta(days=120)


@dataclass(frozen=True)
class Verdict:
    """Whether a post is evergreen, and why not."""

    evergreen: bool
    reason: str = ""


def decide_all(posts: Sequence[Post], rules: Sequence[EvergreenRule] = ()) -> list[Post]:
    """`posts` with `evergreen` and `evergreen_reason` set by the rules above
    (the whole site is needed: a series is only seen across posts)."""
    series = _series_index(posts)
    out = []
    for post in posts:
        verdict = decide(post, rules, series)
        if verdict is None:
            out.append(post)
            continue
        out.append(replace(post, evergreen=verdict.evergreen, evergreen_reason=verdict.reason))
    return out


def decide(
    post: Post,
    rules: Sequence[EvergreenRule] = (),
    series: dict[str, list[Post]] | None = None,
) -> Verdict | None:
    """The verdict for one post, or None when nothing changes it (see the module's rules).
    `series` maps series keys to their posts (from `decide_all`); without it, no successor
    is known."""
    if post.evergreen_given:
        return None
    for rule in rules:
        if rule.matches(post):
            return Verdict(rule.evergreen, "" if rule.evergreen else f"evergreen_rules: {rule}")
    if not post.evergreen or post.date is None:
        return None
    key = series_key(post.title)
    members = (series or {}).get(key, []) if key else []
    successor = _successor(post, members)
    if successor is not None:
        return Verdict(False, f"replaced by “{successor.title}” of {successor.date:%Y-%m-%d}")
    tags = {t.casefold() for t in (*post.tags, *post.categories)}
    version = _VERSION.search(post.title)
    if version and (
        _RELEASE.search(post.title)
        or tags & _RELEASE_TAGS
        or len(members) > 1
        or len(_VERSION.sub(" ", post.title).split()) <= 2
    ):
        return Verdict(
            False, f"release announcement ({version.group()}): newer releases replace it"
        )
    event = _EVENT.search(post.title)
    event_word = event.group() if event else next(iter(sorted(tags & _EVENT_TAGS)), "")
    opening = _opening(post)
    dates = [d for d in _future_dates(opening, post)]
    if event_word:
        dates += _future_dates(post.body, post)
    when = max(dates) if dates else None
    if event_word:
        on = f", on {when:%Y-%m-%d}" if when else ""
        return Verdict(False, f"about an event ({event_word.casefold()}{on})")
    if when:
        return Verdict(False, f"about {when:%Y-%m-%d}, a date after the post's")
    campaign = _CAMPAIGN.search(opening)
    call = campaign.group() if campaign else next(iter(sorted(tags & _CAMPAIGN_TAGS)), "")
    if call:
        return Verdict(False, f"a call open for a time ({call.casefold()}): it closes")
    return None


def series_key(title: str) -> str:
    """The title with its versions, numbers, months and years taken out ('' when nothing
    was taken out: a title without such a marker starts no series)."""
    kept = _PART_NUMBER.sub(lambda m: m.group().replace(" ", "_"), title)
    key, count = _SERIES_NOISE.subn(" ", kept)
    if not count:
        return ""
    # `re`'s \w is exactly letters, numbers and "_"; `str.isalpha`, exactly the letters.
    key = _NOT_A_WORD.sub(" ", key.casefold()).strip()
    return key if any(char.isalpha() for char in key) else ""


def _series_index(posts: Sequence[Post]) -> dict[str, list[Post]]:
    index: dict[str, list[Post]] = {}
    for post in posts:
        key = series_key(post.title)
        if key and post.date is not None:
            index.setdefault(key, []).append(post)
    return index


def _successor(post: Post, members: Sequence[Post]) -> Post | None:
    """The next newer post of the same series, if any."""
    newer = [p for p in members if p.date and post.date and p.date > post.date]
    return min(newer, key=lambda p: p.date) if newer else None


def _opening(post: Post) -> str:
    """Title, summary and the first two paragraphs: where a post says what day it is about."""
    from smm_promote.captions.plaintext import ABOUT_THE_POST, post_blocks, sentences

    paragraphs = [text for kind, text in post_blocks(post) if kind in ("text", "item")][:2]
    said = [s for text in paragraphs for s in sentences(text) if not ABOUT_THE_POST.search(s)]
    return "\n".join([post.title, post.summary, *said])


def _future_dates(text: str, post: Post) -> list[datetime]:
    """Dates in `text` after the post's day and within a year of it."""
    assert post.date is not None
    start = post.date.replace(hour=0, minute=0, second=0, microsecond=0)
    found = []
    for pattern in _DATES:
        for match in pattern.finditer(text):
            day = _to_date(match, start)
            if day is not None and start + timedelta(days=1) <= day <= start + _HORIZON:
                found.append(day)
    return found


def _to_date(match: re.Match[str], start: datetime) -> datetime | None:
    parts = match.groupdict()
    month = int(parts["m"]) if parts.get("m") else None
    if month is None:
        month = _MONTH_NUMBERS[parts["mn"][:3].casefold()]
    day = int(re.match(r"\d+", parts["d"]).group())
    year = int(parts["y"]) if parts.get("y") else None
    try:
        if year is not None:
            return start.replace(year=year, month=month, day=day)
        found = start.replace(month=month, day=day)
        if found < start:
            found = found.replace(year=start.year + 1)
    except ValueError:  # 31 June, 29 February of a common year
        return None
    return found if found - start <= _YEARLESS_WINDOW else None
