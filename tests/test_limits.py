"""Resource caps: one file, URL or template cannot hold a run for long or take its memory."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from werkzeug import Response

from smm_promote.cards import images
from smm_promote.config import Config
from smm_promote.errors import Problems, SourceError
from smm_promote.sources import feed, limits, read_posts

CONFIG = Config.from_mapping({"site_url": "https://blog.example.com"})


#: Pieces of the trickle the server got to send (a reader that gave up stops it early).
SENT: list[int] = []
PIECES = 100


def _trickle(request):
    def body():
        yield b"<?xml version='1.0'?><rss><channel>"
        for _ in range(PIECES):
            time.sleep(0.2)
            SENT.append(1)
            yield b" "

    return Response(body(), content_type="application/rss+xml")


def test_a_trickling_feed_is_given_up_at_the_deadline(httpserver, monkeypatch) -> None:
    monkeypatch.setattr(feed, "DEADLINE", 1.0)
    httpserver.expect_request("/feed.xml").respond_with_handler(_trickle)
    SENT.clear()
    with pytest.raises(SourceError, match="took longer than 1 s"):
        feed.fetch(httpserver.url_for("/feed.xml"), timeout=5)
    assert len(SENT) < PIECES, "the whole trickle was read"


def test_a_trickling_image_is_given_up_at_the_deadline(httpserver, monkeypatch) -> None:
    monkeypatch.setattr(images, "FETCH_DEADLINE", 1.0)
    httpserver.expect_request("/big.png").respond_with_handler(_trickle)
    SENT.clear()
    with pytest.raises(images.FetchError, match="took longer than 1 s"):
        images.fetch(httpserver.url_for("/big.png"), allow_private=True)
    assert len(SENT) < PIECES, "the whole trickle was read"


BOMB = (
    "---\ntitle: Bomb\n"
    + "".join(
        f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]\n" if n else "l0: &l0 [lol]\n"
        for n in range(10)
    )
    + "---\nSome words.\n"
)


def test_yaml_aliases_that_expand_past_the_cap_are_refused(tmp_path: Path) -> None:
    (tmp_path / "bomb.md").write_text(BOMB)
    (tmp_path / "good.md").write_text("---\ntitle: Good one\ndate: 2026-03-01\n---\nWords.\n")
    problems = Problems()
    posts = read_posts(tmp_path, CONFIG, problems)
    assert [p.title for p in posts] == ["Good one"]
    assert [str(p) for p in problems] == [
        f"{tmp_path / 'bomb.md'}: broken YAML front matter: aliases expand to more than 20000"
        " values (a YAML bomb?)"
    ]


def test_a_few_aliases_are_fine(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(
        "---\ntitle: Anchors\ntags: &t [one, two]\ncategories: *t\n---\nWords.\n"
    )
    (post,) = read_posts(tmp_path, CONFIG, Problems())
    assert (post.tags, post.categories) == (("one", "two"), ("one", "two"))


def test_huge_fields_are_cut_with_a_warning_and_huge_files_not_read(tmp_path: Path) -> None:
    heads = "".join(f"## Heading {n}\n\nText {n}.\n\n" for n in range(600))
    (tmp_path / "long.md").write_text(
        f"---\ntitle: {'Long ' * 100_000}\ndate: 2026-03-01\n---\n{heads}"
    )
    (tmp_path / "huge.md").write_bytes(b"---\ntitle: Huge\n---\n" + b"word " * 2_100_000)
    problems = Problems()
    (post,) = read_posts(tmp_path, CONFIG, problems)
    assert len(post.title) <= limits.MAX_CHARS["title"] + 1 and post.title.endswith("…")
    assert len(post.headings) == limits.MAX_HEADINGS
    where = tmp_path / "long.md"
    assert sorted(str(p) for p in problems) == [
        f"{tmp_path / 'huge.md'}: larger than 10,000,000 bytes: not read",
        f"{where}: field 'headings': 600 headings kept to 500, each to 300 characters",
        f"{where}: field 'title': 499,999 characters, cut to 300",
    ]


@pytest.mark.parametrize("size", [(1, 49_000_000 // 1000), (25_000, 10), (21_000, 1_500)])
def test_images_too_long_on_a_side_are_refused_before_decoding(tmp_path: Path, size) -> None:
    from PIL import Image

    from smm_promote.cards.imaging import ImageProblem, load

    path = tmp_path / "strip.png"
    Image.new("L", size).save(path)
    with pytest.raises(ImageProblem, match=f"image is {size[0]}x{size[1]} px: over 20,000 px"):
        load(path)


@pytest.mark.parametrize(
    ("source", "why"),
    [
        ("{{ 'a' * 2000000000 }}", "repetition: over the template limit of 100,000"),
        ("{{ [1, 2] * 99999999 }}", "repetition: over the template limit of 100,000"),
        ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
         "loops ran past the template limit of 100,000 turns"),
        ("{% for i in range(99999) %}{{ title }}{% endfor %}", "output: over the template limit"),
        ("{{ 'x'.ljust(1000000000) }}", "number 1000000000: over the template limit"),
        ("{{ 'a' | center(1000000000) }}", "number 1000000000: over the template limit"),
        ("{{ '%999999999d' % 1 }}", "a format width: over the template limit"),
        ("{{ '%999999999d' | format(1) }}", "a format width: over the template limit"),
        ("{{ '{:>999999999}'.format(1) }}", "a format width: over the template limit"),
        ("{{ 2 ** 100000 }}", "power 100000: over the template limit"),
        ("{% include 'other' %}", "other"),
        ("{% import 'other' as o %}{{ title }}", "other"),
    ],
)  # fmt: skip
def test_caption_template_work_is_capped(source: str, why: str) -> None:
    from smm_promote.captions.templates import check_template

    problem = check_template(source)
    assert problem is not None and problem.startswith(why), problem


def test_ordinary_templates_are_untouched() -> None:
    from smm_promote.captions.templates import render

    assert (
        render(
            "{{ title * 2 }} {{ 2 ** 10 }} {{ 7 % 3 }} {{ '%05d' % 42 }} "
            "{% for t in tags %}#{{ t }} {% endfor %}{{ '{:>4}'.format(1) }}",
            {"title": "ab", "tags": ["one", "two"]},
        )
        == "abab 1024 1 00042 #one #two    1"
    )


def test_card_template_work_is_capped() -> None:
    from jinja2.exceptions import SecurityError

    from smm_promote.cards.templates import render_items, render_text

    with pytest.raises(SecurityError, match="repetition"):
        render_text("{{ title * 2000000000 }}", {"title": "a"})
    with pytest.raises(SecurityError, match="repetition"):
        render_items("[title] * 2000000000", {"title": "a"})
