"""Find the images a card shows (the post's own image, the logo, an avatar) as local files.

A URL under the site's own address is looked for in the site's folders first; other URLs
are downloaded once into the output's `.images` cache (when `[cards] fetch_images` allows).
A missing image is reported with the post and the card falls back to the template's colours.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import unquote, urlsplit

import requests

from smm_promote.config import Config
from smm_promote.errors import Problems
from smm_promote.model import Post

MAX_DOWNLOAD = 20_000_000
_SITE_FOLDERS = ("", "static", "content", "docs", "public", "assets", "images")


class ImageResolver:
    """Turns image references into (local path, content digest), caching both per run."""

    def __init__(self, config: Config, cache_dir: Path, problems: Problems) -> None:
        self.config = config
        self.cache_dir = cache_dir
        self.problems = problems
        self._digests: dict[tuple[str, int, int], str] = {}
        self._resolved: dict[tuple[str, str], Path | None] = {}

    def images_for(self, post: Post, sources: set[str]) -> dict[str, tuple[str, str]]:
        found: dict[str, tuple[str, str]] = {}
        share = post.share or {}
        for source in sorted(sources):
            if source == "post":
                ref = share.get("image") or post.image
            elif source == "logo":
                ref = self.config.cards.logo
            elif source == "avatar":
                ref = post.authors[0].avatar if post.authors else None
            else:
                ref = source
            if not ref or not isinstance(ref, str):
                continue
            path = self.resolve(ref, post)
            if path is not None:
                found[source] = (str(path), self.digest(path))
        return found

    def digest(self, path: Path) -> str:
        stat = path.stat()
        key = (str(path), stat.st_size, stat.st_mtime_ns)
        if key not in self._digests:
            self._digests[key] = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        return self._digests[key]

    def resolve(self, ref: str, post: Post) -> Path | None:
        cache_key = (ref, post.source)
        if cache_key not in self._resolved:
            self._resolved[cache_key] = self._resolve(ref, post)
        return self._resolved[cache_key]

    def _roots(self, post: Post) -> list[Path]:
        roots = []
        if post.source and not post.source.startswith(("http://", "https://")):
            source = Path(post.source).resolve()
            roots.extend(list(source.parents)[:4])
        roots.append(self.config.base_dir.resolve())
        return list(dict.fromkeys(roots))

    def _local(self, relative: str, post: Post) -> Path | None:
        relative = unquote(relative).lstrip("/")
        if not relative:
            return None
        for root in self._roots(post):
            for folder in _SITE_FOLDERS:
                candidate = (root / folder / relative).resolve()
                if candidate.is_file():
                    return candidate
        return None

    def _resolve(self, ref: str, post: Post) -> Path | None:
        where = post.source or post.url
        if ref.startswith(("http://", "https://")):
            site = self.config.site_url
            parts = urlsplit(ref)
            if site and ref.startswith(site):
                local = self._local(ref[len(site) :], post)
                if local:
                    return local
            if post.url and ref.startswith(post.url.rstrip("/") + "/"):
                local = self._local(ref[len(post.url.rstrip("/")) + 1 :], post)
                if local:
                    return local
            post_base = urlsplit(post.url)
            if parts.netloc == post_base.netloc:
                local = self._local(parts.path, post)
                if local:
                    return local
            if not self.config.cards.fetch_images:
                self.problems.add(where, f"image {ref} not found locally (fetch_images is off)")
                return None
            return self._download(ref, where)
        path = Path(ref).expanduser()
        if path.is_absolute():
            if path.is_file():
                return path
        else:
            local = self._local(ref, post)
            if local:
                return local
        self.problems.add(where, f"image {ref!r} not found; the card uses its fallback background")
        return None

    def _download(self, url: str, where: str) -> Path | None:
        suffix = Path(urlsplit(url).path).suffix.lower()[:6] or ".img"
        target = self.cache_dir / (hashlib.sha256(url.encode()).hexdigest()[:20] + suffix)
        if target.is_file():
            return target
        try:
            with requests.get(url, timeout=10, stream=True) as response:
                response.raise_for_status()
                data = bytearray()
                for chunk in response.iter_content(65536):
                    data += chunk
                    if len(data) > MAX_DOWNLOAD:
                        raise ValueError(f"larger than {MAX_DOWNLOAD:,} bytes")
        except (requests.RequestException, ValueError) as exc:
            self.problems.add(where, f"image {url} could not be downloaded ({exc}); "
                              "the card uses its fallback background")  # fmt: skip
            return None
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(bytes(data))
        return target
