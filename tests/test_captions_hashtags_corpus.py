"""Hashtags, titles and sentences of real posts (read in place from ../shared/corpora): the
site's subject first, then the post's own tags (those its title names, then names, then
common words), one title name at most and only for a post with few tags, never a phrase
glued from a title, a folder name, a generic word or a month."""

from __future__ import annotations

import pytest

from smm_promote.captions import hashtags
from smm_promote.captions.text import sentences, takeaways
from tests.corpus_support import corpus_posts, corpus_vocabulary, same_worker

#: (corpus, the post's source file ends with, its hashtag candidates)
EXPECTED = [
    # The "import" and "tech" folders are Pelican's USE_FOLDER_AS_CATEGORY: sections of the
    # site, no hashtag beside the post's own tags.
    ("pelican-farseerfc-multilingual-rst", "/import/c-tricks-2-1-x86-architecture.zh.rst", []),
    ("pelican-farseerfc-multilingual-rst", "/tech/try-pelican.zh.rst", ["#Pelican", "#Python"]),
    # Tags of its own: no #HowToRecover #RAIDArray #ZeroIzedSuperblocks, no #starts #irritating.
    # The one its title names leads; the author's order (alphabetical here) for the rest.
    ("pelican-kevin-deldycke-blog",
     "/how-to-recover-a-raid-array-after-having-zero-ized-superblocks.md",
     ["#RAID", "#Backup", "#Hardware", "#Linux", "#mdadm", "#Server"]),
    # Its category "Français" names the post's own language: no topic. "shell" is a
    # content word, though the English stop list holds it.
    ("pelican-kevin-deldycke-blog", "/2005/script-de-reconnection-automatique-ppp.md",
     ["#Linux", "#Network", "#shell", "#cron"]),
    ("pelican-kevin-deldycke-blog", "/macosx-is-irritating.md",
     ["#KDE", "#Apple", "#macOS", "#desktop", "#MacOSX105Leopard", "#rant"]),  # names first
    # "linkerd" is on most of the site's posts: its subject, the tag its readers follow, first.
    ("hugo-linkerd-blog", "/1023-sustainable-service-mesh/index.md", ["#Linkerd"]),
    ("hugo-linkerd-blog", "/0408-linkerd-rfc-process/index.md", ["#Linkerd", "#RFC"]),
    ("hugo-linkerd-blog", "/0604-edge-release-roundup/index.md", ["#Linkerd", "#Edge"]),  # no #June, no #edge
    # "automated" shares a stem with another post's tag "automation" but is a participle:
    # no #automated.
    ("hugo-linkerd-blog", "/0309-linkerd-multi-cluster-failover/index.md", ["#Linkerd"]),
    # The tags "features" and "Meeting" name a kind of post: the title's name instead.
    ("hugo-linkerd-blog", "/2023/0912-linkerd-214/index.md", ["#Linkerd", "#multicluster"]),
    ("hugo-linkerd-blog", "/0204-january-linkerd-community-meeting/index.md", ["#Linkerd"]),
    # "Build", "Performance": among the commonest words, no topic of their own.
    ("mkdocs-material-official-blog", "/git-sparse-checkout.md", []),
    ("eleventy-11ty-website-blog", "/2024-09-12-eleventy-font-awesome.md", []),
    # The site's subject, named in the title, then the title's other name.
    ("eleventy-11ty-website-blog", "/2022-11-23-state-of-js.md", ["#Eleventy", "#JavaScript"]),
    # "Calling" is capitalised only in list items quoting this post's title (title case): no
    # name, no #Calling. The site's subject named in the title is the tag.
    ("eleventy-11ty-website-blog", "/2023-12-17-canary-eleventy-v3.md", ["#Eleventy"]),
    # "Downloads" is capitalised only in title case: the titles of the milestone posts,
    # listed as items ending on "!" ("Two Million npm Downloads!"): no name, no #Downloads.
    ("eleventy-11ty-website-blog", "/2021-09-03-2million.md", []),
    ("eleventy-11ty-website-blog", "/2023-10-23-seven-million.md", []),
    ("hugo-kubernetes-contributor-blog", "/2023/sig-contribex-spotlight.md", ["#ContribEx"]),
    # "WG" is an abbreviation the site writes inside longer names ("WG Device Management"):
    # no #WG, no tag at all rather than a junk one.
    ("hugo-kubernetes-contributor-blog", "/2026/wg-device-management-spotlight.md", []),
    ("jekyll-project-news-posts", "/2022-12-21-jekyll-sass-converter-3.0-released.markdown",
     ["#Jekyll", "#Sass"]),  # no #community
    ("jekyll-project-news-posts", "/2015-02-26-introducing-jekyll-talk.markdown",
     ["#Jekyll"]),  # no #Discussion, no #community
    # Its category "release" labels a kind of post; the blog's subject, named in the title
    # and written as a name, is the tag its followers use.
    ("jekyll-project-news-posts", "/2023-12-27-jekyll-4-3-3-released.markdown", ["#Jekyll"]),
]  # fmt: skip


def post_of(blog: str, ending: str):
    return next(p for p in corpus_posts(blog) if p.source.endswith(ending))


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("blog", "ending", "expected"),
    [pytest.param(*case, marks=same_worker(case[0])) for case in EXPECTED],
)
def test_real_posts_hashtags(corpora, blog, ending, expected):
    found = hashtags.candidates(post_of(blog, ending), vocabulary=corpus_vocabulary(blog))
    assert found[1] == expected


@pytest.mark.corpus
@same_worker("toml-zola-rust-blog")
def test_a_rust_macro_bang_ends_no_sentence(corpora):
    post = post_of("toml-zola-rust-blog", "/Rust-1.93.0.md")
    found = dict(takeaways(post))
    # "…the full asm! block would need to be repeated…" is one sentence (the old state, so
    # the section's next one is its part).
    said = [s for kind, text in post.blocks if kind == "text" for s in sentences(text)]
    assert (
        "Previously, if individual parts of a section of inline assembly needed to be cfg'd, "
        "the full asm! block would need to be repeated with and without that section."
    ) in said
    assert found["cfg attributes on asm! lines"] == (
        "In 1.93, cfg can now be applied to individual statements within the asm! block."
    )
    assert found["Allow the global allocator to use thread-local storage"] == (
        "Rust 1.93 adjusts the internals of the standard library to permit global allocators "
        "written in Rust to use std's thread_local! and std::thread::current without "
        "re-entrancy concerns by using the system allocator instead."
    )
