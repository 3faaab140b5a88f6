"""The filters shared by listing, export and search: site, section, tag, author, time span."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, TypedDict, TypeVar, Unpack, cast

from sqlalchemy import ColumnElement, Select, func, or_, select

from archive.keys import site_key, squash, tag_key
from archive.models import Author, Site, Story, StoryAuthor, StoryTag, StoryVersion, Tag
from archive.timeutil import as_instant

__all__ = ["StoryFilters", "apply_filters", "given"]

# Select is generic over its row type differently in SQLAlchemy 2.0 and 2.1.
SelectT = TypeVar("SelectT", bound=Select[Any])


class StoryFilters(TypedDict, total=False):
    """The keyword arguments that narrow a listing, an export or a search; None (or leaving
    one out) does not narrow.

    ``site`` is a host, named as a user would (``www.example.com``, ``example.com:8080`` and
    ``https://example.com/`` name the site ``example.com``); ``section`` and ``tag`` match in
    any case; ``author`` is a full name in any case; ``since`` (inclusive) and ``until``
    (exclusive) bound the publication time, or the first sighting for undated stories. The
    bounds are datetimes (naive ones are UTC), dates or ISO 8601 strings (``"2024-05-01"``,
    ``"2024-05-01T12:00Z"``); a bare date as ``until`` includes that whole day.
    ``extractor_below`` keeps the stories whose current version an extractor older than this
    ``EXTRACTOR_VERSION`` made, or one not recorded (versions stored before stamps).
    """

    site: str | None
    section: str | None
    tag: str | None
    author: str | None
    since: datetime | date | str | None
    until: datetime | date | str | None
    extractor_below: int | None


def given(filters: StoryFilters) -> StoryFilters:
    """Only the filters that narrow: neither None nor empty."""
    return cast(
        StoryFilters, {key: value for key, value in filters.items() if value not in (None, "")}
    )


def apply_filters(statement: SelectT, **filters: Unpack[StoryFilters]) -> SelectT:
    """Restrict a statement over ``story`` as :class:`StoryFilters` describes.

    :raises ValueError: for a ``since`` or ``until`` string that is not ISO 8601.
    """
    conditions: list[ColumnElement[bool]] = []
    if site := filters.get("site"):
        host = site_key(site) or site.lower()
        # Crawls name sites without "www."; a record replayed from elsewhere may not have.
        hosts = select(Site.id).where(Site.host.in_([host, "www." + host]))
        conditions.append(Story.site_id.in_(hosts))
    if section := filters.get("section"):
        conditions.append(func.lower(Story.section) == squash(section).lower())
    if tag := filters.get("tag"):
        tagged = select(StoryTag.story_id).join(Tag).where(Tag.key == tag_key(tag))
        conditions.append(Story.id.in_(tagged))
    if author := filters.get("author"):
        by = (
            select(StoryAuthor.story_id)
            .join(Author)
            .where(func.lower(Author.name) == squash(author).lower())
        )
        conditions.append(Story.id.in_(by))
    when = func.coalesce(Story.published_at, Story.first_seen_at)
    if (since := filters.get("since")) is not None:
        conditions.append(when >= as_instant(since))
    if (until := filters.get("until")) is not None:
        conditions.append(when < as_instant(until, end_of_day=True))
    if (below := filters.get("extractor_below")) is not None:
        current = select(StoryVersion.id).where(
            StoryVersion.story_id == Story.id,
            StoryVersion.number == Story.version,
            or_(StoryVersion.extractor_version.is_(None), StoryVersion.extractor_version < below),
        )
        conditions.append(current.exists())
    return statement.where(*conditions)
