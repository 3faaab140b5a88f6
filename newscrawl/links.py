"""Which links of a page the ``site`` spider follows.

The spider follows every link that stays on the start URL's site and may lead to an HTML page;
whether a page is an article or a listing is decided on the page itself once fetched. What is
left out here are links that never lead to stories: other sites, files, feeds (read by a later
stage), account and search pages, comment-reply and share links.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from posixpath import splitext
from urllib.parse import urlsplit

from scrapy.linkextractors import IGNORED_EXTENSIONS

from newscrawl.urls import absolute_url

_IGNORED_EXTENSIONS = frozenset("." + ext for ext in IGNORED_EXTENSIONS)

# Paths and queries that lead to no story on a typical news site or CMS.
_NOT_CONTENT = re.compile(
    r"""
    /(wp-admin|wp-login|wp-json|xmlrpc|cgi-bin)\b
    | /(login|logout|signin|sign-in|signup|sign-up|register|account|subscribe|cart|checkout)(/|$)
    | /(feed|rss|atom)(/|$)
    | /search(/|$)
    | [?&](s|q|replytocom|share|print|amp|output)=
    """,
    re.VERBOSE | re.IGNORECASE,
)


def site_host(url: str) -> str:
    """The host that names a site: lower-case, without ``www.`` and without the port."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def is_same_site(url: str, host: str) -> bool:
    """Whether ``url`` is on ``host`` or one of its subdomains (www.example.com on example.com)."""
    other = (urlsplit(url).hostname or "").lower()
    return other == host or other.endswith("." + host)


def page_links(hrefs: list[str], base_url: str, host: str) -> Iterator[str]:
    """The absolute URLs among ``hrefs`` (resolved on ``base_url``) worth following on ``host``."""
    seen: set[str] = set()
    for href in hrefs:
        # "#comments" is this page again, not a page to follow.
        if href.lstrip().startswith("#"):
            continue
        url = absolute_url(href, base_url)
        if url is None:
            continue
        url = url.split("#", 1)[0]
        if url in seen:
            continue
        seen.add(url)
        if not is_same_site(url, host):
            continue
        if splitext(urlsplit(url).path)[1].lower() in _IGNORED_EXTENSIONS:
            continue
        if _NOT_CONTENT.search(url):
            continue
        yield url


# URL rules against crawler traps: addresses no news site needs, which endless generated
# pages (relative links that nest a path again and again, ever longer queries) produce.
MAX_URL_LENGTH = 1024
MAX_PATH_SEGMENTS = 16
MAX_QUERY_PARAMS = 12
# A path segment seen this often in one path is a loop (``a/b/a/b/a/``), not a section.
MAX_SEGMENT_REPEATS = 2


def trap_reason(url: str) -> str | None:
    """Why ``url`` looks like a crawler trap (``long_url``, ``deep_path``,
    ``repeated_segment``, ``many_params``), or None when it does not.

    The rules read the address's shape only, never a site's words: no news page needs an
    address longer than :data:`MAX_URL_LENGTH`, a path of more than :data:`MAX_PATH_SEGMENTS`
    segments, one segment more than :data:`MAX_SEGMENT_REPEATS` times or a run of segments
    twice in a row, or more than :data:`MAX_QUERY_PARAMS` query parameters.
    """
    if len(url) > MAX_URL_LENGTH:
        return "long_url"
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) > MAX_PATH_SEGMENTS:
        return "deep_path"
    counts: dict[str, int] = {}
    for segment in segments:
        counts[segment] = counts.get(segment, 0) + 1
        if counts[segment] > MAX_SEGMENT_REPEATS:
            return "repeated_segment"
    if _has_repeated_run(segments):
        return "repeated_segment"
    if parts.query and len([p for p in parts.query.split("&") if p]) > MAX_QUERY_PARAMS:
        return "many_params"
    return None


def _has_repeated_run(segments: list[str]) -> bool:
    """Whether a run of two or more segments comes twice in a row (``/a/b/a/b``)."""
    n = len(segments)
    for size in range(2, n // 2 + 1):
        for start in range(n - 2 * size + 1):
            if segments[start : start + size] == segments[start + size : start + 2 * size]:
                return True
    return False


def url_family(url: str) -> str:
    """The address without its query: the pages that differ only by query are one family
    (``/calendar?month=1``, ``/calendar?month=2``, ...)."""
    parts = urlsplit(url)
    return f"{(parts.hostname or '').lower()}:{parts.port or ''}{parts.path or '/'}"
