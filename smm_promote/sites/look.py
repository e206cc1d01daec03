"""A site's look as its generator config names it: name, colours, logo and text font.

Cards take these by default (as Material's social plugin takes the theme's palette, logo and
font); `[cards]` settings override them. Each generator module fills `Site.look` from its own
config keys; a key the config does not set stays None and the card template's default is used.
"""

from __future__ import annotations

import colorsys
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


@dataclass(frozen=True)
class Look:
    """What a site's config says about how it looks (None: not named there)."""

    #: The site's name (`site_name`, `SITENAME`, `title`).
    name: str | None = None
    #: Main colour (header / brand), `#rrggbb`.
    primary: str | None = None
    #: Colour of text drawn on `primary` (Material's `--md-primary-bg-color`), `#rrggbb[aa]`.
    on_primary: str | None = None
    #: Accent colour (links, highlights), `#rrggbb`.
    accent: str | None = None
    #: Logo file (an existing local image), absolute.
    logo: Path | None = None
    #: Body text font family as the config names it (e.g. "Roboto").
    font: str | None = None


def _hex(value: Any) -> str | None:
    text = str(value or "").strip()
    if not _HEX.match(text):
        return None
    if len(text) == 4:
        text = "#" + "".join(c * 2 for c in text[1:])
    return text.lower()


def _file(root: Path, *candidates: Any) -> Path | None:
    """The first candidate that names an existing local image file under `root`."""
    for value in candidates:
        text = str(value or "").strip()
        if not text or "://" in text or text.startswith("material/"):
            continue
        for base in (root, root / "static", root / "docs", root / "assets"):
            path = (base / text.lstrip("/")).resolve()
            if path.is_file() and path.suffix.lower() in {".png", ".jpg", ".jpeg", ".webp"}:
                return path
    return None


def _text(value: Any) -> str | None:
    text = " ".join(str(value).split()) if isinstance(value, str | int | float) else ""
    return text or None


@lru_cache(maxsize=1)
def material_palette() -> dict[str, dict[str, str]]:
    """Material for MkDocs' palette by role (`primary`, `accent`, `on_primary`) and colour
    name, read from the installed theme's `palette.*.css` ({} when it is not installed)."""
    try:
        import material
    except ImportError:
        return {}
    folder = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
    found: dict[str, dict[str, str]] = {"primary": {}, "accent": {}, "on_primary": {}}
    wanted = {
        ("primary", "--md-primary-fg-color"): "primary",
        ("primary", "--md-primary-bg-color"): "on_primary",
        ("accent", "--md-accent-fg-color"): "accent",
    }
    for css in sorted(folder.glob("palette*.css")):
        text = css.read_text(encoding="utf-8")
        hue_found = re.search(r"--md-hue:\s*([\d.]+)", text)
        hue = float(hue_found.group(1)) if hue_found else 225.0
        for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", text):
            declared = {
                prop: _css_color(value, hue)
                for prop, value in re.findall(r"(--md-[\w-]+):\s*([^;]+)", body)
            }
            for role, name in re.findall(r"data-md-color-(primary|accent)=([\w-]+)\]", selectors):
                for (want_role, prop), key in wanted.items():
                    if role == want_role and declared.get(prop):
                        found[key].setdefault(name, declared[prop])
    return found


def _css_color(value: str, hue: float) -> str | None:
    """A CSS colour as `#rrggbb[aa]`: hex (`#fa0` -> `#ffaa00`) or Material's
    `hsla(var(--md-hue), S%, L%, A)`; None for anything else."""
    value = value.strip().lower()
    if re.fullmatch(r"#[0-9a-f]{3,8}", value):
        return "#" + "".join(c * 2 for c in value[1:]) if len(value) in (4, 5) else value
    found = re.fullmatch(
        r"hsla?\(\s*(var\(--md-hue\)|[\d.]+)(?:deg)?\s*,\s*([\d.]+)%\s*,\s*([\d.]+)%"
        r"(?:\s*,\s*([\d.]+))?\s*\)",
        value,
    )
    if not found:
        return None
    h = hue if found.group(1).startswith("var") else float(found.group(1))
    r, g, b = colorsys.hls_to_rgb(h / 360, float(found.group(3)) / 100, float(found.group(2)) / 100)
    alpha = float(found.group(4)) if found.group(4) else 1.0
    text = "#" + "".join(f"{round(c * 255):02x}" for c in (r, g, b))
    return text if alpha >= 1 else text + f"{round(alpha * 255):02x}"


def material_look(config: Mapping[str, Any], root: Path) -> Look:
    """MkDocs (Material): `site_name`, `theme.palette` primary/accent (the first scheme that
    names them), `theme.logo` (a file), `theme.font.text`."""
    theme = config.get("theme")
    theme = theme if isinstance(theme, Mapping) else {}
    palette = theme.get("palette")
    schemes = palette if isinstance(palette, list) else [palette]
    schemes = [s for s in schemes if isinstance(s, Mapping)]
    table = material_palette()
    names: dict[str, str] = {}
    for scheme in schemes:
        for role in ("primary", "accent"):
            value = str(scheme.get(role) or "").strip().lower().replace(" ", "-")
            if value and role not in names:
                names[role] = value
    primary = _hex(names.get("primary")) or table.get("primary", {}).get(names.get("primary", ""))
    accent = _hex(names.get("accent")) or table.get("accent", {}).get(names.get("accent", ""))
    on_primary = table.get("on_primary", {}).get(names.get("primary", ""))
    font = theme.get("font")
    docs = root / str(config.get("docs_dir") or "docs")
    return Look(
        name=_text(config.get("site_name")),
        primary=primary,
        on_primary=on_primary,
        accent=accent,
        logo=_file(docs, theme.get("logo")) or _file(root, theme.get("logo")),
        font=_text(font.get("text")) if isinstance(font, Mapping) else None,
    )


def pelican_look(settings: Mapping[str, Any], root: Path) -> Look:
    """Pelican: `SITENAME`, `SITELOGO` (a file under the content folder or root)."""
    content = Path(str(settings.get("PATH") or root))
    return Look(
        name=_text(settings.get("SITENAME")),
        logo=_file(content, settings.get("SITELOGO")) or _file(root, settings.get("SITELOGO")),
    )


def hugo_look(config: Mapping[str, Any], root: Path) -> Look:
    """Hugo: `title`, `params.logo` (a file under `static/`), `params.primaryColor`-like
    colour params where they are plain hex colours."""
    params = config.get("params")
    params = {str(k).lower(): v for k, v in params.items()} if isinstance(params, Mapping) else {}
    return Look(
        name=_text(config.get("title")),
        primary=_hex(params.get("primarycolor") or params.get("primary_color")),
        accent=_hex(params.get("accentcolor") or params.get("accent_color")),
        logo=_file(root, params.get("logo")),
    )


def jekyll_look(config: Mapping[str, Any], root: Path) -> Look:
    """Jekyll: `title`, `logo` (a file in the site)."""
    return Look(name=_text(config.get("title")), logo=_file(root, config.get("logo")))


def docusaurus_look(title: str | None, logo: str | None, root: Path) -> Look:
    """Docusaurus: `title` (or the navbar's), `themeConfig.navbar.logo.src` (under `static/`)."""
    return Look(name=_text(title), logo=_file(root, logo))
