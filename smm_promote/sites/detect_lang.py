"""A post's language detected from its text, for posts whose metadata, file name and site
config name none (or only a default).

py3langid (a maintained fork of langid.py) ships its model inside the package, so detection
works offline; it is imported on first use only, since loading the model costs most of a
second.
"""

from __future__ import annotations

from functools import cache
from typing import Any

#: Below this probability the detector is not trusted and the default language stands.
MIN_CONFIDENCE = 0.9
#: Shorter texts are too little to tell a language by.
MIN_CHARS = 40
#: Enough text to decide; more only costs time.
MAX_CHARS = 1200


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str, min_confidence: float = MIN_CONFIDENCE) -> str | None:
    """The ISO 639-1 code of `text`'s language when the detector is confident, else None."""
    sample = " ".join(text[:MAX_CHARS].split())
    if len(sample) < MIN_CHARS:
        return None
    lang, probability = _identifier().classify(sample)
    return str(lang) if probability >= min_confidence else None


def same_language(a: str | None, b: str | None) -> bool:
    """Do two language tags name one language (`zh` and `zh-Hans`, `ja` and `jp`)?"""
    if not a or not b:
        return False
    return _base(a) == _base(b)


#: Codes blogs use that are country codes, not ISO 639-1 language codes.
ALIASES = {"jp": "ja", "cn": "zh", "zhs": "zh", "zht": "zh", "tw": "zh", "kr": "ko", "gr": "el"}


_ISO_639_1 = """
    aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu
    cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho
    hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv
    kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr
    nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq
    sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh
    yi yo za zh zu"""
#: ISO 639-1 language codes, and the country codes blogs use as language codes.
LANGUAGE_CODES = frozenset(_ISO_639_1.split()) | frozenset(ALIASES)


def _base(tag: str) -> str:
    base = tag.replace("_", "-").split("-")[0].lower()
    return ALIASES.get(base, base)
