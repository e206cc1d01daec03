"""What the site doors share: social meta tags for a page's `<head>`, and the cards they name.

Cards are drawn into a cache folder beside the config (`<output>/cards`) that survives the
generator's clean builds, then copied into the built site, so a rebuild draws nothing new.
Tags are injected only where the theme has not written its own.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import shutil
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from smm_promote.errors import Problems
from smm_promote.memo import Memo, code_stamp
from smm_promote.memo import key as memo_key
from smm_promote.model import Card, Post, post_data, post_from_data

if TYPE_CHECKING:
    from smm_promote.config import Config
    from smm_promote.integrations.replay import KnownConfig

#: The shape link previews use (Open Graph's recommended 1.91:1).
OG_RATIO = 1200 / 630
#: Folder of the built site that receives the cards, unless configured.
DEFAULT_CARDS_PATH = "images/share"
#: Keys that describe one image: when a theme has its own `og:image`, none of ours is added.
_IMAGE_GROUP = ("og:image", "og:image:width", "og:image:height", "og:image:alt", "og:image:type")
_HEAD_END = re.compile(r"</head\s*>", re.I)
_BODY_START = re.compile(r"<body[\s>]", re.I)
#: The warning for a page `inject` cannot tag (`headless`).
HEADLESS = "social meta tags not added: the page has no <head> or <body>"


@dataclass(frozen=True)
class MetaTag:
    """One `<meta>`: `attr` is "property" (Open Graph) or "name" (Twitter, fediverse)."""

    attr: str
    key: str
    content: str

    def html(self) -> str:
        return f'<meta {self.attr}="{self.key}" content="{html.escape(self.content, quote=True)}">'


def plan_requested(setting: object) -> bool:
    """Planning is opt-in: a truthy door setting or `SMM_PROMOTE_PLAN=1` in the environment."""
    env = os.environ.get("SMM_PROMOTE_PLAN", "").strip().lower()
    return bool(setting) or env in {"1", "true", "yes", "on"}


def check_site_url(config: Config, where: str, problems: Problems) -> None:
    """Warn when the site has no absolute URL: link previews ignore relative og: URLs."""
    if not config.site_url:
        problems.add(
            where, "no site URL: og:url and og:image are relative, and link previews ignore them"
        )


def plan_summary(report: object | None) -> str:
    """One line for the build log: what planning changed, or how to ask for it."""
    if report is None:
        return "not planned (set SMM_PROMOTE_PLAN=1 on the build that should plan it)"
    summary = getattr(report, "summary", None)
    return f"planned: {summary()}" if callable(summary) else "planned"


def cache_dir(config: Config) -> Path:
    """Where cards are drawn and kept between builds."""
    return config.path(config.output) / "cards"


def post_memo(config: Config, door: str) -> Memo:
    """The posts a door made from its generator's pages in the last build, by the page's
    HTML, metadata and URL (`<output>/cache/<door>-posts.json`): a rebuild extracts again
    only the pages that changed."""
    salt = memo_key(code_stamp(), config.model_dump_json())
    return Memo(post_memo_path(config, door), salt)


def post_memo_path(config: Config | KnownConfig, door: str) -> Path:
    """The file of `post_memo`."""
    return config.path(config.output) / "cache" / f"{door}-posts.json"


def remembered_post(
    memo: Memo | None, make: Callable[[], Post], problems: Problems, *inputs: Any
) -> Post:
    """`make()`, or the post it made last time from the same `inputs` (everything it reads
    besides the config, which salts `memo`)."""
    if memo is None:
        return make()
    from smm_promote.sources.cache import files_still_there

    def load(data: Any) -> Post | None:
        post = post_from_data(data)
        return post if files_still_there(post) else None

    return memo.get(post_key(*inputs), lambda _: make(), problems, dump=post_data, load=load)


def post_key(*inputs: Any) -> str:
    """The key of the post `remembered_post` makes from `inputs`."""
    return memo_key("post", *inputs)


def pick_card(cards: Sequence[Card] | None) -> Card | None:
    """The card for link previews: the default template's, closest to 1.91:1, largest."""
    if not cards:
        return None
    return min(
        cards,
        key=lambda c: (
            c.template != cards[0].template,
            abs(c.width / max(c.height, 1) - OG_RATIO),
            -c.width,
        ),
    )


def cards_folder_url(config: Config, cards_path: str) -> str:
    """The public URL of the site folder `cards_path` that cards are copied into."""
    relative = cards_path.strip("/")
    return f"{config.site_url}/{relative}" if config.site_url else f"/{relative}"


def card_url(card: Card, config: Config, cards_path: str) -> str:
    """The card's public URL once copied into the site's `cards_path` folder."""
    return card.url or f"{cards_folder_url(config, cards_path)}/{card.path.name}"


def copy_cards(cards: dict[str, list[Card]], site_dir: Path, cards_path: str) -> int:
    """Copy every drawn card into `site_dir/cards_path` unless an identical file is there
    already (cards of shares months away are drawn when they come near: a later build copies
    them). Returns how many files were copied.
    """
    target = site_dir / cards_path.strip("/")
    copied = 0
    for card in (c for group in cards.values() for c in group):
        if not card.path.is_file():
            continue
        dest = target / card.path.name
        if dest.exists() and dest.stat().st_size == card.path.stat().st_size:
            continue  # names carry the card's hash: same name and size is the same card
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(card.path, dest)
        copied += 1
    return copied


def site_files(base_url: str, published: Iterable[tuple[str, str | Path]]) -> dict[str, Path]:
    """Public URL -> source file, from (URL relative to the site, source file) pairs."""
    base = (base_url or "").rstrip("/") + "/"
    return {urljoin(base, url): Path(source) for url, source in published}


def with_image_file(post: Post, files: Mapping[str, Path]) -> Post:
    """`post` with `image_file` set when its image is a file the site publishes."""
    local = files.get(post.image or "")
    return replace(post, image_file=str(local)) if local and not post.image_file else post


def social_tags(
    post: Post, config: Config, *, card: Card | None = None, image_url: str | None = None
) -> list[MetaTag]:
    """Open Graph, Twitter and fediverse tags for `post`; the card (at `image_url`) is og:image."""
    tags = [
        MetaTag("property", "og:type", "article"),
        MetaTag("property", "og:title", post.title),
        MetaTag("property", "og:url", post.url),
    ]
    if description := _shorten(post.summary or post.body, 300):
        tags.append(MetaTag("property", "og:description", description))
    if config.site_name:
        tags.append(MetaTag("property", "og:site_name", config.site_name))
    image = image_url if card else post.image
    if image:
        tags.append(MetaTag("property", "og:image", image))
    if card and image_url:
        tags += [
            MetaTag("property", "og:image:width", str(card.width)),
            MetaTag("property", "og:image:height", str(card.height)),
            MetaTag("property", "og:image:alt", card.alt),
        ]
    if post.date:
        tags.append(MetaTag("property", "article:published_time", _iso(post.date)))
    if post.updated:
        tags.append(MetaTag("property", "article:modified_time", _iso(post.updated)))
    tags += [MetaTag("property", "article:tag", tag) for tag in post.tags]
    tags.append(MetaTag("name", "twitter:card", "summary_large_image" if image else "summary"))
    if site_x := config.handles.get("x"):
        tags.append(MetaTag("name", "twitter:site", _at(site_x)))
    if author_x := _author_handle(post, "x"):
        tags.append(MetaTag("name", "twitter:creator", _at(author_x)))
    if mastodon := _author_handle(post, "mastodon") or config.handles.get("mastodon"):
        tags.append(MetaTag("name", "fediverse:creator", _at(mastodon)))
    return tags


def existing_keys(page: str, known: dict[str, list[str]] | None = None) -> set[str]:
    """The `property`/`name` keys of the `<meta>` tags already in the page's `<head>`.

    `known` remembers them by a digest of the head: the pages of a theme share a few heads,
    and a rebuild meets the same ones again, so each is parsed once.
    """
    end = _HEAD_END.search(page) or _BODY_START.search(page)
    head = page[: end.start()] if end else page
    digest = hashlib.sha256(head.encode()).hexdigest()[:24] if known is not None else ""
    if known is not None and (seen := known.get(digest)) is not None:
        return set(seen)
    keys = _MetaKeys.of(head)
    if known is not None:
        known[digest] = sorted(keys)
    return keys


class _MetaKeys(HTMLParser):
    """The `property`/`name` keys of the `<meta>` tags in some HTML, read as BeautifulSoup's
    `html.parser` tree builder reads them (the same parser, its last duplicate attribute
    winning), without building a tree."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.keys: set[str] = set()

    @classmethod
    def of(cls, html_text: str) -> set[str]:
        parser = cls()
        parser.feed(html_text)
        parser.close()
        return parser.keys

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            values = dict(attrs)
            if key := values.get("property") or values.get("name"):
                self.keys.add(key.strip().lower())

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def inject(
    page: str, tags: Iterable[MetaTag], known: dict[str, list[str]] | None = None
) -> tuple[str, list[MetaTag]]:
    """`page` with the tags the theme lacks added at the end of `<head>`; and those added
    (`known`: see `existing_keys`).

    A theme's own `og:image` keeps every image tag of ours out, so width, height and alt never
    describe a different picture; repeated keys (`article:tag`) are skipped once any is present.
    """
    present = existing_keys(page, known)
    own_image = "og:image" in present
    added = [
        tag
        for tag in tags
        if tag.key not in present and not (own_image and tag.key in _IMAGE_GROUP)
    ]
    if not added:
        return page, []
    at = _insertion(page)
    if at is None:
        return page, []
    return page[:at] + "".join(tag.html() for tag in added) + page[at:], added


def inject_file(
    path: Path,
    tags: Iterable[MetaTag],
    problems: Problems | None = None,
    known: dict[str, list[str]] | None = None,
) -> list[MetaTag]:
    """Inject `tags` into the HTML file at `path` in place; returns the tags added."""
    text = _read_page(path, problems)
    if text is None:
        return []
    page = _newlines(text)
    result, added = inject(page, tags, known)
    if added and page is text:
        _write_from(path, page, _insertion(page), result)
    elif added:
        path.write_text(result, encoding="utf-8")
    elif problems is not None and headless(page):
        problems.add(str(path), HEADLESS)
    return added


def _read_page(path: Path, problems: Problems | None) -> str | None:
    """The HTML file at `path` as written (UTF-8, its line ends kept), or None with a
    problem naming it when it cannot be read."""
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        if problems is not None:
            problems.add(str(path), f"social meta tags not added: cannot read the page ({exc})")
        return None


def _newlines(text: str) -> str:
    """`text` with its line ends as `Path.read_text` gives them (universal newlines)."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _write_from(path: Path, page: str, start: int | None, result: str) -> None:
    """Write `result`, which is the page at `path` (`page`) with text added from `start` on,
    in place: only what follows `start`, and no truncation (rewriting a file just written
    from the start makes ext4 flush it first: 0.8 ms a Pelican page on the benchmark)."""
    assert start is not None and result.startswith(page[:start])
    with path.open("r+b") as out:
        out.seek(len(page[:start].encode("utf-8")))
        out.write(result[start:].encode("utf-8"))


def _insertion(page: str) -> int | None:
    """Where `inject` adds tags: the end of the page's head, else the start of its body."""
    end = _HEAD_END.search(page) or _BODY_START.search(page)
    return end.start() if end else None


def headless(page: str) -> bool:
    """Whether `page` has neither `</head>` nor `<body>`: `inject` has nowhere to add tags."""
    return _insertion(page) is None


def retag_file(
    path: Path,
    added: Sequence[MetaTag],
    tags: Iterable[MetaTag],
    problems: Problems | None = None,
    known: dict[str, list[str]] | None = None,
) -> list[MetaTag]:
    """Give the HTML file at `path`, which `inject` gave the tags `added`, those of `tags`
    instead: the page as it was before is tagged again (`inject_file`). Returns the tags
    added."""
    text = _read_page(path, problems)
    if text is None:
        return []
    page = _newlines(text)
    result, now = inject(_without(page, "".join(tag.html() for tag in added)), tags, known)
    if result != page:
        path.write_text(result, encoding="utf-8")
    if not now and problems is not None and headless(page):
        problems.add(str(path), HEADLESS)
    return now


def _without(page: str, block: str) -> str:
    """`page` before `inject` added `block` (at the end of its head, else before its body)."""
    if not block:
        return page
    at = _insertion(page)
    if at is not None and page[at - len(block) : at] == block:
        return page[: at - len(block)] + page[at:]
    return page.replace(block, "", 1)  # moved by a later plugin: wherever it is


def _author_handle(post: Post, platform: str) -> str | None:
    return next((h for a in post.authors if (h := a.handle(platform))), None)


def _at(handle: str) -> str:
    handle = handle.strip()
    return handle if handle.startswith("@") else f"@{handle}"


def _iso(when: datetime) -> str:
    return when.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
