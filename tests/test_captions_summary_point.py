"""The summary opens on the post's point: news after background, no greeting, no repost
note, no negative aside, and the post describing itself said by its topic."""

from __future__ import annotations

from smm_promote.captions import lead
from smm_promote.captions.text import description
from smm_promote.model import Post


def post(*paragraphs: str, summary: str = "", lang: str = "en") -> Post:
    return Post(
        url="https://b.example/p/",
        title="A change to the tracking process",
        summary=summary,
        blocks=tuple(("text", text) for text in paragraphs),
        lang=lang,
    )


BACKGROUND = "Since the inception of the release team, we have used a spreadsheet for enhancements."
PROBLEM = "A lot of manual work is required from the team to keep that sheet up to date."
SCALE = (
    "The project has scaled massively in the past few years, with almost a hundred "
    "enhancements collected for each release of the last two years."
)
NEWS = "Starting with the next release, we are replacing the spreadsheet with a project board."
#: Background long enough that a summary from it does not read on to the next sentence.
LONG = (
    " and its many contributors, who have asked for a clearer view of what each group of the "
    "project is working on, what it plans next and where a newcomer can help"
)


def test_background_gives_way_to_the_news_that_follows():
    assert description(post(f"{BACKGROUND} {PROBLEM} {SCALE}", NEWS)) == NEWS
    # The same in a post's own summary (the text before its excerpt marker).
    assert description(post(summary=f"{BACKGROUND} {PROBLEM} {SCALE} {NEWS}")) == NEWS
    # A summary from the background that reads on to the news stays as written.
    assert description(post(f"{BACKGROUND} {PROBLEM}", NEWS)) == f"{BACKGROUND} {PROBLEM} {NEWS}"
    excited = "I'm excited to launch version 1.0.0, which cleans up the API without a cost."
    past = f"Over the past 10 months, we have built the library for the whole project{LONG}."
    assert description(post(f"{past} {excited}")) == excited


def test_background_with_no_news_stays_and_an_opening_with_no_background_stays():
    assert description(post(f"{BACKGROUND} {PROBLEM}")) == f"{BACKGROUND} {PROBLEM}"
    plain = "The release team tracks every enhancement of a release in one shared place."
    assert description(post(plain, NEWS)) == f"{plain} {NEWS}"


def test_background_with_news_of_its_own_stays():
    launched = "Two months ago, we launched the first compiler performance survey of the project."
    itself = "In this post, we'll show the most interesting results that we got from the survey."
    assert description(post(launched, itself)) == f"{launched} {itself}"
    # "Over the past few days…" sets the scene only for a summary: news may follow it.
    days = "Over the past few days, a phishing attack targeting users via email was uncovered."
    assert description(post(days)) == days


def test_background_gives_way_to_what_the_post_does_when_there_is_no_news():
    past = f"The past few months have seen a continued interest in the project's proxy{LONG}."
    itself = "In this article, I want to look into the future of the proxy and its roadmap."
    assert description(post(past, itself)) == itself


def test_a_series_opening_gives_way_to_this_time():
    series = (
        f"In our ongoing spotlight series, we talk to the leaders of the project's groups{LONG}."
    )
    now = "This time, we focus on SIG Apps, the group responsible for applications on Kubernetes."
    assert description(post(f"{series} {now}")) == now
    # Naming the post's own time, a sentence that states the news opens a summary itself.
    assert description(post(f"It failed twice. {now}")) == now


def test_background_and_news_in_french():
    before = (
        "Depuis des années, nous suivons les évolutions de chaque version dans un tableur "
        "partagé entre les équipes du projet, qui nous demandent depuis longtemps une vue plus "
        "claire de ce que chaque groupe prépare, de ce qu'il prévoit et de ce qui reste à faire."
    )
    news = "À partir de la version 2, nous remplaçons le tableur par un tableau de bord."
    assert description(post(f"{before} {news}", lang="fr")) == news


def test_a_greeting_before_the_news_is_left_out():
    found = post("Greetings Jekyllers, Jekyll v4.4.0 has been published!", "Thanks to all.")
    assert description(found) == "Jekyll v4.4.0 has been published!"
    # A greeting alone, or before a lower-case word, is no sentence to keep.
    assert lead.without_salutation("Hello Jekyllers!", "en") == "Hello Jekyllers!"
    hello = "Hello everyone, welcome to the new blog."
    assert lead.without_salutation(hello, "en") == hello
    zh = "大家好，這個版本修復了一個嚴重的記憶體洩漏問題。"
    assert lead.without_salutation(zh, "zh") == "這個版本修復了一個嚴重的記憶體洩漏問題。"


def test_a_negative_aside_or_advice_to_the_reader_is_no_summary():
    aside = "Nothing new in the way of features for this release of the generator."
    advice = "Depending on whether you use the patched features, you may wait for the next one."
    assert description(post(aside)) == ""
    assert description(post(advice)) == ""
    assert description(post(summary=aside)) == ""
    assert description(post(aside, NEWS)) == NEWS


def test_a_repost_note_is_left_out_of_the_summary():
    first = "據說是一道微軟的面試題。如題，寫程序，讓任務管理器呈現正弦曲線。"
    found = post("導入自 renren", first, summary=f"導入自 renren {first}", lang="zh")
    assert description(found) == first
    note = post("Imported from renren", summary="Imported from renren The CPU draws a sine wave.")
    assert description(note) == "The CPU draws a sine wave."
    assert lead.is_repost_note("從 知乎 轉載", "zh")
    assert not lead.is_repost_note(first, "zh")


def test_the_post_describing_itself_is_said_by_its_topic():
    fm = post(summary="The post describes how to use kubevirt vagrant provider")
    assert description(fm) == "How to use kubevirt vagrant provider."
    guides = post(summary="This blog post guides users on how to improve VM graphics performance")
    assert description(guides) == "How to improve VM graphics performance."
    how = "In this tiny how-to I'll explain you how to setup a machine as a NFS server."
    assert description(post(how)) == "How to setup a machine as a NFS server."
    fr = "Cet article explique comment créer un espace de stockage fiable et bon marché."
    assert (
        description(post(fr, lang="fr"))
        == "Comment créer un espace de stockage fiable et bon marché."
    )
    zh = "本文介紹如何在 Linux 上用 Btrfs 建立一個可靠的備份系統。"
    assert description(post(zh, lang="zh")) == "如何在 Linux 上用 Btrfs 建立一個可靠的備份系統。"
    # A topic that refers to what was said before ("how I've done it") is none: as written.
    vague = "In this post I will roughly describe how I've done it, code and commands included."
    assert description(post(vague)) == vague
    # Later in a summary, the sentence stays as written.
    lead_in = "The working group has added new capabilities to the logging infrastructure."
    explains = "This blog post explains how developers can take advantage of those."
    assert description(post(f"{lead_in} {explains}")) == f"{lead_in} {explains}"


def test_a_summary_about_the_post_gives_way_to_a_body_that_says_what_it_holds():
    meta = "In this blogpost, we talk about the presentation two engineers gave at KubeCon."
    video = "In this video, David and Vishesh explore the architecture behind KubeVirt and GPUs."
    assert description(post(video, summary=meta)) == video
    # A body opening on anything else (background, a question) leaves the summary as written.
    other = "In the late 1970s there were two video recording tape formats competing."
    assert description(post(other, summary=meta)) == meta


def test_words_about_the_posts_own_writing_open_no_summary():
    late = "Yes, it took me a long while to add this to the blog but I did want to keep it."
    survey = "The yearly community survey found that most readers build their sites with Eleventy."
    assert description(post(late, survey)) == survey
    assert lead.is_aside("Better late than never, here are the results of the survey.", "en")


def test_this_week_and_a_reports_findings_are_news_after_background():
    before = f"Last week marked the first beta release of the new version of the project{LONG}."
    week = "This week we've updated the starter project to the latest version of the tool."
    assert description(post(before, week)) == week
    kinvolk = f"Two years ago, a team benchmarked the two service meshes and the proxies{LONG}."
    again = "Recently, we repeated those experiments with the latest versions of both projects."
    found = "Our results show that the proxy remains dramatically faster than the other one."
    assert description(post(f"{kinvolk} {again} {found}")) == found


def test_news_on_the_posts_own_time_is_no_filler():
    # Naming the post's own time, news is news, in any language.
    scene = "The project's first conference is happening on May 9 and 881 people registered!"
    week = "This week we've launched the open call for talk proposals."
    assert description(post(scene, week)) == f"{scene} {week}"
    assert description(post(week)) == week
    today = "Today we are releasing the first beta of the new template engine."
    assert description(post(today)) == today
    assert lead.news_on_its_time("Cette semaine, nous lançons le nouvel éditeur.", "fr")


def test_a_description_gives_way_to_news_on_the_posts_own_time():
    """A general description of the project first, then "Today we would like to announce…":
    the news is the summary, or the description reads on to it; a description followed by
    no such news stays."""
    about = (
        "The community around the project includes a number of working groups facilitating "
        "discussions on important topics between interested contributors"
    )
    today = "Today we would like to announce the new Storage working group of the project."
    assert description(post(f"{about}{LONG}.", today)) == today
    assert description(post(f"{about}.", today)) == f"{about}. {today}"
    assert description(post(f"{about}.", PROBLEM)) == f"{about}. {PROBLEM}"


def test_an_author_stating_news_is_the_point_not_a_bio():
    """A team that writes the post announces in the third person: its news is the summary;
    the same name opening a bio is not."""
    from dataclasses import replace

    from smm_promote.model import Author

    news = "The tools team is happy to announce the release of tools version 1.27.0."
    bio = "The tools team is a group of volunteers who look after the installer and its docs."
    follow = "If you have a previous version installed, updating is as easy as running one command."
    team = post(f"{news} {follow}")
    team = replace(team, authors=(Author(name="The Tools Team"),))
    assert description(team).startswith(news)
    team = replace(team, blocks=(("text", f"{bio} {follow}"),))
    assert not description(team).startswith(bio)


def test_a_tldr_label_is_no_part_of_the_summary():
    # The Eleventy blog's "**TL;DR** After a whoopsie-daisy false-start…" and the Rust blog's
    # "TL;DR: Rustls is the inaugural project…": the author's own summary, without its label.
    tldr = "TL;DR After a false start on our first campaign, we're ramping up again."
    assert lead.without_salutation(tldr, "en") == tldr.removeprefix("TL;DR ")
    assert lead.without_salutation("TL;DR: Rustls is the inaugural project of the Lab.", "en") == (
        "Rustls is the inaugural project of the Lab."
    )
    # A lower-case opening stays labelled (the label is what makes it read as a sentence).
    lower = "TL;DR: rustc will use rust-lld by default on nightly."
    assert lead.without_salutation(lower, "en") == lower
    assert lead.without_salutation("TLDR is a word we use.", "en") == "TLDR is a word we use."
