"""The words captions add around a post's own (openers, byline, "min read", "Link in bio",
the thread marker, quotation marks), in the post's language, and its dates in CLDR's format.

phrases_for("zh-Hant").say("archive", title="Pyssy 項目")  -> "舊文重溫：Pyssy 項目"
phrases_for("nl").say("archive", title="Oud nieuws")       -> "Oud nieuws"  (no phrase: none)

The built-in table is phrases.toml beside this module; a site adds or overrides phrases in
`[captions.phrases.<lang>]`. A phrase missing in a language falls back to its `und` form,
the one that needs no words ("{title}"), or to nothing where none exists (a question hook).
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date
from babel.lists import format_list

from smm_promote.captions.language import fallbacks, locale_of

#: Each phrase and the placeholders it may use (the first one is required when non-empty).
PHRASE_KEYS: dict[str, tuple[str, ...]] = {
    "new_post": ("title",),
    "question": ("title",),
    "archive": ("title", "date"),
    "updated": ("title", "date"),
    "takeaways": ("title",),
    "quote": ("quote",),
    "byline": ("mention",),
    "min_read": ("minutes",),
    "link_in_bio": (),
    "thread_mark": (),
}
NEUTRAL = "und"


@lru_cache(maxsize=1)
def builtin() -> dict[str, dict[str, str]]:
    """The built-in table, by language tag."""
    with (Path(__file__).with_name("phrases.toml")).open("rb") as handle:
        return tomllib.load(handle)


def check_phrase(key: str, text: str) -> str | None:
    """None when `text` is a valid phrase for `key`, else what is wrong with it."""
    if key not in PHRASE_KEYS:
        return f"unknown phrase {key!r}, expected one of {', '.join(PHRASE_KEYS)}"
    allowed = PHRASE_KEYS[key]
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError as exc:
        return f"{key}: {exc} (write a brace as {{{{ or }}}})"
    for name in fields:
        if name not in allowed:
            known = ", ".join("{" + a + "}" for a in allowed) or "none"
            return f"{key}: unknown placeholder {{{name}}} (placeholders: {known})"
    if text and allowed and allowed[0] not in fields:
        return f"{key}: expected the text to contain {{{allowed[0]}}}, or to be empty"
    return None


@dataclass(frozen=True, eq=False)
class Phrases:
    """The phrases of one language: the site's own first, then the built-in table."""

    lang: str | None
    #: Tables to look a phrase up in, in order (the site's, then the built-in, then `und`).
    tables: tuple[Mapping[str, str], ...]

    def phrase(self, key: str) -> str:
        """The raw phrase (with its placeholders); "" when the language has none."""
        for table in self.tables:
            if key in table:
                return table[key]
        return ""

    def say(self, key: str, **values: object) -> str:
        """The phrase with its placeholders filled in ("" when the language has none)."""
        text = self.phrase(key)
        return text.format(**{name: values.get(name, "") for name in PHRASE_KEYS[key]})

    def own(self, key: str) -> bool:
        """True when the language has words of its own for `key` (not only the `und` form)."""
        return any(key in table for table in self.tables[:-1])

    def day(self, value: date | datetime | None) -> str:
        """A date in the language's long format ("November 20, 2026", "2026年11月20日");
        ISO 8601 for a language Babel does not know."""
        if value is None:
            return ""
        locale = locale_of(self.lang)
        if locale is None:
            return value.strftime("%Y-%m-%d")
        return format_date(value, "long", locale=locale)

    def names(self, items: list[str]) -> str:
        """Names joined the language's way ("Ada and Bob", "Ada、Bob")."""
        locale = locale_of(self.lang)
        if not items:
            return ""
        return format_list(items, locale=locale) if locale else ", ".join(items)


def phrases_for(
    lang: str | None, overrides: Mapping[str, Mapping[str, str]] | None = None
) -> Phrases:
    """The phrases of `lang` (a tag in any common form), with the site's `overrides` (by
    language tag, as in `[captions.phrases.<lang>]`) before the built-in ones."""
    return _phrases(lang, _frozen(overrides or {}))


@lru_cache(maxsize=128)
def _phrases(lang: str | None, overrides: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]):
    chain = fallbacks(lang)
    site = {_key(tag): dict(table) for tag, table in overrides}
    table = builtin()
    tables: list[Mapping[str, str]] = []
    tables += [site[tag] for tag in chain if tag in site]
    tables += [table[tag] for tag in chain if tag in table]
    tables += [site[NEUTRAL]] if NEUTRAL in site else []
    tables.append(table[NEUTRAL])
    return Phrases(chain[0] if chain else None, tuple(tables))


def _key(tag: str) -> str:
    """A config table's language tag in the form `fallbacks` gives ("zh_tw" -> "zh-Hant-TW")."""
    if tag == NEUTRAL:
        return tag
    chain = fallbacks(tag)
    return chain[0] if chain else tag


def _frozen(overrides: Mapping[str, Mapping[str, str]]):
    return tuple(sorted((tag, tuple(sorted(table.items()))) for tag, table in overrides.items()))
