"""The one config schema and its loaders.

Config comes from `smm-promote.toml`, from `[tool.smm-promote]` in `pyproject.toml`, or
from a plugin's settings (Pelican's `SMM_PROMOTE`, MkDocs' plugin block) turned into a dict.
Every loader ends in `Config.from_mapping`, which validates and reports every problem with
the file, the key (and line where known) and what was expected.
Secrets never live in config: they come from environment variables.
"""

from __future__ import annotations

import difflib
import re
import string
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from smm_promote.captions.settings import CaptionsSettings
from smm_promote.cards.settings import CardsSettings
from smm_promote.checks import path_text, path_texts
from smm_promote.defaults import find_config, read_config_file, resolve
from smm_promote.errors import ConfigError
from smm_promote.integrations.settings import WatchSettings
from smm_promote.publish.settings import PublishSettings
from smm_promote.schedule.settings import ScheduleSettings
from smm_promote.secrets import secret_kinds

#: Placeholders `url_pattern` may use.
URL_PLACEHOLDERS = ("slug", "year", "month", "day", "lang", "category", "file")

#: Platforms the project knows, in display order.
PLATFORMS: tuple[str, ...] = (
    "x",
    "mastodon",
    "bluesky",
    "linkedin",
    "facebook",
    "threads",
    "instagram",
    "pinterest",
)


class AuthorSettings(BaseModel):
    """Handles of one author, keyed by the id posts use in `authors:`."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    handles: dict[str, str] = {}


class Config(BaseModel):
    """The validated config. Build it with `load_config` or `Config.from_mapping`."""

    model_config = ConfigDict(extra="forbid", validate_default=True)

    site_url: str = ""
    site_name: str = ""
    timezone: str = "UTC"
    lang: str = "en"
    #: Platforms to promote on.
    platforms: list[str] = ["x", "mastodon", "bluesky", "linkedin"]
    #: Site-wide handles per platform, e.g. {mastodon = "@me@example.social"}.
    handles: dict[str, str] = {}
    authors: dict[str, AuthorSettings] = {}
    #: Defaults for posts that do not say `evergreen:` / `promote:` in front matter.
    evergreen: bool = True
    promote: bool = True
    #: Where posts live, for commands run without a PATH_OR_FEED argument.
    content: list[str] = []
    #: Folder for generated files (cards, preview) relative to the config file.
    output: str = ".smm-promote"
    #: Every post's URL as `site_url` + this pattern, over any generator rule or built page,
    #: e.g. "blog/{year}/{month}/{slug}/". Placeholders: see `URL_PLACEHOLDERS`.
    url_pattern: str = ""
    #: A built site, sitemap or feed to take posts' real URLs from (like `--site`).
    site: str = ""

    cards: CardsSettings = Field(default_factory=CardsSettings)
    captions: CaptionsSettings = Field(default_factory=CaptionsSettings)
    schedule: ScheduleSettings = Field(default_factory=ScheduleSettings)
    publish: PublishSettings = Field(default_factory=PublishSettings)
    watch: WatchSettings = Field(default_factory=WatchSettings)

    #: The file this config was read from (None for built-in defaults or plugin settings).
    source: Path | None = Field(default=None, exclude=True)
    #: The folder relative paths are resolved against.
    base_dir: Path = Field(default_factory=Path.cwd, exclude=True)
    #: Warnings about the config that do not stop it (a credential in a URL).
    warnings: list[str] = Field(default_factory=list, exclude=True)

    _paths = field_validator("output")(path_text)
    _content = field_validator("content")(path_texts)

    @field_validator("site_url")
    @classmethod
    def _check_url(cls, value: str) -> str:
        if value and not re.match(r"^https?://[^/\s]+", value):
            raise ValueError(f"expected an absolute http(s) URL, got {value!r}")
        return value.rstrip("/")

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"expected an IANA time zone like 'Europe/Berlin', got {value!r}"
            ) from None
        return value

    @field_validator("url_pattern")
    @classmethod
    def _check_url_pattern(cls, value: str) -> str:
        try:
            fields = [name for _text, name, _spec, _conv in string.Formatter().parse(value)]
        except ValueError as exc:
            raise ValueError(f"not a valid pattern: {exc}") from None
        for name in fields:
            if name is not None and name not in URL_PLACEHOLDERS:
                known = ", ".join("{" + p + "}" for p in URL_PLACEHOLDERS)
                raise ValueError(f"unknown placeholder {{{name}}}; known: {known}")
        return value.strip().lstrip("/")

    @field_validator("platforms")
    @classmethod
    def _check_platforms(cls, value: list[str]) -> list[str]:
        names = [v.lower() for v in value]
        for name in names:
            if name not in PLATFORMS:
                raise ValueError(
                    f"unknown platform {name!r}, expected some of {', '.join(PLATFORMS)}"
                )
        return list(dict.fromkeys(names))

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def path(self, value: str | Path) -> Path:
        """Resolve a configured path against the config file's folder."""
        return resolve(self.base_dir, value)

    @classmethod
    def from_mapping(
        cls,
        data: Mapping[str, Any],
        *,
        source: Path | str | None = None,
        base_dir: Path | None = None,
        text: str | None = None,
    ) -> Config:
        """Validate `data`; raise `ConfigError` listing every problem with its key path."""
        origin = str(source) if source else "config"
        try:
            config = cls.model_validate(dict(data))
        except ValidationError as exc:
            raise ConfigError(origin, _describe(exc, cls, text)) from None
        config.source = Path(source) if source else None
        config.base_dir = base_dir or (Path(source).parent if source else Path.cwd())
        config.warnings = _credential_warnings(data, origin)
        return config


#: Where a URL's credential can come from instead of the config file.
_URL_FROM_ENV = {"publish.webhook.url": "SMM_WEBHOOK_URL"}


def _credential_warnings(data: Any, origin: str, key: str = "") -> list[str]:
    """A warning for every URL in the config that holds a credential."""
    if isinstance(data, Mapping):
        return [
            w
            for k, v in data.items()
            for w in _credential_warnings(v, origin, f"{key}.{k}" if key else str(k))
        ]
    if isinstance(data, list):
        return [
            w for i, v in enumerate(data) for w in _credential_warnings(v, origin, f"{key}.{i}")
        ]
    if isinstance(data, str) and data.startswith(("http://", "https://")):
        kinds = secret_kinds(data)
        if kinds:
            env = _URL_FROM_ENV.get(key)
            advice = f"give the URL through {env} instead" if env else "keep it out of the file"
            return [f"{origin}: {key} holds a credential ({', '.join(kinds)}); {advice}"]
    return []


def _describe(exc: ValidationError, schema: type[BaseModel], text: str | None) -> list[str]:
    """Turn pydantic's errors into `key.path (line N): what was expected` lines."""
    problems = []
    for err in exc.errors():
        loc = [str(part) for part in err["loc"]]
        key = ".".join(loc)
        where = f" (line {line})" if text and (line := _nearest_line(text, loc)) else ""
        if err["type"] == "extra_forbidden":
            known = _known_keys(schema, loc[:-1])
            hint = difflib.get_close_matches(loc[-1], known, n=1)
            suggestion = f"; did you mean {hint[0]!r}?" if hint else ""
            problems.append(f"{key}{where}: unknown key{suggestion}")
            continue
        message = err["msg"].removeprefix("Value error, ")
        got = err.get("input")
        shown = "" if isinstance(got, dict | list) or got is None else f" (got {got!r})"
        if "got " in message:
            shown = ""
        problems.append(f"{key}{where}: {message}{shown}")
    return problems


def _known_keys(schema: type[BaseModel], loc: list[str]) -> list[str]:
    model: Any = schema
    for part in loc:
        field = getattr(model, "model_fields", {}).get(part)
        if field is None:
            return []
        model = field.annotation
    return list(getattr(model, "model_fields", {}))


def _nearest_line(text: str, loc: list[str]) -> int | None:
    """The line of the key at `loc`, else of the nearest key holding it (an inline table)."""
    for end in range(len(loc), 0, -1):
        if line := _find_line(text, loc[:end]):
            return line
    return None


def _find_line(text: str, loc: list[str]) -> int | None:
    """Best-effort line of a TOML key: the last key of `loc` under its table header."""
    if not loc:
        return None
    key = loc[-1]
    tables = [p for p in loc[:-1] if not p.isdigit()]
    current: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        header = re.match(r"^\[+([^\]]+)\]+", stripped)
        if header:
            current = [p.strip().strip('"') for p in header.group(1).split(".")]
            continue
        tail = current[2:] if current[:2] == ["tool", "smm-promote"] else current
        if re.match(rf"^\"?{re.escape(key)}\"?\s*=", stripped) and tail == tables:
            return number
        if key.isdigit() and tables and re.match(rf"^\"?{re.escape(tables[-1])}\"?\s*=", stripped):
            return number
    return None


def load_config(path: Path | str | None = None, *, search_from: Path | None = None) -> Config:
    """Load the config file at `path`, or the nearest one, or the defaults."""
    if path is None:
        found = find_config(search_from)
        if found is None:
            return Config.from_mapping({})
        path = found
    path = Path(path)
    if not path.is_file():
        raise ConfigError(str(path), ["file not found"])
    data, text = read_config_file(path)
    return Config.from_mapping(data, source=path, text=text)
