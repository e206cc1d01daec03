"""The one pipeline: posts -> share cards -> captions -> queue entries.

Every door (CLI, Pelican and MkDocs plugins, hooks file, feed watcher) turns its world into
`Post`s and a `Config` and calls `promote`. No door re-implements a stage.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smm_promote.config import Config
from smm_promote.errors import Problems
from smm_promote.memo import Memo, code_stamp
from smm_promote.memo import key as memo_key
from smm_promote.model import Caption, Card, Post, caption_data, caption_from_data, post_data
from smm_promote.runcache import Replay, RunCache, Watched, added_since

if TYPE_CHECKING:
    from smm_promote.captions.boilerplate import SiteSentences
    from smm_promote.captions.vocabulary import SiteVocabulary


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
    #: Waits for the cards still being drawn (`promote(wait=False)`), then keeps the run.
    pending: Callable[[], None] | None = field(default=None, repr=False, compare=False)
    #: Writes the captions of the promoted post at a URL when first asked for
    #: (`captions_of`), when the run left them for later (`promote(captions=False)`); and
    #: saves what it wrote, for the next run.
    later: _LaterCaptions | None = field(default=None, repr=False, compare=False)

    @property
    def promoted(self) -> list[Post]:
        held = {post.url for post, _ in self.skipped}
        return [post for post in self.posts if post.url not in held]

    def captions_of(self, url: str) -> list[Caption]:
        """The captions of the post at `url` (none when it is not promoted): those the run
        wrote, or, when it left them for later, written now and kept in `captions`."""
        later = self.later if url not in self.captions else None
        if later is not None and (written := later.write(url)) is not None:
            self.captions[url] = written
        return self.captions.get(url, [])

    def finish(self) -> None:
        """Wait for the cards still being drawn (`promote(wait=False)`): `cards` then holds
        those drawn, their warnings in `problems`, and the run is kept for the next."""
        if self.pending is not None:
            pending, self.pending = self.pending, None
            pending()

    def keep_captions(self) -> None:
        """Keep the captions written since the run (`captions_of`) for the next run."""
        if self.later is not None:
            self.later.save()


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
    captions: bool = True,
    wait: bool = True,
) -> Promotion:
    """Render cards into `out_dir`, write captions and, when `plan`, update the queue.

    `now` defaults to the current time; pass it for repeatable results. `complete` says
    `posts` is the whole site, so the planner cancels the future shares of posts that are
    gone. `cards_url` is the public folder URL the door copies the cards to. With `cache`,
    captions of unchanged posts come from the last run (`memo.Memo` in `<output>/cache/`),
    and a run whose inputs are all unchanged replays the last one's cards, captions and
    warnings (`runcache.RunCache`); the planner always runs (time moves on). With
    `previews_only` (a site build), only the link-preview cards are drawn, as when
    planning; the others get a recipe and are drawn when a share needs them. Without
    `captions`, no caption of every platform and variant is written (`plan` needs only
    its entries' own, which the planner writes; a site build, only those its theme shows):
    `captions` stays empty, and `Promotion.captions_of` writes a post's when asked for.
    Without `wait` (and without `plan` or `captions`, which need the cards drawn), the
    cards are still being drawn in worker processes when `promote` returns: `cards` holds
    them as planned, and `Promotion.finish` waits for them (a site build goes on meanwhile).
    """
    now = now or datetime.now(UTC)
    given = _unique(posts)
    held = {post.url for post in given if skip_reason(post, now)}
    cache_dir = config.path(config.output) / "cache"
    draw = cards and config.cards.enabled and len(held) < len(given)
    modes = (plan, previews_only, captions)
    # One record per way of running (`plan`, a door's build): each replays its own last run.
    record = f"run-{memo_key(modes, str(out_dir), cards_url)[:12]}.json"
    runs = RunCache(
        cache_dir / record if cache else None,
        _run_key(given, held, config, out_dir, draw, modes, cards_url) if cache else "",
    )
    kept = runs.load()
    if kept is not None:  # nothing changed since the last run: what it made
        unique = [_decided(post, kept.evergreen.get(post.url)) for post in given]
    else:
        from smm_promote.evergreen import decide_all

        unique = decide_all(given, config.schedule.evergreen_rules)
    result = Promotion(posts=unique, problems=problems if problems is not None else Problems())
    for post in result.posts:
        if reason := skip_reason(post, now):
            result.skipped.append((post, reason))
    active = result.promoted
    site = _SiteWords(
        result.posts, lambda: Memo(cache_dir / "memo.json" if cache else None, _salt(config))
    )
    if kept is not None:
        result.cards, result.captions = kept.cards, kept.captions
        result.problems.extend(kept.problems)
    else:
        _make(
            result,
            active,
            config,
            out_dir,
            draw,
            modes,
            cards_url,
            site,
            runs,
            progress,
            wait or plan or captions,
        )
    if plan:
        from smm_promote.schedule.planner import captions_fn_for, plan_posts

        # All posts go to the planner: a held or vanished post cancels its future shares.
        write = captions_fn_for(config, result.problems)
        result.plan = plan_posts(
            result.posts,
            config,
            now=now,
            cards=result.cards,
            problems=result.problems,
            complete=complete,
            captions_fn=lambda *args: site.run(write, *args),
        )
        if cards and config.cards.enabled:
            _draw_near(config, now, result.problems)
    if not captions:
        result.later = _LaterCaptions(result, config, site)
    return result


class _SiteWords:
    """The site's vocabulary and boilerplate sentences, worked out when first needed (a
    replan with nothing changed may write no caption at all)."""

    def __init__(self, posts: list[Post], open_memo: Callable[[], Memo]) -> None:
        self.posts, self._open_memo = posts, open_memo
        self._memo: Memo | None = None
        self._sentences: SiteSentences | None = None
        self._made: tuple[SiteVocabulary, SiteSentences] | None = None

    @property
    def memo(self) -> Memo:
        """The per-post memo (`memo.Memo`), read when first needed."""
        if self._memo is None:
            self._memo = self._open_memo()
        return self._memo

    def sentences(self) -> SiteSentences:
        """Sentences most of the site's posts share are its boilerplate: never a summary or
        quote (cards need them; hashtags do not)."""
        if self._sentences is None:
            from smm_promote.captions.boilerplate import SiteSentences

            self._sentences = SiteSentences.of(self.posts, self.memo)
        return self._sentences

    def made(self) -> tuple[SiteVocabulary, SiteSentences]:
        if self._made is None:
            from smm_promote.captions.vocabulary import SiteVocabulary

            # Hashtags leave out the words most of the site's posts share: its subject.
            self._made = SiteVocabulary.of(self.posts, self.memo), self.sentences()
        return self._made

    def run(self, function: Callable[..., Any], *args: Any) -> Any:
        """`function(*args)` with the site's vocabulary and sentences in use."""
        vocabulary, sentences = self.made()
        with vocabulary.in_use(), sentences.in_use():
            return function(*args)


class _LaterCaptions:
    """A run's captions written post by post when asked for (`Promotion.captions_of`), with
    the site's words and the memo of the run."""

    def __init__(self, result: Promotion, config: Config, site: _SiteWords) -> None:
        self.result, self.config, self.site = result, config, site
        self._active: dict[str, Post] | None = None

    def write(self, url: str) -> list[Caption] | None:
        """The captions of the promoted post at `url`; None when no promoted post is there."""
        if self._active is None:
            self._active = {post.url: post for post in self.result.promoted}
        post = self._active.get(url)
        if post is None:
            return None
        vocabulary, sentences = self.site.made()
        site, result, memo = self.site, self.result, self.site.memo
        return site.run(_captions, post, self.config, result, memo, vocabulary, sentences)

    def save(self) -> None:
        """Keep what was written in the memo (nothing when nothing was asked for)."""
        if self._active is not None:
            self.site.memo.save()


def _make(
    result: Promotion,
    active: list[Post],
    config: Config,
    out_dir: Path,
    draw: bool,
    modes: tuple[bool, bool, bool],
    cards_url: str | None,
    site: _SiteWords,
    runs: RunCache,
    progress: bool,
    wait: bool = True,
) -> None:
    """Draw the cards and write the captions of `active` into `result`; keep them in `runs`.
    Without `wait`, the cards are drawn while the caller goes on, and `result.finish` waits
    for them."""
    plan, previews_only, captions = modes
    before = len(result.problems.items), len(result.problems.notes)
    watched = Watched()
    memo = site.memo
    sentences = site.sentences()
    drawing = None
    if draw:
        from smm_promote.cards.render import render_cards, start_cards

        # Planning rotates card templates across reposts, so it knows every card; it draws
        # the link-preview ones now (the default template's "og" size, which meta tags name)
        # and the others, the platforms' own sizes too, as their shares come near.
        templates = config.schedule.templates if plan else None
        with sentences.in_use():
            drawing = (render_cards if wait else start_cards)(
                active, config, out_dir, problems=result.problems,
                progress=progress and wait,  # no bar over what the caller does meanwhile
                templates=templates, memo=memo, watched=watched,
                draw_now=_link_preview(config) if plan or previews_only else None,
                # The site's vocabulary (hashtags) while the last cards are drawn.
                meanwhile=site.made if captions or plan else None,
            )  # fmt: skip
        if wait:
            result.cards = _with_url(drawing, cards_url)
        else:
            result.cards = _with_url(drawing.planned, cards_url)
    if captions:
        vocabulary, sentences = site.made()
        with vocabulary.in_use(), sentences.in_use():
            for post in active:
                result.captions[post.url] = _captions(
                    post, config, result, memo, vocabulary, sentences
                )

    def keep() -> None:
        if drawing is not None and not wait:
            result.cards = _with_url(drawing.finish(), cards_url)
        if draw and not captions:
            from smm_promote.captions.compose import no_image

            for post in active:
                for platform in config.platforms:
                    if message := no_image(post, platform, result.cards):
                        result.problems.add(post.source or post.url, message)
        memo.save()
        found = added_since(result.problems, *before)
        verdicts = {p.url: (p.evergreen, p.evergreen_reason) for p in result.posts}
        runs.save(Replay(verdicts, result.cards, result.captions, found, watched))

    if wait:
        keep()
    else:
        result.pending = keep


def _with_url(drawn: dict[str, list[Card]], cards_url: str | None) -> dict[str, list[Card]]:
    """The cards with their public URL, in the folder `cards_url` the door copies them to."""
    if not cards_url:
        return drawn
    folder = cards_url.rstrip("/")
    return {
        url: [replace(c, url=f"{folder}/{c.path.name}") for c in group]
        for url, group in drawn.items()
    }


def _run_key(
    posts: list[Post],
    held: set[str],
    config: Config,
    out_dir: Path,
    draw: bool,
    modes: tuple[bool, bool, bool],
    cards_url: str | None,
) -> str:
    """Everything a run's evergreen verdicts, cards and captions depend on, besides the files
    it watches (`runcache.Watched`): the code, the config, every post as read (all its
    fields), which are held now, the modes (planning, previews only, captions) and where
    the cards go."""
    return memo_key(
        _salt(config),
        [post_data(p) for p in posts],
        sorted(held),
        str(out_dir),
        draw,
        modes,
        cards_url,
    )


def _decided(post: Post, verdict: tuple[bool, str] | None) -> Post:
    """`post` with the evergreen verdict a run gave it (`evergreen.decide_all`)."""
    if verdict is None or verdict == (post.evergreen, post.evergreen_reason):
        return post
    return replace(post, evergreen=verdict[0], evergreen_reason=verdict[1])


def _link_preview(config: Config) -> Callable[[Card], bool]:
    """Whether a card is a post's link preview: drawn at once, whenever its share is due."""
    return lambda card: card.template == config.cards.template and card.size == "og"


def _draw_near(config: Config, now: datetime, problems: Problems) -> None:
    """Draw the cards of the shares due within `[cards] ahead_days` that are not drawn yet
    (the drawing code loads only when there is one)."""
    from smm_promote.schedule.store import open_store

    with open_store(config) as store:
        due = store.due(now + timedelta(days=config.cards.ahead_days))
    missing = [e.card_path for e in due if e.card_path and not Path(e.card_path).is_file()]
    if not missing:
        return
    from smm_promote.cards.later import draw_all_later

    for path, reason in draw_all_later(missing).items():
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
        dump=lambda captions: [caption_data(c) for c in captions],
        load=lambda data: [caption_from_data(item) for item in data],
    )


def _unique(posts: Sequence[Post]) -> list[Post]:
    """One post per URL (the first wins), so a site read twice never doubles shares."""
    seen: dict[str, Post] = {}
    for post in posts:
        seen.setdefault(post.url, post)
    return list(seen.values())
