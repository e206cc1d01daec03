"""Reading posts: posts per second on real blogs, against Python-Markdown as the baseline.

    python benchmarks/sources.py [FOLDER ...]
    python benchmarks/sources.py --smoke     # the bundled sample blog: checks it runs

Defaults to the Rust blog (Zola, TOML front matter) and the Pelican blog of ../shared/corpora.
Each folder is read twice in the same run: through `read_posts` (markdown-it-py) and through
the same readers with Python-Markdown swapped in, so the ratio holds whatever the machine load.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from unittest import mock

import markdown
from provenance import header

from smm_promote.config import Config
from smm_promote.errors import Problems
from smm_promote.sources import read_posts, text

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
DEFAULTS = [CORPORA / "toml-zola-rust-blog", CORPORA / "pelican-kevin-deldycke-blog"]
SAMPLE = Path(__file__).resolve().parents[1] / "smm_promote" / "demo" / "blog" / "posts"


def python_markdown(source: str, dialect: str = "auto") -> str:
    return markdown.markdown(source, extensions=["extra", "admonition", "sane_lists"])


def timed(folder: Path, config: Config) -> tuple[int, float]:
    start = time.perf_counter()
    posts = read_posts(folder, config, Problems())
    return len(posts), time.perf_counter() - start


def main(folders: list[Path]) -> None:
    config = Config.from_mapping({"site_url": "https://blog.example"})
    print(header())
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
    arguments = sys.argv[1:]
    main([SAMPLE] if arguments == ["--smoke"] else [Path(a) for a in arguments] or DEFAULTS)
