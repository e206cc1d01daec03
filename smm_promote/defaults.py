"""Finding the config file, and the config when there is none, without the schema.

The schema (`smm_promote.config`, pydantic models) costs more to load than a quick
`smm-promote posts FILE` costs in all. `find_config` finds the file; `load_config_lazily`
gives the validated `Config` when there is one, else a `DefaultConfig`: the settings that
reading posts asks for (`READING`, `SCHEDULE`) are its own, with the schema's default
values (a test holds them to the schema's), and anything else builds the schema's
`Config` of no file once and answers from it, so the defaults are the same either way.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from smm_promote.config import Config

CONFIG_FILE = "smm-promote.toml"

#: The top-level settings reading posts asks for, with the schema's default values.
READING: dict[str, Any] = {
    "site_url": "", "site_name": "", "timezone": "UTC", "lang": "en", "evergreen": True,
    "promote": True, "content": [], "output": ".smm-promote", "url_pattern": "", "site": "",
    "authors": {}, "handles": {},
}  # fmt: skip
#: The `[schedule]` settings reading posts asks for (which posts are evergreen).
SCHEDULE: dict[str, Any] = {"evergreen_rules": []}
#: What the schema's loaders set on every config besides its values.
_ASSIGNED = ("source", "base_dir", "warnings")


def find_config(start: Path | None = None) -> Path | None:
    """The nearest `smm-promote.toml`, or `pyproject.toml` with `[tool.smm-promote]`."""
    start = (start or Path.cwd()).resolve()
    if start.is_file():
        start = start.parent
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_FILE
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            import tomllib

            try:
                if "smm-promote" in tomllib.loads(pyproject.read_text()).get("tool", {}):
                    return pyproject
            except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError, RecursionError):
                continue
    return None


def read_config_file(path: Path) -> tuple[dict[str, Any], str]:
    """The smm-promote settings of a config file (a `pyproject.toml`'s `[tool.smm-promote]`)
    and the file's text; a `ConfigError` names the file when it is not UTF-8 TOML."""
    import tomllib

    from smm_promote.errors import ConfigError

    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        byte = data[exc.start]
        raise ConfigError(str(path), [f"not UTF-8 text: byte {byte:#04x} on line {line}"]) from None
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), [f"not valid TOML: {exc}"]) from None
    except RecursionError:
        raise ConfigError(
            str(path), ["not valid TOML: arrays or tables nested too deeply"]
        ) from None
    if path.name == "pyproject.toml":
        table = table.get("tool", {}).get("smm-promote", {})
    return table, text


def resolve(base_dir: Path, value: str | Path) -> Path:
    """A configured path resolved against the config file's folder (`Config.path`)."""
    p = Path(value).expanduser()
    return p if p.is_absolute() else base_dir / p


def load_config_lazily(
    path: Path | str | None = None, *, search_from: Path | None = None
) -> Config | DefaultConfig:
    """`config.load_config`, except that no config file gives a `DefaultConfig`, and so does
    a file the schema validated before, unchanged since under the same code (`_kept`)."""
    found = Path(path) if path is not None else find_config(search_from)
    if found is None:
        return DefaultConfig(Path.cwd())
    key = _kept_key(found)
    entries = _kept_entries() if key else {}
    if key and (kept := _kept(found, entries.get(key))) is not None:
        return kept
    from smm_promote.config import load_config

    config = load_config(found)
    if key:
        _keep(entries, key, config)
    return config


#: The file, in the user's cache folder, of the reading settings of validated config files.
_KEPT_FILE = "configs.json"
#: At most this many config files are kept (the most recently validated).
_KEPT_MOST = 64


def _kept_key(path: Path) -> str | None:
    """What a kept config depends on: the file's place and text, and the code; None when
    the file cannot be read (the schema's loader says why)."""
    import hashlib

    from smm_promote.memo import code_stamp

    try:
        data = path.read_bytes()
    except OSError:
        return None
    digest = hashlib.sha256(f"{path.resolve()}\0{code_stamp()}\0".encode())
    digest.update(data)
    return digest.hexdigest()[:32]


def _kept_path() -> Path:
    from smm_promote.sites.detect_lang import cache_folder

    return cache_folder() / _KEPT_FILE


def _kept_entries() -> dict[str, Any]:
    import json

    try:
        found = json.loads(_kept_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # absent or damaged: the schema reads the file
    return found if isinstance(found, dict) else {}


def _kept(path: Path, entry: Any) -> DefaultConfig | None:
    """The `DefaultConfig` of the config file at `path` from its kept `entry` (`_keep`),
    or None when there is none or it is damaged."""
    if not isinstance(entry, dict) or not isinstance(entry.get("set"), list):
        return None
    values = entry.get("values")
    if not isinstance(values, dict) or set(values) != set(READING):
        return None
    config = DefaultConfig(path.parent, values, source=path)
    config._set = set(entry["set"])
    return config


def _keep(entries: dict[str, Any], key: str, config: Config) -> None:
    """Keep `config`'s reading settings (`READING`) under `key` among the kept `entries`,
    when they are all plain values (no authors' or evergreen rules' models) and the file
    raised no warning (a credential: nothing of such a file is written)."""
    if config.authors or config.schedule.evergreen_rules or config.warnings:
        return
    import json

    from smm_promote.atomic import replace_text

    entries.pop(key, None)
    entries[key] = {
        "values": {name: getattr(config, name) for name in READING},
        "set": sorted(config.model_fields_set),
    }
    kept = dict(list(entries.items())[-_KEPT_MOST:])
    try:
        target = _kept_path()
        target.parent.mkdir(parents=True, exist_ok=True)
        replace_text(target, json.dumps(kept, ensure_ascii=False))
    except OSError:
        pass  # an unwritable cache only costs the next run the schema


class DefaultConfig:
    """The config of no file (`Config.from_mapping({})`), the schema loaded only when a
    setting other than those of `READING` and `SCHEDULE` is asked for."""

    def __init__(
        self, base_dir: Path, values: dict[str, Any] | None = None, source: Path | None = None
    ) -> None:
        self._values = copy.deepcopy(READING) if values is None else values
        self._set: set[str] = set(_ASSIGNED)
        self._real: Config | None = None
        self.source = source
        self.base_dir = base_dir
        self.warnings: list[str] = []

    def _config(self) -> Config:
        """The schema's config with this one's values."""
        if self._real is None:
            from smm_promote.config import Config, load_config

            if self.source is not None:
                real = load_config(self.source)
            else:
                real = Config.from_mapping({}, base_dir=self.base_dir)
            changed = {k: self._values[k] for k in self._set if k in self._values}
            if changed:
                real = real.model_copy(update=changed)
            real.source, real.base_dir, real.warnings = self.source, self.base_dir, self.warnings
            self._real = real
        return self._real

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        values = self.__dict__.get("_values", {})
        if name in values:
            return values[name]
        if name == "schedule" and self._real is None:
            return _Schedule(self)
        return getattr(self._config(), name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name.startswith("_"):
            object.__setattr__(self, name, value)
            return
        if name in _ASSIGNED:
            object.__setattr__(self, name, value)
        elif name in self._values:
            self._values[name] = value
            self._set.add(name)
        if self._real is not None or name not in (*_ASSIGNED, *self._values):
            setattr(self._config(), name, value)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def model_fields_set(self) -> set[str]:
        return set(self._set)

    def path(self, value: str | Path) -> Path:
        return resolve(self.base_dir, value)

    def model_copy(self, *, update: dict[str, Any] | None = None) -> Config | DefaultConfig:
        """A copy with `update` applied, as `Config.model_copy` makes it (unvalidated)."""
        update = update or {}
        if self._real is not None or not set(update) <= set(self._values):
            return self._config().model_copy(update=update)
        copied = DefaultConfig(self.base_dir, {**copy.deepcopy(self._values), **update})
        copied._set = self._set | set(update)
        copied.source, copied.warnings = self.source, self.warnings
        return copied


class _Schedule:
    """`[schedule]` of a `DefaultConfig`: `SCHEDULE`'s settings, the schema's for the rest."""

    def __init__(self, config: DefaultConfig) -> None:
        self._config = config

    def __getattr__(self, name: str) -> Any:
        if name in SCHEDULE:
            return copy.deepcopy(SCHEDULE[name])
        return getattr(self._config._config().schedule, name)
