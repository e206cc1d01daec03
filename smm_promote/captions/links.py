"""Tracked links: utm_* parameters that tell the blogger which share brought a visit."""

from __future__ import annotations

from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

UTM_KEYS = ("utm_source", "utm_medium", "utm_campaign", "utm_content")


def tracked_url(
    url: str, *, source: str, medium: str = "social", campaign: str = "", content: str = ""
) -> str:
    """`url` with utm_source/medium/campaign/content set; its other query parameters (in
    order) and its fragment are kept, and earlier utm_* values of these four are replaced."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in UTM_KEYS]
    values = {"utm_source": source, "utm_medium": medium, "utm_campaign": campaign,
              "utm_content": content}  # fmt: skip
    query += [(k, v) for k, v in values.items() if v]
    return urlunsplit(parts._replace(query=urlencode(query, quote_via=quote, safe="/:")))


def display_link(url: str, width: int = 30) -> str:
    """A short form of `url` to show in text (host and path, without scheme or query), cut
    with an ellipsis past `width` characters; Bluesky links it to the full URL with a facet."""
    parts = urlsplit(url)
    shown = (parts.netloc.removeprefix("www.") + parts.path).rstrip("/")
    return shown if len(shown) <= width else shown[: width - 1] + "…"
