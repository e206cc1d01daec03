"""The takeaways variant as a numbered thread (X, Mastodon, Bluesky): the link in the first
part, one point per reply, every part within the limit. A reply is whole sentences, never
cut inside one: its detail loses its last sentences to fit, and a point that does not fit
with a sentence of its detail is left out."""

from __future__ import annotations

from collections.abc import Sequence

from smm_promote.captions.fitting import Check, Fitted, fit, whole_sentences

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
    bodies = [first.text]
    for number, (point, detail) in enumerate(points, start=2):
        # Fitted with the widest number it can get: renumbering after a point is left out
        # only shortens it.
        prefix = f"{number}/{total} "
        body = f"{point}\n\n{detail}" if detail else point
        beyond = len(point) if detail else 0
        short = whole_sentences(body, lambda t, prefix=prefix: ok(prefix + t), beyond=beyond)
        if short is None:
            first.warnings.append(f"left out point {number - 1}: it does not fit")
            continue
        if short != body:
            first.shortened = True
        bodies.append(short)
    parts = [f"{number}/{len(bodies)} {body}" for number, body in enumerate(bodies, start=1)]
    return parts, first
