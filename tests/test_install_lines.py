"""Install lines that work today: smm-promote is not on an index yet, so every line that
installs it names a path or its Git repository (the released form only as "once released");
and `.[dev]` brings everything the suite needs."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILES = [ROOT / "README.md", *sorted((ROOT / "hooks").glob("*")), ROOT / ".ci" / "run"]
#: `pip install` of smm-promote by its bare name: what no index serves yet.
FROM_INDEX = re.compile(
    r"pip install\s+(-[-\w]+\s+)*['\"]?smm-promote(\[\w+\])?['\"]?(?!\s*@)(\s|$|`)"
)


def test_no_line_installs_smm_promote_from_an_index() -> None:
    found = []
    for path in FILES:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if FROM_INDEX.search(line) and "once released" not in line.lower():
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found


def test_ci_installs_smm_promote_from_a_configured_source() -> None:
    for name in ("github-actions.yml", "gitlab-ci.yml"):
        text = (ROOT / "hooks" / name).read_text(encoding="utf-8")
        assert 'pip install ${SMM_PROMOTE_INSTALL:+"$SMM_PROMOTE_INSTALL"}' in text
        assert "git+https://" in text


def test_dev_extra_has_what_the_suite_imports() -> None:
    dev = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    names = {re.split(r"[<>=\[ ]", d)[0].lower() for d in dev["dev"]}
    # The wheel test builds with hatchling, the build backend, outside any isolated env.
    assert {"hatchling", "build", "pytest", "pytest-httpserver", "hypothesis"} <= names
