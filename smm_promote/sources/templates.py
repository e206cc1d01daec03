"""The template layer a generator runs over a post before Markdown: Liquid (Jekyll), Nunjucks
and Liquid shortcodes (Eleventy), Hugo shortcodes, and MDX's ESM and JSX (Docusaurus).

The source is cut into code (fenced blocks, inline code spans) and the rest; template syntax is
only read outside code, except `{% raw %}…{% endraw %}`, whose contents are kept as written
everywhere (that is what the tag is for). What a tag stands for decides what is kept:

- paired callouts (`{{% alert %}}…{{% /alert %}}`, `{% callout %}…{% endcallout %}`) keep
  their inner text inside an `<aside>`;
- `{{< figure caption="…" >}}` keeps only its caption, as a `<figcaption>`;
- `{% highlight %}…{% endhighlight %}` becomes a code block; comments and captures are dropped;
- any other tag or `{{ expression }}` is dropped, a paired one keeping its inner text.
"""

from __future__ import annotations

import html
import re

from smm_promote.lazyre import lazy

#: Shortcode and block-tag names that are an aside to the post (Docsy, Hugo themes, Eleventy).
ASIDE_WORDS = frozenset(
    [
        "admonition",
        "alert",
        "aside",
        "attention",
        "callout",
        "caution",
        "danger",
        "error",
        "hint",
        "important",
        "info",
        "label",
        "note",
        "notice",
        "pageinfo",
        "panel",
        "seealso",
        "tip",
        "todo",
        "warning",
    ]
)
#: Paired tags whose inner text is not prose: code, captured variables, comments, scripts.
_CODE_TAGS = {"highlight", "code", "codeblock", "syntax", "prism"}
_DROP_TAGS = {"comment", "capture", "set", "raw_html", "javascript", "js", "css", "style", "svg"}
#: Media shortcodes: what they embed is not text.
_FIGURE_TAGS = {"figure", "image", "img", "imgproc", "picture"}

_FENCE = lazy(r"^([ \t>]*)(`{3,}|~{3,})[^\n]*\n(?:.*?\n)?\1?[ \t]*\2[`~]*[ \t]*$", re.M | re.S)
#: A code span: backticks around text that does not cross a blank line (CommonMark's rule).
_INLINE_CODE = lazy(r"(?<!`)(`+)(?!`)((?:(?!\n[ \t]*\n).)+?)(?<!`)\1(?!`)", re.S)
_RAW = lazy(r"\{%-?\s*raw\s*-?%\}(.*?)\{%-?\s*endraw\s*-?%\}", re.S)
#: One template tag: Hugo shortcodes `{{< >}}` `{{% %}}`, Liquid/Nunjucks blocks `{% %}`,
#: expressions `{{ }}` and comments `{# #}`.
_TAG = lazy(
    r"\{\{<\s*(?P<hugo_close>/)?\s*(?P<hugo>[\w./-]+)(?P<hugo_args>.*?)/?\s*>\}\}"
    r"|\{\{%\s*(?P<md_close>/)?\s*(?P<md>[\w./-]+)(?P<md_args>.*?)/?\s*%\}\}"
    r"|\{%-?\s*(?P<liquid>[\w./-]+)(?P<liquid_args>.*?)-?%\}"
    r"|\{\{.*?\}\}|\{#.*?#\}",
    re.S,
)
_ARG = lazy(r"""(?:([\w-]+)\s*=\s*)?(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|`([^`]*)`|([^\s"'=]+))""")
_PLACEHOLDER = "\x00{}\x00"
_RESTORE = lazy("\x00(\\d+)\x00")


def _is_aside(name: str) -> bool:
    return any(part in ASIDE_WORDS for part in re.split(r"[-_./]", name.lower()))


def shortcode_args(text: str) -> tuple[list[str], dict[str, str]]:
    """Positional and named arguments of a shortcode, quotes removed."""
    positional: list[str] = []
    named: dict[str, str] = {}
    for match in _ARG.finditer(text):
        value = next((g for g in match.groups()[1:] if g is not None), "")
        if match[1]:
            named[match[1].lower()] = value
        else:
            positional.append(value)
    return positional, named


class _Protected:
    """Stretches of the source kept as written, swapped for placeholders meanwhile."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def keep(self, text: str) -> str:
        self.parts.append(text)
        return _PLACEHOLDER.format(len(self.parts) - 1)

    def restore(self, text: str) -> str:
        for _ in range(3):  # a kept stretch may hold placeholders of its own
            if "\x00" not in text:
                break
            text = _RESTORE.sub(lambda m: self.parts[int(m[1])], text)
        return text


def _closing(name: str, kind: str) -> re.Pattern[str]:
    """The closing tag of a paired tag `name` of `kind` (hugo, md or liquid)."""
    word = re.escape(name)
    if kind == "hugo":
        return re.compile(rf"\{{\{{<\s*/\s*{word}\s*>\}}\}}")
    if kind == "md":
        return re.compile(rf"\{{\{{%\s*/\s*{word}\s*%\}}\}}")
    return re.compile(rf"\{{%-?\s*end_?{word}\s*-?%\}}")


def _figure(caption: str) -> str:
    """A figure shortcode as HTML: only its caption (the image is no text)."""
    if not caption.strip():
        return ""
    return f"\n\n<figure><figcaption>{html.escape(caption.strip())}</figcaption></figure>\n\n"


def _render(text: str, keep: _Protected) -> str:
    out: list[str] = []
    pos = 0
    while (match := _TAG.search(text, pos)) is not None:
        out.append(text[pos : match.start()])
        pos = match.end()
        kind = next((k for k in ("hugo", "md", "liquid") if match[k]), None)
        if kind is None or (kind != "liquid" and match[f"{kind}_close"]):
            continue  # an expression, a comment or a stray closing tag
        name = match[kind].lower()
        args = match[f"{kind}_args"] or ""
        if kind == "liquid" and (name.startswith("end") or name in {"else", "elsif", "elif"}):
            continue
        closing = _closing(match[kind], kind).search(text, pos)
        if name in _FIGURE_TAGS:
            named = shortcode_args(args)[1]
            caption = named.get("caption") or named.get("title") or ""
            if closing is not None:  # Docsy's `{{< imgproc >}}caption{{< /imgproc >}}`
                inner, pos = text[pos : closing.start()], closing.end()
                caption = caption or inner
            out.append(_figure(caption))
            continue
        if closing is None:
            continue  # a tag on its own: what it outputs is not known here
        inner, pos = text[pos : closing.start()], closing.end()
        if name in _DROP_TAGS:
            continue
        if name in _CODE_TAGS:
            out.append(f"\n\n```\n{inner.strip(chr(10))}\n```\n\n")
        elif _is_aside(name):
            out.append(f'\n\n<aside class="{name}">\n\n{_render(inner, keep)}\n\n</aside>\n\n')
        else:
            out.append(_render(inner, keep))
    out.append(text[pos:])
    return "".join(out)


def render_templates(text: str) -> str:
    """`text` with its template tags replaced by what they stand for (see the module)."""
    if "{" not in text:
        return text
    keep = _Protected()
    text = _RAW.sub(lambda m: keep.keep(m[1]), text)
    text = _FENCE.sub(lambda m: keep.keep(m[0]), text)
    text = _INLINE_CODE.sub(lambda m: keep.keep(m[0]), text)
    return keep.restore(_render(text, keep))


# MDX (Docusaurus): ESM lines, JSX comments, `:::` admonitions.

_ESM = lazy(
    r"^(?:import\s+(?:[\w*{}\s,$]+\s+from\s+)?['\"]|import\s+type\s|import\s+[\w$]+\s*=|"
    r"export\s+(?:default\b|const\b|let\b|var\b|function\b|async\b|class\b|type\b|\{|\*))"
)
_JSX_COMMENT = lazy(r"\{/\*(.*?)\*/\}", re.S)
_CONTAINER = lazy(r"^([ \t]*)(:{3,})[ \t]*([\w-]*)(.*)$")


def _esm_blocks(lines: list[str]) -> list[str]:
    """Drop MDX ESM: an `import`/`export` statement opening a top-level paragraph, up to the
    next blank line."""
    out: list[str] = []
    in_esm = False
    previous_blank = True
    for line in lines:
        if in_esm:
            if line.strip():
                continue
            in_esm = False
        elif previous_blank and _ESM.match(line):
            in_esm = True
            continue
        out.append(line)
        previous_blank = not line.strip()
    return out


def _containers(lines: list[str]) -> list[str]:
    """`:::tip Title` … `:::` (Docusaurus, VitePress, remark-directive, pandoc divs) become
    `<aside>` (a callout word) or `<div>` wrappers around their Markdown."""
    out: list[str] = []
    stack: list[tuple[int, str]] = []
    for line in lines:
        match = _CONTAINER.match(line)
        closes = match and not match[3] and not match[4].strip()
        if closes and stack and len(match[2]) >= stack[-1][0]:
            out += ["", f"</{stack.pop()[1]}>", ""]
            continue
        if match and match[3]:
            tag = "aside" if _is_aside(match[3]) else "div"
            stack.append((len(match[2]), tag))
            out += ["", f'<{tag} class="{match[3]}">', ""]
            title = match[4].strip()
            if title.startswith("[") and title.endswith("]"):
                title = title[1:-1].strip()  # Docusaurus 3: `:::tip[Title]`
            if title and not title.startswith("{"):
                out += [f"**{title}**", ""]
            continue
        out.append(line)
    while stack:
        out += ["", f"</{stack.pop()[1]}>", ""]
    return out


def render_mdx(text: str) -> str:
    """MDX constructs outside code replaced by what they render to; `{/* truncate */}`
    (Docusaurus' excerpt marker) becomes `<!-- more -->`."""
    if not any(s in text for s in ("import", "export", "{/*", ":::")):
        return text
    keep = _Protected()
    text = _FENCE.sub(lambda m: keep.keep(m[0]), text)
    text = _JSX_COMMENT.sub(
        lambda m: "<!-- more -->" if m[1].strip().lower() == "truncate" else "", text
    )
    lines = _containers(_esm_blocks(text.split("\n")))
    return keep.restore("\n".join(lines))
