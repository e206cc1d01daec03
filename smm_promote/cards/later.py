"""Cards drawn when they are needed, not a year ahead.

Planning knows every card a post's shares will use, but a repost due next spring need not be
drawn today. A card left for later gets a recipe beside its path (`<card>.job`: the template,
size, text and images it is drawn from), and `draw_later` draws it from there: the planner
for shares entering the drawing window (`[cards] ahead_days`), `publish` for a due share
whose card is still missing. The recipe holds the card's own inputs, so the post's source
need not be at hand when it is drawn.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from smm_promote.cards.draw import Job

RECIPE_SUFFIX = ".job"


def recipe_path(card: Path) -> Path:
    return card.with_name(card.name + RECIPE_SUFFIX)


def save_recipe(card: Path, job: Job, templates_dir: Path | None, where: str) -> None:
    """Write the recipe of a card that is not drawn now (atomically; kept if unchanged)."""
    target = recipe_path(card)
    if target.is_file():
        return  # the card's name is a hash of these inputs: an existing recipe is the same
    data = {
        "template": job.template.name,
        "digest": job.template.digest,
        "colors": job.template.colors,
        "templates_dir": str(templates_dir) if templates_dir else None,
        "size": list(job.size),
        "context": job.context,
        "images": {name: list(value) for name, value in job.images.items()},
        "format": job.format,
        "byte_limit": job.byte_limit,
        "where": where,
    }
    text = json.dumps(data, ensure_ascii=False, default=str)  # `json.dump` writes many pieces
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=".job-", suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(temp, target)


def draw_later(card: str | Path, libraries: dict[str | None, dict] | None = None) -> str | None:
    """Draw the card at `card` from its recipe when the file is missing. None when the card
    is there (drawn now or before), else why it could not be drawn.

    `libraries` keeps the template libraries read, by templates folder, for the next card.
    """
    path = Path(card)
    if path.is_file():
        return None
    from smm_promote.cards.render import draw_one

    job = _recipe_job(path, {} if libraries is None else libraries)
    return job if isinstance(job, str) else _keep(path, draw_one(job))


def _recipe_job(path: Path, libraries: dict[str | None, dict]) -> Job | str:
    """The job the recipe of the card at `path` describes, or why there is none."""
    from smm_promote.cards.draw import Job
    from smm_promote.cards.templates import load_library

    try:
        data: dict[str, Any] = json.loads(recipe_path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return f"card {path.name} is not drawn and has no recipe; run `smm-promote plan`"
    folder = data.get("templates_dir")
    if folder not in libraries:
        libraries[folder] = load_library(Path(folder) if folder else None)[0]
    library = libraries[folder]
    template = library.get(data.get("template", ""))
    if template is None or template.digest != data.get("digest"):
        return f"card {path.name}: its template changed since planning; run `smm-promote plan`"
    if isinstance(data.get("colors"), dict):
        template = template.model_copy(update={"colors": {**template.colors, **data["colors"]}})
    return Job(
        template,
        (int(data["size"][0]), int(data["size"][1])),
        dict(data["context"]),
        {name: (str(v[0]), str(v[1])) for name, v in data.get("images", {}).items()},
        str(data.get("format", "png")),
        int(data.get("byte_limit", 5_000_000)),
    )


def _keep(path: Path, drawn: tuple[bytes | None, list[str]]) -> str | None:
    """Write a card drawn from its recipe and drop the recipe; why not, when it failed."""
    from smm_promote.cards.render import write_card

    encoded, warnings = drawn
    if encoded is None:
        return f"card {path.name} could not be drawn: {'; '.join(warnings)}"
    write_card(path, encoded, warnings)
    recipe_path(path).unlink(missing_ok=True)
    return None


def draw_all_later(cards: Iterable[str | Path], workers: int | None = None) -> dict[str, str]:
    """`draw_later` for each card (in `workers` processes, by default one a core, when there
    are several); the reasons of those that could not be drawn, by path, in the given order."""
    from smm_promote.cards.render import draw_many

    order = list(dict.fromkeys(str(c) for c in cards))
    failed: dict[str, str] = {}
    libraries: dict[str | None, dict] = {}
    jobs: dict[str, Job] = {}
    for card in order:
        if Path(card).is_file():
            continue
        job = _recipe_job(Path(card), libraries)
        if isinstance(job, str):
            failed[card] = job
        else:
            jobs[card] = job
    drawn = draw_many(list(jobs.values()), workers or os.cpu_count() or 1)
    for card, one in zip(jobs, drawn, strict=True):
        if (reason := _keep(Path(card), one)) is not None:
            failed[card] = reason
    return {card: failed[card] for card in order if card in failed}
