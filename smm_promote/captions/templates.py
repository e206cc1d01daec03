"""Caption templates: sandboxed Jinja2, one default per variant, overridable in config
(`[captions.templates]`) and per post (`share: {templates: {...}}` in front matter)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, TemplateError

from smm_promote.captions.phrases import PHRASE_KEYS, Phrases, phrases_for
from smm_promote.sandbox import CappedSandbox

#: The text of each variant; links, the author's handle and hashtags are added around it.
#: Fixed words come from `say(phrase, ...)`: the post language's phrases (see phrases.toml).
DEFAULT_TEMPLATES: dict[str, str] = {
    "announce": "{{ title }}",
    "summary": "{{ description }}",
    "quote": "{{ say('quote', quote=quote) }}",
    "takeaways": "{{ say('takeaways', title=title) }}\n• {{ takeaways | join('\n• ') }}",
    "question": "{{ question }}\n\n{{ description }}",
    "archive": "{{ say('archive', title=title) }}\n\n{{ description }}",
    "updated": "{{ say('updated', title=title, date=updated) }}\n\n{{ description }}",
}


def say_for(phrases: Phrases) -> Callable[..., str]:
    """The templates' `say(phrase, **values)`: a phrase of the post's language, filled in."""

    def say(key: str, **values: object) -> str:
        if key not in PHRASE_KEYS:
            known = ", ".join(PHRASE_KEYS)
            raise TemplateError(f"say(): unknown phrase {key!r}, expected one of {known}")
        return phrases.say(key, **values)

    return say


#: What a template can use, with a sample value (used to check templates at config load).
SAMPLE_CONTEXT: dict[str, Any] = {
    "title": "Social media for bloggers",
    "description": "How to share a post so that readers find it.",
    "quote": "Share every post where its readers already are.",
    "question": "Social media for bloggers — what do you think?",
    "takeaways": ["Know your readers", "Share often"],
    "points": [("Know your readers", "Who reads you?"), ("Share often", "Once is not enough.")],
    "url": "https://blog.example.com/post/",
    "site_name": "Example blog",
    "author": "Ada",
    "mention": "@ada",
    "date": "April 1, 2023",
    "updated": "May 2, 2024",
    "reading_minutes": 4,
    "reading_time": "4 min read",
    "lang": "en",
    "say": say_for(phrases_for("en")),
    "tags": ["SocialMedia"],
    "platform": "x",
    "variant": "announce",
}


@lru_cache(maxsize=1)
def environment() -> CappedSandbox:
    return CappedSandbox(
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, autoescape=False
    )


@lru_cache(maxsize=256)
def _compile(source: str):
    return environment().from_string(source)


def render(source: str, context: Mapping[str, Any]) -> str:
    """Render a template; raises `TemplateError` (syntax, unknown variable, unsafe access)."""
    return _compile(source).render(**context)


def check_template(source: str) -> str | None:
    """None when `source` renders with the documented variables, else what is wrong."""
    try:
        render(source, SAMPLE_CONTEXT)
    except TemplateError as exc:
        known = ", ".join(SAMPLE_CONTEXT)
        return f"{exc.message or exc} (variables: {known})"
    return None


def template_for(
    platform: str, variant: str, configured: Mapping[str, str], post_templates: Any = None
) -> tuple[str, str]:
    """(source, origin) of the template for this platform and variant: the post's own, then
    the config's (platform.variant before variant), then the default."""
    for origin, table in (("front matter share.templates", post_templates), ("config", configured)):
        if not isinstance(table, Mapping):
            continue
        for key in (f"{platform}.{variant}", variant):
            source = table.get(key)
            if isinstance(source, str):
                return source, f"{origin} [{key}]"
    return DEFAULT_TEMPLATES[variant], "default"
