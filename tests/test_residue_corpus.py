"""No markup residue in any text a share is made of, on every blog and feed of the corpora.

Every post's title, summary, description, blocks and headings, every caption (all platforms and
variants) and the text a card shows are scanned for the syntax of the dialects posts are
written in. A hit whose text the author wrote as code (backticks, `<code>`, rST literals) is
the author's words, not residue.
"""

from __future__ import annotations

import html
import re
import shutil
from collections import Counter
from collections.abc import Sequence
from contextlib import nullcontext
from pathlib import Path

import pytest

from smm_promote.captions.compose import captions_for
from smm_promote.cards.context import card_context
from smm_promote.config import Config
from smm_promote.errors import Problems
from smm_promote.model import Caption, Post
from smm_promote.sources import read_posts
from tests.conftest import CORPORA
from tests.corpus_support import (
    CORPUS_CONFIG,
    CORPUS_PLATFORMS,
    corpus_captions,
    corpus_in_use,
    corpus_posts,
    same_worker,
)

_ELEMENTS = [
    "a",
    "abbr",
    "article",
    "aside",
    "audio",
    "b",
    "blockquote",
    "body",
    "br",
    "button",
    "caption",
    "cite",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "figcaption",
    "figure",
    "font",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "i",
    "iframe",
    "img",
    "input",
    "ins",
    "kbd",
    "li",
    "link",
    "main",
    "mark",
    "meta",
    "nav",
    "noscript",
    "object",
    "ol",
    "p",
    "picture",
    "pre",
    "q",
    "s",
    "samp",
    "script",
    "section",
    "small",
    "source",
    "span",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "svg",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "tt",
    "u",
    "ul",
    "video",
    "Tabs",
    "TabItem",
    "Admonition",
]

#: name -> pattern; each must find 0 hits.
PATTERNS: dict[str, re.Pattern[str]] = {
    "--8<--": re.compile(r"-{1,2}8<-{1,2}"),
    # Admonition openers (`!!! note`, `???+ tip`), not an author's "Yay!!!" or "(???)".
    "!!!": re.compile(r"!!![ \t]+[a-z]"),
    "???": re.compile(r"\?\?\?\+?[ \t]+[a-z]"),
    "===": re.compile(r"==="),
    "{{<": re.compile(r"\{\{<"),
    "{{%": re.compile(r"\{\{%"),
    "{%": re.compile(r"\{%"),
    "{{": re.compile(r"\{\{"),
    "¶": re.compile(r"¶"),
    ":::": re.compile(r"^:::|\s:::\w"),
    "import/export line": re.compile(r"(?m)^(?:import|export) "),
    "HTML tag": re.compile(rf"</?(?:{'|'.join(_ELEMENTS)})(?:\s[^<>]*)?/?>|<!--"),
    "&amp;": re.compile(r"&(?:amp|lt|gt|quot|nbsp|#\d+|#x[0-9a-fA-F]+);"),
    "[text](": re.compile(r"\[[^\]\n]+\]\("),
    "rST directive": re.compile(r"(?m)(?:^|\s)\.\. [\w:-]+::"),
    "rST role": re.compile(r":[\w+.-]+:`"),
}

#: Corpora that are no blog (conformance data).
NOT_BLOGS = {"twitter-text-conformance"}
PLATFORMS = CORPUS_PLATFORMS

_BACKTICKS = re.compile(r"(`+)(.+?)\1", re.S)
_CODE_ELEMENT = re.compile(r"<(code|pre|tt|kbd|samp)\b[^>]*>(.*?)</\1>", re.S | re.I)
_RST_LITERAL_BLOCK = re.compile(r"::\n\n((?:[ \t]+.*\n|\n)+)")


def code_text(source: str) -> str:
    """Everything the author marked as code in `source` (a post file or a feed), joined."""
    parts = [m[2] for m in _BACKTICKS.finditer(source)]
    unescaped = html.unescape(source)
    for text in (source, unescaped):
        parts += [html.unescape(re.sub(r"<[^>]+>", "", m[2])) for m in _CODE_ELEMENT.finditer(text)]
    parts += _RST_LITERAL_BLOCK.findall(source)
    return "\n".join(parts)


def texts_of(
    post: Post, config: Config, captions: Sequence[Caption] | None = None
) -> list[tuple[str, str]]:
    """(field, text) for everything shareable made from `post` (its `captions` on
    `PLATFORMS`, written now when not given)."""
    out = [("title", post.title), ("summary", post.summary), ("description", post.description)]
    out += [(f"block:{kind}", text) for kind, text in post.blocks]
    out += [("heading", h) for h in post.headings]
    if captions is None:
        captions = captions_for(post, config, platforms=PLATFORMS, problems=Problems())
    for caption in captions:
        out += [(f"caption:{caption.variant}", part) for part in caption.parts or (caption.text,)]
    context, _ = card_context(post, config)
    for key in ("title", "description", "quote"):
        out.append((f"card:{key}", str(context[key])))
    out += [("card:takeaway", t) for t in context["takeaways"]]
    return out


class Sources:
    """The source file of each post (a feed's items share theirs), read once."""

    def __init__(self) -> None:
        self._raw: dict[str, str] = {}
        self._code: dict[str, str] = {}

    def raw(self, post: Post) -> str:
        path = re.sub(r" \(entry \d+\)$", "", post.source)
        if path not in self._raw:
            try:
                self._raw[path] = Path(path).read_bytes().decode("utf-8", "replace")
            except OSError:
                self._raw[path] = ""
        return self._raw[path]

    def code(self, post: Post) -> str:
        if post.source not in self._code:
            self._code[post.source] = code_text(self.raw(post))
        return self._code[post.source]


def is_authors_literal(hit: str, post: Post, sources: Sources) -> bool:
    """The author wrote `hit` as code, or escaped it (`&lt;main&gt;`) to show it as text."""
    hit = hit.strip()
    if not hit:
        return True
    if hit in sources.code(post):
        return True
    return len(hit) > 2 and html.escape(hit, quote=False) in sources.raw(post)


def scan(
    folder: Path,
    config: Config,
    posts: Sequence[Post] | None = None,
    captions: Sequence[Sequence[Caption]] | None = None,
) -> tuple[int, Counter[str], list[str]]:
    """(posts read, hits per pattern, examples) for one corpus folder (or its `posts`, with
    their `captions` in the same order when already written)."""
    posts = read_posts(folder, config, Problems()) if posts is None else posts
    counts: Counter[str] = Counter()
    examples: list[str] = []
    sources = Sources()
    for index, post in enumerate(posts):
        written = captions[index] if captions is not None else None
        for field, text in texts_of(post, config, written):
            for name, pattern in PATTERNS.items():
                for match in pattern.finditer(text or ""):
                    if is_authors_literal(match[0], post, sources):
                        continue
                    counts[name] += 1
                    if len(examples) < 40:
                        start = max(0, match.start() - 50)
                        snippet = text[start : match.end() + 50]
                        examples.append(f"{post.source} [{field}] {name}: …{snippet}…")
    return len(posts), counts, examples


def corpus_names() -> list[str]:
    """Every blog and feed corpus of ../shared/corpora, and the built sites (`gh-pages`) some
    of them hold, read as built HTML pages."""
    if not CORPORA.is_dir():
        return ["(absent)"]
    names = [p.name for p in CORPORA.iterdir() if p.is_dir() and p.name not in NOT_BLOGS]
    built = [
        b.relative_to(CORPORA).as_posix() for n in names for b in CORPORA.glob(f"{n}/**/gh-pages")
    ]
    return sorted(names + built)


@pytest.mark.corpus
@pytest.mark.slow
@pytest.mark.parametrize("name", [pytest.param(n, marks=same_worker(n)) for n in corpus_names()])
def test_no_markup_residue(corpora, name, capsys, tmp_path):
    config = CORPUS_CONFIG
    folder = corpora / name
    posts = captions = None
    if folder.name == "gh-pages":
        # A built site on its own, as `smm-promote posts public/` reads it (beside its sources
        # the generator's rules would prefer the sources).
        folder = shutil.copytree(folder, tmp_path / "gh-pages")
    elif folder.is_dir():
        # Read and written once for every whole-corpus check.
        posts, captions = corpus_posts(name), corpus_captions(name)
    with corpus_in_use(name) if posts is not None else nullcontext():
        read, counts, examples = scan(folder, config, posts, captions)
    row = ", ".join(f"{pattern} {counts[pattern]}" for pattern in PATTERNS)
    with capsys.disabled():
        print(f"\nresidue {name}: {read} posts; {row}")
    assert read > 0
    assert not examples, f"{name}: {dict(counts)}\n" + "\n".join(examples)
