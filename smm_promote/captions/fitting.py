"""Make a caption fit: drop hashtags from the end, then shorten the text at a sentence, then at
a clause (a comma, semicolon, colon or dash) with an ellipsis, and only then at a word.
Links, hashtags, mentions and grapheme clusters are never cut."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import regex

from smm_promote.captions.length import graphemes
from smm_promote.captions.plaintext import sentence_ends

ELLIPSIS = "…"
#: Words that must stay whole: links (with or without a scheme), mentions, hashtags.
_PROTECTED = regex.compile(
    r"https?://\S+|(?<!\S)(?:www\.)?[\w-]+(?:\.[\w-]+)+/\S*|(?<![\w@])@[\w.@-]+|(?<!\S)[#＃]\S+"
)
#: Where a clause or phrase ends inside a sentence: a comma, semicolon or colon before a space
#: (not the comma in 1,000) or before unspaced CJK text, and a spaced dash.
_CLAUSE_END = regex.compile(r"[,;:](?=\s)|[，、；：](?=\S)|\s[—–]\s")
_TRAILING = " \t\n,;:—–-(\"“‘'"

Check = Callable[[str], bool]


@dataclass
class Fitted:
    text: str
    hashtags: list[str]
    shortened: bool = False
    warnings: list[str] = field(default_factory=list)


def assemble(prose: str, tail: Sequence[str], hashtags: Sequence[str]) -> str:
    """The caption's blocks: the text, then the byline and link, then the hashtags."""
    blocks = [prose.strip(), "\n".join(t for t in tail if t), " ".join(hashtags)]
    return "\n\n".join(b for b in blocks if b)


def fit(prose: str, tail: Sequence[str], hashtags: Sequence[str], ok: Check) -> Fitted:
    """The longest caption that `ok` accepts, cutting only as much as needed. Hashtags left
    out and text shortened are what fitting is for (`Fitted.shortened` says so); warnings
    are kept for what the reader loses: the text, the byline or link, everything."""
    tags = list(hashtags)
    for keep in range(len(tags), -1, -1):
        text = assemble(prose, tail, tags[:keep])
        if ok(text):
            return Fitted(text, tags[:keep])
    warnings: list[str] = []
    tail = [t for t in tail if t]
    while True:
        short = shorten(prose, lambda p, tail=tail: ok(assemble(p, tail, [])))
        if short is not None:
            return Fitted(assemble(short, tail, []), [], True, warnings)
        if not tail:
            break
        if ok(assemble("", tail, [])):
            warnings.append("left out the text: it does not fit")
            return Fitted(assemble("", tail, []), [], True, warnings)
        warnings.append(f"left out {tail[0]!r}: it does not fit")
        tail = tail[1:]
    text = shorten(assemble(prose, [], []) or ELLIPSIS, ok) or ""
    return Fitted(text, [], True, [*warnings, "nothing fits the limit"])


def shorten(text: str, ok: Check) -> str | None:
    """The longest cut of `text` that `ok` accepts: at a sentence end if that keeps at least
    a third of what a cut at a word would (a whole sentence reads better than more words
    ending in "…"), else at a clause end with an ellipsis if that keeps a third of it (a
    phrase left whole rather than "…to clone a…"), else at a word with an ellipsis, else
    (one long word) at a grapheme cluster with an ellipsis. None when even that does not fit."""
    text = text.strip()
    if ok(text):
        return text
    protected = [m.span() for m in _PROTECTED.finditer(text)]

    def free(pos: int) -> bool:
        return not any(start < pos < end for start, end in protected)

    all_ends = sentence_ends(text)
    ends = [end for end in all_ends[:-1] if free(end)]
    by_sentence = _longest(ends, lambda end: text[:end].rstrip(_TRAILING), ok)
    words = [m.start() for m in regex.finditer(r"\s+", text) if free(m.start())]
    by_word = _longest(words, lambda pos: _cut(text, pos), ok)
    clauses = [m.start() for m in _CLAUSE_END.finditer(text) if free(m.start())]
    by_clause = _longest(clauses, lambda pos: _cut(text, pos), ok)
    if by_sentence and (not by_word or len(by_sentence) * 3 >= len(by_word)):
        return by_sentence
    inside = (
        by_clause if by_clause and (not by_word or len(by_clause) * 3 >= len(by_word)) else by_word
    )
    if by_sentence and not _most_of_its_sentence(inside, all_ends):
        return by_sentence  # not "…for any open source project. For Kubernetes…"
    if inside:
        return inside
    cuts, pos = [], 0
    for cluster in graphemes(text)[:-1]:
        pos += len(cluster)
        if free(pos):
            cuts.append(pos)
    return _longest(cuts, lambda pos: _cut(text, pos), ok)


def _most_of_its_sentence(cut: str | None, ends: list[int]) -> bool:
    """Whether a cut inside a sentence ("…the first clause…") keeps more than a third of that
    sentence: a few words of the next sentence after whole ones say nothing."""
    if not cut:
        return False
    kept = len(cut.removesuffix(ELLIPSIS))
    start = max((end for end in ends if end <= kept), default=0)
    stop = next((end for end in ends if end > kept), kept)
    return (kept - start) * 3 > stop - start


def whole_sentences(text: str, ok: Check, *, beyond: int = 0) -> str | None:
    """`text`, or its longest run of whole sentences that `ok` accepts and that goes past
    offset `beyond`; None when none does (never cut inside a sentence)."""
    text = text.strip()
    if ok(text):
        return text
    protected = [m.span() for m in _PROTECTED.finditer(text)]
    ends = [
        end
        for end in sentence_ends(text)[:-1]
        if end > beyond and not any(start < end < stop for start, stop in protected)
    ]
    return _longest(ends, lambda end: text[:end].rstrip(_TRAILING), ok)


def _cut(text: str, pos: int) -> str:
    kept = text[:pos].rstrip(_TRAILING)
    return kept + ELLIPSIS if kept else ""


def _longest(positions: list[int], build: Callable[[int], str], ok: Check) -> str | None:
    """The longest `build(position)` that `ok` accepts (empty texts never). Longer positions
    give longer texts, so search by halves; if the count is not monotonic (a cut can turn
    words into a URL), try the shortest few."""
    lo, hi = 0, len(positions) - 1
    found = None
    while lo <= hi:
        mid = (lo + hi) // 2
        candidate = build(positions[mid])
        if candidate and ok(candidate):
            found, lo = candidate, mid + 1
        else:
            hi = mid - 1
    if found is not None:
        return found
    for pos in reversed(positions[:16]):
        candidate = build(pos)
        if candidate and ok(candidate):
            return candidate
    return None
