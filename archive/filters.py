"""The filters shared by listing, export and search: site, tag, author, time span."""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypedDict, TypeVar, Unpack, cast

from sqlalchemy import ColumnElement, Select, func, select

from archive.keys import squash, tag_key
from archive.models import Author, Site, Story, StoryAuthor, StoryTag, Tag

__all__ = ["StoryFilters", "apply_filters", "given"]

# Select is generic over its row type differently in SQLAlchemy 2.0 and 2.1.
SelectT = TypeVar("SelectT", bound=Select[Any])


class StoryFilters(TypedDict, total=False):
    """The keyword arguments that narrow a listing, an export or a search; None (or leaving
    one out) does not narrow.

    ``site`` is a host; ``tag`` matches in any case; ``author`` is a full name in any case;
    ``since`` (inclusive) and ``until`` (exclusive) bound the publication time, or the first
    sighting for undated stories.
    """

    site: str | None
    tag: str | None
    author: str | None
    since: datetime | None
    until: datetime | None


def given(filters: StoryFilters) -> StoryFilters:
    """Only the filters that narrow: neither None nor empty."""
    return cast(
        StoryFilters, {key: value for key, value in filters.items() if value not in (None, "")}
    )


def apply_filters(statement: SelectT, **filters: Unpack[StoryFilters]) -> SelectT:
    """Restrict a statement over ``story`` as :class:`StoryFilters` describes."""
    conditions: list[ColumnElement[bool]] = []
    if site := filters.get("site"):
        conditions.append(Story.site_id.in_(select(Site.id).where(Site.host == site.lower())))
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
        conditions.append(when >= since)
    if (until := filters.get("until")) is not None:
        conditions.append(when < until)
    return statement.where(*conditions)
