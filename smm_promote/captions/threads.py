"""The takeaways variant as a numbered thread (X, Mastodon, Bluesky): the link in the first
part, one point per reply, every part within the limit."""

from __future__ import annotations

from collections.abc import Sequence

from smm_promote.captions.fitting import Check, Fitted, fit, shorten

THREAD_MARK = "🧵"


def thread(
    title: str,
    points: Sequence[tuple[str, str]],
    tail: Sequence[str],
    hashtags: Sequence[str],
    ok: Check,
    *,
    mark: str = THREAD_MARK,
) -> tuple[list[str], Fitted]:
    """The parts ("1/5 Title 🧵 + link", "2/5 point + detail", ...) and how the first was
    fitted; `mark` is the thread marker of the post's language."""
    total = len(points) + 1
    prefix = f"1/{total} "
    opener = f"{title} {mark}" if mark else title
    first = fit(opener, tail, hashtags, lambda t: ok(prefix + t))
    parts = [prefix + first.text]
    for number, (point, detail) in enumerate(points, start=2):
        prefix = f"{number}/{total} "
        body = f"{point}\n\n{detail}" if detail else point
        short = shorten(body, lambda t, prefix=prefix: ok(prefix + t))
        if short is None:
            first.warnings.append(f"left out point {number - 1}: it does not fit")
            continue
        if short != body:
            first.shortened = True
        parts.append(prefix + short)
    return parts, first
