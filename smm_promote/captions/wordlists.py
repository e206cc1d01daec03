"""Per-language word lists kept in TOML tables beside the code (`sentences.toml`,
`summary.toml`), and the patterns that match them."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

import regex

from smm_promote.captions.language import fallbacks
from smm_promote.captions.vocabulary import primary

#: Languages whose words are not separated by spaces: their words match anywhere.
UNSPACED = frozenset({"zh", "ja"})
#: A pattern that matches nothing: the one of a list a language does not have.
NEVER = regex.compile(r"(?!)")


@cache
def _table(name: str) -> dict[str, dict[str, list[str]]]:
    with Path(__file__).with_name(name).open("rb") as handle:
        return tomllib.load(handle)


def lists_of(name: str, lang: str | None) -> tuple[dict[str, list[str]], bool]:
    """The lists of `lang` in the table file `name` (by its primary subtag; English for a
    language the table lacks), and whether the language separates its words by spaces."""
    table = _table(name)
    code = next((primary(tag) for tag in fallbacks(lang) if primary(tag) in table), "en")
    return table.get(code, {}), code not in UNSPACED


def alternatives(words: list[str]) -> str:
    """`words` as regex alternatives, the longest first (so a phrase wins over its start)."""
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


def word_pattern(
    words: list[str], opening: bool, spaced: bool, flags: int = 0
) -> regex.Pattern[str]:
    """Any of `words` as a whole word: at the start of the text when `opening`, else
    anywhere (in a language without spaces, also inside a run of characters)."""
    if not words:
        return NEVER
    before = "^" if opening else ("(?<![\\w'-])" if spaced else "")
    after = "(?![\\w'-])" if spaced else ""
    return regex.compile(f"{before}(?:{alternatives(words)}){after}", flags)
