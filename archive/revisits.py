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

Whatever its age, a story is also due when the site itself says it changed since the last
fetch (:func:`edited_since_fetch`): a feed's, sitemap's or listing's date for it moved later
than the archive last saw (``date_signal``), or a modification date names a time after the
fetch. :func:`site_fetches` reads what that rule needs for a whole site at once.

This module only reads; the crawler's side is ``newscrawl.middlewares.revisit``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import or_, select

from archive.models import DateSignal, Site, Story, StoryAlias, StoryFetch

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

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


#: Date sources that say when a page last changed (not when it was first published). Any
#: source counts when its value moves later; these also when they name a time after the fetch.
MODIFICATION_SOURCES = frozenset({"feed:updated", "sitemap:lastmod", "listing:time"})
# A modification date further in the future than this is a clock or template error, not an
# edit: it would make the story due on every crawl.
_FUTURE_SLACK = timedelta(hours=1)


@dataclass(frozen=True)
class Fetched:
    """What the archive knows of one story's last fetch, for the edit rule.

    :ivar url: the story's canonical URL.
    :ivar signals: source -> the latest date a feed, sitemap or listing gave for the story.
    """

    url: str
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: datetime | None = None
    signals: Mapping[str, datetime] = field(default_factory=dict)


def site_fetches(session: Session, host: str) -> dict[str, Fetched]:
    """Every archived story of the site by canonical URL and by alias, with its validators,
    its last fetch and its stored date signals."""
    site_id = session.scalar(select(Site.id).where(Site.host == host))
    if site_id is None:
        return {}
    signals: dict[int, dict[str, datetime]] = {}
    for story_id, source, value in session.execute(
        select(DateSignal.story_id, DateSignal.source, DateSignal.value)
        .join(Story, Story.id == DateSignal.story_id)
        .where(Story.site_id == site_id)
    ):
        signals.setdefault(story_id, {})[source] = value
    by_id: dict[int, Fetched] = {}
    for story_id, url, etag, modified, fetched_at in session.execute(
        select(
            Story.id, Story.url, StoryFetch.etag, StoryFetch.last_modified, StoryFetch.fetched_at
        )
        .outerjoin(StoryFetch, StoryFetch.story_id == Story.id)
        .where(Story.site_id == site_id)
    ):
        by_id[story_id] = Fetched(url, etag, modified, fetched_at, signals.get(story_id, {}))
    found = {fetched.url: fetched for fetched in by_id.values()}
    for alias, story_id in session.execute(
        select(StoryAlias.url, StoryAlias.story_id)
        .join(Story, Story.id == StoryAlias.story_id)
        .where(Story.site_id == site_id)
    ):
        found.setdefault(alias, by_id[story_id])
    return found


def edited_since_fetch(
    fetched: Fetched, signals: Iterable[tuple[str, datetime]], now: datetime
) -> str | None:
    """Why the site's own dates say the story changed since it was fetched, or None.

    - a source's date is later than the one the archive kept for that source (a sitemap's
      ``lastmod`` moved): an edit, whatever the clocks of the site and the crawler;
    - a modification date (:data:`MODIFICATION_SOURCES`) is after the story's last fetch and
      not in the future: the page changed after the archive read it.

    A date that moved earlier is no edit (two sitemaps that disagree would make the story due
    on every crawl).
    """
    for source, value in signals:
        kept = fetched.signals.get(source)
        if kept is not None and value > kept:
            return f"{source} moved from {kept.isoformat()} to {value.isoformat()}"
        if (
            source in MODIFICATION_SOURCES
            and fetched.fetched_at is not None
            and fetched.fetched_at < value <= now + _FUTURE_SLACK
        ):
            return f"{source} {value.isoformat()} is after the last fetch"
    return None
