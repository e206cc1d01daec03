"""Jinja sandboxes with a cap on the work one template may ask for.

Jinja's sandbox stops unsafe attribute access, not work: `{{ 'a' * 2000000000 }}`, nested
loops over `range(100000)` or `'x'.ljust(10**9)` would hold a run for minutes or take its
memory. Here every sized result is capped at `MAX_SIZE` (repetition, powers, numbers given to
functions and filters, widths in format strings), all loops of one render share
`MAX_ITERATIONS` turns, and a render's output stops at `MAX_SIZE` characters; going past a
cap raises `SecurityError`, a `TemplateError` the callers already report.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from functools import wraps
from typing import Any

from jinja2 import DictLoader, Template, nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedEnvironment

#: Largest string, sequence or number a template may make, and its longest output.
MAX_SIZE = 100_000
#: Loop turns one render may take, all loops together.
MAX_ITERATIONS = 100_000
#: A width or precision of six digits or more in a format string.
_BIG_WIDTH = re.compile(r"\d{6,}")

_turns: ContextVar[list[int] | None] = ContextVar("smm_promote_template_turns", default=None)


def _too_big(what: str) -> SecurityError:
    return SecurityError(f"{what}: over the template limit of {MAX_SIZE:,}")


def _check_args(args: Iterable[Any]) -> None:
    for value in args:
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_SIZE:
            raise _too_big(f"number {value}")


def _loop(iterable: Any) -> Iterator[Any]:
    """Every `{% for %}` iterates through this: the turns of one render are counted."""
    turns = _turns.get()
    if turns is None:
        turns = [0]
    for item in iterable:
        turns[0] += 1
        if turns[0] > MAX_ITERATIONS:
            raise SecurityError(f"loops ran past the template limit of {MAX_ITERATIONS:,} turns")
        yield item


class _CappedTemplate(Template):
    def render(self, *args: Any, **kwargs: Any) -> str:
        token = _turns.set([0])
        try:
            out, size = [], 0
            for piece in self.generate(*args, **kwargs):
                size += len(piece)
                if size > MAX_SIZE:
                    raise _too_big("output")
                out.append(piece)
            return "".join(out)
        finally:
            _turns.reset(token)


def _capped_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(function)
    def capped(*args: Any, **kwargs: Any) -> Any:
        _check_args([*args[1:], *kwargs.values()])
        if name == "format" and args and isinstance(args[0], str) and _BIG_WIDTH.search(args[0]):
            raise _too_big("a format width")
        return function(*args, **kwargs)

    return capped


class _Caps:
    """The caps, mixed into a sandboxed environment."""

    template_class = _CappedTemplate
    #: Operators whose results are checked at render time (never folded at compile time).
    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, **options: Any) -> None:
        options.setdefault("loader", DictLoader({}))  # include/import name no template
        super().__init__(**options)  # type: ignore[call-arg]
        self.globals["_smm_loop"] = _loop  # type: ignore[attr-defined]
        self.filters = {  # type: ignore[attr-defined]
            name: _capped_filter(name, f)
            for name, f in self.filters.items()  # type: ignore[attr-defined]
        }

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)  # type: ignore[misc]
        for loop in tree.find_all(nodes.For):
            loop.iter = nodes.Call(nodes.Name("_smm_loop", "load"), [loop.iter], [], None, None)
        return tree

    def call_binop(self, context: Any, operator_: str, left: Any, right: Any) -> Any:
        if operator_ == "*":
            for a, b in ((left, right), (right, left)):
                sized = isinstance(a, str | list | tuple) and isinstance(b, int)
                if sized and len(a) * b > MAX_SIZE:
                    raise _too_big("repetition")
        elif operator_ == "**" and isinstance(right, int | float) and abs(right) > 64:
            raise _too_big(f"power {right}")
        elif operator_ == "%" and isinstance(left, str) and _BIG_WIDTH.search(left):
            raise _too_big("a format width")
        return super().call_binop(context, operator_, left, right)  # type: ignore[misc]

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _check_args([*args, *kwargs.values()])
        return super().call(__context, __obj, *args, **kwargs)  # type: ignore[misc]

    def wrap_str_format(self, value: Any) -> Any:
        """`str.format` / `format_map` in a template: no huge widths."""
        owner = getattr(value, "__self__", None)
        formats = getattr(value, "__name__", "") in {"format", "format_map"}
        if formats and isinstance(owner, str) and _BIG_WIDTH.search(owner):
            raise _too_big("a format width")
        return super().wrap_str_format(value)  # type: ignore[misc]


class CappedSandbox(_Caps, ImmutableSandboxedEnvironment):
    """An immutable sandbox with work caps (caption templates)."""


class CappedMutableSandbox(_Caps, SandboxedEnvironment):
    """A sandbox with work caps (card templates)."""
