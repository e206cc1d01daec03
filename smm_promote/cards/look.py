"""The look a post's cards take: its site's name, colours, logo and font, under `[cards]`
settings.

The site is the one the post's source file belongs to (`sites.find_site`, once per folder),
so every command that draws cards gets the same look. Where the generator config names no
colours, a built site at hand fills them (the `--site` folder, else the generator's build
folder beside its config: see `sites.styles.built_look`). What `[cards]` sets wins; a colour
none sets keeps the template's own. The site's text font is drawn where it is installed
(fontconfig), else the template's, with one info line.
"""

from __future__ import annotations

import dataclasses
import os
from functools import lru_cache
from pathlib import Path

from smm_promote.cards import fonts
from smm_promote.config import Config
from smm_promote.errors import Problems
from smm_promote.model import Post
from smm_promote.runcache import Watched
from smm_promote.sites.built import BUILD_DIRS
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
def _look_of_folder(folder: str, built: str | None) -> Look:
    from smm_promote.sites.base import find_site

    site = find_site(Path(folder), Problems())  # its warnings came when posts were read
    look = dataclasses.replace(site.look, origin=site.config_file)
    if look.primary or look.accent:
        return look
    where = built_folder(site.root, built)
    if where is None:
        return look
    from smm_promote.sites.styles import built_look, merge

    return merge(look, built_look(where))


def built_folder(root: Path, built: str | None) -> Path | None:
    """The built site to read a look from: `built` (`--site`: a folder, or the folder of a
    sitemap or feed), else the first build folder beside the config (`site/`, `public/`,
    `_site/`, `output/`, ...) that holds a page."""
    if built and "://" not in built:
        path = Path(built)
        path = path if path.is_dir() else path.parent
        return path if path.is_dir() else None
    for name in BUILD_DIRS:
        folder = root / name
        if folder.is_dir() and _has_page(folder):
            return folder
    return None


def _has_page(folder: Path, most: int = 200) -> bool:
    """Whether `folder` holds an HTML page within its first `most` folders."""
    for seen, (_, dirs, files) in enumerate(os.walk(folder)):
        dirs.sort()
        if any(name.endswith((".html", ".htm")) for name in files):
            return True
        if seen >= most:
            break
    return False


def watch_look(look: Look, built: str | None, watched: Watched) -> None:
    """Record in `watched` what a site's look is read from: its generator config, whether
    each build folder beside it is there, and the built site's home page (by content: a
    build rewrites it)."""
    if look.origin is None:
        return
    origin = Path(look.origin)
    watched.see(origin, by_content=True)
    for name in BUILD_DIRS:
        watched.see(origin.parent / name)
    folder = built_folder(origin.parent, built)
    if folder is not None:
        watched.see(folder / "index.html", by_content=True)


def site_look(post: Post, built: str | None = None) -> Look:
    """The look of the site `post`'s source file belongs to (an empty `Look` for feeds);
    `built` is the config's `site` (a built site folder, sitemap or feed), if any."""
    source = post.source or ""
    if not source or "://" in source:
        return Look()
    path = Path(source)
    if not path.exists():
        return Look()
    folder = str((path if path.is_dir() else path.parent).resolve())
    return _look_of_folder(folder, str(Path(built).resolve()) if built else None)


def card_font(config: Config, look: Look, problems: Problems) -> str | None:
    """The text font of the cards: `[cards] font`, else the site's when it is installed, else
    None (the template's own; one info line says why). Cards get it as their context's
    `text_font`, which their template's text font (`fonts.TEXT_FAMILIES`) gives way to."""
    if config.cards.font:
        return config.cards.font
    if not look.font:
        return None
    if fonts.installed(look.font):
        return look.font
    problems.note(
        str(look.origin or "site"),
        f"the site's font {look.font!r} is not installed (fontconfig); cards use the"
        " template's font",
    )
    return None


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


def _mix(value: str, other: tuple[int, int, int], share: float) -> str:
    pairs = zip(_rgb(value), other, strict=True)
    return "#" + "".join(f"{round(a + (b - a) * share):02x}" for a, b in pairs)


def with_white(value: str) -> str:
    """`value`, darkened (towards black, in steps) until it and white read on each other
    (4.5:1): a backdrop for white text, or text on a white paper."""
    share = 0.0
    while contrast((255, 255, 255), _rgb(_mix(value, (0, 0, 0), share))) < 4.5 and share < 1:
        share = min(1.0, share + 0.05)
    return _mix(value, (0, 0, 0), share)


def _alpha_that_reads(ink: str, background: str, alpha: int) -> str:
    """The opacity (hex) of `ink` over `background`, at least `alpha`, that reads (4.5:1)."""
    for value in range(alpha, 256, 8):
        if contrast(_rgb(_mix(background, _rgb(ink), value / 255)), _rgb(background)) >= 4.5:
            return f"{value:02x}"
    return "ff"


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
    category or tag, else `[cards]` primary/accent (which `with_look` fills from the site),
    the text colours on the primary, the accent as text on white (`accent_ink`), and a
    backdrop for white text made from them; empty
    where none says."""
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
            on_primary_soft=ink + _alpha_that_reads(ink, primary, 0xCC),
            on_primary_faint=ink + _alpha_that_reads(ink, primary, 0x99),
            on_primary_line=ink + "26",
        )
    if accent:
        colors["accent"] = accent
        colors["accent_ink"] = with_white(accent)  # accent-coloured text on white paper
    if primary or accent:  # a backdrop for white text, in the site's colours (photo fallback)
        base = with_white(primary or accent)
        colors.update(
            backdrop_deep=_mix(base, (0, 0, 0), 0.45),
            backdrop=base,
            backdrop_end=with_white(accent or primary),
        )
    return colors
