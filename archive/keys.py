"""The archive's identity keys: what makes two tags one tag, two bodies one content, and
what a user types one story address or one site.

Shared by the writer (which stores them) and the readers (which look rows up by them), so both
sides always agree.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from datetime import datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

from archive.timeutil import iso_z

_SPACES = re.compile(r"\s+")
_BLANK_LINES = re.compile(r"\n{3,}")

# Parameters that say where a reader came from, never which page they read. The crawl drops
# the same ones before it stores an address (newscrawl/urls.py, which may not import the
# archive; tests/archive/test_addresses.py checks that both agree).
TRACKING_PARAMETERS = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|mc_cid|mc_eid|_ga|_gl|igshid"
    r"|ocid|cmpid|ncid|sr_share|__twitter_impression|ref_src|ref_url|smid|sh)$",
    re.IGNORECASE,
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def squash(text: str | None) -> str:
    """Runs of whitespace as one space, trimmed; ``None`` as ``""``."""
    return _SPACES.sub(" ", text or "").strip()


def tag_key(name: str) -> str:
    """The case-insensitive identity of a tag: ``"Climate  Change"`` -> ``"climate change"``."""
    return squash(name).casefold()


def body_key(body: str) -> str:
    """A body with spacing normalised inside lines and runs of blank lines made one."""
    lines = (squash(line) for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def content_hash(
    *,
    title: str | None,
    body: str,
    authors: Sequence[str],
    tags: Sequence[str],
    section: str | None,
    published_at: datetime | None,
    modified_at: datetime | None,
) -> str:
    """SHA-256 of the normalised content that decides whether a story changed.

    Its arguments are :data:`archive.record.HASHED_FIELDS`. Whitespace and tag case do not
    count: re-extracting the same page must not make a version.
    """
    payload = {
        "title": squash(title),
        "body": body_key(body),
        "authors": [squash(name) for name in authors],
        "published_at": iso_z(published_at) if published_at else None,
        "modified_at": iso_z(modified_at) if modified_at else None,
        "tags": [tag_key(tag) for tag in tags],
        "section": squash(section),
    }
    encoded = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


# -- addresses as users type them ---------------------------------------------------------------


def site_key(text: str | None) -> str:
    """The host that names a site in the archive, from whatever names it: ``example.com``,
    ``www.Example.com``, ``example.com:8080`` or ``https://example.com/news/`` all give
    ``example.com`` (lower case, without ``www.`` and without the port, as crawls name sites).
    A comma-separated list of start URLs is named by its first."""
    first = (text or "").split(",")[0].strip()
    if "://" not in first:
        first = "//" + first
    try:
        host = urlsplit(first).hostname or ""
    except ValueError:  # a malformed IPv6 host: "[::1"
        return ""
    return host.lower().removeprefix("www.")


def canonical_address(url: str) -> str:
    """``url`` spelt as the crawl stores addresses: tracking parameters and fragment dropped,
    scheme and host in lower case, a default port dropped, the query sorted and escapes
    normalised (w3lib's ``canonicalize_url``). A missing scheme is taken as ``https``."""
    text = url.strip()
    if "://" not in text:
        text = "https://" + text.lstrip("/")
        if urlsplit(text).port == 80:  # example.com:80/a was an http address
            text = "http" + text.removeprefix("https")
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    if port and port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{port}"
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not TRACKING_PARAMETERS.match(key)
    ]
    rebuilt = urlunsplit((scheme, host, parts.path or "/", urlencode(query), ""))
    return canonicalize_url(rebuilt)


def address_candidates(url: str) -> list[str]:
    """The addresses a story typed as ``url`` may be archived under, most likely first: the
    canonical spelling, then with the other scheme, with or without ``www.`` and with or
    without a trailing slash (sites differ, and users remember neither)."""
    try:
        canonical = canonical_address(url)
    except ValueError:  # not an address at all (a bad port, a broken IPv6 host)
        return []
    parts = urlsplit(canonical)
    schemes = [parts.scheme, *({"http", "https"} - {parts.scheme})]
    host = parts.netloc
    hosts = [host]
    if re.search(r"[a-z]", parts.hostname or ""):  # a name, not an IP address
        hosts.append(host.removeprefix("www.") if host.startswith("www.") else "www." + host)
    path = parts.path
    if path.endswith("/") and path != "/":
        paths = [path, path.rstrip("/")]
    else:
        paths = [path, path + "/"] if path != "/" else [path]
    candidates: list[str] = []
    for scheme in schemes:
        for name in hosts:
            for each in paths:
                candidate = urlunsplit((scheme, name, each, parts.query, ""))
                if candidate not in candidates:
                    candidates.append(candidate)
    return candidates
