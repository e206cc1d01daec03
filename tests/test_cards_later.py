"""Cards left for later: drawn from their recipes, to the bytes drawing them now gives."""

from __future__ import annotations

from smm_promote.cards import templates
from smm_promote.cards.draw import Job
from smm_promote.cards.later import draw_all_later, recipe_path, save_recipe
from smm_promote.cards.render import draw_one


def test_cards_left_for_later_are_drawn_from_one_reading_of_the_templates(tmp_path, monkeypatch):
    library = templates.load_library()[0]
    jobs = {
        tmp_path / f"card-{n}.png": Job(library[name], (1200, 630), {"title": title, "site_name": "Notes"})
        for n, (name, title) in enumerate(
            [("classic", "Drawn a year ahead"), ("minimal", "Drawn when due"), ("classic", "Again")]
        )
    }  # fmt: skip
    for path, job in jobs.items():
        save_recipe(path, job, None, "here")
    reads = []
    real = templates.load_library
    monkeypatch.setattr(templates, "load_library", lambda d=None: reads.append(d) or real(d))
    assert draw_all_later([*jobs, *jobs]) == {}
    assert reads == [None]  # one library for every card, not one reading per card
    for path, job in jobs.items():
        assert path.read_bytes() == draw_one(job)[0]
        assert not recipe_path(path).exists()
    missing = tmp_path / "card-9.png"
    assert draw_all_later([missing]) == {
        str(missing): "card card-9.png is not drawn and has no recipe; run `smm-promote plan`"
    }


def test_many_cards_left_for_later_are_drawn_in_workers_to_the_same_bytes(tmp_path):
    library = templates.load_library()[0]
    jobs = {
        tmp_path / f"card-{n}.png": Job(library["classic"], (1200, 630), {"title": f"Due {n}"})
        for n in range(5)
    }
    for path, job in jobs.items():
        save_recipe(path, job, None, "here")
    missing = tmp_path / "card-9.png"
    cards = [missing, *jobs]
    # Given as the planner gives them, a generator read once: the reasons still come back.
    assert draw_all_later((card for card in cards), workers=2) == {
        str(missing): "card card-9.png is not drawn and has no recipe; run `smm-promote plan`"
    }
    for path, job in jobs.items():
        assert path.read_bytes() == draw_one(job)[0]
        assert not recipe_path(path).exists()
