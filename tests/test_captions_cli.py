"""`smm-promote captions`: reads posts, prints fitted captions (text or JSON)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from smm_promote.captions.length import count
from smm_promote.cli import cli


def invoke(*args):
    return CliRunner().invoke(cli, ["captions", *args], catch_exceptions=False)


def test_json_output_per_platform_and_variant(fixtures):
    post = str(fixtures / "captions/post.md")
    result = invoke(post, "--platform", "x", "-p", "mastodon", "--variant", "announce", "--json")
    assert result.exit_code == 0, result.output
    [found] = json.loads(result.stdout)
    assert found["title"] == "Packaging Python in 2025"
    by = {(c["platform"], c["variant"]): c for c in found["captions"]}
    assert set(by) == {("x", "announce"), ("mastodon", "announce")}
    x = by["x", "announce"]
    assert x["text"].startswith("Packaging is finally boring, and that is good news.\n\n")
    assert x["text"].endswith(x["link"]) and "utm_source=x" in x["link"]
    assert x["length"] == count("x", x["text"]) and x["limit"] == 280
    mastodon = by["mastodon", "announce"]
    assert mastodon["text"].startswith("Packaging Python in 2025\n\nby @ada@example.social\n")
    assert mastodon["hashtags"][:2] == ["#python", "#packaging"]
    assert "2 captions for 1 post, 0 shortened to fit" in result.stderr


def test_takeaways_thread_in_text_output(fixtures):
    post = str(fixtures / "captions/post.md")
    result = invoke(post, "-p", "bluesky", "-v", "takeaways")
    assert result.exit_code == 0, result.output
    assert "bluesky · takeaways" in result.stdout
    assert "1/4 Packaging Python in 2025 🧵" in result.stdout
    assert "2/4 Use pyproject.toml" in result.stdout
    assert "── reply ──" in result.stdout


def test_post_filter_and_strict_warnings(fixtures):
    post = str(fixtures / "captions/post.md")
    result = invoke(post, "--post", "nothing-matches", "--json")
    assert json.loads(result.stdout) == []
    result = CliRunner().invoke(
        cli, ["captions", post, "-p", "mastodon", "-v", "updated", "--strict"]
    )
    assert result.exit_code == 1
    assert "post.md: no updated caption: the post has no updated date" in result.stderr


def test_unknown_platform_is_a_clean_error(fixtures):
    result = CliRunner().invoke(cli, ["captions", str(fixtures / "captions"), "-p", "myspace"])
    assert result.exit_code == 2
    assert "'myspace' is not one of" in result.output


def test_lint_prints_counts_per_rule_and_fails_on_findings(tmp_path):
    (tmp_path / "smm-promote.toml").write_text(
        'site_url = "https://blog.example.com"\nplatforms = ["mastodon"]\ncontent = ["posts"]\n'
        '[captions]\nvariants = ["announce"]\n',
        encoding="utf-8",
    )
    posts = tmp_path / "posts"
    posts.mkdir()
    (posts / "a.md").write_text(
        # Tags that are language codes are left out; the post's own share hashtags are not.
        "---\ntitle: nameLib 2.0 is out\ndate: 2026-01-02\ntags: [en, nameLib]\n"
        "share: {hashtags: [en]}\n---\n\nText.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["captions", "--lint", "--config",
                                      str(tmp_path / "smm-promote.toml")])  # fmt: skip
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert lines[0].endswith("a.md: mastodon announce: hashtags that are language codes: #en")
    assert lines[1].split() == ["language-code-hashtag", "1", "hashtags", "that", "are",
                                "language", "codes"]  # fmt: skip
    assert [line.split()[:2] for line in lines[2:]] == [
        ["stopword-hashtag", "0"], ["bare-heading-part", "0"], ["title-case-changed", "0"],
        ["english-phrase", "0"], ["quote-not-own-words", "0"],
    ]  # fmt: skip
    assert "1 finding in 1 caption of 1 post" in result.stderr
    (posts / "a.md").write_text(
        "---\ntitle: nameLib 2.0 is out\ndate: 2026-01-02\ntags: [nameLib]\n---\n\nText.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["captions", "--lint", str(posts)])
    assert result.exit_code == 0, result.output


def test_post_found_by_its_file_name(fixtures):
    """A page bundle's folder or a file's name finds its post whatever its slug."""
    folder = str(fixtures / "captions")
    result = invoke(folder, "--post", "post.md", "-p", "x", "-v", "announce", "--json")
    assert result.exit_code == 0, result.output
    assert [p["title"] for p in json.loads(result.stdout)] == ["Packaging Python in 2025"]


def test_a_draft_gets_no_captions_and_says_why(tmp_path):
    """`plan` shares no draft, so `captions` shows none either, and names it."""
    (tmp_path / "ready.md").write_text("---\ntitle: Ready to go\n---\n\nA finished post.\n")
    (tmp_path / "wip.md").write_text("---\ntitle: Half written\ndraft: true\n---\n\nNot yet.\n")
    result = invoke(str(tmp_path), "-p", "x", "-v", "announce", "--json")
    assert result.exit_code == 0, result.output
    assert [p["title"] for p in json.loads(result.stdout)] == ["Ready to go"]
    assert f"not shared (draft): {tmp_path / 'wip.md'}" in result.stderr


def test_post_named_exactly_wins_over_posts_containing_the_name(tmp_path):
    """`--post rust-1` is the post of that slug, not every post whose slug starts with it."""
    for slug in ("rust-1", "rust-1.1", "rust-10"):
        (tmp_path / f"{slug}.md").write_text(f"---\ntitle: Notes on {slug}\n---\n\nText.\n")
    result = invoke(str(tmp_path), "--post", "rust-1", "-p", "x", "-v", "announce", "--json")
    assert result.exit_code == 0, result.output
    assert [p["title"] for p in json.loads(result.stdout)] == ["Notes on rust-1"]
    result = invoke(str(tmp_path), "--post", "RUST", "-p", "x", "-v", "announce", "--json")
    assert sorted(p["title"] for p in json.loads(result.stdout)) == [
        "Notes on rust-1", "Notes on rust-1.1", "Notes on rust-10",
    ]  # fmt: skip
