"""Cards that look like their blog and read well: the site's colours and name, balanced
lines, CJK phrases kept whole, readable text over photos, tall layouts, shapes that keep
their aspect, no empty panels."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest
import regex
from PIL import Image, ImageChops, ImageDraw

from smm_promote.cards import fonts, text
from smm_promote.cards.context import card_context, domain
from smm_promote.cards.draw import Job, draw_card, luminance, luminance_histogram, pixel_box
from smm_promote.cards.look import palette, site_look, with_look
from smm_promote.cards.render import themed
from smm_promote.cards.settings import SIZES
from smm_promote.cards.templates import BackgroundLayer, TextLayer, applies, load_library
from smm_promote.config import Config
from smm_promote.model import Post
from smm_promote.sites.look import material_palette
from tests.corpus_support import plain_reading, same_worker

LIBRARY, _ = load_library()
TALL = ("portrait", "pinterest", "story")


def config(**fields) -> Config:
    return Config.from_mapping({"site_url": "https://notes.static-blog.dev", **fields})


def post(title="Blog support just landed", **fields) -> Post:
    fields.setdefault("summary", "Our new blog is built with the brand new built-in blog plugin.")
    return Post(url="https://notes.static-blog.dev/x/", title=title, slug="x",
                body="Static sites age well. " * 60, **fields)  # fmt: skip


def job(name: str, size: str, item: Post, cfg: Config | None = None, images=None) -> Job:
    cfg = cfg or config()
    context, _ = card_context(item, cfg)
    template = themed(LIBRARY[name], palette(item, cfg))
    return Job(template, SIZES[size], context, images or {})


def hex_of(rgb) -> str:
    return "#" + "".join(f"{v:02x}" for v in rgb[:3])


def box_of(name: str, layer_name: str, size: str):
    layer = next(
        layer
        for layer in LIBRARY[name].layers
        if layer.name == layer_name and (not layer.only or _orientation(size) in layer.only)
    )
    return pixel_box(layer, SIZES[size])


def _orientation(size: str) -> str:
    from smm_promote.cards.draw import orientation

    return orientation(SIZES[size])


# -- the site's own look -------------------------------------------------------------------


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("blog", "name"),
    [
        pytest.param(blog, name, marks=same_worker(blog))
        for blog, name in [
            ("mkdocs-material-official-blog", "Material for MkDocs"),
            ("mkdocs-material-instructor-blog", "Instructor"),
            ("mkdocs-material-pypi-hatch-blogs/hatch-blog", "Hatch"),
        ]
    ],
)
def test_a_material_blogs_cards_take_its_palette_and_name(corpora, blog, name):
    folder = corpora / blog
    settings = (folder / "mkdocs.yml").read_text(encoding="utf-8")
    table = material_palette()
    primary = table["primary"][regex.search(r"primary:\s*([\w-]+)", settings).group(1)]
    accent = table["accent"][regex.search(r"accent:\s*([\w-]+)", settings).group(1)]
    item = plain_reading(folder)[0].posts[0]
    cfg = with_look(Config.from_mapping({}), site_look(item))
    context, _ = card_context(item, cfg)
    assert context["site_name"] == name
    drawn = draw_card(job("classic", "og", item, cfg)).image
    dominant = Counter(drawn.getdata()).most_common(1)[0][0]
    assert hex_of(dominant) == primary
    x, y, w, h = box_of("classic", "accent bar", "og")
    bar = Counter(drawn.crop((x + 2, y + 1, x + w - 2, y + h - 1)).getdata()).most_common(1)[0][0]
    assert hex_of(bar) == accent


def test_material_palette_names_come_from_the_installed_theme():
    pytest.importorskip("material")
    table = material_palette()
    assert table["primary"]["indigo"] == "#4051b5"
    assert table["accent"]["indigo"] == "#526cfe"
    assert table["primary"]["black"] == "#14151a"  # hsla(var(--md-hue), 15%, 9%)
    assert table["on_primary"]["yellow"] == "#000000de"
    assert len(table["primary"]) >= 19


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("blog", "name"),
    [
        pytest.param(blog, name, marks=same_worker(blog))
        for blog, name in [
            ("hugo-kubernetes-contributor-blog", "Kubernetes Contributors"),
            ("hugo-linkerd-blog/linkerd.io", "Linkerd"),
            ("pelican-farseerfc-multilingual-rst", "Farseerfc的小窩"),
            ("jekyll-kubevirt-blog", "KubeVirt.io"),
        ]
    ],
)
def test_other_generators_name_their_site_on_the_card(corpora, blog, name):
    posts = plain_reading(corpora / blog)[0].posts
    cfg = with_look(Config.from_mapping({}), site_look(posts[0]))
    assert card_context(posts[0], cfg)[0]["site_name"] == name


def test_cards_settings_override_the_site_and_accents_follow_the_topic():
    cfg = config(cards={"primary": "#0b6e4f", "accents": {"Python": "#3776ab"}})
    assert palette(post(tags=("python",)), cfg)["accent"] == "#3776ab"
    colors = palette(post(tags=("rust",)), cfg)
    assert colors["primary"] == "#0b6e4f" and "accent" not in colors
    assert colors["on_primary"] == "#ffffff"
    assert palette(post(), config(cards={"primary": "#ffec3d"}))["on_primary"] == "#111827"


def test_no_placeholder_domain_on_a_card():
    cfg = Config.from_mapping({})
    item = Post(url="https://example.com/x/", title="A title", slug="x")
    assert domain(cfg, item) == ""
    assert card_context(item, cfg)[0]["site_name"] == ""
    assert domain(config(), post()) == "notes.static-blog.dev"
    assert domain(Config.from_mapping({"site_url": "https://blog.example.org"}), post()) == ""


# -- typography -----------------------------------------------------------------------------

TITLES = [
    "Sunsetting Gitter: Towards Efficient Community Engagement",
    "What MkDocs 2.0 means for your documentation projects",
    "Using git sparse-checkout for faster documentation builds",
    "How we're transforming Material for MkDocs",
    "Structured Outputs for Gemini now supported",
    "Images that load fast: a checklist for bloggers",
    "Zensical - A modern static site generator",
]


@pytest.mark.parametrize("size", ["og", "square", "pinterest"])
@pytest.mark.parametrize("name", ["classic", "minimal", "photo", "takeaways"])
def test_no_line_holds_a_single_word(name, size):
    kind = _orientation(size)
    layer = next(
        layer
        for layer in LIBRARY[name].layers
        if isinstance(layer, TextLayer)
        and layer.name == "title"
        and (not layer.only or kind in layer.only)
    )
    _, _, w, h = pixel_box(layer, SIZES[size])
    vmin = min(SIZES[size]) / 100
    faces, _ = fonts.chain(layer.font.family, layer.font.weight)
    for title in TITLES:
        block = text.layout(title, faces, (w, h), max_size=round(layer.size[0] * vmin),
                            min_size=round(layer.size[1] * vmin), max_lines=layer.max_lines,
                            line_height=layer.line_height)  # fmt: skip
        assert not block.truncated
        assert all(len(line.split()) > 1 for line in block.lines), (title, block.lines)


def test_balanced_lines_are_close_in_length():
    faces, _ = fonts.chain("inter", 800)
    block = text.layout(TITLES[0], faces, (1000, 400), max_size=69, min_size=33, max_lines=4)
    widths = [text.measure(line, faces, block.size) for line in block.lines]
    assert len(widths) >= 2 and min(widths) / max(widths) > 0.6


_LATIN = regex.compile(r"[\p{Latin}\d]")
_CLOSING = "、。，．！？：；」』）】〉》"


def _glued_latin(title: str) -> set[int]:
    """Offsets (in the title without spaces) that fall inside a Latin word or number."""
    inside, kept = set(), 0
    for index, char in enumerate(title):
        if char == " ":
            continue
        if index and _LATIN.match(char) and _LATIN.match(title[index - 1]):
            inside.add(kept)
        kept += 1
    return inside


@pytest.mark.corpus
@same_worker("pelican-farseerfc-multilingual-rst")
def test_mixed_cjk_and_latin_titles_break_at_word_boundaries(corpora):
    posts = plain_reading(corpora / "pelican-farseerfc-multilingual-rst")[0].posts
    titles = [
        p.title for p in posts if regex.search(r"\p{Han}", p.title) and _LATIN.search(p.title)
    ]
    assert len(titles) >= 20
    faces, _ = fonts.chain("inter", 800)
    broken = 0
    for title in titles:
        for width in (420, 560, 700):
            block = text.layout(title, faces, (width, 2000), max_size=44, min_size=44, max_lines=20)
            joined = "".join(block.lines).replace(" ", "")
            assert joined == title.replace(" ", ""), (title, block.lines)
            boundaries = {0}
            for token in text.tokens(" ".join(title.split())):
                boundaries.add(max(boundaries) + len(token.replace(" ", "")))
            glued = _glued_latin(title)
            at = 0
            for before, after in zip(block.lines, block.lines[1:], strict=False):
                at += len(before.replace(" ", ""))
                broken += 1
                assert at in boundaries, (title, block.lines)
                assert at not in glued, (title, block.lines)  # never inside a Latin word
                assert after[0] not in _CLOSING, block.lines
    assert broken > 20


def test_japanese_particles_stay_with_their_word():
    tokens = text.tokens("Rustで書かれた高速なWebサーバーの作り方")
    assert tokens == ("Rustで", "書かれた", "高速な", "Webサーバーの", "作り方")


def test_code_like_text_is_drawn_without_ligatures():
    if not fonts.has_raqm():
        assert text.features("a <- b") is None
        return
    assert text.features("x <- y, a -> b") == ["-liga", "-calt"]
    assert text.features("A plain sentence.") is None
    faces, _ = fonts.chain("inter", 400)
    font = fonts.pil_font(faces[0], 40)
    apart = font.getlength("<", features=["-calt"]) + font.getlength("-", features=["-calt"])
    assert text.measure("<-", faces, 40) == pytest.approx(apart, abs=1)


# -- readable over photos --------------------------------------------------------------------


def _busy_screenshot(path: Path) -> Path:
    """A bright UI screenshot: white page, lines of dark 'text', coloured blocks."""
    rng = random.Random(7)
    image = Image.new("RGB", (1600, 1000), "#ffffff")
    pen = ImageDraw.Draw(image)
    for _ in range(40):
        x, y = rng.randrange(0, 1500), rng.randrange(0, 950)
        pen.rectangle((x, y, x + rng.randrange(40, 300), y + rng.randrange(6, 60)),
                      fill=rng.choice(["#f3f4f6", "#dbeafe", "#fde68a", "#111827", "#e5e7eb"]))  # fmt: skip
    for row in range(0, 1000, 22):
        pen.line(
            (rng.randrange(0, 200), row, rng.randrange(800, 1600), row), fill="#1f2937", width=3
        )
    image.save(path)
    return path


def _flat(path: Path, colour: str) -> Path:
    Image.new("RGB", (1200, 800), colour).save(path)
    return path


def _photos(tmp_path: Path, fixtures: Path) -> list[Path]:
    found = [fixtures / "cards" / "photo.jpg", _busy_screenshot(tmp_path / "busy.png"),
             _flat(tmp_path / "white.png", "#ffffff"), _flat(tmp_path / "yellow.png", "#ffe14d")]  # fmt: skip
    real = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
    found += sorted(
        (real / "pelican-project-tests" / "samples" / "content" / "pictures").glob("*.jpg")
    )
    return found


@pytest.mark.parametrize("size", ["og", "square", "story"])
def test_title_over_a_photo_meets_aa_contrast(tmp_path, fixtures, size):
    item = post("Why static sites age well, and what it means for you")
    for photo in _photos(tmp_path, fixtures):
        images = {"post": (str(photo), photo.name)}
        drawn = draw_card(job("photo", size, item, images=images))
        x, y, w, h = dict(drawn.boxes)["title"]
        region = drawn.image.crop((x, y, x + w, y + h))
        ink = (255, 255, 255)
        near_ink = (
            region.convert("L")
            .point(lambda v: 255 if v > 120 else 0)
            .filter(__import__("PIL.ImageFilter", fromlist=["MaxFilter"]).MaxFilter(9))
        )
        assert near_ink.getbbox() is not None, photo.name  # the title is drawn
        background = Image.composite(Image.new("RGB", region.size), region, near_ink)
        counts = luminance_histogram(background)
        counts[0] -= sum(1 for v in near_ink.getdata() if v)  # masked-out pixels
        total, seen, level = sum(counts), 0, 0
        for level, n in enumerate(counts):  # noqa: B007
            seen += n
            if seen >= total * 0.99:
                break
        lightest = (level + 0.5) / 255
        ratio = (luminance(ink) + 0.05) / (lightest + 0.05)
        assert ratio >= 4.5, (photo.name, size, round(ratio, 2))


# -- every size designed ---------------------------------------------------------------------


def _longest_empty_band(drawn: Image.Image, bare: Image.Image) -> float:
    diff = ImageChops.difference(drawn, bare).convert("L").point(lambda v: 255 if v > 8 else 0)
    width, height = drawn.size
    longest = run = 0
    for y in range(height):
        run = 0 if diff.crop((0, y, width, y + 1)).getbbox() else run + 1
        longest = max(longest, run)
    return longest / height


#: A post with everything, and one with a short title and nothing else (the sparsest card).
CONTENTS = {
    "full": {
        "blocks": (
            ("heading", "Define the audience you write for"),
            ("text", "Know who reads you and what they came for."),
            ("heading", "Optimize every social profile"),
            ("text", "Each profile should link back to the blog itself."),
            ("heading", "Post on a steady schedule"),
            ("text", "A steady rhythm beats a sudden burst of posts."),
        ),
    },
    "bare": {"title": "Release notes"},
}


@pytest.mark.parametrize("content", list(CONTENTS))
@pytest.mark.parametrize("size", TALL)
@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_tall_cards_leave_no_empty_band_over_a_third(tmp_path, fixtures, name, size, content):
    if content == "bare":
        item = Post(url="https://notes.static-blog.dev/x/", slug="x", **CONTENTS[content])
    else:
        item = post(**CONTENTS[content])
    images = {"post": (str(fixtures / "cards" / "photo.jpg"), "p")} if name == "photo" else {}
    card = job(name, size, item, images=images)
    if not applies(card.template, card.context):
        pytest.skip(f"{name} is not drawn for a post without {LIBRARY[name].when}")
    flat = card.template.model_copy(
        update={"layers": tuple(
            layer.model_copy(update={"image": None}) for layer in card.template.layers
            if isinstance(layer, BackgroundLayer)
        )}
    )  # fmt: skip
    drawn = draw_card(card).image
    bare = draw_card(Job(flat, card.size, card.context)).image
    assert _longest_empty_band(drawn, bare) <= 1 / 3


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize(("name", "layer_name"), [("minimal", "dot"), ("classic", "glow")])
def test_the_circle_stays_a_circle(name, layer_name, size):
    template = LIBRARY[name]
    shape = next(layer for layer in template.layers if layer.name == layer_name)
    solo = template.model_copy(
        update={"layers": (
            BackgroundLayer(type="background", color="#000000"),
            shape.model_copy(update={"fill": "#ffffff", "gradient": None}),
        )}
    )  # fmt: skip
    drawn = draw_card(Job(solo, SIZES[size], {})).image
    left, top, right, bottom = drawn.convert("L").point(lambda v: 255 if v > 128 else 0).getbbox()
    assert abs((right - left) - (bottom - top)) <= 2, (size, right - left, bottom - top)


# -- layers that depend on content -----------------------------------------------------------


@pytest.mark.parametrize("size", ["og", "square"])
def test_no_empty_takeaways_panel(size):
    bare = Post(url="https://notes.static-blog.dev/x/", title="Just a title here", slug="x")
    drawn = draw_card(job("takeaways", size, bare))
    labels = [label for label, _ in drawn.boxes]
    assert "panel" not in labels and "title alone" in labels
    pilcrows = Post(url="https://notes.static-blog.dev/y/", title="Another title", slug="y",
                    headings=("¶", " ", "–"))  # fmt: skip
    drawn = draw_card(job("takeaways", size, pilcrows))
    assert "panel" not in [label for label, _ in drawn.boxes]
