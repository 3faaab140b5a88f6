"""The filters shared by listing, export and search: site, tag, author, time span."""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, func, select

from archive.models import Author, Site, Story, StoryAuthor, StoryTag, Tag
from archive.store import tag_key

# Select is generic over its row type differently in SQLAlchemy 2.0 and 2.1.
SelectT = TypeVar("SelectT", bound=Select[Any])


def apply_filters(
    statement: SelectT,
    *,
    site: str | None = None,
    tag: str | None = None,
    author: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> SelectT:
    """Restrict a statement over ``story`` to a site (host), a tag (any case), an author (exact
    name, any case) and a span of publication time (or first sighting for undated stories):
    ``since`` inclusive, ``until`` exclusive."""
    conditions: list[ColumnElement[bool]] = []
    if site:
        conditions.append(Story.site_id.in_(select(Site.id).where(Site.host == site.lower())))
    if tag:
        tagged = select(StoryTag.story_id).join(Tag).where(Tag.key == tag_key(tag))
        conditions.append(Story.id.in_(tagged))
    if author:
        by = (
            select(StoryAuthor.story_id)
            .join(Author)
            .where(func.lower(Author.name) == " ".join(author.split()).lower())
        )
        conditions.append(Story.id.in_(by))
    when = func.coalesce(Story.published_at, Story.first_seen_at)
    if since is not None:
        conditions.append(when >= since)
    if until is not None:
        conditions.append(when < until)
    return statement.where(*conditions)
