"""The Pelican door: `PLUGINS = ["smm_promote.integrations.pelican"]` in `pelicanconf.py`.

Settings come from `SMM_PROMOTE = {...}` (any key of the config schema, plus `plan` and
`cards_path`); `SITEURL`, `SITENAME`, `TIMEZONE` and `DEFAULT_LANG` fill the site keys. Once
Pelican has read the articles, each becomes a `Post` and the pipeline draws its cards and writes
its captions; themes see `article.share_card`, `article.share_card_url` and
`article.share_captions`. Every article page written gets the social meta tags its theme lacks.
The queue is planned only with `SMM_PROMOTE = {"plan": True}` or `SMM_PROMOTE_PLAN=1`, so a
local preview build never touches it.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from smm_promote.config import Config
from smm_promote.errors import ConfigError, Problems, SourceError
from smm_promote.integrations import meta
from smm_promote.model import Caption, Post
from smm_promote.sources.fields import build_post, lower_keys
from smm_promote.sources.text import extract_html

log = logging.getLogger(__name__)

#: Keys of `SMM_PROMOTE` that steer this door rather than the pipeline.
DOOR_KEYS = ("plan", "cards_path")
#: Article metadata Pelican has already turned into attributes (read from there instead).
_READ_AS_ATTRIBUTES = {"title", "date", "modified", "tags", "category", "author", "authors"}


@dataclass
class Door:
    """One Pelican run: its config, and what the pipeline made of the articles."""

    config: Config
    plan: bool = False
    cards_path: str = meta.DEFAULT_CARDS_PATH
    problems: Problems = field(default_factory=Problems)
    #: Meta tags to inject, by the article's source path.
    tags: dict[str, list[meta.MetaTag]] = field(default_factory=dict)
    promotion: Any = None


_door: Door | None = None


def register() -> None:
    """Pelican's plugin entry point."""
    from pelican import signals

    signals.initialized.connect(initialized)
    signals.content_object_init.connect(content_defaults)
    signals.article_generator_finalized.connect(articles_ready)
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
    }
    data.update(raw)
    config = Config.from_mapping(data, source="SMM_PROMOTE", base_dir=Path.cwd())
    return Door(
        config=config,
        plan=meta.plan_requested(options.get("plan")),
        cards_path=str(options.get("cards_path") or meta.DEFAULT_CARDS_PATH),
    )


def post_from_article(article: Any, config: Config) -> Post:
    """A `Post` from a Pelican article (metadata, absolute URL, summary, content as text)."""
    metadata = {k: v for k, v in article.metadata.items() if k.lower() not in _READ_AS_ATTRIBUTES}
    category = getattr(article, "category", None)
    fields: dict[str, Any] = {
        **metadata,
        "title": article.title,
        "date": getattr(article, "date", None),
        "modified": getattr(article, "modified", None),
        "tags": [t.name for t in getattr(article, "tags", None) or ()],
        "category": [category.name] if category else [],
        "authors": [a.name for a in getattr(article, "authors", None) or ()],
        "slug": article.slug,
        "lang": article.lang,
    }
    base = config.site_url or ""
    url = f"{base}/{article.url.lstrip('/')}" if base else f"/{article.url.lstrip('/')}"
    return build_post(
        lower_keys(fields),
        extract_html(article.content or ""),
        where=str(article.source_path),
        config=config,
        url=url,
    )


def initialized(pelican: Any) -> None:
    global _door
    try:
        _door = door_from_settings(pelican.settings)
    except ConfigError as exc:
        _door = None
        log.error("smm-promote is off for this build: %s", exc)


def content_defaults(content: Any) -> None:
    """Every article, draft and page has the share attributes, so themes can test them."""
    content.share_card = None
    content.share_card_url = None
    content.share_captions = {}


def articles_ready(generator: Any) -> None:
    """Turn the articles into posts, run the pipeline, and expose its work to themes."""
    from smm_promote.pipeline import promote

    if _door is None:
        return
    door = _door
    door.problems = Problems()
    door.tags = {}
    meta.check_site_url(door.config, "SITEURL (pelicanconf.py)", door.problems)
    articles = [*generator.articles, *getattr(generator, "translations", ())]
    posts: dict[str, Post] = {}
    for article in articles:
        try:
            posts[str(article.source_path)] = post_from_article(article, door.config)
        except SourceError as exc:
            door.problems.add(exc.where, exc.message, exc.line)
    door.promotion = promote(
        list(posts.values()),
        door.config,
        out_dir=meta.cache_dir(door.config),
        plan=door.plan,
        problems=door.problems,
        progress=sys.stderr.isatty(),
        complete=True,
        cards_url=meta.cards_folder_url(door.config, door.cards_path),
    )
    door.problems = door.promotion.problems
    for article in articles:
        post = posts.get(str(article.source_path))
        if post is None:
            continue
        card = meta.pick_card(door.promotion.cards.get(post.url))
        image_url = meta.card_url(card, door.config, door.cards_path) if card else None
        article.share_card = card
        article.share_card_url = image_url
        article.share_captions = captions_by_platform(door.promotion.captions.get(post.url))
        door.tags[str(article.source_path)] = meta.social_tags(
            post, door.config, card=card, image_url=image_url
        )


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
    tags = _door.tags.get(str(article.source_path))
    if tags:
        meta.inject_file(Path(path), tags, _door.problems)


def finished(pelican: Any) -> None:
    """Copy the cards into the output folder and report."""
    if _door is None or _door.promotion is None:
        return
    door = _door
    copied = meta.copy_cards(door.promotion.cards, Path(pelican.output_path), door.cards_path)
    for problem in door.problems:
        log.warning("smm-promote: %s", problem)
    drawn = sum(len(cards) for cards in door.promotion.cards.values())
    log.info(
        "smm-promote: %d posts, %d cards (%d copied into the output); queue %s",
        len(door.promotion.promoted),
        drawn,
        copied,
        meta.plan_summary(door.promotion.plan),
    )
