"""Where a site's feeds and sitemaps are: the feed links a page declares, and the paths
where CMSes put them when nothing declares them.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin, urlsplit

from newscrawl.urls import absolute_url

#: Media types of ``<link rel="alternate">`` that name a feed. ``text/xml`` is left out: it
#: names sitemaps, oEmbed and other XML as often as feeds.
FEED_TYPES = frozenset(
    (
        "application/rss+xml",
        "application/atom+xml",
        "application/feed+json",
        "application/x-rss+xml",
    )
)

# WordPress titles its comment feeds "Site » Comments Feed" in the site's language.
_COMMENTS_RE = re.compile(r"comment|komment|comentar", re.IGNORECASE)

#: Where feeds are when no page declares one, to try in order: WordPress (``/feed/``),
#: common static names, Hugo (``/index.xml``), Blogger (``/feeds/posts/default``), Ghost and
#: others (``/rss/``).
COMMON_FEED_PATHS: tuple[str, ...] = (
    "/feed/",
    "/rss/",
    "/rss.xml",
    "/atom.xml",
    "/feed.xml",
    "/index.xml",
    "/feeds/posts/default",
)

#: Where sitemaps are when robots.txt names none: the protocol's usual name, Yoast and
#: Rank Math's index, and the two usual names of a Google News sitemap.
COMMON_SITEMAP_PATHS: tuple[str, ...] = (
    "/sitemap.xml",
    "/sitemap_index.xml",
    "/news-sitemap.xml",
    "/sitemap-news.xml",
)


def feed_links(tree: Any, base_url: str) -> list[str]:
    """The feeds an HTML page declares with ``<link rel="alternate" type="...">``, absolute
    (resolved on the page's ``<base href>`` and ``base_url``), in page order without repeats.

    ``tree`` is an lxml element or tree of the page (``response.selector.root`` in Scrapy).
    ``rel`` may hold several tokens (``"alternate home"``). Comment feeds are left out: their
    items are readers' comments, not stories.
    """
    if tree is None:
        return []
    declared = tree.xpath("//base/@href")
    base = (absolute_url(str(declared[0]), base_url) if declared else None) or base_url
    found: dict[str, None] = {}
    for link in tree.xpath("//link[@href]"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").split(";", 1)[0].strip().lower()
        if "alternate" not in rel or kind not in FEED_TYPES:
            continue
        url = absolute_url(link.get("href") or "", base)
        if url is None or _is_comment_feed(url, link.get("title") or ""):
            continue
        found.setdefault(url)
    return list(found)


def _is_comment_feed(url: str, title: str) -> bool:
    path = urlsplit(url).path.lower()
    return "/comments/" in path or _COMMENTS_RE.search(title) is not None


def common_urls(base_url: str, paths: tuple[str, ...]) -> list[str]:
    """``paths`` (:data:`COMMON_FEED_PATHS` or :data:`COMMON_SITEMAP_PATHS`) on the root of
    ``base_url``'s site."""
    parts = urlsplit(base_url)
    root = f"{parts.scheme}://{parts.netloc}/"
    return [urljoin(root, path) for path in paths]
