"""Find the images a card shows (the post's own image, the logo, an avatar) as local files.

An image is looked for the way the site's generator publishes it: the file a door or reader
found (`Post.image_file`), a path relative to the post's source file (page bundles, Pelican's
`{attach}`/`{static}`/`{filename}`), or a site path or URL of the site's own address looked up
in the site's folders. Files a post names are used only from inside the site (its content
and static folders, the config's folder): a post cannot make a card read `/etc/shadow`.

Other URLs are fetched only when `[cards] fetch_images` is on, each at most once per run,
from public addresses only (checked after DNS resolution, and connected to the address that
was checked) unless `[cards] allow_private_hosts` is on. Every miss is one short warning
naming the post and the field; the card falls back to the template's colours.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urljoin, urlsplit

from smm_promote.errors import Problems
from smm_promote.model import Post

if TYPE_CHECKING:  # what a card's run needs loads with it, not with reading a post's image
    from smm_promote.config import Config
    from smm_promote.runcache import Watched

#: Largest image read or fetched, in bytes.
MAX_DOWNLOAD = 20_000_000
#: Seconds a whole fetch may take (connection, redirects and body together).
FETCH_DEADLINE = 30.0
MAX_REDIRECTS = 5
#: Folders of a site (or its root) that published files are found in.
_SITE_FOLDERS = ("", "static", "content", "docs", "public", "assets", "images")
#: Pelican's markers of a link to a file of the site (`INTRASITE_LINK_REGEX`'s defaults).
_INTRASITE = re.compile(r"^[{|](attach|static|filename)[|}]")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)


class FetchError(Exception):
    """A remote image could not be fetched; the message is one short reason."""


def post_image(image: str | None, where: str, link: str) -> tuple[str | None, str]:
    """A post's image as (public URL, local file) from its front matter or first `<img>`.

    A path relative to the source file that names a file beside it (a page bundle, a
    colocated asset, Pelican's `{attach}`) is published beside the post, so its URL is
    relative to the post's; the file is returned when it exists and is a regular file. Site
    paths (`/img/x.png`) and URLs are resolved against the post's URL; the file is found later.
    """
    if not image:
        return None, ""
    marked = _INTRASITE.match(image)
    path = image[marked.end() :] if marked else image
    if not _SCHEME.match(path) and not path.startswith("/"):
        beside = Path(where).parent / unquote(path.split("#")[0].split("?")[0])
        url = urljoin(link, path) if link else path
        return url, str(beside.resolve()) if beside.is_file() else ""
    if marked:  # `{static}/x.png`: a path from the content root, published at the same path
        path = path.lstrip("/")
        return (urljoin(link, "/" + path) if link else "/" + path), ""
    if _SCHEME.match(path) or not link:
        return path, ""
    return urljoin(link, path), ""


@dataclass(frozen=True)
class _Ref:
    """One image reference of a post: what it says, the field it came from, and whether it
    came from the post (and so may name only files inside the site)."""

    text: str
    field: str
    untrusted: bool = True
    #: What the post or config says, for warnings (`text` may be the file it was found as).
    shown: str = ""


class ImageResolver:
    """Turns image references into (local path, content digest), caching both per run."""

    def __init__(
        self, config: Config, cache_dir: Path, problems: Problems, watched: Watched | None = None
    ) -> None:
        from smm_promote.runcache import Watched

        self.config = config
        self.cache_dir = cache_dir
        self.problems = problems
        #: Every file looked at, found or not (a later run is the same while they are).
        self.watched = watched if watched is not None else Watched()
        self._digests: dict[tuple[str, int, int], str] = {}
        self._resolved: dict[tuple[str, str], Path | None] = {}
        self._fetched: dict[str, Path | str] = {}
        self._sites: dict[Path, tuple[Path, ...]] = {}
        self._roots: dict[str | None, tuple[Path, ...]] = {}

    def images_for(self, post: Post, sources: set[str]) -> dict[str, tuple[str, str]]:
        found: dict[str, tuple[str, str]] = {}
        for source in sorted(sources):
            ref = self._ref(source, post)
            if ref is None:
                continue
            path = self.resolve(ref, post)
            if path is None:
                continue
            digest = self.digest(path, post, ref)
            if digest:
                found[source] = (str(path), digest)
        return found

    def _ref(self, source: str, post: Post) -> _Ref | None:
        share = post.share or {}
        if source == "post":
            shared = share.get("image")
            field = "share.image" if shared else "image"
            said = (shared if isinstance(shared, str) else None) or post.image
            text = post.image_file or said
            return _Ref(text, field, shown=said or text) if text else None
        elif source == "logo":
            field, text = "cards.logo", self.config.cards.logo
            return _Ref(text, field, untrusted=False) if text else None
        elif source == "avatar":
            field, text = "author avatar", post.authors[0].avatar if post.authors else None
        else:
            return _Ref(source, "card template", untrusted=False)
        return _Ref(text, field, shown=text) if text and isinstance(text, str) else None

    def digest(self, path: Path, post: Post | None = None, ref: _Ref | None = None) -> str:
        """The first 16 hex digits of the file's SHA-256; '' (with a warning) when unreadable."""
        try:
            self.watched.see(path)
            stat = path.stat()
            key = (str(path), stat.st_size, stat.st_mtime_ns)
            if key not in self._digests:
                if stat.st_size > MAX_DOWNLOAD:
                    raise ValueError(f"larger than {MAX_DOWNLOAD:,} bytes")
                self._digests[key] = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        except (OSError, ValueError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self._warn(post, ref, f"{path} cannot be read ({reason})")
            return ""
        return self._digests[key]

    def _is_file(self, path: Path) -> bool:
        return self.watched.see(path) and path.is_file()

    def resolve(self, ref: _Ref | str, post: Post) -> Path | None:
        if isinstance(ref, str):
            ref = _Ref(ref, "image")
        cache_key = (ref.text, post.source)
        if cache_key not in self._resolved:
            self._resolved[cache_key] = self._resolve(ref, post)
        return self._resolved[cache_key]

    # Where a post's files may come from.

    def site_roots(self, post: Post) -> tuple[Path, ...]:
        """The folders a post's images may be read from: the config's folder, the configured
        content folders, and the site the post's source belongs to (its root and content)."""
        local = bool(post.source) and not _SCHEME.match(post.source or "")
        parent = str(Path(post.source).parent) if local and post.source else None
        found = self._roots.get(parent)
        if found is None:
            roots = [self.config.base_dir, *(self.config.path(c) for c in self.config.content)]
            if parent is not None:
                folder = Path(parent).resolve()
                if folder not in self._sites:
                    self._sites[folder] = _site_folders(folder)
                roots.extend(self._sites[folder])
            found = self._roots[parent] = tuple(dict.fromkeys(p.resolve() for p in roots))
        return found

    def _inside(self, path: Path, post: Post) -> bool:
        return any(path.is_relative_to(root) for root in self.site_roots(post))

    def _local(self, relative: str, post: Post) -> Path | None:
        """A site path (`img/x.png`, from the site's root) in the site's folders."""
        relative = unquote(relative).lstrip("/")
        if not relative:
            return None
        for root in self.site_roots(post):
            for folder in _SITE_FOLDERS:
                joined = root / folder / relative
                if not self.watched.see(joined):  # one stat where nothing is (most places)
                    continue
                candidate = joined.resolve()
                if candidate.is_relative_to(root) and self._is_file(candidate):
                    return candidate
        return None

    def _resolve(self, ref: _Ref, post: Post) -> Path | None:
        text = _INTRASITE.sub("", ref.text.strip())
        if text.startswith(("http://", "https://")):
            return self._resolve_url(text, ref, post)
        if _SCHEME.match(text) and not re.match(r"^[a-z]:[\\/]", text, re.I):
            self._warn(post, ref, f"{text!r} is not an http(s) URL or a file of the site")
            return None
        path = Path(text).expanduser()
        candidates = []
        if path.is_absolute():
            candidates.append(path)  # a file a door or reader found, or a path in the config
        elif post.source and not _SCHEME.match(post.source):
            candidates.append(Path(post.source).parent / path)  # beside the post
        candidates.append(self.config.base_dir / path)
        for candidate in candidates:
            resolved = candidate.resolve()
            if ref.untrusted and not self._inside(resolved, post):
                continue
            if self._is_file(resolved):
                return resolved
        if local := self._local(text, post):  # a site path: `/images/x.png`
            return local
        outside = [c for c in candidates if ref.untrusted and not self._inside(c.resolve(), post)]
        if outside and len(outside) == len(candidates):
            self._warn(
                post, ref, f"{ref.shown or ref.text!r} is outside the site's folders; not used"
            )
        else:
            self._warn(
                post, ref, f"{ref.shown or ref.text!r} not found; the card uses its fallback"
            )
        return None

    def _resolve_url(self, url: str, ref: _Ref, post: Post) -> Path | None:
        parts = urlsplit(url)
        site = urlsplit(self.config.site_url) if self.config.site_url else None
        own = {urlsplit(post.url).netloc} | ({site.netloc} if site else set())
        if parts.netloc in own:
            path = parts.path
            if site and parts.netloc == site.netloc and path.startswith(site.path.rstrip("/")):
                path = path[len(site.path.rstrip("/")) :]
            if local := self._local(path, post) or self._local(parts.path, post):
                return local
        if not self.config.cards.fetch_images:
            self._warn(post, ref, f"{url} not found locally (fetch_images is off)")
            return None
        return self._fetch(url, ref, post)

    def _fetch(self, url: str, ref: _Ref, post: Post) -> Path | None:
        """The image at `url`, fetched at most once per run and kept in the cache folder."""
        if url not in self._fetched:
            self._fetched[url] = self._download(url)
        got = self._fetched[url]
        if isinstance(got, str):
            self._warn(post, ref, f"{url} not fetched ({got}); the card uses its fallback")
            return None
        return got

    def _download(self, url: str) -> Path | str:
        suffix = Path(urlsplit(url).path).suffix.lower()[:6] or ".img"
        target = self.cache_dir / (hashlib.sha256(url.encode()).hexdigest()[:20] + suffix)
        if self._is_file(target):
            return target
        try:
            data = fetch(url, allow_private=self.config.cards.allow_private_hosts)
        except FetchError as exc:
            return str(exc)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        return target

    def _warn(self, post: Post | None, ref: _Ref | None, message: str) -> None:
        where = (post.source or post.url) if post else "cards"
        self.problems.add(where, f"{ref.field}: {message}" if ref else message)


def _site_folders(folder: Path) -> tuple[Path, ...]:
    """The root and content folder of the site `folder` belongs to (found the way reading
    posts finds it), or `folder` itself when it belongs to none."""
    from smm_promote.sites import find_site

    try:
        site = find_site(folder, Problems())
    except Exception:  # a broken generator config was reported when the posts were read
        return (folder,)
    return (site.root, site.content, folder)


# Fetching from public addresses only.


def check_host(host: str, port: int, *, allow_private: bool) -> str:
    """The address to connect to for `host`: its first address, after checking that every
    address it resolves to is public (unless `allow_private`); raises `FetchError`."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise FetchError(f"host {host} not found") from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses:
        raise FetchError(f"host {host} not found")
    if not allow_private:
        for address in addresses:
            if reason := private_reason(address):
                raise FetchError(
                    f"{host} is at {reason} address {address}; "
                    "[cards] allow_private_hosts = true allows it"
                )
    return addresses[0]


def private_reason(address: str) -> str | None:
    """Why `address` is not a public internet address ("loopback", "private"...), or None."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    for reason, test in (
        ("an unspecified", ip.is_unspecified),
        ("a loopback", ip.is_loopback),
        ("a link-local", ip.is_link_local),
        ("a private", ip.is_private),
        ("a multicast", ip.is_multicast),
        ("a reserved", ip.is_reserved),
    ):
        if test:
            return reason
    return None if ip.is_global else "a non-public"


def fetch(url: str, *, allow_private: bool = False, limit: int = MAX_DOWNLOAD) -> bytes:
    """GET `url` (following redirects, each hop checked), at most `limit` bytes within
    `FETCH_DEADLINE` seconds; raises `FetchError` with one short reason."""
    import certifi
    import urllib3

    deadline = time.monotonic() + FETCH_DEADLINE
    for _ in range(MAX_REDIRECTS + 1):
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise FetchError("not an http(s) URL")
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            raise FetchError("bad port") from None
        host = parts.hostname
        address = check_host(host, port, allow_private=allow_private)
        timeout = urllib3.Timeout(connect=min(10.0, _left(deadline)), read=10.0)
        pool: urllib3.HTTPConnectionPool
        if parts.scheme == "https":
            pool = urllib3.HTTPSConnectionPool(
                address, port, timeout=timeout, retries=False, ca_certs=certifi.where(),
                server_hostname=host, assert_hostname=host,
            )  # fmt: skip
        else:
            pool = urllib3.HTTPConnectionPool(address, port, timeout=timeout, retries=False)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        netloc = parts.netloc.rsplit("@", 1)[-1]
        headers = {"Host": netloc, "User-Agent": "smm-promote", "Accept": "image/*"}
        try:
            with pool:
                response = pool.urlopen(
                    "GET", target, headers=headers, redirect=False, preload_content=False
                )
                if response.status in {301, 302, 303, 307, 308}:
                    location = response.headers.get("Location")
                    response.release_conn()
                    if not location:
                        raise FetchError(f"HTTP {response.status} without a Location")
                    url = urljoin(url, location)
                    continue
                if response.status >= 400:
                    raise FetchError(f"HTTP {response.status}")
                return _read(response, limit, deadline)
        except urllib3.exceptions.HTTPError as exc:
            raise FetchError(_short(exc)) from None
        except OSError as exc:
            raise FetchError(exc.strerror or type(exc).__name__) from None
    raise FetchError("too many redirects")


def _read(response: object, limit: int, deadline: float) -> bytes:
    from smm_promote.netread import BodyError, read_body

    try:
        return read_body(response, limit=limit, deadline=deadline, seconds=FETCH_DEADLINE)
    except BodyError as exc:
        raise FetchError(str(exc)) from None


def _left(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError(f"took longer than {FETCH_DEADLINE:.0f} s")
    return left


def _short(exc: Exception) -> str:
    """One short reason for a urllib3 error (never its whole nested message)."""
    import urllib3

    errors = urllib3.exceptions
    if isinstance(exc, errors.NewConnectionError):  # before TimeoutError: it is one
        return "could not connect"
    if isinstance(exc, errors.TimeoutError):
        return "timed out"
    if isinstance(exc, errors.SSLError):
        return "TLS certificate or handshake failed"
    if isinstance(exc, errors.ProtocolError):
        return "connection broken"
    return type(exc).__name__
