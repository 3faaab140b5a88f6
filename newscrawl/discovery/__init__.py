"""Feeds and sitemaps read into candidate story URLs with their dates: pure functions, no
network, no Scrapy.

>>> feed = parse_feed(body, "https://example.com/feed/")
>>> feed.kind, feed.title, feed.problems          # "rss" | "rdf" | "atom" | "json" | "unknown"
>>> [(e.url, e.signals()) for e in feed.entries]  # DateSignal(value, "feed:published", ...)
>>> sitemap = parse_sitemap(body, "https://example.com/sitemap_index.xml")  # gzip or not
>>> sitemap.kind                                  # "urlset" | "index" | "unknown"
>>> sitemap.urls      # SitemapURL(url, lastmod, news_publication_date, news_title, ...)
>>> sitemap.sitemaps  # SitemapRef(url, lastmod) for an index
>>> sitemaps_from_robots(robots_txt, "https://example.com/robots.txt")
>>> feed_links(tree, "https://example.com/")      # <link rel="alternate" type="...rss+xml">
>>> common_urls("https://example.com/a/", COMMON_SITEMAP_PATHS)  # fallbacks to try

Bad input never raises: not XML, HTML served as a feed, a truncated file, an entity bomb (never
expanded), an empty body, a lying encoding declaration give an empty or partial result whose
``problems`` say why. Dates are timezone-aware; one that gives no zone is read as UTC, flagged
with ``zone_assumed`` on its :class:`DateSignal` and counted in ``problems``. Limits:
:data:`MAX_DOCUMENT_BYTES` uncompressed, :data:`MAX_SITEMAP_ENTRIES` per sitemap,
:data:`MAX_FEED_ENTRIES` per feed.
"""

from __future__ import annotations

from .autodiscover import COMMON_FEED_PATHS, COMMON_SITEMAP_PATHS, common_urls, feed_links
from .document import MAX_DOCUMENT_BYTES
from .feeds import MAX_FEED_ENTRIES, parse_feed
from .model import (
    FEED_PUBLISHED,
    FEED_UPDATED,
    SITEMAP_LASTMOD,
    SITEMAP_NEWS_PUBLICATION_DATE,
    DateSignal,
    Feed,
    FeedEntry,
    FeedKind,
    Sitemap,
    SitemapKind,
    SitemapRef,
    SitemapURL,
)
from .sitemaps import MAX_SITEMAP_ENTRIES, parse_sitemap, sitemaps_from_robots

__all__ = [
    "COMMON_FEED_PATHS",
    "COMMON_SITEMAP_PATHS",
    "FEED_PUBLISHED",
    "FEED_UPDATED",
    "MAX_DOCUMENT_BYTES",
    "MAX_FEED_ENTRIES",
    "MAX_SITEMAP_ENTRIES",
    "SITEMAP_LASTMOD",
    "SITEMAP_NEWS_PUBLICATION_DATE",
    "DateSignal",
    "Feed",
    "FeedEntry",
    "FeedKind",
    "Sitemap",
    "SitemapKind",
    "SitemapRef",
    "SitemapURL",
    "common_urls",
    "feed_links",
    "parse_feed",
    "parse_sitemap",
    "sitemaps_from_robots",
]
