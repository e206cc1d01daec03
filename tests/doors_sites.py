"""Small real sites for the door tests: a Pelican blog and a Material for MkDocs blog, written
into a temporary folder, built with and without a door, and compared file by file."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
from PIL import Image

PELICAN_URL = "https://pelican.example"
MKDOCS_URL = "https://docs.example"

#: The block a door adds before `</head>`: only `<meta>` tags of the keys doors write.
DOOR_BLOCK = re.compile(
    r'(?:<meta (?:property|name)="(?:og|article|twitter|fediverse):[a-z_:]+" content="[^"]*">)+'
    r"(?=</head\s*>)",
    re.I,
)


def _png(path: Path, colour: tuple[int, int, int]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (64, 40), colour).save(path)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def pelican_site(root: Path) -> Path:
    """A Pelican blog using `{attach}`, `{static}` and `{filename}`, a page, a translation and a
    post dated by the file system; returns its `pelicanconf.py`."""
    content = root / "content"
    _png(content / "posts" / "hives" / "frame.png", (200, 160, 40))
    _png(content / "posts" / "hives" / "smoker.png", (90, 90, 90))
    _png(content / "images" / "logo.png", (20, 80, 160))
    _png(content / "posts" / "swarm.png", (160, 40, 40))
    _write(
        content / "posts" / "hives.md",
        "Title: Opening the hive in spring\n"
        "Date: 2024-03-10 09:30\n"
        "Tags: bees, spring\n"
        "Category: Apiary\n"
        "Slug: opening-the-hive\n"
        "Summary: When the willows bloom, the first inspection of the year.\n"
        "\n"
        "![A brood frame]({attach}hives/frame.png)\n"
        "\n"
        "The first warm afternoon is the day to look inside. Keep the smoker lit\n"
        "![The smoker]({attach}hives/smoker.png) and move slowly.\n"
        "\n"
        "## What to look for\n"
        "\n"
        "Eggs, stores and a laying queen. See [the swarm notes]({filename}swarm.md) and\n"
        "[about this apiary]({filename}/pages/about.md); our ![logo]({static}/images/logo.png).\n",
    )
    _write(
        content / "posts" / "swarm.md",
        "Title: Catching a swarm\n"
        "Date: 2024-05-02 14:00\n"
        "Tags: bees, swarms\n"
        "Category: Apiary\n"
        "Slug: catching-a-swarm\n"
        "Image: {attach}swarm.png\n"
        "\n"
        "A swarm hangs from the plum tree like a beard. A box, a sheet and a calm\n"
        "morning are all it takes. Back to [the spring inspection]({filename}hives.md).\n"
        "\n"
        "![The swarm]({attach}swarm.png)\n",
    )
    _write(
        content / "posts" / "swarm-fr.md",
        "Title: Attraper un essaim\n"
        "Date: 2024-05-02 14:00\n"
        "Slug: catching-a-swarm\n"
        "Lang: fr\n"
        "Category: Apiary\n"
        "\n"
        "Un essaim pend du prunier comme une barbe. Une caisse, un drap et un matin calme\n"
        "suffisent. ![L'essaim]({static}swarm.png)\n",
    )
    _write(
        content / "posts" / "wax.md",
        "Title: Rendering wax\n"
        "Tags: wax\n"
        "Category: Workshop\n"
        "\n"
        "Old comb melts into clean blocks over a gentle heat. See\n"
        "[opening the hive]({filename}hives.md) for where the comb comes from.\n",
    )
    _write(
        content / "pages" / "about.md",
        "Title: About the apiary\n"
        "\n"
        "Six hives under the plum trees. ![logo]({static}/images/logo.png)\n"
        "Start with [catching a swarm]({filename}/posts/swarm.md).\n",
    )
    conf = root / "pelicanconf.py"
    conf.write_text(
        "AUTHOR = 'Rosa'\n"
        "SITENAME = 'Plum Tree Apiary'\n"
        f"SITEURL = '{PELICAN_URL}'\n"
        "PATH = 'content'\n"
        "TIMEZONE = 'Europe/Paris'\n"
        "DEFAULT_LANG = 'en'\n"
        "DEFAULT_DATE = 'fs'\n"
        "ARTICLE_PATHS = ['posts']\n"
        "PAGE_PATHS = ['pages']\n"
        "STATIC_PATHS = ['images', 'posts']\n"
        "THEME = 'simple'\n"
        "FEED_ALL_ATOM = 'feeds/all.atom.xml'\n"
        "CATEGORY_FEED_ATOM = None\n"
        "TRANSLATION_FEED_ATOM = None\n"
        "AUTHOR_FEED_ATOM = None\n"
        "AUTHOR_FEED_RSS = None\n"
        "LOAD_CONTENT_CACHE = False\n"
        "DELETE_OUTPUT_DIRECTORY = True\n",
        encoding="utf-8",
    )
    return conf


def build_pelican(conf: Path, out: Path, **override: object) -> None:
    """Run Pelican in-process on `conf`, writing into `out`."""
    from pelican import Pelican
    from pelican.settings import read_settings

    settings = read_settings(str(conf), override={"OUTPUT_PATH": str(out), **override})
    Pelican(settings).run()


def material_site(root: Path, door: str | None = None) -> Path:
    """A Material for MkDocs blog (posts folder, `<!-- more -->`, relative images, a page);
    `door` is "plugin", "hooks" or None. Returns its `mkdocs.yml`."""
    docs = root / "docs"
    _png(docs / "blog" / "posts" / "images" / "loom.png", (120, 60, 30))
    _png(docs / "blog" / "posts" / "warp" / "threads.png", (30, 60, 120))
    _png(docs / "assets" / "logo.png", (10, 10, 10))
    _write(docs / "index.md", "# Weaving notes\n\nA small blog about looms.\n")
    _write(docs / "about.md", "# About\n\nNotes from a weaving shed. ![Logo](assets/logo.png)\n")
    _write(docs / "blog" / "index.md", "# Blog\n")
    _write(
        docs / "blog" / "posts" / "warping.md",
        "---\ndate: 2024-09-15\ncategories: [Looms]\ntags: [warp]\n---\n\n"
        "# Warping a floor loom\n\n"
        "Measure twice, wind once: a warp is the loom's skeleton.\n\n"
        "<!-- more -->\n\n"
        "![Threads on the beam](warp/threads.png)\n\n"
        "## Tension\n\nEven tension keeps the cloth flat. See [the loom](loom.md).\n",
    )
    _write(
        docs / "blog" / "posts" / "loom.md",
        "---\ndate:\n  created: 2024-10-01\n  updated: 2024-10-05\nslug: choosing-a-loom\n"
        "categories: [Looms]\n---\n\n"
        "# Choosing a loom\n\n"
        "Four shafts are plenty for a first loom.\n\n"
        "<!-- more -->\n\n"
        "![An old loom](images/loom.png)\n\n"
        "Back to [warping](warping.md) and [about](../../about.md).\n",
    )
    data = (
        "site_name: Weaving notes\n"
        f"site_url: {MKDOCS_URL}/\n"
        "theme:\n  name: material\n"
        "markdown_extensions:\n  - attr_list\n  - toc:\n      permalink: true\n"
        "plugins:\n  - blog\n"
    )
    if door == "plugin":
        data += "  - smm-promote:\n      settings:\n        platforms: [mastodon]\n"
    elif door == "hooks":
        hooks = Path(__file__).resolve().parents[1] / "hooks" / "smm_promote_hooks.py"
        data += (
            f"hooks:\n  - {hooks}\n"
            "extra:\n  smm_promote:\n    settings:\n      platforms: [mastodon]\n"
        )
    conf = root / "mkdocs.yml"
    conf.write_text(data, encoding="utf-8")
    return conf


def build_mkdocs(conf: Path) -> tuple[Path, Any]:
    """Run `mkdocs build` in-process on `conf`; returns the site folder and the door (the
    plugin, the hooks file's door, or None)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from smm_promote.integrations.mkdocs import SmmPromotePlugin

    config = load_config(config_file=str(conf))
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    config.plugins.on_shutdown()
    doors = [getattr(p, "_door", p) for p in config.plugins.values()]  # hooks: the module
    door = next((d for d in doors if isinstance(d, SmmPromotePlugin)), None)
    return Path(config["site_dir"]), door


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def without_door_block(page: str) -> tuple[str, list[tuple[str, str]]]:
    """`page` with the door's `<meta>` block removed, and the (key, content) pairs it held."""
    found = DOOR_BLOCK.search(page)
    if not found:
        return page, []
    tags = [
        (str(t.get("property") or t.get("name")), str(t.get("content")))
        for t in BeautifulSoup(found.group(0), "html.parser").find_all("meta")
    ]
    return page[: found.start()] + page[found.end() :], tags


def door_changes(plain: Path, promoted: Path, cards_path: str) -> dict[str, list[tuple[str, str]]]:
    """Compare two builds of one site: every file byte for byte, except that HTML pages may
    hold one block of door meta tags before `</head>` and `cards_path` may hold new files.
    Returns the tags added, by page; any other difference fails an assertion naming the file.
    """
    before, after = files(plain), files(promoted)
    cards = cards_path.strip("/") + "/"
    extra = sorted(set(after) - set(before))
    assert all(name.startswith(cards) for name in extra), extra
    assert not set(before) - set(after), sorted(set(before) - set(after))
    added: dict[str, list[tuple[str, str]]] = {}
    for name, data in before.items():
        if data == after[name]:
            continue
        assert name.endswith(".html"), f"{name} changed"
        rest, tags = without_door_block(after[name].decode("utf-8"))
        assert rest.encode("utf-8") == data, f"{name} changed beyond the door's meta tags"
        added[name] = tags
    return added
