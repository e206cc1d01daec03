"""The `[captions]` config section."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from smm_promote.captions.platforms import PLATFORM_RULES

#: Every variant the project writes, in the order they are offered.
VARIANTS: tuple[str, ...] = (
    "announce",
    "summary",
    "quote",
    "takeaways",
    "question",
    "archive",
    "updated",
)
#: Variants written when the config names none: every one but `question` (its phrase, the
#: title plus "what do you think?", reads oddly on most titles: an announcement, an
#: imperative, a changelog). Name it in `variants` to have it.
DEFAULT_VARIANTS: tuple[str, ...] = tuple(v for v in VARIANTS if v != "question")


def _check_template(source: str) -> str:
    from smm_promote.captions.templates import check_template

    error = check_template(source)
    if error:
        raise ValueError(error)
    return source


class CaptionsSettings(BaseModel):
    """How captions are written. Example:

    ```toml
    [captions]
    always_tags = ["IndieWeb"]
    variants = ["announce", "quote", "takeaways"]
    limits = {mastodon = 1000}
    hashtags = {x = 1, linkedin = 5}
    [captions.templates]
    announce = "New post: {{ title }}"
    "x.question" = "{{ question }}"
    [captions.phrases.de]
    archive = "Noch immer lesenswert: {title}"
    ```
    """

    model_config = ConfigDict(extra="forbid")

    #: Hashtags added to every post.
    always_tags: list[str] = []
    #: Tag links with utm_* parameters.
    utm: bool = True
    #: utm_campaign; default is the post's slug.
    utm_campaign: str | None = None
    utm_medium: str = "social"
    #: Variants written for each post (those a post cannot fill are skipped).
    variants: list[str] = Field(default_factory=lambda: list(DEFAULT_VARIANTS))
    #: Jinja2 templates of the text, by variant ("quote") or platform and variant ("x.quote").
    templates: dict[str, Annotated[str, AfterValidator(_check_template)]] = {}
    #: Hashtags per post by platform, instead of the platform's usual number.
    hashtags: dict[str, Annotated[int, Field(ge=0, le=30)]] = {}
    #: Give a post with fewer than two tags of its own one word of its title as a hashtag
    #: (a name; see `hashtags.title_word`).
    title_keywords: bool = True
    #: Turn a word of the text that matches a hashtag into that hashtag.
    inline_hashtags: bool = False
    #: Text limits by platform, e.g. a Mastodon instance's `max_characters`.
    limits: dict[str, Annotated[int, Field(ge=1, le=100_000)]] = {}
    #: Write the takeaways variant as a numbered thread on X, Mastodon and Bluesky.
    threads: bool = True
    #: At most this many posts in a thread.
    max_thread_parts: int = Field(default=8, ge=2, le=25)
    #: Longest hashtag kept (longer ones read badly and Bluesky caps tags at 64).
    max_hashtag_length: int = Field(default=32, ge=2, le=64)
    #: Line written instead of a link where links are not clickable (Instagram); default:
    #: the post language's `link_in_bio` phrase ("Link in bio", "リンクはプロフィールから").
    link_in_bio: str | None = None
    #: How the author is credited; `{mention}` is the author's handle on the platform;
    #: default: the post language's `byline` phrase ("by {mention}", "作者：{mention}").
    byline: str | None = None
    #: Phrases by language tag, added to or overriding the built-in ones, e.g.
    #: `[captions.phrases.en] archive = "Still worth a read: {title}"`.
    phrases: dict[str, dict[str, str]] = {}

    @field_validator("variants")
    @classmethod
    def _check_variants(cls, value: list[str]) -> list[str]:
        for name in value:
            if name not in VARIANTS:
                known = ", ".join(VARIANTS)
                raise ValueError(f"unknown variant {name!r}, expected some of {known}")
        return list(dict.fromkeys(value))

    @field_validator("hashtags", "limits")
    @classmethod
    def _check_platform_keys(cls, value: dict[str, int]) -> dict[str, int]:
        for name, number in value.items():
            if name not in PLATFORM_RULES:
                known = ", ".join(PLATFORM_RULES)
                raise ValueError(f"unknown platform {name!r}, expected some of {known}")
            if number < 0:
                raise ValueError(f"{name}: expected a number of 0 or more, got {number}")
        return value

    @field_validator("templates")
    @classmethod
    def _check_template_keys(cls, value: dict[str, str]) -> dict[str, str]:
        for key in value:
            platform, _, variant = key.rpartition(".")
            if variant not in VARIANTS or (platform and platform not in PLATFORM_RULES):
                raise ValueError(
                    f"template key {key!r}: expected a variant ({', '.join(VARIANTS)}) "
                    "or platform.variant like 'x.quote'"
                )
        return value

    @field_validator("byline")
    @classmethod
    def _check_byline(cls, value: str | None) -> str | None:
        if value and "{mention}" not in value:
            raise ValueError("expected the text to contain {mention}, or to be empty")
        return value

    @field_validator("phrases")
    @classmethod
    def _check_phrases(cls, value: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
        from smm_promote.captions.language import normalise
        from smm_promote.captions.phrases import NEUTRAL, check_phrase

        for tag, table in value.items():
            if tag != NEUTRAL and normalise(tag) is None:
                raise ValueError(f"[{tag}]: not a language tag (like en, zh-Hant, pt-BR)")
            for key, text in table.items():
                error = check_phrase(key, text)
                if error:
                    raise ValueError(f"[{tag}] {error}")
        return value
