"""`smm-promote posts` on a site: skipped files and why, URL origins, --all, --json, --site,
`content` and `url_pattern` from the config; built sites, sitemaps and feeds matched to posts."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from smm_promote.config import Config
from smm_promote.errors import ConfigError, Problems
from smm_promote.model import Post
from smm_promote.sites.built import apply_built, canonical_url, load_built
from smm_promote.sources import read_source
from smm_promote.sources.dedupe import one_per_page
from tests.cli_support import run_cli
from tests.corpus_support import plain_reading, same_worker


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, cwd=cwd, env={"COLUMNS": "250"})


def blog(tmp_path: Path) -> Path:
    (tmp_path / "smm-promote.toml").write_text('site_url = "https://blog.example"\n')
    posts = tmp_path / "content"
    (posts / "extra").mkdir(parents=True)
    (posts / "first.md").write_text("---\ntitle: First post\ndate: 2024-05-01\n---\n\nHello.\n")
    (posts / "moved.md").write_text("---\ntitle: Moved\nurl: /old/moved.html\n---\n\nBody.\n")
    (posts / "about.md").write_text("---\ntitle: About me\n---\n\nMe.\n")
    (posts / "_index.md").write_text("---\ntitle: Home\n---\n")
    (posts / "extra" / "robots.txt").write_text("User-agent: *\nDisallow:\n")
    return tmp_path


def test_posts_counts_skipped_files_by_reason_and_shows_origins(tmp_path):
    root = blog(tmp_path)
    result = run("posts", str(root / "content"))
    assert result.returncode == 0, result.stderr
    assert "https://blog.example/first/" in result.stdout
    assert "generic: site_url/<slug>/" in result.stdout
    assert "front matter: url" in result.stdout
    assert (
        "3 files skipped: 1 about page, 1 non-content file, 1 section index (--all lists them)"
        in result.stderr
    )
    assert "robots.txt" not in result.stdout
    listed = run("posts", str(root / "content"), "--all")
    assert "3 files skipped" in listed.stdout
    for name, reason in [("about.md", "about page"), ("robots.txt", "non-content file"),
                         ("_index.md", "section index")]:  # fmt: skip
        line = next(line for line in listed.stdout.splitlines() if name in line)
        assert reason in line


def test_posts_json_has_posts_with_origins_and_the_skipped_files(tmp_path):
    root = blog(tmp_path)
    result = run("posts", str(root / "content"), "--json")
    data = json.loads(result.stdout)
    origins = {p["url"]: p["url_origin"] for p in data["posts"]}
    assert origins == {
        "https://blog.example/first/": "generic: site_url/<slug>/",
        "https://blog.example/old/moved.html": "front matter: url",
    }
    content = root / "content"
    assert data["skipped"] == [
        {"path": str(content / "_index.md"), "reason": "section index"},
        {"path": str(content / "about.md"), "reason": "about page"},
        {"path": str(content / "extra" / "robots.txt"), "reason": "non-content file"},
    ]


def test_content_in_the_config_serves_commands_without_a_path(tmp_path):
    root = blog(tmp_path)
    (root / "smm-promote.toml").write_text(
        'site_url = "https://blog.example"\ncontent = ["content"]\n'
    )
    result = run("posts", "--json", cwd=root)
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["posts"]) == 2
    captions = run("captions", "--json", "--platform", "x", cwd=root)
    assert captions.returncode == 0, captions.stderr
    nothing = run("posts", cwd=tmp_path / "content")
    assert nothing.returncode == 0  # the config above content/ is found from there


def test_no_path_and_no_content_is_a_usage_error(tmp_path):
    missing = run("posts", cwd=tmp_path)
    assert missing.returncode != 0
    assert "give PATH_OR_FEED, or list folders in `content` in the config" in missing.stderr


def test_url_pattern_overrides_every_rule(tmp_path):
    root = blog(tmp_path)
    config = Config.from_mapping(
        {"site_url": "https://blog.example", "url_pattern": "/posts/{year}/{month}/{slug}.html"}
    )
    posts = {p.title: p for p in read_source(root / "content", config).posts}
    assert posts["First post"].url == "https://blog.example/posts/2024/05/first.html"
    assert posts["First post"].url_origin == "override: url_pattern"
    assert posts["Moved"].url_origin == "front matter: url"  # no date: the next rule


def test_url_pattern_with_an_unknown_placeholder_is_a_config_error(tmp_path):
    bad = tmp_path / "smm-promote.toml"
    bad.write_text('url_pattern = "{slug}/{hour}/"\n')
    with pytest.raises(ConfigError) as caught:
        from smm_promote.config import load_config

        load_config(bad)
    assert "url_pattern (line 1): unknown placeholder {hour}" in str(caught.value)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://kubevirt.io//2020/x.html", "http://kubevirt.io/2020/x.html"),
        ("//farseerfc.me/a.html", "https://farseerfc.me/a.html"),
        ("https://www.b.example/p/index.html", "https://b.example/p/"),
        ("https://b.example/p/", "https://b.example/p"),
        ("https://b.example/%C3%A9t%C3%A9/", "https://b.example/été"),
    ],
)
def test_canonical_urls(a, b):
    assert canonical_url(a) == canonical_url(b)


def test_canonical_urls_keep_pages_apart():
    assert canonical_url("https://b.example/a/") != canonical_url("https://b.example/b/")
    assert canonical_url("https://b.example/a") != canonical_url("https://c.example/a")


def test_sources_beside_their_built_feed_give_each_post_once(tmp_path):
    (tmp_path / "post.md").write_text("---\ntitle: Only once\ndate: 2024-01-02\n---\n\nText.\n")
    (tmp_path / "feed.xml").write_text(
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>B</title>'
        "<entry><title>Only once</title><link href='https://b.example/2024/only-once/'/>"
        "<id>1</id><updated>2024-01-02T00:00:00Z</updated><content>Text.</content></entry>"
        "<entry><title>Feed only</title><link href='https://b.example/feed-only/'/>"
        "<id>2</id><updated>2024-01-03T00:00:00Z</updated><content>Other.</content></entry>"
        "</feed>"
    )
    posts = read_source(tmp_path, Config.from_mapping({"site_url": "https://b.example"})).posts
    assert sorted((p.title, p.url, p.url_origin, p.source[-7:]) for p in posts) == [
        ("Feed only", "https://b.example/feed-only/", "feed", "ntry 2)"),
        ("Only once", "https://b.example/2024/only-once/", "feed", "post.md"),
    ]


def test_one_per_page_prefers_the_source_by_canonical_url():
    source = Post(url="https://b.example/a/", title="A", url_origin="rule: x")
    built = Post(url="http://b.example//a/index.html", title="A (feed)", url_origin="feed")
    assert one_per_page([built, source]) == [source]


def test_built_sitemap_gives_real_urls_and_reports_the_rest(tmp_path):
    (tmp_path / "sitemap.xml").write_text(
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>https://b.example//blog/2024/05/01/first/</loc></url>"
        "<url><loc>https://b.example/blog/second/</loc></url></urlset>"
    )
    posts = [
        Post(url="https://b.example/blog/2024/05/01/first/", title="First", slug="first",
             url_origin="rule: test", source="first.md"),
        Post(url="https://b.example/second/", title="Second", slug="second",
             url_origin="rule: test", source="second.md"),
        Post(url="https://b.example/third/", title="Third", slug="third",
             url_origin="rule: test", source="third.md"),
    ]  # fmt: skip
    problems = Problems()
    built = load_built(tmp_path / "sitemap.xml", problems)
    matched = apply_built(posts, built, problems)
    assert [(p.url, p.url_origin) for p in matched] == [
        ("https://b.example/blog/2024/05/01/first/", "rule: test"),
        ("https://b.example/blog/second/", "sitemap"),
        ("https://b.example/third/", "rule: test"),
    ]
    assert [str(p) for p in problems] == [
        f"third.md: its URL https://b.example/third/ (rule: test) is not in the built site "
        f"{tmp_path / 'sitemap.xml'}"
    ]


def test_built_folder_pages_by_canonical_link_and_title(tmp_path):
    page = tmp_path / "public" / "blog" / "my-post" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text(
        '<html><head><title>My post | Blog</title><meta property="og:title" content="My Post">'
        '<link rel="canonical" href="https://b.example/blog/my-post/"></head><body></body></html>'
    )
    redirect = tmp_path / "public" / "old" / "index.html"
    redirect.parent.mkdir(parents=True)
    redirect.write_text(
        '<html><head><meta http-equiv="refresh" content="0; url=/x/"></head></html>'
    )
    post = Post(url="https://b.example/my-post/", title="My post", slug="renamed", source="p.md")
    problems = Problems()
    built = load_built(tmp_path / "public", problems)
    assert list(built.pages) == ["b.example/blog/my-post"]
    [matched] = apply_built([post], built, problems)
    assert (matched.url, matched.url_origin) == ("https://b.example/blog/my-post/", "built page")
    assert not problems.items


def test_bad_built_site_inputs_are_warnings(tmp_path):
    problems = Problems()
    assert load_built(tmp_path / "nowhere", problems) is None
    broken = tmp_path / "sitemap.xml"
    broken.write_text("<urlset><url><loc>https://x/</loc></url>")
    assert load_built(broken, problems) is None
    other = tmp_path / "notes.xml"
    other.write_text("<notes/>")
    assert load_built(other, problems) is None
    assert [p.message for p in problems] == [
        "built site not found",
        "ill-formed sitemap: no element found: line 1, column 40",
        "no built pages, sitemap URLs or feed items found",
        "neither a sitemap nor a feed",
        "no built pages, sitemap URLs or feed items found",
    ]


def test_posts_site_option(tmp_path):
    root = blog(tmp_path)
    sitemap = tmp_path / "sitemap.xml"
    sitemap.write_text(
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>https://blog.example/2024/first/</loc></url></urlset>"
    )
    result = run("posts", str(root / "content"), "--json", "--site", str(sitemap))
    data = json.loads(result.stdout)
    origins = {p["url"]: p["url_origin"] for p in data["posts"]}
    assert origins["https://blog.example/2024/first/"] == "sitemap"
    assert "is not in the built site" in result.stderr


@pytest.mark.corpus
@same_worker("mkdocs-material-instructor-blog")
def test_material_blog_takes_the_urls_of_its_built_sitemap(corpora):
    import csv

    folder = corpora / "mkdocs-material-instructor-blog"
    reading = plain_reading(folder / "docs")[0]
    with open(folder / "urls.tsv", encoding="utf-8") as handle:
        real = {canonical_url(r["public_url"]) for r in csv.DictReader(handle, delimiter="\t")}
    got = {canonical_url(p.url) for p in reading.posts if not p.draft}
    print(f"instructor blog: {len(got & real)} of {len(real)} URLs in the built sitemap")
    assert got == real


@pytest.mark.corpus
@same_worker("jekyll-kubevirt-blog")
def test_kubevirt_urls_are_in_its_built_sitemap(corpora):
    """Its sitemap lists https://kubevirt.io//2017/...: the computed URL is the same page
    (one slash), so it stands with its rule's origin and no post is reported missing."""
    import csv

    folder = corpora / "jekyll-kubevirt-blog"
    reading, problems = plain_reading(folder)
    with open(folder / "urls.tsv", encoding="utf-8") as handle:
        real = {r["source_path"]: r["sitemap_loc"] for r in csv.DictReader(handle, delimiter="\t")}
    got = {Path(p.source).relative_to(folder).as_posix(): p for p in reading.posts}
    same = [
        p for p, url in real.items() if p in got and canonical_url(got[p].url) == canonical_url(url)
    ]
    print(f"kubevirt: {len(same)} of {len(real)} posts on their sitemap page")
    assert len(same) == len(real)
    assert not any("//" in got[p].url.split("://", 1)[1] for p in same)
    assert not [p for p in problems if "not in the built site" in p.message]
