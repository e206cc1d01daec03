"""Thread parts and quotes that are a point of the post: no transition, caveat for some
readers, aside, first-person bio line, task named in the infinitive, calendar entry or
someone else's words; a sentence that tells the news is a quote wherever it is."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from smm_promote.captions import lead, standalone
from smm_promote.captions.text import quote, takeaways
from smm_promote.model import Post


def post(*blocks: tuple[str, str], lang: str = "en", title: str = "Cloning images") -> Post:
    return Post(url="https://b.example/p/", title=title, blocks=blocks, lang=lang)


def sections(first: str, then: str, lang: str = "en") -> Post:
    """Three sections; the first opens with `first`, then says `then`."""
    return post(
        ("heading", "Cloning images from a golden template"),
        ("text", f"{first} {then}"),
        ("heading", "Booting the cloned virtual machines"),
        ("text", "Cloned disks boot in seconds because only the changed blocks are copied."),
        ("heading", "Keeping the golden images current"),
        ("text", "A nightly job rebuilds every golden image from the distribution's feed."),
        lang=lang,
    )


@pytest.mark.parametrize(
    "first",
    [
        "Users on older versions of the toolkit will have to manually add the cloner plugin.",
        "Make sure you have the cloner plugin installed on every node of your cluster.",
        "Notice that simply because we return the clone, the caller gets the right type.",
        "At that time, the team decided to start a new cloning service in another office.",
        "With all of that in place, we can use the dashboard to explore the cloned disks.",
        "Regardless, we recommend using the newest release of the toolkit for its plugins.",
        "I will note that many of the cloning issues will be great starter issues for you.",
        "Contact the cloning team for help and support with your golden images!",
    ],
)
def test_caveats_asides_and_recaps_give_way_to_the_sections_next_sentence(first):
    then = "Each clone shares the template's blocks until it writes its own."
    assert standalone.beside_the_point(first, "en")
    assert takeaways(sections(first, then))[0] == ("Cloning images from a golden template", then)


def test_a_section_that_opens_with_a_first_person_bio_line_is_no_point():
    found = sections(
        "I started contributing to the cloning project in January 2015.",
        "Cloning shares a template's blocks until a clone writes its own.",
    )
    # The section is the speaker's story; the two other sections are too few for a thread.
    assert takeaways(found) == []
    assert standalone.personal_history("I'm Michelle, a senior software engineer.", "en")
    assert standalone.personal_history("J'ai commencé à contribuer en 2015.", "fr")


def test_a_french_task_named_in_the_infinitive_is_no_point():
    task = "Réintégrer une partition dans la matrice."
    then = "Le RAID est dégradé quand un disque de la matrice manque."
    found = post(
        ("heading", "Maintenance du système RAID"),
        ("item", task),
        ("text", then),
        ("heading", "Formater les partitions du disque"),
        ("text", "Nous voulons créer une matrice RAID 5 à partir de trois disques."),
        ("heading", "Configuration de la matrice RAID"),
        ("text", "Nous utiliserons mdadm pour la gestion de notre matrice RAID."),
        lang="fr",
        title="Un espace de stockage fiable avec RAID 5",
    )
    assert takeaways(found)[0] == ("Maintenance du système RAID", then)
    # "La première commande…" leans on the listing before it.
    assert standalone.leans_on("La première commande montre que le RAID est dégradé.", "fr")
    # "Entre" is a preposition, not an infinitive.
    assert not standalone.beside_the_point("Entre les deux versions, rien n'a changé.", "fr")
    assert standalone.beside_the_point("Instalar el paquete con apt.", "es")


def test_a_dated_label_is_a_calendar_entry_not_a_point():
    found = post(
        ("heading", "Cloning in the community"),
        ("item", "October 26-27, 2017: Cloning Days 2017 in Columbus, OH, USA."),
        ("text", "The community team runs a monthly meetup for everyone who clones images."),
        ("heading", "Booting the cloned virtual machines"),
        ("text", "Cloned disks boot in seconds because only the changed blocks are copied."),
        ("heading", "Keeping the golden images current"),
        ("text", "A nightly job rebuilds every golden image from the distribution's feed."),
    )
    assert takeaways(found)[0] == (
        "Cloning in the community",
        "The community team runs a monthly meetup for everyone who clones images.",
    )


CLAIM = "Cloning images from a template makes a new virtual machine ready in seconds."


@pytest.mark.parametrize(
    "sentence",
    [
        # Someone else's words as a hook.
        'The refrain I hear most about cloning images is "I did not realize that cloning...".',
        "A user once told us “cloning images is the one feature we could not live without”.",
        # A caveat for some readers.
        "Users on older versions will have to manually add the image cloning plugin to boot.",
        # A first-person calendar line.
        "I started cloning images for the project in January 2015, in the Warsaw office.",
    ],
)
def test_hooks_caveats_and_bio_lines_are_no_quote(sentence):
    assert quote(post(("text", sentence), ("text", CLAIM))) == CLAIM


def test_a_scare_quote_of_a_few_words_is_still_the_authors_own():
    own = 'Cloning images from a "golden" template makes a new machine ready in seconds.'
    assert quote(post(("text", own))) == own


def test_a_fix_a_release_lists_is_no_quote():
    found = post(
        ("text", "This is a small release with fixes for some issues of the last one:"),
        ("item", "Our image cloning had a significant performance regression in v4.3.0."),
        title="Image cloning 4.3.2 released",
    )
    assert quote(found) is None


def test_the_news_is_a_quote_from_any_section_on_one_title_term():
    news = (
        "Starting with the 1.26 release, we are replacing the tracking spreadsheet "
        "with an automated project board."
    )
    found = post(
        ("heading", "Context and motivations"),
        ("text", "For years a spreadsheet kept track of every proposal of each cycle."),
        ("text", news),
        ("heading", "How the board works"),
        ("text", "A script fills the board with every issue that has the opt-in label."),
        title="Tracking Process Change for v1.26",
    )
    assert lead.opens_with_news(news, "en")
    assert quote(found) == news


def test_news_from_a_later_section_does_not_replace_a_quote_from_the_opening():
    later = "Starting with the next release, the cloner will copy images in parallel."
    found = post(
        ("text", CLAIM),
        ("heading", "What comes next for the cloner"),
        ("text", "Cloning works for every disk format the toolkit reads."),
        ("heading", "Plans for the release"),
        ("text", later),
    )
    assert quote(found) == CLAIM


def test_news_that_names_an_earlier_year_is_history_not_a_quote():
    found = Post(
        url="https://b.example/p/",
        title="Hiring an image cloning specialist",
        date=datetime(2024, 3, 20, tzinfo=UTC),
        blocks=(
            ("text", "The foundation is hiring."),
            ("heading", "A little history of the service"),
            ("text", "Over the years the service grew."),
            ("heading", "The role of the specialist"),
            (
                "text",
                "We launched the image cloning service in 2003 and volunteers kept it running.",
            ),
        ),
    )
    assert quote(found) is None


def test_a_jokes_aside_or_a_teaser_is_no_quote():
    point = "Cloned disks boot in seconds because only the changed blocks of each image are copied."
    joke = (
        "The poster video on cloning images pairs nicely with any cheese (but I just like cheese)."
    )
    teaser = "Included in this release is the first cloning of images, but there's more than that!"
    for aside in (joke, teaser):
        assert quote(post(("text", f"{aside} {point}"))) == point
        assert standalone.beside_the_point(aside, "en")
    assert not standalone.beside_the_point(point, "en")


@pytest.mark.parametrize(
    "first",
    [
        "Starting in this release, if you allow the toolkit to manage images, it upgrades them.",
        "If you attended this month's meeting, you have already heard about the new cloner.",
        "For users who run the cloner on laptops, the golden images stay on the local disk.",
        "In version 2.1, users who clone many images will see a progress bar for each one.",
    ],
)
def test_a_condition_for_some_readers_is_no_point_after_an_opening_phrase_too(first):
    then = "Each clone shares the template's blocks until it writes its own."
    assert standalone.beside_the_point(first, "en")
    assert takeaways(sections(first, then))[0] == ("Cloning images from a golden template", then)
    # A comma inside the main clause is no opening phrase.
    assert not standalone.beside_the_point("The cloner, written in Go, is fast for users.", "en")


def test_yes_or_run_opening_a_section_is_no_point():
    for first in (
        "Yes, cloning by hand is always the first step.",
        "Run clone --all to copy them.",
    ):
        then = "Each clone shares the template's blocks until it writes its own."
        assert takeaways(sections(first, then))[0] == (
            "Cloning images from a golden template",
            then,
        )


def test_a_statement_about_the_field_in_general_is_no_quote():
    general = (
        "Cloning can be an invaluable tool in provisioning virtual machines quickly, especially "
        "for test fleets."
    )
    found = post(("text", general), ("text", CLAIM), title="A guide to image cloning with Cloner")
    assert quote(found) == CLAIM
    # A name before the hedge says what the post's own tool does.
    named = "Cloner can be installed on every node of a cluster to clone images in seconds."
    assert quote(post(("text", named), title="A guide to image cloning with Cloner")) == named
    assert standalone.generic_subject("We can be sure the clones boot in seconds.", "en") is None


def test_a_character_reference_left_as_text_is_no_thread_part():
    first = "The `<` and `>` characters are encoded in the cloned pages as `&lt;` and `&gt;` here."
    then = "Each clone shares the template's blocks until it writes its own."
    found = sections(first, then)
    assert takeaways(found)[0] == ("Cloning images from a golden template", then)
