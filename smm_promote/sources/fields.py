"""Normalise front-matter/metadata values of every generator into `Post` fields.

Handles the quirks seen in real blogs: key case, tags as one comma-separated string, dates
as strings, dates, datetimes, `{created, updated}` mappings or only in the file name, authors
in five shapes, `[extra]`/`params` tables, booleans as strings.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, tzinfo
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urljoin, urlsplit

from smm_promote.cards.images import post_image
from smm_promote.errors import SourceError
from smm_promote.lazyre import lazy
from smm_promote.model import Author, Post
from smm_promote.sites import detect_lang
from smm_promote.sites.base import SourceFacts
from smm_promote.sources.keys import lower_keys
from smm_promote.sources.text import Extract, clean_inline, first_sentence, slugify

if TYPE_CHECKING:
    from smm_promote.config import Config
    from smm_promote.sites.base import Site

_FILENAME_DATE = lazy(r"^(\d{4})-(\d{2})-(\d{2})[-_ ]?")
_PATH_DATE = lazy(r"(?:^|/)(\d{4})/(\d{2})/(\d{2})(?:/|$)")

TITLE_KEYS = ("title", "og_title", "name")
SUMMARY_KEYS = ("description", "summary", "excerpt", "subtitle", "abstract", "resume")
IMAGE_KEYS = (
    "image",
    "cover",
    "thumbnail",
    "featured_image",
    "og_image",
    "banner",
    "images",
    "cover_image",
    "hero",
)
DATE_KEYS = ("date", "created", "published", "pubdate", "publishdate", "publish_date")
UPDATED_KEYS = (
    "updated",
    "modified",
    "last_modified_at",
    "lastmod",
    "last_modified",
    "update_date",
)
EXPIRES_KEYS = ("expires", "expirydate", "expiry_date", "expiry", "expire")
LANG_KEYS = ("lang", "language", "locale")  # fmt: skip


def first(meta: Mapping[str, Any], keys: Iterable[str]) -> Any:
    for key in keys:
        value = meta.get(key)
        if value not in (None, "", [], {}):
            return value
    return None


def as_list(value: Any) -> list[str]:
    """Tags/categories from a list, a comma- or semicolon-separated string, or a single value."""
    if value is None:
        return []
    if isinstance(value, str):
        parts = re.split(r"[;,]" if re.search(r"[;,]", value) else r"\n", value)
    elif isinstance(value, Mapping):
        parts = [str(k) for k in value]
    elif isinstance(value, Iterable):
        parts = [str(getattr(v, "name", v)) for v in value if v is not None]
    else:
        parts = [str(getattr(value, "name", value))]
    seen: dict[str, str] = {}
    for part in parts:
        text = clean_inline(part)
        if text and text.lower() not in seen:
            seen[text.lower()] = text
    return list(seen.values())


def as_bool(value: Any, default: bool) -> bool:
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"true", "yes", "on", "1"}:
        return True
    if text in {"false", "no", "off", "0"}:
        return False
    return default


def as_datetime(value: Any, tz: tzinfo, where: str, field: str) -> datetime | None:
    """A timezone-aware datetime from a date, datetime or string (naive -> the site's zone)."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime.combine(value, time())
    else:
        from dateutil import parser as dateparser  # only dates written as text need it

        text = str(value).strip()
        try:
            parsed = dateparser.parse(text)
        except (ValueError, OverflowError):
            # Seen in real posts: '2023-01-29 18:30:22 2023 -0800' (the year repeated).
            head, *rest = text.split()
            deduped = " ".join([head, *(t for t in rest if t not in head)])
            try:
                parsed = dateparser.parse(deduped)
            except (ValueError, OverflowError):
                raise SourceError(
                    where, f"field {field!r}: cannot read {text!r} as a date"
                ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=tz)
    try:
        parsed.utcoffset()  # an offset of a day or more (`+99:00`) is no time zone
    except (ValueError, OverflowError):
        raise SourceError(where, f"field {field!r}: cannot read {value!r} as a date") from None
    return parsed


def date_from_path(path: str) -> datetime | None:
    """`2012-11-30-slug.md` (Jekyll, Pelican) or `.../2018/07/27/slug` (Zola path)."""
    name = Path(path).name
    match = _FILENAME_DATE.match(name) or _PATH_DATE.search(path)
    if not match:
        return None
    try:
        return datetime(int(match[1]), int(match[2]), int(match[3]), tzinfo=UTC)
    except ValueError:
        return None


def slug_from_link(link: str | None) -> str:
    """The slug a link's path ends with: its last non-empty segment, `.html`/`index.html`
    removed, percent-encoding decoded once (`remove-%5EH` is `remove-^H`); '' for none."""
    if not link:
        return ""
    segments = [s for s in urlsplit(link).path.split("/") if s]
    if segments and segments[-1].lower() in {"index.html", "index.htm"}:
        segments.pop()
    if not segments:
        return ""
    last = PurePosixPath(segments[-1])
    name = last.stem if last.suffix.lower() in {".html", ".htm"} else last.name
    return unquote(name).replace("/", "-").strip()


def slug_from_path(path: str) -> str:
    stem = Path(path).stem
    if stem.lower() in {"index", "_index", "readme"}:
        stem = Path(path).parent.name
    return slugify(_FILENAME_DATE.sub("", stem)) or slugify(stem)


def parse_authors(value: Any, known: Mapping[str, Any], config: Config) -> tuple[Author, ...]:
    """Authors as a string, ids into `.authors.yml`, a mapping, or a list of mappings."""
    if value in (None, "", [], {}):
        return ()
    if isinstance(value, str):
        items: list[Any] = [v for v in re.split(r"\s*[;,]\s*|\s+and\s+", value) if v.strip()]
    elif isinstance(value, Mapping):
        items = (
            [value]
            if "name" in value or "email" in value
            else [
                {"key": k, **(v if isinstance(v, Mapping) else {"name": v})}
                for k, v in value.items()
            ]
        )
    elif isinstance(value, Iterable):
        items = list(value)
    else:
        items = [str(getattr(value, "name", value))]
    authors: list[Author] = []
    for item in items:
        if isinstance(item, Mapping):
            data = lower_keys(item)
            key = data.get("key") or data.get("id")
        else:
            key = str(getattr(item, "name", item)).strip()
            data = lower_keys(known.get(key, {})) if isinstance(known.get(key), Mapping) else {}
            data.setdefault("name", key)
        name = clean_inline(str(data.get("name") or key or ""))
        if not name:
            continue
        settings = config.authors.get(str(key)) if key else None
        handles = dict(settings.handles) if settings else {}
        for platform in ("x", "twitter", "mastodon", "bluesky", "linkedin", "threads", "instagram"):
            if isinstance(data.get(platform), str):
                handles.setdefault("x" if platform == "twitter" else platform, data[platform])
        authors.append(
            Author(
                name=(settings.name if settings and settings.name else name),
                key=str(key) if key else None,
                avatar=str(data["avatar"]) if data.get("avatar") else None,
                url=str(data["url"]) if data.get("url") else None,
                handles=tuple(sorted(handles.items())),
            )
        )
    return tuple(authors)


def _image(value: Any) -> str | None:
    if isinstance(value, Mapping):
        value = first(lower_keys(value), ("path", "url", "src", "image"))
    if isinstance(value, list | tuple):
        value = value[0] if value else None
    if value is None:
        return None
    text = str(value).strip()
    return None if not text or text.lower() in {"none", "null", "false"} else text


def absolute(url: str | None, base: str) -> str | None:
    """Resolve a site-relative URL against `base` (absolute URLs and paths pass through)."""
    if not url:
        return None
    if re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I) or not base:
        return url
    return urljoin(base, url)


#: Where a URL came from when no generator rule gave it (`Post.url_origin`).
ORIGIN_FRONT_MATTER = "front matter: url"
ORIGIN_GENERIC = "generic: site_url/<slug>/"
ORIGIN_GIVEN = "given"


def post_url(config: Config, slug: str, when: datetime | None, meta: Mapping[str, Any]) -> str:
    """The post's URL: an explicit `url`/`permalink`/`path`, else `site_url/slug/`."""
    return generic_url(config, slug, meta)[0]


def generic_url(config: Config, slug: str, meta: Mapping[str, Any]) -> tuple[str, str]:
    """(URL, origin) by the generic rule: an explicit `url`/`permalink`/`path`/`save_as`
    front-matter field, else `site_url/<slug>/`."""
    base = config.site_url or "https://example.com"
    explicit = first(meta, ("url", "permalink", "path", "save_as"))
    if isinstance(explicit, str) and ":" not in explicit.split("//")[-1]:
        if explicit.startswith(("http://", "https://")):
            return explicit, ORIGIN_FRONT_MATTER
        return absolute(explicit.strip().lstrip("/"), base + "/") or base, ORIGIN_FRONT_MATTER
    return f"{base}/{slug}/", ORIGIN_GENERIC


def pattern_url(
    config: Config,
    slug: str,
    when: datetime | None,
    meta: Mapping[str, Any],
    path: Path | None,
    *,
    lang: str | None,
) -> str | None:
    """`site_url` + `config.url_pattern` filled in, or None when the post lacks a value the
    pattern needs (a date for `{year}`), so the next rule applies."""
    category = (as_list(meta.get("categories")) or as_list(meta.get("category")) or [""])[0]
    values = {
        "slug": slug,
        "lang": lang or config.lang,
        "category": slugify(category),
        "file": Path(path).stem if path else slug,
    }
    if when is not None:
        values.update(year=f"{when:%Y}", month=f"{when:%m}", day=f"{when:%d}")
    try:
        rest = config.url_pattern.format(**values)
    except KeyError:
        return None
    return f"{config.site_url or 'https://example.com'}/{rest}"


#: A word of running text, with what joins it inside ("KubeVirt", "node.js").
_TEXT_WORD = lazy(r"\w+(?:[-.'’]\w+)*")


def spelled_as_in(title: str, text: str) -> str:
    """A title the generator made from a file name, with the words spelled as the post's own
    text spells them with capitals inside, not all capitals ("Kube Virt" -> "KubeVirt",
    "Glusterfs" -> "GlusterFS" where the text has "KubeVirt", "GlusterFS"; "Use" stays
    whatever "USE" the text has)."""
    spellings: dict[str, Counter[str]] = {}
    for word in _TEXT_WORD.findall(text):
        if word[1:] != word[1:].lower() and word != word.upper():  # not all capitals
            spellings.setdefault(word.casefold(), Counter())[word] += 1
    if not spellings:
        return title
    words = title.split(" ")
    out: list[str] = []
    at = 0
    while at < len(words):
        for size in (3, 2, 1):
            joined = "".join(words[at : at + size])
            found = spellings.get(joined.casefold()) if at + size <= len(words) else None
            if found and (size > 1 or joined[1:] == joined[1:].lower()):
                out.append(found.most_common(1)[0][0])
                at += size
                break
        else:
            out.append(words[at])
            at += 1
    return " ".join(out)


def build_post(
    meta: Mapping[str, Any],
    content: Extract,
    *,
    where: str,
    config: Config,
    known_authors: Mapping[str, Any] | None = None,
    url: str | None = None,
    fallback_title: str | None = None,
    url_origin: str | None = None,
    site: Site | None = None,
    path: Path | None = None,
) -> Post:
    """Make a `Post` from lower-cased metadata and extracted content; raise `SourceError` when
    the post has no title or a field cannot be read.

    The URL is `url` when given (a door or a feed knows it; `url_origin` says from where),
    else the `site`'s rule for the source file `path`, else the generic rule. The language
    is the metadata's, else the file suffix's, else detected from the text when the detector
    is confident, else the site's or config's default.
    """
    tz = config.tz
    title = clean_inline(str(first(meta, TITLE_KEYS) or ""))
    if not title and site is not None and path is not None:
        read = content.title or clean_inline(fallback_title or "")
        facts = SourceFacts(path=path, meta=meta, title=read, date=None, lang=None)
        title = spelled_as_in(clean_inline(site.title_of(facts) or ""), content.body)
    title = title or content.title or clean_inline(fallback_title or "")
    if not title:
        raise SourceError(where, "no title: no `title` field and no first heading")

    raw_date = first(meta, DATE_KEYS)
    raw_updated = first(meta, UPDATED_KEYS)
    if isinstance(raw_date, Mapping):  # MkDocs Material: date: {created, updated}
        nested = lower_keys(raw_date)
        raw_updated = raw_updated or first(nested, ("updated", "modified"))
        raw_date = first(nested, ("created", "date", "published"))
    when = as_datetime(raw_date, tz, where, "date") or date_from_path(
        str(meta.get("path") or where)
    )
    updated = as_datetime(raw_updated, tz, where, "updated")
    if isinstance(raw_updated, list):  # Material allows a list of update dates
        updated = max(
            (as_datetime(v, tz, where, "updated") for v in raw_updated if v), default=None
        )
    if updated and when and updated <= when:
        updated = None

    given_slug = slugify(str(meta.get("slug") or ""))
    slug = given_slug or slug_from_path(where) or slugify(title)
    explicit_lang = first(meta, LANG_KEYS)
    facts_lang = str(explicit_lang).strip() if explicit_lang else None
    if path is not None:
        facts_lang = facts_lang or suffix_lang(path)
    facts = (
        SourceFacts(path=path, meta=meta, title=title, date=when, lang=facts_lang)
        if path is not None
        else None
    )
    site_lang = site.lang_of(facts) if site is not None and facts is not None else None
    lang = post_lang(facts_lang, site_lang, config, f"{title}\n{content.body}")
    if url:
        link, origin = url, url_origin or ORIGIN_GIVEN
    elif config.url_pattern and (pattern := pattern_url(config, slug, when, meta, path, lang=lang)):
        link, origin = pattern, "override: url_pattern"
    else:
        found = site.url(facts) if site is not None and facts is not None else None
        link, origin = found or generic_url(config, slug, meta)
    # The slug links are tagged with: the generator's own, a `slug` field, else the one the
    # URL ends with, so every door tags a post's links alike.
    ruled = site.slug_of(facts) if site is not None and facts is not None else None
    slug = slugify(ruled or "") or given_slug or slug_from_link(link) or slug
    summary = clean_inline(str(first(meta, SUMMARY_KEYS) or "")) or content.excerpt
    tags = as_list(meta.get("tags")) or as_list(meta.get("keywords"))
    categories = as_list(meta.get("categories")) or as_list(meta.get("category"))
    status = str(meta.get("status") or "").strip().lower()
    draft = (
        as_bool(meta.get("draft"), False)
        or status in {"draft", "hidden", "skip"}
        or not as_bool(meta.get("published"), True)
    )
    share = meta.get("share") if isinstance(meta.get("share"), Mapping) else {}
    image = _image(share.get("image")) or _image(first(meta, IMAGE_KEYS)) or content.image
    image_url, image_file = post_image(image, where, link)
    return Post(
        url=link,
        title=title,
        summary=summary,
        body=content.body,
        headings=content.headings,
        blocks=content.blocks,
        heading_levels=content.heading_levels,
        image=image_url,
        image_file=image_file,
        date=when,
        updated=updated,
        tags=tuple(tags),
        layout_tags=tuple(t for t in tags if site is not None and t in site.layout_tags()),
        categories=tuple(categories),
        authors=parse_authors(first(meta, ("authors", "author")), known_authors or {}, config),
        lang=lang,
        slug=slug,
        source=where,
        evergreen=as_bool(meta.get("evergreen"), config.evergreen),
        evergreen_given=meta.get("evergreen") is not None,
        promote=as_bool(meta.get("promote"), config.promote),
        draft=draft,
        expires=as_datetime(first(meta, EXPIRES_KEYS), tz, where, "expires"),
        share=share,
        url_origin=origin,
    )


#: `name.<lang>.<ext>`: a language code before the extension (`post.zh.rst`, `post.pt-br.md`).
_SUFFIX_LANG = lazy(r"\.([a-z]{2,3}(?:[-_][a-zA-Z]{2,4})?)$")


def suffix_lang(path: Path) -> str | None:
    """The language a file name carries before its extension (`.zh.rst`, `.en.md`,
    `.jp.rst`), or None. Only the stem's own last suffix counts."""
    match = _SUFFIX_LANG.search(Path(path).stem)
    if not match:
        return None
    code = match[1]
    base = code.split("-")[0].split("_")[0].lower()
    return code if base in detect_lang.LANGUAGE_CODES else None


def post_lang(explicit: str | None, default: str | None, config: Config, text: str) -> str:
    """The post's language: `explicit` (metadata or file suffix) wins (as the site names
    it, `default`); otherwise the language detected in `text` when the detector is confident
    and disagrees with the default, else `default`, else `config.lang`."""
    if explicit:
        return default if detect_lang.same_language(default, explicit) else explicit
    fallback = default or config.lang
    detected = detect_lang.detect(text)
    return detected if detected and not detect_lang.same_language(detected, fallback) else fallback


def title_from_text(text: str) -> str:
    """Title of a file with no metadata: its first line, shortened at a clause if long."""
    for line in text.splitlines():
        stripped = line.strip().lstrip("#").strip()
        if stripped:
            return first_sentence(stripped)
    return ""
