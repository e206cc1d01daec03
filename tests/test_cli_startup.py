"""A quick command line: `--help` and the table of one post load no heavy module they do not
use (the modules loaded are counted in a fresh interpreter, not timed)."""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from cli_support import GERMAN

from smm_promote.lazyre import lazy
from smm_promote.sites import detect_lang

#: Runs the command line as `smm-promote ARGS...` (argv[1:]), then prints its output and, on
#: the last line, the loaded modules of HEAVY as JSON.
RUN = """
import contextlib, io, json, sys
from smm_promote.cli import main
sys.argv = ["smm-promote", *sys.argv[1:]]
out = io.StringIO()
try:
    with contextlib.redirect_stdout(out):
        main()
except SystemExit as exc:
    assert not exc.code, exc.code
heavy = {HEAVY!r}
print(out.getvalue())
print(json.dumps(sorted(m for m in heavy if m in sys.modules)))
"""
#: What no quick command needs: the detector (py3langid, numpy), wordfreq and the stemmers
#: (hashtags), hanzidentifier (Chinese only), the card renderer, publishers, feeds, docutils,
#: and what bs4 imports up front for CSS selectors and bytes of unknown encoding (soupsieve,
#: chardet: their packages stand deferred, their modules never run).
NEVER = [
    "numpy", "py3langid", "wordfreq", "langcodes", "snowballstemmer", "stop_words",
    "hanzidentifier", "PIL", "twitter_text", "requests", "feedparser", "docutils",
    "smm_promote.cards.render", "smm_promote.publish.registry", "soupsieve.css_parser",
    "chardet.detector",
]  # fmt: skip
#: What `--help` needs neither: the config schema, the readers, the data model, the console.
NOT_FOR_HELP = [
    "pydantic", "bs4", "markdown_it", "yaml", "rich", "regex", "smm_promote.config",
    "smm_promote.sources", "smm_promote.model",
]  # fmt: skip


def _run(
    *args: str,
    watched: tuple[str, ...] = (*NEVER, *NOT_FOR_HELP),
    env: dict[str, str] | None = None,
) -> tuple[str, list[str]]:
    code = RUN.replace("{HEAVY!r}", repr(list(watched)))
    output, _, modules = _run_code(code, *args, env=env).rstrip("\n").rpartition("\n")
    return output, json.loads(modules)


def _run_code(code: str, *args: str, env: dict[str, str] | None = None) -> str:
    """The standard output of `code` run as `smm-promote ARGS` in a fresh interpreter."""
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "COLUMNS": "200", **(env or {})},  # the table's rows on one line each
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_help_loads_only_click():
    output, loaded = _run("--help")
    assert "posts     List the posts found in PATH_OR_FEED" in output
    assert loaded == []


def test_the_table_of_one_post_detects_no_language_it_does_not_show(tmp_path: Path):
    post = tmp_path / "abend.md"
    post.write_text(GERMAN, encoding="utf-8")
    output, loaded = _run("posts", str(post))
    row = next(line for line in output.splitlines() if "Ein Abend am See" in line)
    cells = [cell.strip() for cell in row.strip("│ ").split("│")]
    assert cells == [
        "Ein Abend am See", "2024-05-04", "https://example.com/abend/",
        "generic: site_url/<slug>/", "wandern", "yes",
    ]  # fmt: skip
    # No config file: the defaults are read without the config schema (pydantic); the
    # evergreen check and the sentence splitter without the `regex` module (10-20 ms).
    assert set(loaded) == {
        "bs4", "markdown_it", "yaml", "rich", "smm_promote.sources", "smm_promote.model"
    }  # fmt: skip


#: What listing one post leaves to the commands that use it: the caption rules (word lists,
#: babel), dateutil (for dates written as text), and what fetching a card's image needs.
LAZY_FOR_ONE_POST = [
    "smm_promote.captions.text", "smm_promote.captions.lead", "smm_promote.captions.standalone",
    "smm_promote.captions.vocabulary", "babel", "dateutil", "socket", "smm_promote.runcache",
]  # fmt: skip


#: The generators' modules: a folder loads one only when it holds that generator's config.
GENERATOR_MODULES = [
    f"smm_promote.sites.{name}"
    for name in ("pelican", "mkdocs", "hugo", "zola", "jekyll", "eleventy", "docusaurus")
]
#: What listing one YAML post outside any site never needs besides: the generators' modules
#: and their config readers, the cards, captions and queue entries of the model, the reading
#: cache and its memo, and tomllib (no config file, no TOML front matter).
NOT_OUTSIDE_A_SITE = [
    *GENERATOR_MODULES, "smm_promote.sites.configfile", "smm_promote.sites.jsconfig",
    "smm_promote.shares", "smm_promote.sources.cache", "smm_promote.memo", "tomllib",
]  # fmt: skip


def test_the_table_of_a_post_outside_any_site_loads_no_generator(tmp_path: Path):
    post = tmp_path / "abend.md"
    post.write_text(GERMAN, encoding="utf-8")
    output, loaded = _run("posts", str(post), watched=tuple(NOT_OUTSIDE_A_SITE))
    assert "│ Ein Abend am See │ 2024-05-04 │ https://example.com/abend/ │" in output
    assert loaded == []


#: Prints which of the reading modules' patterns `lazyre.lazy` left uncompiled.
UNCOMPILED = """
import sys
from smm_promote.lazyre import LazyPattern
modules = ["smm_promote.sources", "smm_promote.sources.text", "smm_promote.sources.templates",
           "smm_promote.sources.fields"]
print(sorted(f"{name}.{attribute}" for name in modules
             for attribute, value in vars(sys.modules[name]).items()
             if isinstance(value, LazyPattern) and "search" not in vars(value)))
"""


def test_the_table_of_one_post_compiles_no_pattern_its_text_does_not_ask_for(tmp_path: Path):
    post = tmp_path / "abend.md"
    post.write_text(GERMAN, encoding="utf-8")
    code = RUN.replace("{HEAVY!r}", "[]") + UNCOMPILED
    uncompiled = set(ast.literal_eval(_run_code(code, "posts", str(post)).splitlines()[-1]))
    # No template tag, markup in the title, Hangul, link text or file without metadata.
    templates = {
        f"smm_promote.sources.templates.{name}"
        for name in ("_FENCE", "_INLINE_CODE", "_RAW", "_TAG", "_ARG", "_RESTORE", "_ESM")
    }
    assert templates | {
        "smm_promote.sources.text._NOT_A_TAG", "smm_promote.sources.text._HANGUL",
        "smm_promote.sources.text._BLOCK_END", "smm_promote.sources.text._LEFT_LINK",
        "smm_promote.sources._SCRAPED_HEADLINE", "smm_promote.sources.fields._PATH_DATE",
    } <= uncompiled  # fmt: skip


def test_a_pattern_compiled_when_first_used_answers_as_a_compiled_one():
    pattern = lazy(r"(\w+)@(\w+)", re.I)
    assert pattern.pattern == r"(\w+)@(\w+)" and "search" not in vars(pattern)
    compiled = re.compile(r"(\w+)@(\w+)", re.I)
    text = "Write to Anna@Example or bob@host."
    assert pattern.sub(r"\2", text) == compiled.sub(r"\2", text) == "Write to Example or host."
    assert [m.groups() for m in pattern.finditer(text)] == [("Anna", "Example"), ("bob", "host")]
    assert (pattern.flags, pattern.groups) == (compiled.flags, compiled.groups)


def test_a_regex_pattern_compiled_when_first_used_imports_regex_then():
    code = (
        "import sys; from smm_promote.lazyre import lazy_regex; "
        "p = lazy_regex(r'\\p{Lu}+', 0); print('regex' in sys.modules); "
        "print(p.findall('abc ÉTÉ und ÖL'), 'regex' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["False", "['ÉTÉ', 'ÖL'] True"]


def test_the_model_loads_the_cards_captions_and_entries_when_first_asked_for():
    code = (
        "import sys; import smm_promote.model as model; "
        "print('smm_promote.shares' in sys.modules); "
        "from smm_promote.model import Card, Entry; from smm_promote import shares; "
        "print(Card is shares.Card, Entry is shares.Entry, model.STATUSES[0])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["False", "True True planned"]


def test_the_table_of_one_post_reads_its_opening_without_the_caption_rules(tmp_path: Path):
    post = tmp_path / "abend.md"
    post.write_text(GERMAN, encoding="utf-8")
    watched = (*LAZY_FOR_ONE_POST, "smm_promote.captions.plaintext")
    output, loaded = _run("posts", str(post), watched=watched)
    assert "│ Ein Abend am See │ 2024-05-04 │" in output
    # Evergreen detection read the post's first sentences, with `captions.plaintext` alone.
    assert loaded == ["smm_promote.captions.plaintext"]


def test_the_json_of_one_post_still_names_the_language_found_in_its_text(tmp_path: Path):
    post = tmp_path / "abend.md"
    post.write_text(GERMAN, encoding="utf-8")
    output, loaded = _run("posts", str(post), "--json")
    assert [p["lang"] for p in json.loads(output)["posts"]] == ["de"]
    assert {"numpy", "py3langid"} <= set(loaded)


def test_a_lang_url_pattern_still_gets_the_language_found_in_the_text(tmp_path: Path):
    post = tmp_path / "abend.md"
    post.write_text(GERMAN, encoding="utf-8")
    (tmp_path / "smm-promote.toml").write_text(
        'site_url = "https://blog.example"\nurl_pattern = "{lang}/{slug}/"\n', encoding="utf-8"
    )
    output, _loaded = _run("posts", str(post))
    assert "│ https://blog.example/de/abend/ │ override: url_pattern │" in output


def test_no_language_is_detected_where_none_is_used():
    text = GERMAN.split("---")[-1]
    assert detect_lang.detect(text) == "de"
    with detect_lang.unused():
        assert detect_lang.detect(text) is None
    assert detect_lang.detect(text) == "de"


def test_what_bs4_imports_up_front_runs_when_first_used():
    code = (
        "import sys; from smm_promote.cli.deferred import defer; defer(); import bs4; "
        "print('soupsieve.css_parser' in sys.modules, 'chardet.detector' in sys.modules); "
        "soup = bs4.BeautifulSoup('<p class=a>x</p><p>y</p>', 'html.parser'); "
        "print([p.text for p in soup.select('p.a')]); "
        "print(bs4.dammit.chardet_module.detect('Grüße aus Köln'.encode())['encoding'])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["False False", "['x']", "utf-8"]


#: What reading and listing one Markdown post never needs: the card encoders and drawing
#: (fpng, Pillow, fonts, budoux, CSS), the config schema (pydantic), the other Markdown
#: dialect (Python-Markdown, pymdownx: a Hugo post is CommonMark), templates, calendars,
#: publishers and the watcher.
NOT_FOR_ONE_POST = [
    "fpng", "PIL", "fontTools", "budoux", "tinycss2", "pydantic", "markdown", "pymdownx",
    "jinja2", "icalendar", "tweepy", "mastodon", "atproto", "watchfiles",
]  # fmt: skip


@pytest.mark.corpus
def test_the_table_of_one_hugo_post_loads_no_card_schema_or_other_dialect_module(corpora):
    post = corpora / "hugo-basic-example/content/post/emoji-support.md"
    output, modules = _run("posts", str(post), watched=tuple(NOT_FOR_ONE_POST))
    assert "│ Emoji Support │ 2019-03-05 │ https://gohugo.io/post/emoji-support/ │" in output
    assert modules == []
    # Of the generators, only Hugo's module loaded: the folders above hold no other's config.
    _output, loaded = _run("posts", str(post), watched=tuple(GENERATOR_MODULES))
    assert loaded == ["smm_promote.sites.hugo"]


def test_a_config_file_validated_before_is_read_without_the_schema(tmp_path: Path):
    (tmp_path / "abend.md").write_text(GERMAN, encoding="utf-8")
    (tmp_path / "smm-promote.toml").write_text(
        'site_url = "https://blog.example"\nplatforms = ["x", "bluesky"]\n'
        '[handles]\nbluesky = "@me.example"\n',
        encoding="utf-8",
    )
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    first, loaded = _run("posts", str(tmp_path / "abend.md"), env=env)
    assert "smm_promote.config" in loaded and "pydantic" in loaded
    again, loaded = _run("posts", str(tmp_path / "abend.md"), env=env)
    assert again == first
    assert "│ https://blog.example/abend/ │" in again
    assert "smm_promote.config" not in loaded and "pydantic" not in loaded
