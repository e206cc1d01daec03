"""A site's look read from its styles, for the colours and font its generator config does not
name: the theme's CSS and SCSS, and a built site's pages, stylesheets and favicon.

The rules, the same for every generator:

- **CSS custom properties** declared for the whole page (`:root`, `html`, `body`, `:root > *`,
  or a colour scheme the site names, never a dark one): a primary colour from the usual names
  (`--md-primary-fg-color`, `--primary`, `--color-primary`, `--primary-color`, `--brand-color`,
  `--ifm-color-primary`, `--bs-primary`, ...), an accent from `--md-accent-fg-color`,
  `--accent`, `--color-accent`, `--accent-color`, `--link-color`, and a text font from
  `--md-text-font` (and the like) when it names a family, not a system stack.
- **SCSS variables** of the same names (`$primary`, `$brand-primary`, `$accent`, ...).
- **A built page**: its `<meta name="theme-color">` (a primary), its inline `<style>` and local
  stylesheets (the rules above), Material's `data-md-color-primary/accent` attributes (through
  the installed theme's palette), and its icons: an `apple-touch-icon` or a raster icon of at
  least 64 px is the logo, and the favicon's dominant colour is the accent when nothing else is.

Values are read with tinycss2 (hex, `rgb()`, `hsl()`, named colours, `var()` to another
custom property); anything else is left out.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from smm_promote.sites.look import Look, material_palette

#: Custom property / SCSS variable names (without `--` or `$`) by role, most specific first.
PRIMARY_NAMES = (
    "md-primary-fg-color", "ifm-color-primary", "bs-primary", "primary", "color-primary",
    "primary-color", "brand-primary", "brand-color", "color-brand", "brand", "theme-color",
    "main-color", "color-main",
)  # fmt: skip
ACCENT_NAMES = (
    "md-accent-fg-color", "accent", "color-accent", "accent-color", "link-color", "color-link",
)  # fmt: skip
FONT_NAMES = (
    "md-text-font", "font-family-base", "font-family-sans-serif", "font-sans", "font-family",
    "font-body", "body-font",
)  # fmt: skip
#: Family names that stand for the reader's system font, not the site's own.
_SYSTEM_FAMILIES = {
    "system-ui", "-apple-system", "blinkmacsystemfont", "segoe ui", "ui-sans-serif",
    "ui-serif", "ui-monospace", "sans-serif", "serif", "monospace", "cursive", "fantasy",
    "helvetica", "helvetica neue", "arial", "inherit", "initial", "unset",
}  # fmt: skip
_WHOLE_PAGE = re.compile(r"^(?::root|html|body|:host|\*)(?:\s*>\s*\*)?$")
_DARK = re.compile(r"dark|slate|night", re.I)
_SCSS_VAR = re.compile(r"^\s*\$([\w-]+)\s*:\s*([^;]+?)\s*(?:!default\s*)?;", re.M)
#: Largest stylesheet read (a theme's whole bundle is rarely more).
MAX_CSS_BYTES = 2_000_000
#: Built pages read for their head (the first found).
BUILT_PAGES = 3
#: Smallest icon (px) taken as the site's logo on a card.
LOGO_MIN_PX = 64


def _hex_of(value: str, variables: dict[str, str], depth: int = 0) -> str | None:
    """`value` as `#rrggbb` (tinycss2's colour parser; `var(--x)` followed), or None."""
    import tinycss2.color4

    value = value.strip()
    found = re.fullmatch(r"var\(\s*--([\w-]+)\s*(?:,\s*(.+))?\)", value)
    if found:
        if depth > 4:
            return None
        inner = variables.get(found.group(1)) or found.group(2) or ""
        return _hex_of(inner, variables, depth + 1)
    try:
        color = tinycss2.color4.parse_color(value)
        if color is None or isinstance(color, str) or (color.alpha or 0) < 0.5:
            return None
        rgb = color.to("srgb").coordinates
    except (NotImplementedError, AttributeError, TypeError, ValueError):
        return None
    return "#" + "".join(f"{round(min(max(c, 0), 1) * 255):02x}" for c in rgb)


def _family(value: str) -> str | None:
    """The first family of a font list that is the site's own (not a system stack)."""
    for part in value.split(","):
        name = part.strip().strip("\"'").strip()
        if not name or name.startswith("var("):
            continue
        return None if name.lower() in _SYSTEM_FAMILIES else name  # a system stack: not the site's
    return None


def _declarations(text: str, schemes: tuple[str, ...]) -> dict[str, str]:
    """Custom properties declared for the whole page in `text` (first declaration wins;
    rules under a dark scheme or media query left out)."""
    import tinycss2

    found: dict[str, str] = {}

    def visit(rules, dark: bool) -> None:
        for rule in rules:
            if rule.type == "at-rule" and rule.content is not None:
                prelude = tinycss2.serialize(rule.prelude)
                if rule.lower_at_keyword in {"media", "supports", "layer", "scope"}:
                    inner = tinycss2.parse_rule_list(rule.content, True, True)
                    visit(inner, dark or bool(_DARK.search(prelude)))
            elif rule.type == "qualified-rule" and not dark:
                selector = " ".join(tinycss2.serialize(rule.prelude).split())
                if not all(_applies(part.strip(), schemes) for part in selector.split(",")):
                    continue
                for item in tinycss2.parse_blocks_contents(rule.content, True, True):
                    if item.type == "declaration" and item.name.startswith("--"):
                        found.setdefault(item.name[2:].lower(), tinycss2.serialize(item.value))

    visit(tinycss2.parse_stylesheet(text, True, True), False)
    return found


def _applies(selector: str, schemes: tuple[str, ...]) -> bool:
    """Whether `selector` styles the whole page in its light look (`:root`, `body`, or the
    site's own colour scheme such as Material's `[data-md-color-scheme=default]`)."""
    if _WHOLE_PAGE.match(selector):
        return True
    found = re.fullmatch(
        r"(?::root|html|body)?\[data-md-color-scheme=[\"']?([\w-]+)[\"']?\](?:\s*>\s*\*)?",
        selector,
    )
    return bool(found and found.group(1) in schemes and not _DARK.search(found.group(1)))


def css_look(texts: Iterable[str], schemes: tuple[str, ...] = ("default",)) -> Look:
    """The primary, accent and text font that CSS or SCSS `texts` declare for the whole page
    (a later text's declarations win: a site's own sheet after its theme's)."""
    variables: dict[str, str] = {}
    for text in texts:
        text = text[:MAX_CSS_BYTES]
        scss = dict(_SCSS_VAR.findall(text))
        try:
            declared = _declarations(text, schemes)
        except Exception:  # tinycss2 is lenient; a sheet it cannot walk adds nothing
            declared = {}
        variables.update({k.lower(): v for k, v in scss.items()})
        variables.update(declared)

    def first(names: tuple[str, ...]) -> str | None:
        for name in names:
            if name in variables:
                value = _hex_of(variables[name], variables)
                if value:
                    return value
        return None

    font = next((_family(variables[n]) for n in FONT_NAMES if n in variables), None)
    return Look(primary=first(PRIMARY_NAMES), accent=first(ACCENT_NAMES), font=font)


def read_styles(paths: Iterable[Path]) -> list[str]:
    """The text of each readable stylesheet among `paths` (at most `MAX_CSS_BYTES` each)."""
    texts = []
    for path in paths:
        try:
            with path.open("rb") as handle:
                texts.append(handle.read(MAX_CSS_BYTES).decode("utf-8", "replace"))
        except OSError:
            continue
    return texts


def style_files(folder: Path, limit: int = 60) -> list[Path]:
    """The CSS and SCSS files under `folder` (sorted, partials and variables first, at most
    `limit`; none from `node_modules` or hidden folders)."""
    if not folder.is_dir():
        return []
    found = []
    for dirpath, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "node_modules")
        for name in sorted(files):
            if name.endswith((".css", ".scss")) and not name.endswith(".min.css.map"):
                found.append(Path(dirpath, name))
    found.sort(key=lambda p: ("variables" not in p.name and "_var" not in p.name, str(p)))
    return found[:limit]


def merge(*looks: Look) -> Look:
    """One look: each field from the first look that has it."""
    fields = {}
    for name in Look.__dataclass_fields__:
        fields[name] = next((getattr(x, name) for x in looks if getattr(x, name)), None)
    return Look(**fields)


def built_look(folder: Path) -> Look:
    """The look of a built site in `folder`: from the first few pages' heads (see module)."""
    from bs4 import BeautifulSoup

    looks: list[Look] = []
    icons: list[Path] = []
    for page in _pages(folder):
        with page.open("rb") as handle:
            start = handle.read(262144).decode("utf-8", "replace")
        head_end = re.search(r"<body\b[^>]*>", start, re.I)
        soup = BeautifulSoup(start[: head_end.end()] if head_end else start, "html.parser")
        looks.append(_material_attributes(soup))
        theme_color = soup.find("meta", attrs={"name": "theme-color", "media": None})
        sheets = [s.get_text() for s in soup.find_all("style")]
        for link in soup.find_all("link", href=True):
            rel = {r.lower() for r in (link.get("rel") or [])}
            local = _local(page, folder, str(link["href"]))
            if local is None:
                continue
            if "stylesheet" in rel and local.suffix == ".css":
                sheets.extend(read_styles([local]))
            elif rel & {"icon", "apple-touch-icon", "shortcut"}:
                icons.append(local)
        schemes = tuple(
            str(tag.get("data-md-color-scheme"))
            for tag in soup.find_all(attrs={"data-md-color-scheme": True})
        ) or ("default",)
        looks.append(css_look(sheets, schemes))
        if theme_color is not None:
            looks.append(Look(primary=_hex_of(str(theme_color.get("content", "")), {})))
    icons += [folder / name for name in ("apple-touch-icon.png", "favicon.png", "favicon.ico")]
    icons = [p for p in dict.fromkeys(icons) if p.is_file()]
    logo = next((p for p in icons if _big_raster(p)), None)
    accent = next((c for c in map(dominant_color, icons) if c), None)
    return merge(*looks, Look(logo=logo), Look(accent=accent))


def _pages(folder: Path) -> list[Path]:
    """The built site's home page, else the first few pages found (sorted)."""
    home = folder / "index.html"
    if home.is_file():
        return [home]
    found: list[Path] = []
    for dirpath, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.endswith((".html", ".htm")):
                found.append(Path(dirpath, name))
                if len(found) >= BUILT_PAGES:
                    return found
    return found


def _local(page: Path, folder: Path, href: str) -> Path | None:
    """The file a page's link points to inside the built folder (None for other hosts)."""
    href = href.split("#")[0].split("?")[0].strip()
    if not href or "://" in href or href.startswith(("//", "data:")):
        return None
    path = (folder / href.lstrip("/")) if href.startswith("/") else (page.parent / href)
    path = path.resolve()
    return path if path.is_relative_to(folder.resolve()) and path.is_file() else None


def _material_attributes(soup) -> Look:
    """Material's `data-md-color-primary/accent` attributes, through the installed palette."""
    table = material_palette()
    tag = soup.find(attrs={"data-md-color-primary": True}) or soup.find(
        attrs={"data-md-color-accent": True}
    )
    if tag is None or not table:
        return Look()
    primary = str(tag.get("data-md-color-primary") or "")
    accent = str(tag.get("data-md-color-accent") or "")
    return Look(
        primary=table["primary"].get(primary),
        on_primary=table["on_primary"].get(primary),
        accent=table["accent"].get(accent),
    )


def _big_raster(path: Path) -> bool:
    from PIL import Image

    if path.suffix.lower() not in {".png", ".jpg", ".jpeg", ".webp"}:
        return False
    try:
        with Image.open(path) as image:
            return min(image.size) >= LOGO_MIN_PX
    except (OSError, ValueError):
        return False


def dominant_color(path: Path) -> str | None:
    """The most common clearly coloured (not grey, not see-through) colour of an image such
    as a favicon, as `#rrggbb`; None when it has none."""
    import colorsys

    from PIL import Image

    try:
        with Image.open(path) as image:
            image.load()
            small = image.convert("RGBA").resize((32, 32))
    except (OSError, ValueError):
        return None
    counts: Counter[tuple[int, int, int]] = Counter()
    for r, g, b, a in small.getdata():
        _, lightness, saturation = colorsys.rgb_to_hls(r / 255, g / 255, b / 255)
        if a >= 128 and saturation >= 0.25 and 0.12 <= lightness <= 0.88:
            counts[(r // 16, g // 16, b // 16)] += 1
    if not counts or sum(counts.values()) < 16:
        return None
    bucket = counts.most_common(1)[0][0]
    members = [
        (r, g, b)
        for r, g, b, a in small.getdata()
        if a >= 128 and (r // 16, g // 16, b // 16) == bucket
    ]
    mean = [round(sum(c[i] for c in members) / len(members)) for i in range(3)]
    return "#" + "".join(f"{v:02x}" for v in mean)
