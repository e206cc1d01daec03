"""Fuzzed front matter, config and templates through posts, captions, cards and plan in one
process: no internal error, and each input within a time and memory budget.

Only `SmmPromoteError`s (a config error, a reported problem) may come out; anything else is a
bug. A few examples by default, so the suite stays fast; `SMM_FUZZ_EXAMPLES=500` for a
campaign.
"""

from __future__ import annotations

import json
import os
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smm_promote.config import load_config
from smm_promote.errors import Problems, SmmPromoteError
from smm_promote.pipeline import promote
from smm_promote.sources import read_posts

EXAMPLES = int(os.environ.get("SMM_FUZZ_EXAMPLES", "3"))
#: Per input: CPU seconds of this process (cards are drawn in it: `workers = 1`), so the
#: budget holds on a loaded machine, and peak Python memory.
SECONDS = 60
BYTES = 300_000_000
NOW = datetime(2026, 3, 16, 8, 0, tzinfo=UTC)
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)

_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)
_dates = st.one_of(
    st.sampled_from(["2024-02-30", "2024-13-01", "2024-01-01 25:00:00", "0000-01-01",
                     "2024-01-01T10:00:00+99:00", "9999-12-31T23:59:59-23:59", "yesterday"]),
    st.datetimes(timezones=st.just(UTC)).map(lambda d: d.isoformat()),
)  # fmt: skip
_scalars = st.one_of(_text, st.integers(-(10**30), 10**30), st.floats(), st.booleans(), _dates)
_values = st.recursive(
    _scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_text, inner, max_size=3),
    max_leaves=12,
)  # fmt: skip
_keys = st.sampled_from(["title", "date", "updated", "tags", "categories", "summary", "slug",
                         "draft", "promote", "evergreen", "expires", "lang", "authors", "image",
                         "share", "description"])  # fmt: skip
_fragments = st.sampled_from([
    "{{ title }}", "{{ description }}", "{% for t in tags %}#{{ t }} {% endfor %}",
    "{{ 'a' * 2000000000 }}", "{% for i in range(100000) %}{% for j in range(100000) %}",
    "{% endfor %}", "{{ title.__class__ }}", "{% include 'x' %}", "{{ 9 ** 99999 }}",
    "{{ '%999999999d' % 1 }}", "{{ title | center(999999999) }}", "{{ undefined_name }}",
    "{{", "}}", "{% if %}", "plain words ",
])  # fmt: skip
_templates = st.lists(_fragments, min_size=1, max_size=4).map("".join)


def _yaml_value(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, default=str, allow_nan=True)


@st.composite
def front_matter(draw: st.DrawFn) -> str:
    fields = draw(st.dictionaries(_keys, _values, max_size=6))
    if draw(st.booleans()):
        fields.setdefault("share", {})
        if isinstance(fields["share"], dict):
            fields["share"]["templates"] = {"announce": draw(_templates)}
    lines = [f"{k}: {_yaml_value(v)}" for k, v in fields.items()]
    if draw(st.booleans()):  # raw lines too: aliases, tabs, broken syntax
        lines.append(draw(st.sampled_from(["a: &a [x, *a]", "b: &b [1]\nc: [*b, *b, *b]",
                                           "\tbad: tab", "date: 2024-02-30", ": :", "x: !!binary zz"])))  # fmt: skip
    body = draw(_text) + "\n\n## " + draw(_text) + "\n\n" + draw(_text)
    return "---\n" + "\n".join(lines) + "\n---\n" + body


_numbers = st.one_of(
    st.integers(-(10**12), 10**12), st.sampled_from(["inf", "nan", "-inf", "1e400", "-1"])
)
_config_keys = st.sampled_from([
    "schedule.backoff_minutes", "schedule.horizon_days", "schedule.min_gap_days",
    "schedule.catch_up_hours", "schedule.daily_cap", "schedule.reserved", "schedule.max_attempts",
    "schedule.new_days", "schedule.backlog_per_day", "publish.webhook.timeout",
    "captions.max_thread_parts", "cards.workers",
])  # fmt: skip


@st.composite
def config_text(draw: st.DrawFn, templates_dir: str) -> str:
    tables: dict[str, dict[str, str]] = {}
    for key in draw(st.lists(_config_keys, max_size=4, unique=True)):
        table, _, name = key.rpartition(".")
        tables.setdefault(table, {})[name] = str(draw(_numbers))
    if draw(st.booleans()):
        tables.setdefault("schedule", {})["offsets"] = json.dumps(
            draw(st.lists(st.integers(-(10**10), 10**10), min_size=1, max_size=3))
        )
    if draw(st.booleans()):
        tables.setdefault("captions.templates", {})["announce"] = json.dumps(draw(_templates))
    cards = tables.setdefault("cards", {})
    cards.update(sizes='["og"]', template='"classic"', extra_templates='["fuzz"]',
                 fetch_images="false", templates_dir=json.dumps(templates_dir))  # fmt: skip
    cards.setdefault("workers", "1")
    text = 'site_url = "https://blog.example.com"\nplatforms = ["x", "mastodon"]\n'
    text += '[schedule]\ntemplates = ["classic", "fuzz"]\n' + "".join(
        f"{k} = {v}\n" for k, v in tables.pop("schedule", {}).items()
    )
    for table, items in tables.items():
        text += f"[{table}]\n" + "".join(f"{k} = {v}\n" for k, v in items.items())
    return text


def _card_template(text: str) -> str:
    return (
        "name: fuzz\nlayers:\n  - type: background\n    color: '#ffffff'\n"
        f"  - type: text\n    text: {json.dumps(text)}\n    box: [5, 5, 90, 90]\n"
        "    font: {family: inter, weight: 700}\n    size: [6, 4]\n    color: '#000000'\n"
    )


def _run_all(folder: Path) -> None:
    """posts, captions, cards and plan on `folder`, as the CLI runs them."""
    try:
        config = load_config(folder / "smm-promote.toml")
    except SmmPromoteError:
        config = load_config(folder / "fallback.toml")
    problems = Problems()
    posts = read_posts(folder / "content", config, problems)
    promote(posts, config, out_dir=folder / "cards", plan=True, now=NOW, problems=problems,
            progress=False, complete=True)  # fmt: skip


@FUZZ
@given(posts=st.lists(front_matter(), min_size=1, max_size=3), data=st.data())
def test_fuzzed_inputs_never_give_an_internal_error(posts, data) -> None:
    with TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "content").mkdir()
        templates = folder / "templates"
        templates.mkdir()
        (templates / "fuzz.yml").write_text(_card_template(data.draw(_templates)))
        for n, text in enumerate(posts):
            (folder / "content" / f"post-{n}.md").write_text(text, encoding="utf-8")
        (folder / "content" / "good.md").write_text(
            "---\ntitle: A good post\ndate: 2026-03-10\n---\nWords about a good post.\n"
        )
        (folder / "smm-promote.toml").write_text(data.draw(config_text(str(templates))))
        (folder / "fallback.toml").write_text(
            'site_url = "https://blog.example.com"\nplatforms = ["x"]\n'
            f'[cards]\nsizes = ["og"]\nworkers = 1\nfetch_images = false\n'
            f'extra_templates = ["fuzz"]\ntemplates_dir = {json.dumps(str(templates))}\n'
        )
        tracemalloc.start()
        start = time.process_time()
        try:
            _run_all(folder)
        except SmmPromoteError:
            pass  # a clean error (the CLI prints it); anything else fails the test
        finally:
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        took = time.process_time() - start
        assert took < SECONDS, f"an input took {took:.0f} CPU seconds"
        assert peak < BYTES, f"an input took {peak / 1e6:.0f} MB"
