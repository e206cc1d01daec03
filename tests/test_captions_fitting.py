"""Fitting: hashtags go first, then the text is cut at a sentence, then at a word."""

from __future__ import annotations

from smm_promote.captions.fitting import ELLIPSIS, fit, shorten
from smm_promote.captions.length import count, fits


def within(n):
    return lambda text: 0 < len(text) <= n


def test_fitting_text_is_left_alone():
    fitted = fit("Hello world.", ["https://b.example/p"], ["#A", "#B"], within(100))
    assert fitted.text == "Hello world.\n\nhttps://b.example/p\n\n#A #B"
    assert fitted.hashtags == ["#A", "#B"]
    assert not fitted.shortened and fitted.warnings == []


def test_hashtags_are_dropped_from_the_end_first():
    text = "Hello world.\n\nhttps://b.example/p\n\n#A"
    fitted = fit("Hello world.", ["https://b.example/p"], ["#A", "#Bbbbbb"], within(len(text)))
    assert fitted.text == text
    assert fitted.hashtags == ["#A"]
    # Leaving out a hashtag is what fitting is for, not a warning.
    assert fitted.warnings == []
    assert not fitted.shortened


def test_text_is_cut_at_a_sentence_when_that_keeps_enough():
    prose = "First sentence here. Second sentence is here too. Third one."
    tail = ["https://b.example/p"]
    budget = len("First sentence here. Second sentence is here too.\n\nhttps://b.example/p") + 5
    fitted = fit(prose, tail, ["#Tag"], within(budget))
    assert fitted.text == "First sentence here. Second sentence is here too.\n\nhttps://b.example/p"
    assert fitted.shortened and fitted.hashtags == []


def test_text_is_cut_at_a_word_with_an_ellipsis():
    prose = "One long sentence that keeps going and going without an end in sight"
    assert shorten(prose, within(30)) == "One long sentence that keeps…"
    assert shorten(prose, within(30)).endswith(ELLIPSIS)


def test_sentence_cut_is_not_taken_when_a_word_cut_keeps_far_more():
    prose = "Short. " + "Then a very long second sentence with many many words in it " * 2
    cut = shorten(prose, within(80))
    assert cut.startswith("Short. Then a very long") and cut.endswith(ELLIPSIS)


def test_links_hashtags_and_mentions_are_never_cut():
    prose = (
        "Read https://example.com/a-very-long-path-to-somewhere-else now @someone@example.social"
    )
    for budget in range(5, len(prose)):
        cut = shorten(prose, within(budget))
        if cut is None:
            continue
        assert len(cut) <= budget
        for word in cut.rstrip(ELLIPSIS).split():
            assert word in prose.split()


def test_one_long_word_is_cut_at_a_grapheme_cluster():
    family = "👨‍👩‍👧‍👦"
    cut = shorten(family * 50, lambda t: fits("bluesky", t) and count("bluesky", t) <= 10)
    assert cut == family * 9 + ELLIPSIS


def test_the_link_survives_when_nothing_else_fits():
    fitted = fit("x" * 500, ["by @ada", "https://b.example/p"], [], within(19))
    assert fitted.text == "https://b.example/p"
    assert "left out 'by @ada': it does not fit" in fitted.warnings


def test_x_counts_decide():
    prose = "の" * 200
    fitted = fit(prose, ["https://b.example/p"], ["#Tag"], lambda t: fits("x", t))
    assert count("x", fitted.text) <= 280
    assert fitted.text.endswith("https://b.example/p")
    assert fitted.text.startswith("の" * 100)


def test_a_whole_sentence_beats_more_words_ending_in_an_ellipsis():
    first = "Today we look at caching models in Python."
    prose = f"{first} We tackle pickling and explore decorators like functools.cache for it."
    budget = len(prose) - 10
    assert shorten(prose, within(budget)) == first  # a third of the word cut, not half


def test_a_macro_bang_or_an_aside_ellipsis_ends_no_sentence():
    from smm_promote.captions.text import sentences

    assert sentences(
        "Allocators may use std's thread_local! and std::thread::current now. "
        'The full asm! block was repeated. Call println!("hi") once. Wow! It works… mostly.'
    ) == [
        "Allocators may use std's thread_local! and std::thread::current now.",
        "The full asm! block was repeated.",
        'Call println!("hi") once.',
        "Wow!",
        "It works… mostly.",
    ]


def test_a_long_sentence_is_cut_at_a_clause_not_inside_a_phrase():
    prose = (
        "This release extends mutual TLS to all TCP connections, allowing the proxy to "
        "encrypt and authenticate every connection in the cluster without any configuration."
    )
    assert shorten(prose, within(120)) == (
        "This release extends mutual TLS to all TCP connections…"
    )
    # A semicolon, a spaced dash and a Chinese comma end a clause too; 1,000 does not.
    assert shorten("We tested 1,000 sites; most were fast — some were not at all.", within(45)) == (
        "We tested 1,000 sites; most were fast…"
    )
    assert shorten(
        "混成器替代了顯示服務器，各種桌面環境都在遷移到新的協議上面來了。", within(15)
    ) == ("混成器替代了顯示服務器…")


def test_a_clause_that_keeps_too_little_gives_way_to_a_word_cut():
    prose = "In 2020, " + "the team kept working on the long list of open issues and more " * 3
    cut = shorten(prose, within(120))
    assert cut.startswith("In 2020, the team kept working") and cut.endswith(ELLIPSIS)


def test_a_cut_keeps_more_than_a_third_of_its_sentence_or_ends_at_the_one_before():
    text = (
        "Docs matter to every project. For Kubernetes, it is an ever-evolving group of people "
        "who make the project easier to consume for new contributors and users, release after "
        "release, in every language they speak."
    )
    # "…For Kubernetes…" keeps two words of its sentence: the sentence before ends it.
    assert shorten(text, lambda t: len(t) <= 100) == "Docs matter to every project."
    # More than a third of the second sentence: the clause cut stays.
    assert shorten(text, lambda t: len(t) <= 200) == (
        "Docs matter to every project. For Kubernetes, it is an ever-evolving group of people "
        "who make the project easier to consume for new contributors and users, release after "
        "release…"
    )
