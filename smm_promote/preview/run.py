"""One preview run: read posts, run the pipeline, plan on a copy of the queue, write the site."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from smm_promote.config import Config
from smm_promote.errors import Problems
from smm_promote.model import Entry
from smm_promote.pipeline import Promotion, promote
from smm_promote.preview.build import build_preview
from smm_promote.preview.queue import planned_entries
from smm_promote.sources import read_source


@dataclass
class PreviewRun:
    index: Path
    promotion: Promotion
    entries: list[Entry]

    @property
    def problems(self) -> Problems:
        return self.promotion.problems


def default_out(config: Config) -> Path:
    """Where the preview goes without `--out`: `preview/` in the configured output folder."""
    return config.path(config.output) / "preview"


def cards_dir(config: Config) -> Path:
    return config.path(config.output) / "cards"


def make_preview(
    sources: Sequence[str | Path],
    config: Config,
    out_dir: Path,
    *,
    now: datetime | None = None,
    live: bool = False,
    progress: bool = False,
) -> PreviewRun:
    """Preview the posts found in `sources` (folders, files or feed URLs) into `out_dir`."""
    now = now or datetime.now(UTC)
    problems = Problems()
    cache = config.source is not None  # a site's own config: its output folder keeps readings
    posts = [
        post
        for source in sources
        for post in read_source(source, config, problems, cache=cache).posts
    ]
    promotion = promote(
        posts,
        config,
        out_dir=cards_dir(config),
        now=now,
        problems=problems,
        progress=progress,
        cache=cache,
    )
    entries = planned_entries(promotion, config, now=now)
    index = build_preview(promotion, config, out_dir, entries=entries, now=now, live=live)
    return PreviewRun(index, promotion, entries)
