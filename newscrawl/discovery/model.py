"""What reading a feed or a sitemap gives: candidate story URLs with their date signals."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

FeedKind = Literal["rss", "rdf", "atom", "json", "unknown"]
SitemapKind = Literal["urlset", "index", "unknown"]

#: Where a :class:`DateSignal` came from.
FEED_PUBLISHED = "feed:published"
FEED_UPDATED = "feed:updated"
SITEMAP_LASTMOD = "sitemap:lastmod"
SITEMAP_NEWS_PUBLICATION_DATE = "sitemap:news_publication_date"


@dataclass(frozen=True)
class DateSignal:
    """One date a feed or sitemap states for a URL, kept as a candidate with its provenance.

    :ivar value: timezone-aware.
    :ivar source: ``feed:published``, ``feed:updated``, ``sitemap:lastmod`` or
        ``sitemap:news_publication_date``.
    :ivar zone_assumed: the document gave no zone (or one not known) and UTC was assumed, so the
        value may be off by the site's offset.
    """

    value: datetime
    source: str
    zone_assumed: bool = False


def _signals(assumed: frozenset[str], *dates: tuple[datetime | None, str]) -> list[DateSignal]:
    """The ``(value, source)`` dates that have a value, as signals, in the order given."""
    return [
        DateSignal(value, source, source in assumed) for value, source in dates if value is not None
    ]


@dataclass
class FeedEntry:
    """One item of a feed.

    :ivar url: the story's address, absolute (resolved on ``xml:base`` and the feed URL).
    :ivar guid: the entry's identifier as written (RSS ``guid``, Atom ``id``, JSON Feed ``id``).
    :ivar summary: plain text of the description or summary (HTML markup removed).
    :ivar zone_assumed: the dates' sources whose zone was assumed (see :class:`DateSignal`).
    """

    url: str
    title: str | None = None
    published_at: datetime | None = None
    updated_at: datetime | None = None
    authors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    summary: str | None = None
    guid: str | None = None
    zone_assumed: frozenset[str] = frozenset()

    def signals(self) -> list[DateSignal]:
        """The entry's dates as candidate signals: published first, then updated."""
        return _signals(
            self.zone_assumed, (self.published_at, FEED_PUBLISHED), (self.updated_at, FEED_UPDATED)
        )


@dataclass
class Feed:
    """A feed as read by :func:`~newscrawl.discovery.parse_feed`.

    :ivar kind: ``rss`` (0.9x and 2.0), ``rdf`` (RSS 1.0), ``atom``, ``json`` (JSON Feed) or
        ``unknown`` when the document is no feed.
    :ivar link: the site's address as the feed states it.
    :ivar problems: why the feed is empty or partial, and what was read on an assumption.
    """

    url: str
    kind: FeedKind = "unknown"
    title: str | None = None
    link: str | None = None
    entries: list[FeedEntry] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass
class SitemapURL:
    """One ``<url>`` of a urlset, with the Google News extension fields when present.

    :ivar news_keywords: the comma-separated ``news:keywords``, split and stripped.
    """

    url: str
    lastmod: datetime | None = None
    news_publication_date: datetime | None = None
    news_title: str | None = None
    news_publication_name: str | None = None
    news_language: str | None = None
    news_keywords: list[str] = field(default_factory=list)
    zone_assumed: frozenset[str] = frozenset()

    def signals(self) -> list[DateSignal]:
        """The URL's dates as candidate signals: news publication date first, then lastmod."""
        return _signals(
            self.zone_assumed,
            (self.news_publication_date, SITEMAP_NEWS_PUBLICATION_DATE),
            (self.lastmod, SITEMAP_LASTMOD),
        )


@dataclass
class SitemapRef:
    """One child sitemap of a sitemap index; ``lastmod`` says when that sitemap last changed."""

    url: str
    lastmod: datetime | None = None


@dataclass
class Sitemap:
    """A sitemap as read by :func:`~newscrawl.discovery.parse_sitemap`.

    :ivar kind: ``urlset``, ``index`` (a sitemap index) or ``unknown`` when it is neither.
    :ivar urls: the pages of a urlset.
    :ivar sitemaps: the child sitemaps of an index.
    :ivar problems: why the sitemap is empty or partial, and what was read on an assumption.
    """

    url: str
    kind: SitemapKind = "unknown"
    urls: list[SitemapURL] = field(default_factory=list)
    sitemaps: list[SitemapRef] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
