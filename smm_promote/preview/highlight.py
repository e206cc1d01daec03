"""Split a caption into the pieces a platform highlights: links, hashtags and mentions."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import regex
from twitter_text import extract_urls_with_indices

from smm_promote.captions.hashtags import VALID_HASHTAG
from smm_promote.captions.links import display_link

#: Characters of a link shown before it is cut, as X and Mastodon display links.
DISPLAY_WIDTH = 30

#: A hashtag counts only after the start, a space or punctuation (not inside a word or URL).
_HASHTAG = regex.compile(r"(?<![\p{L}\p{M}\p{Nd}_&/#])" + VALID_HASHTAG.pattern)
#: `@user` or a fediverse `@user@host`.
_MENTION = regex.compile(r"(?<![\w/@.])@\w+(?:@[\w.-]+\w)?")


@dataclass(frozen=True)
class Segment:
    """A run of caption text; `kind` is "text", "link", "hashtag" or "mention"."""

    text: str
    kind: str = "text"
    href: str | None = None

    @property
    def shown(self) -> str:
        """The text as platforms display it: long links cut to host and path with "…"."""
        if self.kind == "link" and urlsplit(self.text).scheme:
            return display_link(self.text, DISPLAY_WIDTH)
        return self.text


def segments(text: str, *, link: str | None = None, short_links: bool = False) -> list[Segment]:
    """`text` cut into plain runs and highlighted entities, in order.

    With `short_links` (Bluesky), a link shown in short form points to `link`, the way the
    publisher's link facet will.
    """
    spans: list[tuple[int, int, str, str | None]] = []
    for item in extract_urls_with_indices(text):
        start, end = item["indices"]
        # A short display link ends in "…", which belongs to it.
        if short_links and text[end : end + 1] == "…":
            end += 1
        shown_short = short_links and link and not urlsplit(item["url"]).scheme
        href = link if shown_short else _absolute(item["url"])
        spans.append((start, end, "link", href))
    for kind, pattern in (("hashtag", _HASHTAG), ("mention", _MENTION)):
        for match in pattern.finditer(text):
            if not any(s < match.end() and match.start() < e for s, e, *_ in spans):
                spans.append((match.start(), match.end(), kind, None))
    out: list[Segment] = []
    pos = 0
    for start, end, kind, href in sorted(spans):
        if start > pos:
            out.append(Segment(text[pos:start]))
        out.append(Segment(text[start:end], kind, href))
        pos = end
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return out


def _absolute(url: str) -> str:
    return url if urlsplit(url).scheme else "https://" + url


def domain(url: str) -> str:
    """The host of `url` without `www.`, as link previews show it."""
    return urlsplit(url).netloc.removeprefix("www.")
