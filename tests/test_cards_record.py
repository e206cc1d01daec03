"""The cards folder's record: a rerun with nothing changed works nothing out again, and a
change to a post, template, font or config draws exactly the cards it changes."""

from __future__ import annotations

import shutil

import fontpkg

from smm_promote.cards import render as render_module
from smm_promote.cards.later import recipe_path
from smm_promote.cards.record import NAME
from smm_promote.cards.render import RunStats, render_cards
from smm_promote.cards.templates import shipped_dir
from smm_promote.config import Config
from smm_promote.errors import Problems
from smm_promote.model import Post


def config(**cards) -> Config:
    return Config.from_mapping(
        {"site_url": "https://blog.example", "site_name": "Example Blog",
         "cards": {"fetch_images": False, **cards}}
    )  # fmt: skip


def post(slug: str, title: str, **fields) -> Post:
    body = f"Readers of {title} come back to a blog that cares about them. " * 30
    return Post(url=f"https://blog.example/{slug}/", title=title, slug=slug, body=body,
                summary=f"What {title} teaches.", **fields)  # fmt: skip


POSTS = [post("one", "First post"), post("two", "Second post"), post("three", "Third post")]


def render(posts, out, cfg=None, **kwargs):
    problems, stats = Problems(), RunStats()
    cards = render_cards(posts, cfg or config(), out, problems=problems, progress=False,
                         workers=1, stats=stats, templates=["classic"], **kwargs)  # fmt: skip
    return cards, problems, stats


def files(out):
    """Every card file by name, with what identifies its bytes on disk (inode, time)."""
    return {
        p.name: (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in out.glob("*/*")
        if p.suffix in (".png", ".jpg", ".job")
    }


def forbid(monkeypatch, *names):
    """Make working out these parts of a card fail: a run that needs them raises."""

    def fail(*_args, **_kwargs):
        raise AssertionError("worked out again")

    for name in names:
        monkeypatch.setattr(render_module, name, fail)


def test_a_rerun_with_nothing_changed_gives_the_same_cards_and_warnings(tmp_path, monkeypatch):
    odd = post("odd", "", image="nowhere.png", source="content/odd.md",
               share={"template": "nope"})  # fmt: skip
    posts = [*POSTS, odd]
    cards, problems, stats = render(posts, tmp_path, sizes=["og", "square"])
    assert (stats.drawn, stats.cached) == (8, 0)
    messages = [str(p) for p in problems]
    assert "content/odd.md: empty title; the card shows the site name instead" in messages
    assert any("unknown card template 'nope'" in m for m in messages)
    before = files(tmp_path)

    forbid(monkeypatch, "card_context", "alt_text", "load_library", "site_look", "_font_keys")
    again, problems_again, stats = render(posts, tmp_path, sizes=["og", "square"])
    assert (stats.drawn, stats.cached, stats.removed) == (0, 8, 0)
    assert again == cards
    assert [str(p) for p in problems_again] == messages
    assert files(tmp_path) == before


def test_a_changed_title_redraws_exactly_that_card(tmp_path):
    cards, _, _ = render(POSTS, tmp_path, sizes=["og"])
    before = files(tmp_path)
    retitled = [POSTS[0], post("two", "Second post, retitled"), POSTS[2]]
    again, _, stats = render(retitled, tmp_path, sizes=["og"])
    assert (stats.drawn, stats.cached, stats.removed) == (1, 2, 1)
    [old], [new] = cards[POSTS[1].url], again[POSTS[1].url]
    assert new.path != old.path and not old.path.exists()
    assert "“Second post, retitled”" in new.alt
    after = files(tmp_path)
    for kept in (POSTS[0], POSTS[2]):
        [card] = again[kept.url]
        assert card == cards[kept.url][0]
        assert after[card.path.name] == before[card.path.name]  # not written again
    _, _, stats = render(retitled, tmp_path, sizes=["og"])
    assert (stats.drawn, stats.cached) == (0, 3)


def test_a_changed_template_redraws_every_card(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    shutil.copy(shipped_dir() / "classic.yml", folder / "classic.yml")
    cfg = config(templates_dir=str(folder))
    cards, _, _ = render(POSTS, tmp_path / "out", cfg, sizes=["og"])
    text = (folder / "classic.yml").read_text()
    (folder / "classic.yml").write_text(text.replace('accent: "#fbbf24"', 'accent: "#22d3ee"'))
    again, _, stats = render(POSTS, tmp_path / "out", cfg, sizes=["og"])
    assert (stats.drawn, stats.cached, stats.removed) == (3, 0, 3)
    old = {c.path.name for group in cards.values() for c in group}
    assert set(files(tmp_path / "out")) == {c.path.name for g in again.values() for c in g}
    assert not old & set(files(tmp_path / "out"))


def test_a_changed_font_file_redraws_every_card(tmp_path):
    font = tmp_path / "Brand.ttf"
    shutil.copy(fontpkg.path("inter", 400), font)
    cfg = config(font=str(font))
    render(POSTS, tmp_path / "out", cfg, sizes=["og"])
    _, _, stats = render(POSTS, tmp_path / "out", cfg, sizes=["og"])
    assert stats.drawn == 0
    shutil.copy(fontpkg.path("noto-serif", 400), tmp_path / "new.ttf")
    (tmp_path / "new.ttf").replace(font)  # another design under the same name
    _, _, stats = render(POSTS, tmp_path / "out", cfg, sizes=["og"])
    assert (stats.drawn, stats.cached, stats.removed) == (3, 0, 3)


def test_a_changed_config_redraws_every_card(tmp_path):
    render(POSTS, tmp_path, sizes=["og"])
    cfg = config()
    cfg.site_name = "Renamed Blog"
    cards, _, stats = render(POSTS, tmp_path, cfg, sizes=["og"])
    assert (stats.drawn, stats.cached, stats.removed) == (3, 0, 3)
    assert all("Renamed Blog" in c.alt for group in cards.values() for c in group)


def test_a_deleted_card_alone_is_drawn_again(tmp_path):
    cards, _, _ = render(POSTS, tmp_path, sizes=["og"])
    [gone] = cards[POSTS[2].url]
    data = gone.path.read_bytes()
    gone.path.unlink()
    again, _, stats = render(POSTS, tmp_path, sizes=["og"])
    assert (stats.drawn, stats.cached) == (1, 2)
    assert again == cards and gone.path.read_bytes() == data  # the same bytes


def test_a_damaged_record_is_only_a_slower_run(tmp_path):
    cards, _, _ = render(POSTS, tmp_path, sizes=["og"])
    [record] = tmp_path.glob(NAME.format(asked="*"))
    record.write_text('{"format": 1, "key": ')
    again, problems, stats = render(POSTS, tmp_path, sizes=["og"])
    assert (again, problems.items, stats.drawn) == (cards, [], 0)


def test_cards_left_for_later_come_back_from_the_record(tmp_path, monkeypatch):
    def og_now(card):
        return card.size == "og"

    cards, _, stats = render(POSTS, tmp_path, sizes=["og", "square"], draw_now=og_now)
    assert (stats.drawn, stats.cached) == (3, 3)
    later = [c for group in cards.values() for c in group if c.size == "square"]
    assert all(recipe_path(c.path).is_file() and not c.path.exists() for c in later)

    forbid(monkeypatch, "card_context", "alt_text", "load_library")
    again, _, stats = render(POSTS, tmp_path, sizes=["og", "square"], draw_now=og_now)
    assert (again, stats.drawn, stats.cached, stats.removed) == (cards, 0, 6, 0)
    assert all(recipe_path(c.path).is_file() for c in later)
    monkeypatch.undo()
    _, _, stats = render(POSTS, tmp_path, sizes=["og", "square"])  # now every card
    assert (stats.drawn, stats.cached) == (3, 3)
    assert all(c.path.is_file() and not recipe_path(c.path).exists() for c in later)


def test_the_memo_keeps_the_card_text_of_posts_the_record_answered(tmp_path):
    from smm_promote.memo import Memo

    def run(cfg):
        memo = Memo(tmp_path / "memo.json", "salt")
        render(POSTS, tmp_path / "out", cfg, sizes=["og"], memo=memo)
        memo.save()
        return memo

    folder = tmp_path / "templates"
    folder.mkdir()
    shutil.copy(shipped_dir() / "classic.yml", folder / "classic.yml")
    cfg = config(templates_dir=str(folder))
    assert (run(cfg).misses, run(cfg).hits) == (3, 0)  # the second run: all from the record
    text = (folder / "classic.yml").read_text()
    (folder / "classic.yml").write_text(text.replace('accent: "#fbbf24"', 'accent: "#22d3ee"'))
    memo = run(cfg)  # every post planned again: its text from the memo, not worked out
    assert (memo.hits, memo.misses) == (3, 0)


def test_a_build_and_a_plan_into_one_folder_keep_their_records_apart(tmp_path, monkeypatch):
    render(POSTS, tmp_path, sizes=["og"])  # e.g. a site build: the link previews
    render(POSTS, tmp_path, sizes=["og", "square"])  # e.g. a plan: every size
    forbid(monkeypatch, "card_context", "alt_text", "load_library", "site_look", "_font_keys")
    for sizes in (["og"], ["og", "square"]):
        _, _, stats = render(POSTS, tmp_path, sizes=sizes)
        assert (stats.drawn, stats.cached) == (0, 3 * len(sizes))
