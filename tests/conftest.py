"""Shared fixtures. Real inputs are read in place from ../shared; tests that need them skip
with a clear reason when it is absent, so a clone elsewhere still passes on its own fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPORA = SHARED / "corpora"
SEEDS = SHARED / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared corpora sit beside the project checkout")
    return path


@pytest.fixture
def seeds() -> Path:
    """../shared/seeds: the five seed articles."""
    return _need(SEEDS)


@pytest.fixture
def corpora() -> Path:
    """../shared/corpora: real blogs, feeds and conformance files."""
    return _need(CORPORA)


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
