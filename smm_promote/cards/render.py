"""The cards stage: every post's cards, cached by content hash and drawn in parallel.

A card's file name carries a hash of everything that shapes it (template file, fonts, the
post's fields, images, size, format, renderer version): an unchanged post is never drawn
again, a changed one is, and the files it replaces are removed. Same input, same bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import TemplateError as JinjaError

from smm_promote.captions import boilerplate
from smm_promote.captions.platforms import card_size
from smm_promote.cards import fonts
from smm_promote.cards.alt import alt_text
from smm_promote.cards.context import PICKED, card_context
from smm_promote.cards.draw import Job, load_encoder, render_job
from smm_promote.cards.folders import Folders
from smm_promote.cards.images import ImageResolver
from smm_promote.cards.later import RECIPE_SUFFIX, recipe_path, save_recipe
from smm_promote.cards.look import card_font, palette, site_look, watch_look, with_look
from smm_promote.cards.record import CardRecord, Entry, replay, said
from smm_promote.cards.settings import SIZES
from smm_promote.cards.templates import (
    BackgroundLayer,
    ImageLayer,
    ListLayer,
    Template,
    TemplateError,
    TextLayer,
    applies,
    load_library,
    shipped_dir,
    variables,
)
from smm_promote.config import Config
from smm_promote.errors import Problems
from smm_promote.memo import Memo, code_stamp
from smm_promote.memo import key as memo_key
from smm_promote.model import Card, Post, post_data
from smm_promote.runcache import Watched
from smm_promote.sites.look import Look
from smm_promote.workers import worker_pool

#: Bump when a change to the drawing code changes pixels: every card is redrawn.
RENDERER_VERSION = "2"
#: Largest file each platform accepts for an image (Bluesky's link-card thumb: 1 MB).
PLATFORM_BYTES = {
    "x": 5_000_000,
    "mastodon": 8_000_000,
    "bluesky": 1_000_000,
    "linkedin": 5_000_000,
    "facebook": 8_000_000,
    "threads": 8_000_000,
    "instagram": 8_000_000,
    "pinterest": 20_000_000,
}
EXTENSIONS = {"png": "png", "jpeg": "jpg", "webp": "webp"}
_KEY_LEN = 12


@dataclass
class RunStats:
    """What a run did: cards drawn, reused from the cache, and stale files removed."""

    drawn: int = 0
    cached: int = 0
    removed: int = 0


@dataclass(frozen=True)
class Planned:
    """One card to have: where it goes, whether it must be drawn, and how."""

    card: Card
    #: How to draw it; None for a card kept from the last run's record (nothing to draw).
    job: Job | None
    where: str
    fresh: bool


def sizes_for(config: Config) -> list[str]:
    """`og` (link previews) plus each enabled platform's card size from the platform table,
    unless `[cards] sizes` says otherwise."""
    if config.cards.sizes:
        return list(dict.fromkeys(config.cards.sizes))
    wanted = ["og"] + [card_size(p)[0] for p in config.platforms]
    return list(dict.fromkeys(wanted))


def byte_limit(size: str, config: Config) -> int:
    """The smallest limit among the platforms that get this size (`og` fits Bluesky's 1 MB)."""
    limits = [PLATFORM_BYTES[p] for p in config.platforms if card_size(p)[0] == size]
    if size == "og":
        limits.append(PLATFORM_BYTES["bluesky"])
    return min(limits, default=5_000_000)


def safe_slug(post: Post) -> str:
    """A file-system-safe folder name for the post's cards: never a path outside the output."""
    slug = re.sub(r"[^a-z0-9-]+", "-", (post.slug or "").lower()).strip("-")[:80].strip("-")
    return slug or "post-" + hashlib.sha256(post.url.encode()).hexdigest()[:10]


def _digest(payload: Any) -> str:
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:_KEY_LEN]


def _sources(template: Template) -> set[str]:
    names = set()
    for layer in template.layers:
        if isinstance(layer, BackgroundLayer) and layer.image:
            names.add(layer.image)
        elif isinstance(layer, ImageLayer):
            names.add(layer.source)
    return names


def _context(
    post: Post, config: Config, memo: Memo | None, fields: frozenset[str]
) -> tuple[dict[str, Any], list[str], str]:
    """`card_context` with the `fields` the post's templates read, from `memo` when the post
    is unchanged; and its key in `memo` ('' without one)."""
    if memo is None:
        return *card_context(post, config, fields), ""
    site = boilerplate.current()
    in_post = site.in_post(post) if site else ()
    key = memo_key("card", post_data(post), config.site_name, in_post, sorted(fields))
    context, problems = memo.get(
        key,
        lambda _problems: card_context(post, config, fields),
        Problems(),
        dump=list,
        load=lambda data: (dict(data[0]), list(data[1])),
    )
    return context, problems, key


def themed(template: Template, colors: dict[str, str]) -> Template:
    """`template` with the colour names it declares taken from `colors` (the site's look)."""
    update = {k: v for k, v in colors.items() if k in template.colors}
    if not update or all(template.colors[k] == v for k, v in update.items()):
        return template
    return template.model_copy(update={"colors": {**template.colors, **update}})


def card_format(fmt: str, template: Template, images: dict[str, Any]) -> str:
    """The file format of one card: `auto` is JPEG for a card drawn over a photo (a tenth of
    the PNG's bytes, encoded several times faster) and lossless PNG for drawn text and shapes."""
    if fmt != "auto":
        return fmt
    backdrops = {
        layer.image
        for layer in template.layers
        if isinstance(layer, BackgroundLayer) and layer.image
    } | {
        layer.source
        for layer in template.layers
        if isinstance(layer, ImageLayer) and layer.fit == "cover" and layer.source == "post"
    }
    return "jpeg" if any(name in images for name in backdrops) else "png"


def _font_keys(template: Template, text_font: str | None, watched: Watched) -> str:
    specs = {
        (fonts.layer_family(layer.font.family, text_font), layer.font.weight)
        for layer in template.layers
        if isinstance(layer, TextLayer | ListLayer)
    }
    parts = []
    for family, weight in sorted(specs):
        faces, problems = fonts.chain(family, weight)
        for face in faces:  # loaded once here, inherited by forked workers
            watched.see(face.path)
            fonts.coverage(face)
        parts.append(fonts.fingerprint(faces) + ";".join(problems))
    return "|".join(parts)


def _templates_for(post: Post, config: Config, chosen: Sequence[str] | None) -> list[str]:
    share = post.share or {}
    picked = share.get("template") or share.get("templates")
    if picked:
        names = [picked] if isinstance(picked, str) else [str(p) for p in picked]
    elif chosen:
        names = list(chosen)
    else:
        names = [config.cards.template, *config.cards.extra_templates]
    return list(dict.fromkeys(names))


class _Planner:
    """Plans one post's cards. What the posts share (the template library, each look's
    config, images and font, the fonts' keys) is set up when a post first needs it, so a
    rerun whose posts are all in the record (`cards.record`) sets up nothing."""

    def __init__(
        self,
        config: Config,
        out_dir: Path,
        problems: Problems,
        *,
        record: CardRecord,
        templates: Sequence[str] | None,
        size_names: list[str],
        debug: bool,
        memo: Memo | None,
        watched: Watched,
        folders: Folders,
    ) -> None:
        self.config, self.out_dir, self.problems, self.record = config, out_dir, problems, record
        self.templates, self.size_names, self.debug = templates, size_names, debug
        self.memo, self.watched, self.folders = memo, watched, folders
        self.user_dir = (
            config.path(config.cards.templates_dir) if config.cards.templates_dir else None
        )
        site = config.site
        self.built = str(config.path(site)) if site and "://" not in site else None
        self._library: dict[str, Template] | None = None
        #: The shared parts set up in this run (their warnings came now): `_LIBRARY`, looks.
        self.set_up: set[str] = set()
        self.looks: dict[Look, tuple[Config, ImageResolver, str | None, str]] = {}
        self.font_keys: dict[tuple[str, str | None], str] = {}

    def library(self) -> dict[str, Template]:
        """The template library (its warnings to `problems`, and kept in the record)."""
        if self._library is None:
            library, found = load_library(self.user_dir)
            own = Problems()
            for where, message in found:
                own.add(where, message)
            self.problems.extend(own)
            self.record.shared[_LIBRARY] = said(own)
            self.set_up.add(_LIBRARY)
            self._library = library
        return self._library

    def look(self, post: Post) -> tuple[Config, ImageResolver, str | None, str]:
        """The post's site config, image resolver, text font and the look's digest."""
        look = site_look(post, self.built)
        if look not in self.looks:
            watch_look(look, self.built, self.watched)
            own = Problems()
            site_config = with_look(self.config, look)
            resolver = ImageResolver(site_config, self.out_dir / ".images", own, self.watched)
            font = card_font(self.config, look, own)
            digest = memo_key(repr(look))
            self.problems.extend(own)
            self.record.shared[digest] = said(own)
            self.set_up.add(digest)
            self.looks[look] = site_config, resolver, font, digest
        return self.looks[look]

    def plan(self, post: Post, slug: str, problems: Problems) -> tuple[list[Planned], str, str]:
        """The post's cards (its warnings to `problems`), its look's digest and the key of
        its text in `memo`."""
        where = post.source or post.url
        share = post.share or {}
        config, out_dir, size_names = self.config, self.out_dir, self.size_names
        post_config, resolver, font, look = self.look(post)
        resolver.problems = problems  # the images' warnings are the post's own
        library = self.library()
        colors = palette(post, post_config)
        names = _templates_for(post, config, self.templates)
        fallback = config.cards.template if config.cards.template in library else "classic"
        fields = frozenset().union(*(variables(library.get(n, library[fallback])) for n in names))
        context, context_problems, memo_entry = _context(post, post_config, self.memo, fields)
        for message in context_problems:
            problems.add(where, message)
        if font:
            context = {**context, "text_font": font}
        planned: list[Planned] = []
        for name in names:
            template = library.get(name)
            if template is None:
                problems.add(
                    where,
                    f"unknown card template {name!r}; using {fallback!r} "
                    f"(known: {', '.join(sorted(library))})",
                )
                name, template = fallback, library[fallback]
            elif not (share.get("template") or share.get("templates")) and not applies(
                template, context
            ):
                continue  # e.g. the takeaways card of a post without three points
            template = themed(template, colors)
            images = resolver.images_for(post, _sources(template))
            fmt = card_format(config.cards.format, template, images)
            if (name, font) not in self.font_keys:
                self.font_keys[name, font] = _font_keys(template, font, self.watched)
            try:
                alt = alt_text(template, context, images)  # the same in every size
            except JinjaError as exc:  # e.g. an unsafe expression: this template's cards only
                problems.add(where, f"card template {name!r}: {exc}; card skipped")
                continue
            reads = variables(template)  # a card's key: the picked fields its template reads
            shown = {k: v for k, v in context.items() if k not in PICKED or k in reads}
            for size_name in size_names:
                width, height = SIZES[size_name]
                key = _digest(
                    {
                        "renderer": RENDERER_VERSION,
                        "template": template.digest,
                        "fonts": self.font_keys[name, font],
                        "context": shown,
                        "colors": template.colors,
                        "images": {k: v[1] for k, v in images.items()},
                        "size": [width, height],
                        "format": fmt,
                        "limit": byte_limit(size_name, config),
                        "debug": self.debug,
                    }
                )
                path = out_dir / slug / f"{name}-{size_name}-{key}.{EXTENSIONS[fmt]}"
                if not path.resolve().is_relative_to(out_dir):
                    problems.add(where, f"card path {path} leaves the output folder; skipped")
                    continue
                job = Job(template, (width, height), context, images, fmt,
                          byte_limit(size_name, config), self.debug)  # fmt: skip
                card = Card(
                    post_url=post.url,
                    template=name,
                    size=size_name,
                    width=width,
                    height=height,
                    path=path,
                    alt=alt,
                    format=fmt,
                    key=key,
                )
                planned.append(Planned(card, job, where, not self.folders.has(path)))
        return planned, look, memo_entry


#: The record's name for the warnings of the template library.
_LIBRARY = "library"


def _post_key(post: Post, slug: str) -> str:
    """What a post's cards depend on besides the run's inputs (`_run_key`): all its fields,
    the site's boilerplate sentences it holds, and its cards' folder."""
    site = boilerplate.current()
    return memo_key(post_data(post), site.in_post(post) if site else (), slug)


def _run_key(
    config: Config,
    out_dir: Path,
    templates: Sequence[str] | None,
    sizes: Sequence[str] | None,
    debug: bool,
) -> str:
    """What every card depends on besides its post and the files it looks at: the code,
    the config (and the folder its paths are relative to), the cards folder and the
    templates and sizes asked for."""
    return memo_key(
        RENDERER_VERSION,
        code_stamp(),
        config.model_dump_json(),
        str(config.base_dir),
        str(out_dir),
        list(templates) if templates else None,
        list(sizes) if sizes else None,
        debug,
    )


def _present(card: Card, folders: Folders, draw_now: Callable[[Card], bool] | None) -> bool:
    """Whether a card needs no drawing now: it is drawn, or its recipe waits for later."""
    if folders.has(card.path):
        return True
    return draw_now is not None and not draw_now(card) and folders.has(recipe_path(card.path))


def plan_cards(
    posts: Iterable[Post], config: Config, out_dir: Path, **options: Any
) -> list[Planned]:
    """Every card the posts should have (`each_planned`, its keywords in `options`)."""
    return list(each_planned(posts, config, out_dir, **options))


def each_planned(
    posts: Iterable[Post],
    config: Config,
    out_dir: Path,
    *,
    problems: Problems,
    templates: Sequence[str] | None = None,
    sizes: Sequence[str] | None = None,
    debug: bool = False,
    memo: Memo | None = None,
    watched: Watched | None = None,
    record: CardRecord | None = None,
    draw_now: Callable[[Card], bool] | None = None,
    folders: Folders | None = None,
) -> Iterator[Planned]:
    """Every card the posts should have, with its cache key and whether it is already drawn,
    each given as soon as it is planned.
    With `memo`, the text of unchanged posts' cards comes from the last run. `watched`
    records every file the cards depend on (templates, fonts, images found or looked for).
    With `record`, a post planned in the last run with every card still drawn (or waiting
    for later, as `draw_now` says) gets the same cards, with no `job`: nothing to draw."""
    watched = watched if watched is not None else Watched()
    record = record if record is not None else CardRecord(None, "")
    folders = folders if folders is not None else Folders()
    user_dir = config.path(config.cards.templates_dir) if config.cards.templates_dir else None
    for folder in (shipped_dir(), *([user_dir] if user_dir else [])):
        watched.see_all(folder)
    size_names = list(sizes) if sizes else sizes_for(config)
    for name in size_names:
        if name not in SIZES:
            raise TemplateError(
                "--size", [f"unknown size {name!r}; expected one of {', '.join(SIZES)}"]
            )
    out_dir = out_dir.resolve()
    planner = _Planner(
        config, out_dir, problems, record=record, templates=templates, size_names=size_names,
        debug=debug, memo=memo, watched=watched, folders=folders,
    )  # fmt: skip
    used_slugs: dict[str, str] = {}
    replayed: set[str] = set()
    for post in posts:
        where = post.source or post.url
        share = post.share or {}
        if share.get("cards") is False or share.get("card") is False:
            continue
        slug = safe_slug(post)
        if used_slugs.setdefault(slug, post.url) != post.url:
            slug = f"{slug}-{hashlib.sha256(post.url.encode()).hexdigest()[:6]}"
        post_key = _post_key(post, slug) if record.path is not None else ""
        entry = record.entry(post_key) if record.old else None
        if entry is not None and all(_present(c, folders, draw_now) for c in entry.cards):
            for part in (_LIBRARY, entry.look):  # as they came when the parts were set up
                if part not in replayed and part not in planner.set_up and part in record.shared:
                    replay(record.shared[part], problems)
                replayed.add(part)
            replay(entry.said, problems)
            record.keep(post_key, entry, planned=False)
            if memo is not None and entry.memo:
                memo.keep(entry.memo)  # for a later run that plans the post again
            yield from (Planned(c, None, where, not folders.has(c.path)) for c in entry.cards)
            continue
        own = Problems()
        cards, look, memo_entry = planner.plan(post, slug, own)
        problems.extend(own)
        if record.path is not None:
            entry = Entry([p.card for p in cards], said(own), look, memo_entry)
            record.keep(post_key, entry, planned=True)
        yield from cards


def draw_one(job: Job) -> tuple[bytes | None, list[str]]:
    """One card, or None and why it could not be drawn: one bad card never stops the run."""
    try:
        return render_job(job)
    except Exception as exc:
        return None, [f"could not be drawn: {type(exc).__name__}: {str(exc)[:200]}"]


#: Fewer cards than this are drawn in this process: starting workers would cost more.
FEW = 4
#: Jobs sent to a worker at once: few enough that the first cards are drawn early.
_BATCH = 4


class Drawer:
    """Draws jobs as they are given, each result in the order given: in this process while
    fewer than `FEW` are given, else in up to `workers` processes that start when the
    `FEW`th job comes, so the caller plans the next cards while the workers draw."""

    def __init__(self, workers: int) -> None:
        self._workers = workers
        self._waiting: list[Job] = []  # given, not yet sent to a worker
        self._sent: list[Future] = []
        self._pool: ProcessPoolExecutor | None = None

    def add(self, job: Job) -> None:
        """Draw `job` (in a worker once there are `FEW`, in batches of `_BATCH`)."""
        self._waiting.append(job)
        if self._pool is None and self._workers > 1 and len(self._waiting) >= FEW:
            load_encoder()  # once here, inherited by forked workers
            self._pool = worker_pool(self._workers)
        if self._pool is not None and len(self._waiting) >= _BATCH:
            self._send()

    def _send(self) -> None:
        assert self._pool is not None
        self._sent.append(self._pool.submit(_draw_batch, self._waiting))
        self._waiting = []

    def results(self) -> Iterator[tuple[bytes | None, list[str]]]:
        """What `draw_one` gives for each job, in order, each as soon as it is drawn."""
        try:
            if self._pool is None:
                yield from map(draw_one, self._waiting)
                return
            if self._waiting:
                self._send()
            for sent in self._sent:
                yield from sent.result()
        finally:
            if self._pool is not None:
                self._pool.shutdown(cancel_futures=True)


def _draw_batch(jobs: list[Job]) -> list[tuple[bytes | None, list[str]]]:
    return [draw_one(job) for job in jobs]


def draw_many(
    jobs: Sequence[Job], workers: int, meanwhile: Callable[[], object] | None = None
) -> Iterator[tuple[bytes | None, list[str]]]:
    """`draw_one` for each job, in order, each given as soon as it is drawn (in up to
    `workers` processes when there are several). `meanwhile` runs in this process while the
    workers draw (when there are none, first)."""
    drawer = Drawer(min(workers, len(jobs)))
    for job in jobs:
        drawer.add(job)
    if meanwhile is not None:
        meanwhile()
    yield from drawer.results()


def _with_progress(
    todo: list[Planned], drawer: Drawer, progress: bool
) -> Iterator[tuple[Planned, tuple[bytes | None, list[str]]]]:
    """Each card of `todo` with what drawing it gave, as soon as it is drawn (so only a few
    files are held at once), under a progress bar while the caller waits for them."""
    if not todo:
        return  # a rerun with nothing to draw: no bar (nor its imports)
    from smm_promote.cards.progress import progress_bar

    with progress_bar(len(todo), "Drawing cards", enabled=progress) as advance:
        for planned, result in zip(todo, drawer.results(), strict=True):
            yield planned, result
            advance()


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def write_card(path: Path, data: bytes, warnings: Sequence[str]) -> None:
    """Write a drawn card, with its warnings beside it so a rerun that draws nothing still
    reports them."""
    _write(path, data)
    notes = _notes_path(path)
    if warnings:
        notes.write_text("\n".join(dict.fromkeys(warnings)), encoding="utf-8")
    else:
        notes.unlink(missing_ok=True)


def _notes_path(card: Path) -> Path:
    """Where the warnings met while drawing a card are kept."""
    return card.with_name(card.name + ".warnings")


#: A card's file (or its warnings or recipe): template-size-key.ext
_CARD_FILE = re.compile(rf"(.+)-[0-9a-f]{{{_KEY_LEN}}}\.\w+(?:\.warnings|\{RECIPE_SUFFIX})?")


def _clean_stale(planned: list[Planned], folders: Folders) -> int:
    """Remove older cards of the same post, template and size; return how many. Each
    folder is listed once (when it was planned: this run writes only the cards it keeps)."""
    keep: dict[Path, set[str]] = {}
    kinds: dict[Path, set[str]] = {}
    for p in planned:
        path = p.card.path
        keep.setdefault(path.parent, set()).update(
            (path.name, _notes_path(path).name, recipe_path(path).name)
        )
        kinds.setdefault(path.parent, set()).add(f"{p.card.template}-{p.card.size}")
    removed = 0
    for folder, names in keep.items():
        for name in sorted(folders.names(folder) - names):
            found = _CARD_FILE.fullmatch(name)
            if found and found[1] in kinds[folder]:
                (folder / name).unlink(missing_ok=True)
                removed += 1
    return removed


def render_cards(
    posts: Iterable[Post], config: Config, out_dir: Path, **options: Any
) -> dict[str, list[Card]]:
    """Draw the cards the posts need (keyed by post url); reuse the ones already drawn.
    `options` are `start_cards`' (its keywords), and this returns once every card is drawn.

    With `draw_now`, a card it refuses is not drawn but gets a recipe (`cards.later`), and
    is returned like the others: its path is where it will be drawn. `meanwhile` is called
    once every card is planned, while the workers draw. What each post's cards are is kept
    in the folder's record (`cards.record`) for the next run."""
    return start_cards(posts, config, out_dir, **options).finish()


def start_cards(
    posts: Iterable[Post],
    config: Config,
    out_dir: Path,
    *,
    problems: Problems,
    progress: bool = True,
    templates: Sequence[str] | None = None,
    sizes: Sequence[str] | None = None,
    debug: bool = False,
    workers: int | None = None,
    stats: RunStats | None = None,
    memo: Memo | None = None,
    draw_now: Callable[[Card], bool] | None = None,
    watched: Watched | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> Drawing:
    """`render_cards`, returning once every card is planned: the workers draw each card from
    when it is planned, the caller goes on meanwhile, and `Drawing.finish` waits for them."""
    out_dir = Path(out_dir)
    if not config.cards.enabled:
        return Drawing([], iter(()), problems)
    watched = watched if watched is not None else Watched()
    folders = Folders()
    asked = memo_key(list(templates or ()), list(sizes or ()), debug)[:12]
    run_key = _run_key(config, out_dir.resolve(), templates, sizes, debug)
    record = CardRecord.open(out_dir, asked, run_key, watched)
    count = workers or config.cards.workers or os.cpu_count() or 1
    drawer = Drawer(count)  # the workers draw while the next cards are planned
    planned: list[Planned] = []
    todo: list[Planned] = []
    for p in each_planned(
        posts, config, out_dir, problems=problems, templates=templates, sizes=sizes, debug=debug,
        memo=memo, watched=watched, record=record, draw_now=draw_now, folders=folders,
    ):  # fmt: skip
        planned.append(p)
        if p.fresh and (draw_now is None or draw_now(p.card)):
            todo.append(p)
            drawer.add(p.job)
    templates_dir = config.path(config.cards.templates_dir) if config.cards.templates_dir else None
    for p in planned:
        later = p.fresh and draw_now is not None and not draw_now(p.card)
        if later and p.job is not None and not folders.has(recipe_path(p.card.path)):
            save_recipe(p.card.path, p.job, templates_dir, p.where)  # drawn when needed
    if meanwhile is not None:
        meanwhile()
    return Drawing(
        planned, _with_progress(todo, drawer, progress), problems,
        folders=folders, record=record, watched=watched, stats=stats, todo=len(todo),
    )  # fmt: skip


class Drawing:
    """The cards of `start_cards`, drawn in worker processes while the caller goes on."""

    def __init__(
        self,
        planned: list[Planned],
        drawn: Iterator[tuple[Planned, tuple[bytes | None, list[str]]]],
        problems: Problems,
        *,
        folders: Folders | None = None,
        record: CardRecord | None = None,
        watched: Watched | None = None,
        stats: RunStats | None = None,
        todo: int = 0,
    ) -> None:
        self._planned, self._drawn, self._problems = planned, drawn, problems
        self._folders, self._record, self._watched = folders, record, watched
        self._stats, self._todo = stats, todo
        self._cards: dict[str, list[Card]] | None = None

    @property
    def planned(self) -> dict[str, list[Card]]:
        """Every card by post url as planned: as `finish` gives them, but for the warnings
        drawing them may add and the cards that cannot be drawn."""
        cards: dict[str, list[Card]] = {}
        for p in self._planned:
            cards.setdefault(p.card.post_url, []).append(p.card)
        return cards

    def finish(self) -> dict[str, list[Card]]:
        """Wait for the cards still being drawn and write them: every card by post url, but
        those that could not be drawn (why is in `problems`)."""
        if self._cards is None:
            self._cards = self._finish()
        return self._cards

    def _finish(self) -> dict[str, list[Card]]:
        problems, planned, folders = self._problems, self._planned, self._folders
        if folders is None or self._record is None:
            return {}  # cards are off
        cards: dict[str, list[Card]] = {}
        failed: set[Path] = set()
        drawn: dict[Path, list[str]] = {}
        for p, (data, warnings) in self._drawn:
            if data is None:
                failed.add(p.card.path)
                for message in warnings:
                    problems.add(p.where, f"card {p.card.template}/{p.card.size}: {message}")
                continue
            write_card(p.card.path, data, warnings)
            if folders.has(recipe_path(p.card.path)):
                recipe_path(p.card.path).unlink(missing_ok=True)
            drawn[p.card.path] = "\n".join(dict.fromkeys(warnings)).splitlines()  # as kept
        for p in planned:
            path = p.card.path
            if path in failed:
                continue
            if path in drawn:
                warned = drawn[path]
            elif folders.has(_notes_path(path)):
                warned = _notes_path(path).read_text(encoding="utf-8").splitlines()
            else:
                warned = []
            for message in warned:
                problems.add(p.where, f"card {p.card.template}/{p.card.size}: {message}")
            card = p.card
            if warned:
                card = Card(**{**card.__dict__, "warnings": tuple(warned)})
            cards.setdefault(card.post_url, []).append(card)
        removed = _clean_stale(planned, folders)
        self._record.save(self._watched)
        if self._stats is not None:
            todo = self._todo
            self._stats.drawn, self._stats.cached, self._stats.removed = (
                todo,
                len(planned) - todo,
                removed,
            )
        return cards
