"""Hugo sites: which files are posts and each post's URL, by Hugo's own rules."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest

from smm_promote.sites.hugo import HugoSite, sanitize
from tests.corpus_support import same_worker
from tests.site_support import facts, meta_of, read_urls, site_of, urls, write

# --- the corpora ----------------------------------------------------------------------------


def _day(value) -> str:
    """YYYY/MM/DD of a front-matter date as written (its own offset kept)."""
    if isinstance(value, datetime | date):
        return value.strftime("%Y/%m/%d")
    return str(value)[:10].replace("-", "/")


def _urlized(title: str) -> str:
    """A plain reading of Hugo's urlize for ASCII titles: lower case, runs of spaces one
    hyphen, punctuation other than `.`/`-`/`_` dropped."""
    words = re.sub(r"[^\w\s.\-]", "", title.strip().lower())
    return re.sub(r"\s+", "-", words)


def _dated_rule(folder: Path, prefix: str, posts: dict[str, str]) -> dict[str, str]:
    """What `<prefix>/:year/:month/:day/:slug/` gives each post, read independently."""
    expected = {}
    for rel in posts:
        meta = meta_of(folder / rel)
        slug = meta.get("slug") or _urlized(str(meta["title"]))
        expected[rel] = f"{prefix}/{_day(meta['date'])}/{slug}/"
    return expected


@pytest.mark.corpus
def test_kubernetes_contributor_blog(corpora: Path) -> None:
    folder = corpora / "hugo-kubernetes-contributor-blog"
    site, problems = site_of(folder)
    assert isinstance(site, HugoSite) and not problems.items
    posts, skipped = urls(folder, site)
    print(f"hugo-kubernetes-contributor-blog: {len(posts)} posts, all URLs equal")
    assert posts == _dated_rule(folder, "https://www.kubernetes.dev/blog", posts)
    assert len(posts) == 69
    blog = "content/en/blog/"
    assert skipped == {
        "SOURCE.txt": "outside Hugo's contentDir (content/en)",
        blog + "_index.md": "Hugo list page (_index)",
        blog + "2022/2022-03-15-k8s-triage-bot-helper-ci-job/K8s-ci-bot-make-update-helper.md": (
            "resource of the page bundle "
            "content/en/blog/2022/2022-03-15-k8s-triage-bot-helper-ci-job"
        ),
    }
    assert posts[blog + "2023/2023-10-20-kcs-shanghai/index.md"] == (
        "https://www.kubernetes.dev/blog/2023/10/20/kcs-shanghai/"
    )
    # Six posts have no slug: the urlized title, dots kept.
    assert posts[blog + "2021/improve-with-mermaid-diagrams/mermaid-diagrams.md"] == (
        "https://www.kubernetes.dev/blog/2021/12/01/improve-your-documentation-with-mermaid.js-diagrams/"
    )
    # A bundle's images are published beside its page: the posts' own figure paths agree.
    confirmed = 0
    for rel, url in posts.items():
        if not rel.endswith("/index.md"):
            continue
        path = url.removeprefix("https://www.kubernetes.dev")
        for src in re.findall(
            r'figure src="(/blog/\d{4}/\d\d/\d\d/[^"]+)"', (folder / rel).read_text()
        ):
            assert src.rsplit("/", 1)[0] + "/" == path, (rel, src)
            confirmed += 1
    assert confirmed == 4


@pytest.mark.corpus
def test_linkerd_blog_config_directory(corpora: Path) -> None:
    folder = corpora / "hugo-linkerd-blog" / "linkerd.io"
    site, problems = site_of(folder)
    assert isinstance(site, HugoSite) and not problems.items
    assert site.config_file == folder / "config/_default/hugo.yaml"
    assert [r.key for r in site.rules] == ["permalinks.page.blog"]
    posts, skipped = urls(folder, site)
    print(f"hugo-linkerd-blog: {len(posts)} posts, all URLs equal")
    assert posts == _dated_rule(folder, "https://linkerd.io", posts)
    assert len(posts) == 144
    assert skipped == {"content/blog/_index.md": "Hugo list page (_index)"}
    blog = "content/blog/"
    assert posts[blog + "2019/0212-announcing-linkerd-2-2/index.md"] == (
        "https://linkerd.io/2019/02/12/announcing-linkerd-2-2/"
    )
    # The bundle folder's date is not the post's; the old URL in `aliases` is not its URL.
    assert posts[blog + "2023/1011-cve-2023-44487/index.md"].startswith(
        "https://linkerd.io/2023/10/12/"
    )
    assert posts[
        blog + "2019/0202-debugging-ruby-services-in-kubernetes-with-linkerd/index.md"
    ] == ("https://linkerd.io/2019/02/02/debugging-ruby-services-in-kubernetes-with-linkerd/")
    assert "https://linkerd.io/2026/06/23/announcing-linkerd-2.20/" in posts.values()


@pytest.mark.corpus
def test_hugo_basic_example_defaults(corpora: Path) -> None:
    folder = corpora / "hugo-basic-example"
    site, problems = site_of(folder)
    assert isinstance(site, HugoSite) and not problems.items
    assert site.lang == "en"
    posts, skipped = urls(folder, site)
    print(f"hugo-basic-example: {len(posts)} posts, all URLs equal")
    names = [
        "emoji-support",
        "markdown-syntax",
        "math-typesetting",
        "placeholder-text",
        "rich-content",
    ]
    assert posts == {f"content/post/{n}.md": f"https://gohugo.io/post/{n}/" for n in names}
    top = "Hugo page outside any section"
    listing = "Hugo list page (_index)"
    resource = "resource of the page bundle content/homepage"
    assert {k: v for k, v in skipped.items() if k.startswith("content/")} == {
        "content/_index.md": listing,
        "content/post/_index.md": listing,
        "content/about.md": top,
        "content/archives.md": top,
        "content/homepage/index.md": "headless bundle (Hugo publishes no page)",
        "content/homepage/about.md": resource,
        "content/homepage/work.md": resource,
    }


# --- rules, one by one ------------------------------------------------------------------------

POST = "---\ntitle: '{title}'\ndate: 2024-03-05T10:00:00+01:00\n{extra}---\nText.\n"


def _post(title: str = "Hello World", extra: str = "") -> str:
    return POST.format(title=title, extra=extra)


def _site(tmp_path: Path, config: str, files: dict[str, str], name: str = "hugo.toml"):
    write(tmp_path, {name: config, **files})
    site, problems = site_of(tmp_path)
    assert isinstance(site, HugoSite)
    return site, problems


def _url(site: HugoSite, path: Path, **meta) -> str:
    found = site.url(facts(path, **meta))
    assert found is not None
    return found[0]


def test_default_url_is_the_folder_and_file_name(tmp_path: Path) -> None:
    site, _ = _site(tmp_path, 'baseURL = "https://example.org/"', {
        "content/posts/2024/My Post.md": _post(),
        "content/posts/bundle/index.md": _post(),
        "content/posts/sluggy.md": _post(extra="slug: Custom Slug\n"),
    })  # fmt: skip
    c = tmp_path / "content/posts"
    assert _url(site, c / "2024/My Post.md") == "https://example.org/posts/2024/my-post/"
    assert _url(site, c / "bundle/index.md") == "https://example.org/posts/bundle/"
    assert _url(site, c / "sluggy.md") == "https://example.org/posts/custom-slug/"
    assert site.url(facts(c / "sluggy.md"))[1] == "rule: hugo content path"


def test_section_and_kind_keyed_permalinks(tmp_path: Path) -> None:
    config = (
        'baseURL = "https://example.org/"\n[permalinks]\nnews = "/n/:slug/"\n'
        '[permalinks.page]\nblog = "/:year/:month/:day/:slug/"\n'
    )
    site, problems = _site(tmp_path, config, {
        "content/blog/a.md": _post("A Title"),
        "content/blog/deep/b.md": _post("B"),
        "content/news/c.md": _post("C"),
        "content/docs/d.md": _post("D"),
    })  # fmt: skip
    assert not problems.items
    c = tmp_path / "content"
    assert _url(site, c / "blog/a.md") == "https://example.org/2024/03/05/a-title/"
    assert _url(site, c / "blog/deep/b.md") == "https://example.org/2024/03/05/b/"
    assert _url(site, c / "news/c.md") == "https://example.org/n/c/"
    assert _url(site, c / "docs/d.md") == "https://example.org/docs/d/"
    assert site.url(facts(c / "blog/a.md"))[1] == "rule: hugo permalinks.page.blog"


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("/:year/:month/:day/", "/2024/03/05/"),
        ("/:monthname/:weekday/:weekdayname/:yearday/", "/march/2/tuesday/65/"),
        ("/:section/:sections/", "/blog/blog/tips/"),
        ("/:sections[1:]/:sections[last]/:slug/", "/tips/tips/hello-world/"),
        ("/:title/", "/hello-world-c-and-more/"),
        ("/:slug/", "/hello-world/"),
        ("/:slugorfilename/", "/hello-world/"),
        ("/:filename/:contentbasename/:slugorcontentbasename/", "/my_file/my_file/hello-world/"),
        ("/:2006/:01/:02/", "/2024/03/05/"),
    ],
)
def test_permalink_tokens(tmp_path: Path, pattern: str, expected: str) -> None:
    config = f"baseURL = \"https://example.org\"\n[permalinks]\nblog = '{pattern}'\n"
    site, problems = _site(tmp_path, config, {
        "content/blog/tips/_index.md": "---\ntitle: Tips\n---\n",
        "content/blog/tips/my_file.md": _post("Hello World: C and more", "slug: hello-world\n"),
    })  # fmt: skip
    assert not problems.items
    assert _url(site, tmp_path / "content/blog/tips/my_file.md") == "https://example.org" + expected


def test_slug_falls_back_to_the_title_and_filename_token_to_the_file(tmp_path: Path) -> None:
    config = 'baseURL = "https://example.org"\n[permalinks]\nblog = "/:slug/"\nnews = "/:slugorfilename/"\n'
    site, _ = _site(tmp_path, config, {
        "content/blog/x.md": _post("Über  Café — 2.0 Release!"),
        "content/news/the-file.md": _post("Anything"),
    })  # fmt: skip
    assert _url(site, tmp_path / "content/blog/x.md") == (
        "https://example.org/%C3%BCber-caf%C3%A9-2.0-release/"
    )
    assert _url(site, tmp_path / "content/news/the-file.md") == "https://example.org/the-file/"


def test_sanitize_is_hugos() -> None:
    assert sanitize("Hello  World") == "Hello-World"
    assert sanitize("a - b") == "a-b"
    assert sanitize("C++ & C#: the ~end~") == "C++-C#-the-~end~"
    assert sanitize("50% off %20") == "50-off-%20"
    assert sanitize(" leading") == "leading"


def test_disable_path_to_lower_and_ugly_urls(tmp_path: Path) -> None:
    config = 'baseURL = "https://example.org"\ndisablePathToLower = true\nuglyURLs = true\n'
    site, _ = _site(tmp_path, config, {"content/Posts/My Post.md": _post()})
    assert (
        _url(site, tmp_path / "content/Posts/My Post.md")
        == "https://example.org/Posts/My-Post.html"
    )


def test_ugly_urls_per_section(tmp_path: Path) -> None:
    config = 'baseURL = "https://example.org"\n[uglyURLs]\nposts = true\n'
    site, _ = _site(
        tmp_path, config, {"content/posts/a.md": _post(), "content/notes/b.md": _post()}
    )
    assert _url(site, tmp_path / "content/posts/a.md") == "https://example.org/posts/a.html"
    assert _url(site, tmp_path / "content/notes/b.md") == "https://example.org/notes/b/"


def test_front_matter_url_overrides_and_is_kept_as_written(tmp_path: Path) -> None:
    site, _ = _site(tmp_path, 'baseURL = "https://example.org/"', {
        "content/posts/a.md": _post(extra="url: /Special/Place\nslug: nope\n"),
        "content/posts/b.md": _post(extra="url: /feed/item.html\n"),
        "content/posts/c.md": _post(extra="aliases: [/old/c/]\ncanonicalUrl: https://other.example/c/\n"),
    })  # fmt: skip
    c = tmp_path / "content/posts"
    assert site.url(facts(c / "a.md")) == (
        "https://example.org/Special/Place/",
        "rule: hugo front matter url",
    )
    assert _url(site, c / "b.md") == "https://example.org/feed/item.html"
    assert _url(site, c / "c.md") == "https://example.org/posts/c/"


def test_base_url_with_a_path(tmp_path: Path) -> None:
    site, _ = _site(
        tmp_path, 'baseURL = "https://example.org/docs/"', {"content/posts/a.md": _post()}
    )
    assert _url(site, tmp_path / "content/posts/a.md") == "https://example.org/docs/posts/a/"


def test_languages_prefix_and_content_dirs(tmp_path: Path) -> None:
    config = (
        'baseURL = "https://example.org"\ndefaultContentLanguage = "en"\n'
        "[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\n"
        '[languages.de]\ncontentDir = "content/de"\n'
    )
    site, _ = _site(tmp_path, config, {
        "content/posts/a.md": _post(),
        "content/posts/a.fr.md": _post("Bonjour"),
        "content/de/posts/b.md": _post("Hallo"),
    })  # fmt: skip
    c = tmp_path / "content"
    assert _url(site, c / "posts/a.md") == "https://example.org/posts/a/"
    assert _url(site, c / "posts/a.fr.md") == "https://example.org/fr/posts/a/"
    assert _url(site, c / "de/posts/b.md") == "https://example.org/de/posts/b/"
    assert site.lang_of(facts(c / "posts/a.fr.md")) == "fr"
    assert site.lang_of(facts(c / "de/posts/b.md")) == "de"
    assert site.lang_of(facts(c / "posts/a.md")) == "en"
    key = site.translation_key(facts(c / "posts/a.md"))
    assert key == site.translation_key(facts(c / "posts/a.fr.md")) == "hugo:posts/a"
    assert site.skip_reason(c / "de/posts/_index.md", {}) is not None


def test_default_language_in_subdir_and_multihost(tmp_path: Path) -> None:
    config = (
        'baseURL = "https://example.org"\ndefaultContentLanguageInSubdir = true\n'
        "[languages.en]\n[languages.fr]\n"
    )
    site, _ = _site(tmp_path, config, {"content/posts/a.md": _post()})
    assert _url(site, tmp_path / "content/posts/a.md") == "https://example.org/en/posts/a/"
    multihost = (
        '[languages.en]\nbaseURL = "https://example.com"\n'
        '[languages.fr]\nbaseURL = "https://example.fr"\n'
    )
    other = tmp_path / "multi"
    site, _ = _site(other, multihost, {"content/posts/a.fr.md": _post()})
    assert _url(site, other / "content/posts/a.fr.md") == "https://example.fr/posts/a/"


def test_config_directory_files_are_named_for_their_keys(tmp_path: Path) -> None:
    write(tmp_path, {
        "config/_default/hugo.toml": 'baseURL = "https://example.org"\n',
        "config/_default/permalinks.yaml": "page:\n  blog: /:year/:slug/\n",
        "config/_default/params.yaml": "mainSections: [blog]\n",
        "config/production/hugo.toml": 'baseURL = "https://prod.example.org"\n',
        "content/blog/a.md": _post(),
        "content/docs/b.md": _post(),
    })  # fmt: skip
    site, problems = site_of(tmp_path)
    assert isinstance(site, HugoSite) and not problems.items
    assert (
        _url(site, tmp_path / "content/blog/a.md") == "https://prod.example.org/2024/hello-world/"
    )
    assert site.skip_reason(tmp_path / "content/docs/b.md", {}) == (
        "section 'docs' not in mainSections (blog)"
    )


def test_frontmatter_date_config_and_filename_slug(tmp_path: Path) -> None:
    config = (
        'baseURL = "https://example.org"\n[frontmatter]\ndate = [":filename", ":default"]\n'
        '[permalinks]\nposts = "/:year/:month/:slug/"\n'
    )
    site, _ = _site(
        tmp_path, config, {"content/posts/2020-02-01-from-name.md": "---\ntitle: T\n---\n"}
    )
    assert _url(site, tmp_path / "content/posts/2020-02-01-from-name.md") == (
        "https://example.org/2020/02/from-name/"
    )


def test_what_is_not_a_post(tmp_path: Path) -> None:
    site, _ = _site(tmp_path, 'baseURL = "https://example.org"', {
        "content/_index.md": "---\ntitle: Home\n---\n",
        "content/about.md": _post(),
        "content/posts/_index.md": "---\ntitle: Posts\n---\n",
        "content/posts/_index.fr.md": "---\ntitle: Posts\n---\n",
        "content/posts/bundle/index.md": _post(),
        "content/posts/bundle/extra.md": _post(),
        "content/posts/hidden.md": _post(extra="build:\n  render: never\n"),
        "content/posts/old.md": _post(extra="_build:\n  render: false\n"),
        "content/posts/robots.txt": "User-agent: *\n",
        "content/posts/real.md": _post(),
        "content/posts/gone.md": _post(extra="expiryDate: 2020-01-01\n"),
        "content/posts/later.md": _post(extra="expiryDate: 2999-01-01\n"),
        "README.md": "# Site\n",
    })  # fmt: skip
    c = tmp_path / "content"

    def reason(rel: str) -> str | None:
        path = tmp_path / rel
        return site.skip_reason(path, meta_of(path))

    assert reason("content/_index.md") == "Hugo list page (_index)"
    assert reason("content/posts/_index.md") == "Hugo list page (_index)"
    assert reason("content/about.md").startswith("Hugo page outside any section")
    assert (
        reason("content/posts/bundle/extra.md")
        == "resource of the page bundle content/posts/bundle"
    )
    assert reason("content/posts/bundle/index.md") is None
    assert reason("content/posts/hidden.md").startswith("build.render off")
    assert reason("content/posts/old.md").startswith("build.render off")
    assert reason("content/posts/robots.txt") == "not a Hugo content format"
    assert reason("README.md") == "outside Hugo's contentDir (content)"
    assert reason("content/posts/real.md") is None
    assert reason("content/posts/gone.md") == "expiryDate passed (Hugo no longer publishes it)"
    assert reason("content/posts/later.md") is None
    assert site.skip_reason(c / "posts/real.md", {"headless": True}).startswith("headless bundle")


def test_a_config_folder_without_default_is_not_hugo(tmp_path: Path) -> None:
    write(tmp_path, {"config/production/app.yaml": "port: 80\n", "posts/a.md": _post()})
    site, _ = site_of(tmp_path)
    assert not isinstance(site, HugoSite)


def test_zola_config_is_not_hugo(tmp_path: Path) -> None:
    write(
        tmp_path, {"config.toml": 'base_url = "https://z.example"\n', "content/a.md": "+++\n+++\n"}
    )
    site, _ = site_of(tmp_path)
    assert not isinstance(site, HugoSite)


def test_config_toml_with_base_url_key_is_hugo(tmp_path: Path) -> None:
    write(tmp_path, {"config.toml": 'baseurl = "https://h.example/"\n', "posts/a.md": _post()})
    site, _ = site_of(tmp_path)
    assert isinstance(site, HugoSite) and site.base_url == "https://h.example"


# --- bad input ------------------------------------------------------------------------------


def test_broken_config_is_reported_and_defaults_apply(tmp_path: Path) -> None:
    site, problems = _site(
        tmp_path, "baseURL: [unclosed\n", {"content/posts/a.md": _post()}, "hugo.yaml"
    )
    assert [p.where for p in problems] == [str(tmp_path / "hugo.yaml")]
    assert "Hugo config: broken YAML" in problems.items[0].message
    assert _url(site, tmp_path / "content/posts/a.md") == "/posts/a/"


def test_unknown_token_warns_with_file_and_key_and_falls_back(tmp_path: Path) -> None:
    config = 'baseURL = "https://example.org"\n[permalinks.page]\nposts = "/:year/:nosuch/"\n'
    site, problems = _site(tmp_path, config, {"content/posts/a.md": _post()})
    assert len(problems) == 1
    problem = problems.items[0]
    assert problem.where == str(tmp_path / "hugo.toml")
    assert problem.message.startswith("permalinks.page.posts: unknown permalink token :nosuch")
    assert site.url(facts(tmp_path / "content/posts/a.md")) == (
        "https://example.org/posts/a/",
        "rule: hugo content path",
    )


def test_bad_permalink_entries_are_reported(tmp_path: Path) -> None:
    config = 'baseURL = "https://example.org"\n[permalinks.page]\nposts = 3\n[permalinks.weird]\nx = "/a/"\n'
    _site_obj, problems = _site(tmp_path, config, {"content/posts/a.md": _post()})
    messages = sorted(p.message for p in problems)
    assert messages == [
        "permalinks.page.posts: not a pattern string; rule not used",
        "permalinks.weird: not a pattern or a page kind; rule not used",
    ]


# --- end to end: the folder read as `smm-promote posts` reads it ------------------------------


@pytest.mark.corpus
@pytest.mark.parametrize(
    "name",
    [
        pytest.param(name, marks=same_worker(name))
        for name in [
            "hugo-linkerd-blog/linkerd.io",
            "hugo-basic-example",
            "hugo-kubernetes-contributor-blog",
        ]
    ],
)
def test_read_source_gives_the_sites_urls(corpora: Path, name: str) -> None:
    folder = corpora / name
    expected, _ = urls(folder)
    got, origins, problems = read_urls(folder)
    assert not problems
    assert set(got) == set(expected)
    wrong = {rel for rel in expected if got[rel] != expected[rel]}
    assert not wrong
    assert all(o.startswith("rule: hugo ") for o in origins.values())
    print(f"{name}: {len(got)} of {len(got)} posts read with the site's URL")


@pytest.mark.corpus
@same_worker("hugo-kubernetes-contributor-blog")
def test_read_source_takes_a_long_front_matter_opener(corpora: Path) -> None:
    folder = corpora / "hugo-kubernetes-contributor-blog"
    got, _, _ = read_urls(folder)
    assert got["content/en/blog/2024/k8s-book-club/k8s-book-club.md"] == (
        "https://www.kubernetes.dev/blog/2024/02/22/k8s-book-club/"
    )


def test_read_source_keeps_a_leaf_bundle_beside_its_resources(tmp_path: Path) -> None:
    write(tmp_path, {
        "hugo.toml": 'baseURL = "https://example.org"\n',
        "content/posts/trip/index.md": _post("The Trip"),
        "content/posts/trip/notes.md": _post("Notes"),
        "content/posts/_index.md": "---\ntitle: Posts\n---\n",
    })  # fmt: skip
    got, _, problems = read_urls(tmp_path)
    assert got == {"content/posts/trip/index.md": "https://example.org/posts/trip/"}
    assert not problems


def test_language_permalinks_and_unsupported_section_slugs(tmp_path: Path) -> None:
    config = (
        'baseURL = "https://example.org"\n[permalinks]\nposts = "/:year/:slug/"\n'
        '[languages.en]\n[languages.de]\n[languages.de.permalinks]\nposts = "/beitrag/:slug/"\n'
        '[languages.en.permalinks]\nposts = "/:sectionslug/:slug/"\n'
    )
    site, problems = _site(tmp_path, config, {
        "content/posts/a.md": _post("Alpha"),
        "content/posts/a.de.md": _post("Alpha DE"),
    })  # fmt: skip
    assert (
        _url(site, tmp_path / "content/posts/a.de.md") == "https://example.org/de/beitrag/alpha-de/"
    )
    assert _url(site, tmp_path / "content/posts/a.md") == "https://example.org/2024/alpha/"
    assert [p.message for p in problems] == [
        "languages.en.permalinks.posts: permalink token not supported here (it needs the "
        "section pages' titles) :sectionslug in '/:sectionslug/:slug/'; "
        "the rule is not used (its pages fall back to the next rule)"
    ]


def test_build_options_cascade_from_sections_and_config(tmp_path: Path) -> None:
    config = (
        'baseURL = "https://example.org"\n'
        '[[cascade]]\n[cascade.build]\nrender = "never"\n[cascade.target]\npath = "/drafts/**"\n'
    )
    site, _ = _site(tmp_path, config, {
        "content/archive/_index.md": "---\ntitle: Old\ncascade:\n  build:\n    render: never\n---\n",
        "content/archive/2019/a.md": _post(),
        "content/archive/2019/b.md": _post(extra="build:\n  render: always\n"),
        "content/drafts/c.md": _post(),
        "content/posts/d.md": _post(),
    })  # fmt: skip

    def reason(rel: str) -> str | None:
        path = tmp_path / "content" / rel
        return site.skip_reason(path, meta_of(path))

    assert reason("archive/2019/a.md") == "build.render off (Hugo publishes no page)"
    assert reason("archive/2019/b.md") is None
    assert reason("drafts/c.md") == "build.render off (Hugo publishes no page)"
    assert reason("posts/d.md") is None


def test_permalinks_list_form_first_match_wins(tmp_path: Path) -> None:
    config = (
        'baseURL = "https://example.org"\n'
        '[[permalinks]]\npattern = "/news/:slug/"\n[permalinks.target]\nkind = "page"\n'
        'path = "/blog/news/**"\n'
        '[[permalinks]]\npattern = "/b/:year/:slug/"\n[permalinks.target]\nkind = "page"\n'
        'path = "{/blog,/blog/**}"\n'
    )
    site, problems = _site(tmp_path, config, {
        "content/blog/news/a.md": _post("Alpha"),
        "content/blog/b.md": _post("Beta"),
    })  # fmt: skip
    assert not problems.items
    assert _url(site, tmp_path / "content/blog/news/a.md") == "https://example.org/news/alpha/"
    assert site.url(facts(tmp_path / "content/blog/b.md")) == (
        "https://example.org/b/2024/beta/",
        "rule: hugo permalinks[1]",
    )


# --- front matter as Hugo's page lexer delimits it ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "meta", "body"),
    [
        ("------\ntitle: Long\n---\nBody\n", {"title": "Long"}, "Body\n"),
        ("\n\n---\ntitle: Late\n---\nBody\n", {"title": "Late"}, "Body\n"),
        ("+++\ntitle = 'T'\n+++\nBody\n", {"title": "T"}, "Body\n"),
        ("---\n---\nBody\n", {}, "Body\n"),
    ],
)
def test_hugo_front_matter_openers(text: str, meta: dict[str, str], body: str) -> None:
    from smm_promote.sources import frontmatter

    assert frontmatter.has_front_matter(text, "hugo")
    assert frontmatter.split(text, "a.md", "hugo") == (meta, body)


def test_other_generators_keep_the_strict_opener() -> None:
    from smm_promote.sources import frontmatter

    assert not frontmatter.has_front_matter("------\ntitle: Long\n---\n", "jekyll")


def test_hugo_front_matter_errors_name_the_file_line(tmp_path: Path) -> None:
    from smm_promote.errors import SourceError
    from smm_promote.sources import frontmatter

    with pytest.raises(SourceError) as err:
        frontmatter.split("\n---\ntitle: a\nbad: [\n---\n", "a.md", "hugo")
    assert (err.value.where, err.value.line) == ("a.md", 5)
    with pytest.raises(SourceError, match="never closed"):
        frontmatter.split("---\ntitle: a\n", "a.md", "hugo")


def test_read_source_takes_a_hugo_long_opener(tmp_path: Path) -> None:
    write(tmp_path, {
        "hugo.toml": 'baseURL = "https://example.org"\n',
        "content/posts/a.md": "------\ntitle: A\nslug: the-a\ndate: 2024-02-22\n---\nText.\n",
    })  # fmt: skip
    got, _, problems = read_urls(tmp_path)
    assert got == {"content/posts/a.md": "https://example.org/posts/the-a/"}
    assert not problems


def test_toml_front_matter_outside_hugo() -> None:
    from smm_promote.sources import frontmatter

    assert frontmatter.split("+++\ntitle = 'T'\n+++\nBody\n", "a.md") == ({"title": "T"}, "Body")
