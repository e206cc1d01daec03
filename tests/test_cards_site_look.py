"""A site's look beyond its config's plain keys: its theme font when installed, a built site's
colours and icons, Hugo and Pelican themes' colour settings and styles, and the dominant
accent of every themed corpus's cards."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from PIL import Image

from smm_promote.cards import fonts
from smm_promote.cards.draw import draw_card
from smm_promote.cards.look import card_font, site_look, with_look
from smm_promote.cards.render import plan_cards
from smm_promote.cards.templates import ListLayer, TextLayer, load_library
from smm_promote.config import Config
from smm_promote.errors import Problems
from smm_promote.sites.look import Look, color_settings, hugo_look, material_palette, pelican_look
from smm_promote.sites.styles import built_look, css_look, dominant_color
from smm_promote.sources import read_posts
from tests.corpus_support import plain_reading, same_worker

LIBRARY, _ = load_library()
CLASSIC_PRIMARY = LIBRARY["classic"].colors["primary"]


def hex_of(rgb) -> str:
    return "#" + "".join(f"{v:02x}" for v in rgb[:3])


def planned(folder: Path, tmp_path: Path, cfg: Config | None = None, **kw):
    cfg = cfg or Config.from_mapping({"cards": {"sizes": ["og"]}})
    problems = Problems()
    posts = read_posts(folder, cfg, problems)
    found = plan_cards(posts[:1], cfg, tmp_path / "cards", problems=problems, templates=["classic"])
    return found, problems


def families(template) -> set[str]:
    return {
        layer.font.family for layer in template.layers if isinstance(layer, TextLayer | ListLayer)
    }


def dominant(image: Image.Image) -> str:
    return hex_of(Counter(image.getdata()).most_common(1)[0][0])


# -- the theme's font ---------------------------------------------------------------------


@pytest.mark.corpus
def test_a_material_card_is_drawn_in_roboto_when_it_is_installed(corpora, tmp_path):
    if not fonts.installed("Roboto"):
        pytest.skip("Roboto is not installed (Debian: fonts-roboto)")
    (card,), problems = planned(corpora / "mkdocs-material-pypi-hatch-blogs/hatch-blog", tmp_path)
    assert card.job.context["text_font"] == "Roboto"
    face = fonts.resolve("Roboto", 800)
    names = TTFont(face.path)["name"]
    assert names.getDebugName(1) in {"Roboto", "Roboto Black"}
    assert "Condensed" not in names.getDebugName(4) and "Italic" not in names.getDebugName(4)
    assert fonts.resolve("Roboto", 400).path.endswith("Roboto-Regular.ttf")
    assert not problems.notes
    drawn = draw_card(card.job)
    assert drawn.warnings == []  # no font problem, no missing glyph
    without = {k: v for k, v in card.job.context.items() if k != "text_font"}
    inter = draw_card(card.job.__class__(**{**card.job.__dict__, "context": without})).image
    assert drawn.image.tobytes() != inter.tobytes()
    # A card left for later is drawn from its recipe in the same font, to the same bytes.
    from smm_promote.cards.later import draw_later, save_recipe
    from smm_promote.cards.render import draw_one

    later = tmp_path / "later" / card.card.path.name
    save_recipe(later, card.job, None, "here")
    assert draw_later(later) is None
    assert later.read_bytes() == draw_one(card.job)[0]


def test_a_site_font_that_is_not_installed_falls_back_to_the_templates_with_one_info_line(
    tmp_path,
):
    (tmp_path / "docs" / "posts").mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Field Notes\nsite_url: https://notes.static-blog.dev/\n"
        "theme:\n  name: material\n  font:\n    text: No Such Sans Display\n",
        encoding="utf-8",
    )
    (tmp_path / "docs" / "posts" / "hello.md").write_text(
        "---\ndate: 2024-05-01\n---\n# Hello there, static world\n\nBody text here.\n",
        encoding="utf-8",
    )
    (card,), problems = planned(tmp_path, tmp_path)
    assert "text_font" not in card.job.context and families(card.job.template) == {"inter"}
    assert [str(n) for n in problems.notes] == [
        f"{tmp_path / 'mkdocs.yml'}: the site's font 'No Such Sans Display' is not installed"
        " (fontconfig); cards use the template's font"
    ]
    assert not list(problems)
    assert draw_card(card.job).warnings == []  # drawn in inter: no tofu, no warning


def test_cards_font_setting_overrides_the_site_font():
    look = Look(font="Roboto")
    cfg = Config.from_mapping({"cards": {"font": "noto-sans"}})
    assert card_font(cfg, look, Problems()) == "noto-sans"
    assert fonts.layer_family("inter", "Roboto") == "Roboto"
    assert fonts.layer_family("noto-serif", "Roboto") == "noto-serif"  # the template's design


# -- Material's defaults and extra CSS ----------------------------------------------------


@pytest.mark.corpus
@same_worker("mkdocs-material-pypi-hatch-blogs")
def test_a_material_palette_naming_no_colour_takes_materials_defaults(corpora):
    pytest.importorskip("material")
    posts = plain_reading(corpora / "mkdocs-material-pypi-hatch-blogs/pypi-blog")[0].posts
    look = site_look(posts[0])
    table = material_palette()
    assert (look.primary, look.accent) == (table["primary"]["indigo"], table["accent"]["indigo"])
    assert look.font == "Roboto" and look.name == "The Python Package Index Blog"


def test_material_extra_css_overrides_the_palette_it_names(tmp_path):
    (tmp_path / "docs" / "css").mkdir(parents=True)
    (tmp_path / "docs" / "css" / "extra.css").write_text(
        ":root > * { --md-primary-fg-color: #0b6e4f; --md-accent-fg-color: #f59e0b; }\n"
        '[data-md-color-scheme="slate"] { --md-primary-fg-color: #000000; }\n',
        encoding="utf-8",
    )
    from smm_promote.sites.look import material_look

    config = {
        "site_name": "Notes",
        "extra_css": ["css/extra.css"],
        "theme": {"name": "material", "palette": {"primary": "indigo"}},
    }
    look = material_look(config, tmp_path)
    assert (look.primary, look.accent, look.on_primary) == ("#0b6e4f", "#f59e0b", None)


# -- a built site at hand -------------------------------------------------------------------


def _icon(path: Path, size: int, color: tuple[int, int, int]) -> None:
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    inner = Image.new("RGBA", (size * 3 // 4, size * 3 // 4), (*color, 255))
    image.paste(inner, (size // 8, size // 8))
    image.save(path)


def _hugo_site(root: Path, built: bool = True) -> Path:
    (root / "content" / "posts").mkdir(parents=True)
    (root / "hugo.toml").write_text(
        'baseURL = "https://notes.static-blog.dev/"\ntitle = "Field Notes"\n', encoding="utf-8"
    )
    (root / "content" / "posts" / "hello.md").write_text(
        '+++\ntitle = "Hello there, static world"\ndate = 2024-05-01\n+++\nBody text.\n',
        encoding="utf-8",
    )
    if built:
        public = root / "public"
        (public / "css").mkdir(parents=True)
        (public / "index.html").write_text(
            "<!doctype html><html><head><title>Field Notes</title>"
            '<meta name="theme-color" content="#0b6e4f">'
            '<meta name="theme-color" media="(prefers-color-scheme: dark)" content="#000000">'
            '<link rel="stylesheet" href="/css/site.css">'
            '<link rel="stylesheet" href="https://cdn.example.net/x.css">'
            '<link rel="apple-touch-icon" href="/apple-touch-icon.png">'
            '<link rel="icon" href="favicon.ico">'
            "</head><body><h1>Field Notes</h1></body></html>",
            encoding="utf-8",
        )
        (public / "css" / "site.css").write_text(
            ":root { --accent: #e11d48; --font-family: 'Source Serif 4', serif; }\n"
            "@media (prefers-color-scheme: dark) { :root { --accent: #111111; } }\n"
            "[data-theme=dark] { --accent: #222222; }\n",
            encoding="utf-8",
        )
        _icon(public / "apple-touch-icon.png", 180, (37, 99, 235))
    return root


def test_a_built_site_gives_the_colours_logo_and_font_its_config_does_not_name(tmp_path):
    root = _hugo_site(tmp_path / "site")
    look = built_look(root / "public")
    assert (look.primary, look.accent, look.font) == ("#0b6e4f", "#e11d48", "Source Serif 4")
    assert look.logo == (root / "public" / "apple-touch-icon.png").resolve()
    posts = read_posts(root, Config(), Problems())
    merged = site_look(posts[0])
    assert (merged.name, merged.primary, merged.accent) == ("Field Notes", "#0b6e4f", "#e11d48")
    (card,), _ = planned(root, tmp_path)
    image = draw_card(card.job).image
    assert dominant(image) == "#0b6e4f"
    assert card.job.images["logo"][0] == str(root / "public" / "apple-touch-icon.png")


def test_cards_settings_still_override_a_built_sites_look(tmp_path):
    root = _hugo_site(tmp_path / "site")
    cfg = Config.from_mapping({"cards": {"sizes": ["og"], "primary": "#7c2d12"}})
    (card,), _ = planned(root, tmp_path, cfg)
    assert dominant(draw_card(card.job).image) == "#7c2d12"


def test_the_site_option_names_the_built_site_to_read(tmp_path):
    root = _hugo_site(tmp_path / "site", built=False)
    elsewhere = _hugo_site(tmp_path / "other") / "public"
    posts = read_posts(root, Config(), Problems())
    assert site_look(posts[0]).primary is None
    assert site_look(posts[0], str(elsewhere)).primary == "#0b6e4f"
    cfg = Config.from_mapping({"site": str(elsewhere), "cards": {"sizes": ["og"]}})
    (card,), _ = planned(root, tmp_path, cfg)
    assert dominant(draw_card(card.job).image) == "#0b6e4f"


def test_a_favicons_dominant_colour_is_the_accent_when_nothing_else_names_one(tmp_path):
    (tmp_path / "index.html").write_text(
        '<html><head><link rel="icon" href="favicon.png"></head><body></body></html>',
        encoding="utf-8",
    )
    _icon(tmp_path / "favicon.png", 32, (234, 88, 12))
    look = built_look(tmp_path)
    assert look.accent == "#ea580c" and look.primary is None
    assert look.logo is None  # a 32 px favicon is too small to be a card's logo
    grey = tmp_path / "grey.png"
    _icon(grey, 32, (128, 128, 128))
    assert dominant_color(grey) is None


@pytest.mark.corpus
@pytest.mark.parametrize(
    "blog",
    [
        pytest.param(blog, marks=same_worker(blog))
        for blog in [
            "mkdocs-material-instructor-blog",
            "mkdocs-material-pypi-hatch-blogs/hatch-blog",
        ]
    ],
)
def test_a_built_material_site_reads_as_its_config_does(corpora, blog):
    """The built pages (no stylesheets shipped) carry Material's palette attributes and the
    font; read through the installed theme they give the config's own colours."""
    pytest.importorskip("material")
    configured = site_look(plain_reading(corpora / blog)[0].posts[0])
    built = built_look(corpora / blog / "gh-pages")
    assert (built.primary, built.accent, built.font) == (
        configured.primary,
        configured.accent,
        configured.font,
    )


# -- Hugo and Pelican themes ------------------------------------------------------------------


def test_colour_settings_are_read_by_their_names_at_any_depth():
    assert color_settings({"primaryColor": "#0b6e4f", "linkColor": "#f59e0b"}) == {
        "primary": "#0b6e4f",
        "accent": "#f59e0b",
    }
    assert color_settings({"style": {"colors": {"primary": "#123456", "accent": "#abc"}}}) == {
        "primary": "#123456",
        "accent": "#aabbcc",
    }
    assert color_settings({"THEME_COLOR": "#2563eb", "THEME_COLOR_AUTO": "light"}) == {
        "primary": "#2563eb"
    }
    assert color_settings({"background_color_class": "bg-black", "color": "dark"}) == {}


def test_a_hugo_theme_in_the_site_gives_its_colours(tmp_path):
    theme = tmp_path / "themes" / "paper" / "assets" / "scss"
    theme.mkdir(parents=True)
    (theme / "_variables.scss").write_text(
        "$primary: #30638e !default;\n$accent: #ffa630 !default;\n", encoding="utf-8"
    )
    (tmp_path / "assets" / "css").mkdir(parents=True)
    (tmp_path / "assets" / "css" / "custom.css").write_text(
        ":root { --primary: #403f4c; }", encoding="utf-8"
    )
    look = hugo_look({"title": "Notes", "theme": "paper"}, tmp_path)
    assert (look.primary, look.accent) == ("#403f4c", "#ffa630")  # the site's own wins
    plain = hugo_look({"theme": "paper", "params": {"primaryColor": "#111111"}}, tmp_path)
    assert plain.primary == "#111111"


def test_a_pelican_theme_folder_gives_its_colours(tmp_path):
    css = tmp_path / "theme" / "static" / "css"
    css.mkdir(parents=True)
    (css / "style.css").write_text(
        "body { --color-primary: rgb(11 110 79); --link-color: hsl(38 92% 50%); }",
        encoding="utf-8",
    )
    look = pelican_look({"SITENAME": "Notes", "THEME": "theme"}, tmp_path)
    assert (look.name, look.primary, look.accent) == ("Notes", "#0b6e4f", "#f59f0a")
    given = pelican_look({"THEME": "theme", "ACCENT_COLOR": "#dc2626"}, tmp_path)
    assert (given.primary, given.accent) == ("#0b6e4f", "#dc2626")
    outside = pelican_look({"THEME": "/usr/share"}, tmp_path)
    assert outside.primary is None


def test_css_rules_for_a_dark_scheme_or_another_scheme_are_left_out():
    look = css_look(
        [
            "[data-md-color-primary=red] { --md-primary-fg-color: #ef5552; }"
            "@media screen and (prefers-color-scheme: dark) { :root { --primary: #000; } }"
            "html { --primary: var(--brand, #222); --brand: #1d4ed8; }"
        ]
    )
    assert look.primary == "#1d4ed8"


# -- every themed corpus's cards --------------------------------------------------------------


CLASSIC_ACCENT = LIBRARY["classic"].colors["accent"]
MATERIAL_INDIGO = ("#4051b5", "#526cfe")  # Material's indigo primary and accent


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("blog", "name", "primary", "accent"),
    [
        pytest.param(*case, marks=same_worker(case[0]))
        for case in [
            ("mkdocs-material-official-blog", "Material for MkDocs", *MATERIAL_INDIGO),
            ("mkdocs-material-instructor-blog", "Instructor", "#14151a", "#526cfe"),
            ("mkdocs-material-pypi-hatch-blogs/hatch-blog", "Hatch", *MATERIAL_INDIGO),
            ("mkdocs-material-pypi-hatch-blogs/pypi-blog", "The Python Package Index Blog",
             *MATERIAL_INDIGO),
            # No colour in their configs, no theme folder or built pages in the corpus: the
            # template's own colours, with the site's name.
            ("hugo-kubernetes-contributor-blog", "Kubernetes Contributors",
             CLASSIC_PRIMARY, CLASSIC_ACCENT),
            ("hugo-linkerd-blog/linkerd.io", "Linkerd", CLASSIC_PRIMARY, CLASSIC_ACCENT),
            ("hugo-basic-example", "Hugo Themes", CLASSIC_PRIMARY, CLASSIC_ACCENT),
            ("pelican-farseerfc-multilingual-rst", "Farseerfc的小窩",
             CLASSIC_PRIMARY, CLASSIC_ACCENT),
        ]
    ],
)  # fmt: skip
def test_every_themed_corpus_card_takes_its_sites_colour_and_name(
    corpora, tmp_path, blog, name, primary, accent
):
    if primary != CLASSIC_PRIMARY:
        pytest.importorskip("material")
    cfg = Config.from_mapping({"cards": {"sizes": ["og", "story"]}})
    # Card settings do not change what is read: the folder's posts as every check reads them.
    posts = [p for p in plain_reading(corpora / blog)[0].posts if not p.draft][:3]
    problems = Problems()
    cards = plan_cards(posts, cfg, tmp_path / "cards", problems=problems, templates=["classic"])
    assert len(cards) == 2 * len(posts) > 0
    for card in cards:
        assert card.job.context["site_name"] == name
        drawn = draw_card(card.job)
        assert dominant(drawn.image) == primary, card.card.path.name
        assert not drawn.warnings
        x, y, w, h = dict(drawn.boxes)["accent bar"]
        bar = drawn.image.crop((x + 2, y + 1, x + w - 2, y + h - 1))
        assert dominant(bar) == accent, card.card.path.name
    look = with_look(cfg, site_look(posts[0]))
    assert look.site_name == name


@pytest.mark.parametrize(("primary", "accent"), [("#ffec3d", "#22d3ee"), ("#14151a", "#526cfe")])
def test_the_photo_cards_fallback_is_in_the_sites_colours_and_white_text_reads(primary, accent):
    from smm_promote.cards.context import card_context
    from smm_promote.cards.draw import Job
    from smm_promote.cards.look import contrast, palette
    from smm_promote.cards.render import themed
    from smm_promote.cards.settings import SIZES
    from smm_promote.model import Post

    cfg = Config.from_mapping({"cards": {"primary": primary, "accent": accent}})
    item = Post(url="https://notes.static-blog.dev/x/", title="Images that load fast", slug="x")
    colors = palette(item, cfg)
    template = themed(LIBRARY["photo"], colors)
    assert template.colors["backdrop_end"] != LIBRARY["photo"].colors["backdrop_end"]
    image = draw_card(Job(template, SIZES["og"], card_context(item, cfg)[0])).image
    backdrop = template.model_copy(update={"layers": template.layers[:1]})  # the gradient only
    bare = draw_card(Job(backdrop, SIZES["og"], {})).image.resize((60, 32))
    assert min(contrast(rgb, (255, 255, 255)) for rgb in bare.getdata()) >= 4.5
    hue_of_accent = Counter(
        hex_of(rgb) for rgb in image.crop((1150, 600, 1200, 630)).getdata()
    ).most_common(1)[0][0]
    assert hue_of_accent != "#be185d"  # not the template's own pink


def test_jekyll_sass_and_docusaurus_custom_css_give_their_colours(tmp_path):
    from smm_promote.sites.look import docusaurus_look, jekyll_look

    (tmp_path / "_sass").mkdir()
    (tmp_path / "_sass" / "_variables.scss").write_text(
        '$brand-color: #2a7ae2 !default;\n$link-color: #b5179e;\n$font: "x";\n', encoding="utf-8"
    )
    look = jekyll_look({"title": "Notes"}, tmp_path)
    assert (look.name, look.primary, look.accent) == ("Notes", "#2a7ae2", "#b5179e")
    assert jekyll_look({"brand_color": "#111827"}, tmp_path).primary == "#111827"
    (tmp_path / "src" / "css").mkdir(parents=True)
    (tmp_path / "src" / "css" / "custom.css").write_text(
        ":root { --ifm-color-primary: #2e8555; }\n"
        "[data-theme='dark'] { --ifm-color-primary: #25c2a0; }\n",
        encoding="utf-8",
    )
    assert docusaurus_look("Docs", None, tmp_path).primary == "#2e8555"


SITE_COLOURS = [("#4051b5", "#526cfe"), ("#14151a", "#526cfe"), ("#ffec3d", "#fbbf24"),
                ("#009485", "#00bfa5"), (None, None)]  # fmt: skip


@pytest.mark.parametrize(("primary", "accent"), SITE_COLOURS)
@pytest.mark.parametrize("name", ["classic", "minimal", "quote", "takeaways"])
def test_every_text_layer_reads_on_its_background_in_any_site_colours(name, primary, accent):
    """Small text 4.5:1 against the card's background, soft and faint inks included (their
    opacity raised where the site's colour needs it); the large quote mark 3:1."""
    from smm_promote.cards.imaging import color
    from smm_promote.cards.look import contrast, palette
    from smm_promote.cards.render import themed
    from smm_promote.model import Post

    given = {k: v for k, v in (("primary", primary), ("accent", accent)) if v}
    cfg = Config.from_mapping({"cards": given})
    item = Post(url="https://notes.static-blog.dev/x/", title="A title", slug="x")
    template = themed(LIBRARY[name], palette(item, cfg))
    background = color(template.color(template.layers[0].color))[:3]
    for layer in template.layers:
        if not isinstance(layer, TextLayer):
            continue
        r, g, b, a = color(template.color(layer.color))
        seen = tuple(
            round(c * a / 255 + bg * (1 - a / 255))
            for c, bg in zip((r, g, b), background, strict=True)
        )
        least = 3 if layer.name == "mark" else 4.5
        assert contrast(seen, background) >= least, (layer.name, template.color(layer.color))
