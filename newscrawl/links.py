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
