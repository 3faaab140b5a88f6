"""What reading the archive gives back: one frozen record type per kind of answer.

:mod:`archive.query` and :mod:`archive.search` return these; :mod:`archive.render` and the
``archive`` command display them. Datetimes are aware UTC; lists are tuples, so a record is
immutable all the way down. :func:`archive.jsonvalue.json_safe` turns any of them into JSON.

The export record is the base of the richer ones: a listed story is one, a story's detail
adds everything ``archive show`` prints.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from typing import Any

from archive.keys import site_key

__all__ = [
    "EXPORT_KEYS",
    "ArchiveStats",
    "ClusterInfo",
    "ClusterMemberInfo",
    "CrawlErrorRecord",
    "CrawlSummary",
    "CrawledPageRecord",
    "ExportedStory",
    "ListedStory",
    "SearchHit",
    "SiteCount",
    "StoryDetail",
    "VersionContent",
    "VersionEntry",
    "VersionSource",
]


@dataclass(frozen=True, kw_only=True)
class ExportedStory:
    """One story as ``archive export`` writes it; its fields are :data:`EXPORT_KEYS`.

    :ivar id: the story's id in the archive (``archive show ID``, ``query.get_story``).
    :ivar site: the host of the site it was crawled from.
    :ivar agency: the news agency the story credits, when the page names one.
    :ivar versions: how many versions the archive holds (numbered 1 to ``versions``).
    :ivar cluster_id: the near-duplicate cluster the story belongs to, if any.
    :ivar extractor_version: the ``EXTRACTOR_VERSION`` that made the current version (None for
        versions stored before stamps); ``archive reextract --extractor-below`` selects on it.
    :ivar software_version: the newscrawl release that made it.
    """

    id: int
    url: str
    site: str
    title: str | None
    description: str | None
    body: str
    authors: tuple[str, ...]
    agency: str | None
    published_at: datetime | None
    modified_at: datetime | None
    tags: tuple[str, ...]
    section: str | None
    language: str | None
    image_url: str | None
    first_seen_at: datetime
    last_seen_at: datetime
    aliases: tuple[str, ...]
    versions: int
    cluster_id: int | None
    extractor_version: int | None = None
    software_version: str | None = None


#: The keys of an exported record, in column order: the fields of :class:`ExportedStory`.
EXPORT_KEYS: tuple[str, ...] = tuple(f.name for f in fields(ExportedStory))


@dataclass(frozen=True, kw_only=True)
class ListedStory(ExportedStory):
    """A story in a listing (``archive list``): the export record."""


@dataclass(frozen=True, kw_only=True)
class VersionSource:
    """Where a version's content came from (migration 0009; None where not recorded).

    :ivar origin: ``crawl`` (a page fetched by a crawl or an import) or ``reextract`` (a
        stored response read again by a newer extractor: not an edit by the site).
    :ivar extractor_version: the extraction package's ``EXTRACTOR_VERSION``.
    :ivar software_version: the newscrawl release that extracted it.
    :ivar warc_file, warc_offset, warc_record_id: the WARC response record it was read from.
    """

    origin: str = "crawl"
    extractor_version: int | None = None
    software_version: str | None = None
    warc_file: str | None = None
    warc_offset: int | None = None
    warc_record_id: str | None = None

    @classmethod
    def of(cls, version: Any) -> VersionSource:
        """From a ``story_version`` row (anything with its columns)."""
        return cls(**{f.name: getattr(version, f.name) for f in fields(cls)})

    def stamp(self) -> str:
        """``extractor 2 (newscrawl 0.1.0)``, or ``extractor not recorded``."""
        if self.extractor_version is None:
            return "extractor not recorded"
        release = f" (newscrawl {self.software_version})" if self.software_version else ""
        return f"extractor {self.extractor_version}{release}"

    def record(self) -> str | None:
        """``FILE @ OFFSET RECORD-ID``, or None without a WARC record."""
        if self.warc_file is None:
            return None
        return f"{self.warc_file} @ {self.warc_offset} {self.warc_record_id or ''}".rstrip()


@dataclass(frozen=True, kw_only=True)
class VersionEntry:
    """One line of a story's history.

    :ivar changed: the versioned fields that differ from the previous version (none for the
        first), in :data:`archive.record.VERSIONED_FIELDS` order.
    :ivar summary: ``"title, body: +12 -3 words"``; None for versions stored before
        summaries existed.
    :ivar trivial: only punctuation changed (see :mod:`archive.diff`).
    """

    number: int
    crawl_id: int | None
    crawled_at: datetime
    content_hash: str
    title: str | None
    changed: tuple[str, ...]
    summary: str | None
    words_added: int
    words_removed: int
    trivial: bool
    source: VersionSource = VersionSource()


@dataclass(frozen=True, kw_only=True)
class ClusterMemberInfo:
    """A story of a near-duplicate cluster, with the similarity it was detected at."""

    url: str
    similarity: float
    detected_at: datetime


@dataclass(frozen=True, kw_only=True)
class ClusterInfo:
    """A near-duplicate cluster: its canonical (earliest published) story and its members,
    earliest published first."""

    id: int
    canonical_url: str | None
    members: tuple[ClusterMemberInfo, ...]


@dataclass(frozen=True, kw_only=True)
class StoryDetail(ListedStory):
    """Everything ``archive show`` prints about one story.

    :ivar provenance: field -> where its current value came from (``jsonld``, ``og``...).
    :ivar history: the versions, oldest first.
    :ivar date_signals: source (``feed:published``, ``sitemap:lastmod``...) -> the date a feed
        or sitemap gave.
    """

    last_crawled_at: datetime
    provenance: Mapping[str, str]
    history: tuple[VersionEntry, ...]
    cluster: ClusterInfo | None
    date_signals: Mapping[str, datetime]


@dataclass(frozen=True, kw_only=True)
class VersionContent:
    """One version of a story as it was: ``number`` of ``of`` versions, crawled at
    ``crawled_at``, with every field a version keeps (:data:`archive.record.VERSIONED_FIELDS`)."""

    url: str
    number: int
    of: int
    crawled_at: datetime
    crawl_id: int | None
    title: str | None
    body: str
    authors: tuple[str, ...]
    tags: tuple[str, ...]
    section: str | None
    published_at: datetime | None
    modified_at: datetime | None
    agency: str | None
    language: str | None
    image_url: str | None
    description: str | None
    summary: str | None
    trivial: bool
    source: VersionSource = VersionSource()


@dataclass(frozen=True, kw_only=True)
class CrawlSummary:
    """A crawl's record: what it started from and the figures it finished with."""

    id: int
    spider: str
    start_url: str | None
    started_at: datetime
    finished_at: datetime | None
    status: str
    pages: int
    stories_new: int
    stories_updated: int
    stories_unchanged: int
    errors: int
    #: Archived stories the crawl saw (listed, linked or fetched): their ``last_seen_at`` is
    #: this crawl's; None for crawls recorded before it was counted, or still running.
    stories_seen: int | None = None

    @property
    def site(self) -> str:
        """The site the crawl's (first) start URL names, as stories name theirs."""
        return site_key(self.start_url) or "-"

    @property
    def duration(self) -> timedelta | None:
        """How long the crawl ran; None while it runs (or if it was killed)."""
        return None if self.finished_at is None else self.finished_at - self.started_at


@dataclass(frozen=True, kw_only=True)
class CrawlErrorRecord:
    """A problem a crawl recorded (a ``crawl_error`` row): a page that gave no story, or a
    stop, with its ``reason`` (``http-404``, ``dataloss``, ``too_large``...) and ``detail``."""

    id: int
    crawl_id: int
    at: datetime
    reason: str
    url: str | None
    detail: str | None


@dataclass(frozen=True, kw_only=True)
class SiteCount:
    """A site's stories and when it was last seen (None for a site without stories)."""

    site: str
    stories: int
    last_seen_at: datetime | None


@dataclass(frozen=True, kw_only=True)
class ArchiveStats:
    """Counts of everything, the span of the archive, the last crawl, stories per site (most
    first) and per UTC day (oldest first)."""

    stories: int
    versions: int
    sites: int
    authors: int
    tags: int
    crawls: int
    crawl_errors: int
    first_seen_at: datetime | None
    last_seen_at: datetime | None
    last_crawl: CrawlSummary | None
    per_site: tuple[SiteCount, ...]
    per_day: tuple[tuple[date, int], ...]
    #: Crawled pages judged not to be stories, by kind (each page's latest judgement), most
    #: first: ``(("listing", 40), ("static", 3), ...)``.
    pages_by_kind: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True, kw_only=True)
class CrawledPageRecord:
    """A crawled page judged not to be a story: its kind (``listing``, ``static``, ``copy``,
    ``other``), the reason of the judgement, and the crawl that judged it last."""

    url: str
    kind: str
    reason: str
    crawl_id: int
    seen_at: datetime


@dataclass(frozen=True, kw_only=True)
class SearchHit:
    """A story matching a search.

    :ivar score: higher is better; comparable within one search only.
    :ivar snippet: a passage of the body (or the title) with the matched words marked.
    """

    id: int
    url: str
    site: str
    title: str | None
    published_at: datetime | None
    score: float
    snippet: str
