"""`smm-promote captions`: the captions each post gets, per platform and variant."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path, PurePath

import click
from rich.panel import Panel
from rich.rule import Rule
from rich.text import Text

from smm_promote.captions.boilerplate import SiteSentences
from smm_promote.captions.compose import captions_for
from smm_promote.captions.settings import VARIANTS
from smm_promote.captions.vocabulary import SiteVocabulary
from smm_promote.cards.progress import progress_bar
from smm_promote.cli.common import (
    config_option,
    console,
    counted,
    get_config,
    read_all,
    report_problems,
    site_option,
    sources_of,
    strict_option,
    with_site,
)
from smm_promote.config import PLATFORMS, Config
from smm_promote.errors import Problems
from smm_promote.model import Caption, Post


@click.command()
@click.argument("source", metavar="[PATH_OR_FEED]", required=False)
@click.option(
    "--platform",
    "-p",
    "platforms",
    multiple=True,
    type=click.Choice(PLATFORMS),
    help="Only this platform (repeatable). Default: the configured platforms.",
)
@click.option(
    "--variant",
    "-v",
    "variants",
    multiple=True,
    type=click.Choice(VARIANTS),
    help="Only this variant (repeatable). Default: the configured variants.",
)
@click.option(
    "--post",
    "match",
    help="Only the post with this slug, title or file name; else the posts whose title, slug,"
    " URL or file has this text.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the captions as JSON.")
@click.option(
    "--lint",
    is_flag=True,
    help="Check the captions instead of showing them: print what a reader would have to fix, "
    "with counts per rule; exit 1 when anything is found.",
)
@site_option
@config_option
@strict_option
def captions(
    source: str,
    platforms: tuple[str, ...],
    variants: tuple[str, ...],
    match: str | None,
    as_json: bool,
    lint: bool,
    built_site: Path | None,
    config_path: Path | None,
    strict: bool,
) -> None:
    """Show the captions of every post in PATH_OR_FEED, fitted to each platform.

    \b
    PATH_OR_FEED is a content folder, a post file or a feed URL; without it, the `content`
    folders of the config.

    \b
    Examples:
      smm-promote captions content/
      smm-promote captions content/ --platform x --platform bluesky --variant quote
      smm-promote captions https://example.com/feed.xml --post packaging --json
      smm-promote captions --lint
    """
    config = with_site(get_config(config_path, near=source), built_site)
    problems = Problems()
    posts, config = read_all(sources_of(source, config), config, problems)
    # The site's boilerplate and its vocabulary (its subject, the names its posts write) are
    # told from all the posts read, even when only some are shown.
    sentences = SiteSentences.of(posts)
    vocabulary = SiteVocabulary.of(posts)
    if match:
        posts = _matching(posts, match)
    posts = _promoted(posts)
    if lint:
        with sentences.in_use(), vocabulary.in_use():
            _lint(posts, config, platforms, problems, strict)
        return
    results = []
    with (
        progress_bar(len(posts), "Writing captions") as advance,
        sentences.in_use(),
        vocabulary.in_use(),
    ):
        for post in posts:
            found = captions_for(
                post, config, platforms=platforms or None, variants=variants or None,
                problems=problems,
            )  # fmt: skip
            results.append((post, found))
            advance()
    if as_json:
        out = [
            {"url": post.url, "title": post.title, "captions": [_as_dict(c) for c in found]}
            for post, found in results
        ]
        click.echo(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        for post, found in results:
            _show(post, found)
    total = sum(len(found) for _, found in results)
    shortened = sum(c.shortened for _, found in results for c in found)
    click.echo(
        f"{counted(total, 'caption')} for {counted(len(posts), 'post')}, "
        f"{shortened} shortened to fit",
        err=True,
    )
    report_problems(problems, strict)


def _matching(posts: list[Post], match: str) -> list[Post]:
    """The posts `--post` names: those it names exactly, else those whose fields contain it.

    "rust-1" then finds the post with that slug, not every post whose URL says "rust-1.x".
    """
    needle = match.casefold().strip("/")

    def names(post: Post) -> set[str]:
        source = PurePath(post.source)
        path = post.url.split("?")[0].rstrip("/").rsplit("/", 1)[-1]
        return {n.casefold() for n in (post.slug, post.title, source.name, source.stem, path)}

    exact = [p for p in posts if needle in names(p)]
    if exact:
        return exact
    needle = match.casefold()
    return [p for p in posts if needle in f"{p.title} {p.slug} {p.url} {p.source}".casefold()]


def _promoted(posts: list[Post]) -> list[Post]:
    """The posts `plan` would share now; each one left out is named with its reason."""
    from datetime import UTC, datetime

    from smm_promote.pipeline import skip_reason

    now = datetime.now(UTC)
    kept = []
    for post in posts:
        reason = skip_reason(post, now)
        if reason:
            click.echo(f"not shared ({reason}): {post.source or post.url}", err=True)
        else:
            kept.append(post)
    return kept


def _lint(
    posts: list[Post], config: Config, platforms: tuple[str, ...], problems: Problems,
    strict: bool,
) -> None:  # fmt: skip
    from smm_promote.captions.lint import RULES, lint

    report = lint(posts, config, platforms=platforms or None, problems=problems)
    for finding in report.findings:
        click.echo(str(finding))
    counts = report.counts()
    width = max(map(len, RULES))
    for rule, number in counts.items():
        click.echo(f"{rule:<{width}}  {number:>5}  {RULES[rule]}")
    if report.unchecked_quotes:
        click.echo(
            f"{report.unchecked_quotes} posts with quotes were read without typed blocks: "
            "their quotes were not checked",
            err=True,
        )
    total = sum(counts.values())
    click.echo(
        f"{counted(total, 'finding')} in {counted(report.captions, 'caption')} "
        f"of {counted(report.posts, 'post')}",
        err=True,
    )
    report_problems(problems, strict)
    if total:
        sys.exit(1)


def _as_dict(caption: Caption) -> dict:
    data = asdict(caption)
    data["hashtags"] = list(caption.hashtags)
    data["parts"] = list(caption.parts)
    data["warnings"] = list(caption.warnings)
    return data


def _show(post: Post, found: list[Caption]) -> None:
    console.print(Rule(Text(f"{post.title}  {post.url}", style="bold"), align="left"))
    for caption in found:
        body = Text()
        for number, part in enumerate(caption.parts):
            if number:
                body.append("\n── reply ──\n", style="dim")
            body.append(part)
        for warning in caption.warnings:
            body.append(f"\n{warning}", style="yellow")
        style = "yellow" if caption.shortened else "green"
        title = Text.assemble(
            f"{caption.platform} · {caption.variant} · ",
            (f"{caption.length}/{caption.limit}", style),
        )
        console.print(Panel(body, title=title, title_align="left", expand=False))


COMMANDS = [captions]
