"""A post's language detected from its text, for posts whose metadata, file name and site
config name none (or only a default).

py3langid (a maintained fork of langid.py) ships its model inside the package, so detection
works offline; it is loaded on first use only. The shipped model is LZMA-compressed, and
unpacking it costs most of a second in every process, so the first use keeps its arrays
unpacked in the user's cache folder (`platformdirs.user_cache_dir`) and later processes map
them from there in milliseconds; where that folder cannot be written, the model is unpacked
in memory as py3langid does.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Any

#: Below this probability the detector is not trusted and the default language stands.
MIN_CONFIDENCE = 0.9
#: Shorter texts are too little to tell a language by.
MIN_CHARS = 40
#: Enough text to decide; more only costs time.
MAX_CHARS = 1200


#: The model's arrays, as `py3langid.modelio.load_model` reads them from its npz file.
_ARRAYS = ("ptc", "pc", "nextmove", "nextmove_row", "out_feat")


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    model = MODEL_DIR / MODEL_FILE
    try:
        folder = _unpacked(model)
    except (OSError, ValueError):
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    import numpy as np

    arrays = {name: np.load(folder / f"{name}.npy", mmap_mode="r") for name in _ARRAYS}
    classes = json.loads((folder / "classes.json").read_text(encoding="utf-8"))
    return LanguageIdentifier(
        np.asarray(arrays["ptc"]), np.asarray(arrays["pc"]), classes,
        memoryview(arrays["nextmove"]), arrays["out_feat"].tolist(),
        norm_probs=True, tk_row=memoryview(arrays["nextmove_row"]),
    )  # fmt: skip


def cache_folder() -> Path:
    """The user's cache folder for smm-promote (`platformdirs.user_cache_dir`)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("smm-promote"))


def _unpacked(model: Path) -> Path:
    """The folder of `model`'s arrays as .npy files in the user's cache, unpacked now if
    they are not there yet (named for the model file's size and time, so an upgrade of
    py3langid unpacks its own)."""
    stat = model.stat()
    cache_root = cache_folder()
    folder = cache_root / f"langid-{stat.st_size}-{stat.st_mtime_ns}"
    if (folder / "classes.json").is_file():
        return folder
    import lzma

    import numpy as np

    cache_root.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(dir=cache_root, prefix=".langid-"))
    try:
        with tempfile.TemporaryFile(suffix=".npz") as npz:
            with lzma.open(model) as source:
                shutil.copyfileobj(source, npz, length=1 << 20)
            npz.seek(0)
            with np.load(npz, allow_pickle=False) as data:
                for name in _ARRAYS:
                    np.save(temp / f"{name}.npy", np.ascontiguousarray(data[name]))
                classes = data["classes"].tolist()
        (temp / "classes.json").write_text(json.dumps(classes), encoding="utf-8")
        os.replace(temp, folder)
    except OSError:
        shutil.rmtree(temp, ignore_errors=True)
        if not (folder / "classes.json").is_file():  # another process may have won the race
            raise
    return folder


#: False inside `unused()`.
_WANTED: ContextVar[bool] = ContextVar("detect_lang_wanted", default=True)


@contextmanager
def unused() -> Iterator[None]:
    """Within it, `detect` finds no language and the detector is not loaded: for a reader
    whose output neither shows a post's language nor depends on it (each post then takes
    its metadata's, file name's, site's or config's language)."""
    token = _WANTED.set(False)
    try:
        yield
    finally:
        _WANTED.reset(token)


def detect(text: str, min_confidence: float = MIN_CONFIDENCE) -> str | None:
    """The ISO 639-1 code of `text`'s language when the detector is confident, else None
    (always None inside `unused()`)."""
    if not _WANTED.get():
        return None
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
