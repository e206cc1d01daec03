"""Credentials inside URLs: found, so they can be kept out of every message and log.

A URL may carry a password (`https://user:pass@host/`) or a token in its query
(`?token=…`, `?api_key=…`, `?sig=…`). `url_secrets` lists those values, `redact_url` shows
the URL with each replaced by `***`.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

#: Query keys whose values are credentials.
SECRET_KEY = re.compile(
    r"(token|secret|passw(or)?d|pwd|pass|auth|key|sig(nature)?|credential|session|code)",
    re.IGNORECASE,
)
#: A value that looks generated (long, letters and digits mixed) is a credential whatever
#: its key is called.
OPAQUE = re.compile(r"^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9_\-.~+/=]{24,}$")


def url_secrets(url: str) -> list[str]:
    """The credential values in `url`, in order of appearance."""
    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:
        return []
    found = [password] if password else []
    for key, value in parse_qsl(parts.query, keep_blank_values=False):
        if len(value) >= 4 and (SECRET_KEY.search(key) or OPAQUE.match(value)):
            found.append(value)
    return list(dict.fromkeys(found))


def secret_kinds(url: str) -> list[str]:
    """What kinds of credential `url` holds ("userinfo" and the query keys)."""
    try:
        parts = urlsplit(url)
        kinds = ["userinfo"] if parts.password else []
    except ValueError:
        return []
    for key, value in parse_qsl(parts.query):
        if len(value) >= 4 and (SECRET_KEY.search(key) or OPAQUE.match(value)):
            kinds.append(key)
    return kinds


def redact_url(url: str) -> str:
    """`url` with every credential value replaced by `***`."""
    for value in url_secrets(url):
        url = url.replace(value, "***")
    return url
