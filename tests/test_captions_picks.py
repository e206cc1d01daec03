"""What captions pick from a post: hashtags people follow, takeaways worth a thread, quotes
that are the author's own (on posts shaped like real ones, with typed blocks)."""

from __future__ import annotations

from datetime import UTC, datetime

from smm_promote.captions import hashtags
from smm_promote.captions.text import description, quote, says_something, takeaways
from smm_promote.captions.vocabulary import SiteVocabulary, is_language_label, stopwords
from smm_promote.model import Post

DAY = datetime(2024, 5, 6, tzinfo=UTC)


def tags_of(title, tags=(), categories=(), lang="en", vocabulary=None, **fields):
    post = Post(url="https://b.example/p/", title=title, tags=tags, categories=categories,
                lang=lang, **fields)  # fmt: skip
    return hashtags.candidates(post, vocabulary=vocabulary)[1]


def test_hashtags_never_language_codes_or_names():
    body = "用 Python 寫的 Pelican 生成靜態博客。"
    found = tags_of(
        "嘗試一下 Pelican", ("python", "pelican", "zh", "en"), lang="zh-Hant", body=body
    )
    assert found == ["#pelican", "#python"]
    # One tag of its own; no title word is a name, and no phrase is glued into a tag.
    assert tags_of("Backup strategies for a home server", ("Linux",), ("English",)) == ["#Linux"]
    assert tags_of("Notes", ("zh-CN", "pt_BR", "ja")) == []
    assert is_language_label("EN") and is_language_label("zh-Hant")
    assert not is_language_label("AI") and not is_language_label("Go")


def test_hashtags_never_the_posts_language_in_any_language_unless_its_topic():
    # Babel's names of the post's language in every locale: the blog's language category.
    found = tags_of("Script de reconnexion", ("Linux", "Network"), ("Français",), lang="fr")
    assert found == ["#Linux", "#Network"]
    assert tags_of("Notes", ("Linux", "Anglais", "英語", "Rust"), lang="en") == ["#Linux", "#Rust"]
    found = tags_of("随笔", ("中文", "Linux", "Rust"), lang="zh-Hant", body="在 Linux 上寫 Rust。")
    assert found == ["#Linux", "#Rust"]
    # A post about the language: its title names it too.
    assert tags_of("日本語の見出し", ("日本語",), lang="ja") == ["#日本語"]
    assert tags_of("Pourquoi le français s'écrit ainsi", ("Français",), lang="fr") == ["#Français"]
    # A language other than the post's own is a topic; a code never is.
    assert tags_of("Notes", ("Français", "Linux"), lang="en") == ["#Français", "#Linux"]
    assert tags_of("Le zh", ("zh",), lang="zh") == []


def test_hashtags_skip_generic_words_and_stem_duplicates():
    assert tags_of("What I learned shipping version 2 of our release tooling", ("Release",)) == []
    jekyll = "Jekyll 3.8.5 fixes two bugs. Thanks to all who use Jekyll and tell Jekyll's team."
    assert tags_of("Jekyll 3.8.5 Released", ("release", "v3", "2.14"), body=jekyll) == ["#Jekyll"]
    assert tags_of("Caching with Redis", ("caching", "Cached", "redis")) == ["#caching", "#redis"]
    hatch = "This version of Hatch is faster, and Hatch now reads every config."
    assert tags_of("Hatch v1.6.0", body=hatch) == ["#Hatch"]


def test_a_title_gives_one_name_never_a_phrase_glued_together():
    """Only for a post with fewer than two tags of its own: one word, a name the post's
    text writes with a capital inside its sentences (or spelled like one), never a
    phrase, a generic noun, a month or a lower-case word."""
    assert tags_of("Reviewing your first non-trivial change") == []
    assert tags_of("Writing non-trivial macros") == []
    assert tags_of("A Powerful Partnership") == []
    assert tags_of("Social Media Marketing for Bloggers") == []
    assert tags_of("Mac OS X really starts to get irritating...") == []
    # "HTML" and "API" are spelled as names (a function-word list does not hold "html"),
    # "frozen" is not: the first name.
    assert tags_of("The HTML representation of the index API is now frozen") == ["#HTML"]
    assert tags_of("How-to Recover a RAID array after having Zero-ized Superblocks") == ["#RAID"]
    assert tags_of("My PhD life in St. Louis") == ["#PhD"]  # never "#St" nor "#Louis"
    node = "We read files with Node.js streams, since Node.js has them built in."
    assert tags_of("Node.js streams in depth", body=node) == ["#Nodejs"]
    font = "You know the folks at Font Awesome. We now work at Font Awesome."
    assert tags_of("11ty is joining Font Awesome", body=font) == []
    june = "In June we shipped proxies, and in June we fixed the CLI."
    assert tags_of("Linkerd Edge Release Roundup: June 2025", body=june) == []
    talk = "Jekyll Talk is our forum. We built Jekyll to last, and Jekyll keeps going."
    assert tags_of("Join the Discussion at Jekyll Talk", body=talk) == ["#Jekyll"]
    assert tags_of("Introduction to Caching in Python", ("python",)) == ["#python"]
    # A post with two tags of its own gets no title word; the tag its title names leads.
    assert tags_of("Using GlusterFS with Docker", ("caching", "docker")) == ["#docker", "#caching"]


def tagged_site(*posts: tuple[str, tuple[str, ...]]) -> SiteVocabulary:
    """The vocabulary of a site whose posts have these titles and tags."""
    return SiteVocabulary.of(
        Post(url=f"https://b.example/{n}/", title=title, tags=tags, body="Nothing here.")
        for n, (title, tags) in enumerate(posts)
    )


def test_a_title_word_that_is_a_tag_of_the_site_comes_first():
    vocabulary = tagged_site(
        ("Remark plugins", ("remark",)), ("Linting", ("eslint",)), ("Docs", ())
    )
    title = "Automated Rule Docs With Docusaurus and Remark"
    assert tags_of(title, vocabulary=vocabulary) == ["#Remark"]


def test_a_title_word_that_is_another_form_of_a_site_tag_is_that_tag():
    vocabulary = tagged_site(
        ("Audit results", ("security",)), ("Mesh expansion", ("Mesh",)), ("Docs", ())
    )
    # "secure" and "security" share a stem: the site's tag, as its posts write it.
    assert tags_of("Simple, secure clusters", vocabulary=vocabulary) == ["#security"]
    # The same word keeps the title's case.
    assert tags_of("A mesh for everyone", vocabulary=vocabulary) == ["#mesh"]


def test_a_word_most_of_the_site_uses_is_no_topic():
    site = [
        Post(url=f"https://b.example/{n}/", title=f"Announcing Rust 1.{n}.0", tags=("rust",),
             body=f"Rust ships a release every six weeks. It brings {word} and better {word}.")
        for n, word in enumerate(["borrow", "traits", "Cargo", "macros", "async", "lints",
                                  "clippy", "rustdoc", "const"])
    ]  # fmt: skip
    vocabulary = SiteVocabulary.of(site)
    assert vocabulary.common("Rust") and not vocabulary.common("Cargo")
    assert vocabulary.name("cargo") == "Cargo" and vocabulary.common_tag("Rust")
    assert tags_of("Announcing Rust 1.70.0", vocabulary=vocabulary) == []
    assert tags_of("Cargo workspaces in Rust", vocabulary=vocabulary) == ["#Cargo"]
    # The tag on every post of the site is its subject, the one its readers follow: first.
    # A tag in lower case is written as the running text writes the name ("Cargo"; "Rust"
    # opens sentences only here, so no name is known for it).
    assert tags_of("Workspaces", ("rust", "cargo"), vocabulary=vocabulary) == ["#rust", "#Cargo"]
    rust = "This version of Rust is stable, and Rust 1.70 is faster."
    assert tags_of("Announcing Rust 1.70.0", body=rust) == ["#Rust"]
    with vocabulary.in_use():
        assert tags_of("Announcing Rust 1.70.0", body=rust) == []


def test_the_sites_subject_named_in_the_title_is_the_first_tag():
    """A product blog's own name is in most of its posts, written as a name: the tag its
    followers use, like a tag on most of the site's posts, first."""
    site = [
        Post(url=f"https://b.example/{n}/", title=f"Jekyll 4.{n}.0 Released",
             categories=("release",),
             body=f"This release of Jekyll brings {word}. Upgrade Jekyll to get {word}.")
        for n, word in enumerate(["drafts", "themes", "Sass", "collections", "hooks", "data",
                                  "includes", "plugins", "pagination"])
    ]  # fmt: skip
    vocabulary = SiteVocabulary.of(site)
    assert vocabulary.common("Jekyll") and vocabulary.name("jekyll") == "Jekyll"
    assert tags_of("Jekyll 4.3.3 Released", (), ("release",), vocabulary=vocabulary) == ["#Jekyll"]
    # A post with a topic of its own keeps it, after the subject its title names; the title
    # word still joins (one tag of its own).
    assert tags_of("Jekyll meets Sass", (), ("theming",), vocabulary=vocabulary) == [
        "#Jekyll",
        "#theming",
        "#Sass",
    ]
    # One of the commonest words of the language is nobody's topic.
    assert tags_of("Jekyll meets Sass", (), ("community",), vocabulary=vocabulary) == [
        "#Jekyll",
        "#Sass",
    ]
    # A common word the site does not write as a name is still no topic.
    assert tags_of("Release 4.3.3 of the site", vocabulary=vocabulary) == []


def test_a_tag_written_as_a_description_an_identifier_or_a_romanisation_is_no_hashtag():
    assert tags_of("Windows VMs", ("Microsoft Windows kubernetes", "virtual machine management",
                                   "Free Software Foundation", "Ruby on Rails")) == [
        "#FreeSoftwareFoundation", "#RubyOnRails"]  # fmt: skip
    assert tags_of("Less CSS", ("sidebarHighlight", "css")) == ["#css"]
    assert tags_of("Stricter settings", ("noImplicitAny",), body="Set noImplicitAny.") == [
        "#noImplicitAny"
    ]
    # A Chinese post: Latin tags its text writes ("Arch Linux"), not romanised labels.
    body = "我喜歡 Arch Linux 的滾動更新。"
    found = tags_of("【聽譯】浮世道", ("translate", "chouyaku", "archlinux"), lang="zh", body=body)
    assert found == ["#archlinux"]


def test_a_folder_name_category_is_a_hashtag_only_when_it_reads_as_a_topic():
    """Pelican's USE_FOLDER_AS_CATEGORY files `content/import/x.rst` under "import": a
    section of the site, a hashtag only for a post without tags of its own."""
    folder = {"categories": ("import",), "path_categories": ("import",)}
    assert tags_of("C++ Tricks 2.1 X86概述", ("C++",), lang="zh-Hant", **folder) == []
    assert tags_of("Notes on X", **folder) == []
    assert tags_of("Pelicanを試してみた", ("python",), ("tech",), lang="ja", body="Python製。",
                   path_categories=("tech",)) == ["#python"]  # fmt: skip
    assert tags_of("Pelicanを試してみた", (), ("devops",), lang="ja", body="devops ブログ。",
                   path_categories=("devops",)) == ["#devops"]  # fmt: skip
    assert tags_of("Notes on X", categories=("import",)) == ["#import"]  # written by the author


#: A tutorial shaped like a real one: furniture headings, a sub-heading per language under
#: each section, a heading that is a link, a joke heading, an admonition and a blockquote.
DEADLINES = (
    ("heading", "Introduction"),
    ("text", "Every network call needs a deadline."),
    ("heading", "Setting a deadline"),
    ("heading", "C++"),
    ("text", "A deadline is an absolute point in time after which the call is abandoned."),
    ("heading", "Go"),
    ("text", "In Go the deadline travels with the context."),
    ("heading", "Checking deadlines"),
    ("aside", "Note: the examples below use the 1.2 API."),
    ("text", "A server should check whether the deadline has passed before doing any work."),
    ("heading", "C++"),
    ("text", "Call IsCancelled on the server context."),
    ("heading", "Go"),
    ("text", "Read ctx.Err() to learn whether the caller gave up."),
    ("heading", "Wait, what?"),
    ("text", "Deadlines that are too short fail calls that would have succeeded."),
    ("heading", "Propagating deadlines across services"),
    ("quote", "Deadlines are the single most important thing to get right."),
    ("text", "Each hop should pass on the time that is left rather than a fresh timeout."),
    ("heading", "https://grpc.io/docs/guides/deadlines/"),
    ("text", "The guide has more examples for every language."),
    ("heading", "Conclusion"),
    ("text", "Set deadlines everywhere."),
    ("heading", "TL;DR"),
    ("text", "Always set a deadline on every call you make."),
)


def test_takeaways_are_headings_that_say_something_with_their_first_sentence():
    post = Post(url="https://b.example/deadlines/", title="gRPC and Deadlines", blocks=DEADLINES)
    assert takeaways(post) == [
        (
            "Setting a deadline",
            "A deadline is an absolute point in time after which the call is abandoned.",
        ),
        (
            "Checking deadlines",
            "A server should check whether the deadline has passed before doing any work.",
        ),
        (
            "Propagating deadlines across services",
            "Each hop should pass on the time that is left rather than a fresh timeout.",
        ),
    ]


def test_fewer_than_three_points_give_no_takeaways():
    blocks = DEADLINES[:14]  # two points only
    assert takeaways(Post(url="u", title="Deadlines", blocks=blocks)) == []


def test_headings_that_say_nothing():
    for heading in ("Introduction", "C++", "Go", "Wait, what?", "Related posts", "FAQ",
                    "TL;DR", "References", "Conclusión", "まとめ", "總結", "www.example.com",
                    "Frequently asked questions", "Fazit"):  # fmt: skip
        assert not says_something(heading), heading
    for heading in ("Setting a deadline", "Why static sites age well", "字體與排版的細節",
                    "Date the facts, not the post", "Excluding pages", "Test data"):  # fmt: skip
        assert says_something(heading), heading
    for heading in ("What we did", "Which is why", "However, they would not"):
        assert not says_something(heading), heading


def test_stop_words_are_function_words_only():
    """The stop list holds the language's frequent function words, not the content words of
    the `stop-words` package's English list ("date", "data", "shell")."""
    english = stopwords("en")
    assert {"the", "which", "however", "would", "don't", "dont", "they"} <= english
    assert not {"date", "data", "facts", "pages", "excluding", "shell", "test", "html"} & english
    assert {"le", "which"} <= stopwords("fr")  # the language's words and English


def test_word_lists_are_kept_in_the_user_cache(tmp_path, monkeypatch):
    from smm_promote.captions import vocabulary
    from smm_promote.sites import detect_lang

    monkeypatch.setattr(detect_lang, "cache_folder", lambda: tmp_path)
    vocabulary.function_words.cache_clear()
    made = vocabulary.function_words("fr")
    assert {"le", "qui"} <= made and made == vocabulary._function_words("fr")
    (kept,) = tmp_path.glob("function-words-*/fr.json")
    kept.write_text('["le", "kept"]')  # read back, not computed again
    vocabulary.function_words.cache_clear()
    assert vocabulary.function_words("fr") == {"le", "kept"}
    kept.write_text("not json")  # damaged: computed again
    vocabulary.function_words.cache_clear()
    assert vocabulary.function_words("fr") == made
    vocabulary.function_words.cache_clear()


#: An essay with a note about the post, a blockquote, a definition list, a table row and a
#: figure caption, each of which reads like a good quote.
ESSAY = (
    ("aside", "The date is wrong on this post, it was written in 2019 and moved here later."),
    ("text", "Update: this post was edited in 2024 to fix the broken links to the old docs."),
    ("text", "This is where most teams get the migration badly wrong from the very first day."),
    ("quote", "Programs must be written for people to read, and only incidentally for machines."),
    ("term", "Name: The original implementation based on the reference design of the protocol."),
    ("table", "Static hosting costs nothing and survives for decades without any maintenance."),
    ("caption", "A static site is a folder of files that any web server can serve for decades."),
    ("text", "Have you ever wondered why your old blog posts stopped loading after a move?"),
    ("text", "A static site keeps working long after the tools that built it are gone."),
    ("text", "We moved it twice."),
)


def test_quote_is_the_authors_own_claim():
    post = Post(url="https://b.example/age/", title="Why static sites age well", blocks=ESSAY,
                date=DAY)  # fmt: skip
    assert quote(post) == "A static site keeps working long after the tools that built it are gone."
    # "This is where…" leans on what came before it: no summary opens with it.
    assert description(post) == (
        "Have you ever wondered why your old blog posts stopped loading after a move? "
        "A static site keeps working long after the tools that built it are gone."
    )


def test_no_quote_when_only_others_words_read_well():
    post = Post(url="u", title="Quotes", blocks=ESSAY[:2] + ESSAY[3:8])
    assert quote(post) is None


def test_no_takeaways_card_without_three_points(tmp_path):
    from smm_promote.cards.render import plan_cards
    from smm_promote.config import Config
    from smm_promote.errors import Problems

    config = Config.from_mapping(
        {"site_url": "https://b.example", "cards": {"fetch_images": False}}
    )
    three = Post(url="https://b.example/three/", title="gRPC and Deadlines", blocks=DEADLINES)
    two = Post(url="https://b.example/two/", title="Deadlines", blocks=DEADLINES[:14])
    shared = Post(url="https://b.example/own/", title="Deadlines", blocks=DEADLINES[:14],
                  share={"template": "takeaways"})  # fmt: skip
    planned = plan_cards([three, two, shared], config, tmp_path, problems=Problems(),
                         templates=["classic", "takeaways"], sizes=["og"])  # fmt: skip
    drawn = {(p.card.post_url.rsplit("/", 2)[-2], p.card.template) for p in planned}
    assert drawn == {("three", "classic"), ("three", "takeaways"), ("two", "classic"),
                     ("own", "takeaways")}  # fmt: skip
