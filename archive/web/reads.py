"""What the web view reads that :mod:`archive.query` does not give: pages of a listing or a
search with a section filter, the choices for the filter form, a site's crawls and the stories
it published per day.

Like :mod:`archive.query`, every function takes a :class:`~sqlalchemy.orm.Session` and returns
records; listings and searches themselves go through :func:`archive.query.list_stories` and
:func:`archive.search.search`, this module only pages them and adds the section.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Generic, TypeVar, Unpack

from sqlalchemy import ColumnElement, Date, Select, cast, func, select
from sqlalchemy.orm import Session

from archive import query
from archive.filters import StoryFilters, apply_filters, given
from archive.health import crawl_site
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
# Select is generic over its row type differently in SQLAlchemy 2.0 and 2.1.
SelectT = TypeVar("SelectT", bound=Select[Any])

# A search asks for this many times the results still wanted when a section filter is
# checked after ranking, and again with a larger window until enough pass or none are left.
_SECTION_OVERFETCH = 4
_SECTION_ROUNDS = 4


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


def _section_is_a_filter() -> bool:
    """Whether :class:`StoryFilters` itself takes ``section`` (then it is passed through)."""
    return "section" in StoryFilters.__optional_keys__


def _in_section(statement: SelectT, section: str) -> SelectT:
    return statement.where(func.lower(Story.section) == section.strip().lower())


def _narrowed(statement: SelectT, section: str | None, filters: StoryFilters) -> SelectT:
    statement = apply_filters(statement, **filters)
    return _in_section(statement, section) if section else statement


def count_stories(
    session: Session, *, section: str | None = None, **filters: Unpack[StoryFilters]
) -> int:
    """How many stories the filters (and the section, any case) leave."""
    statement = _narrowed(select(func.count(Story.id)), section, given(filters))
    return session.scalar(statement) or 0


def list_page(
    session: Session,
    *,
    number: int,
    size: int,
    section: str | None = None,
    **filters: Unpack[StoryFilters],
) -> Page[ListedStory]:
    """Page ``number`` of :func:`archive.query.list_stories` (newest first) with its total."""
    filters = given(filters)
    offset = (number - 1) * size
    total = count_stories(session, section=section, **filters)
    items: Sequence[ListedStory]
    if not section:
        items = query.list_stories(session, limit=size, offset=offset, **filters)
    elif _section_is_a_filter():
        narrowed: dict[str, Any] = {**filters, "section": section}
        items = query.list_stories(session, limit=size, offset=offset, **narrowed)
    else:
        # The listing's own order, narrowed by section; each story read as archive.query
        # reads one (a page is a few dozen stories).
        ids = session.scalars(
            _narrowed(select(Story.id), section, filters)
            .order_by(
                Story.published_at.desc().nulls_last(),
                Story.first_seen_at.desc(),
                Story.id.desc(),
            )
            .offset(offset)
            .limit(size)
        )
        items = [_listed(detail) for i in ids if (detail := query.get_story(session, str(i)))]
    return Page(tuple(items), number, size, total, offset + len(items) < total)


def _listed(detail: ListedStory) -> ListedStory:
    """The listing fields of a story's detail."""
    return ListedStory(**{f.name: getattr(detail, f.name) for f in fields(ListedStory)})


def search_page(
    session: Session,
    text: str,
    *,
    number: int,
    size: int,
    highlight: tuple[str, str],
    section: str | None = None,
    **filters: Unpack[StoryFilters],
) -> Page[SearchHit]:
    """Page ``number`` of :func:`archive.search.search`, best first.

    :raises archive.search.SearchSyntaxError: for a malformed query.
    """
    filters = given(filters)
    wanted = number * size + 1  # one more than the page: is there a next page?
    if not section or _section_is_a_filter():
        narrowed: dict[str, Any] = {**filters, "section": section} if section else dict(filters)
        hits = query.search(session, text, limit=wanted, highlight=highlight, **narrowed)
    else:
        hits = _search_in_section(session, text, wanted, highlight, section, filters)
    start = (number - 1) * size
    return Page(tuple(hits[start : start + size]), number, size, None, len(hits) > start + size)


def _search_in_section(
    session: Session,
    text: str,
    wanted: int,
    highlight: tuple[str, str],
    section: str,
    filters: StoryFilters,
) -> list[SearchHit]:
    """The best ``wanted`` hits in ``section``: a search with a larger limit, its hits
    checked against the section, the limit grown while too few pass."""
    limit = wanted * _SECTION_OVERFETCH
    for _ in range(_SECTION_ROUNDS):
        hits = query.search(session, text, limit=limit, highlight=highlight, **filters)
        ids = [hit.id for hit in hits]
        kept = set(session.scalars(_in_section(select(Story.id).where(Story.id.in_(ids)), section)))
        passed = [hit for hit in hits if hit.id in kept]
        if len(passed) >= wanted or len(hits) < limit:
            return passed[:wanted]
        limit *= _SECTION_OVERFETCH
    return passed[:wanted]


def site_hosts(session: Session) -> list[str]:
    """Every site's host, in order."""
    return list(session.scalars(select(Site.host).order_by(Site.host)))


def sections(session: Session, *, site: str | None = None, limit: int = 200) -> list[str]:
    """The sections stories are filed under (of one site, if given), most stories first."""
    stories = func.count(Story.id)
    of_site = _narrowed(select(Story.id), None, given(StoryFilters(site=site)))
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
        found.append(CrawlSummary(**{f.name: getattr(crawl, f.name) for f in fields(CrawlSummary)}))
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
