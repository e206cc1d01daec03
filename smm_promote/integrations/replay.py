"""A site rebuild with nothing changed replays the last build instead of redoing it.

A door fingerprints everything its pipeline run reads: every page's HTML, metadata and URL,
the config, the code (`memo.code_stamp`), and by size and time the files of the site's
content folders (its images) and those the config names (logo, templates, font). When the
fingerprint is the last build's (`<output>/cache/<door>-build.json`), every card that build
drew is still in the cache and no post has expired since, the door reuses what that build
made (each page's meta tags, card and captions, the warnings) and extracts, draws and
captions nothing. The pages still get their tags, since generators write every page again;
which tags a page's head has already is kept by the head's digest, so a replayed page costs
one read and one write. Planning (time-dependent, and it writes the queue) always runs the
pipeline. Installed fonts and a built site's colours are not watched: a change to the
content or config picks them up.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smm_promote.atomic import replace_text
from smm_promote.errors import Problems
from smm_promote.integrations.meta import MetaTag
from smm_promote.memo import code_stamp
from smm_promote.memo import key as memo_key
from smm_promote.model import (
    Caption,
    Card,
    Post,
    caption_data,
    caption_from_data,
    card_data,
    card_from_data,
    post_data,
    post_from_data,
)

if TYPE_CHECKING:
    from smm_promote.config import Config

#: Bump when the record's shape changes.
FORMAT = 1


def file_state(paths: Iterable[str | Path]) -> list[Any]:
    """Each file's size and modification time (None when absent), in a stable order."""
    state = []
    for path in sorted({str(p) for p in paths}):
        try:
            stat = os.stat(path)
        except OSError:
            state.append([path, None])
            continue
        state.append([path, stat.st_size, stat.st_mtime_ns])
    return state


class KnownConfig:
    """What a replay reads of a door's config (`Replay`, `source_files`, the site URL), as
    the schema validated it from the same settings in an earlier build (`known_config`):
    a rebuild with the same settings and code loads no config schema."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data
        self.site_url: str = data["site_url"]
        self.base_dir = Path(data["base_dir"])
        self.output: str = data["output"]
        self.content: list[str] = data["content"]
        self.cards = _KnownCards(**data["cards"])

    @classmethod
    def of(cls, config: Config) -> KnownConfig:
        cards = config.cards
        return cls(
            {
                "site_url": config.site_url, "base_dir": str(config.base_dir),
                "output": config.output, "content": list(config.content),
                "dump": config.model_dump_json(),
                "cards": {"logo": cards.logo, "font": cards.font,
                          "templates_dir": cards.templates_dir},
            }
        )  # fmt: skip

    def path(self, value: str | Path) -> Path:
        """`Config.path`: a configured path resolved against the config's folder."""
        from smm_promote.defaults import resolve

        return resolve(self.base_dir, value)

    def model_dump_json(self) -> str:
        return self._data["dump"]

    def data(self) -> dict[str, Any]:
        return self._data


@dataclass(frozen=True)
class _KnownCards:
    logo: str | None
    font: str | None
    templates_dir: str | None


def _settings_file(output: Any, base_dir: Path, door: str) -> Path:
    from smm_promote.defaults import READING, resolve

    folder = output if isinstance(output, str) and output else READING["output"]
    return resolve(base_dir, folder) / "cache" / f"{door}-config.json"


def known_config(made_of: Any, base_dir: Path, door: str, output: Any = None) -> KnownConfig | None:
    """The config that the settings `made_of` (read from `base_dir`) gave in the last
    build, if the settings and the code are the same (`keep_config`); `output` is the
    output folder they name, if any."""
    kept = _read(_settings_file(output, base_dir, door))
    if kept.get("key") != memo_key(code_stamp(), made_of, str(base_dir)):
        return None
    try:
        return KnownConfig(kept["config"])
    except (KeyError, TypeError):
        return None


def keep_config(
    made_of: Any, base_dir: Path, config: Config, door: str, output: Any = None
) -> None:
    """Remember the config that the settings `made_of` gave, for `known_config`."""
    key = memo_key(code_stamp(), made_of, str(base_dir))
    path = _settings_file(output, base_dir, door)
    if _read(path).get("key") != key:
        _write(path, {"key": key, "config": KnownConfig.of(config).data()})


def source_files(config: Config | KnownConfig, built: Iterable[str | Path] = ()) -> list[str]:
    """The files the site is made from (its content folders: posts, their images, folder
    defaults) and those the config names that shape cards (logo, templates, font); never
    the folders a build writes (`built`, and the config's output) when they lie inside."""
    named = [config.cards.logo, config.cards.font, config.cards.templates_dir]
    roots = [config.path(p) for p in [*config.content, *named] if p and "://" not in p]
    return files_under(roots, [config.path(config.output), *built])


def files_under(roots: Iterable[str | Path], skip: Iterable[str | Path] = ()) -> list[str]:
    """The files in the folders `roots` (or the files they are), never inside `skip`."""
    written = {os.path.realpath(p) for p in skip}
    found: list[str] = []
    for root in roots:
        if os.path.isfile(root):
            found.append(str(root))
        for folder, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if os.path.realpath(os.path.join(folder, d)) not in written]
            found += [os.path.join(folder, name) for name in files]
    return found


class Heads(dict):
    """Head digest -> the meta keys it holds (`meta.existing_keys`): the last build's, and
    those this build met; only the latter are kept."""

    def __init__(self, old: dict[str, list[str]]) -> None:
        super().__init__()
        self.old = old

    def get(self, key: str, default: Any = None) -> Any:
        if key not in self and key in self.old:
            self[key] = self.old[key]
        return super().get(key, default)


class CaptionsWhenRead(Mapping[str, Caption]):
    """A page's caption by platform, written when a template first reads one (`write`):
    a theme that shows none costs no caption."""

    def __init__(self, write: Callable[[], Mapping[str, Caption]]) -> None:
        self._write = write
        self._written: Mapping[str, Caption] | None = None

    @property
    def written(self) -> Mapping[str, Caption]:
        """The captions if a template read them, else none."""
        return self._written or {}

    def _all(self) -> Mapping[str, Caption]:
        if self._written is None:
            self._written = self._write()
        return self._written

    def __getitem__(self, platform: str) -> Caption:
        return self._all()[platform]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


@dataclass
class Page:
    """What one promoted page shows: its meta tags, its link-preview card and captions."""

    tags: list[MetaTag]
    card: Card | None = None
    card_url: str | None = None
    captions: Mapping[str, Caption] = field(default_factory=dict)

    def data(self) -> dict[str, Any]:
        """The page as JSON data; captions written later (`CaptionsWhenRead`) only if they
        were read, as a replay of the same build shows only those."""
        shown = self.captions
        if isinstance(shown, CaptionsWhenRead):
            shown = shown.written
        return {
            "tags": [[t.attr, t.key, t.content] for t in self.tags],
            "card": card_data(self.card) if self.card else None,
            "card_url": self.card_url,
            "captions": {name: caption_data(c) for name, c in shown.items()},
        }

    @classmethod
    def of(cls, data: dict[str, Any]) -> Page:
        return cls(
            tags=[MetaTag(*tag) for tag in data["tags"]],
            card=card_from_data(data["card"]) if data["card"] else None,
            card_url=data["card_url"],
            captions={k: caption_from_data(v) for k, v in data["captions"].items()},
        )


class Replayed:
    """The last build's promotion, as `pipeline.Promotion` has it (its posts and captions
    read from disk only when asked for); never a plan."""

    plan = None

    def keep_captions(self) -> None:
        """Nothing to keep: a replay writes no caption (`pipeline.Promotion.keep_captions`)."""

    def __init__(self, record: dict[str, Any], details: Path, problems: Problems) -> None:
        self.cards = {
            url: [card_from_data(c) for c in group] for url, group in record["cards"].items()
        }
        self.problems = problems
        self._details = details

    @cached_property
    def _data(self) -> dict[str, Any]:
        return json.loads(self._details.read_text(encoding="utf-8"))

    @cached_property
    def posts(self) -> list[Post]:
        return [post_from_data(p) for p in self._data["posts"]]

    @property
    def skipped(self) -> list[tuple[Post, str]]:
        reasons = self._data["skipped"]
        return [(p, reasons[p.url]) for p in self.posts if p.url in reasons]

    @property
    def promoted(self) -> list[Post]:
        reasons = self._data["skipped"]
        return [p for p in self.posts if p.url not in reasons]

    @cached_property
    def captions(self) -> dict[str, list[Caption]]:
        return {
            url: [caption_from_data(c) for c in group]
            for url, group in self._data["captions"].items()
        }


class Replay:
    """The last build of one door (`<output>/cache/<door>-build.json`) and this build's."""

    def __init__(
        self,
        config: Config | KnownConfig,
        door: str,
        *inputs: Any,
        built: Iterable[str | Path] = (),
    ) -> None:
        """`inputs`: everything of the door's that its pipeline run reads besides the
        config (pages, their files); with the code and the config, they make the build's
        fingerprint. `built`: the folders the generator writes (never inputs)."""
        folder = config.path(config.output) / "cache"
        self.path = folder / f"{door}-build.json"
        self._code = code_stamp()
        files = file_state(source_files(config, built))
        self.fingerprint = memo_key(
            FORMAT, self._code, config.model_dump_json(), str(config.base_dir), files, *inputs
        )
        #: The posts and captions of the build of this fingerprint (read only when asked).
        self.details = folder / f"{door}-build-{self.fingerprint}.json"
        old = _read(self.path)
        self.heads = Heads(old.get("heads", {}) if old.get("code") == self._code else {})
        valid = _still_valid(old, self.fingerprint) and self.details.is_file()
        self.record: dict[str, Any] | None = old if valid else None
        #: Whether the last build can be replayed (its record is this build's).
        self.replayable = self.record is not None

    @property
    def pages(self) -> dict[str, Page]:
        """The last build's pages by source path (empty when it cannot be replayed)."""
        return {k: Page.of(v) for k, v in (self.record or {}).get("pages", {}).items()}

    @property
    def promoted(self) -> int:
        """How many posts the last build promoted."""
        return int((self.record or {}).get("promoted", 0))

    def promotion(self, problems: Problems) -> Replayed:
        """The last build's promotion, its warnings added to `problems`."""
        assert self.record is not None
        for where, message, line in self.record["problems"]:
            problems.add(where, message, line)
        for where, message in self.record["notes"]:
            problems.note(where, message)
        return Replayed(self.record, self.details, problems)

    def keep(self, promotion: Any, pages: dict[str, Page]) -> None:
        """Remember this build's pipeline run, as it stands when `save` writes it (the cards
        drawn by then, the captions written by then)."""
        self._kept = promotion, pages

    _kept: tuple[Any, dict[str, Page]] | None = None

    def save(self) -> None:
        """Write the record, unless nothing in it changed."""
        if self._kept is not None:
            self._write_kept(*self._kept)
            self._kept = None
        elif self.record is not None and set(self.heads) != set(self.heads.old):
            _write(self.path, {**self.record, "code": self._code, "heads": dict(self.heads)})

    def _write_kept(self, promotion: Any, pages: dict[str, Page]) -> None:
        drawn = [
            str(c.path) for group in promotion.cards.values() for c in group if c.path.is_file()
        ]
        now = datetime.now(UTC)
        expiries = [p.expires for p in promotion.posts if p.expires and p.expires > now]
        self.record = {
            "fingerprint": self.fingerprint,
            "valid_until": min(expiries).isoformat() if expiries else None,
            "drawn": drawn,
            "promoted": len(promotion.promoted),
            "cards": {url: [card_data(c) for c in group] for url, group in promotion.cards.items()},
            "pages": {where: page.data() for where, page in pages.items()},
            "problems": [[p.where, p.message, p.line] for p in promotion.problems.items],
            "notes": [[p.where, p.message] for p in promotion.problems.notes],
        }
        details = {
            "posts": [post_data(p) for p in promotion.posts],
            "skipped": {post.url: reason for post, reason in promotion.skipped},
            "captions": {
                url: [caption_data(c) for c in group] for url, group in promotion.captions.items()
            },
        }
        for older in self.details.parent.glob(f"{self.path.stem}-*.json"):
            older.unlink(missing_ok=True)
        _write(self.details, details)
        _write(self.path, {**self.record, "code": self._code, "heads": dict(self.heads)})


def _still_valid(record: dict[str, Any], fingerprint: str) -> bool:
    """Whether `record` is of the same inputs, no post has expired since and its cards are
    all still drawn."""
    if record.get("fingerprint") != fingerprint:
        return False
    until = record.get("valid_until")
    if until and datetime.fromisoformat(until) <= datetime.now(UTC):
        return False
    return all(os.path.isfile(path) for path in record.get("drawn", ()))


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # absent or damaged: the build runs the pipeline
    return data if isinstance(data, dict) else {}


def _write(path: Path, data: dict[str, Any]) -> None:
    # `dumps`, not `dump`: only the whole-string encoder is json's C one.
    replace_text(path, json.dumps(data, ensure_ascii=False), prefix=".build-")
