"""The one pipeline: posts -> share cards -> captions -> queue entries.

Every door (CLI, Pelican and MkDocs plugins, hooks file, feed watcher) turns its world into
`Post`s and a `Config` and calls `promote`. No door re-implements a stage.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from smm_promote.captions.boilerplate import SiteSentences
from smm_promote.captions.vocabulary import SiteVocabulary
from smm_promote.config import Config
from smm_promote.errors import Problems
from smm_promote.memo import Memo, code_stamp
from smm_promote.memo import key as memo_key
from smm_promote.model import Caption, Card, Post, caption_from_data, post_data


@dataclass
class Promotion:
    """What the pipeline made of a set of posts."""

    posts: list[Post]
    cards: dict[str, list[Card]] = field(default_factory=dict)
    captions: dict[str, list[Caption]] = field(default_factory=dict)
    #: The planner's report when the queue was planned, else None.
    plan: Any = None
    problems: Problems = field(default_factory=Problems)
    #: Posts that are not promoted, with the reason.
    skipped: list[tuple[Post, str]] = field(default_factory=list)

    @property
    def promoted(self) -> list[Post]:
        held = {post.url for post, _ in self.skipped}
        return [post for post in self.posts if post.url not in held]


def skip_reason(post: Post, now: datetime) -> str | None:
    """Why `post` is not promoted now, or None when it is."""
    if post.draft:
        return "draft"
    if not post.promote:
        return "promote: false"
    if post.expires and post.expires <= now:
        return f"expired on {post.expires.date().isoformat()}"
    return None  # future-dated posts get cards now; the planner holds them until their date


def promote(
    posts: Sequence[Post],
    config: Config,
    *,
    out_dir: Path,
    cards: bool = True,
    plan: bool = False,
    now: datetime | None = None,
    problems: Problems | None = None,
    progress: bool = True,
    complete: bool = False,
    cards_url: str | None = None,
    cache: bool = False,
    previews_only: bool = False,
) -> Promotion:
    """Render cards into `out_dir`, write captions and, when `plan`, update the queue.

    `now` defaults to the current time; pass it for repeatable results. `complete` says
    `posts` is the whole site, so the planner cancels the future shares of posts that are
    gone. `cards_url` is the public folder URL the door copies the cards to. With `cache`,
    captions of unchanged posts come from the last run (`memo.Memo` in `<output>/cache/`).
    With `previews_only` (a site build), only the link-preview cards are drawn, as when
    planning; the others get a recipe and are drawn when a share needs them.
    """
    from smm_promote.evergreen import decide_all

    now = now or datetime.now(UTC)
    unique = decide_all(_unique(posts), config.schedule.evergreen_rules)
    result = Promotion(posts=unique, problems=problems if problems is not None else Problems())
    for post in result.posts:
        if reason := skip_reason(post, now):
            result.skipped.append((post, reason))
    active = result.promoted
    memo_file = config.path(config.output) / "cache" / "memo.json" if cache else None
    memo = Memo(memo_file, _salt(config))
    # Sentences most of the site's posts share are its boilerplate: never a summary or quote.
    sentences = SiteSentences.of(result.posts)
    if cards and config.cards.enabled and active:
        from smm_promote.cards.render import render_cards

        # Planning rotates card templates across reposts, so it knows every card; it draws
        # the link-preview ones now (the default template's "og" size, which meta tags name)
        # and the others, the platforms' own sizes too, as their shares come near.
        templates = config.schedule.templates if plan else None
        with sentences.in_use():
            drawn = render_cards(
                active, config, out_dir, problems=result.problems, progress=progress,
                templates=templates, memo=memo,
                draw_now=_link_preview(config) if plan or previews_only else None,
            )  # fmt: skip
        result.cards = {
            url: [replace(c, url=f"{cards_url.rstrip('/')}/{c.path.name}") for c in group]
            if cards_url
            else group
            for url, group in drawn.items()
        }
    # Hashtags leave out the words most of the site's posts share: the site's subject.
    vocabulary = SiteVocabulary.of(result.posts, memo)
    with vocabulary.in_use(), sentences.in_use():
        for post in active:
            result.captions[post.url] = _captions(post, config, result, memo, vocabulary, sentences)
        memo.save()
        if plan:
            from smm_promote.schedule.planner import plan_posts

            # All posts go to the planner: a held or vanished post cancels its future shares.
            result.plan = plan_posts(
                result.posts,
                config,
                now=now,
                cards=result.cards,
                problems=result.problems,
                complete=complete,
            )
            if cards and config.cards.enabled:
                _draw_near(config, now, result.problems)
    return result


def _link_preview(config: Config) -> Callable[[Card], bool]:
    """Whether a card is a post's link preview: drawn at once, whenever its share is due."""
    return lambda card: card.template == config.cards.template and card.size == "og"


def _draw_near(config: Config, now: datetime, problems: Problems) -> None:
    """Draw the cards of the shares due within `[cards] ahead_days` that are not drawn yet."""
    from smm_promote.cards.later import draw_all_later
    from smm_promote.schedule.store import open_store

    with open_store(config) as store:
        due = store.due(now + timedelta(days=config.cards.ahead_days))
    for path, reason in draw_all_later(e.card_path for e in due if e.card_path).items():
        problems.add(path, reason)


def _salt(config: Config) -> str:
    """What every cached value depends on besides its post: the code and the config."""
    return memo_key(code_stamp(), config.model_dump_json())


def _captions(
    post: Post,
    config: Config,
    result: Promotion,
    memo: Memo,
    vocabulary: SiteVocabulary,
    sentences: SiteSentences,
) -> list[Caption]:
    """The post's captions, from the memo when the post and its cards are unchanged. Every
    input of `captions_for` besides the config must be part of the key."""
    from smm_promote.captions.compose import captions_for

    cards = result.cards.get(post.url)
    # The whole post (every field, not only those of its content hash), its cards, what the
    # site's vocabulary says about its tags and title words (which make hashtags) and which
    # of its sentences are the site's boilerplate (they are no summary or quote).
    drawn = [(c.template, c.size, c.key, c.url) for c in cards or ()]
    about = vocabulary.about(post)
    key = memo_key("captions", post_data(post), drawn, about, sentences.in_post(post))
    return memo.get(
        key,
        lambda problems: captions_for(post, config, problems=problems, cards=cards),
        result.problems,
        dump=lambda captions: [asdict(c) for c in captions],
        load=lambda data: [caption_from_data(item) for item in data],
    )


def _unique(posts: Sequence[Post]) -> list[Post]:
    """One post per URL (the first wins), so a site read twice never doubles shares."""
    seen: dict[str, Post] = {}
    for post in posts:
        seen.setdefault(post.url, post)
    return list(seen.values())
