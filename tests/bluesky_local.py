"""A session-scoped real Bluesky network (PDS, AppView, PLC) on loopback, for `bluesky` tests.

Started through ../shared/tools/bluesky-local (first install takes minutes, later starts
seconds) and stopped at the end of the session. Set SMM_BLUESKY_LOCAL to the JSON line of a
network already running to reuse it instead.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

TOOL = Path(__file__).resolve().parents[1].parent / "shared" / "tools" / "bluesky-local"


@pytest.fixture(scope="session")
def bluesky_network():
    """The network's JSON: pds, appview, handle, password, did."""
    if os.environ.get("SMM_BLUESKY_LOCAL"):
        yield json.loads(os.environ["SMM_BLUESKY_LOCAL"])
        return
    if not (TOOL / "start").exists():
        pytest.skip(f"{TOOL} is absent: the bluesky-local tool sits beside the project checkout")
    started = subprocess.run(
        [str(TOOL / "start")], capture_output=True, text=True, timeout=900, check=False
    )
    line = next((x for x in started.stdout.splitlines() if x.startswith("{")), None)
    if started.returncode != 0 or line is None:
        pytest.fail(f"bluesky-local did not start: {started.stderr.strip()[-500:]}")
    try:
        yield json.loads(line)
    finally:
        subprocess.run([str(TOOL / "stop")], capture_output=True, timeout=120, check=False)
