"""Small pieces every publisher shares: the card's bytes, the entry's key, text scanning,
and recognising an already-published post after a crash."""

from __future__ import annotations

import hashlib
import html
import logging
import mimetypes
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import regex

from smm_promote.model import Entry
from smm_promote.publish.base import PermanentError, PublishResult

log = logging.getLogger("smm_promote.publish")

#: URLs in caption text (http and https only, as Mastodon and Bluesky detect them).
URL_RE = regex.compile(r"https?://[^\s<>\"]+")
#: Hashtags as Bluesky's and Mastodon's clients see them: after start or whitespace,
#: at least one character that is neither digit nor punctuation.
TAG_RE = regex.compile(
    r"(?<=^|\s)[#＃]((?!\ufe0f)[^\s\u00ad\u2060\u200a\u200b\u200c\u200d\u20e2]*"
    r"[^\d\s\p{P}\u00ad\u2060\u200a\u200b\u200c\u200d\u20e2][^\s]*)"
)
TRAILING_PUNCT = regex.compile(r"\p{P}+$")
#: A post found after a crash must be this recent relative to the entry's due time.
RECONCILE_SLACK = timedelta(minutes=10)


@dataclass(frozen=True)
class Span:
    """A link or hashtag in a text: code-point offsets and its value (URL or tag without #)."""

    start: int
    end: int
    kind: str
    value: str


def spans(text: str) -> list[Span]:
    """Links and hashtags in `text`, in order, trailing punctuation left out."""
    found: list[Span] = []
    for m in URL_RE.finditer(text):
        url = m.group(0)
        trimmed = regex.sub(r"[.,;:!?'\"]+$", "", url)
        if trimmed.endswith(")") and trimmed.count("(") < trimmed.count(")"):
            trimmed = trimmed[:-1]
        found.append(Span(m.start(), m.start() + len(trimmed), "link", trimmed))
    for m in TAG_RE.finditer(text):
        tag = TRAILING_PUNCT.sub("", m.group(1))
        if not tag or len(tag) > 64:
            continue
        start = m.start()
        if any(s.start <= start < s.end for s in found):
            continue  # a '#' inside a URL fragment
        found.append(Span(start, m.start(1) + len(tag), "tag", tag))
    return sorted(found, key=lambda s: s.start)


def hashtags(text: str) -> list[str]:
    return [s.value for s in spans(text) if s.kind == "tag"]


def entry_key(entry: Entry) -> str:
    """The entry's idempotency key, or a stable one derived from what it posts."""
    if entry.idempotency_key:
        return entry.idempotency_key
    seed = f"{entry.post_url}|{entry.platform}|{entry.variant}|{entry.due.isoformat()}"
    return hashlib.sha256(seed.encode()).hexdigest()[:32]


def read_card(entry: Entry, platform: str) -> tuple[bytes, str] | None:
    """The card's bytes and MIME type, or None (with a warning) when there is none to read."""
    if not entry.card_path:
        return None
    path = Path(entry.card_path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        log.warning(
            "%s: entry %s: card %s unreadable (%s); posting without it",
            platform,
            entry.id,
            path,
            exc.strerror or exc,
        )
        return None
    return data, mimetypes.guess_type(path.name)[0] or "image/png"


def need_card_url(entry: Entry, platform: str) -> str:
    """Platforms that fetch the image themselves need the card's public URL on the blog."""
    if not entry.card_url:
        raise PermanentError(
            f"{platform}: entry {entry.id} has no public card URL (card_url); "
            f"{platform} fetches the image from the blog, so build and deploy the cards first"
        )
    return entry.card_url


def _normal(text: str) -> str:
    return " ".join(html.unescape(regex.sub(r"<[^>]+>", " ", text)).split())


def is_same_post(
    entry: Entry, text: str, created_at: datetime | None, urls: tuple[str, ...] = ()
) -> bool:
    """Is a post seen on the platform the one this entry made (after a crash mid-publish)?

    It must be no older than the entry's due time (less a little slack, for clock skew) and
    carry the entry's link or open with the entry's text.
    """
    if created_at is not None and created_at < entry.due - RECONCILE_SLACK:
        return False
    seen = _normal(text)
    if entry.link and (entry.link in urls or entry.link in seen):
        return True
    wanted = _normal(entry.text)[:60]
    return bool(wanted) and seen.startswith(wanted)


def parse_time(value: str | None) -> datetime | None:
    """An ISO 8601 time as the APIs send it ('Z', '+0000' or an offset)."""
    if not value:
        return None
    value = value.replace("Z", "+00:00")
    if regex.search(r"[+-]\d{4}$", value):
        value = f"{value[:-2]}:{value[-2:]}"
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def posted_before(publisher: Any, entry: Entry) -> PublishResult | None:
    """On a retry, the post an earlier attempt may have made after all (its answer was lost
    to a timeout or a malformed response): ask the platform before posting again."""
    if entry.attempts <= 0:
        return None
    found = publisher.find_recent(entry)
    if found is not None:
        log.info(
            "%s: entry %s was already posted as %s; not posting again",
            publisher.name,
            entry.id,
            found.remote_id,
        )
    return found
