"""The built wheel carries image_templates and renders a card outside the source tree."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = textwrap.dedent(
    """
    from pathlib import Path
    import smm_promote
    from smm_promote.cards.render import render_cards
    from smm_promote.cards.templates import shipped_dir
    from smm_promote.config import Config
    from smm_promote.errors import Problems
    from smm_promote.model import Post

    assert "site-packages" in smm_promote.__file__, smm_promote.__file__
    print(shipped_dir())
    config = Config.from_mapping({"site_name": "Wheel"})
    post = Post(url="https://w.example/p/", title="From the wheel", slug="p")
    cards = render_cards([post], config, Path("out"), problems=Problems(), progress=False,
                         sizes=["og"], workers=1)
    print(cards["https://w.example/p/"][0].path)
    """
)


@pytest.mark.slow
def test_wheel_installs_and_renders_a_card(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist)],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    [wheel] = dist.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for template in ("classic", "photo", "quote", "takeaways", "minimal"):
        assert f"smm_promote/_data/image_templates/{template}.yml" in names
    venv = tmp_path / "venv"
    # No pip of its own (ensurepip takes seconds): the system's pip, seen through the system
    # site-packages, installs into the environment that runs it.
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip",
                    str(venv)], check=True)  # fmt: skip
    python = venv / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)],
                   check=True)  # fmt: skip
    work = tmp_path / "elsewhere"
    work.mkdir()
    result = subprocess.run([python, "-I", "-c", SCRIPT], cwd=work, capture_output=True,
                            text=True)  # fmt: skip
    assert result.returncode == 0, result.stderr
    templates_dir, card = result.stdout.split()
    assert templates_dir.endswith("smm_promote/_data/image_templates")
    assert str(venv) in templates_dir
    assert Path(work, card).is_file() or Path(card).is_file()
