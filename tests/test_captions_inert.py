"""A `#` or `@` of the post's own text that a platform would parse stays inert in captions:
a Slack channel or a package scope is no hashtag or mention (checked against twitter-text's
conformance cases: every sign X's extractor reads, this finds)."""

from __future__ import annotations

import pytest
import yaml

from smm_promote.captions.inert import WORD_JOINER, inert, live_signs
from tests.corpus_support import corpus_captions, corpus_posts, same_worker

WJ = WORD_JOINER


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Join #linkerd-users on Slack", f"Join #{WJ}linkerd-users on Slack"),
        ("@typescript-eslint/parser", f"@{WJ}typescript-eslint/parser"),
        ("＃日本語 and ＠ada", f"＃{WJ}日本語 and ＠{WJ}ada"),
        ("の@username", f"の@{WJ}username"),
        # Not parsed: after a letter, digits only, an address, inside a link.
        ("C# and F#, issue #123, mail a@b.com", "C# and F#, issue #123, mail a@b.com"),
        ("See https://x.com/#top and https://medium.com/@ada.", None),
    ],
)
def test_signs_a_platform_would_parse_are_kept_inert(text, expected):
    assert inert(text) == (text if expected is None else expected)
    assert live_signs(inert(text)) == []


@pytest.mark.corpus
def test_every_sign_twitter_texts_extractor_reads_is_found(corpora):
    cases = yaml.safe_load(
        (corpora / "twitter-text-conformance/conformance/extract.yml").read_text()
    )
    checked = 0
    for kind in ("hashtags_with_indices", "mentions_or_lists_with_indices", "hashtags_from_astral"):
        for case in cases["tests"][kind]:
            found = live_signs(case["text"])
            for entity in case["expected"]:
                if isinstance(entity, dict):
                    assert entity["indices"][0] in found, case["description"]
                    checked += 1
            assert live_signs(inert(case["text"])) == [], case["description"]
    assert checked >= 18


def captions_of(blog: str, ending: str):
    posts = corpus_posts(blog)
    at = next(i for i, post in enumerate(posts) if post.source.endswith(ending))
    return corpus_captions(blog)[at]


@pytest.mark.corpus
@same_worker("docusaurus-tseslint-pnpm-blogs")
def test_a_package_scope_mentions_nobody(corpora):
    found = captions_of(
        "docusaurus-tseslint-pnpm-blogs", "/2023-03-13-announcing-typescript-eslint-v6-beta.md"
    )
    thread = next(c for c in found if c.platform == "x" and c.variant == "takeaways")
    assert thread.parts[4] == (
        "5/5 Errors on Invalid AST Parsing\n\n"
        f"The @{WJ}typescript-eslint/typescript-estree parser is by default very forgiving of "
        "invalid ASTs."
    )


@pytest.mark.corpus
@same_worker("hugo-kubernetes-contributor-blog")
def test_a_slack_channel_is_no_hashtag(corpora):
    """The blog names Slack channels ("#kubernetes-book-club") in calls to join them: those
    sentences are never captioned, and no caption of the blog has a live hashtag it did not
    add."""
    every = [c for found in corpus_captions("hugo-kubernetes-contributor-blog") for c in found]
    assert not any("kubernetes-book-club" in "\n".join(c.parts or [c.text]) for c in every)
    for c in every:
        parts = c.parts or [c.text]
        live = {"#" + part[at + 1 :].split()[0] for part in parts for at in live_signs(part)}
        assert live <= set(c.hashtags), (c.platform, c.variant, live)
