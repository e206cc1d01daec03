"""The platform table: every rule a caption must respect, as data.

Platforms change their rules; update them here and nowhere else. Sources for each fact are in
`reference/platforms.md` of the shared notes (twitter-text v3 config, Mastodon's status length
validator, Bluesky's lexicons, Meta's and Pinterest's API docs).
"""

from __future__ import annotations

from dataclasses import dataclass

#: Card sizes by name: (width, height) in pixels.
CARD_SIZES: dict[str, tuple[int, int]] = {
    "og": (1200, 630),
    "x": (1200, 675),
    "square": (1080, 1080),
    "portrait": (1080, 1350),
    "pinterest": (1000, 1500),
    "story": (1080, 1920),
}


@dataclass(frozen=True)
class PlatformRules:
    """How one platform counts and shows a caption."""

    name: str
    label: str
    #: Maximum length of a post's text, by `counting`.
    limit: int
    #: How length is counted: "twitter" (v3 weighted), "mastodon" (graphemes, URLs 23,
    #: remote mentions as @user), "graphemes", "threads" (graphemes, emoji by UTF-8 bytes),
    #: "utf16" (UTF-16 code units, the "characters" of web APIs), "linkedin" (utf16 plus one
    #: per reserved character, which the API needs escaped).
    counting: str
    #: Where the link goes: "text" (the full URL in the text), "short" (a shortened display
    #: text in the text; the publisher makes it a link facet to `Caption.link`), "bio" (not
    #: clickable: a "link in bio" line), "field" (a separate field of the post, not the text).
    link: str
    #: Hashtags used by default, and the platform's hard cap (None: no cap).
    hashtags: int
    max_hashtags: int | None = None
    #: At most this many distinct links in one post (None: no cap).
    max_links: int | None = None
    #: A second limit in UTF-8 bytes (Bluesky's record limit).
    max_bytes: int | None = None
    #: Replies can continue a post (the takeaways variant becomes a numbered thread).
    threads: bool = False
    #: Mentions are written as "@handle" (False: the handle is written as configured).
    at_mentions: bool = True
    #: The card size this platform shows best (a key of CARD_SIZES).
    card: str = "og"
    #: A separate title field and its limit (Pinterest pins).
    title_limit: int | None = None
    #: The platform cannot show a post without an image.
    needs_image: bool = False


PLATFORM_RULES: dict[str, PlatformRules] = {
    rules.name: rules
    for rules in (
        PlatformRules("x", "X", 280, "twitter", "text", hashtags=2, threads=True, card="x"),
        PlatformRules(
            "mastodon", "Mastodon", 500, "mastodon", "text", hashtags=4, threads=True, card="og"
        ),
        PlatformRules(
            "bluesky", "Bluesky", 300, "graphemes", "short",
            hashtags=3, max_bytes=3000, threads=True, card="og",
        ),
        PlatformRules(
            "linkedin", "LinkedIn", 3000, "linkedin", "text",
            hashtags=3, at_mentions=False, card="og",
        ),
        PlatformRules(
            "facebook", "Facebook", 63206, "utf16", "text",
            hashtags=2, at_mentions=False, card="og",
        ),
        PlatformRules(
            "threads", "Threads", 500, "threads", "text",
            hashtags=1, max_hashtags=1, max_links=5, card="portrait",
        ),
        PlatformRules(
            "instagram", "Instagram", 2200, "utf16", "bio",
            hashtags=5, max_hashtags=5, card="portrait", needs_image=True,
        ),
        PlatformRules(
            "pinterest", "Pinterest", 500, "utf16", "field",
            hashtags=3, at_mentions=False, card="pinterest", title_limit=100, needs_image=True,
        ),
    )
}  # fmt: skip


def rules_for(platform: str) -> PlatformRules:
    """The rules of `platform`; a clear error for an unknown name."""
    try:
        return PLATFORM_RULES[platform]
    except KeyError:
        known = ", ".join(PLATFORM_RULES)
        raise ValueError(f"unknown platform {platform!r}, expected one of {known}") from None


def card_size(platform: str) -> tuple[str, int, int]:
    """The card size name, width and height `platform` wants."""
    name = rules_for(platform).card
    width, height = CARD_SIZES[name]
    return name, width, height
