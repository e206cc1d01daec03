"""The CI and scheduler files in hooks/: valid, and their steps run locally as plain commands."""

from __future__ import annotations

import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
HOOKS = ROOT / "hooks"
SITE = Path(__file__).parent / "fixtures" / "doors" / "mkdocs-site"


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture
def blog_repo(tmp_path: Path) -> tuple[Path, Path]:
    """A blog's git repository (the MkDocs fixture site) with a bare remote to push to."""
    remote = tmp_path / "remote.git"
    work = tmp_path / "blog"
    git("init", "-q", "--bare", "-b", "main", str(remote), cwd=tmp_path)
    shutil.copytree(SITE, work)
    (work / "requirements.txt").write_text("smm-promote[mkdocs]\nmkdocs-material\n")
    (work / ".gitignore").write_text("site/\n.smm-promote/\n")
    git("init", "-q", "-b", "main", cwd=work)
    git("remote", "add", "origin", str(remote), cwd=work)
    git("add", ".", cwd=work)
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "blog", cwd=work)
    git("push", "-q", "-u", "origin", "main", cwd=work)
    return work, remote


def job_env(extra: dict[str, str]) -> dict[str, str]:
    keep = ("PATH", "HOME", "LANG", "TMPDIR", "PYENV_VERSION", "VIRTUAL_ENV")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    # The install step resolves from what is installed: no index, no network.
    env.update(PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1", GIT_TERMINAL_PROMPT="0")
    env.update(extra)
    return env


def run_script(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def queue_entries(repo: Path, remote: Path) -> int:
    """Entries in the queue file as committed on the remote's main branch."""
    blob = subprocess.run(
        ["git", "show", "main:.smm-promote/queue.db"],
        cwd=remote,
        check=True,
        capture_output=True,
    ).stdout
    copy = repo.parent / "pushed-queue.db"
    copy.write_bytes(blob)
    with sqlite3.connect(copy) as db:
        return db.execute("SELECT count(*) FROM entries").fetchone()[0]


def github_steps(event: str) -> list[dict]:
    """The workflow's `run:` steps that fire on `event` (its `if:`s are evaluated here)."""
    workflow = yaml.safe_load((HOOKS / "github-actions.yml").read_text())
    steps = []
    for step in workflow["jobs"]["promote"]["steps"]:
        condition = step.get("if")
        if condition in (None, "always()"):
            fires = True
        elif condition == "github.event_name != 'schedule'":
            fires = event != "schedule"
        else:
            raise AssertionError(f"unknown condition in the workflow: {condition}")
        if fires and "run" in step:
            steps.append(step)
    return steps


def schema_check(schema: str, path: Path) -> subprocess.CompletedProcess:
    """Validate against the official schema that check-jsonschema ships (no network)."""
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize(
    ("name", "schema", "breakage"),
    [
        ("github-actions.yml", "vendor.github-workflows", ("runs-on: ubuntu-latest", "runs: x")),
        ("gitlab-ci.yml", "vendor.gitlab-ci", ("resource_group:", "resource_groups:")),
    ],
)
def test_ci_files_match_their_schemas(name, schema, breakage, tmp_path: Path) -> None:
    pytest.importorskip("check_jsonschema")
    done = schema_check(schema, HOOKS / name)
    assert done.returncode == 0, done.stdout + done.stderr
    broken = tmp_path / name
    broken.write_text((HOOKS / name).read_text().replace(*breakage))
    assert schema_check(schema, broken).returncode == 1  # the check can fail


def test_github_workflow_is_valid() -> None:
    workflow = yaml.safe_load((HOOKS / "github-actions.yml").read_text())
    triggers = workflow[True]  # YAML 1.1 reads the `on:` key as a boolean
    assert triggers["push"]["branches"] == ["main"] and triggers["schedule"][0]["cron"]
    assert workflow["permissions"] == {"contents": "write"}
    assert workflow["concurrency"]["cancel-in-progress"] is False
    job = workflow["jobs"]["promote"]
    assert job["env"]["SMM_PROMOTE_PLAN"] == "1"
    secrets = {k: v for k, v in job["env"].items() if k.startswith("SMM_") and "TOKEN" in k}
    assert secrets and all(v == f"${{{{ secrets.{k} }}}}" for k, v in secrets.items())
    names = [s.get("name") or s["uses"] for s in job["steps"]]
    assert names.index("Build the site and plan the queue") < names.index("Publish what is due")
    assert names[-1] == "Keep the queue"


@pytest.mark.slow
def test_github_workflow_steps_run_locally(blog_repo) -> None:
    work, remote = blog_repo
    workflow = yaml.safe_load((HOOKS / "github-actions.yml").read_text())
    plain = {k: v for k, v in workflow["jobs"]["promote"]["env"].items() if "${{" not in v}
    env = job_env({**plain, "PUBLISH_FLAGS": "--outbox", "GITHUB_RUN_ID": "7"})

    for step in github_steps("push"):
        done = run_script(step["run"], work, env)
        assert done.returncode == 0, (step["name"], done.stdout, done.stderr)
    assert (work / "site" / "articles" / "seeds" / "index.html").is_file()
    log = git("log", "--format=%s", "main", cwd=remote).splitlines()
    assert log[0] == "smm-promote: queue after run 7 [skip ci]"
    planned = queue_entries(work, remote)
    assert planned > 0

    # A scheduled run publishes without building; it plans nothing new.
    shutil.rmtree(work / "site")
    for step in github_steps("schedule"):
        done = run_script(step["run"], work, env)
        assert done.returncode == 0, (step["name"], done.stdout, done.stderr)
    assert not (work / "site").exists()
    assert queue_entries(work, remote) == planned


@pytest.mark.slow
def test_gitlab_job_is_valid_and_its_script_runs(blog_repo) -> None:
    work, remote = blog_repo
    job = yaml.safe_load((HOOKS / "gitlab-ci.yml").read_text())["smm-promote"]
    assert job["resource_group"] == "smm-promote"
    assert job["rules"][0]["if"] == '$CI_PIPELINE_SOURCE == "schedule"'
    assert job["cache"]["paths"] == [".smm-promote/cards/"]
    # The job's push URL, pointed at the local remote the way git allows.
    url = "https://oauth2:tok@gitlab.example/team/blog.git"
    git("config", f"url.{remote}.insteadOf", url, cwd=work)
    git("config", "receive.advertisePushOptions", "true", cwd=remote)  # GitLab takes `-o`
    env = job_env(
        {
            **{k: str(v) for k, v in job["variables"].items()},
            "SITE_BUILD": "true",  # as on a schedule: publish only, the build is tested above
            "SMM_PROMOTE_PUSH_TOKEN": "tok",
            "CI_SERVER_HOST": "gitlab.example",
            "CI_PROJECT_PATH": "team/blog",
            "CI_COMMIT_BRANCH": "main",
            "CI_JOB_ID": "42",
            "PUBLISH_FLAGS": "--outbox",
        }
    )
    (work / ".smm-promote").mkdir()
    from smm_promote.config import Config
    from smm_promote.schedule.store import open_store

    with open_store(Config.from_mapping({}, base_dir=work)) as store:
        store.set_state("note", "queue exists")
    done = run_script("\n".join(job["script"]), work, env)
    assert done.returncode == 0, (done.stdout, done.stderr)
    log = git("log", "--format=%s", "main", cwd=remote).splitlines()
    assert log[0] == "smm-promote: queue after job 42"


EXAMPLE_FEED = "https://example.com/feed.xml"
FEED = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>Blog</title>'
    "<link>https://blog.example/</link><item><guid>a</guid><title>Alpha</title>"
    "<link>https://blog.example/a/</link><description>Alpha, in short.</description>"
    "</item></channel></rss>"
)


@pytest.mark.slow
def test_cron_line_runs(httpserver, tmp_path: Path) -> None:
    httpserver.expect_request("/feed.xml").respond_with_data(
        FEED, content_type="application/rss+xml"
    )
    lines = [
        line
        for line in (HOOKS / "crontab").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    (line,) = lines
    schedule, command = line.split(maxsplit=5)[:5], line.split(maxsplit=5)[5]
    assert schedule == ["*/15", "*", "*", "*", "*"]
    (tmp_path / "blog").mkdir()
    command = command.replace(EXAMPLE_FEED, httpserver.url_for("/feed.xml"))
    done = run_script(command, tmp_path, job_env({"HOME": str(tmp_path)}))
    assert done.returncode == 0, done.stderr
    log = (tmp_path / ".smm-promote.log").read_text()
    assert "first poll, 1 existing items remembered" in log
    assert "0 posted, 0 to retry" in log
    assert (tmp_path / "blog" / ".smm-promote" / "queue.db").is_file()


@pytest.mark.slow
def test_systemd_service_commands_run(httpserver, tmp_path: Path) -> None:
    httpserver.expect_request("/feed.xml").respond_with_data(
        FEED, content_type="application/rss+xml"
    )
    service = (HOOKS / "smm-promote-watch.service").read_text()
    timer = (HOOKS / "smm-promote-watch.timer").read_text()
    settings: dict[str, list[str]] = {}
    for line in service.splitlines():
        if "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            settings.setdefault(key, []).append(value.replace("%h", str(tmp_path)))
    assert settings["Type"] == ["oneshot"]
    assert "OnUnitActiveSec=15min" in timer and "WantedBy=timers.target" in timer
    workdir = Path(settings["WorkingDirectory"][0])
    workdir.mkdir(parents=True)
    env = job_env({"HOME": str(tmp_path)})
    commands = [
        c.replace(EXAMPLE_FEED, httpserver.url_for("/feed.xml")) for c in settings["ExecStart"]
    ]
    assert [shlex.split(c.lstrip("-"))[1:3] for c in commands] == [
        ["smm-promote", "watch"],
        ["smm-promote", "publish"],
    ]
    outputs = []
    for command in commands:
        done = subprocess.run(
            shlex.split(command.lstrip("-")), cwd=workdir, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout + done.stderr)
    assert "first poll, 1 existing items remembered" in outputs[0]
