"""Which publisher posts for a platform: names mapped to classes, imported only when used.

`[schedule] publisher = {x = "outbox"}` chooses another publisher for a platform (the
`--outbox` flag of `publish` does it for all). Other packages add publishers through the
`smm_promote.publishers` entry point group, the same way the built-in ones are listed here.
Each class has `from_config(config, *, session=None)`.
"""

from __future__ import annotations

import importlib
from importlib.metadata import entry_points
from typing import Any

from smm_promote.errors import SmmPromoteError
from smm_promote.publish.base import Publisher

#: Built-in publishers: name -> "module:Class".
PUBLISHERS: dict[str, str] = {
    "x": "smm_promote.publish.x:XPublisher",
    "mastodon": "smm_promote.publish.mastodon:MastodonPublisher",
    "bluesky": "smm_promote.publish.bluesky:BlueskyPublisher",
    "linkedin": "smm_promote.publish.linkedin:LinkedInPublisher",
    "facebook": "smm_promote.publish.facebook:FacebookPublisher",
    "threads": "smm_promote.publish.threads:ThreadsPublisher",
    "instagram": "smm_promote.publish.instagram:InstagramPublisher",
    "pinterest": "smm_promote.publish.pinterest:PinterestPublisher",
    "webhook": "smm_promote.publish.webhook:WebhookPublisher",
    "outbox": "smm_promote.publish.outbox:OutboxPublisher",
}
ENTRY_POINT_GROUP = "smm_promote.publishers"


class UnknownPublisher(SmmPromoteError):
    """A configured publisher name has no class, or its module cannot be imported."""


def available() -> dict[str, str]:
    """Every publisher name with its "module:Class", built-in and installed plugins."""
    found = dict(PUBLISHERS)
    for point in entry_points(group=ENTRY_POINT_GROUP):
        found.setdefault(point.name, point.value)
    return found


def publisher_name(platform: str, config: Any, *, override: str | None = None) -> str:
    """The publisher chosen for `platform`: `override`, then the config, then its own."""
    return override or config.schedule.publisher.get(platform, platform)


def publisher_class(name: str) -> type:
    target = available().get(name)
    if target is None:
        raise UnknownPublisher(
            f"unknown publisher {name!r}; expected one of {', '.join(sorted(available()))}"
        )
    module_name, _, class_name = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise UnknownPublisher(f"publisher {name!r} cannot be loaded: {exc}") from None
    cls = getattr(module, class_name, None)
    if cls is None:
        raise UnknownPublisher(f"publisher {name!r}: {module_name} has no {class_name}")
    return cls


def publisher_for(
    platform: str, config: Any, *, session: Any = None, override: str | None = None
) -> Publisher:
    """A ready publisher for `platform`; `AuthError` when its credentials are missing."""
    cls = publisher_class(publisher_name(platform, config, override=override))
    return cls.from_config(config, session=session)
