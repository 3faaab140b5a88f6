"""Reading the archive: statistics, filtered listings, one story's history, streaming export.

Every function takes a :class:`~sqlalchemy.orm.Session`. Records are plain dicts whose datetimes
are aware UTC ``datetime`` objects; rendering them is the caller's business.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from archive.filters import apply_filters
from archive.models import (
    Author,
    Crawl,
    CrawlError,
    Site,
    Story,
    StoryAlias,
    StoryAuthor,
    StoryTag,
    StoryVersion,
    Tag,
)

__all__ = [
    "EXPORT_KEYS",
    "archive_stats",
    "get_story",
    "iter_export",
    "list_stories",
    "story_record",
]

# Select is generic over its row type differently in SQLAlchemy 2.0 and 2.1.
SelectT = TypeVar("SelectT", bound=Select[Any])

#: The keys of an exported record, in column order.
EXPORT_KEYS = (
    "url",
    "title",
    "body",
    "authors",
    "published_at",
    "modified_at",
    "tags",
    "section",
    "language",
    "first_seen_at",
    "last_seen_at",
    "aliases",
    "versions",
)

# Fields compared between versions to say what a new version changed.
VERSIONED_FIELDS = (
    "title",
    "body",
    "authors",
    "tags",
    "published_at",
    "modified_at",
    "section",
    "description",
    "image_url",
    "language",
)


# -- statistics -------------------------------------------------------------------------------


def archive_stats(session: Session) -> dict[str, Any]:
    """Counts of everything, the span of the archive, the last crawl and stories per site."""

    def count(model: type[Any]) -> int:
        return session.scalar(select(func.count()).select_from(model)) or 0

    first_seen, last_seen = session.execute(
        select(func.min(Story.first_seen_at), func.max(Story.last_seen_at))
    ).one()
    return {
        "stories": count(Story),
        "versions": count(StoryVersion),
        "sites": count(Site),
        "authors": count(Author),
        "tags": count(Tag),
        "crawls": count(Crawl),
        "crawl_errors": count(CrawlError),
        "first_seen_at": first_seen,
        "last_seen_at": last_seen,
        "last_crawl": _last_crawl(session),
        "per_site": _per_site(session),
    }


def _last_crawl(session: Session) -> dict[str, Any] | None:
    crawl = session.scalar(select(Crawl).order_by(Crawl.started_at.desc(), Crawl.id.desc()))
    if crawl is None:
        return None
    return {
        "id": crawl.id,
        "spider": crawl.spider,
        "start_url": crawl.start_url,
        "started_at": crawl.started_at,
        "finished_at": crawl.finished_at,
        "status": crawl.status,
        "pages": crawl.pages,
        "stories_new": crawl.stories_new,
        "stories_updated": crawl.stories_updated,
        "stories_unchanged": crawl.stories_unchanged,
        "errors": crawl.errors,
    }


def _per_site(session: Session) -> list[dict[str, Any]]:
    stories = func.count(Story.id).label("stories")
    rows = session.execute(
        select(Site.host, stories, func.max(Story.last_seen_at))
        .outerjoin(Story, Story.site_id == Site.id)
        .group_by(Site.id, Site.host)
        .order_by(stories.desc(), Site.host)
    )
    return [
        {"site": host, "stories": count, "last_seen_at": last_seen}
        for host, count, last_seen in rows
    ]


# -- listing and export -----------------------------------------------------------------------


def list_stories(
    session: Session,
    *,
    site: str | None = None,
    tag: str | None = None,
    author: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Stories newest first: by ``published_at`` (undated ones last), then ``first_seen_at``.

    Records have the export keys plus ``id`` and ``site``. ``site`` is a host, ``tag`` matches
    case-insensitively, and ``since`` (inclusive) / ``until`` (exclusive) bound the publication
    time, or the first sighting for stories without one.
    """
    statement = apply_filters(
        select(Story), site=site, tag=tag, author=author, since=since, until=until
    )
    statement = statement.order_by(
        Story.published_at.desc().nulls_last(), Story.first_seen_at.desc(), Story.id.desc()
    )
    statement = statement.offset(offset).limit(limit)
    stories = list(session.scalars(statement))
    related = _Related.load(session, [story.id for story in stories])
    return [_listing_record(story, related) for story in stories]


def iter_export(
    session: Session,
    *,
    site: str | None = None,
    tag: str | None = None,
    author: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    batch_size: int = 500,
) -> Iterator[dict[str, Any]]:
    """Stream export records (exactly :data:`EXPORT_KEYS`) in archive order, oldest entry first.

    Rows arrive ``batch_size`` at a time (a server-side cursor on PostgreSQL), and authors,
    tags and aliases are loaded per batch, so memory stays flat however large the archive.
    """
    statement = apply_filters(
        select(Story), site=site, tag=tag, author=author, since=since, until=until
    )
    statement = statement.order_by(Story.id).execution_options(yield_per=batch_size)
    for partition in session.scalars(statement).partitions():
        related = _Related.load(session, [story.id for story in partition])
        for story in partition:
            yield _record_with(story, related)


def story_record(
    story: Story, *, authors: Sequence[str], tags: Sequence[str], aliases: Sequence[str]
) -> dict[str, Any]:
    """The export record of ``story``, given its authors and tags in order and its aliases."""
    return {
        "url": story.url,
        "title": story.title,
        "body": story.body,
        "authors": list(authors),
        "published_at": story.published_at,
        "modified_at": story.modified_at,
        "tags": list(tags),
        "section": story.section,
        "language": story.language,
        "first_seen_at": story.first_seen_at,
        "last_seen_at": story.last_seen_at,
        "aliases": list(aliases),
        # Versions are numbered 1..n without gaps, so the current number is the count.
        "versions": story.version,
    }


@dataclass
class _Related:
    """Authors, tags and aliases of a page of stories, each loaded with one IN query."""

    authors: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    tags: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    aliases: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def load(cls, session: Session, story_ids: list[int]) -> _Related:
        related = cls()
        if not story_ids:
            return related
        authors = (
            select(StoryAuthor.story_id, Author.name)
            .join(Author)
            .where(StoryAuthor.story_id.in_(story_ids))
            .order_by(StoryAuthor.story_id, StoryAuthor.position)
        )
        for story_id, name in session.execute(authors):
            related.authors[story_id].append(name)
        tags = (
            select(StoryTag.story_id, Tag.name)
            .join(Tag)
            .where(StoryTag.story_id.in_(story_ids))
            .order_by(StoryTag.story_id, StoryTag.position)
        )
        for story_id, name in session.execute(tags):
            related.tags[story_id].append(name)
        aliases = (
            select(StoryAlias.story_id, StoryAlias.url)
            .where(StoryAlias.story_id.in_(story_ids))
            .order_by(StoryAlias.story_id, StoryAlias.url)
        )
        for story_id, url in session.execute(aliases):
            related.aliases[story_id].append(url)
        return related


def _record_with(story: Story, related: _Related) -> dict[str, Any]:
    return story_record(
        story,
        authors=related.authors.get(story.id, []),
        tags=related.tags.get(story.id, []),
        aliases=related.aliases.get(story.id, []),
    )


def _listing_record(story: Story, related: _Related) -> dict[str, Any]:
    return {"id": story.id, "site": story.site.host, **_record_with(story, related)}


# -- one story --------------------------------------------------------------------------------


def get_story(session: Session, url_or_id: str) -> dict[str, Any] | None:
    """A story by id, canonical URL or alias, with provenance and version history; or None.

    Beyond the export keys the record has ``id``, ``site``, ``description``, ``image_url``,
    ``last_crawled_at``, ``provenance`` (field -> source) and ``history`` (one dict per version,
    oldest first, with the fields it ``changed``).
    """
    story = _find_story(session, url_or_id)
    if story is None:
        return None
    record = _listing_record(story, _Related.load(session, [story.id]))
    record.update(
        description=story.description,
        image_url=story.image_url,
        last_crawled_at=story.last_crawled_at,
        provenance={row.field: row.source for row in story.provenance},
        history=_history(story.versions),
    )
    return record


def _find_story(session: Session, url_or_id: str) -> Story | None:
    key = url_or_id.strip()
    if key.isdigit():
        return session.get(Story, int(key))
    story = session.scalar(select(Story).where(Story.url == key))
    if story is None:
        story = session.scalar(select(Story).join(Story.aliases).where(StoryAlias.url == key))
    return story


def _history(versions: Sequence[StoryVersion]) -> list[dict[str, Any]]:
    history = []
    previous: dict[str, Any] | None = None
    for version in versions:
        values = {name: getattr(version, name) for name in VERSIONED_FIELDS}
        changed = (
            [name for name in VERSIONED_FIELDS if values[name] != previous[name]]
            if previous is not None
            else []
        )
        history.append(
            {
                "number": version.number,
                "crawl_id": version.crawl_id,
                "crawled_at": version.crawled_at,
                "content_hash": version.content_hash,
                "title": version.title,
                "changed": changed,
            }
        )
        previous = values
    return history
