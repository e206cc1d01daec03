"""Captions for a post: every enabled platform, every variant, each one ready to post.

captions_for(post, config)                       -> list[Caption]   (the pipeline's entry)
caption(post, "x", "quote", config, rotation=2)  -> Caption | None  (one, e.g. for a repost)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

from jinja2 import TemplateError

from smm_promote.captions import hashtags as tagging
from smm_promote.captions import lead, length, vocabulary
from smm_promote.captions.fitting import Check, Fitted, assemble, fit
from smm_promote.captions.language import post_language
from smm_promote.captions.links import display_link, tracked_url
from smm_promote.captions.phrases import Phrases, phrases_for
from smm_promote.captions.platforms import PlatformRules, rules_for
from smm_promote.captions.settings import VARIANTS
from smm_promote.captions.templates import DEFAULT_TEMPLATES, say_for, template_for
from smm_promote.captions.templates import render as render_template
from smm_promote.captions.text import list_items, one_line
from smm_promote.captions.threads import thread
from smm_promote.captions.words import PostWords, missing, post_words
from smm_promote.config import Config
from smm_promote.errors import Problems
from smm_promote.model import Caption, Card, Post

__all__ = ["caption", "captions_for", "count", "limit", "no_image", "phrases_of"]

count = length.count
limit = length.limit


def captions_for(
    post: Post,
    config: Config,
    *,
    platforms: Iterable[str] | None = None,
    variants: Iterable[str] | None = None,
    problems: Problems | None = None,
    cards: Mapping[str, Sequence[Card]] | Sequence[Card] | None = None,
) -> list[Caption]:
    """One caption per platform and variant. Variants the post cannot fill are skipped
    (reported when they were asked for by name); each variant rotates the hashtag set."""
    problems = problems if problems is not None else Problems()
    asked = variants is not None
    names = list(variants) if asked else list(config.captions.variants)
    for name in names:
        if name not in VARIANTS:
            raise ValueError(f"unknown variant {name!r}, expected one of {', '.join(VARIANTS)}")
    chosen_platforms = list(platforms) if platforms is not None else list(config.platforms)
    phrases = phrases_of(post, config)
    found = post_words(post, phrases)
    out = []
    for platform in chosen_platforms:
        rules = rules_for(platform)
        if message := no_image(post, platform, cards):
            problems.add(_where(post), message)
        for rotation, variant in enumerate(names):
            reason = None if _share_text(post, platform, variant) else missing(variant, found)
            if reason:
                if asked:
                    problems.add(_where(post), f"no {variant} caption: {reason}")
                continue
            out.append(_compose(post, rules, variant, config, rotation, phrases, problems))
    return out


def no_image(
    post: Post, platform: str, cards: Mapping[str, Sequence[Card]] | Sequence[Card] | None
) -> str | None:
    """The warning for a platform that needs an image when the post has none of `cards`
    (None when the cards are not known)."""
    rules = rules_for(platform)
    if rules.needs_image and cards is not None and not _cards_of(post, cards):
        return f"{rules.label} needs an image and the post has no card"
    return None


def phrases_of(post: Post, config: Config) -> Phrases:
    """The phrases of the post's language (its own, else the site's), with the site's."""
    return phrases_for(post_language(post, config.lang), config.captions.phrases)


def caption(
    post: Post,
    platform: str,
    variant: str,
    config: Config,
    *,
    rotation: int = 0,
    problems: Problems | None = None,
) -> Caption | None:
    """One caption; `rotation` picks another hashtag set (e.g. the repost's number).
    None (with a warning) when the post cannot fill this variant."""
    problems = problems if problems is not None else Problems()
    phrases = phrases_of(post, config)
    reason = (
        None
        if _share_text(post, platform, variant)
        else missing(variant, post_words(post, phrases))
    )
    if reason:
        problems.add(_where(post), f"no {variant} caption: {reason}")
        return None
    return _compose(post, rules_for(platform), variant, config, rotation, phrases, problems)


def _compose(
    post: Post,
    rules: PlatformRules,
    variant: str,
    config: Config,
    rotation: int,
    phrases: Phrases,
    problems: Problems,
) -> Caption:
    settings = config.captions
    platform = rules.name
    found = post_words(post, phrases)
    link = _link(post, platform, variant, config)
    mention = " ".join(_mentions(post, rules, config))
    tail = [_byline(mention, settings.byline, phrases), _link_line(link, rules, config, phrases)]
    budget = length.limit(platform, config)

    def ok(text: str) -> bool:
        return length.fits(platform, text, config)

    shared = _share_text(post, platform, variant)
    if shared is not None:
        key, verbatim = shared
        fitted = _fit_verbatim(verbatim, tail, ok)
        if fitted.shortened:
            # One warning per post, platform and front-matter key, whatever the variant.
            problems.add(
                _where(post),
                f"{key} is {length.count(platform, verbatim)} long, over {rules.label}'s "
                f"{budget}: shortened to fit",
            )
        return _caption(rules, variant, fitted, [fitted.text], link, budget)

    fixed, own = _candidates(
        post, tuple(settings.always_tags), settings.title_keywords, settings.max_hashtag_length,
        vocabulary.current(),
    )  # fmt: skip
    number = settings.hashtags.get(platform, rules.hashtags)
    if rules.max_hashtags is not None:
        number = min(number, rules.max_hashtags)
    tags = tagging.choose(fixed, own, number, rotation)

    if variant == "takeaways" and rules.threads and settings.threads:
        points = list(found.points[: settings.max_thread_parts - 1])
        mark = phrases.say("thread_mark")
        parts, fitted = thread(found.title, points, tail, tags, ok, mark=mark)
        return _caption(rules, variant, fitted, parts, link, budget)

    prose = _render(post, rules, variant, config, found, phrases, mention, problems)
    inline_tags: list[str] = []
    if settings.inline_hashtags and tags:
        prose, inline_tags = tagging.inline(prose, tags)
        tags = [t for t in tags if t not in inline_tags]
    fitted = fit(prose, tail, tags, ok)
    fitted.hashtags = [t for t in inline_tags if t in fitted.text] + fitted.hashtags
    _check_links(fitted, rules)
    return _caption(rules, variant, fitted, [fitted.text], link, budget)


@lru_cache(maxsize=256)
def _candidates(
    post: Post, always: tuple[str, ...], keywords: bool, max_length: int,
    site: vocabulary.SiteVocabulary | None,
) -> tuple[tuple[str, ...], tuple[str, ...]]:  # fmt: skip
    """The post's hashtag candidates on its site, worked out once for all its captions."""
    fixed, own = tagging.candidates(
        post, always, keywords=keywords, max_length=max_length, vocabulary=site
    )
    return tuple(fixed), tuple(own)


def _caption(
    rules: PlatformRules,
    variant: str,
    fitted: Fitted,
    parts: list[str],
    link: str | None,
    budget: int,
) -> Caption:
    return Caption(
        platform=rules.name,
        variant=variant,
        text=parts[0],
        length=length.count(rules.name, parts[0]),
        limit=budget,
        link=link,
        hashtags=tuple(fitted.hashtags),
        parts=tuple(parts),
        shortened=fitted.shortened,
        warnings=tuple(fitted.warnings),
    )


def _render(
    post: Post,
    rules: PlatformRules,
    variant: str,
    config: Config,
    found: PostWords,
    phrases: Phrases,
    mention: str,
    problems: Problems,
) -> str:
    """The variant's text from its template (the post's, the config's or the default). The
    summary, read without the title, names the release the title names
    (`lead.with_its_release`: "pnpm 10.15: Added the cleanupUnusedCatalogs configuration.")."""
    description = found.description
    if variant == "summary":
        description = lead.with_its_release(description, found.title, phrases.lang)
    if variant == "archive" and found.from_its_time:
        description = ""  # "From the archive:" then "Yesterday we…": the title says enough
    context: dict[str, Any] = {
        "title": found.title,
        "description": description,
        "quote": found.quote or "",
        "question": found.question,
        "takeaways": list_items(found.points),
        "points": list(found.points),
        "url": post.url,
        "site_name": config.site_name,
        "author": phrases.names([one_line(a.name) for a in post.authors]),
        "mention": mention,
        "date": found.date,
        "updated": found.updated,
        "reading_minutes": post.reading_minutes,
        "reading_time": phrases.say("min_read", minutes=post.reading_minutes),
        "lang": phrases.lang or "",
        "say": say_for(phrases),
        "tags": [one_line(t).lstrip("#") for t in post.tags],
        "platform": rules.name,
        "variant": variant,
    }
    post_templates = post.share.get("templates")
    source, origin = template_for(rules.name, variant, config.captions.templates, post_templates)
    try:
        rendered = render_template(source, context)
    except TemplateError as exc:
        problems.add(_where(post), f"template {origin} for {variant}: {exc}; used the default")
        rendered = render_template(DEFAULT_TEMPLATES[variant], context)
    return _tidy(rendered)


def _tidy(text: str) -> str:
    """Template output with single spaces and at most one blank line between blocks (the
    values it was given are already plain text)."""
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return unicodedata.normalize("NFC", "\n".join(out).strip())


def _link(post: Post, platform: str, variant: str, config: Config) -> str | None:
    if not post.url:
        return None
    settings = config.captions
    if not settings.utm:
        return post.url
    campaign = settings.utm_campaign or post.slug or post.url.rstrip("/").rsplit("/", 1)[-1]
    return tracked_url(
        post.url, source=platform, medium=settings.utm_medium, campaign=campaign, content=variant
    )


def _link_line(link: str | None, rules: PlatformRules, config: Config, phrases: Phrases) -> str:
    if not link:
        return ""
    if rules.link == "text":
        return link
    if rules.link == "short":
        return display_link(link)
    if rules.link == "bio":
        configured = config.captions.link_in_bio
        return configured if configured is not None else phrases.say("link_in_bio")
    return ""


def _byline(mention: str, configured: str | None, phrases: Phrases) -> str:
    """The author credit: the configured byline, else the language's ("by @ada")."""
    if not mention:
        return ""
    if configured is not None:
        return configured.replace("{mention}", mention)
    return phrases.say("byline", mention=mention)


def _mentions(post: Post, rules: PlatformRules, config: Config) -> list[str]:
    """The authors' handles on this platform (front matter, else config), not the site's own."""
    own = (config.handles.get(rules.name) or "").lstrip("@").casefold()
    found = []
    for author in post.authors:
        handle = author.handle(rules.name)
        if not handle:
            settings = config.authors.get(author.key or "") or config.authors.get(author.name)
            handle = settings.handles.get(rules.name) if settings else None
        if not handle or handle.lstrip("@").casefold() == own:
            continue
        handle = handle.strip()
        if rules.at_mentions and not handle.startswith("@"):
            handle = "@" + handle
        if handle not in found:
            found.append(handle)
    return found


def _share_text(post: Post, platform: str, variant: str) -> tuple[str, str] | None:
    """(front-matter key, text): the post's own text for this platform/variant from its
    `share:` block, if any."""
    share = post.share
    by_platform = share.get(platform)
    if isinstance(by_platform, Mapping) and isinstance(by_platform.get(variant), str):
        text = by_platform[variant].strip()
        return (f"share.{platform}.{variant}", text) if text else None
    for key, value in (
        (platform, by_platform),
        (variant, share.get(variant)),
        ("text", share.get("text")),
    ):
        if isinstance(value, str) and value.strip():
            return f"share.{key}", value.strip()
    return None


def _fit_verbatim(text: str, tail: list[str], ok: Check) -> Fitted:
    """The author's text as written; the link (and byline) are added when it has no link."""
    has_link = "://" in text
    extra = [] if has_link else tail
    if ok(assemble(text, extra, [])):
        return Fitted(assemble(text, extra, []), [])
    return fit(text, extra, [], ok)


def _check_links(fitted: Fitted, rules: PlatformRules) -> None:
    if rules.max_links is None:
        return
    links = {word for word in fitted.text.split() if "://" in word}
    if len(links) > rules.max_links:
        fitted.warnings.append(f"{len(links)} links, over {rules.label}'s {rules.max_links}")


def _cards_of(post: Post, cards: Mapping[str, Sequence[Card]] | Sequence[Card]) -> list[Card]:
    if isinstance(cards, Mapping):
        return list(cards.get(post.url, ()))
    return [c for c in cards if c.post_url == post.url]


def _where(post: Post) -> str:
    return post.source or post.url
