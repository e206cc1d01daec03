"""Reading posts: posts per second on real blogs, against Python-Markdown as the baseline.

    python benchmarks/sources.py [FOLDER ...]

Defaults to the Rust blog (Zola, TOML front matter) and the Pelican blog of ../shared/corpora.
Each folder is read twice in the same run: through `read_posts` (markdown-it-py) and through
the same readers with Python-Markdown swapped in, so the ratio holds whatever the machine load.
"""

from __future__ import annotations

import sys
from pathlib import Path

# This folder holds `queue.py`, which would shadow the standard library's `queue` module.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import time
from unittest import mock

import markdown

from smm_promote.config import Config
from smm_promote.errors import Problems
from smm_promote.sources import read_posts, text

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
DEFAULTS = [CORPORA / "toml-zola-rust-blog", CORPORA / "pelican-kevin-deldycke-blog"]


def python_markdown(source: str) -> str:
    return markdown.markdown(source, extensions=["extra", "admonition", "sane_lists"])


def timed(folder: Path, config: Config) -> tuple[int, float]:
    start = time.perf_counter()
    posts = read_posts(folder, config, Problems())
    return len(posts), time.perf_counter() - start


def main(folders: list[Path]) -> None:
    config = Config.from_mapping({"site_url": "https://blog.example"})
    print("| folder | posts | smm-promote | with Python-Markdown | ratio |")
    print("|---|---|---|---|---|")
    for folder in folders:
        timed(folder, config)  # warm the file cache
        count, ours = timed(folder, config)
        with mock.patch.object(text, "markdown_to_html", python_markdown):
            _, baseline = timed(folder, config)
        print(
            f"| {folder.name} | {count} | {ours:.2f} s ({count / ours:.0f} posts/s) "
            f"| {baseline:.2f} s | {baseline / ours:.1f}x |"
        )


if __name__ == "__main__":
    main([Path(a) for a in sys.argv[1:]] or DEFAULTS)
