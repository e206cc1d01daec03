"""The MkDocs door (also ProperDocs): `plugins: [smm-promote]` in `mkdocs.yml`.

Material's blog posts (and plain pages matched by `pages` globs) become `Post`s as they are
rendered; once every page is, the pipeline draws their cards and writes their captions; each
page's HTML gets the social meta tags its theme lacks, and the cards are copied into the site.
Under `mkdocs serve` cards come from the cache and the queue is never written. For people who
do not install plugins, `hooks/smm_promote_hooks.py` runs the same door from `hooks:`.
"""

from __future__ import annotations

import fnmatch
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger

from smm_promote.errors import ConfigError, Problems, SourceError
from smm_promote.integrations import meta
from smm_promote.integrations.replay import KnownConfig, Page, Replay, keep_config, known_config
from smm_promote.memo import Memo
from smm_promote.model import Post

if TYPE_CHECKING:
    from smm_promote.config import Config

log = get_plugin_logger(__name__)

#: Where the cards land in the built site, unless `cards_path` says otherwise.
DEFAULT_CARDS_PATH = "assets/images/share"


class SmmPromoteConfig(base.Config):
    """The plugin's options, validated by MkDocs."""

    enabled = c.Type(bool, default=True)
    #: An `smm-promote.toml` (default: the nearest one to `mkdocs.yml`, if any).
    config_file = c.Optional(c.File(exists=True))
    #: Plan the queue on `mkdocs build` (or set SMM_PROMOTE_PLAN=1); never under `serve`.
    plan = c.Type(bool, default=False)
    #: Promote Material blog posts.
    blog = c.Type(bool, default=True)
    #: Globs of other pages to promote, against their path in `docs/` (e.g. `articles/*.md`).
    pages = c.ListOfItems(c.Type(str), default=[])
    cards_path = c.Type(str, default=DEFAULT_CARDS_PATH)
    #: Any keys of the config schema; they override the config file.
    settings = c.Type(dict, default={})


class SmmPromotePlugin(BasePlugin[SmmPromoteConfig]):
    """Cards, captions, meta tags and opt-in planning for an MkDocs site."""

    def __init__(self) -> None:
        self.serving = False
        #: Whether the door runs in this build (enabled, its settings valid).
        self.active = False
        self._model: Config | None = None
        #: The config an earlier build validated from the same settings (`known_config`).
        self.known: KnownConfig | None = None
        #: What the config is made of (`made_of`), and MkDocs' config.
        self._made_of: tuple[dict[str, Any], Path, Any] | None = None
        self._mkdocs_config: Any = None
        self.posts: dict[str, Post] = {}
        self.tags: dict[str, list[meta.MetaTag]] = {}
        self.problems = Problems()
        self.promotion: Any = None
        #: Public URL -> source file of every file the site publishes (read once per build).
        self.files: dict[str, Path] | None = None
        #: Each promoted page as rendered, with what its post is made of besides its HTML.
        self.pages: dict[str, tuple[Any, str, PageFields]] = {}
        #: The last build, replayed when nothing changed; this one, kept for the next.
        self.replay: Replay | None = None
        #: How many posts were promoted.
        self.promoted = 0
        #: Pages written while the cards were being drawn: tagged as their cards were
        #: planned (file, source, the tags given, those added), checked once they are drawn.
        self.waiting: list[Waiting] = []
        #: Whether this build plans the queue.
        self.planning = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_config(self, config: Any) -> Any:
        self.posts, self.tags, self.problems, self.promotion = {}, {}, Problems(), None
        self.files, self.pages, self.replay, self.promoted = None, {}, None, 0
        self.waiting = []
        self._model, self.known, self.active = None, None, False
        if not self.config.enabled:
            return config
        self._mkdocs_config = config
        self._made_of = made_of(config, self.config)
        self.known = known_config(*self._made_of[:2], "mkdocs", self._made_of[2])
        if self.known is None:
            _ = self.config_model  # a bad key stops the build here, named
        self.active = True
        return config

    @property
    def config_model(self) -> Config | None:
        """The config (None when the door is off), validated when first asked for."""
        if self._model is None and self._mkdocs_config is not None and self.config.enabled:
            try:
                self._model = config_from_mkdocs(self._mkdocs_config, self.config)
            except ConfigError as exc:
                raise PluginError(f"smm-promote: {exc}") from None
        return self._model

    @property
    def settings(self) -> Config | KnownConfig:
        """What a replay reads of the config: the known one, or the config itself."""
        if self.known is not None:
            return self.known
        assert self.config_model is not None
        return self.config_model

    def on_page_content(self, html: str, *, page: Any, config: Any, files: Any) -> str:
        if not self.active or not self.is_promoted(page):
            return html
        try:
            fields = page_fields(page, Path(config["docs_dir"]))
        except SourceError as exc:
            self.problems.add(exc.where, exc.message, exc.line)
            return html
        if self.files is None:
            base = config.get("site_url") or "/"
            self.files = meta.site_files(base, ((f.url, f.abs_src_path) for f in files))
        self.pages[page.file.src_uri] = (page, html, fields)
        return html

    def on_env(self, env: Any, *, config: Any, files: Any) -> Any:
        """Every page is rendered: run the pipeline once over the posts, or replay the last
        build when nothing it reads changed (`replay`)."""
        if not self.active or not self.pages:
            return env
        settings = self.settings
        plan = self.planning = meta.plan_requested(self.config.plan) and not self.serving
        meta.check_site_url(settings, "site_url (mkdocs.yml)", self.problems)
        self.replay = Replay(
            settings,
            "mkdocs",
            plan,
            [[src, html, fields] for src, (_, html, fields) in self.pages.items()],
            # The files a post's image can be (pages are in; generated ones live in temp).
            sorted((f.url, f.abs_src_path) for f in files if not f.is_documentation_page()),
            built=[config["site_dir"]],
        )
        if self.replay.replayable and not plan:
            self.promotion = self.replay.promotion(self.problems)
            self.promoted = self.replay.promoted
            pages = self.replay.pages
        else:
            model = self.config_model
            assert model is not None and self._made_of is not None
            pages = self._promote(model, plan, Path(config["docs_dir"]))
            made, base_dir, output = self._made_of
            keep_config(made, base_dir, model, "mkdocs", output)
        self.tags = {src: page.tags for src, page in pages.items()}
        return env

    def _promote(self, settings: Config, plan: bool, docs_dir: Path) -> dict[str, Page]:
        """Run the pipeline over the promoted pages; what each one shows, by source path."""
        from smm_promote.pipeline import promote

        memo = meta.post_memo(settings, "mkdocs")
        for src, (page, html, fields) in self.pages.items():
            try:
                post = post_from_page(page, html, settings, docs_dir, memo, self.problems, fields)
            except SourceError as exc:
                self.problems.add(exc.where, exc.message, exc.line)
                continue
            self.posts[src] = meta.with_image_file(post, self.files or {})
        memo.save()
        self.promotion = promote(
            list(self.posts.values()),
            settings,
            out_dir=meta.cache_dir(settings),
            plan=plan,
            problems=self.problems,
            progress=sys.stderr.isatty() and not self.serving,
            complete=True,
            cards_url=meta.cards_folder_url(settings, self.config.cards_path),
            cache=True,
            previews_only=True,
            captions=plan,  # no page shows one: only planning writes them
            wait=False,  # the cards are drawn while MkDocs writes the site
        )
        self.problems = self.promotion.problems
        self.promoted = len(self.promotion.promoted)
        return self.described(settings)

    def described(self, settings: Config) -> dict[str, Page]:
        """Each page's meta tags, from the cards as they stand (planned, then drawn)."""
        pages: dict[str, Page] = {}
        for src, post in self.posts.items():
            card = meta.pick_card(self.promotion.cards.get(post.url))
            url = meta.card_url(card, settings, self.config.cards_path) if card else None
            pages[src] = Page(meta.social_tags(post, settings, card=card, image_url=url))
        return pages

    def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
        tags = self.tags.get(page.file.src_uri)
        if not tags:
            return output
        known = self.replay.heads if self.replay else None
        tagged, added = meta.inject(output, tags, known)
        if self.posts and self.promotion.pending is not None:
            # Its card is still being drawn: tagged as planned, tagged again in the rare
            # case drawing changes that (a card that cannot be drawn).
            path, src = Path(page.file.abs_dest_path), page.file.src_uri
            self.waiting.append(Waiting(path, src, tags, added, meta.headless(output)))
        return tagged

    def on_post_build(self, *, config: Any) -> None:
        if self.posts and self.config_model is not None:  # a fresh run: wait for the cards
            self.promotion.finish()
            pages = self.described(self.config_model)
            self.tags = {src: page.tags for src, page in pages.items()}
            known = self.replay.heads if self.replay else None
            for waiting in self.waiting:
                tags = self.tags[waiting.src]
                if tags != waiting.tags:
                    meta.retag_file(waiting.path, waiting.added, tags, self.problems, known)
                elif waiting.headless:
                    self.problems.add(str(waiting.path), meta.HEADLESS)
            if not self.planning and self.replay is not None:
                self.replay.keep(self.promotion, pages)
        for problem in self.problems:
            log.warning(str(problem))
        if self.promotion is None:
            return
        if self.replay is not None:
            self.replay.save()
        copied = meta.copy_cards(
            self.promotion.cards, Path(config["site_dir"]), self.config.cards_path
        )
        planned = meta.plan_summary(self.promotion.plan)
        log.info(
            "%d posts, %d cards (%d copied); queue %s",
            self.promoted,
            sum(len(cards) for cards in self.promotion.cards.values()),
            copied,
            "not planned under `mkdocs serve`" if self.serving else planned,
        )

    def is_promoted(self, page: Any) -> bool:
        """A Material blog post (unless `blog: false`) or a page matching a `pages` glob."""
        if self.config.blog and _is_blog_post(page):
            return True
        return any(fnmatch.fnmatch(page.file.src_uri, glob) for glob in self.config.pages)


class HooksDoor(SmmPromotePlugin):
    """The plugin run from `hooks:`; its options live in `extra: {smm_promote: {...}}`."""

    def on_config(self, config: Any) -> Any:
        options = (config.get("extra") or {}).get("smm_promote") or {}
        if not isinstance(options, Mapping):
            raise PluginError("smm-promote: `extra.smm_promote` must be a mapping of options")
        errors, warnings = self.load_config(dict(options), config.config_file_path)
        for key, warning in warnings:
            log.warning("extra.smm_promote.%s: %s", key, warning)
        if errors:
            raise PluginError(
                "smm-promote: " + "; ".join(f"extra.smm_promote.{k}: {e}" for k, e in errors)
            )
        return super().on_config(config)


def _site_keys(config: Any) -> dict[str, Any]:
    """The config keys `mkdocs.yml` gives."""
    theme = config.get("theme")
    return {
        "site_url": config.get("site_url") or "",
        "site_name": config.get("site_name") or "",
        "lang": (theme.get("language") if theme else None) or "en",
        # Where the posts and the files they link to live (cards read images only from there).
        "content": [str(config["docs_dir"])] if config.get("docs_dir") else [],
    }


def made_of(config: Any, options: SmmPromoteConfig) -> tuple[dict[str, Any], Path, Any]:
    """What `config_from_mkdocs` makes the config of, read without the schema: the site
    keys, the config file (its path and text) and the plugin's settings; the folder its
    paths are read from; and the output folder it names, if any (`replay.known_config`)."""
    from smm_promote.defaults import find_config, read_config_file
    from smm_promote.errors import ConfigError

    folder = Path(config.config_file_path or "mkdocs.yml").resolve().parent
    path = options.config_file or find_config(folder)
    text, output = None, options.settings.get("output")
    if path is not None:
        try:  # a file the schema cannot read stops the build when it is validated
            table, text = read_config_file(Path(path))
        except (OSError, ConfigError):
            table = {}
        output = output or table.get("output")
    file = [str(path), text] if path is not None else None
    made = {"site": _site_keys(config), "file": file, "settings": dict(options.settings)}
    return made, Path(path).parent if path is not None else folder, output


def config_from_mkdocs(config: Any, options: SmmPromoteConfig) -> Config:
    """Site keys from `mkdocs.yml` < the `smm-promote.toml` < the plugin's `settings`."""
    from smm_promote.config import Config, load_config

    folder = Path(config.config_file_path or "mkdocs.yml").resolve().parent
    data = _site_keys(config)
    found = load_config(options.config_file, search_from=folder)
    _merge(data, found.model_dump(exclude_unset=True))
    _merge(data, dict(options.settings))
    base_dir = found.base_dir if found.source else folder
    return Config.from_mapping(data, source="mkdocs.yml smm-promote", base_dir=base_dir)


@dataclass(frozen=True)
class Waiting:
    """A page written while its card was being drawn, and the tags it was given."""

    path: Path
    src: str
    #: The tags as the cards were planned, and those of them the page lacked.
    tags: list[meta.MetaTag]
    added: list[meta.MetaTag]
    #: Whether the page has nowhere to put tags (`meta.headless`).
    headless: bool


#: What a page's post is made of besides its HTML: its fields, `.authors.yml` authors, URL.
PageFields = tuple[dict[str, Any], dict[str, Any], str]


def page_fields(page: Any, docs_dir: Path) -> PageFields:
    """A rendered page's front matter with its folders' `.meta.yml` defaults, the authors
    `.authors.yml` knows, and its URL."""
    from smm_promote.sources import folder_context
    from smm_promote.sources.keys import lower_keys

    source = Path(page.file.abs_src_path)
    defaults, authors = folder_context(source.parent, docs_dir)
    fields = {**defaults, **lower_keys(page.meta or {})}
    if page.title:
        fields.setdefault("title", page.title)
    if page.file.src_uri.endswith("index.md"):
        fields.setdefault("slug", Path(page.file.src_uri).parent.name)
    return fields, authors, page.canonical_url or page.abs_url or page.url


def post_from_page(
    page: Any,
    html: str,
    config: Config,
    docs_dir: Path,
    memo: Memo | None = None,
    problems: Problems | None = None,
    fields: PageFields | None = None,
) -> Post:
    """A `Post` from a rendered page: its front matter, `.meta.yml`/`.authors.yml`, its HTML
    (`fields`: `page_fields`, when known). With `memo`, a page unchanged since the last build
    is not extracted again."""
    from smm_promote.sources.fields import build_post
    from smm_promote.sources.text import extract_html

    source = str(page.file.abs_src_path)
    meta_fields, authors, url = fields or page_fields(page, docs_dir)
    return meta.remembered_post(
        memo,
        lambda: build_post(meta_fields, extract_html(html), where=source, config=config,
                           known_authors=authors, url=url),
        problems if problems is not None else Problems(),
        source, html, meta_fields, authors, url,
    )  # fmt: skip


def _is_blog_post(page: Any) -> bool:
    kind = type(page)
    return kind.__name__ == "Post" and kind.__module__.startswith("material.plugins.blog")


def _merge(into: dict[str, Any], new: Mapping[str, Any]) -> None:
    """Deep-merge `new` into `into` (tables merge key by key, other values replace)."""
    for key, value in new.items():
        if isinstance(value, Mapping) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = dict(value) if isinstance(value, Mapping) else value
