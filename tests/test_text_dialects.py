"""Clean text and typed blocks in every dialect posts are written in (small inline fixtures)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from smm_promote.config import Config
from smm_promote.errors import Problems
from smm_promote.model import Post
from smm_promote.sources import read_posts
from smm_promote.sources.dialects import pick_dialect
from smm_promote.sources.text import clean_inline, extract_html, extract_markdown


def read_one(path: Path) -> Post:
    """The first post read from `path` with only `site_url` set."""
    return read_posts(
        path, Config.from_mapping({"site_url": "https://blog.example.com"}), Problems()
    )[0]


def md(text: str, dialect: str = "auto"):
    return extract_markdown(textwrap.dedent(text), dialect)  # type: ignore[arg-type]


# Python-Markdown + pymdownx (Material for MkDocs)


def test_mkdocs_admonitions_details_tabs_snippets_and_blocks():
    found = md(
        """\
        # Migrating

        Patience, it works.

        <!-- more -->

        ## Introduction

        !!! warning "Outdated"
            The date is wrong on this post.

        ???+ tip
            Open by default.

        --8<-- "docs/blog/images/logo.svg"

        === "pip"

            Install it with pip.

        /// note | Heads up
        Blocks syntax.
        ///

        ### 2.5" HDDs

        The "small" drives.
        """
    )
    assert found.title == "Migrating"
    assert found.blocks == (
        ("text", "Patience, it works."),
        ("heading", "Introduction"),
        ("aside", "Outdated"),
        ("aside", "The date is wrong on this post."),
        ("aside", "Tip"),
        ("aside", "Open by default."),
        ("text", "Install it with pip."),
        ("aside", "Heads up"),
        ("aside", "Blocks syntax."),
        ("heading", '2.5" HDDs'),
        ("text", 'The "small" drives.'),
    )
    assert found.headings == ("Introduction", '2.5" HDDs')
    assert found.excerpt == "Patience, it works."
    assert found.body == (
        'Patience, it works.\nIntroduction\nInstall it with pip.\n2.5" HDDs\nThe "small" drives.'
    )


def test_mkdocs_fences_with_pygments_options_stay_code():
    """Material's fence headers (`hl_lines`, `title`, `linenums`) with annotations: code, never
    text, so the prose after them stays under its own heading."""
    found = md(
        """        ## Sequential

        ```python hl_lines="5 4" title="run.py"
        for person in people:
            all_persons.append(await person)  # (1)!
        ```

        1. We wait for each task.

        ## Concurrent

        ``` py linenums="1"
        await asyncio.gather(*tasks)
        ```

        All at once.
        """
    )
    assert [block for block in found.blocks if block[0] != "code"] == [
        ("heading", "Sequential"),
        ("item", "We wait for each task."),
        ("heading", "Concurrent"),
        ("text", "All at once."),
    ]
    assert not [text for _, text in found.blocks if "(1)!" in text and _ != "code"]


def test_mkdocs_footnotes_abbreviations_attribute_lists_and_md_in_html():
    found = md(
        """\
        The HTML spec[^1] is long. { .lead }

        <figure markdown="span">
          ![A chart](chart.png){ loading=lazy }
          <figcaption>Downloads per day</figcaption>
        </figure>

        Term
        :   What it means.

        *[HTML]: HyperText Markup Language

        [^1]: Living standard.
        """
    )
    assert found.blocks == (
        ("text", "The HTML spec is long."),
        ("caption", "Downloads per day"),
        ("term", "Term: What it means."),
        ("aside", "Living standard."),
    )
    assert found.image == "chart.png"


def test_commonmark_footnotes_leave_no_marker():
    """goldmark, kramdown, Zola and Docusaurus read footnotes: the reference is no text and
    the note is an aside, never prose."""
    found = md(
        """\
        Holly gave us a tutorial[^tyh]. Then we wrote questions.

        [^tyh]: Thanks Holly! We are ever in your debt.
        """,
        "commonmark",
    )
    assert found.blocks == (
        ("text", "Holly gave us a tutorial. Then we wrote questions."),
        ("aside", "Thanks Holly! We are ever in your debt."),
    )
    assert "[^" not in found.body


@pytest.mark.corpus
def test_zola_footnote_markers_never_reach_the_text(corpora: Path):
    post = read_one(
        corpora / "toml-zola-rust-blog/content/lessons-learned-from-the-rust-vision-doc-process.md"
    )
    assert "[^" not in post.body
    assert (
        "text",
        "One of the first things we did in starting out with the vision doc was to meet with "
        "a User Research expert, Holly Ellis, who gave us a quick tutorial on how User Research "
        "works. Working with her, we laid out a set of research questions that we wanted to "
        "answer. Our first cut was very broad, covering three themes:",
    ) in post.blocks
    assert ("aside", "Thanks Holly! We are ever in your debt.") in post.blocks


@pytest.mark.corpus
def test_rest_footnotes_are_asides_and_their_marks_no_text(corpora: Path):
    """docutils' HTML 4 writer (Pelican's) marks a reference `a.footnote-reference` and sets
    the note as a table whose first cell is its number."""
    post = read_one(
        corpora / "pelican-farseerfc-multilingual-rst/content/tech/redesign-pelican-theme.zh.rst"
    )
    assert ("heading", "前言: 新天新地，將一切都更新了") in post.blocks
    assert ("aside", "賽65:17「看哪！我造新天新地」啟21:5「我將一切都更新了。」") in post.blocks
    assert not [text for _, text in post.blocks if "[1]" in text]


@pytest.mark.corpus
def test_material_annotated_fences_leave_no_code_in_the_takeaways(corpora: Path):
    from smm_promote.captions.text import takeaways

    post = read_one(corpora / "mkdocs-material-instructor-blog/docs/blog/posts/learn-async.md")
    found = dict(takeaways(post))
    assert found["asyncio.as_completed: Handling tasks as they complete."] == (
        "We use await here to wait for each task to complete before appending it to the list."
    )
    assert not [detail for detail in found.values() if "(2)!" in detail or "async def" in detail]


@pytest.mark.corpus
def test_rest_struck_out_title_words_are_left_out(corpora: Path):
    """The site's `:del:` role (a `.. role:: del` of its theme) strikes a joke out of the
    title: captions say what stands."""
    post = read_one(
        corpora
        / "pelican-farseerfc-multilingual-rst/content/tech/arch-chrome-remote-desktop.zh.rst"
    )
    assert post.title == "archlinux 上用 chrome 實現 遠程登錄"


def test_dialect_is_picked_from_syntax_only_python_markdown_knows():
    assert pick_dialect('!!! note "x"\n    y\n') == "python-markdown"
    assert pick_dialect('=== "Tab"\n    y\n') == "python-markdown"
    assert pick_dialect('--8<-- "a.md"\n') == "python-markdown"
    assert pick_dialect("*[HTML]: Hyper\n") == "python-markdown"
    assert pick_dialect("Wow!!! really\n\n| a | b |\n") == "commonmark"


# Heading permalinks of built pages


def test_heading_permalinks_are_not_text():
    found = extract_html(
        '<article><h1>Title<a class="headerlink" href="#t">¶</a></h1>'
        '<h2 id="a">Why<a class="headerlink" href="#a" title="Permanent link">¶</a></h2>'
        '<p>Because.</p><h3 id="b"><a href="#b" aria-hidden="true">#</a> How</h3>'
        '<h2 id="c">Where<a href="#c" class="hash-link">\u200b</a></h2></article>'
    )
    assert found.title == "Title"
    assert found.headings == ("Why", "How", "Where")
    assert found.blocks == (
        ("heading", "Why"),
        ("text", "Because."),
        ("heading", "How"),
        ("heading", "Where"),
    )


def test_headings_are_their_own_blocks_never_glued_into_sentences():
    found = extract_html(
        "<p>The encrypted pool.</p><h2>Encrypted pool migration</h2><p>Upgrading is easy.</p>"
    )
    assert found.body == "The encrypted pool.\nEncrypted pool migration\nUpgrading is easy."


def test_media_fallback_text_is_dropped_and_quotes_are_marked():
    found = extract_html(
        "<p>Watch this.</p><video src='a.mp4'>Your browser does not support video.</video>"
        "<audio>No audio support.</audio><iframe>No frames.</iframe>"
        "<object data='x.swf'>Get Flash.</object>"
        "<blockquote><p>Someone else's words.</p></blockquote>"
    )
    assert found.blocks == (("text", "Watch this."), ("quote", "Someone else's words."))
    assert found.body == "Watch this."


def test_lists_tables_definitions_and_loose_items():
    found = extract_html(
        "<ul><li><p>First point.</p></li><li>Second<ul><li>Nested</li></ul></li></ul>"
        "<table><tr><th>Name</th><th>Value</th></tr><tr><td>a</td><td>1</td></tr></table>"
        "<dl><dt>API</dt><dd>A contract.</dd></dl>"
    )
    assert found.blocks == (
        ("item", "First point."),
        ("item", "Second"),
        ("item", "Nested"),
        ("table", "Name | Value"),
        ("table", "a | 1"),
        ("term", "API: A contract."),
    )


# Hugo shortcodes


def test_hugo_shortcodes():
    found = md(
        """\
        Watch {{< youtube w7Ft2ymGmfc >}} the talk.

        {{% alert title="Note" color="info" %}}
        This page is **archived**.
        {{% /alert %}}

        {{< figure src="/images/cat.png" caption="The cat, on the mat" >}}

        {{< imgproc team Fit "800x450" >}}
        The team & friends at "KubeCon".
        {{< /imgproc >}}

        See [the docs]({{< ref "docs/setup.md" >}}).

        {{< highlight go >}}
        fmt.Println("{{ x }}")
        {{< /highlight >}}
        """
    )
    assert found.blocks == (
        ("text", "Watch the talk."),
        ("aside", "This page is archived."),
        ("caption", "The cat, on the mat"),
        ("caption", 'The team & friends at "KubeCon".'),
        ("text", "See the docs."),
    )


# Liquid (Jekyll) and Nunjucks (Eleventy)


def test_liquid_and_nunjucks_tags_raw_kept_as_code():
    found = md(
        """\
        Read [the post]({% post_url 2019-01-01-intro %}) on {{ site.title }}.

        {% raw %}
        ```
        {{ page.title }}
        ```
        {% endraw %}

        Inline {%raw%}`{{ x }}`{%endraw%} stays code.

        {% callout "warning" %}
        Mind the **gap**.
        {% endcallout %}

        {% comment %}A note to self.{% endcomment %}

        {%- if site.beta -%}Beta only.{%- endif -%}
        """
    )
    assert found.blocks == (
        ("text", "Read the post on ."),
        ("text", "Inline {{ x }} stays code."),
        ("aside", "Mind the gap."),
        ("text", "Beta only."),
    )


# MDX (Docusaurus)


def test_mdx_imports_components_comments_and_admonitions():
    found = md(
        """\
        import Tabs from '@theme/Tabs';
        import TabItem from '@theme/TabItem';

        Linting got faster.

        {/* truncate */}

        :::tip[Pro tip]

        Use the **project service**.

        :::

        <Tabs>
        <TabItem value="npm">

        Run the installer.

        </TabItem>
        </Tabs>

        ```ts
        import js from '@eslint/js';
        export default [];
        ```

        export const meta = { draft: true };
        """
    )
    assert found.blocks == (
        ("text", "Linting got faster."),
        ("aside", "Pro tip"),
        ("aside", "Use the project service."),
        ("text", "Run the installer."),
    )
    assert found.excerpt == "Linting got faster."


def test_docusaurus_truncate_comment_marks_the_excerpt():
    found = md("First words.\n\n<!--truncate-->\n\nThe rest.\n")
    assert found.excerpt == "First words."


# reStructuredText (Pelican) with plugin directives and roles


def test_rst_plugin_roles_and_directives(tmp_path: Path):
    (tmp_path / "post.rst").write_text(
        textwrap.dedent(
            """\
            GNU Stow
            ########

            :date: 2016-08-08 16:03
            :tags: linux

            .. youtube:: w7Ft2ymGmfc

            我用 :ruby:`漢字|かんじ` 寫 :del:`舊的` 文章。

            .. PELICAN_END_SUMMARY

            .. translate-paragraph::

                翻譯的段落。

                    The original paragraph.

            .. label-warning::

                **2015年2月14日更新**

            .. ditaa::

                +---+
                | A |
                +---+
            """
        ),
        encoding="utf-8",
    )
    problems = Problems()
    posts = read_posts(tmp_path / "post.rst", Config.from_mapping({}), problems)
    assert not problems.items
    assert posts[0].blocks == (
        # The spaces the roles need around them are no word spaces in Chinese.
        ("text", "我用漢字寫舊的文章。"),
        ("text", "翻譯的段落。"),
        ("quote", "The original paragraph."),
        ("aside", "2015年2月14日更新"),
    )
    assert posts[0].summary == "我用漢字寫舊的文章。"


# Inline text (titles, summaries)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('2.5" HDDs', '2.5" HDDs'),
        ("Use **bold** and [a link](https://x.example) &amp; `code`", "Use bold and a link & code"),
        ("Tom &amp; Jerry's <em>show</em>", "Tom & Jerry's show"),
        ("{{< param name >}}Release notes", "Release notes"),
        ("snake_case_names and 2 * 3 * 4", "snake_case_names and 2 * 3 * 4"),
        ("Why Vec<T> beats Option<Box<dyn Error>>", "Why Vec<T> beats Option<Box<dyn Error>>"),
        ("<p>One</p><p>Two<br>lines</p>", "One Two lines"),
        # Struck-out words are not what the title says; the replacement stays.
        ("Ship it ~~Friday~~ Monday", "Ship it Monday"),
        ("A <del>bug</del> <ins>feature</ins> and <s>x</s><strike>y</strike>", "A feature and"),
        ('實現 <span class="del">透明計算</span> 遠程登錄', "實現 遠程登錄"),
    ],
)
def test_clean_inline(source: str, expected: str):
    assert clean_inline(source) == expected


def test_description_is_prose_and_headings_stay_lines_of_their_own(tmp_path: Path):
    (tmp_path / "pool.md").write_text(
        "---\ntitle: Pool\n---\n## Introduction\n\nPatience, it works.\n\n"
        "!!! note\n    Edited later.\n\n## Encrypted pool migration\n\nUpgrading is easy.\n",
        encoding="utf-8",
    )
    post = read_posts(tmp_path / "pool.md", Config.from_mapping({}), Problems())[0]
    assert post.description == "Patience, it works. Upgrading is easy."
    assert post.body == (
        "Introduction\nPatience, it works.\nEncrypted pool migration\nUpgrading is easy."
    )
    assert post.headings == ("Introduction", "Encrypted pool migration")


def test_a_stray_backtick_does_not_hide_template_tags_beyond_its_paragraph():
    found = md("It`s fine {{< youtube x >}} here.\n\nAnd {% tag %} `{{ y }}` end.\n")
    assert found.blocks == (("text", "It`s fine here."), ("text", "And {{ y }} end."))


def test_generated_tables_of_contents_are_not_text():
    found = extract_html(
        '<div class="contents topic" id="contents"><p class="topic-title">Contents</p>'
        '<ul><li><a href="#a">June 6</a></li></ul></div><div class="toc"><ul><li>A</li></ul>'
        "</div><h2>June 6</h2><p>六月六日。</p>"
    )
    assert found.blocks == (("heading", "June 6"), ("text", "六月六日。"))


def test_a_paragraph_that_is_only_a_link_is_a_link_not_prose():
    found = extract_html(
        "<p>We share what we learned.</p>"
        "<p><a href='https://youtu.be/x'>Watch the youtube video</a></p>"
        "<p><strong><a class='md-button' href='/x'>Read more</a></strong></p>"
        "<p>See <a href='/y'>the docs</a>.</p>"
        "<ul><li><p><a href='/todo'><code>todo!()</code></a></p><p>A shorter macro.</p></li></ul>"
    )
    assert found.blocks == (
        ("text", "We share what we learned."),
        ("link", "Watch the youtube video"),
        ("link", "Read more"),
        ("text", "See the docs."),
        ("item", "todo!()"),
        ("item", "A shorter macro."),
    )
