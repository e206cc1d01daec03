"""Regular expressions compiled when first used: a module that defines many pays for none of
them when it is imported, and a run compiles only those it uses."""

from __future__ import annotations

import re
from typing import Any, cast

#: What a compiled pattern answers besides `pattern`: taken over from it once compiled.
_ATTRIBUTES = (
    "search", "match", "fullmatch", "split", "findall", "finditer", "sub", "subn", "scanner",
    "flags", "groups", "groupindex",
)  # fmt: skip


class LazyPattern:
    """Stands for `re.compile(pattern, flags)`: compiled the first time anything but its
    `pattern` is asked for; from then on its methods are the compiled pattern's own."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self._flags = flags

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        compiled = re.compile(self.pattern, self._flags)
        for attribute in _ATTRIBUTES:
            setattr(self, attribute, getattr(compiled, attribute))
        return getattr(compiled, name)


def lazy(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, compiled when first used."""
    return cast("re.Pattern[str]", LazyPattern(pattern, flags))
