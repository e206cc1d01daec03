"""Read plainly written values out of a JavaScript/TypeScript config file, without running it.

Generators configured in JS (Docusaurus, Eleventy) are read with a small scanner that knows
strings, template literals and comments, matches brackets, and splits object literals into
their top-level `key: value` entries. A value is known only when it is written plainly: a
string literal (a template literal without `${}`), `true`/`false`, a number, or an identifier
bound by `const NAME = <plain value>` in the same file. Anything computed (function calls,
environment variables, spreads, imports) is unknown, and the caller warns and falls back.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

_KEY = re.compile(r"""\s*(?:(["'])(?P<quoted>[^"'\\]*)\1|(?P<name>[A-Za-z_$][\w$]*))\s*:(?!:)""")
_CONST = r"(?:const|let|var)\s+{name}\b(?:\s*:\s*[^=]+?)?\s*=\s*"
UNKNOWN = object()


@dataclass(frozen=True)
class Source:
    """A JS file's text with comments blanked out (same length, so offsets and lines hold)."""

    path: Path
    text: str

    @classmethod
    def read(cls, path: Path) -> Source:
        return cls(path, blank_comments(path.read_text(encoding="utf-8-sig")))

    def line(self, offset: int) -> int:
        return self.text.count("\n", 0, offset) + 1

    def object_at(self, start: int) -> str | None:
        """The object literal whose `{` is at `start` (brackets matched), or None."""
        if start >= len(self.text) or self.text[start] != "{":
            return None
        end = _match(self.text, start)
        return self.text[start : end + 1] if end is not None else None

    def enclosing_object(self, offset: int) -> int | None:
        """The offset of the `{` of the innermost object (or block) around `offset`."""
        stack: list[int] = []
        for i, ch in _code(self.text, 0, offset):
            if ch == "{":
                stack.append(i)
            elif ch == "}" and stack:
                stack.pop()
        return stack[-1] if stack else None

    def value_of(self, raw: str) -> object:
        """A plain value: str, bool, number, an object's text (`ObjectText`), or UNKNOWN.
        Identifiers are followed to their `const` binding in this file."""
        raw = raw.strip()
        for _ in range(5):
            if not re.fullmatch(r"[A-Za-z_$][\w$]*", raw) or raw in ("true", "false"):
                break
            found = re.search(_CONST.format(name=re.escape(raw)), self.text)
            if not found:
                return UNKNOWN
            raw = _expression_at(self.text, found.end()).strip()
        raw = re.sub(r"\s+(?:as\s+const|satisfies\s+[\w$.<>, ]+)\s*$", "", raw)
        return literal(raw)


class ObjectText(str):
    """The source text of an object literal (`{...}`), as `Source.value_of` returns it."""


def data(source: Source, raw: str) -> object:
    """A plain value with objects and arrays turned into dicts and lists (as JSON would be);
    UNKNOWN when any part of it is computed."""
    value = source.value_of(raw)
    if isinstance(value, ObjectText):
        out = {}
        for key, item in entries(value):
            out[key] = data(source, item)
            if out[key] is UNKNOWN:
                return UNKNOWN
        return out
    text = raw.strip()
    if value is UNKNOWN and text.startswith("[") and _match(text, 0) == len(text) - 1:
        items = [data(source, part) for part in _split_top(text[1:-1], ",")]
        return UNKNOWN if any(item is UNKNOWN for item in items) else items
    if value is UNKNOWN and text == "null":
        return None
    return value


def literal(raw: str) -> object:
    raw = raw.strip()
    if raw in ("true", "false"):
        return raw == "true"
    if re.fullmatch(r"-?\d+(?:\.\d+)?", raw):
        return float(raw) if "." in raw else int(raw)
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "'\"`":
        body = raw[1:-1]
        if raw[0] == "`" and "${" in body:
            return UNKNOWN
        if re.search(r"(?<!\\)" + re.escape(raw[0]), body):
            return UNKNOWN  # two strings joined, not one literal
        return re.sub(r"\\(.)", r"\1", body)
    if raw.startswith("{") and _match(raw, 0) == len(raw) - 1:
        return ObjectText(raw)
    return UNKNOWN


def entries(obj: str) -> list[tuple[str, str]]:
    """The top-level `key: value` entries of an object literal's text (spreads, shorthand
    properties and methods are left out)."""
    inner = obj.strip()[1:-1]
    out = []
    for part in _split_top(inner, ","):
        match = _KEY.match(part)
        if match:
            out.append((match["quoted"] or match["name"], part[match.end() :].strip()))
    return out


def objects_after(source: Source, pattern: str) -> list[tuple[int, str]]:
    """(offset, value text) of each match of `pattern` (a regex ending where a value starts)."""
    found = []
    for match in re.finditer(pattern, source.text):
        found.append((match.start(), _expression_at(source.text, match.end())))
    return found


def blank_comments(text: str) -> str:
    """`text` with `//` and `/* */` comments replaced by spaces (newlines kept)."""
    out = list(text)
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in "'\"`":
            i = _string_end(text, i)
        elif text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            out[i:end] = " " * (end - i)
            i = end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            out[i:end] = [c if c == "\n" else " " for c in text[i:end]]
            i = end
        else:
            i += 1
    return "".join(out)


def _string_end(text: str, i: int) -> int:
    """The offset after the string or template literal opening at `i`."""
    quote, j, n = text[i], i + 1, len(text)
    while j < n:
        ch = text[j]
        if ch == "\\":
            j += 2
            continue
        if ch == quote:
            return j + 1
        if quote == "`" and text.startswith("${", j):
            end = _match(text, j + 1)
            j = (end if end is not None else n) + 1
            continue
        if ch == "\n" and quote != "`":
            return j
        j += 1
    return n


_PAIRS = {"{": "}", "[": "]", "(": ")"}


def _code(text: str, start: int, end: int | None = None) -> Iterator[tuple[int, str]]:
    """The offsets and characters of `text[start:end]` that are code, string literals skipped."""
    i, n = start, len(text) if end is None else end
    while i < n:
        ch = text[i]
        if ch in "'\"`":
            i = _string_end(text, i)
            continue
        yield i, ch
        i += 1


def _match(text: str, start: int) -> int | None:
    """The offset of the bracket closing the one at `start`."""
    stack: list[str] = []
    for i, ch in _code(text, start):
        if ch in _PAIRS:
            stack.append(_PAIRS[ch])
        elif ch in ")]}":
            if not stack or stack.pop() != ch:
                return None
            if not stack:
                return i
    return None


def _split_top(text: str, sep: str) -> list[str]:
    parts, depth, last = [], 0, 0
    for i, ch in _code(text, 0):
        if ch in _PAIRS:
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append(text[last:i])
            last = i + 1
    parts.append(text[last:])
    return [p for p in parts if p.strip()]


def _expression_at(text: str, start: int) -> str:
    """The expression starting at `start`, up to a top-level `,` `;` or closing bracket."""
    begin, depth = start, 0
    while begin < len(text) and text[begin] in " \t\r\n":
        begin += 1
    for i, ch in _code(text, begin):
        if ch in _PAIRS:
            depth += 1
        elif ch in ")]}":
            if depth == 0:
                return text[begin:i]
            depth -= 1
        elif depth == 0 and (ch in ",;" or (ch == "\n" and _statement_ends(text, i))):
            return text[begin:i]
    return text[begin:]


def _statement_ends(text: str, i: int) -> bool:
    """A newline at depth 0 ends a statement unless the next line continues the expression."""
    rest = text[i + 1 :].lstrip()
    return not rest or not re.match(r"[.?:+\-*/|&]|as\b|satisfies\b", rest)
