"""Addresses: links resolved to absolute http(s) URLs, and one canonical spelling per address
without tracking parameters."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

# Parameters that say where a reader came from, never which page they read.
_TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|mc_cid|mc_eid|_ga|_gl|igshid"
    r"|ocid|cmpid|ncid|sr_share|__twitter_impression|ref_src|ref_url|smid|sh)$",
    re.IGNORECASE,
)


# The same links stand on many pages of a site (menus, popular lists): caching saves ~25 us a
# link, several milliseconds a page.
@lru_cache(maxsize=65536)
def canonical_url(url: str) -> str:
    """``url`` canonicalised by w3lib (sorted query, no fragment, normalised escapes) with the
    tracking parameters removed, the host lower-cased and the default port dropped."""
    parts = urlsplit(url.strip())
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)
    ]
    host = (parts.hostname or "").lower()
    if parts.port and not (
        (parts.scheme == "http" and parts.port == 80)
        or (parts.scheme == "https" and parts.port == 443)
    ):
        host = f"{host}:{parts.port}"
    rebuilt = urlunsplit((parts.scheme.lower(), host, parts.path or "/", urlencode(query), ""))
    return canonicalize_url(rebuilt)


@lru_cache(maxsize=65536)
def resolve(base: str, href: str) -> str:
    """``urljoin(base, href)``, cached: each of a page's links is resolved by several readers
    of the page (its kind, its link texts, the links to follow) in turn."""
    return urljoin(base, href)


def absolute_url(href: str, base: str) -> str | None:
    """``href`` resolved on ``base`` when that gives an http(s) address, else None.

    An empty ``href`` gives None: in a feed, a sitemap or a JSON-LD value it means no link.
    """
    href = href.strip()
    if not href:
        return None
    try:
        resolved = resolve(base, href)
        parts = urlsplit(resolved)
    except ValueError:  # a malformed IPv6 host: "http://[::1/"
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return resolved
