"""Regular expressions compiled when first used: a module that defines many pays for none of
them when it is imported, and a run compiles only those it uses. Patterns that need the
`regex` module (Unicode properties such as `\\p{L}`) import it when first used too."""

from __future__ import annotations

import importlib
import re
from typing import Any, cast

#: What a compiled pattern answers besides `pattern`: taken over from it once compiled.
_ATTRIBUTES = (
    "search", "match", "fullmatch", "split", "findall", "finditer", "sub", "subn", "scanner",
    "flags", "groups", "groupindex",
)  # fmt: skip


class LazyPattern:
    """Stands for `<engine>.compile(pattern, flags)` (`re` or `regex`): compiled the first
    time anything but its `pattern` is asked for; from then on its methods are the compiled
    pattern's own."""

    def __init__(self, pattern: str, flags: int = 0, engine: str = "re") -> None:
        self.pattern = pattern
        self._flags = flags
        self._engine = engine

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        compiled = importlib.import_module(self._engine).compile(self.pattern, self._flags)
        for attribute in _ATTRIBUTES:
            setattr(self, attribute, getattr(compiled, attribute))
        return getattr(compiled, name)


def lazy(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, compiled when first used."""
    return cast("re.Pattern[str]", LazyPattern(pattern, flags))


def lazy_regex(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`regex.compile(pattern, flags)` (Unicode properties, `\\p{L}`), the `regex` module
    imported and the pattern compiled when first used. Flags are `regex`'s (`regex.I` is
    `re.I`'s value)."""
    return cast("re.Pattern[str]", LazyPattern(pattern, flags, "regex"))
