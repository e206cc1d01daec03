"""Time-bound posts are not evergreen: dated events, release announcements a newer one
replaces; front matter and `[schedule] evergreen_rules` decide first."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from smm_promote.config import Config
from smm_promote.errors import ConfigError, Problems
from smm_promote.evergreen import decide, decide_all, series_key
from smm_promote.model import Post
from smm_promote.schedule.settings import EvergreenRule
from smm_promote.sources import read_posts
from tests.corpus_support import corpus_posts, same_worker

JUNE = datetime(2023, 6, 1, 9, tzinfo=UTC)


def post(title, body="", date=JUNE, **fields):
    return Post(url=f"https://b.example/{abs(hash(title))}/", title=title, body=body, date=date,
                **fields)  # fmt: skip


def test_an_event_names_its_date():
    found = decide(post("PyCon Lisbon: the schedule is out",
                        "Early bird registration is available until July 30th for $50."))  # fmt: skip
    assert found.evergreen is False
    assert found.reason == "about an event (schedule, on 2023-07-30)"


def test_event_words_in_title_or_tags():
    assert decide(post("Take our 2018 community survey")).reason == "about an event (survey)"
    assert decide(post("Call for papers: DevConf")).reason == "about an event (call for)"
    assert decide(post("See you there", tags=("meetup",))).reason == "about an event (meetup)"
    assert decide(post("Scheduling the trains")) is None  # a word, not the event


def test_a_date_after_the_post_in_its_opening():
    found = decide(post("Changes to our chat", "On 2023-06-20 the old workspace closes."))
    assert found.evergreen is False
    assert found.reason == "about 2023-06-20, a date after the post's"
    # An update note about the post, a past date, or a date years away are not the subject.
    assert decide(post("Benchmarks", "Update 2023-11-29: we ran them again.\nFast.")) is None
    assert decide(post("A new mascot", "Update 2023 July 31—its name is Elle!\nHi.")) is None
    assert decide(post("History", "On May 3, 2019 we moved to a new host.")) is None
    assert decide(post("Sunset", "Python 2 support ends on 2030-01-01.")) is None


def test_release_announcements_and_their_successors():
    posts = [
        post("Announcing Rust 1.70.0", date=datetime(2023, 6, 1, tzinfo=UTC)),
        post("Announcing Rust 1.71.0", date=datetime(2023, 7, 13, tzinfo=UTC)),
        post("Hatch v1.6.0"),
        post("Release Roundup: May 2024", date=datetime(2024, 5, 30, tzinfo=UTC)),
        post("Release Roundup: June 2024", date=datetime(2024, 6, 28, tzinfo=UTC)),
        post("Writing a parser, part 1", date=datetime(2024, 1, 1, tzinfo=UTC)),
        post("Writing a parser, part 2", date=datetime(2024, 2, 1, tzinfo=UTC)),
    ]
    found = {p.title: (p.evergreen, p.evergreen_reason) for p in decide_all(posts)}
    assert found["Announcing Rust 1.70.0"] == (
        False,
        "replaced by “Announcing Rust 1.71.0” of 2023-07-13",
    )
    assert found["Announcing Rust 1.71.0"] == (
        False,
        "release announcement (1.71.0): newer releases replace it",
    )
    assert found["Hatch v1.6.0"][:2] == (False, "release announcement (v1.6.0): newer releases replace it")  # fmt: skip
    assert found["Release Roundup: May 2024"] == (
        False,
        "replaced by “Release Roundup: June 2024” of 2024-06-28",
    )
    assert found["Writing a parser, part 1"] == (True, "")
    assert series_key("Writing a parser, part 1") == ""  # parts of a tutorial are no series
    assert series_key("Announcing Rust 1.70.0") == series_key("Announcing Rust 1.71.0")


def test_front_matter_and_rules_decide_first():
    given = post("Take our survey", evergreen_given=True)
    assert decide(given) is None
    rules = [EvergreenRule(tag="evergreen", evergreen=True),
             EvergreenRule(title=r"^weekly notes", evergreen=False)]  # fmt: skip
    assert decide(post("Take our survey", tags=("Evergreen",)), rules).evergreen is True
    found = decide(post("Weekly notes 12"), rules)
    assert (found.evergreen, found.reason) == (
        False,
        "evergreen_rules: title '^weekly notes' -> evergreen false",
    )
    assert decide(post("How to bake bread")) is None


def test_front_matter_evergreen_is_read(tmp_path):
    (tmp_path / "a.md").write_text("---\ntitle: Take our survey\nevergreen: true\n---\nHi.\n")
    (tmp_path / "b.md").write_text("---\ntitle: Take our survey too\ndate: 2024-01-01\n---\nHi.\n")
    config = Config.from_mapping({"site_url": "https://b.example"})
    found = {p.title: p for p in decide_all(read_posts(tmp_path, config, Problems()))}
    assert found["Take our survey too"].evergreen is False
    assert found["Take our survey"].evergreen_given
    assert found["Take our survey"].evergreen is True


def test_rules_are_validated():
    with pytest.raises(ConfigError, match="evergreen rule needs"):
        Config.from_mapping({"schedule": {"evergreen_rules": [{"evergreen": False}]}})
    with pytest.raises(ConfigError, match="not a regular expression"):
        Config.from_mapping({"schedule": {"evergreen_rules": [{"title": "(", "evergreen": False}]}})


#: Real posts that are time-bound (release announcements a newer one replaces, events,
#: surveys, calls for proposals) and real posts that must stay evergreen (how-tos, essays).
TIME_BOUND = {
    "mkdocs-material-instructor-blog": ["docs/blog/posts/version-1.md"],
    "toml-zola-rust-blog": [
        "content/Rust-1.70.0.md",
        "content/Rust-1.98.0.md",
        "content/annual-survey-2024-launch.md",
        "content/rustconf-cfp.md",
    ],
    "docusaurus-tseslint-pnpm-blogs": [
        "pnpm/blog/releases/10.14.md",
        "pnpm/blog/releases/11.20.md",
    ],
    "mkdocs-material-pypi-hatch-blogs": [
        "hatch-blog/docs/blog/posts/release-hatch-160.md",
        "hatch-blog/docs/blog/posts/release-hatch-1170.md",
        # Job openings: the role is filled since.
        "pypi-blog/docs/blog/posts/2023-05-09-announcing-pypi-safety-and-security-engr-role.md",
        "pypi-blog/docs/blog/posts/2024-03-20-announcing-a-pypi-support-specialist.md",
    ],
    # A Kickstarter campaign, and a fundraiser for Kdenlive: both ended.
    "eleventy-11ty-website-blog": ["src/blog/2026-04-28-build-awesome-pro.md"],
    "pelican-kevin-deldycke-blog": ["content/2012/200-dollars-kdenlive-contribution.md"],
    "jekyll-project-news-posts": [
        "docs/_posts/2018-11-04-jekyll-3-8-5-released.markdown",
        "docs/_posts/2024-09-16-jekyll-4-3-4-released.markdown",
    ],
    "hugo-kubernetes-contributor-blog": [
        "content/en/blog/2023/kcseu2023-spotlight/index.md",
        "content/en/blog/2026/kcd-around-the-world-san-francisco/index.md",
    ],
    "hugo-linkerd-blog": [
        "linkerd.io/content/blog/2019/0512-icymi-may-2019-san-francisco-linkerd-meetup/index.md",
        "linkerd.io/content/blog/2024/0425-edge-release-roundup/index.md",
    ],
}
EVERGREEN = {
    "pelican-kevin-deldycke-blog": [
        "content/2006/cd-templates-for-jewel-case-in-svg.md",
        "content/2010/latest-stable-kdenlive-development-version-mlt.md",
        "content/2006/i18n-l10n-commands.md",
        "content/2008/best-open-source-payroll-software.md",
        "content/2011/bazaar-commands.md",
    ],
    "mkdocs-material-instructor-blog": [
        "docs/blog/posts/caching.md",
        "docs/blog/posts/chain-of-density.md",
        "docs/blog/posts/validation-part1.md",
        "docs/blog/posts/using_json.md",
    ],
    "toml-zola-rust-blog": ["content/Fearless-Concurrency.md"],
    "docusaurus-tseslint-pnpm-blogs": [
        "pnpm/blog/2020-05-27-flat-node-modules-is-not-the-only-way.md",
        "typescript-eslint/packages/website/blog/2024-09-30-typed-linting.md",
    ],
    "hugo-linkerd-blog": ["linkerd.io/content/blog/2019/0429-design-principles/index.md"],
    "mkdocs-material-pypi-hatch-blogs": ["pypi-blog/docs/blog/posts/2023-05-23-removing-pgp.md"],
}


@pytest.mark.corpus
@pytest.mark.parametrize(
    "blog",
    [pytest.param(b, marks=same_worker(b)) for b in sorted(set(TIME_BOUND) | set(EVERGREEN))],
)
def test_time_bound_posts_of_real_blogs(corpora, blog):
    root = corpora / blog
    posts = {p.source: p for p in decide_all(list(corpus_posts(blog)))}
    for name in TIME_BOUND.get(blog, []):
        found = posts[str(root / name)]
        assert not found.evergreen and found.evergreen_reason, name
    for name in EVERGREEN.get(blog, []):
        found = posts[str(root / name)]
        assert found.evergreen and not found.evergreen_reason, (name, found.evergreen_reason)


def test_the_reason_shows_in_posts_and_the_preview(tmp_path):
    from bs4 import BeautifulSoup
    from click.testing import CliRunner

    from smm_promote.cli import cli
    from smm_promote.pipeline import promote
    from smm_promote.preview import build_preview

    (tmp_path / "survey.md").write_text(
        "---\ntitle: Take our 2026 reader survey\ndate: 2026-03-01\n---\n"
        "Tell us what to write about before March 20, 2026.\n"
    )
    result = CliRunner().invoke(cli, ["posts", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    [listed] = json.loads(result.stdout)["posts"]
    assert (listed["evergreen"], listed["evergreen_reason"]) == (
        False,
        "about an event (survey, on 2026-03-20)",
    )
    config = Config.from_mapping({"site_url": "https://b.example", "platforms": ["mastodon"]})
    posts = read_posts(tmp_path, config, Problems())
    now = datetime(2026, 3, 2, tzinfo=UTC)
    promotion = promote(posts, config, out_dir=tmp_path / "out", cards=False, now=now)
    assert promotion.posts[0].expires is None  # its page keeps its card after the event
    index = build_preview(promotion, config, tmp_path / "preview", now=now)
    page = next(p for p in index.parent.rglob("*.html") if p != index and "survey" in p.name)
    soup = BeautifulSoup(page.read_text(), "html.parser")
    banners = [b.get_text(" ", strip=True) for b in soup.select(".banner")]
    assert banners == ["Not evergreen: about an event (survey, on 2026-03-20)."]
