"""Modules that libraries import up front for what the command line never asks of them.

bs4 binds soupsieve for CSS selectors (it compiles about a hundred regexes on import) and a
charset detector for bytes of unknown encoding; the readers pass decoded text and select
nothing. Each stands in the module table as a placeholder that imports the real module the
first time anything asks it for an attribute, so a library using them works as before.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from typing import Any

#: Imported by bs4 on import, used by none of the project's reading.
DEFERRED = ("soupsieve", "chardet")


class Deferred(types.ModuleType):
    """Stands for module `__name__` until its first attribute is asked for, then becomes it."""

    def __getattr__(self, attribute: str) -> Any:
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        real = importlib.import_module(self.__name__)
        self.__dict__.update(real.__dict__)
        return getattr(real, attribute)


def defer(names: tuple[str, ...] = DEFERRED) -> None:
    """Put a `Deferred` for each module of `names` not loaded yet (absent ones are skipped)."""
    for name in names:
        if name in sys.modules:
            continue
        spec = importlib.util.find_spec(name)
        if spec is None:
            continue
        stand_in = Deferred(name)
        stand_in.__spec__, stand_in.__file__ = spec, spec.origin
        if spec.submodule_search_locations is not None:
            stand_in.__path__ = list(spec.submodule_search_locations)
        sys.modules[name] = stand_in
