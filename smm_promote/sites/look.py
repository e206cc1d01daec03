"""A site's look as its generator config names it: name, colours, logo and text font.

Cards take these by default (as Material's social plugin takes the theme's palette, logo and
font); `[cards]` settings override them. Each generator module fills `Site.look` from its own
config keys, and from its theme's styles where the config names no colours (Hugo and Pelican
themes whose folder is in the site, Material's `extra_css`; see `sites.styles`); a key
neither sets stays None, a built site's styles may fill it (`cards.look`), else the card
template's default is used.
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
    #: Where the look was read (the generator config file), named in notes about it.
    origin: Path | None = None


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
    material = str(theme.get("name") or "").lower() == "material"
    if material:  # Material's own defaults where the palette names none
        names.setdefault("primary", MATERIAL_DEFAULTS["primary"])
        names.setdefault("accent", MATERIAL_DEFAULTS["accent"])
    primary = _hex(names.get("primary")) or table.get("primary", {}).get(names.get("primary", ""))
    accent = _hex(names.get("accent")) or table.get("accent", {}).get(names.get("accent", ""))
    on_primary = table.get("on_primary", {}).get(names.get("primary", ""))
    font = theme.get("font")
    if isinstance(font, Mapping):
        family = _text(font.get("text"))
    else:  # `font: false` is the reader's system font; no `font` is Material's Roboto
        family = MATERIAL_DEFAULTS["font"] if material and font is None else None
    docs = root / str(config.get("docs_dir") or "docs")
    extra = _extra_css(config, docs)
    if extra:  # the site's own CSS overrides the palette it names
        from smm_promote.sites.styles import css_look, read_styles

        schemes = tuple(str(s.get("scheme") or "default") for s in schemes) or ("default",)
        styled = css_look(read_styles(extra), tuple(s for s in schemes if s != "slate"))
        if styled.primary and styled.primary != primary:
            primary, on_primary = styled.primary, None
        accent = styled.accent or accent
        family = styled.font or family
    return Look(
        name=_text(config.get("site_name")),
        primary=primary,
        on_primary=on_primary,
        accent=accent,
        logo=_file(docs, theme.get("logo")) or _file(root, theme.get("logo")),
        font=family,
    )


#: What Material for MkDocs draws when `theme.palette` or `theme.font` names nothing.
MATERIAL_DEFAULTS = {"primary": "indigo", "accent": "indigo", "font": "Roboto"}


def _extra_css(config: Mapping[str, Any], docs: Path) -> list[Path]:
    """The local files of MkDocs' `extra_css` (under `docs_dir`)."""
    listed = config.get("extra_css")
    found = []
    for entry in listed if isinstance(listed, list) else []:
        text = str(entry.get("path") if isinstance(entry, Mapping) else entry or "")
        if text and "://" not in text and (docs / text).is_file():
            found.append(docs / text)
    return found


def pelican_look(settings: Mapping[str, Any], root: Path) -> Look:
    """Pelican: `SITENAME`, `SITELOGO` (a file under the content folder or root), colour
    settings that are plain colours (`THEME_COLOR`, `PRIMARY_COLOR`, `ACCENT_COLOR`, ...: see
    `color_settings`), else the theme's own CSS when `THEME` is a folder of the site."""
    content = Path(str(settings.get("PATH") or root))
    colors = color_settings(settings)
    look = Look(
        name=_text(settings.get("SITENAME")),
        primary=colors.get("primary"),
        accent=colors.get("accent"),
        logo=_file(content, settings.get("SITELOGO")) or _file(root, settings.get("SITELOGO")),
    )
    theme = str(settings.get("THEME") or "").strip()
    folder = (root / theme).resolve() if theme else None
    if folder is None or not folder.is_dir() or not folder.is_relative_to(root.resolve()):
        return look
    return _with_styles(look, [folder / "static"])


def hugo_look(config: Mapping[str, Any], root: Path) -> Look:
    """Hugo: `title`, `params.logo` (a file under `static/`), colour params that are plain
    colours at any depth (`params.primaryColor`, `params.colors.accent`, ...: see
    `color_settings`), else the styles of the site's `assets/` and of its theme's folder
    (`themes/<theme>/assets`, `static`) when they are in the site."""
    params = config.get("params")
    params = params if isinstance(params, Mapping) else {}
    colors = color_settings(params)
    look = Look(
        name=_text(config.get("title")),
        primary=colors.get("primary"),
        accent=colors.get("accent"),
        logo=_file(root, _lower(params).get("logo")),
    )
    themes = config.get("theme")
    names = themes if isinstance(themes, list) else [themes] if themes else []
    themes_dir = root / str(config.get("themesDir") or config.get("themesdir") or "themes")
    folders = [root / "assets"]  # the site's own styles override its theme's
    for name in names:
        folder = (themes_dir / str(name)).resolve()
        if folder.is_relative_to(root.resolve()):
            folders += [folder / "assets", folder / "static"]
    return _with_styles(look, folders)


def _lower(mapping: Mapping[str, Any]) -> dict[str, Any]:
    return {str(k).lower(): v for k, v in mapping.items()}


#: Setting names (lower case, `_`/`-` removed) of a colour role, with and without "color".
_ROLE_WORDS = {
    "primary": ("primary", "brand", "theme", "main", "base", "header"),
    "accent": ("accent", "link", "highlight", "secondary"),
}
_COLOR_WORD = re.compile(r"colou?rs?")


def color_settings(settings: Mapping[str, Any], depth: int = 0) -> dict[str, str]:
    """Primary and accent from settings whose values are plain colours (`#rrggbb`): a key
    naming a role and a colour (`primaryColor`, `THEME_COLOR`, `accent_colour`, `linkColor`),
    or a role key inside a colours table (`colors: {primary: ...}`); nested tables searched
    too, shallow keys first."""
    found: dict[str, str] = {}
    nested = []
    for key, value in settings.items():
        word = re.sub(r"[_\-\s]", "", str(key).lower())
        if isinstance(value, Mapping):
            if depth < 3:
                inner = color_settings(value, depth + 1)
                if _COLOR_WORD.fullmatch(word):  # a colours table: its role keys come first
                    plain = {re.sub(r"[_\-\s]", "", str(k).lower()): v for k, v in value.items()}
                    table: dict[str, str] = {}
                    for role, words in _ROLE_WORDS.items():
                        for w in words:
                            if color := _hex(plain.get(w)):
                                table.setdefault(role, color)
                    inner = {**inner, **table}
                nested.append(inner)
            continue
        color = _hex(value)
        if not color or not _COLOR_WORD.search(word):
            continue
        stem = _COLOR_WORD.sub("", word)
        for role, words in _ROLE_WORDS.items():
            if stem in words:
                found.setdefault(role, color)
    for inner in nested:
        for role, color in inner.items():
            found.setdefault(role, color)
    return found


def _with_styles(look: Look, folders: list[Path]) -> Look:
    """`look` with the colours and font that the styles under `folders` declare, where it
    names none."""
    if look.primary and look.accent:
        return look
    from smm_promote.sites.styles import css_look, merge, read_styles, style_files

    files = [path for folder in reversed(folders) for path in style_files(folder)]
    if not files:
        return look
    return merge(look, css_look(read_styles(files)))


def jekyll_look(config: Mapping[str, Any], root: Path) -> Look:
    """Jekyll: `title`, `logo` (a file in the site), colour settings (`color_settings`), else
    the styles of its Sass folder (`sass.sass_dir`, `_sass/`) and `assets/`."""
    sass = config.get("sass")
    sass_dir = sass.get("sass_dir") if isinstance(sass, Mapping) else None
    colors = color_settings(config)
    look = Look(
        name=_text(config.get("title")),
        primary=colors.get("primary"),
        accent=colors.get("accent"),
        logo=_file(root, config.get("logo")),
    )
    return _with_styles(look, [root / str(sass_dir or "_sass"), root / "assets"])


def docusaurus_look(title: str | None, logo: str | None, root: Path) -> Look:
    """Docusaurus: `title` (or the navbar's), `themeConfig.navbar.logo.src` (under `static/`),
    and the Infima colours of its custom CSS (`src/css/`, `--ifm-color-primary`)."""
    look = Look(name=_text(title), logo=_file(root, logo))
    return _with_styles(look, [root / "src" / "css"])
