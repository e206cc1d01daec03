"""Language detection: py3langid's model unpacked once into the user's cache and mapped from
there, with the same answers as py3langid's own loader."""

from __future__ import annotations

from pathlib import Path

import pytest

from smm_promote.sites import detect_lang

TEXTS = {
    "en": "The quick brown fox jumps over the lazy dog while the farmer watches from the porch.",
    "fr": "Le renard brun saute par-dessus le chien paresseux pendant que le fermier regarde.",
    "de": "Der schnelle braune Fuchs springt über den faulen Hund, während der Bauer zusieht.",
    "zh": "我们今天讨论静态网站生成器的配置方法，以及如何在社交媒体上推广博客文章。",
    "ja": "今日は静的サイトジェネレーターの設定方法と、ブログ記事の宣伝について話します。",
}


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(detect_lang, "cache_folder", lambda: tmp_path / "cache")
    detect_lang._identifier.cache_clear()
    yield tmp_path / "cache"
    detect_lang._identifier.cache_clear()


@pytest.mark.slow
def test_the_unpacked_model_answers_as_py3langid_does(cache: Path) -> None:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    reference = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    first = {lang: detect_lang._identifier().classify(text) for lang, text in TEXTS.items()}
    assert first == {lang: reference.classify(text) for lang, text in TEXTS.items()}
    assert {lang: got for lang, (got, _) in first.items()} == {lang: lang for lang in TEXTS}
    (folder,) = cache.glob("langid-*")
    assert sorted(p.name for p in folder.iterdir()) == [
        "classes.json", "nextmove.npy", "nextmove_row.npy", "out_feat.npy", "pc.npy", "ptc.npy",
    ]  # fmt: skip
    # A later process maps the unpacked arrays: same answers.
    detect_lang._identifier.cache_clear()
    assert {lang: detect_lang._identifier().classify(t) for lang, t in TEXTS.items()} == first


def test_an_unwritable_cache_unpacks_in_memory(cache: Path) -> None:
    cache.parent.mkdir(exist_ok=True)
    cache.write_text("a file where the folder would be")
    assert detect_lang.detect(TEXTS["fr"]) == "fr"
    assert cache.read_text() == "a file where the folder would be"
