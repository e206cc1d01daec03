"""Never post a dead link: each due entry's link is fetched once per run before it is sent.

A 404 or 410 holds the entry (it stays planned, with the reason, and goes out once the page
answers, e.g. after the site is deployed); any other answer, and a network error, does not
block. HEAD first, GET when the server does not allow HEAD; redirects are followed. A link no
reader can open is held without asking: one to this machine or a private network (a
development `SITEURL` such as `//localhost:8000`), or to the `example.com` placeholder a site
gets when no `site_url` is known.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

import requests

from smm_promote import __version__
from smm_promote.sites.base import local_host

#: Answers that mean the page is not there.
DEAD = {404: "Not Found", 410: "Gone"}
#: Seconds for each request of a check.
TIMEOUT = 5.0


class LinkChecker:
    """Checks links, each URL once per run."""

    def __init__(
        self,
        session: requests.Session | None = None,
        timeout: float = TIMEOUT,
        *,
        local_ok: bool = False,
    ) -> None:
        self.session = session or requests.Session()
        self.local_ok = local_ok
        self.timeout = timeout
        self.headers = {"User-Agent": f"smm-promote/{__version__} (link check)"}
        self._seen: dict[str, str | None] = {}

    def dead(self, url: str) -> str | None:
        """Why `url` must not be posted yet, or None when it may (or cannot be checked)."""
        key = url.split("#", 1)[0]
        if key not in self._seen:
            self._seen[key] = self._check(key)
        return self._seen[key]

    def _check(self, url: str) -> str | None:
        if not url.startswith(("http://", "https://")):
            return None
        if reason := unreachable(url, local_ok=self.local_ok):
            return reason
        try:
            response = self._ask("HEAD", url)
            if response.status_code in (405, 501):  # HEAD not allowed: ask for the page
                response = self._ask("GET", url)
        except requests.RequestException:
            return None  # the network is not the page: never blocks
        if response.status_code in DEAD:
            status = response.status_code
            return f"the link {url} answers HTTP {status} {DEAD[status]}"
        return None

    def _ask(self, method: str, url: str) -> requests.Response:
        response = self.session.request(
            method, url, headers=self.headers, timeout=self.timeout, allow_redirects=True,
            stream=True,
        )  # fmt: skip
        response.close()  # the status is all a check needs
        return response


#: The host links get when no `site_url` is known at all (sources.fields).
PLACEHOLDER_HOST = "example.com"


def unreachable(url: str, *, local_ok: bool = False) -> str | None:
    """Why readers could not open `url` whatever its server says, or None. `local_ok` lets
    links to this machine and private networks through (an intranet site, a test server)."""
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    fix = "set `site_url` in smm-promote.toml to the site's public address"
    if host == PLACEHOLDER_HOST:
        return f"the link {url} is on the placeholder host {host}: {fix}"
    if local_ok or (local := local_host(url)) is None:
        return None
    try:
        ipaddress.ip_address(local)
    except ValueError:  # a name: localhost, *.local
        return f"the link {url} points at this machine ({local}): {fix}"
    return f"the link {url} points at a non-public address ({local}): {fix}"
