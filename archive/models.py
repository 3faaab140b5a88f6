"""The archive's tables as SQLAlchemy 2.0 declarative models.

One ``story`` row per canonical URL holds the current state; ``story_version`` keeps each distinct
content the story has had. Authors and tags are shared rows, linked in page order.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

# Explicit constraint names keep Alembic migrations deterministic and let SQLite batch mode
# find constraints again when it rebuilds a table.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Long enough for real-world article URLs, short enough for a b-tree unique index.
URL_LENGTH = 2048


class UTCDateTime(TypeDecorator[datetime]):
    """``DateTime(timezone=True)`` that always stores UTC and always returns aware UTC datetimes.

    PostgreSQL keeps the offset but answers in the session time zone; SQLite drops tzinfo
    altogether. Naive datetimes are refused: guessing their zone would silently shift stories.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected a datetime, got {type(value).__name__}: {value!r}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value.isoformat()}: give it a time zone")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            # SQLite stores text without an offset; UTC wall time keeps ordering and comparisons.
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    # UTCDateTime renders as DateTime(timezone=True) in DDL; it only adds the UTC round trip.
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
    }


class Site(Base):
    """A news site, identified by its host."""

    __tablename__ = "site"

    id: Mapped[int] = mapped_column(primary_key=True)
    host: Mapped[str] = mapped_column(String(255), unique=True)


class Story(Base):
    """One story, identified by its canonical URL, with its current content."""

    __tablename__ = "story"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(URL_LENGTH), unique=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str | None] = mapped_column(String(35))
    section: Mapped[str | None] = mapped_column(String(255))
    image_url: Mapped[str | None] = mapped_column(String(URL_LENGTH))
    published_at: Mapped[datetime | None] = mapped_column(index=True)
    modified_at: Mapped[datetime | None]
    # The news agency the byline credits ("Reuters"); added by migration 0006.
    agency: Mapped[str | None] = mapped_column(String(255))
    first_seen_at: Mapped[datetime] = mapped_column(index=True)
    last_seen_at: Mapped[datetime]
    last_crawled_at: Mapped[datetime]
    content_hash: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer, default=1)

    site: Mapped[Site] = relationship(lazy="joined", innerjoin=True)
    author_links: Mapped[list[StoryAuthor]] = relationship(
        order_by="StoryAuthor.position", cascade="all, delete-orphan", passive_deletes=True
    )
    tag_links: Mapped[list[StoryTag]] = relationship(
        order_by="StoryTag.position", cascade="all, delete-orphan", passive_deletes=True
    )
    aliases: Mapped[list[StoryAlias]] = relationship(
        order_by="StoryAlias.url", cascade="all, delete-orphan", passive_deletes=True
    )
    versions: Mapped[list[StoryVersion]] = relationship(
        order_by="StoryVersion.number", cascade="all, delete-orphan", passive_deletes=True
    )
    provenance: Mapped[list[FieldProvenance]] = relationship(
        order_by="FieldProvenance.field", cascade="all, delete-orphan", passive_deletes=True
    )


class StoryVersion(Base):
    """A story's content as it was from one crawl on, kept whenever the content changed."""

    __tablename__ = "story_version"
    __table_args__ = (UniqueConstraint("story_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("story.id", ondelete="CASCADE"))
    number: Mapped[int]
    crawl_id: Mapped[int | None] = mapped_column(
        ForeignKey("crawl.id", ondelete="SET NULL"), index=True
    )
    crawled_at: Mapped[datetime]
    content_hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str | None] = mapped_column(String(35))
    section: Mapped[str | None] = mapped_column(String(255))
    image_url: Mapped[str | None] = mapped_column(String(URL_LENGTH))
    published_at: Mapped[datetime | None]
    modified_at: Mapped[datetime | None]
    agency: Mapped[str | None] = mapped_column(String(255))
    # Lists as they were: the shared author/tag rows only describe the current version.
    authors: Mapped[list[str]] = mapped_column(JSON, default=list)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    # What changed since the previous version: words of title, body, authors, tags and section
    # added and removed, and a line such as "title, body: +12 -3 words". NULL for versions
    # stored before summaries existed (migration 0003) and 0 words for first versions.
    words_added: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    words_removed: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    summary: Mapped[str | None] = mapped_column(String(255))
    # The words are the same and only punctuation or letter case changed. Such a change is
    # still a version (the archive keeps exactly what was published) but history and diff
    # can hide it.
    trivial: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Added by migration 0009 (issue 13). Which extractor made this content: the extraction
    # package's EXTRACTOR_VERSION (compared by `--extractor-below`) and the project's release;
    # NULL for versions stored before stamps. "crawl" (a page fetched by a crawl or an import)
    # or "reextract" (the same stored response read again by a newer extractor: not an edit).
    extractor_version: Mapped[int | None]
    software_version: Mapped[str | None] = mapped_column(String(32))
    origin: Mapped[str] = mapped_column(String(16), default="crawl", server_default="crawl")
    # The WARC response record this content was extracted from: file name (found in the
    # WARC folder), offset of the record's gzip member, and its WARC-Record-ID.
    warc_file: Mapped[str | None] = mapped_column(String(255))
    warc_offset: Mapped[int | None] = mapped_column(BigInteger)
    warc_record_id: Mapped[str | None] = mapped_column(String(64))


class ReextractRun(Base):
    """Where an `archive reextract` run has got to, so an interrupted one resumes there.

    ``key`` names the run's selection and extractor; stories are visited in id order. Added by
    migration 0009.
    """

    __tablename__ = "reextract_run"

    key: Mapped[str] = mapped_column(String(512), primary_key=True)
    last_story_id: Mapped[int] = mapped_column(default=0)
    checked: Mapped[int] = mapped_column(default=0)
    changed: Mapped[int] = mapped_column(default=0)
    started_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Author(Base):
    """A person named in bylines; one row per name across all stories."""

    __tablename__ = "author"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)


class Tag(Base):
    """A tag; ``key`` (case-folded) is its identity, ``name`` the first spelling seen."""

    __tablename__ = "tag"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(255), unique=True)
    name: Mapped[str] = mapped_column(String(255))


class _StoryLink:
    """A story's link to a shared row (an author, a tag), at its position on the page.

    ``linked`` names the shared table; each row of it is linked to a story at most once.
    """

    linked: ClassVar[str]

    @declared_attr.directive
    def __table_args__(cls) -> tuple[UniqueConstraint]:
        return (UniqueConstraint("story_id", f"{cls.linked}_id"),)

    story_id: Mapped[int] = mapped_column(
        ForeignKey("story.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(primary_key=True)


class StoryAuthor(_StoryLink, Base):
    __tablename__ = "story_author"
    linked = "author"
    author_id: Mapped[int] = mapped_column(ForeignKey("author.id"), index=True)

    author: Mapped[Author] = relationship(lazy="joined", innerjoin=True)


class StoryTag(_StoryLink, Base):
    __tablename__ = "story_tag"
    linked = "tag"
    tag_id: Mapped[int] = mapped_column(ForeignKey("tag.id"), index=True)

    tag: Mapped[Tag] = relationship(lazy="joined", innerjoin=True)


class StoryAlias(Base):
    """Another address of a story (the fetched URL, an AMP page, an old slug)."""

    __tablename__ = "story_alias"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(URL_LENGTH), unique=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("story.id", ondelete="CASCADE"), index=True)


class FieldProvenance(Base):
    """Where the current value of one field came from (``jsonld``, ``og``, ``byline``, ...)."""

    __tablename__ = "field_provenance"
    __table_args__ = (UniqueConstraint("story_id", "field"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("story.id", ondelete="CASCADE"))
    field: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(64))


class Crawl(Base):
    """One run of a spider, with the figures it finished with."""

    __tablename__ = "crawl"

    id: Mapped[int] = mapped_column(primary_key=True)
    spider: Mapped[str] = mapped_column(String(100))
    start_url: Mapped[str | None] = mapped_column(String(URL_LENGTH))
    started_at: Mapped[datetime] = mapped_column(index=True)
    finished_at: Mapped[datetime | None]
    # Scrapy's close reason ("finished", "shutdown", ...); "running" until finish_crawl.
    status: Mapped[str] = mapped_column(String(64), default="running")
    pages: Mapped[int] = mapped_column(default=0)
    stories_new: Mapped[int] = mapped_column(default=0)
    stories_updated: Mapped[int] = mapped_column(default=0)
    stories_unchanged: Mapped[int] = mapped_column(default=0)
    errors: Mapped[int] = mapped_column(default=0)
    stats: Mapped[dict[str, Any]] = mapped_column(default=dict)


class CrawlError(Base):
    """A page that could not be parsed, or a write that failed, during a crawl."""

    __tablename__ = "crawl_error"

    id: Mapped[int] = mapped_column(primary_key=True)
    crawl_id: Mapped[int] = mapped_column(ForeignKey("crawl.id", ondelete="CASCADE"), index=True)
    url: Mapped[str | None] = mapped_column(String(URL_LENGTH))
    reason: Mapped[str] = mapped_column(String(255))
    detail: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime]


class Sighting(Base):
    """A story seen by a crawl: one row per (story, crawl), the first time that crawl saw it.

    ``listing_url`` and ``listing_position`` say on which listing page (section front, tag
    page) and at which position the crawl found the story's link. The crawler does not pass
    them yet, so they are NULL for now.
    """

    __tablename__ = "sighting"

    story_id: Mapped[int] = mapped_column(
        ForeignKey("story.id", ondelete="CASCADE"), primary_key=True
    )
    crawl_id: Mapped[int] = mapped_column(
        ForeignKey("crawl.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    seen_at: Mapped[datetime]
    listing_url: Mapped[str | None] = mapped_column(String(URL_LENGTH))
    listing_position: Mapped[int | None]


class StorySignature(Base):
    """What near-duplicate detection knows of a story's body (see :mod:`archive.neardup`)."""

    __tablename__ = "story_signature"

    story_id: Mapped[int] = mapped_column(
        ForeignKey("story.id", ondelete="CASCADE"), primary_key=True
    )
    # SHA-256 of the normalised body: exact copies meet on this index.
    body_hash: Mapped[str] = mapped_column(String(64), index=True)
    # The MinHash values, little-endian uint32s; empty for bodies too short to compare.
    minhash: Mapped[bytes] = mapped_column(LargeBinary)


class StoryBand(Base):
    """One LSH band of a story's MinHash: stories sharing a band are near-duplicate candidates.

    A lookup is one index search per band, so it costs the same at 10 thousand stories as at
    a million.
    """

    __tablename__ = "story_band"

    band: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    hash: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    story_id: Mapped[int] = mapped_column(
        ForeignKey("story.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Cluster(Base):
    """Stories at different URLs that are one story (syndicated copies, republications)."""

    __tablename__ = "cluster"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The earliest published member.
    canonical_story_id: Mapped[int] = mapped_column(ForeignKey("story.id"), index=True)
    created_at: Mapped[datetime]


class ClusterMember(Base):
    __tablename__ = "cluster_member"

    story_id: Mapped[int] = mapped_column(
        ForeignKey("story.id", ondelete="CASCADE"), primary_key=True
    )
    cluster_id: Mapped[int] = mapped_column(
        ForeignKey("cluster.id", ondelete="CASCADE"), index=True
    )
    # Estimated Jaccard similarity of the bodies' shingles to the member it matched (1.0: exact).
    similarity: Mapped[float]
    detected_at: Mapped[datetime]


class StoryFetch(Base):
    """How to fetch a story again: validators and when it is next due (:mod:`archive.revisits`)."""

    __tablename__ = "story_fetch"

    story_id: Mapped[int] = mapped_column(
        ForeignKey("story.id", ondelete="CASCADE"), primary_key=True
    )
    # The response's ETag and Last-Modified headers, sent back as If-None-Match and
    # If-Modified-Since so an unchanged page costs a 304 and no body.
    etag: Mapped[str | None] = mapped_column(String(255))
    last_modified: Mapped[str | None] = mapped_column(String(64))
    fetched_at: Mapped[datetime]
    # NULL: never again (the story is older than the revisit schedule reaches).
    next_visit_at: Mapped[datetime | None] = mapped_column(index=True)
    visits: Mapped[int] = mapped_column(default=1)


class DateSignal(Base):
    """A date a feed or sitemap gave for a story: a candidate signal kept with its source.

    ``source`` is ``feed:published``, ``feed:updated``, ``sitemap:lastmod`` or
    ``sitemap:news_publication_date``; the latest value seen for each source is kept.
    """

    __tablename__ = "date_signal"

    story_id: Mapped[int] = mapped_column(
        ForeignKey("story.id", ondelete="CASCADE"), primary_key=True
    )
    source: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[datetime]


class CrawledPage(Base):
    """A page a crawl fetched and judged not to be a story, with its kind and why.

    ``kind`` is ``listing`` (home, section, tag, archive, search and author pages), ``static``
    (about, contact, privacy, terms...), ``copy`` (a print, AMP or text-only view, or another
    address of a story: also recorded as the story's alias) or ``other``. One row per page and
    crawl; added by migration 0007.
    """

    __tablename__ = "crawled_page"
    __table_args__ = (UniqueConstraint("crawl_id", "url"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    crawl_id: Mapped[int] = mapped_column(ForeignKey("crawl.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(URL_LENGTH), index=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    reason: Mapped[str] = mapped_column(String(255))
    seen_at: Mapped[datetime]
