"""Reading a generator's TOML, YAML or JSON config file into a mapping, with a warning that
names the file when it cannot be read."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from smm_promote.errors import Problems
from smm_promote.sites.roots import CONFIG_SUFFIXES

SUFFIXES = CONFIG_SUFFIXES


def parse(path: Path) -> dict[str, Any]:
    """The mapping in `path` (by its suffix); `ValueError` with the reason when it is broken."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read: {exc}") from None
    try:
        if path.suffix == ".toml":
            data = tomllib.loads(text)
        elif path.suffix == ".json":
            data = json.loads(text) if text.strip() else {}
        else:
            data = yaml.safe_load(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"broken TOML: {exc}") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"broken JSON: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise ValueError(f"broken YAML{where}: {getattr(exc, 'problem', exc)}") from None
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        raise ValueError("not a mapping of settings")
    return dict(data)


def load(path: Path, problems: Problems, what: str) -> dict[str, Any] | None:
    """`parse(path)`, or None after a warning naming the file (`what`: "Hugo config"...)."""
    try:
        return parse(path)
    except ValueError as exc:
        problems.add(str(path), f"{what}: {exc}; its settings are not used")
        return None


def lower_keys_deep(value: Any) -> Any:
    """Keys lower-cased at every level (Hugo's settings are case-insensitive)."""
    if isinstance(value, Mapping):
        return {str(k).lower(): lower_keys_deep(v) for k, v in value.items()}
    if isinstance(value, list):
        return [lower_keys_deep(v) for v in value]
    return value


def merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """`over` merged into `base` recursively (tables merged, other values replaced)."""
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = merge(dict(out[key]), value)
        else:
            out[key] = value
    return out
