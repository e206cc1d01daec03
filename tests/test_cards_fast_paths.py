"""The cheap paths of drawing a card give what the exact ones give: text widths told from
bounds, single-font runs, shared layers drawn once (same lines, same size, same bytes)."""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from smm_promote.cards import draw, fonts, text
from smm_promote.cards.templates import load_library
from tests.card_text_support import MIXED_TITLES

TITLES = [
    "Social Media Marketing for Bloggers",
    "How we reduced our cloud bill by 73% with three simple changes to our Kubernetes"
    " cluster configuration and a little patience",
    "AVAWAY: kerning Te Ty Yo LT AV To Wa -- 'quotes' \"double\" «guillemets»",
    "Office ﬁles: ligatures ffi ffl in a 3 x 4 grid",
    "Using a -> b and x <= y with `code` and != operators in C++ templates",
    "Supercalifragilisticexpialidocious-antidisestablishmentarianism-pneumonoultra",
    "Ελληνικά και Кириллица: a mixed title",
    "東京の美味しいラーメン屋さんを巡る旅、その第三回目です。",
    "如何使用 Rust 编写高性能的网络服务：从入门到精通的完整指南",
    "한국어로 된 블로그 제목입니다 아주 길게 써봅니다 정말로",
    "مرحبا بالعالم: كيف نكتب مدونة تقنية جيدة بالعربية",
    "שלום עולם: איך כותבים בלוג טכני טוב",
    "Rust 🦀 and Python 🐍 together: a 🚀 guide for 👩‍💻 developers 🇫🇷",
    "A",
    "WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW",
]
CHAINS = [("inter", 800), ("inter", 400), ("noto-serif", 700), ("noto-sans", 500)]
BOXES = [(1008, 283, 69, 33, 4), (700, 400, 60, 20, 3), (420, 300, 48, 14, 5), (900, 80, 40, 20, 1)]


def exact_everywhere(monkeypatch) -> None:
    """Every width measured exactly at its own size, as before bounds were used."""
    monkeypatch.setattr(text._Widths, "bounds", lambda self, _text: (-1e9, 1e9))
    clear_caches()


def clear_caches() -> None:
    text.layout.cache_clear()
    text._widths.cache_clear()
    fonts.split_runs.cache_clear()


def layouts(
    titles: list[str] = TITLES, chains: list[tuple[str, int]] = CHAINS
) -> list[text.TextBlock]:
    blocks = []
    for family, weight in chains:
        faces = fonts.chain(family, weight)[0]
        for title in titles:
            for width, height, high, low, lines in BOXES:
                blocks.append(text.layout(title, faces, (width, height), max_size=high,
                                          min_size=low, max_lines=lines))  # fmt: skip
    return blocks


@pytest.mark.parametrize("chain", CHAINS, ids=lambda chain: f"{chain[0]}-{chain[1]}")
def test_layouts_from_bounds_are_the_exact_layouts(monkeypatch, chain):
    """One font chain a test: the exact layouts are slow to make, and the test processes
    share the chains out."""
    clear_caches()
    fast = layouts(chains=[chain])
    with monkeypatch.context() as patched:
        exact_everywhere(patched)
        slow = layouts(chains=[chain])
    clear_caches()
    assert [(b.lines, b.size, b.truncated) for b in fast] == [
        (b.lines, b.size, b.truncated) for b in slow
    ]
    assert len({b.size for b in fast}) > 10  # the titles were fitted at many sizes


PARAGRAPH = " ".join(TITLES[:6])  # a description several lines long


@pytest.mark.parametrize(("family", "weight"), CHAINS)
@pytest.mark.parametrize("count", [0, 1, 2, 4])
def test_the_first_lines_of_a_wrap_and_whether_more_follow_are_the_wraps(family, weight, count):
    faces = fonts.chain(family, weight)[0]
    for title in [*TITLES, PARAGRAPH]:
        for size, width in ((18, 936), (33, 1008), (69, 1008), (40, 240)):
            lines = text._wrap(title, faces, size, width)
            first, more = text._first_lines(title, faces, size, width, count)
            assert (first, more) == (lines[:count], len(lines) > count)
            if text._more_lines_than(title, faces, size, width, count):
                assert len(lines) > count or text._splits_a_word(title, faces, size, width)


def test_sizes_told_from_the_first_lines_are_those_of_whole_wraps(monkeypatch):
    """A size is refused from the words' bounds or from the line after the last that may
    fit: the same sizes and lines as wrapping the whole text and checking every line."""
    titles = [*TITLES, PARAGRAPH]
    clear_caches()
    fast = layouts(titles)
    first_lines = text._first_lines

    def whole(title, faces, size, width, count):
        lines = first_lines(title, faces, size, width, None)[0]
        return (lines, False) if count is None else (lines[:count], len(lines) > count)

    with monkeypatch.context() as patched:
        patched.setattr(text, "_more_lines_than", lambda *_args: False)
        patched.setattr(text, "_first_lines", whole)
        clear_caches()
        slow = layouts(titles)
    clear_caches()
    assert [(b.lines, b.size, b.truncated) for b in fast] == [
        (b.lines, b.size, b.truncated) for b in slow
    ]
    assert sum(b.truncated for b in fast) > 10  # cut to the line limit, as descriptions are


WORDS = [word for title in TITLES for word in text.tokens(title) if not word.isspace()]


@pytest.mark.parametrize(("family", "weight"), [*CHAINS, ("noto-sans-arabic", 400)])
def test_every_width_lies_within_its_bounds(family, weight):
    faces = fonts.chain(family, weight)[0]
    words = [*WORDS, " ", *TITLES]
    for size in (1, 7, 14, 33, 50, 69, 99, 101, 151, 240):
        for word in words:
            low, high = text.bounds(word, faces, size)
            width = text.measure(word, faces, size)
            assert low <= width <= high, (word, size, low, width, high)
            assert high - low < 0.2 * (len(word) + 1) * (1 + size / 100)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=MIXED_TITLES,
    width=st.integers(120, 900),
    size=st.integers(8, 120),
)
def test_a_single_font_run_is_what_the_per_grapheme_split_gives(title, width, size):
    faces = fonts.chain("inter", 700)[0]
    fast = fonts.split_runs.__wrapped__(title, faces)
    original = fonts._first_face_has_all
    try:
        fonts._first_face_has_all = lambda _text, _face: False
        slow = fonts.split_runs.__wrapped__(title, faces)
    finally:
        fonts._first_face_has_all = original
    assert fast == slow


def card_bytes(template_name: str, size: tuple[int, int], title: str) -> bytes:
    template = load_library()[0][template_name]
    context = {"title": title, "description": "How to promote a blog without ads.",
               "site_name": "Example Blog", "domain": "blog.example", "reading_time": "4 min read",
               "date": "3 March 2024", "takeaways": ["One", "Two", "Three"]}  # fmt: skip
    job = draw.Job(template, size, context)
    image = draw.draw_card(job).image
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("name", ["classic", "minimal", "quote", "takeaways"])
@pytest.mark.parametrize("size", [(1200, 630), (1080, 1920)])
def test_shared_layers_drawn_once_give_the_same_pixels(monkeypatch, name, size):
    titles = ["Social Media Marketing for Bloggers", "Rust 🦀 in 如何使用 production"]
    reused = [card_bytes(name, size, title) for title in titles]  # the second reuses the base
    with monkeypatch.context() as patched:
        patched.setattr(draw, "_post_free", lambda _layer: False)
        patched.setattr(draw, "_DRAWN", {})
        patched.setattr(draw, "_DRAWN_KEPT", 0)
        drawn = [card_bytes(name, size, title) for title in titles]
    assert reused == drawn
    assert Image.open(io.BytesIO(reused[0])).size == size


def test_a_field_no_template_reads_is_not_picked_and_keys_stay(tmp_path, monkeypatch):
    from smm_promote.cards import context
    from smm_promote.cards.render import plan_cards
    from smm_promote.config import Config
    from smm_promote.errors import Problems
    from smm_promote.model import Post

    asked: list[str] = []
    real = context.PICKED["quote"]
    monkeypatch.setitem(context.PICKED, "quote", lambda post: asked.append(post.url) or real(post))
    config = Config.from_mapping({"site_url": "https://b.example", "site_name": "B",
                                  "cards": {"fetch_images": False}})  # fmt: skip
    post = Post(
        url="https://b.example/p/",
        title="Deadlines in gRPC",
        slug="p",
        body="Deadlines stop a slow call. " * 30,
        summary="Why every call needs one.",
    )

    def keys(templates):
        planned = plan_cards([post], config, tmp_path, problems=Problems(),
                             templates=templates, sizes=["og"])  # fmt: skip
        return {p.card.template: p.card.key for p in planned}

    alone = keys(["classic"])
    assert asked == []  # the classic card shows no quote
    both = keys(["classic", "quote"])
    assert asked == [post.url]
    assert both["classic"] == alone["classic"]
