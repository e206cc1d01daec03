"""Text of the post kept inert on platforms: a `#` or `@` in it that X, Mastodon, Bluesky
or LinkedIn would parse as a hashtag or a mention ("join #linkerd-users on Slack",
"@typescript-eslint/parser") is not one its author meant there, so a WORD JOINER (U+2060,
invisible, no line break) follows the sign: no platform's parser takes it as a tag or handle
(their hashtag and username characters exclude it; a fullwidth `＃`/`＠` would not do, X
parses those too). Signs inside links are left alone."""

from __future__ import annotations

import regex

#: What follows the sign so no parser reads a tag or handle.
WORD_JOINER = "\u2060"
#: A hashtag sign as twitter-text and Mastodon parse it: not after a letter, digit, "_" or
#: "&", before a run of word characters with at least one letter.
_HASHTAG = regex.compile(
    r"(?<![\p{L}\p{M}\p{Nd}_&])[#＃](?!\ufe0f|\u20e3)(?=[\p{L}\p{M}\p{Nd}_\u200c\u200d]*[\p{L}\p{M}])"
)
#: A mention sign: not after an ASCII letter, digit or one of twitter-text's excluded marks
#: (X reads "の@name"), before a username character (Mastodon's and Bluesky's handles start
#: the same way).
_MENTION = regex.compile(r"(?<![A-Za-z0-9_!#$%&*@＠])[@＠](?=[\p{L}\p{Nd}_])")


def live_signs(text: str) -> list[int]:
    """Where a platform would start a hashtag or mention in `text`, outside its links."""
    found = {m.start() for m in _HASHTAG.finditer(text)} | {
        m.start() for m in _MENTION.finditer(text)
    }
    if not found:
        return []  # no sign: no need to find the links
    from twitter_text import extract_urls_with_indices

    links = [url["indices"] for url in extract_urls_with_indices(text)]
    return sorted(at for at in found if not any(start <= at < end for start, end in links))


def inert(text: str) -> str:
    """`text` with a WORD JOINER after each sign a platform would parse (see the module)."""
    signs = live_signs(text)
    if not signs:
        return text
    out, last = [], 0
    for at in signs:
        out += [text[last : at + 1], WORD_JOINER]
        last = at + 1
    out.append(text[last:])
    return "".join(out)
