"""The look a post's cards take: its site's name, colours and logo, under `[cards]` settings.

The site is the one the post's source file belongs to (`sites.find_site`, once per folder),
so every command that draws cards gets the same look. What `[cards]` sets wins; a colour
neither sets keeps the template's own.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from smm_promote.config import Config
from smm_promote.errors import Problems
from smm_promote.model import Post
from smm_promote.sites.look import Look

#: Template colour names a site's look fills, when the template declares them.
ROLES = (
    "primary",
    "on_primary",
    "on_primary_soft",
    "on_primary_faint",
    "on_primary_line",
    "accent",
)


@lru_cache(maxsize=256)
def _look_of_folder(folder: str) -> Look:
    from smm_promote.sites.base import find_site

    return find_site(Path(folder), Problems()).look  # its warnings came when posts were read


def site_look(post: Post) -> Look:
    """The look of the site `post`'s source file belongs to (an empty `Look` for feeds)."""
    source = post.source or ""
    if not source or "://" in source:
        return Look()
    path = Path(source)
    if not path.exists():
        return Look()
    return _look_of_folder(str((path if path.is_dir() else path.parent).resolve()))


def luminance(rgb: tuple[int, ...]) -> float:
    """WCAG relative luminance of an sRGB colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _rgb(value: str) -> tuple[int, int, int]:
    value = value.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _ink_on(background: str, given: str | None) -> str:
    """The text colour on `background`: the site's own when it reads (4.5:1), else white or
    near-black, whichever contrasts more."""
    if given and contrast(_rgb(given), _rgb(background)) >= 4.5:
        return given[:7]
    white, dark = (255, 255, 255), (17, 24, 39)
    bg = _rgb(background)
    return "#ffffff" if contrast(white, bg) >= contrast(dark, bg) else "#111827"


def with_look(config: Config, look: Look) -> Config:
    """`config` with the site's name, logo and colours where the config sets none."""
    cards: dict[str, object] = {}
    if look.logo and not config.cards.logo:
        cards["logo"] = str(look.logo)
    for role in ("primary", "accent"):
        if getattr(look, role) and not getattr(config.cards, role):
            cards[role] = getattr(look, role)
    if look.on_primary and not config.cards.primary and look.primary:
        cards["on_primary"] = look.on_primary
    update: dict[str, object] = {}
    if look.name and not config.site_name:
        update["site_name"] = look.name
    if cards:
        update["cards"] = config.cards.model_copy(update=cards)
    if not update:
        return config
    updated = config.model_copy(update=update)
    updated.source, updated.base_dir = config.source, config.base_dir
    return updated


def palette(post: Post, config: Config) -> dict[str, str]:
    """Colour names for the post's cards: `[cards] accents` by the post's first matching
    category or tag, else `[cards]` primary/accent (which `with_look` fills from the site);
    empty where none says."""
    settings = config.cards
    primary, accent = settings.primary, settings.accent
    topics = {t.strip().lower() for t in (*post.categories, *post.tags)}
    for key, value in settings.accents.items():
        if key.strip().lower() in topics:
            accent = value
            break
    colors: dict[str, str] = {}
    if primary:
        ink = _ink_on(primary, settings.on_primary)
        colors.update(
            primary=primary,
            on_primary=ink,
            on_primary_soft=ink + "cc",
            on_primary_faint=ink + "99",
            on_primary_line=ink + "26",
        )
    if accent:
        colors["accent"] = accent
    return colors
