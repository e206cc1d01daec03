"""A post's language: its normalised tag, its script, and whether a text is written in it.

normalise("zh_TW") -> "zh-Hant-TW"      normalise("jp") -> "ja"
post_language(post, "en") -> "zh-Hant"  (a bare "zh" takes the script its text is written in)
in_language("Share cards that…", "ja") -> False

Tags are parsed with Babel (CLDR); scripts come from CLDR's likely subtags (ja -> Jpan,
ru -> Cyrl), and a text's script from the Unicode script of its letters.
"""

from __future__ import annotations

from functools import lru_cache

import regex
from babel import Locale, UnknownLocaleError
from babel.core import get_global, parse_locale

from smm_promote.model import Post

#: Codes that blogs and generators use for a language but that are not its language tag
#: (country codes, Pelican i18n_subsites names); Babel is asked first.
ALIASES = {
    "jp": "ja",
    "cn": "zh_Hans",
    "tw": "zh_Hant",
    "zhs": "zh_Hans",
    "zht": "zh_Hant",
    "kr": "ko",
    "cz": "cs",
    "gr": "el",
    "dk": "da",
    "ua": "uk",
}
#: ISO 15924 scripts a language is written in, where the CLDR code names a combination.
_SCRIPT_PARTS = {
    "Jpan": ("Hani", "Hira", "Kana"),
    "Kore": ("Hang", "Hani"),
    "Hans": ("Hani",),
    "Hant": ("Hani",),
}
#: One unit of text: a CJK character (these scripts have no spaces between words), or a word.
_UNIT = regex.compile(r"[\p{Hani}\p{Hira}\p{Kana}]|(?:(?![\p{Hani}\p{Hira}\p{Kana}])[\p{L}\p{M}])+")
_KANA = regex.compile(r"[\p{Hira}\p{Kana}]")
_CJK_CHARACTER = regex.compile(r"[\p{Hani}\p{Hira}\p{Kana}]")
#: A Japanese text of this many CJK characters without a single kana is Chinese.
_KANA_NEEDED_FROM = 8


@lru_cache(maxsize=256)
def locale_of(tag: str | None) -> Locale | None:
    """The Babel locale of a language tag ("zh-TW", "pt_BR", "jp"...), None when unknown."""
    if not tag or not tag.strip():
        return None
    text = tag.strip().replace("-", "_")
    for candidate in (text, ALIASES.get(text.casefold(), "")):
        if not candidate:
            continue
        try:
            return Locale.parse(candidate)
        except (UnknownLocaleError, ValueError, TypeError):
            continue
    return None


def normalise(tag: str | None) -> str | None:
    """The BCP 47 form of a language tag: "zh_cn" -> "zh-Hans-CN", "jp" -> "ja", "EN-us" ->
    "en-US"; None when it is not one Babel knows."""
    locale = locale_of(tag)
    if locale is None:
        return None
    return "-".join(p for p in (locale.language, locale.script, locale.territory) if p)


def fallbacks(tag: str | None) -> list[str]:
    """The tags to look a phrase up by, most specific first: "zh-Hant-TW" -> ["zh-Hant-TW",
    "zh-Hant", "zh"]; "pt-BR" -> ["pt-BR", "pt"]."""
    locale = locale_of(tag)
    if locale is None:
        return []
    out = []
    for parts in (
        (locale.language, locale.script, locale.territory),
        (locale.language, locale.script),
        (locale.language, locale.territory),
        (locale.language,),
    ):
        name = "-".join(p for p in parts if p)
        if name not in out:
            out.append(name)
    return out


@lru_cache(maxsize=512)
def post_language(post: Post, default: str | None = "en") -> str | None:
    """The post's language tag (its own, else `default`), normalised. A post most of whose
    words are in a script its declared language does not use at all takes the language of
    that script (CLDR's likely language: Han -> zh, kana -> ja, Hangul -> ko), as a feed
    without a language gets the site's. Chinese without a script takes the script its title
    and text are written in (Traditional or Simplified)."""
    tag = normalise(post.lang) or normalise(default)
    sample = f"{post.title}\n{post.summary}\n{post.body[:1000]}"
    if tag is not None and _share_in(sample, tag) < _FOREIGN_BELOW:
        guess = script_language(sample)
        # Only a script the declared language does not use at all overrides it (a Chinese
        # post of translated Japanese lyrics stays Chinese: both write Han).
        if guess and not set(scripts(guess)) & set(scripts(tag)):
            tag = guess
    if tag is None:
        return None
    locale = locale_of(tag)
    if locale is not None and locale.language == "zh" and not locale.script:
        script = chinese_script(f"{post.title}\n{post.summary}\n{post.body[:4000]}")
        tag = "-".join(p for p in ("zh", script, locale.territory) if p)
    return tag


#: The declared language stands unless fewer than this share of the words are in its script.
_FOREIGN_BELOW = 0.5
#: About two Chinese or Japanese characters make a word.
_CJK_PER_WORD = 2
#: Scripts whose letters are told apart, in the order they are tried (kana before Han: a
#: Japanese text has both).
_SCRIPTS = (
    "Latn", "Cyrl", "Grek", "Hira", "Kana", "Hani", "Hang", "Arab", "Hebr", "Thai",
    "Deva", "Geor", "Armn", "Ethi", "Khmr", "Laoo", "Mymr", "Sinh", "Taml", "Beng",
)  # fmt: skip


def script_language(text: str) -> str | None:
    """The language CLDR gives the script most of `text` is written in ("und_Hang" -> ko),
    None for Latin (many languages) or a text without letters."""
    counts: dict[str, int] = {}
    for unit in _UNIT.findall(text):
        for script in _SCRIPTS:
            if _script_pattern((script,)).match(unit):
                counts[script] = counts.get(script, 0) + 1
                break
    if not counts:
        return None
    if counts.get("Hira") or counts.get("Kana"):
        counts["Jpan"] = counts.pop("Hira", 0) + counts.pop("Kana", 0) + counts.pop("Hani", 0)
    script = max(counts, key=lambda name: counts[name])
    likely = get_global("likely_subtags").get(f"und_{script}")
    if script == "Latn" or not likely:
        return None
    return parse_locale(likely)[0]


def _share_in(text: str, lang: str) -> float:
    """The share of the words of `text` (two CJK characters counted as one) written in the
    script of `lang` (1.0 when the script is unknown or the text has no words)."""
    wanted = scripts(lang)
    units = _UNIT.findall(text)
    if not wanted or not units:
        return 1.0
    pattern = _script_pattern(wanted)
    inside = total = 0.0
    for unit in units:
        weight = 1 / _CJK_PER_WORD if _CJK_CHARACTER.match(unit) else 1.0
        total += weight
        inside += weight if pattern.match(unit) else 0.0
    return inside / total


def chinese_script(text: str) -> str:
    """Traditional ("Hant") or Simplified ("Hans", CLDR's likely script of zh) characters."""
    import hanzidentifier  # its tables load when Chinese is met (most posts are no Chinese)

    kind = hanzidentifier.identify(text)
    if kind == hanzidentifier.TRADITIONAL:
        return "Hant"
    if kind == hanzidentifier.MIXED:
        # Count the characters that exist in one form only.
        hans = hant = 0
        for ch in set(text):
            simplified, traditional = (
                hanzidentifier.is_simplified(ch),
                hanzidentifier.is_traditional(ch),
            )
            hans += simplified and not traditional
            hant += traditional and not simplified
        return "Hant" if hant > hans else "Hans"
    return "Hans"


@lru_cache(maxsize=256)
def scripts(tag: str | None) -> tuple[str, ...]:
    """The ISO 15924 scripts the language is written in ("ja" -> Hani, Hira, Kana)."""
    locale = locale_of(tag)
    if locale is None:
        return ()
    script = locale.script
    if not script:
        likely = get_global("likely_subtags")
        for key in (f"{locale.language}_{locale.territory}", locale.language):
            full = likely.get(key)
            if full:
                script = parse_locale(full)[2]
                break
    if not script:
        return ()
    return _SCRIPT_PARTS.get(script, (script,))


def is_cjk(tag: str | None) -> bool:
    """True for languages written in Han characters or kana without spaces (zh, ja)."""
    found = scripts(tag)
    return bool(found) and "Hang" not in found and set(found) <= {"Hani", "Hira", "Kana"}


def in_language(text: str, lang: str | None) -> bool:
    """True when most of `text` (CJK characters and words counted alike) is written in the
    script of `lang`: a Chinese post's English sentence is not Chinese, a Japanese sentence
    has kana. Languages of one script (English, French) are not told apart. Unknown
    languages accept any text; a text without letters is in no language."""
    wanted = scripts(lang)
    units = _UNIT.findall(text)
    if not units:
        return False
    if not wanted:
        return True
    pattern = _script_pattern(wanted)
    inside = sum(1 for unit in units if pattern.match(unit))
    if inside * 2 < len(units):
        return False
    if "Hira" in wanted and "Hani" in wanted:
        cjk = sum(1 for unit in units if len(unit) == 1 and regex.match(r"\p{Hani}", unit))
        return cjk < _KANA_NEEDED_FROM or bool(_KANA.search(text))
    return True


@lru_cache(maxsize=64)
def _script_pattern(wanted: tuple[str, ...]) -> regex.Pattern[str]:
    return regex.compile("[" + "".join(rf"\p{{{name}}}" for name in wanted) + "]")
