"""Planning: turn posts into queue entries, or bring the queue up to date with them.

`plan(posts, config, store, *, now, captions_fn, cards=None)` is a pure function of its
arguments and the store: it never reads the clock, so a fixed `now` gives the same plan.

- A new post (dated within `new_days`) is announced in the next free slot, then shared
  again at the evergreen offsets from its date.
- A post older than its whole cadence (the back-catalogue) starts its drip on the day it
  is first planned, `backlog_per_day` posts per day, so hundreds of old posts trickle in.
- Shares are placed in order of their target time, at most `horizon_days` ahead; what
  does not fit waits for a later plan.
- The plan is computed on a snapshot of the store, outside any write transaction (captions
  take long, and `publish` must be able to record what it sent meanwhile); its writes are
  applied at the end in one short transaction, each guarded by the entry's status, so an
  entry `publish` took meanwhile is left as it is. A plan that another plan overtook is
  computed again.
- Planning again adds nothing; an edited post gets new text on its entries not yet posted
  (and one `updated` share when its `updated` date says so); a post that vanished, turned
  `promote: false`, draft or expired has its planned entries canceled, and gets them back
  if it returns; a post that moved to a new url (same text) keeps its cadence.
"""

from __future__ import annotations

import hashlib
import heapq
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from smm_promote.errors import Problems
from smm_promote.model import Caption, Card, Entry, Post
from smm_promote.schedule import cadence
from smm_promote.schedule.settings import ScheduleSettings
from smm_promote.schedule.slots import Board, Week, from_us, to_us
from smm_promote.schedule.store import EDITABLE, LIVE, KnownPost, Store, idempotency_key

#: History notes of the planner's own changes start with this (a person's never do).
PLANNER_NOTE = "plan: "
#: captions_fn(post, platform, variant, rotation_index) -> Caption (None: variant unfit).
CaptionsFn = Callable[[Post, str, str, int], Caption | None]


@dataclass
class PlanReport:
    """What a plan changed."""

    added: list[Entry] = field(default_factory=list)
    updated: list[Entry] = field(default_factory=list)
    canceled: list[Entry] = field(default_factory=list)
    #: (old url, new url) of posts recognised by their text under a new address.
    moved: list[tuple[str, str]] = field(default_factory=list)
    #: (url, reason) of posts that got nothing this time (draft, future date, ...).
    waiting: list[tuple[str, str]] = field(default_factory=list)
    #: (url, platform, seq) of shares that can never get a slot (no slots, post expires).
    unplaced: list[tuple[str, str, int]] = field(default_factory=list)
    #: Shares left for a later plan because the queue is full to the horizon.
    deferred: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.canceled or self.moved)

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.canceled)} canceled, {len(self.moved)} moved, "
            f"{len(self.waiting)} waiting, {len(self.unplaced)} without a slot, "
            f"{self.deferred} deferred"
        )


#: State key counting the plans applied to a store: a plan whose snapshot is older is redone.
GENERATION_KEY = "plan:generation"
#: Attempts to compute a plan outside the write transaction before holding it throughout.
ATTEMPTS = 3


#: Fewer words than this are too little to recognise a post by its text.
TEXT_HASH_WORDS = 40


def text_hash(post: Post) -> str | None:
    """What a post says, without its address or dates: recognises moved or copied posts."""
    words = f"{post.title}\n{post.body or post.summary}".casefold().split()
    if len(words) < TEXT_HASH_WORDS:
        return None
    return hashlib.sha256(" ".join(words).encode()).hexdigest()[:16]


def boards_for(config: Any, store: Store, platforms: Sequence[str]) -> dict[str, Board]:
    """One `Board` per platform with every live entry of the store on it."""
    settings: ScheduleSettings = config.schedule
    boards = {}
    weeks: dict[tuple[str, ...], Week] = {}  # platforms with the same slots share their days
    for platform in platforms:
        rules = settings.for_platform(platform)
        week = weeks.get(rules.slots)
        if week is None:
            week = weeks[rules.slots] = Week(rules.slots, config.tz)
        boards[platform] = Board(week, rules.daily_cap, rules.reserved)
    for platform, due, new in store.live_slots():
        if platform in boards:
            boards[platform].add(due, new=new)
    return boards


def start_of_day(now: datetime, config: Any) -> datetime:
    local = now.astimezone(config.tz)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def plan(
    posts: Sequence[Post],
    config: Any,
    store: Store,
    *,
    now: datetime,
    captions_fn: CaptionsFn,
    cards: Mapping[str, Sequence[Card]] | None = None,
    problems: Problems | None = None,
    complete: bool = False,
) -> PlanReport:
    """Plan or update the queue for `posts`. With `complete`, `posts` is the
    whole site: known posts missing from it have their future entries canceled."""
    for attempt in range(1, ATTEMPTS + 1):
        found = Problems()
        if attempt == ATTEMPTS:  # overtaken every time: compute under the write lock
            with store.transaction():
                planner = _Planner(config, store, now, captions_fn, cards or {}, found)
                report = planner.compute(posts, complete)
                planner.apply()
        else:
            with store.snapshot():
                generation = store.get_state(GENERATION_KEY, 0)
                planner = _Planner(config, store, now, captions_fn, cards or {}, found)
                report = planner.compute(posts, complete)
            with store.transaction():
                if store.get_state(GENERATION_KEY, 0) != generation:
                    continue  # another plan was applied meanwhile
                planner.apply()
        if problems is not None:
            problems.extend(found)
        return report
    raise AssertionError("unreachable")


class _Planner:
    def __init__(
        self,
        config: Any,
        store: Store,
        now: datetime,
        captions_fn: CaptionsFn,
        cards: Mapping[str, Sequence[Card]],
        problems: Problems | None,
    ) -> None:
        self.config = config
        self.settings: ScheduleSettings = config.schedule
        self.store = store
        self.now = now
        self.captions_fn = captions_fn
        self.cards = cards
        self.problems = problems if problems is not None else Problems()
        self.report = PlanReport()
        self.platforms = list(config.platforms)
        #: Each platform's effective rules, worked out once (asked for every post).
        self.rules = {p: self.settings.for_platform(p) for p in self.platforms}
        self.gap = timedelta(days=self.settings.min_gap_days)
        self.boards = boards_for(config, store, self.platforms)
        self.known = store.known_posts()
        #: Entries per (post url, platform) by seq, read from the store one post at a time
        #: (only the posts this plan touches: a store may hold millions of old entries).
        self.existing: dict[tuple[str, str], dict[int, Entry]] = defaultdict(dict)
        self.loaded: set[str] = set()
        self.new_entries: list[Entry] = []
        #: The id the next new entry gets (the store numbers them so when `apply` adds them).
        self.first_id = self.next_id = store.next_id()
        #: The shares each post wants on each platform, in the order they were asked for.
        self.wanted: list[_Wanted] = []
        self.hashes: dict[str, str] = {}
        self.text_hashes: dict[str, str | None] = {}
        self.descriptions: dict[str, str] = {}
        #: The longest cadence of any platform, in days.
        self.last_offset = max(
            (d for p in self.platforms for d in self.rules[p].offsets), default=0
        )
        self.revived: list[Entry] = []
        self.backlog = 0
        #: The store writes of this plan, applied by `apply`: (write, what to undo in the
        #: report when its guard finds the entry changed meanwhile).
        self.writes: list[tuple[Callable[[], Any], Callable[[], None] | None]] = []
        #: What the store is to remember of each post, written in one batch by `apply`.
        self.remembered: list[KnownPost] = []
        #: The last history note this plan gives an entry (read by `_revivable`).
        self.notes: dict[int, str] = {}
        #: new url -> old url of posts recognised under a new address.
        self.renamed: dict[str, str] = {}

    # -- the run -------------------------------------------------------------------------

    def compute(self, posts: Sequence[Post], complete: bool) -> PlanReport:
        """Decide every change, reading the store only; `apply` writes them."""
        unique = self._recognise_moved(self._unique(posts))
        present = {p.url for p in unique}
        self._load(*(p.url for p in unique))
        # Cancel first: the slots of vanished posts are free for this plan.
        if complete:
            for url, known in list(self.known.items()):
                if known.active and url not in present:
                    self._cancel(url, "post no longer in the site", lambda e: True)
                    self._remember(replace(known, active=False))
        self._cancel_dropped_platforms()
        # New posts first, then known posts, then the back-catalogue newest first (the
        # order of its drip); ties broken by url so a plan is deterministic.
        for post in sorted(unique, key=self._order):
            self._plan_post(post)
        self._place_pending()
        return self.report

    def apply(self) -> None:
        """Write what `compute` decided (inside the caller's write transaction)."""
        for write, undo in self.writes:
            if write() is False and undo is not None:
                undo()
        self.store.remember_posts(self.remembered)
        shift = self.store.next_id() - self.first_id
        if shift:  # entries were added since the snapshot: number ours after them
            self.new_entries = [replace(e, id=e.id + shift) for e in self.new_entries]
        self.report.added = self.store.add(self.new_entries, self.now) + self.revived
        self.store.set_state(GENERATION_KEY, self.store.get_state(GENERATION_KEY, 0) + 1)

    def _write(self, write: Callable[[], Any], undo: Callable[[], None] | None = None) -> None:
        self.writes.append((write, undo))

    def _remember(self, known: KnownPost) -> None:
        self.remembered.append(known)

    def _set_status(self, entry: Entry, status: str, note: str, undo: Callable[[], None]) -> None:
        self.notes[entry.id] = note
        self._write(
            partial(self.store.set_status, entry.id, status, self.now, note, expect=("planned",)),
            undo,
        )

    def _unique(self, posts: Sequence[Post]) -> list[Post]:
        seen: dict[str, Post] = {}
        for post in posts:
            if post.url in seen:
                self.problems.add(post.source or post.url, f"same url as another post: {post.url}")
                continue
            seen[post.url] = post
        return list(seen.values())

    def _order(self, post: Post) -> tuple[int, float, str]:
        stamp = post.date.timestamp() if post.date else 0.0
        if post.url not in self.known and cadence.is_new(post, self.now, self.settings):
            return (0, stamp, post.url)
        if post.url in self.known:
            return (1, stamp, post.url)
        return (2, -stamp, post.url)

    def _recognise_moved(self, posts: list[Post]) -> list[Post]:
        """Posts under an unknown url with the text of a known post: if that post left, it
        moved (its cadence and entries follow); if it is still here, or the text came twice
        in this plan, it is a copy (a feed listing one post under two addresses): skipped."""
        present = {p.url for p in posts}
        known = [k for k in self.known.values() if k.text_hash]
        gone = {k.text_hash: k for k in known if k.url not in present}
        here = {k.text_hash: k.url for k in known if k.url in present}
        kept: list[Post] = []
        for post in posts:
            key = self._text_hash(post)
            if post.url in self.known or key is None:
                kept.append(post)
                continue
            if key in here:
                self.problems.add(
                    post.source or post.url,
                    f"same text as {here[key]}: not planned again under {post.url}",
                )
                continue
            here[key] = post.url
            kept.append(post)
            old = gone.pop(key, None)
            if old is None:
                continue
            self._write(partial(self.store.rename_post, old.url, post.url, self.now))
            self.renamed[post.url] = old.url
            self.known[post.url] = replace(self.known.pop(old.url), url=post.url)
            self.report.moved.append((old.url, post.url))
        return kept

    # -- one post ------------------------------------------------------------------------

    def _hash(self, post: Post) -> str:
        found = self.hashes.get(post.url)
        if found is None:
            found = self.hashes[post.url] = post.content_hash
        return found

    def _text_hash(self, post: Post) -> str | None:
        if post.url not in self.text_hashes:
            self.text_hashes[post.url] = text_hash(post)
        return self.text_hashes[post.url]

    def _description(self, post: Post) -> str:
        """The post's description, one string shared by all its entries."""
        found = self.descriptions.get(post.url)
        if found is None:
            found = self.descriptions[post.url] = post.description
        return found

    def _load(self, *urls: str) -> None:
        """Read the entries of these posts (under their old url for a moved post)."""
        stored = {self.renamed.get(url, url): url for url in urls if url not in self.loaded}
        self.loaded.update(stored.values())
        for entry in self.store.entries_of(list(stored)):
            url = stored[entry.post_url]
            if url != entry.post_url:
                self.notes[entry.id] = f"post moved from {entry.post_url}"
                entry = replace(entry, post_url=url)
            self.existing[url, entry.platform][entry.seq] = entry

    def _plan_post(self, post: Post) -> None:
        self._load(post.url)
        reason = cadence.waiting(post, self.now)
        known = self.known.get(post.url)
        if reason:
            self.report.waiting.append((post.url, reason))
            if known is not None:
                self._cancel(post.url, reason, lambda e: True)
            return
        updated = False
        if known is None:
            known = self._first_seen(post)
        elif known.content_hash != self._hash(post) or not known.active:
            updated = self._was_updated(post, known)
            known = replace(
                known,
                content_hash=self._hash(post),
                text_hash=self._text_hash(post) or "",
                active=True,
            )
            self._remember(known)
            self.known[post.url] = known
        if not post.evergreen:
            self._cancel(post.url, "evergreen: false", lambda e: e.seq > 0)
        if post.expires is not None:
            expires = post.expires
            self._cancel(post.url, "after the post's expiry", lambda e: e.due >= expires)
        new = cadence.is_new(post, self.now, self.settings)
        expires = None if post.expires is None else to_us(post.expires)
        # Platforms with the same cadence want the same shares: worked out once per post.
        same: dict[tuple[Any, ...], tuple[list[cadence.Share], list[int], list[int]]] = {}
        for platform in self.platforms:
            offsets = self.rules[platform].offsets
            have = self.existing[post.url, platform]
            self._refresh_all(post, have)
            # Announced on first sight, or when a platform is enabled while the post is new.
            announce = new and (known.first_planned == self.now or not have)
            # A platform planned before keeps shares that found no slot then; a new one
            # starts now, never back-filled.
            since = known.first_planned if have else self.now
            found = same.get((offsets, announce, since))
            if found is None:
                shares = cadence.shares(
                    post, offsets, anchor=known.anchor, announce=announce, now=self.now,
                    since=since,
                )  # fmt: skip
                targets = [to_us(s.target) for s in shares]
                order = _in_order(shares, targets)
                found = same[offsets, announce, since] = (shares, targets, order)
            shares, targets, order = found
            olds: list[Entry | None] | None = None
            if have:
                olds, kept, kept_targets = [], [], []
                for share, target in zip(shares, targets, strict=True):
                    old = have.get(share.seq)
                    if old is None or self._revivable(old):
                        olds.append(old)
                        kept.append(share)
                        kept_targets.append(target)
                shares, targets, order = kept, kept_targets, _in_order(kept, kept_targets)
            if updated and post.evergreen:
                seq = max([cadence.UPDATE_SEQ - 1, *have]) + 1
                shares = [*shares, cadence.Share(seq, self.now, True)]
                targets = [*targets, to_us(self.now)]
                olds = [*(olds or [None] * (len(shares) - 1)), None]
                order = _in_order(shares, targets)
            if shares:
                self.wanted.append(
                    _Wanted(post, platform, have, shares, targets, order, olds, expires)
                )

    def _was_updated(self, post: Post, known: KnownPost) -> bool:
        """The post says it was updated since it was first planned, and its text changed
        (a feed that only re-dates an item is not an update)."""
        now_text = self._text_hash(post)
        return (
            post.updated is not None
            and post.updated > known.first_planned
            and bool(known.text_hash and now_text)
            and now_text != known.text_hash
        )

    def _refresh_all(self, post: Post, have: dict[int, Entry]) -> None:
        for index, seq in enumerate(sorted(have)):
            entry = have[seq]
            if entry.status == "planned" and entry.content_hash != self._hash(post):
                have[seq] = self._refresh(post, entry, index)

    def _first_seen(self, post: Post) -> KnownPost:
        last = self.last_offset
        anchor = post.date or self.now
        if not cadence.is_new(post, self.now, self.settings) and cadence.is_back_catalogue(
            post, self.now, (last,) if last else ()
        ):
            day = self.backlog // self.settings.backlog_per_day
            anchor = start_of_day(self.now, self.config) + timedelta(days=day)
            self.backlog += 1
        known = KnownPost(
            url=post.url,
            content_hash=self._hash(post),
            text_hash=self._text_hash(post) or "",
            date=post.date,
            anchor=anchor,
            first_planned=self.now,
            active=True,
        )
        self._remember(known)
        self.known[post.url] = known
        return known

    def _place_pending(self) -> None:
        """Place the wanted shares in order of their target time: the earliest need first,
        new posts first among equals, so no post's later shares crowd out another's first.

        Each share's place in that order is one int: its target, then not new, then the
        order it was asked for (its post and platform's number, then its own). The shares of
        one post on one platform come in that order, so a heap holding the next share of
        each gives the whole order, and one that is deferred drops the rest of them at once.
        """
        horizon = to_us(self.now + timedelta(days=self.settings.horizon_days))
        gap = self.gap // timedelta(microseconds=1)
        wanted = self.wanted
        index_bits = max((len(w.shares) for w in wanted), default=1).bit_length()
        number_bits = max(len(wanted), 1).bit_length()
        index_mask, number_mask = (1 << index_bits) - 1, (1 << number_bits) - 1
        low = number_bits + index_bits

        def key(number: int, index: int) -> int:
            w = wanted[number]
            first = (w.targets[index] << 1) | (not w.shares[index].new)
            return (first << low) | (number << index_bits) | index

        heap = [key(number, w.order[0]) for number, w in enumerate(wanted)]
        heapq.heapify(heap)
        while heap:
            head = heap[0]
            number, index = (head >> index_bits) & number_mask, head & index_mask
            w = wanted[number]
            w.taken += 1
            if self._place(w, index, gap, horizon):
                if w.taken < len(w.order):
                    heapq.heapreplace(heap, key(number, w.order[w.taken]))
                    continue
            else:  # this share and the later ones of its post on its platform wait
                self.report.deferred += len(w.order) - w.taken + 1
            heapq.heappop(heap)

    def _place(self, wanted: _Wanted, index: int, gap: int, horizon: int) -> bool:
        """Place one share (or find it can never be); False when the queue is full to the
        horizon for it, so it and the later shares of its post on its platform wait."""
        share, target = wanted.shares[index], wanted.targets[index]
        post, platform, have = wanted.post, wanted.platform, wanted.have
        before = sorted([s for s in have if s < share.seq]) if have else []
        previous = have[before[-1]] if before else None
        live = wanted.live
        if live is None:
            live = wanted.live = [to_us(e.due) for e in have.values() if e.status in LIVE]
        if previous is not None and previous.status in LIVE and share.seq < cadence.UPDATE_SEQ:
            target = max(target, to_us(previous.due) + gap)
        board = self.boards[platform]
        due = board.first_free(target, new=share.new, gap=gap, others=live if gap else ())
        if board.week.empty or (
            wanted.expires is not None and (target if due is None else due) >= wanted.expires
        ):
            self.report.unplaced.append((post.url, platform, share.seq))
            self.problems.add(
                post.source or post.url,
                f"{platform}: no posting slot for share {share.seq} before "
                + ("the post expires" if post.expires else "any day: no slots configured"),
            )
            return True
        if due is None or (due > horizon and not share.new):
            # (New posts are always placed: with no slots kept for them they may land far
            # ahead.)
            return False
        entry = self._compose(
            post, platform, share.seq, share.new, len(before), from_us(due), previous
        )
        if entry is None:
            return True
        board.take(due, new=share.new)
        live.append(due)
        old = wanted.olds[index] if wanted.olds else None
        if old is not None:
            entry = self._revive(old, entry)
        else:
            self.new_entries.append(entry)
            self.next_id += 1
        have[share.seq] = entry
        return True

    def _revive(self, old: Entry, fresh: Entry) -> Entry:
        """Bring back a share a plan canceled, with a new time and fresh text."""
        fields = {k: getattr(fresh, k) for k in EDITABLE}
        note = PLANNER_NOTE + "post is back"
        entry = replace(fresh, id=old.id, status="planned")
        self.notes[old.id] = note
        self.revived.append(entry)
        self._write(
            partial(self.store.revive, old.id, fresh.due, self.now, note, **fields),
            partial(self.revived.remove, entry),
        )
        return entry

    def _compose(
        self,
        post: Post,
        platform: str,
        seq: int,
        new: bool,
        index: int,
        due: datetime,
        previous: Entry | None,
    ) -> Entry | None:
        variant = cadence.variant_for(
            post,
            seq,
            index,
            when=due,
            previous=previous.variant if previous else None,
            settings=self.settings,
        )
        caption = self._caption(post, platform, variant, index, previous)
        if caption is None:
            return None
        card = self._card(post, platform, index, previous)
        return Entry(
            id=self.next_id,
            post_url=post.url,
            content_hash=self._hash(post),
            platform=platform,
            variant=caption.variant,
            due=due,
            seq=seq,
            new=new,
            idempotency_key=idempotency_key(post.url, platform, seq),
            # As `_caption_fields`, without building the dict for each entry.
            text=caption.text,
            parts=_parts(caption),
            link=caption.link or post.url,
            title=post.title,
            description=self._description(post),
            lang=post.lang,
            card_path=None if card is None else str(card.path),
            card_url=None if card is None else card.url,
            card_template=None if card is None else card.template,
            alt="" if card is None else card.alt,
        )

    def _caption(
        self, post: Post, platform: str, variant: str, index: int, previous: Entry | None
    ) -> Caption | None:
        """The caption for `variant`, or the next rotation variant the post can fill."""
        caption = self.captions_fn(post, platform, variant, index)
        if caption is not None:
            return caption
        last = previous.variant if previous else None
        for name in [v for v in self.settings.variants if v not in (variant, last)]:
            caption = self.captions_fn(post, platform, name, index)
            if caption is not None:
                return caption
        self.problems.add(post.source or post.url, f"{platform}: no caption could be written")
        return None

    def _card(self, post: Post, platform: str, index: int, previous: Entry | None) -> Card | None:
        cards = list(self.cards.get(post.url, ()))
        if not cards:
            return None
        name = cadence.template_for(
            index,
            previous.card_template if previous else None,
            self.settings,
            sorted({c.template for c in cards}),
        )
        of_template = [c for c in cards if c.template == name]
        for card in of_template:
            if card.size == platform or platform in card.size:
                return card
        return of_template[0]

    def _refresh(self, post: Post, entry: Entry, index: int) -> Entry:
        """The post was edited: rewrite the caption of a not-yet-posted entry."""
        caption = self.captions_fn(post, entry.platform, entry.variant, index)
        if caption is None:
            return entry
        fields = {
            "content_hash": self._hash(post),
            **_caption_fields(caption, post, self._description(post)),
        }
        note = "post edited: text updated"
        entry = replace(entry, **fields)
        self.report.updated.append(entry)
        self.notes[entry.id] = note
        self._write(
            partial(self.store.edit, entry.id, self.now, note, **fields),
            partial(self.report.updated.remove, entry),
        )
        return entry

    def _cancel(self, url: str, reason: str, which: Callable[[Entry], bool]) -> None:
        """Cancel the planned entries of a post that `which` selects (missed ones too)."""
        self._load(url)
        for platform in self.platforms:
            for seq, entry in list(self.existing.get((url, platform), {}).items()):
                if entry.status != "planned" or not which(entry):
                    continue
                self.boards[platform].remove(entry.due, new=entry.new)
                canceled = replace(entry, status="canceled")
                self.existing[url, platform][seq] = canceled
                self.report.canceled.append(canceled)
                undo = partial(self.report.canceled.remove, canceled)
                self._set_status(entry, "canceled", PLANNER_NOTE + reason, undo)

    def _cancel_dropped_platforms(self) -> None:
        """Planned entries of platforms no longer in the config are canceled."""
        for platform in self.store.platforms(statuses=("planned",)):
            if platform in self.platforms:
                continue
            note = PLANNER_NOTE + f"{platform} is no longer in `platforms`"
            for entry in self.store.entries(platform=platform, statuses=("planned",)):
                canceled = replace(entry, status="canceled")
                self.report.canceled.append(canceled)
                self._set_status(
                    entry, "canceled", note, partial(self.report.canceled.remove, canceled)
                )

    def _revivable(self, entry: Entry) -> bool:
        """Canceled by a plan (the post left or was held), not by a person."""
        if entry.status != "canceled":
            return False
        note = self.notes.get(entry.id)
        if note is None:
            history = self.store.history(entry.id)
            note = history[-1].note if history else ""
        return note.startswith(PLANNER_NOTE)


class _Wanted:
    """The shares one post still wants on one platform, and how their placing goes."""

    __slots__ = (
        "expires",
        "have",
        "live",
        "olds",
        "order",
        "platform",
        "post",
        "shares",
        "taken",
        "targets",
    )

    def __init__(
        self,
        post: Post,
        platform: str,
        have: dict[int, Entry],
        shares: list[cadence.Share],
        targets: list[int],
        order: list[int],
        olds: list[Entry | None] | None,
        expires: int | None,
    ) -> None:
        self.post, self.platform, self.have = post, platform, have
        #: The shares, their targets in epoch microseconds, and the canceled entry each
        #: brings back (None: all new).
        self.shares, self.targets, self.olds = shares, targets, olds
        #: The post's expiry in epoch microseconds.
        self.expires = expires
        #: The indexes of its shares in the order they are placed, and how many were.
        self.order, self.taken = order, 0
        #: Due times of its entries that hold a slot (epoch microseconds), once needed.
        self.live: list[int] | None = None


def _in_order(shares: list[cadence.Share], targets: list[int]) -> list[int]:
    """The indexes of `shares` by (target, not new), as they were asked for among equals."""
    keys = [(t, not s.new) for s, t in zip(shares, targets, strict=True)]
    return sorted(range(len(keys)), key=keys.__getitem__)


def _parts(caption: Caption) -> tuple[str, ...]:
    """A thread's parts after its first (which is `text`)."""
    return tuple(caption.parts[1:]) if len(caption.parts) > 1 else ()


def _caption_fields(caption: Caption, post: Post, description: str) -> dict[str, Any]:
    return {
        "text": caption.text,
        "parts": _parts(caption),
        "link": caption.link or post.url,
        "title": post.title,
        "description": description,
        "lang": post.lang,
    }


def captions_fn_for(config: Any, problems: Problems | None = None) -> CaptionsFn:
    """The project's caption writer as a `captions_fn`."""

    def write(post: Post, platform: str, variant: str, rotation: int) -> Caption | None:
        from smm_promote.captions.compose import caption

        # A variant the post cannot fill is not a problem here: the planner tries the next.
        own = Problems()
        found = caption(post, platform, variant, config, rotation=rotation, problems=own)
        if problems is not None and found is not None:
            problems.extend(own)
        return found

    return write


def plan_posts(
    posts: Sequence[Post],
    config: Any,
    *,
    now: datetime,
    cards: Mapping[str, Sequence[Card]] | None = None,
    problems: Problems | None = None,
    complete: bool = False,
    captions_fn: CaptionsFn | None = None,
) -> PlanReport:
    """`plan` on the configured store with `captions_fn`, by default the project's caption
    writer."""
    from smm_promote.schedule.store import open_store

    with open_store(config) as store:
        return plan(
            posts,
            config,
            store,
            now=now,
            captions_fn=captions_fn or captions_fn_for(config, problems),
            cards=cards,
            problems=problems,
            complete=complete,
        )
