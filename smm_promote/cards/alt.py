"""Alt text for a card: the title and what the card shows, for `og:image:alt` and posting."""

from __future__ import annotations

from typing import Any

from smm_promote.cards.templates import (
    BackgroundLayer,
    ImageLayer,
    ListLayer,
    Template,
    TextLayer,
    applies,
    render_items,
    render_text,
)

#: X allows 1,000 characters of alt text; the strictest limit among the platforms.
MAX_ALT = 1000


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split()).rstrip(".")
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_ALT else text[: MAX_ALT - 1].rstrip() + "…"


def alt_text(template: Template, context: dict[str, Any], images: dict[str, Any]) -> str:
    """The template's own `alt`, or a sentence listing the card's texts and pictures."""
    if template.alt:
        return _clip(render_text(template.alt, context))
    title = context.get("title", "")
    shown: list[str] = []
    backdrop = ""
    for layer in template.layers:
        if not applies(layer, context):
            continue
        if isinstance(layer, TextLayer):
            value = render_text(layer.text, context)
            if value and value != title and value not in shown:
                shown.append(_short(value))
        elif isinstance(layer, ListLayer):
            items = render_items(layer.items, context)[: layer.max_items]
            if items:
                shown.append("; ".join(_short(i, 80) for i in items))
        elif isinstance(layer, BackgroundLayer) and layer.image in images:
            backdrop = " over the post's image" if layer.image == "post" else " over a photo"
        elif isinstance(layer, ImageLayer) and layer.source in images and layer.source == "logo":
            shown.append("the site's logo")
    details = f" Also shown: {'. '.join(shown)}." if shown else ""
    return _clip(f"Share card: “{title}”{backdrop}.{details}")
