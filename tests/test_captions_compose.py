"""Captions for hand-made posts: variants, links, mentions, share overrides, templates."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from smm_promote.captions.compose import caption, captions_for, count, limit
from smm_promote.captions.links import display_link
from smm_promote.captions.settings import VARIANTS
from smm_promote.config import Config
from smm_promote.errors import ConfigError, Problems
from smm_promote.model import Author, Card, Post

BODY = """Static sites are fast, cheap and safe to host for years.
Why share every post
A post that nobody sees does not help anyone, so sharing it matters as much as writing it.
Pick the right platforms
Readers of a technical blog gather on Mastodon, Bluesky and LinkedIn more than anywhere else.
Reshare the evergreen posts
An old post that still answers a question deserves a second and a third chance to be seen."""

POST = Post(
    url="https://blog.example.com/share-your-posts/",
    title="Share Your Posts",
    summary="How to promote a static-site blog without spending the whole day on it.",
    body=BODY,
    headings=("Why share every post", "Pick the right platforms", "Reshare the evergreen posts"),
    date=datetime(2024, 3, 1, tzinfo=UTC),
    updated=datetime(2025, 1, 15, tzinfo=UTC),
    tags=("static sites", "social media", "blogging", "indieweb"),
    slug="share-your-posts",
    authors=(Author("Ada", key="ada", handles=(("mastodon", "@ada@example.social"),)),),
    source="content/share.md",
)
CONFIG = Config.from_mapping(
    {
        "site_url": "https://blog.example.com",
        "platforms": ["x", "mastodon", "bluesky", "linkedin", "instagram", "threads"],
        "authors": {"ada": {"handles": {"x": "ada_writes", "bluesky": "ada.bsky.social"}}},
        "handles": {"linkedin": "Example Blog"},
    }
)


def by(captions, platform, variant):
    return next(c for c in captions if c.platform == platform and c.variant == variant)


def test_every_platform_and_variant_is_written_and_fits():
    captions = captions_for(POST, CONFIG)
    # `question` is written only when asked for (its phrase fits few titles).
    variants = ["announce", "summary", "quote", "takeaways", "archive", "updated"]
    assert [(c.platform, c.variant) for c in captions] == [
        (p, v) for p in CONFIG.platforms for v in variants
    ]
    for c in captions:
        for part in c.parts:
            assert count(c.platform, part) <= limit(c.platform, CONFIG)
        assert c.text == c.parts[0]
        assert c.length == count(c.platform, c.text)


def test_announce_on_x_is_title_link_and_hashtags():
    c = by(captions_for(POST, CONFIG), "x", "announce")
    link = (
        "https://blog.example.com/share-your-posts/?utm_source=x&utm_medium=social"
        "&utm_campaign=share-your-posts&utm_content=announce"
    )
    assert c.text == f"Share Your Posts\n\nby @ada_writes\n{link}\n\n#StaticSites #SocialMedia"
    assert c.link == link
    assert c.hashtags == ("#StaticSites", "#SocialMedia")
    assert c.length == len("Share Your Posts\n\nby @ada_writes\n\n\n#StaticSites #SocialMedia") + 23


def test_variants_say_different_things():
    captions = captions_for(POST, CONFIG, platforms=["mastodon"], variants=VARIANTS)
    texts = {c.variant: c.text.split("\n\n")[0] for c in captions}
    assert texts["summary"] == POST.summary
    assert texts["quote"] == (
        "“A post that nobody sees does not help anyone, so sharing it matters as much as "
        "writing it.”"
    )
    assert texts["question"] == "Share Your Posts — what do you think?"
    assert texts["archive"] == "From the archive: Share Your Posts"
    assert texts["updated"] == "Share Your Posts (updated January 15, 2025)"
    assert len(set(texts.values())) == len(texts)
    # Mastodon shows all four of the post's tags; on X the first stays and the second
    # rotates between variants.
    assert by(captions, "mastodon", "quote").hashtags == (
        "#StaticSites", "#SocialMedia", "#blogging", "#indieweb",
    )  # fmt: skip
    on_x = captions_for(POST, CONFIG, platforms=["x"])
    assert by(on_x, "x", "announce").hashtags == ("#StaticSites", "#SocialMedia")
    assert by(on_x, "x", "summary").hashtags == ("#StaticSites", "#blogging")


def test_mentions_come_from_front_matter_then_config_and_never_self():
    captions = captions_for(POST, CONFIG, variants=["announce"])
    assert "by @ada@example.social" in by(captions, "mastodon", "announce").text
    assert "by @ada.bsky.social" in by(captions, "bluesky", "announce").text
    assert "by " not in by(captions, "linkedin", "announce").text
    config = CONFIG.model_copy(update={"handles": {"x": "@ada_writes"}})
    assert "by @" not in by(captions_for(POST, config, variants=["announce"]), "x", "announce").text


def test_link_placement_per_platform():
    captions = captions_for(POST, CONFIG, variants=["announce"])
    bluesky = by(captions, "bluesky", "announce")
    assert display_link(bluesky.link) == "blog.example.com/share-your-p…"
    assert display_link(bluesky.link) in bluesky.text and "https://" not in bluesky.text
    instagram = by(captions, "instagram", "announce")
    assert "Link in bio" in instagram.text and "https://" not in instagram.text
    assert instagram.link.startswith(
        "https://blog.example.com/share-your-posts/?utm_source=instagram"
    )
    assert by(captions, "threads", "announce").hashtags == ("#StaticSites",)


def test_takeaways_is_a_thread_on_x_and_a_list_elsewhere():
    captions = captions_for(POST, CONFIG, variants=["takeaways"])
    x = by(captions, "x", "takeaways")
    assert x.parts[0].startswith("1/4 Share Your Posts 🧵")
    assert x.link in x.parts[0]
    assert x.parts[1:] == (
        "2/4 Why share every post\n\nA post that nobody sees does not help anyone, so sharing "
        "it matters as much as writing it.",
        "3/4 Pick the right platforms\n\nReaders of a technical blog gather on Mastodon, Bluesky "
        "and LinkedIn more than anywhere else.",
        "4/4 Reshare the evergreen posts\n\nAn old post that still answers a question deserves "
        "a second and a third chance to be seen.",
    )
    linkedin = by(captions, "linkedin", "takeaways")
    assert linkedin.parts == (linkedin.text,)
    # Headings of four words are labels: each item carries its section's sentence.
    assert linkedin.text.startswith(
        "Share Your Posts:\n"
        "• Why share every post: A post that nobody sees does not help anyone, so sharing it "
        "matters as much as writing it.\n"
        "• Pick the right platforms: Readers of a technical blog gather on Mastodon, Bluesky and "
        "LinkedIn more than anywhere else.\n"
        "• Reshare the evergreen posts: An old post that still answers a question deserves a "
        "second and a third chance to be seen.\n\n"
    )


def test_utm_can_be_off_and_campaign_configured():
    config = Config.from_mapping({"captions": {"utm": False}, "platforms": ["x"]})
    assert captions_for(POST, config)[0].link == POST.url
    config = Config.from_mapping({"captions": {"utm_campaign": "spring"}, "platforms": ["x"]})
    assert "utm_campaign=spring&" in captions_for(POST, config)[0].link


def test_configured_templates_per_variant_and_platform():
    config = Config.from_mapping(
        {
            "platforms": ["x", "mastodon"],
            "captions": {
                "templates": {
                    "announce": "New: {{ title }} ({{ reading_minutes }} min)",
                    "mastodon.announce": "{{ title }} by {{ author }}",
                },
                "variants": ["announce"],
            },
        }
    )
    x, mastodon = captions_for(POST, config)
    assert x.text.startswith("New: Share Your Posts (1 min)\n\n")
    assert mastodon.text.startswith("Share Your Posts by Ada\n\n")


def test_bad_templates_are_refused_at_config_load():
    with pytest.raises(ConfigError) as err:
        Config.from_mapping({"captions": {"templates": {"announce": "{{ titel }}"}}})
    assert "captions.templates.announce: 'titel' is undefined" in str(err.value)
    with pytest.raises(ConfigError, match="unknown variant"):
        Config.from_mapping({"captions": {"variants": ["tweetstorm"]}})
    with pytest.raises(ConfigError, match=r"template key 'xx\.quote'"):
        Config.from_mapping({"captions": {"templates": {"xx.quote": "{{ quote }}"}}})


def test_config_errors_name_the_line(tmp_path):
    from smm_promote.config import load_config

    path = tmp_path / "smm-promote.toml"
    path.write_text(
        "[captions]\nhashtags = {x = 1, myspace = 2}\n\n[captions.templates]\n"
        'quote = "{{ qoute }}"\n'
    )
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert err.value.problems[0].startswith("captions.templates.quote (line 5): 'qoute'")
    assert err.value.problems[1].startswith("captions.hashtags (line 2): unknown platform")


def test_templates_are_sandboxed():
    with pytest.raises(ConfigError):
        Config.from_mapping(
            {"captions": {"templates": {"announce": "{{ title.__class__.__mro__ }}"}}}
        )


def test_post_template_errors_are_reported_and_the_default_used():
    post = Post(url=POST.url, title="A title", share={"templates": {"announce": "{{ nope }}"}})
    problems = Problems()
    c = caption(post, "x", "announce", CONFIG, problems=problems)
    assert c.text.startswith("A title\n\n")
    assert "share.templates [announce]" in str(problems.items[0])


def test_share_text_is_used_verbatim_when_it_fits():
    post = Post(
        url=POST.url,
        title="T",
        share={"x": "My own words for X.", "quote": "A quote I picked myself, by hand."},
    )
    problems = Problems()
    captions = captions_for(post, CONFIG, variants=["announce", "quote"], problems=problems)
    assert by(captions, "x", "announce").text.startswith("My own words for X.\n\n")
    assert by(captions, "x", "quote").text.startswith("My own words for X.")
    assert by(captions, "mastodon", "quote").text.startswith("A quote I picked myself, by hand.")
    assert by(captions, "mastodon", "quote").hashtags == ()
    assert not problems.items


def test_share_text_too_long_is_reported_and_shortened():
    post = Post(url=POST.url, title="T", source="posts/t.md", share={"text": "Too long. " * 40})
    problems = Problems()
    c = caption(post, "x", "announce", CONFIG, problems=problems)
    assert count("x", c.text) <= 280 and c.shortened
    assert c.text.endswith(c.link)
    assert [str(p) for p in problems] == [
        "posts/t.md: share.text is 399 long, over X's 280: shortened to fit"
    ]
    # Once per post, platform and key: not again for another variant or repost.
    caption(post, "x", "quote", CONFIG, problems=problems, rotation=3)
    assert len(problems.items) == 1


def test_variants_the_post_cannot_fill():
    post = Post(url=POST.url, title="Only a title", source="t.md")
    problems = Problems()
    captions = captions_for(post, CONFIG, platforms=["x"], problems=problems)
    assert [c.variant for c in captions] == ["announce", "archive"]
    assert not problems.items
    captions_for(post, CONFIG, platforms=["x"], variants=["quote"], problems=problems)
    assert str(problems.items[0]) == (
        "t.md: no quote caption: no sentence of 60-200 characters in its language reads well "
        "on its own and is on the title's subject, sharing two of its words (thanks, "
        "instructions, bios, dialogue, changelog entries and details off the title do not)"
    )


def test_image_platforms_without_a_card_are_reported():
    problems = Problems()
    card = Card(POST.url, "classic", "portrait", 1080, 1350, path=None, alt="")
    captions_for(POST, CONFIG, platforms=["instagram"], cards={POST.url: [card]}, problems=problems)
    assert not problems.items
    captions_for(POST, CONFIG, platforms=["instagram"], cards={}, problems=problems)
    assert "Instagram needs an image" in str(problems.items[0])


def test_inline_hashtags_when_configured():
    config = Config.from_mapping(
        {"platforms": ["mastodon"], "captions": {"inline_hashtags": True, "variants": ["summary"]}}
    )
    post = Post(url=POST.url, title="T", summary="Why blogging still matters.", tags=("blogging",))
    c = captions_for(post, config)[0]
    assert c.text.startswith("Why #blogging still matters.\n\n")
    assert c.text.count("#blogging") == 1
    assert c.hashtags == ("#blogging",)


def test_mastodon_limit_from_config():
    # One long sentence: a summary is kept to its first sentences within 300 characters.
    long_summary = "A clause that says something useful about the post, " * 12 + "and more."
    post = Post(url=POST.url, title="T", summary=long_summary)
    small = captions_for(post, CONFIG, platforms=["mastodon"], variants=["summary"])[0]
    config = Config.from_mapping({"captions": {"limits": {"mastodon": 1000}}})
    big = captions_for(post, config, platforms=["mastodon"], variants=["summary"])[0]
    assert small.shortened and small.limit == 500 and small.length <= 500
    assert not big.shortened and big.limit == 1000


def test_readme_example_config_and_front_matter_work():
    import re
    import tomllib
    from pathlib import Path

    import yaml

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("<!-- section: captions -->", 1)[1].split("\n## ", 1)[0]
    toml_block = re.search(r"```toml\n(.*?)```", section, re.S).group(1)
    config = Config.from_mapping(tomllib.loads(toml_block))
    assert config.captions.limits == {"mastodon": 1000}
    share = yaml.safe_load(re.search(r"```yaml\n(.*?)```", section, re.S).group(1))["share"]
    post = Post(
        url=POST.url, title="Packaging", body=BODY, headings=POST.headings, share=share,
        tags=("Packaging",),
    )  # fmt: skip
    captions = captions_for(post, config, platforms=["x", "mastodon", "linkedin"])
    assert by(captions, "x", "archive").text.startswith("Packaging is finally boring")
    assert by(captions, "mastodon", "quote").text.startswith("The one sentence I want quoted.")
    assert by(captions, "mastodon", "announce").text.startswith("Text for the Mastodon announce")
    linkedin = by(captions, "linkedin", "announce")
    # inline_hashtags turns the title's word into the post's tag, so it is not repeated at the end
    assert linkedin.text.startswith("New post: #Packaging (1 min read)\n\n")
    assert linkedin.text.endswith("\n\n#IndieWeb #PythonPackaging")
    assert linkedin.hashtags == ("#Packaging", "#IndieWeb", "#PythonPackaging")


def test_the_question_variant_only_when_configured():
    config = Config.from_mapping(
        {"site_url": "https://blog.example.com", "captions": {"variants": ["question"]}}
    )
    found = captions_for(POST, config, platforms=["x"])
    assert [c.variant for c in found] == ["question"]
    assert found[0].text.startswith("Share Your Posts — what do you think?\n\n")
    assert "question" not in Config.from_mapping({}).captions.variants
    assert "question" not in Config.from_mapping({}).schedule.variants
