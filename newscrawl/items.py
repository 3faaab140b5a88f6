"""The item the ``site`` spider yields and the pipelines pass on to the archive."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class Story:
    """One news story as extracted from one article page.

    Extracted fields:

    :ivar url: the canonical URL (``<link rel=canonical>`` or og:url when on the same site,
        else the fetched URL), canonicalised by the normalise pipeline.
    :ivar title: the headline, without a site suffix such as ``" | Site"``.
    :ivar body: plain text; paragraphs separated by one blank line; no boilerplate.
    :ivar authors: people, in byline order; agencies and "Staff" are not people.
    :ivar published_at: first publication, timezone-aware (UTC after normalisation).
    :ivar modified_at: last modification as the page states it, timezone-aware.
    :ivar tags: the page's tags, in page order, without duplicates.
    :ivar section: the section or category the site files the story under.
    :ivar language: a BCP 47 language tag such as ``en`` or ``pt-BR``.
    :ivar image_url: the lead image.
    :ivar description: the standfirst or meta description.
    :ivar provenance: for each extracted field, where its value came from
        (``jsonld``, ``microdata``, ``og``, ``meta``, ``time``, ``byline``, ``url``, ...).

    Crawl fields:

    :ivar site: the host the story was crawled from (``example.com``).
    :ivar fetched_url: the URL the page was fetched from; an alias when it is not ``url``.
    :ivar fetched_at: when the response arrived, UTC.
    :ivar aliases: other addresses of this story seen in this crawl.
    :ivar problems: reasons recorded while extracting (e.g. malformed JSON-LD).
    :ivar listing_url: the listing page (tag or section page) whose link led here, if any.
    :ivar listing_position: the link's position on it, from 1.
    :ivar etag: the response's ``ETag``, for a conditional revisit.
    :ivar last_modified: the response's ``Last-Modified``, for a conditional revisit.
    :ivar date_signals: dates a feed or sitemap gave for this address, as candidate signals
        (``{"value", "source", "zone_assumed"}``; sources ``feed:published``,
        ``sitemap:news_publication_date``, ...). Used when the page itself names no date.
    """

    url: str
    title: str | None = None
    body: str = ""
    authors: list[str] = field(default_factory=list)
    published_at: datetime | None = None
    modified_at: datetime | None = None
    tags: list[str] = field(default_factory=list)
    section: str | None = None
    language: str | None = None
    image_url: str | None = None
    description: str | None = None
    provenance: dict[str, str] = field(default_factory=dict)
    site: str = ""
    fetched_url: str = ""
    fetched_at: datetime | None = None
    aliases: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    date_signals: list[dict[str, Any]] = field(default_factory=list)
    etag: str | None = None
    last_modified: str | None = None
    listing_url: str | None = None
    listing_position: int | None = None


@dataclass
class StoryAlias:
    """Other addresses of a story, seen without storing the story from them again.

    :ivar story_url: the story's canonical URL.
    :ivar urls: the other addresses (an AMP or print view, a redirecting old URL, a copy).
    :ivar reason: why it is an alias: ``canonical`` (the page names another canonical URL),
        ``duplicate`` (a second page of this crawl gave the same canonical URL).
    """

    story_url: str
    urls: list[str]
    reason: str = "canonical"


@dataclass
class StoryUnchanged:
    """A revisited story that answered ``304 Not Modified``: seen again, nothing changed.

    :ivar url: the story's canonical URL.
    :ivar fetched_at: when the answer arrived, UTC.
    """

    url: str
    fetched_at: datetime


@dataclass
class StoriesListed:
    """Archived stories a listing page still lists, not fetched again (not due).

    :ivar listing_url: the listing page.
    :ivar stories: ``(canonical URL, position on the page or None)``.
    """

    listing_url: str
    stories: list[tuple[str, int | None]]


@dataclass
class StoryDates:
    """Dates a feed or sitemap gave for an address: candidate signals with their source.

    :ivar url: the address the feed or sitemap named.
    :ivar signals: ``(source, value)``, e.g. ``("sitemap:news_publication_date", datetime)``.
    """

    url: str
    signals: list[tuple[str, datetime]]
