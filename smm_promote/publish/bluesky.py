"""Bluesky through atproto: app-password login (one session per run), link and tag facets
with UTF-8 byte offsets, a link card with the share card as thumbnail (or the card as an
image with alt text), and a record key derived from the entry so a retry cannot post twice.
atproto (about a second to import) loads when a Bluesky post is made or checked, not with
this module.
"""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import regex
from PIL import Image

from smm_promote.captions.links import display_link
from smm_promote.config import Config
from smm_promote.model import Entry
from smm_promote.publish.base import (
    AccountStatus,
    AuthError,
    PermanentError,
    PublishError,
    PublishResult,
    RateLimited,
    TransientError,
)
from smm_promote.publish.common import Span, entry_key, read_card, spans
from smm_promote.publish.env import optional, require_setting, secret
from smm_promote.publish.http import keep_out_of_logs, scrub
from smm_promote.publish.settings import BlueskySettings

if TYPE_CHECKING:
    from atproto import Client, client_utils, models
    from atproto import exceptions as at

log = logging.getLogger("smm_promote.publish")

#: Blob limit for an external embed's thumbnail (and, conservatively, for images).
BLOB_BYTES = 1_000_000
POST = "app.bsky.feed.post"
_TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"


def record_key(entry: Entry, part: int = 0) -> str:
    """A TID for the entry's post: its due time in microseconds and a clock id from its key.

    The same entry (and thread part) always gets the same key, so a retried `createRecord`
    collides with the post already made instead of creating a second one.
    """
    micros = int(entry.due.timestamp() * 1_000_000) + part
    clock = int(hashlib.sha256(f"{entry_key(entry)}#{part}".encode()).hexdigest(), 16) % 1024
    value = (micros << 10) | clock
    chars = []
    for _ in range(13):
        chars.append(_TID_ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def rich_text(text: str, link: str | None = None) -> client_utils.TextBuilder:
    """`text` with its links and hashtags as facets (atproto computes the byte offsets).

    Captions show the post's link short ("blog.example.org/posts/tiny-sq…"); that display
    text gets a link facet to the full `link`, which is what makes it clickable.
    """
    from atproto import client_utils

    builder = client_utils.TextBuilder()
    at_ = 0
    for span in _with_display_link(spans(text), text, link):
        if span.start > at_:
            builder.text(text[at_ : span.start])
        piece = text[span.start : span.end]
        if span.kind == "link":
            builder.link(piece, span.value)
        else:
            builder.tag(piece, span.value)
        at_ = span.end
    if at_ < len(text):
        builder.text(text[at_:])
    return builder


def _with_display_link(found: list[Span], text: str, link: str | None) -> list[Span]:
    """`found` plus the shortened forms of `link` in `text` (outside full URLs)."""
    if not link:
        return found
    shown = display_link(link, width=len(link))
    host = shown.split("/", 1)[0]
    extra = []
    for match in regex.finditer(regex.escape(host) + r"[^\s]*", text):
        core = match.group(0).removesuffix("…").rstrip("/")
        inside = any(s.start <= match.start() < s.end for s in found)
        if core and shown.startswith(core) and not inside:
            extra.append(Span(match.start(), match.end(), "link", link))
    return sorted(found + extra, key=lambda s: s.start)


def fit_blob(data: bytes, limit: int = BLOB_BYTES) -> bytes:
    """The image as is when small enough, else re-encoded as JPEG (smaller each try) to fit."""
    if len(data) <= limit:
        return data
    image = Image.open(io.BytesIO(data)).convert("RGB")
    for scale, quality in ((1.0, 85), (1.0, 70), (0.75, 70), (0.5, 65), (0.35, 60)):
        size = (max(1, int(image.width * scale)), max(1, int(image.height * scale)))
        buffer = io.BytesIO()
        image.resize(size, Image.Resampling.LANCZOS).save(buffer, "JPEG", quality=quality)
        if buffer.tell() <= limit:
            return buffer.getvalue()
    raise PermanentError(f"bluesky: the card cannot be made smaller than {limit} bytes")


class BlueskyPublisher:
    name = "bluesky"

    def __init__(
        self,
        client: Client,
        handle: str,
        password: str,
        settings: BlueskySettings | None = None,
    ) -> None:
        self.client = client
        self.handle = handle
        self._password = password
        keep_out_of_logs(password)
        self.settings = settings or BlueskySettings()
        self._did: str | None = None

    @classmethod
    def from_config(cls, config: Config, *, session: Any = None) -> BlueskyPublisher:
        settings = config.publish.bluesky
        handle = optional("SMM_BLUESKY_HANDLE") or settings.handle
        require_setting(handle, "bluesky", "handle", '"me.bsky.social"')
        password = secret("SMM_BLUESKY_APP_PASSWORD", "bluesky")
        from atproto import Client
        from atproto_client.request import Request

        if isinstance(session, Client):
            client = session
        else:
            client = Client(f"{settings.pds}/xrpc", request=Request(timeout=settings.timeout))
        return cls(client, handle, password, settings)

    def _login(self) -> None:
        """Log in once; later calls reuse the session (atproto refreshes its tokens)."""
        if self._did is None:
            self._call(self.client.login, self.handle, self._password, fetch_bsky_profile=False)
            self._did = self._call(self.client.com.atproto.server.get_session).did

    @property
    def did(self) -> str:
        self._login()
        assert self._did is not None
        return self._did

    # -- publishing ---------------------------------------------------------------------

    def publish(self, entry: Entry) -> PublishResult:
        from atproto import models

        root = parent = self._ensure(entry, entry.text, lambda: self._embed(entry), None, 0)
        replies: list[str] = []
        for number, part in enumerate(entry.parts, start=1):
            reply = models.AppBskyFeedPost.ReplyRef(root=root, parent=parent)
            parent = self._ensure(entry, part, lambda: None, reply, number)
            replies.append(parent.uri)
        log.info("bluesky: entry %s is %s", entry.id, root.uri)
        return PublishResult(root.uri, self._url(root.uri), tuple(replies))

    def _ensure(
        self,
        entry: Entry,
        text: str,
        embed: Callable[[], Any],
        reply: Any,
        part: int,
    ) -> models.ComAtprotoRepoStrongRef.Main:
        """The post for this entry and thread part: the one already there, or a new one.

        Its record key is derived from the entry, so a retry finds what an earlier try made
        (also a thread whose later parts failed) and creates only what is missing.
        """
        from atproto import models

        rkey = record_key(entry, part)
        made = self._record(rkey)
        if made is not None:
            log.info("bluesky: entry %s part %s was already posted", entry.id, part)
            return models.ComAtprotoRepoStrongRef.Main(uri=made.uri, cid=made.cid)
        builder = rich_text(text, entry.link)
        record = models.AppBskyFeedPost.Record(
            created_at=self.client.get_current_time_iso(),
            text=builder.build_text(),
            facets=builder.build_facets() or None,
            embed=embed(),
            reply=reply,
            langs=[entry.lang] if entry.lang else None,
        )
        try:
            made = self._call(self.client.app.bsky.feed.post.create, self.did, record, rkey=rkey)
        except (PermanentError, TransientError):
            # The PDS answers 500 when the key is taken: a concurrent or lost earlier try.
            made = self._record(rkey)
            if made is None:
                raise
        return models.ComAtprotoRepoStrongRef.Main(uri=made.uri, cid=made.cid)

    def _embed(self, entry: Entry) -> Any:
        from atproto import models

        card = read_card(entry, self.name)
        blob = None
        if card is not None:
            blob = self._call(self.client.upload_blob, fit_blob(card[0])).blob
        if self.settings.embed == "image" and blob is not None:
            width, height = Image.open(io.BytesIO(card[0])).size
            image = models.AppBskyEmbedImages.Image(
                image=blob,
                alt=entry.alt or entry.title,
                aspect_ratio=models.AppBskyEmbedDefs.AspectRatio(width=width, height=height),
            )
            return models.AppBskyEmbedImages.Main(images=[image])
        if not entry.link:
            return None
        external = models.AppBskyEmbedExternal.External(
            uri=entry.link,
            title=entry.title or entry.link,
            description=entry.description or "",
            thumb=blob,
        )
        return models.AppBskyEmbedExternal.Main(external=external)

    def _record(self, rkey: str) -> Any:
        """Our post with this record key, or None (the PDS answers RecordNotFound)."""
        try:
            return self._call(self.client.app.bsky.feed.post.get, self.did, rkey)
        except PermanentError:
            return None

    def _existing(self, rkey: str) -> PublishResult | None:
        found = self._record(rkey)
        return PublishResult(found.uri, self._url(found.uri)) if found else None

    def _url(self, uri: str) -> str:
        return f"https://bsky.app/profile/{self.handle}/post/{uri.rsplit('/', 1)[-1]}"

    # -- check and reconcile ------------------------------------------------------------

    def check(self) -> AccountStatus:
        try:
            self._login()
        except PublishError as exc:
            return AccountStatus(self.name, False, str(exc))
        return AccountStatus(self.name, True, f"logged in as {self.handle} ({self.did})")

    def find_recent(self, entry: Entry) -> PublishResult | None:
        self._login()
        return self._existing(record_key(entry))

    # -- errors -------------------------------------------------------------------------

    def _call(self, method: Any, *args: Any, **kwargs: Any) -> Any:
        from atproto import exceptions as at

        try:
            return method(*args, **kwargs)
        except at.AtProtocolError as exc:
            raise scrub(_error_for(exc), (self._password,)) from None


def _error_for(exc: at.AtProtocolError) -> PublishError:
    """atproto's exceptions as publish errors."""
    from atproto import exceptions as at

    said = str(exc)[:200] or type(exc).__name__
    if isinstance(exc, at.RateLimitExceededError):
        when = exc.reset_at
        later = f" (retry after {when:%Y-%m-%d %H:%M:%S} UTC)" if when else ""
        return RateLimited(f"bluesky: rate limited{later}", retry_at=when)
    if isinstance(exc, at.InvokeTimeoutError):
        return TransientError("bluesky: no answer from the PDS in time")
    if isinstance(exc, at.NetworkError):
        return TransientError(f"bluesky: network trouble: {said}")
    if isinstance(exc, at.UnauthorizedError | at.LoginRequiredError):
        return AuthError(f"bluesky: not accepted: {said}")
    if isinstance(exc, at.RequestErrorBase) and exc.response is not None:
        status = exc.response.status_code
        if status in (401, 403):
            return AuthError(f"bluesky: not accepted: {said}")
        if status >= 500:
            return TransientError(f"bluesky: server error: {said}")
        return PermanentError(f"bluesky: refused: {said}")
    if isinstance(exc, at.ModelError):
        return TransientError(f"bluesky: malformed response: {said}")
    return TransientError(f"bluesky: {said}")
