"""What the web view reads that :mod:`archive.query` does not give: pages of a listing or a
search, the choices for the filter form, a site's crawls and the stories it published per day.

Like :mod:`archive.query`, every function takes a :class:`~sqlalchemy.orm.Session` and returns
records; listings and searches themselves go through :func:`archive.query.list_stories` and
:func:`archive.search.search` (whose filters include the section), this module only pages them.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Generic, TypeVar, Unpack

from sqlalchemy import ColumnElement, Date, cast, func, select
from sqlalchemy.orm import Session

from archive import query
from archive.filters import StoryFilters, apply_filters, given
from archive.health import crawl_site, stories_seen
from archive.models import Crawl, Site, Story
from archive.results import CrawlSummary, ListedStory, SearchHit

__all__ = [
    "Page",
    "count_stories",
    "list_page",
    "published_per_day",
    "search_page",
    "sections",
    "site_crawls",
    "site_hosts",
]

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of results: ``number`` counts from 1; ``total`` is None when unknown (a
    search knows only whether there is a next page)."""

    items: tuple[T, ...]
    number: int
    size: int
    total: int | None
    has_next: bool

    @property
    def first_index(self) -> int:
        """The position of the page's first item in the whole result, from 1."""
        return (self.number - 1) * self.size + 1

    @property
    def pages(self) -> int | None:
        if self.total is None:
            return None
        return max(1, -(-self.total // self.size))


def count_stories(session: Session, **filters: Unpack[StoryFilters]) -> int:
    """How many stories the filters leave."""
    return query.count_stories(session, **filters)


def list_page(
    session: Session, *, number: int, size: int, **filters: Unpack[StoryFilters]
) -> Page[ListedStory]:
    """Page ``number`` of :func:`archive.query.list_stories` (newest first) with its total."""
    offset = (number - 1) * size
    total = count_stories(session, **filters)
    items = query.list_stories(session, limit=size, offset=offset, **filters)
    return Page(tuple(items), number, size, total, offset + len(items) < total)


def search_page(
    session: Session,
    text: str,
    *,
    number: int,
    size: int,
    highlight: tuple[str, str],
    **filters: Unpack[StoryFilters],
) -> Page[SearchHit]:
    """Page ``number`` of :func:`archive.search.search`, best first.

    :raises archive.search.SearchSyntaxError: for a malformed query.
    """
    wanted = number * size + 1  # one more than the page: is there a next page?
    hits = query.search(session, text, limit=wanted, highlight=highlight, **filters)
    start = (number - 1) * size
    return Page(tuple(hits[start : start + size]), number, size, None, len(hits) > start + size)


def site_hosts(session: Session) -> list[str]:
    """Every site's host, in order."""
    return list(session.scalars(select(Site.host).order_by(Site.host)))


def sections(session: Session, *, site: str | None = None, limit: int = 200) -> list[str]:
    """The sections stories are filed under (of one site, if given), most stories first."""
    stories = func.count(Story.id)
    of_site = apply_filters(select(Story.id), **given(StoryFilters(site=site)))
    rows = session.execute(
        select(Story.section, stories)
        .where(Story.section.is_not(None), Story.id.in_(of_site))
        .group_by(Story.section)
        .order_by(stories.desc(), Story.section)
        .limit(limit)
    )
    return [name for name, _count in rows if name]


def site_crawls(session: Session, site: str, *, limit: int = 200) -> list[CrawlSummary]:
    """The last ``limit`` crawls of ``site`` (named as :func:`archive.health.crawl_site`
    names a crawl's site), oldest first."""
    name = site.lower().removeprefix("www.")
    rows = session.scalars(
        select(Crawl)
        # A cheap narrowing; the exact test is crawl_site's, below.
        .where(Crawl.start_url.contains(name))
        .order_by(Crawl.started_at.desc(), Crawl.id.desc())
    )
    found: list[CrawlSummary] = []
    for crawl in rows:
        if crawl_site(crawl.start_url) != name:
            continue
        # The summary's fields are the crawl row's columns, but for the stories seen, which
        # the crawl keeps in its stats.
        columns = {
            f.name: getattr(crawl, f.name) for f in fields(CrawlSummary) if f.name != "stories_seen"
        }
        found.append(CrawlSummary(**columns, stories_seen=stories_seen(crawl)))
        if len(found) == limit:
            break
    return found[::-1]


def published_per_day(
    session: Session, site: str, *, days: int = 60, until: date | None = None
) -> list[tuple[date, int]]:
    """Stories of ``site`` published on each UTC day (first seen, for undated ones) of the
    ``days`` days up to ``until`` (default: the site's newest day), oldest first, days
    without stories included as 0; empty for a site without stories."""
    when = func.coalesce(Story.published_at, Story.first_seen_at)
    of_site = given(StoryFilters(site=site))
    if until is None:
        newest = session.scalar(apply_filters(select(func.max(when)), **of_site))
        if newest is None:
            return []
        until = _as_date(newest)
    first = until - timedelta(days=days - 1)
    since = datetime.combine(first, time(), tzinfo=UTC)
    before = datetime.combine(until + timedelta(days=1), time(), tzinfo=UTC)
    day: ColumnElement[Any]
    if session.get_bind().dialect.name == "postgresql":
        day = cast(func.timezone("UTC", when), Date)
    else:  # SQLite keeps UTC text: date() cuts it to the day
        day = func.date(when)
    in_span = apply_filters(select(Story.id), site=site, since=since, until=before)
    rows = session.execute(
        select(day, func.count(Story.id)).where(Story.id.in_(in_span)).group_by(day)
    )
    counts = {_as_date(value): number for value, number in rows}
    return [
        (first + timedelta(days=n), counts.get(first + timedelta(days=n), 0)) for n in range(days)
    ]


def _as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.astimezone(UTC).date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
