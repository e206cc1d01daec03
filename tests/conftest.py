"""Shared fixtures. Real inputs are read in place from ../shared; tests that need them skip
with a clear reason when it is absent, so a clone elsewhere still passes on its own fixtures."""

from __future__ import annotations

import compileall
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPORA = SHARED / "corpora"
SEEDS = SHARED / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def pytest_configure(config: pytest.Config) -> None:
    """Compile the package's bytecode once, before the test processes start: where
    PYTHONDONTWRITEBYTECODE is set, every worker and every `smm-promote` the tests run would
    otherwise compile each module it imports again (about 0.1 s a command)."""
    if not hasattr(config, "workerinput"):
        compileall.compile_dir(ROOT / "smm_promote", quiet=1)


@pytest.hookimpl(wrapper=True)
def pytest_collection(session: pytest.Session) -> object:
    """Keep the test modules pytest rewrote (their asserts) in tests/__pycache__ even where
    PYTHONDONTWRITEBYTECODE is set: every worker would otherwise rewrite and compile every test
    module again on every run (about 6 s of each worker's collection); pytest reads them back
    whatever the setting."""
    before = sys.dont_write_bytecode
    sys.dont_write_bytecode = False
    try:
        return (yield)
    finally:
        sys.dont_write_bytecode = before


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked `slow` first, in their order: the workers take single tests in collection
    order (after the xdist groups), so a long one is never the last left while the other
    worker idles."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


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


@dataclass(frozen=True)
class DemoRun:
    """One real `smm-promote demo --out <out>` run: its process result and its folder."""

    result: subprocess.CompletedProcess[str]
    out: Path


#: The mark of every test reading `demo_run`: one worker runs the demo once for all of them.
DEMO_GROUP = pytest.mark.xdist_group("demo")


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    """The README's first command, run once per test process in a fresh folder; tests only
    read what it made."""
    base = tmp_path_factory.mktemp("demo-run")
    out = base / "demo"
    result = subprocess.run(
        [sys.executable, "-m", "smm_promote", "demo", "--out", str(out)],
        capture_output=True, text=True, timeout=600, cwd=base,
    )  # fmt: skip
    return DemoRun(result, out)
