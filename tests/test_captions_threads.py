"""Thread replies are whole sentences: never cut with "…" inside one, and numbered after the
points that do not fit are left out."""

from __future__ import annotations

import pytest

from smm_promote.captions.threads import thread
from tests.corpus_support import corpus_captions, corpus_posts, same_worker


def test_a_reply_keeps_whole_sentences_or_is_left_out():
    def ok(text):
        return len(text) <= 80

    points = [
        ("Point one", "First sentence here. Second sentence is much longer than the limit allows."),
        ("A point that is far too long to fit with a sentence of detail after it", "Detail."),
        ("Three", "Ok."),
    ]
    parts, first = thread("Title", points, [], [], ok)
    assert parts == ["1/3 Title 🧵", "2/3 Point one\n\nFirst sentence here.", "3/3 Three\n\nOk."]
    assert first.warnings == ["left out point 2: it does not fit"]
    assert first.shortened


@pytest.mark.corpus
@same_worker("mkdocs-material-official-blog")
def test_no_reply_is_cut_inside_a_sentence(corpora):
    posts = corpus_posts("mkdocs-material-official-blog")
    at = next(i for i, post in enumerate(posts) if post.source.endswith("/mkdocs-2.0.md"))
    x = next(c for c in corpus_captions("mkdocs-material-official-blog")[at]
             if c.platform == "x" and c.variant == "takeaways")  # fmt: skip
    assert [part.split("\n\n")[0] for part in x.parts] == [
        "1/3 What MkDocs 2.0 means for your documentation projects 🧵",
        "2/3 What's changing in MkDocs 2.0",
        # Its sentence is neither "All of this isn't coming…" nor "The moment we learned
        # about these plans…" (both refer to the text before).
        "3/3 We raised concerns early",
    ]
    assert not [part for part in x.parts if "…" in part]


def test_a_refused_thread_says_whether_the_headings_were_refused():
    from smm_promote.captions.words import PostWords, missing

    refused = PostWords("T", "", None, "", (), "", "", headings=4)
    assert missing("takeaways", refused) == (
        "fewer than 3 of the post's 4 headings say something with a sentence of its language "
        "under them (introduction, conclusion, references, bare names and one-word headings "
        "do not), and it has no list of points"
    )
    bare = PostWords("T", "", None, "", (), "", "")
    assert missing("takeaways", bare) == "the post has no headings or list items to list"
    listed = PostWords("T", "", None, "", (), "", "", items=5)
    assert missing("takeaways", listed) == (
        'the post has no headings, and none of its 5 list items reads "Label: a sentence." '
        "with a label that says something (two words that are not function words)"
    )
    both = PostWords("T", "", None, "", (), "", "", headings=2, items=5)
    assert missing("takeaways", both).endswith(
        'and none of its 5 list items reads "Label: a sentence." with a label that says something'
    )


def test_a_post_with_lists_and_no_headings_is_refused_for_its_items():
    from smm_promote.captions.phrases import phrases_for
    from smm_promote.captions.words import missing, post_words
    from smm_promote.model import Post

    post = Post(
        url="u",
        title="Shopping",
        blocks=(("item", "Apples"), ("item", "Pears"), ("text", "We went shopping today.")),
    )
    assert missing("takeaways", post_words(post, phrases_for("en"))) == (
        'the post has no headings, and none of its 2 list items reads "Label: a sentence." '
        "with a label that says something (two words that are not function words)"
    )
