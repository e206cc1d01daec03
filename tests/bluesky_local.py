"""A session-scoped real Bluesky network (PDS, AppView, PLC) on loopback, for `bluesky` tests.

Started through ../shared/tools/bluesky-local (first install takes minutes, later starts
seconds) and stopped at the end of the test run. Set SMM_BLUESKY_LOCAL to the JSON line of a
network already running to reuse it instead.

The tool's `stop` ends the network named in its home's `current` file, which a second
test run starting meanwhile overwrites; so teardown points `stop` at a private home naming
exactly the run folder this run's network printed its line from.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import warnings
from pathlib import Path

import pytest

TOOL = Path(__file__).resolve().parents[1].parent / "shared" / "tools" / "bluesky-local"


def _run_folder(line: str) -> Path | None:
    """The folder `start` made for the network that printed `line` (its ports are unique)."""
    for folder in Path("/tmp").glob("bluesky-local.*"):
        try:
            if line in (folder / "network.out").read_text():
                return folder
        except OSError:
            continue
    return None


def _stop(folder: Path) -> None:
    with tempfile.TemporaryDirectory() as home:
        Path(home, "current").write_text(f"{folder}\n")
        env = {**os.environ, "BLUESKY_LOCAL_HOME": home}
        subprocess.run([str(TOOL / "stop")], capture_output=True, timeout=120, env=env, check=False)


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
    folder = _run_folder(line)
    try:
        yield json.loads(line)
    finally:
        if folder is None:
            warnings.warn(
                f"bluesky-local: run folder of {line} not found; not stopped", stacklevel=1
            )
        else:
            _stop(folder)
