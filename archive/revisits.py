"""Which stories a recurring crawl should fetch again, and when.

A story is revisited on a schedule that grows with its age (from its publication, else from
when the archive first saw it): young stories change most. The default schedule

    age under 1 hour   every 15 minutes
    under 1 day        every hour
    under 3 days       every 6 hours
    under 7 days       every day
    under 30 days      every 7 days
    older              never

is :data:`DEFAULT_SCHEDULE`; :func:`parse_schedule` reads the same thing from text
(``"1h:15m, 1d:1h, 3d:6h, 7d:1d, 30d:7d"``, the crawler's ``NEWSCRAWL_REVISIT_SCHEDULE``). Each
fetch stores the response's validators (ETag, Last-Modified) and the next due time in
``story_fetch`` (written by :mod:`archive.store.fetches`), so any run, on any schedule, asks
the archive what is due and converges.

This module only reads; the crawler's side is ``newscrawl.middlewares.revisit``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import or_, select

from archive.models import Site, Story, StoryAlias, StoryFetch

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

Schedule = tuple[tuple[timedelta, timedelta], ...]  # (age under, revisit every), ascending

DEFAULT_SCHEDULE: Schedule = (
    (timedelta(hours=1), timedelta(minutes=15)),
    (timedelta(days=1), timedelta(hours=1)),
    (timedelta(days=3), timedelta(hours=6)),
    (timedelta(days=7), timedelta(days=1)),
    (timedelta(days=30), timedelta(days=7)),
)

_SPAN = re.compile(r"^\s*(\d+)\s*([smhdw])\s*$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def _span(text: str) -> timedelta:
    match = _SPAN.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a duration like 15m, 6h or 7d")
    return timedelta(**{_UNITS[match[2]]: int(match[1])})


def parse_schedule(text: str) -> Schedule:
    """``"1h:15m, 1d:1h, 30d:7d"``: for stories younger than X, revisit every Y."""
    steps = []
    for part in text.split(","):
        if not part.strip():
            continue
        age, _, every = part.partition(":")
        if not every:
            raise ValueError(f"revisit schedule step {part.strip()!r} is not AGE:EVERY")
        steps.append((_span(age), _span(every)))
    if [age for age, _ in steps] != sorted({age for age, _ in steps}):
        raise ValueError("revisit schedule ages must increase: " + text)
    return tuple(steps)


def next_visit(
    published_at: datetime | None, first_seen_at: datetime, now: datetime, schedule: Schedule
) -> datetime | None:
    """When a story fetched ``now`` is next due, or None when it is past the schedule."""
    age = now - (published_at or first_seen_at)
    for under, every in schedule:
        if age < under:
            return now + every
    return None


@dataclass(frozen=True)
class Due:
    url: str
    etag: str | None
    last_modified: str | None


def known_urls(session: Session, host: str) -> set[str]:
    """Every canonical URL and alias of the site's archived stories."""
    site_id = session.scalar(select(Site.id).where(Site.host == host))
    if site_id is None:
        return set()
    known = set(session.scalars(select(Story.url).where(Story.site_id == site_id)))
    known.update(
        session.scalars(
            select(StoryAlias.url)
            .join(Story, Story.id == StoryAlias.story_id)
            .where(Story.site_id == site_id)
        )
    )
    return known


def due_stories(
    session: Session, host: str, now: datetime, *, everything: bool = False
) -> list[Due]:
    """The site's stories due for a visit (all of them with ``everything``), oldest due first.

    A story with no fetch record (archived before revisits were tracked) is due.
    """
    query = (
        select(Story.url, StoryFetch.etag, StoryFetch.last_modified)
        .join(Site, Site.id == Story.site_id)
        .outerjoin(StoryFetch, StoryFetch.story_id == Story.id)
        .where(Site.host == host)
        # Never fetched first, on both backends (NULLs sort differently by default).
        .order_by(StoryFetch.next_visit_at.asc().nulls_first(), Story.id)
    )
    if not everything:
        query = query.where(or_(StoryFetch.story_id.is_(None), StoryFetch.next_visit_at <= now))
    return [Due(url, etag, modified) for url, etag, modified in session.execute(query)]
