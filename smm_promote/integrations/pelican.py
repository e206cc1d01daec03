"""The Pelican door: `PLUGINS = ["smm_promote.integrations.pelican"]` in `pelicanconf.py`.

Settings come from `SMM_PROMOTE = {...}` (any key of the config schema, plus `plan` and
`cards_path`); `SITEURL`, `SITENAME`, `TIMEZONE` and `DEFAULT_LANG` fill the site keys. Once
Pelican has read all its content, each article becomes a `Post` (its language versions one post,
in the site's main language), taken from Pelican's finished content, and the pipeline draws its
cards and writes its captions; themes see `article.share_card`, `article.share_card_url` and
`article.share_captions`. Every article page written gets the social meta tags its theme lacks,
and nothing else in the site changes.
The queue is planned only with `SMM_PROMOTE = {"plan": True}` or `SMM_PROMOTE_PLAN=1`, so a
local preview build never touches it.
"""

from __future__ import annotations

import copy
import logging
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from html import escape, unescape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smm_promote.errors import ConfigError, Problems, SourceError
from smm_promote.integrations import meta
from smm_promote.integrations.replay import (
    CaptionsWhenRead,
    KnownConfig,
    Page,
    Replay,
    file_state,
    files_under,
    keep_config,
    known_config,
)
from smm_promote.memo import Memo
from smm_promote.model import Caption, Post

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from smm_promote.config import Config
    from smm_promote.sources.text import Extract

log = logging.getLogger(__name__)

#: Keys of `SMM_PROMOTE` that steer this door rather than the pipeline.
DOOR_KEYS = ("plan", "cards_path")
#: Article metadata Pelican has already turned into attributes (read from there instead).
_READ_AS_ATTRIBUTES = {"title", "date", "modified", "tags", "category", "author", "authors"}


@dataclass
class Door:
    """One Pelican run: its config, and what the pipeline made of the articles."""

    #: The config's settings (`door_from_settings`), read from `base_dir`.
    data: dict[str, Any]
    base_dir: Path
    #: The config they gave in an earlier build, when known (`replay.known_config`).
    known: KnownConfig | None = None
    plan: bool = False
    cards_path: str = meta.DEFAULT_CARDS_PATH
    problems: Problems = field(default_factory=Problems)
    #: Meta tags to inject, by the article's source path.
    tags: dict[str, list[meta.MetaTag]] = field(default_factory=dict)
    promotion: Any = None
    #: Pages written with meta tags added.
    pages_tagged: int = 0
    #: The last build, replayed when nothing changed; this one, kept for the next.
    replay: Replay | None = None
    #: How many posts were promoted.
    promoted: int = 0
    #: The posts and what their pages show, by the article's source path (a fresh run).
    posts: dict[str, Post] = field(default_factory=dict)
    pages: dict[str, Page] = field(default_factory=dict)
    #: Article pages written while the cards were being drawn: tagged once they are.
    waiting: list[tuple[Path, str]] = field(default_factory=list)
    #: The articles' text, extracted while Pelican reads (on a first build).
    early: EarlyText = field(default_factory=lambda: EarlyText(on=False))
    _config: Config | None = None

    @property
    def config(self) -> Config:
        """The config, validated by the schema when first asked for."""
        if self._config is None:
            from smm_promote.config import Config

            self._config = Config.from_mapping(
                self.data, source="SMM_PROMOTE", base_dir=self.base_dir
            )
        return self._config

    @property
    def settings(self) -> Config | KnownConfig:
        """What a replay reads of the config: the known one, or the config itself."""
        return self.known or self.config


_door: Door | None = None


def register() -> None:
    """Pelican's plugin entry point."""
    from pelican import signals

    signals.initialized.connect(initialized)
    signals.content_object_init.connect(content_defaults)
    signals.content_object_init.connect(content_read)
    signals.all_generators_finalized.connect(articles_ready)
    signals.content_written.connect(page_written)
    signals.finalized.connect(finished)


def door_from_settings(settings: dict[str, Any]) -> Door:
    """The door's config from Pelican's settings; raises `ConfigError` naming `SMM_PROMOTE`."""
    raw = dict(settings.get("SMM_PROMOTE") or {})
    options = {key: raw.pop(key) for key in DOOR_KEYS if key in raw}
    data: dict[str, Any] = {
        "site_url": settings.get("SITEURL") or "",
        "site_name": settings.get("SITENAME") or "",
        "timezone": settings.get("TIMEZONE") or "UTC",
        "lang": settings.get("DEFAULT_LANG") or "en",
        # Where the posts and the files they link to live (cards read images only from there).
        "content": [str(settings["PATH"])] if settings.get("PATH") else [],
    }
    data.update(raw)
    door = Door(
        data=data,
        base_dir=Path.cwd(),
        plan=meta.plan_requested(options.get("plan")),
        cards_path=str(options.get("cards_path") or meta.DEFAULT_CARDS_PATH),
    )
    # Settings a build has validated before need no schema: else it checks them now.
    door.known = known_config(data, door.base_dir, "pelican", data.get("output"))
    if door.known is None:
        _ = door.config  # a bad key stops the build here, named
    # A first build (no posts kept from an earlier one) extracts as Pelican reads.
    door.early = EarlyText(on=not meta.post_memo_path(door.settings, "pelican").exists())
    return door


def post_from_article(
    article: Any,
    config: Config,
    html: str,
    files: Mapping[str, Path] | None = None,
    *,
    metadata: Mapping[str, Any] | None = None,
    memo: Memo | None = None,
    problems: Problems | None = None,
    extracted: Extract | None = None,
) -> Post:
    """A `Post` from a Pelican article: metadata, absolute URL, and its content as text.

    `html` is the article's finished content (`Finisher.html`: never `article.content`, which
    would freeze its links before Pelican can replace them), `files` the local file of each
    public URL the site copies from its sources, so the post's image is drawn from its file;
    `metadata` replaces the article's own (e.g. with its links replaced). With `memo`, an
    article unchanged since the last build is not extracted again; `extracted` is `html`'s
    text when already extracted (`extract_all`).
    """
    from smm_promote.sources.fields import build_post, lower_keys
    from smm_promote.sources.text import extract_html

    fields, url, by_path = article_fields(article, config, metadata)
    where = str(article.source_path)
    post = meta.remembered_post(
        memo,
        lambda: build_post(lower_keys(fields), extracted or extract_html(html), where=where,
                           config=config, url=url),
        problems if problems is not None else Problems(),
        where, html, fields, url,
    )  # fmt: skip
    if by_path:
        post = replace(post, path_categories=(article.category.name,))
    return meta.with_image_file(post, files or {})


def article_fields(
    article: Any, config: Config | KnownConfig, metadata: Mapping[str, Any] | None = None
) -> tuple[dict[str, Any], str, bool]:
    """What a post is made of besides the article's HTML: its fields, its absolute URL, and
    whether Pelican made its category from its folder."""
    source = article.metadata if metadata is None else metadata
    metadata = {k: v for k, v in source.items() if k.lower() not in _READ_AS_ATTRIBUTES}
    category = getattr(article, "category", None)
    date, modified = article_dates(article)
    fields: dict[str, Any] = {
        **metadata,
        "title": article.title,
        "date": date,
        "modified": modified,
        "tags": [t.name for t in getattr(article, "tags", None) or ()],
        "category": [category.name] if category else [],
        "authors": [a.name for a in getattr(article, "authors", None) or ()],
        "slug": article.slug,
        "lang": article.lang,
    }
    base = config.site_url or ""
    url = f"{base}/{article.url.lstrip('/')}" if base else f"/{article.url.lstrip('/')}"
    return fields, url, bool(category and _category_from_path(article, category.name))


def _category_from_path(article: Any, name: str) -> bool:
    """Whether Pelican made the article's category rather than its author: the folder's
    name (`USE_FOLDER_AS_CATEGORY`) or `DEFAULT_CATEGORY`."""
    settings = article.settings
    source = str(getattr(article, "relative_source_path", "") or article.source_path)
    folder = os.path.basename(os.path.dirname(source))
    by_folder = bool(settings.get("USE_FOLDER_AS_CATEGORY")) and name == folder
    return by_folder or name == settings.get("DEFAULT_CATEGORY")


def article_dates(article: Any) -> tuple[datetime | None, datetime | None]:
    """The article's date and modified date, minus what `DEFAULT_DATE = 'fs'` made up.

    Pelican reads a file's mtime as a naive local time and labels it with `TIMEZONE`; a date
    taken that way becomes the true instant of the mtime, and a `modified` taken that way is
    dropped (a checkout or a copy touches files; it does not modify the post).
    """
    date = getattr(article, "date", None)
    modified = getattr(article, "modified", None)
    if article.settings.get("DEFAULT_DATE") != "fs":
        return date, modified
    try:
        mtime = os.stat(article.source_path).st_mtime
    except OSError:
        return date, modified
    naive = datetime.fromtimestamp(mtime)  # how Pelican reads it
    if modified is not None and modified.replace(tzinfo=None) == naive:
        modified = None
    if date is not None and date.replace(tzinfo=None) == naive:
        date = datetime.fromtimestamp(mtime, UTC)
    return date, modified


class Finisher:
    """Pelican's finished content of each article, with `{attach}`, `{static}`, `{filename}`
    links replaced the way Pelican replaces them when it writes the page.

    Pelican keeps the first content it computes for good and moves attached files as links
    are replaced, so the door must not ask an article for `content` before Pelican writes it.
    The links are replaced here on copies (of the article and of every static file), which
    leaves Pelican's own objects exactly as they were.
    """

    def __init__(self, context: Mapping[str, Any]) -> None:
        self.statics = {key: copy.copy(s) for key, s in context.get("static_content", {}).items()}
        self.context = {**context, "static_content": self.statics}

    def html(self, article: Any) -> str:
        twin = self._twin(article)
        raw = twin._get_content() if hasattr(twin, "_get_content") else twin._content
        return self._replace(twin, raw or "")

    def metadata_link(self, article: Any, value: str) -> str:
        """A metadata value such as `Image: {attach}photo.jpg`, as a public URL; a value
        that is no intrasite link (`INTRASITE_LINK_REGEX`) as it is."""
        if not re.match(article.settings["INTRASITE_LINK_REGEX"], value):
            return value
        markup = f'<img src="{escape(value, quote=True)}">'
        found = re.search(r'src="(.*)"', self._replace(self._twin(article), markup))
        return unescape(found.group(1)) if found else value

    def files(self, siteurl: str) -> dict[str, Path]:
        """The public URL of each static file (once moved by `{attach}`), and its source."""
        return meta.site_files(siteurl, ((s.url, s.source_path) for s in self.statics.values()))

    def _twin(self, article: Any) -> Any:
        twin = copy.copy(article)
        twin._context = self.context
        return twin

    def _replace(self, twin: Any, text: str) -> str:
        quiet = logging.getLogger("pelican.contents")
        was, quiet.disabled = quiet.disabled, True  # Pelican warns once, when it writes
        try:
            return twin._update_content(text, twin.get_siteurl())
        finally:
            quiet.disabled = was


def initialized(pelican: Any) -> None:
    """Set the door up for this run, unless the run does not list the plugin (Pelican's
    signals outlive a run, so a later site built in the same process would get it too)."""
    global _door
    if __name__ not in {getattr(p, "__name__", p) for p in getattr(pelican, "plugins", ())}:
        _door = None
        return
    try:
        _door = door_from_settings(pelican.settings)
    except ConfigError as exc:
        _door = None
        log.error("smm-promote is off for this build: %s", exc)


class EarlyText:
    """The articles' text, extracted in a worker process as Pelican reads them, on the core
    its reading leaves idle. Pelican replaces `{filename}`, `{static}` and `{attach}` links
    only in attribute values (`Content._update_content`), so an article's text is the same
    in the content it read and in the content it writes, but for the image's URL, which
    `take` replaces the same way."""

    def __init__(self, *, on: bool) -> None:
        self.on = on
        self._pool: ProcessPoolExecutor | None = None  # started with the first article
        self._sent: dict[str, Future[Extract]] = {}

    def add(self, where: str, content: str) -> None:
        """Extract `content`, the article at `where` as Pelican read it (when on)."""
        if not self.on:
            return
        from smm_promote.sources.text import extract_html

        if self._pool is None:
            from smm_promote.workers import worker_pool

            self._pool = worker_pool(1)
        self._sent[where] = self._pool.submit(extract_html, content)

    def take(self, article: Any, finisher: Finisher) -> Extract | None:
        """The text of `article` as Pelican writes it; None when it was not sent."""
        sent = self._sent.pop(str(article.source_path), None)
        if sent is None:
            return None
        text = sent.result()
        if text.image:
            return replace(text, image=finisher.metadata_link(article, text.image))
        return text

    def close(self) -> None:
        """Stop the worker: what it has not extracted is extracted from the pages written."""
        self.on = False
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
        self._sent.clear()


def content_read(content: Any) -> None:
    """Send each article Pelican has read to the door's `EarlyText`."""
    from pelican.contents import Article

    door = _door
    if door is not None and isinstance(content, Article) and content.status == "published":
        door.early.add(str(content.source_path), getattr(content, "_content", None) or "")


def content_defaults(content: Any) -> None:
    """Every article, draft and page has the share attributes, so themes can test them."""
    content.share_card = None
    content.share_card_url = None
    content.share_captions = {}


def articles_ready(generators: list[Any]) -> None:
    """Every generator has read its content: turn the articles into posts, run the pipeline,
    and expose its work to themes before any page is written. A rebuild whose articles,
    files, config and code are the last build's replays that build (`replay`)."""
    from pelican.generators import ArticlesGenerator

    generator = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
    if _door is None or generator is None:
        return
    door = _door
    door.problems, door.tags, door.pages_tagged = Problems(), {}, 0
    door.posts, door.pages, door.waiting = {}, {}, []
    meta.check_site_url(door.settings, "SITEURL (pelicanconf.py)", door.problems)
    articles = [*generator.articles, *getattr(generator, "translations", ())]
    finisher = Finisher(generator.context)
    finished = {str(a.source_path): finisher.html(a) for a in articles}
    linked = {str(a.source_path): _linked_metadata(a, finisher) for a in articles}
    files = finisher.files(generator.context.get("localsiteurl") or "")
    keys = translation_keys(generator)
    door.replay = Replay(
        door.settings,
        "pelican",
        door.plan,
        [
            [where, finished[where], *article_fields(a, door.settings, linked[where])]
            for a in articles
            if (where := str(a.source_path))
        ],
        sorted(files.items()),
        file_state(files.values()),  # static files outside the content folders
        keys,
        # The theme: which captions its templates read (they are written only when read).
        file_state(files_under(theme_folders(generator.settings))),
        built=[
            str(Path(generator.settings[name]).resolve())
            for name in ("OUTPUT_PATH", "CACHE_PATH")
            if generator.settings.get(name)
        ],
    )
    if door.replay.replayable and not door.plan:
        door.early.close()
        door.promotion = door.replay.promotion(door.problems)
        door.promoted = door.replay.promoted
        pages = door.replay.pages
    else:
        pages = _promote(door, articles, finisher, finished, linked, files, keys)
        keep_config(door.data, door.base_dir, door.config, "pelican", door.data.get("output"))
    for article in articles:
        page = pages.get(str(article.source_path))
        if page is not None:
            article.share_card = page.card
            article.share_card_url = page.card_url
            article.share_captions = page.captions
            door.tags[str(article.source_path)] = page.tags


def _promote(
    door: Door,
    articles: list[Any],
    finisher: Finisher,
    finished: dict[str, str],
    linked: dict[str, dict[str, Any]],
    files: dict[str, Path],
    keys: dict[str, str],
) -> dict[str, Page]:
    """Run the pipeline over the articles; what each article's page shows, by source path."""
    from smm_promote.pipeline import promote
    from smm_promote.sources.dedupe import merge_translations

    posts: dict[str, Post] = {}
    memo = meta.post_memo(door.config, "pelican")
    extracted = extract_all(articles, door.config, finished, linked, memo, door.early, finisher)
    for article in articles:
        where = str(article.source_path)
        try:
            posts[where] = post_from_article(
                article, door.config, finished[where], files, metadata=linked[where],
                memo=memo, problems=door.problems, extracted=extracted.get(where),
            )  # fmt: skip
        except SourceError as exc:
            door.problems.add(exc.where, exc.message, exc.line)
    memo.save()
    door.promotion = promote(
        merge_translations(posts.values(), keys, door.config.lang),
        door.config,
        out_dir=meta.cache_dir(door.config),
        plan=door.plan,
        problems=door.problems,
        progress=sys.stderr.isatty(),
        complete=True,
        cards_url=meta.cards_folder_url(door.config, door.cards_path),
        cache=True,
        previews_only=True,
        captions=door.plan,  # else written when a template reads them (`CaptionsWhenRead`)
        wait=False,  # the cards are drawn while Pelican writes the site
    )
    door.problems = door.promotion.problems
    door.promoted = len(door.promotion.promoted)
    door.posts = posts
    # Each page describes itself; a translation folded into its main post has no card.
    door.pages = {
        where: Page(
            tags=[],
            captions=CaptionsWhenRead(
                lambda url=post.url: captions_by_platform(door.promotion.captions_of(url))
            ),
        )
        for where, post in posts.items()
    }
    _describe(door)
    return door.pages


def extract_all(
    articles: list[Any],
    config: Config,
    finished: dict[str, str],
    linked: dict[str, dict[str, Any]],
    memo: Memo,
    early: EarlyText,
    finisher: Finisher,
) -> dict[str, Extract]:
    """The text of each article `memo` does not hold, by source path: from `early`, else
    extracted in one worker process a core (a first build reads every article)."""
    from smm_promote.sources.text import extract_html
    from smm_promote.workers import map_in_workers

    missing = []
    found: dict[str, Extract] = {}
    for article in articles:
        where = str(article.source_path)
        fields, url, _ = article_fields(article, config, linked[where])
        if memo.has(meta.post_key(where, finished[where], fields, url)):
            continue
        text = early.take(article, finisher)
        if text is None:
            missing.append(where)
        else:
            found[where] = text
    early.close()
    texts = map_in_workers(extract_html, [finished[w] for w in missing], os.cpu_count() or 1)
    return found | dict(zip(missing, texts, strict=True))


def _describe(door: Door) -> None:
    """Each page's card and meta tags, from the cards as they stand (planned, then drawn)."""
    for where, post in door.posts.items():
        page = door.pages[where]
        page.card = meta.pick_card(door.promotion.cards.get(post.url))
        page.card_url = (
            meta.card_url(page.card, door.config, door.cards_path) if page.card else None
        )
        page.tags = meta.social_tags(post, door.config, card=page.card, image_url=page.card_url)


def theme_folders(settings: Mapping[str, Any]) -> list[str]:
    """The folders of the theme's templates: the theme and its overrides."""
    folders = [settings.get("THEME"), *(settings.get("THEME_TEMPLATES_OVERRIDES") or ())]
    return [str(folder) for folder in folders if folder]


def translation_keys(generator: Any) -> dict[str, str]:
    """Source path -> a key its language versions share, as Pelican grouped them (an article
    and its `translations`): they are promoted as one post in the site's main language."""
    keys: dict[str, str] = {}
    for article in generator.articles:
        key = str(article.source_path)
        for version in (article, *getattr(article, "translations", ())):
            keys[str(version.source_path)] = key
    return keys


def _linked_metadata(article: Any, finisher: Finisher) -> dict[str, Any]:
    """The article's metadata, with `{attach}`/`{static}`/`{filename}` values made URLs."""
    return {
        key: finisher.metadata_link(article, value) if isinstance(value, str) else value
        for key, value in article.metadata.items()
    }


def captions_by_platform(captions: list[Caption] | None) -> dict[str, Caption]:
    """The first caption variant of each platform, for templates (`share_captions.x.text`)."""
    out: dict[str, Caption] = {}
    for caption in captions or ():
        out.setdefault(caption.platform, caption)
    return out


def page_written(path: str, context: dict[str, Any]) -> None:
    """Add the social meta tags to each article page as Pelican writes it."""
    article = context.get("article") if _door else None
    if article is None or not str(path).endswith((".html", ".htm")):
        return
    where = str(article.source_path)
    if where in _door.pages and _door.promotion.pending is not None:
        _door.waiting.append((Path(path), where))  # its card is still being drawn
        return
    _tag(_door, Path(path), _door.tags.get(where))


def _tag(door: Door, path: Path, tags: list[meta.MetaTag] | None) -> None:
    known = door.replay.heads if door.replay else None
    if tags and meta.inject_file(path, tags, door.problems, known):
        door.pages_tagged += 1


def finished(pelican: Any) -> None:
    """Copy the cards into the output folder and report."""
    if _door is None or _door.promotion is None:
        return
    door = _door
    if door.posts:  # a fresh run: the cards are drawn, so each page's tags are final
        door.promotion.finish()
        _describe(door)
        for path, where in door.waiting:
            _tag(door, path, door.pages[where].tags)
        door.promotion.keep_captions()  # those the theme read
        if door.replay is not None and not door.plan:
            door.replay.keep(door.promotion, door.pages)
    if door.replay is not None:
        door.replay.save()
    copied = meta.copy_cards(door.promotion.cards, Path(pelican.output_path), door.cards_path)
    for problem in door.problems:
        log.warning("smm-promote: %s", problem)
    from pelican.log import console

    drawn = sum(len(cards) for cards in door.promotion.cards.values())
    console.print(
        f"smm-promote: {door.promoted} posts, {drawn} cards ({copied} copied), "
        f"meta tags on {door.pages_tagged} pages; queue {meta.plan_summary(door.promotion.plan)}",
        highlight=False,
    )
