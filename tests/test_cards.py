"""Share cards: sizes, boxes, pixels, alt text, per-post control, bad input, cache."""

from __future__ import annotations

import importlib.util
import io

import pytest
from PIL import Image

from smm_promote.cards.draw import Job, draw_card, encode, pixel_box
from smm_promote.cards.render import RunStats, render_cards, sizes_for
from smm_promote.cards.settings import SIZES
from smm_promote.cards.templates import (
    ListLayer,
    TemplateError,
    TextLayer,
    load_library,
    parse,
)
from smm_promote.config import Config
from smm_promote.errors import Problems
from smm_promote.model import Post

TEMPLATES = ("classic", "photo", "quote", "takeaways", "minimal")
#: Text stays this far (percent of each side) from the card's edges.
SAFE_MARGIN = 4


def config(**cards) -> Config:
    return Config.from_mapping(
        {"site_url": "https://blog.example", "site_name": "Example Blog",
         "cards": {"fetch_images": False, **cards}}
    )  # fmt: skip


def post(title="Social Media Marketing for Bloggers", slug="smm", **fields) -> Post:
    body = "Social media has become an essential tool for bloggers to reach readers. " * 40
    points = ("1. Define your audience", "2. Optimize your profiles", "3. Share on a schedule")
    fields.setdefault("headings", points)
    fields.setdefault("blocks", tuple(
        block for heading in fields["headings"]
        for block in (("heading", heading),
                      ("text", f"Readers come back to a blog that cares about {heading[3:]}."))
    ))  # fmt: skip
    return Post(url=f"https://blog.example/{slug}/", title=title, slug=slug, body=body,
                summary="How to promote a blog without ads.", **fields)  # fmt: skip


def render(posts, tmp_path, cfg=None, **kwargs):
    problems = Problems()
    stats = RunStats()
    cards = render_cards(posts, cfg or config(), tmp_path, problems=problems, progress=False,
                         workers=1, stats=stats, **kwargs)  # fmt: skip
    return cards, problems, stats


def test_every_shipped_template_loads():
    library, problems = load_library()
    assert problems == []
    assert set(TEMPLATES) <= set(library)


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("name", TEMPLATES)
def test_text_boxes_lie_inside_the_safe_area(name, size):
    template = load_library()[0][name]
    width, height = SIZES[size]
    for layer in template.layers:
        if isinstance(layer, TextLayer | ListLayer):
            x, y, w, h = pixel_box(layer, (width, height))
            assert x >= width * SAFE_MARGIN / 100 and y >= height * SAFE_MARGIN / 100, layer.name
            assert x + w <= width * (1 - SAFE_MARGIN / 100), layer.name
            assert y + h <= height * (1 - SAFE_MARGIN / 100), layer.name


def test_cards_have_the_sizes_the_platforms_need(tmp_path):
    cfg = config()
    cfg.platforms = ["x", "instagram", "pinterest", "threads"]
    assert sizes_for(cfg) == ["og", "x", "portrait", "pinterest"]
    cards, problems, _ = render([post()], tmp_path, cfg)
    assert not problems.items
    made = {c.size: Image.open(c.path).size for c in cards["https://blog.example/smm/"]}
    assert made == {name: SIZES[name] for name in ("og", "x", "portrait", "pinterest")}


def test_no_text_pixel_falls_outside_its_box():
    template = parse(
        """
layers:
  - type: background
    color: "#204060"
  - type: text
    text: "{{ title }}"
    box: [10, 10, 50, 30]
    size: [30, 4]
    max_lines: 2
  - type: list
    items: "takeaways"
    box: [10, 50, 80, 40]
    size: [12, 2]
""",
        "boxes.yml",
    )
    context = {"title": "An overlong title " * 30, "takeaways": ["word " * 60] * 6}
    drawn = draw_card(Job(template, (1200, 630), context))
    outside = drawn.image.copy()
    for _, (x, y, w, h) in drawn.boxes:
        outside.paste((32, 64, 96), (x, y, x + w, y + h))
    assert outside.getcolors() == [(1200 * 630, (32, 64, 96))]
    inside = drawn.image.crop(
        drawn.boxes[0][1][:2]
        + tuple(a + b for a, b in zip(drawn.boxes[0][1][:2], drawn.boxes[0][1][2:], strict=True))
    )
    assert len(inside.getcolors(100000)) > 2  # the title was drawn


def test_alt_text_names_the_title_and_what_the_card_shows(tmp_path):
    cards, _, _ = render([post()], tmp_path, templates=["classic", "takeaways", "quote"],
                         sizes=["og"])  # fmt: skip
    alts = {c.template: c.alt for c in cards["https://blog.example/smm/"]}
    assert alts["classic"].startswith("Share card: “Social Media Marketing for Bloggers”.")
    assert "How to promote a blog without ads" in alts["classic"]
    assert alts["takeaways"] == (
        "Takeaways card for “Social Media Marketing for Bloggers” on Example Blog: "
        "1. Define your audience; 2. Optimize your profiles; 3. Share on a schedule."
    )
    assert alts["quote"].startswith("Quote card from “Social Media Marketing for Bloggers”")


def test_share_block_picks_template_overrides_text_and_turns_cards_off(tmp_path):
    chosen = post(slug="a", share={"template": "quote", "title": "A better title"})
    off = post(slug="b", share={"cards": False})
    cards, _, _ = render([chosen, off], tmp_path, sizes=["og"])
    assert list(cards) == ["https://blog.example/a/"]
    [card] = cards["https://blog.example/a/"]
    assert card.template == "quote"
    assert "A better title" in card.alt


def test_post_image_is_the_photo_background(tmp_path, fixtures):
    photo = fixtures / "cards" / "photo.jpg"
    cards, problems, _ = render([post(image=str(photo))], tmp_path, templates=["photo"],
                                sizes=["og"])  # fmt: skip
    assert not problems.items
    card = Image.open(cards["https://blog.example/smm/"][0].path).convert("RGB")
    r, g, _b = card.getpixel((600, 20))  # top of the card: the photo under a light scrim
    assert g > r and g > 80  # the fixture photo is green (30, 120, 90)
    assert "over the post's image" in cards["https://blog.example/smm/"][0].alt


@pytest.mark.parametrize(
    ("name", "expected"),
    [("corrupt.jpg", "cannot be read"), ("bomb.png", "decompression bomb")],
)
def test_bad_post_image_warns_and_falls_back(tmp_path, fixtures, name, expected):
    bad = post(image=str(fixtures / "cards" / name), source="content/smm.md")
    cards, problems, _ = render([bad], tmp_path, templates=["photo"], sizes=["og"])
    [problem] = problems.items
    assert problem.where == "content/smm.md"
    assert expected in problem.message and name in problem.message
    card = Image.open(cards["https://blog.example/smm/"][0].path).convert("RGB")
    assert card.size == (1200, 630)
    _r, g, b = card.getpixel((20, 20))
    assert b > g  # the fallback gradient (purple), not a photo
    _, again, stats = render([bad], tmp_path, templates=["photo"], sizes=["og"])
    assert stats.drawn == 0
    assert [str(p) for p in again] == [str(problem)]  # a rerun still says what is wrong


def test_missing_image_unknown_template_and_empty_title_are_reported(tmp_path):
    odd = post(title="", image="nowhere.png", source="content/odd.md",
               share={"template": "nope"})  # fmt: skip
    cards, problems, _ = render([odd], tmp_path, sizes=["og"])
    messages = [p.message for p in problems]
    assert any("unknown card template 'nope'; using 'classic'" in m for m in messages)
    assert any("empty title" in m for m in messages)
    assert all(p.where == "content/odd.md" for p in problems)
    [card] = cards["https://blog.example/smm/"]
    assert card.template == "classic" and card.path.is_file()
    assert "“Example Blog”" in card.alt


def test_template_with_a_bad_key_is_reported_with_file_key_and_line(tmp_path, fixtures):
    with pytest.raises(TemplateError) as caught:
        parse((fixtures / "cards" / "bad_key.yml").read_text(), "bad_key.yml")
    assert caught.value.problems == ["layers.1.colour (line 8): unknown key"]
    cfg = config(templates_dir=str(fixtures / "cards"))
    _, problems, _ = render([post()], tmp_path, cfg, sizes=["og"])
    assert [str(p) for p in problems] == [
        f"{fixtures / 'cards' / 'bad_key.yml'}: layers.1.colour (line 8): unknown key"
    ]


def test_a_missing_font_falls_back_with_a_warning(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "classic.yml").write_text(
        """
layers:
  - type: text
    text: "{{ title }}"
    box: [5, 5, 90, 90]
    font: {family: no-such-font}
"""
    )
    cards, problems, _ = render([post()], tmp_path / "out", config(templates_dir=str(folder)),
                                sizes=["og"])  # fmt: skip
    [problem] = problems.items
    assert "unknown font 'no-such-font'" in problem.message
    assert cards["https://blog.example/smm/"][0].path.is_file()


def test_a_slug_cannot_leave_the_output_folder(tmp_path):
    sneaky = post(slug="../../../etc/passwd")
    cards, _, _ = render([sneaky], tmp_path / "out", sizes=["og"])
    [card] = cards[sneaky.url]
    assert card.path.resolve().is_relative_to((tmp_path / "out").resolve())
    assert card.path.parent.name == "etc-passwd"


def test_rerun_draws_nothing_and_a_changed_title_redraws_only_its_cards(tmp_path):
    first, second = post(slug="one"), post(slug="two", title="Another post")
    cards, _, stats = render([first, second], tmp_path)
    assert (stats.drawn, stats.cached) == (4, 0)
    before = {c.path: c.path.read_bytes() for group in cards.values() for c in group}
    _, _, stats = render([first, second], tmp_path)
    assert (stats.drawn, stats.cached, stats.removed) == (0, 4, 0)
    changed = post(slug="two", title="Another post, retitled")
    cards, _, stats = render([first, changed], tmp_path)
    assert (stats.drawn, stats.cached, stats.removed) == (2, 2, 2)
    for card in cards[first.url]:
        assert before[card.path] == card.path.read_bytes()
    for card in cards[changed.url]:
        assert card.path not in before
    assert sorted(p.name for p in (tmp_path / "two").iterdir()) == sorted(
        c.path.name for c in cards[changed.url]
    )


def test_same_input_same_bytes_serial_or_parallel(tmp_path):
    # 9 cards: two full batches sent to the workers and one card left for the last.
    posts = [post(slug=f"p{i}", title=f"Post number {i}") for i in range(9)]
    serial, _, _ = render(posts, tmp_path / "a", sizes=["og"])
    problems = Problems()
    parallel = render_cards(posts, config(), tmp_path / "b", problems=problems, progress=False,
                            sizes=["og"], workers=2)  # fmt: skip
    for url, cards in serial.items():
        for one, two in zip(cards, parallel[url], strict=True):
            assert one.path.name == two.path.name
            assert one.path.read_bytes() == two.path.read_bytes()


def test_the_workers_draw_while_the_next_cards_are_planned(tmp_path, monkeypatch):
    from smm_promote.cards import render as stage

    read = []
    started_after = []

    def posts():
        for i in range(12):
            read.append(i)
            yield post(slug=f"p{i}", title=f"Post number {i}")

    real_pool = stage.worker_pool

    def pool(workers):
        started_after.append(len(read))
        return real_pool(workers)

    monkeypatch.setattr(stage, "worker_pool", pool)
    drawing = stage.start_cards(posts(), config(), tmp_path, problems=Problems(),
                                progress=False, sizes=["og"], workers=2)  # fmt: skip
    cards = drawing.finish()
    # The pool starts with the 4th card (`FEW`), while 8 posts are still to be planned.
    assert started_after == [stage.FEW]
    assert len(cards) == 12 and all(c.path.is_file() for group in cards.values() for c in group)


def test_few_cards_are_drawn_in_this_process(tmp_path, monkeypatch):
    from smm_promote.cards import render as stage

    monkeypatch.setattr(stage, "worker_pool", lambda workers: pytest.fail("no pool for 3"))
    posts = [post(slug=f"p{i}", title=f"Post number {i}") for i in range(3)]
    cards = render_cards(posts, config(), tmp_path, problems=Problems(), progress=False,
                         sizes=["og"], workers=2)  # fmt: skip
    assert sorted(cards) == sorted(p.url for p in posts)


def test_files_are_reencoded_under_the_byte_limit():
    noise = Image.merge("RGB", [Image.effect_noise((1200, 630), 120) for _ in range(3)])
    assert len(encode(noise, "png", 10_000_000)) > 1_500_000
    assert len(encode(noise, "png", 450_000)) <= 450_000  # fewer colours, same size in px
    assert len(encode(noise, "jpeg", 10_000_000)) > 600_000
    assert len(encode(noise, "jpeg", 600_000)) <= 600_000  # lower quality


def test_jpeg_and_webp_output(tmp_path):
    for fmt, magic in (("jpeg", b"\xff\xd8"), ("webp", b"RIFF")):
        cards, _, _ = render([post()], tmp_path / fmt, config(format=fmt), sizes=["og"])
        [card] = cards["https://blog.example/smm/"]
        assert card.path.suffix == (".jpg" if fmt == "jpeg" else ".webp")
        assert card.path.read_bytes()[:4].startswith(magic)


def test_debug_overlay_outlines_layer_boxes():
    template = load_library()[0]["minimal"]
    context = {"title": "Hi", "site_name": "S", "domain": "d", "reading_time": "1 min read"}
    plain = draw_card(Job(template, (1200, 630), context)).image
    debug = draw_card(Job(template, (1200, 630), context, debug=True))
    _label, (x, y, w, h) = debug.boxes[1]
    assert plain.getpixel((x + w - 1, y + h // 2)) == (255, 255, 255)
    assert debug.image.getpixel((x + w - 1, y + h // 2)) != (255, 255, 255)


def test_a_shared_background_photo_is_prepared_once(tmp_path, fixtures):
    from smm_promote.cards.draw import _prepared

    photo = str(fixtures / "cards" / "photo.jpg")
    posts = [post(slug=f"s{i}", title=f"Title {i}", image=photo) for i in range(5)]
    _prepared.cache_clear()
    _, _, stats = render(posts, tmp_path, templates=["photo"], sizes=["og"])
    assert stats.drawn == 5
    assert _prepared.cache_info().misses == 1
    assert _prepared.cache_info().hits == 4


def test_remote_post_image_is_downloaded_once(tmp_path, fixtures, httpserver):
    photo = (fixtures / "cards" / "photo.jpg").read_bytes()
    httpserver.expect_oneshot_request("/img/cover.jpg", method="GET").respond_with_data(
        photo, content_type="image/jpeg"
    )
    cfg = config(fetch_images=True, allow_private_hosts=True)  # the test server is loopback
    remote = post(image=httpserver.url_for("/img/cover.jpg"))
    cards, problems, _ = render([remote], tmp_path, cfg, templates=["photo"], sizes=["og"])
    assert not problems.items
    assert len(httpserver.log) == 1
    assert "over the post's image" in cards[remote.url][0].alt
    _, problems, stats = render([remote], tmp_path, cfg, templates=["photo"], sizes=["og"])
    assert (stats.drawn, len(httpserver.log), problems.items) == (0, 1, [])


def test_fast_png_and_pillow_give_the_same_pixels(monkeypatch):
    from smm_promote.cards import draw

    job = Job(load_library()[0]["classic"], (1200, 630), {"title": "Same pixels", "site_name": "X"},
              {}, "png", 5_000_000, False)  # fmt: skip
    image = draw_card(job).image.convert("RGB")
    fast = encode(image, "png", 5_000_000)
    monkeypatch.setattr(draw, "fast_png", lambda rgb: None)  # as where fpng is absent
    slow = encode(image, "png", 5_000_000)
    assert fast[:8] == slow[:8] == b"\x89PNG\r\n\x1a\n"
    if importlib.util.find_spec("fpng"):
        assert fast != slow  # the fast encoder wrote it
    assert Image.open(io.BytesIO(fast)).convert("RGB").tobytes() == image.tobytes()
    assert Image.open(io.BytesIO(slow)).convert("RGB").tobytes() == image.tobytes()


def test_auto_format_is_jpeg_over_a_photo_and_png_for_drawn_cards(tmp_path, fixtures):
    photo = fixtures / "cards" / "photo.jpg"
    cards, problems, _ = render([post(image=str(photo))], tmp_path, templates=["photo", "classic"],
                                sizes=["og"])  # fmt: skip
    assert not problems.items
    by_template = {c.template: c for c in cards["https://blog.example/smm/"]}
    assert by_template["photo"].format == "jpeg"
    assert by_template["photo"].path.read_bytes()[:2] == b"\xff\xd8"
    assert by_template["classic"].format == "png"
    assert by_template["classic"].path.read_bytes()[:4] == b"\x89PNG"
    # Without a photo the photo template draws its gradient, losslessly.
    cards, _, _ = render([post(slug="bare")], tmp_path / "bare", templates=["photo"], sizes=["og"])
    assert cards["https://blog.example/bare/"][0].format == "png"


def test_cards_drawn_while_others_are_planned_keep_their_order_and_failures(tmp_path, monkeypatch):
    from smm_promote.cards import render as render_module

    real = render_module.render_job

    def flaky(job):
        if job.context.get("title") == "Post number 2":
            raise ValueError("no ink")
        return real(job)

    monkeypatch.setattr(render_module, "render_job", flaky)  # forked workers inherit it
    posts = [post(slug=f"p{i}", title=f"Post number {i}") for i in range(6)]
    made = {}
    for workers in (1, 2):
        problems = Problems()
        made[workers] = render_cards(posts, config(), tmp_path / str(workers), problems=problems,
                                     progress=False, sizes=["og"], workers=workers)  # fmt: skip
        assert [(p.where, p.message) for p in problems.items] == [
            (posts[2].url, "card classic/og: could not be drawn: ValueError: no ink")
        ]
        assert posts[2].url not in made[workers]
        assert not list((tmp_path / str(workers) / "p2").glob("*.png"))
    assert list(made[2]) == [p.url for n, p in enumerate(posts) if n != 2]
    for url, (card,) in made[2].items():
        (serial,) = made[1][url]
        assert card.path.name == serial.path.name
        assert card.path.read_bytes() == serial.path.read_bytes()
