"""Reading the archive: statistics, listings, search, history, diffs, as-of views, export,
crawls and their errors.

Every function takes a :class:`~sqlalchemy.orm.Session` and returns the frozen records of
:mod:`archive.results`, whose datetimes are aware UTC; rendering them is the caller's business
(:mod:`archive.render` does it for the ``archive`` command). A story is named by its id (an
``int``, as ``search`` and ``list_stories`` return it, or its digits), its URL or one of its
aliases; a URL is found however it is typed (tracking parameters, ``www.``, a trailing slash,
the scheme). Time bounds (``since``, ``until``, ``as_of``'s instant) are datetimes, dates or
ISO 8601 strings.

In a notebook::

    from sqlalchemy.orm import Session
    from archive import query

    # Refuses (NoArchive) where there is no archive, rather than creating an empty one.
    engine = query.engine("sqlite:///data/archive.db")   # or postgresql://...
    with Session(engine) as session:
        hits = query.search(session, '"harbour bridge" -tunnel', since="2026-05-01")
        story = query.get_story(session, hits[0].id)
        versions = query.history(session, hits[0].id)
        then = query.as_of(session, hits[0].url, "2026-05-01T12:00Z")
        rows = list(query.iter_export(session, site="example.com"))

    # pandas is not a dependency of the archive, but the engine works with it:
    import pandas as pd
    df = pd.read_sql("SELECT url, title, published_at FROM story", engine)
    df = pd.DataFrame(rows)  # or from the records above: one column per field

Tables worth knowing for SQL: ``story`` (current content), ``story_version`` (every version,
with ``summary``, ``words_added``, ``words_removed``, ``trivial``), ``sighting`` (story x crawl),
``crawl``, ``site``, ``author``/``story_author``, ``tag``/``story_tag``, ``story_alias``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Unpack

from sqlalchemy import ColumnElement, Date, Engine, and_, cast, func, or_, select
from sqlalchemy.orm import Session

from archive.db import NoArchive, SchemaOutOfDate, open_archive
from archive.filters import StoryFilters, apply_filters, given
from archive.keys import address_candidates, site_key
from archive.models import (
    Author,
    Cluster,
    ClusterMember,
    Crawl,
    CrawledPage,
    CrawlError,
    DateSignal,
    Site,
    Story,
    StoryAlias,
    StoryAuthor,
    StoryTag,
    StoryVersion,
    Tag,
)
from archive.record import CONTENT_FIELDS, VERSIONED_FIELDS
from archive.results import (
    EXPORT_KEYS,
    ArchiveStats,
    ClusterInfo,
    ClusterMemberInfo,
    CrawledPageRecord,
    CrawlErrorRecord,
    CrawlSummary,
    ExportedStory,
    ListedStory,
    SiteCount,
    StoryDetail,
    VersionContent,
    VersionEntry,
    VersionSource,
)
from archive.search import SearchSyntaxError, count_matches, search
from archive.timeutil import as_instant, iso_z, parse_when

__all__ = [
    "EXPORT_KEYS",
    "NoArchive",
    "NotArchivedYet",
    "SchemaOutOfDate",
    "SearchSyntaxError",
    "archive_stats",
    "as_of",
    "count_matches",
    "count_stories",
    "engine",
    "error_reasons",
    "export_records",
    "get_story",
    "get_version",
    "history",
    "iter_export",
    "list_crawls",
    "list_errors",
    "list_pages",
    "list_stories",
    "pages_by_kind",
    "search",
    "stories_per_day",
    "story_record",
    "when",
]

#: How a story is named: its id (as search and listings give it) or an address.
StoryKey = int | str


class NotArchivedYet(LookupError):
    """The story was not yet in the archive at the instant asked for."""


def engine(url: str) -> Engine:
    """An engine on the archive at ``url`` (``sqlite:///...`` or ``postgresql://...``).

    Use it with ``Session(engine)`` for these functions, or with ``pandas.read_sql``. A
    relative SQLite path is relative to the working directory (a notebook's folder).

    :raises NoArchive: when there is no archive there ("no archive at PATH: run a crawl
        first"); nothing is created.
    :raises SchemaOutOfDate: when the archive needs ``archive upgrade``.
    """
    return open_archive(url)


def when(text: str) -> datetime:
    """Parse an ISO 8601 date or datetime (``2026-05-01``, ``2026-05-01T12:00Z``) as aware UTC."""
    return parse_when(text)


# -- statistics -------------------------------------------------------------------------------


def archive_stats(session: Session) -> ArchiveStats:
    """Counts of everything, the span of the archive, the last crawl and stories per site."""

    def count(model: type[Any]) -> int:
        return session.scalar(select(func.count()).select_from(model)) or 0

    first_seen, last_seen = session.execute(
        select(func.min(Story.first_seen_at), func.max(Story.last_seen_at))
    ).one()
    return ArchiveStats(
        stories=count(Story),
        versions=count(StoryVersion),
        sites=count(Site),
        authors=count(Author),
        tags=count(Tag),
        crawls=count(Crawl),
        crawl_errors=count(CrawlError),
        first_seen_at=first_seen,
        last_seen_at=last_seen,
        last_crawl=_last_crawl(session),
        per_site=_per_site(session),
        per_day=tuple(stories_per_day(session)),
        pages_by_kind=pages_by_kind(session),
    )


# -- crawled pages that are not stories -------------------------------------------------------


def _latest_pages() -> Any:
    """The newest judgement of each crawled page (a page judged by several crawls)."""
    newest = select(func.max(CrawledPage.id)).group_by(CrawledPage.url).scalar_subquery()
    return CrawledPage.id.in_(newest)


def pages_by_kind(session: Session) -> tuple[tuple[str, int], ...]:
    """Crawled pages judged not to be stories, counted by kind, most first."""
    number = func.count(CrawledPage.id).label("number")
    rows = session.execute(
        select(CrawledPage.kind, number)
        .where(_latest_pages())
        .group_by(CrawledPage.kind)
        .order_by(number.desc(), CrawledPage.kind)
    )
    return tuple((kind, count) for kind, count in rows)


def list_pages(
    session: Session, *, kind: str | None = None, limit: int | None = None
) -> list[CrawledPageRecord]:
    """Crawled pages judged not to be stories (each page's latest judgement), by kind then
    URL; ``kind`` keeps one kind."""
    statement = select(CrawledPage).where(_latest_pages())
    if kind:
        statement = statement.where(CrawledPage.kind == kind.lower())
    statement = statement.order_by(CrawledPage.kind, CrawledPage.url).limit(limit)
    return [
        CrawledPageRecord(
            url=page.url,
            kind=page.kind,
            reason=page.reason,
            crawl_id=page.crawl_id,
            seen_at=page.seen_at,
        )
        for page in session.scalars(statement)
    ]


def stories_per_day(
    session: Session, *, days: int = 28, until: datetime | None = None
) -> list[tuple[date, int]]:
    """Stories first seen on each UTC day of the ``days`` days up to ``until`` (default: the
    last day anything was seen), oldest first, days without stories included as 0; days
    before the archive's first story was seen are left out."""
    earliest, latest = session.execute(
        select(func.min(Story.first_seen_at), func.max(Story.first_seen_at))
    ).one()
    if earliest is None:
        return []
    if until is None:
        until = latest
    last = until.astimezone(UTC).date()
    first = max(last - timedelta(days=days - 1), earliest.astimezone(UTC).date())
    if first > last:
        return []
    days = (last - first).days + 1
    start = datetime.combine(first, time(), tzinfo=UTC)
    end = datetime.combine(last + timedelta(days=1), time(), tzinfo=UTC)
    day: ColumnElement[Any]
    if session.get_bind().dialect.name == "postgresql":
        day = cast(func.timezone("UTC", Story.first_seen_at), Date)
    else:  # SQLite stores UTC text: date() cuts it to the day
        day = func.date(Story.first_seen_at)
    rows = session.execute(
        select(day, func.count())
        .where(Story.first_seen_at >= start, Story.first_seen_at < end)
        .group_by(day)
    )
    counts = {_as_date(value): number for value, number in rows}
    return [
        (first + timedelta(days=n), counts.get(first + timedelta(days=n), 0)) for n in range(days)
    ]


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _last_crawl(session: Session) -> CrawlSummary | None:
    crawl = session.scalar(select(Crawl).order_by(Crawl.started_at.desc(), Crawl.id.desc()))
    return None if crawl is None else _crawl_summary(crawl)


def _crawl_summary(crawl: Crawl) -> CrawlSummary:
    # The summary's fields are columns of the crawl row, under the same names, but for the
    # stories seen, which the crawl keeps in its stats.
    columns = {
        f.name: getattr(crawl, f.name) for f in fields(CrawlSummary) if f.name != "stories_seen"
    }
    seen = (crawl.stats or {}).get("stories_seen")
    columns["stories_seen"] = seen if isinstance(seen, int) else None
    return CrawlSummary(**columns)


# -- crawls and what went wrong in them -------------------------------------------------------


def list_crawls(
    session: Session, *, site: str | None = None, limit: int | None = None
) -> list[CrawlSummary]:
    """Crawls, newest first; ``site`` keeps the crawls of one site (named as
    :func:`archive.keys.site_key` names a crawl's start URL: ``www.`` and the port ignored)."""
    statement = select(Crawl).order_by(Crawl.started_at.desc(), Crawl.id.desc())
    if not site:
        return [_crawl_summary(crawl) for crawl in session.scalars(statement.limit(limit))]
    host = site_key(site)
    # A cheap narrowing in SQL; the exact test is on the parsed start URL.
    rows = session.scalars(statement.where(Crawl.start_url.contains(host)))
    found = []
    for crawl in rows:
        if site_key(crawl.start_url) == host:
            found.append(_crawl_summary(crawl))
            if limit is not None and len(found) == limit:
                break
    return found


def list_errors(
    session: Session,
    *,
    site: str | None = None,
    since: datetime | date | str | None = None,
    reason: str | None = None,
    crawl_id: int | None = None,
    limit: int | None = None,
) -> list[CrawlErrorRecord]:
    """The problems crawls recorded (``crawl_error`` rows), newest first, narrowed to the
    crawls of ``site``, to those at or after ``since``, to a ``reason`` (``http-404``; a
    family such as ``http`` takes ``http-404``, ``http-500``...) or to one crawl."""
    statement = _errors_where(session, site, since, reason, crawl_id)
    if statement is None:
        return []
    rows = session.scalars(
        statement.order_by(CrawlError.at.desc(), CrawlError.id.desc()).limit(limit)
    )
    return [
        CrawlErrorRecord(
            id=row.id,
            crawl_id=row.crawl_id,
            at=row.at,
            reason=row.reason,
            url=row.url,
            detail=row.detail,
        )
        for row in rows
    ]


def error_reasons(
    session: Session,
    *,
    site: str | None = None,
    since: datetime | date | str | None = None,
    reason: str | None = None,
    crawl_id: int | None = None,
) -> tuple[tuple[str, int], ...]:
    """How many problems of each reason :func:`list_errors` finds (without its limit), most
    first."""
    statement = _errors_where(session, site, since, reason, crawl_id)
    if statement is None:
        return ()
    number = func.count(CrawlError.id).label("number")
    rows = session.execute(
        statement.with_only_columns(CrawlError.reason, number)
        .group_by(CrawlError.reason)
        .order_by(number.desc(), CrawlError.reason)
    )
    return tuple((name, count) for name, count in rows)


def _errors_where(
    session: Session,
    site: str | None,
    since: datetime | date | str | None,
    reason: str | None,
    crawl_id: int | None,
) -> Any:
    """The ``crawl_error`` rows the filters leave; None when no crawl of ``site`` exists."""
    statement = select(CrawlError)
    if site:
        crawls = [crawl.id for crawl in list_crawls(session, site=site)]
        if not crawls:
            return None
        statement = statement.where(CrawlError.crawl_id.in_(crawls))
    if crawl_id is not None:
        statement = statement.where(CrawlError.crawl_id == crawl_id)
    if since is not None:
        statement = statement.where(CrawlError.at >= as_instant(since))
    if reason:
        family = reason.strip().lower()
        statement = statement.where(
            or_(
                func.lower(CrawlError.reason) == family,
                func.lower(CrawlError.reason).startswith(family + "-", autoescape=True),
            )
        )
    return statement


def _per_site(session: Session) -> tuple[SiteCount, ...]:
    stories = func.count(Story.id).label("stories")
    rows = session.execute(
        select(Site.host, stories, func.max(Story.last_seen_at))
        .outerjoin(Story, Story.site_id == Site.id)
        .group_by(Site.id, Site.host)
        .order_by(stories.desc(), Site.host)
    )
    return tuple(
        SiteCount(site=host, stories=count, last_seen_at=last_seen)
        for host, count, last_seen in rows
    )


# -- listing and export -----------------------------------------------------------------------


def list_stories(
    session: Session,
    *,
    limit: int | None = None,
    offset: int = 0,
    **filters: Unpack[StoryFilters],
) -> list[ListedStory]:
    """Stories newest first: by ``published_at`` (undated ones last), then ``first_seen_at``,
    narrowed by ``filters`` (see :class:`~archive.filters.StoryFilters`)."""
    statement = apply_filters(select(Story), **filters).order_by(
        Story.published_at.desc().nulls_last(), Story.first_seen_at.desc(), Story.id.desc()
    )
    stories = list(session.scalars(statement.offset(offset).limit(limit)))
    related = _Related.load(session, [story.id for story in stories])
    return [_listed(story, related) for story in stories]


def count_stories(session: Session, **filters: Unpack[StoryFilters]) -> int:
    """How many stories ``filters`` leave: the total of :func:`list_stories` pages."""
    return session.scalar(apply_filters(select(func.count(Story.id)), **given(filters))) or 0


def export_records(session: Session, story_ids: Sequence[int]) -> list[ExportedStory]:
    """The export records of the stories ``story_ids`` (search hits, say), in that order;
    ids of no story are left out."""
    stories = {
        story.id: story for story in session.scalars(select(Story).where(Story.id.in_(story_ids)))
    }
    related = _Related.load(session, list(stories))
    return [related.record(stories[i]) for i in story_ids if i in stories]


def iter_export(
    session: Session, *, batch_size: int = 500, **filters: Unpack[StoryFilters]
) -> Iterator[ExportedStory]:
    """Stream export records in archive order, oldest entry first.

    Rows arrive ``batch_size`` at a time (a server-side cursor on PostgreSQL), and authors,
    tags and aliases are loaded per batch, so memory stays flat however large the archive.
    """
    statement = apply_filters(select(Story), **filters).order_by(Story.id)
    statement = statement.execution_options(yield_per=batch_size)
    result = session.scalars(statement)
    try:
        for partition in result.partitions():
            related = _Related.load(session, [story.id for story in partition])
            for story in partition:
                yield related.record(story)
    finally:
        # Closes the server-side cursor when the reader stops early (`| head`).
        result.close()


def story_record(
    story: Story,
    *,
    authors: Sequence[str],
    tags: Sequence[str],
    aliases: Sequence[str],
    cluster_id: int | None = None,
    stamp: tuple[int | None, str | None] = (None, None),
) -> ExportedStory:
    """The export record of ``story``, given its authors and tags in order, its aliases, the
    near-duplicate cluster it belongs to (see :mod:`archive.neardup`) and the extractor stamp
    of its current version (``EXTRACTOR_VERSION``, the newscrawl release)."""
    return ExportedStory(
        id=story.id,
        url=story.url,
        site=story.site.host,
        title=story.title,
        description=story.description,
        body=story.body,
        authors=tuple(authors),
        agency=story.agency,
        published_at=story.published_at,
        modified_at=story.modified_at,
        tags=tuple(tags),
        section=story.section,
        language=story.language,
        image_url=story.image_url,
        first_seen_at=story.first_seen_at,
        last_seen_at=story.last_seen_at,
        aliases=tuple(aliases),
        # Versions are numbered 1..n without gaps, so the current number is the count.
        versions=story.version,
        cluster_id=cluster_id,
        extractor_version=stamp[0],
        software_version=stamp[1],
    )


@dataclass(frozen=True)
class _Related:
    """Authors, tags, aliases and clusters of a page of stories, each loaded with one IN query."""

    authors: dict[int, list[str]] = field(default_factory=dict)
    tags: dict[int, list[str]] = field(default_factory=dict)
    aliases: dict[int, list[str]] = field(default_factory=dict)
    clusters: dict[int, int] = field(default_factory=dict)
    stamps: dict[int, tuple[int | None, str | None]] = field(default_factory=dict)

    @classmethod
    def load(cls, session: Session, story_ids: list[int]) -> _Related:
        if not story_ids:
            return cls()
        aliases = (
            select(StoryAlias.story_id, StoryAlias.url)
            .where(StoryAlias.story_id.in_(story_ids))
            .order_by(StoryAlias.story_id, StoryAlias.url)
        )
        clusters = select(ClusterMember.story_id, ClusterMember.cluster_id).where(
            ClusterMember.story_id.in_(story_ids)
        )
        # The extractor stamp of each story's current version.
        stamps = (
            select(
                StoryVersion.story_id,
                StoryVersion.extractor_version,
                StoryVersion.software_version,
            )
            .join(
                Story,
                and_(Story.id == StoryVersion.story_id, Story.version == StoryVersion.number),
            )
            .where(StoryVersion.story_id.in_(story_ids))
        )
        return cls(
            authors=_linked_names(session, StoryAuthor, Author, story_ids),
            tags=_linked_names(session, StoryTag, Tag, story_ids),
            aliases=_grouped(session.execute(aliases)),
            clusters=dict(session.execute(clusters).all()),
            stamps={story_id: (ext, soft) for story_id, ext, soft in session.execute(stamps)},
        )

    def record(self, story: Story) -> ExportedStory:
        """The export record of ``story``, one of the stories loaded."""
        return story_record(
            story,
            authors=self.authors.get(story.id, []),
            tags=self.tags.get(story.id, []),
            aliases=self.aliases.get(story.id, []),
            cluster_id=self.clusters.get(story.id),
            stamp=self.stamps.get(story.id, (None, None)),
        )


def _linked_names(
    session: Session,
    link: type[StoryAuthor] | type[StoryTag],
    named: type[Author] | type[Tag],
    story_ids: list[int],
) -> dict[int, list[str]]:
    """The names (of authors or tags) linked to each story, in page order."""
    statement = (
        select(link.story_id, named.name)
        .join(named)
        .where(link.story_id.in_(story_ids))
        .order_by(link.story_id, link.position)
    )
    return _grouped(session.execute(statement))


def _grouped(rows: Iterable[tuple[int, str]]) -> dict[int, list[str]]:
    """``(story id, value)`` rows as each story's values, in row order."""
    grouped: dict[int, list[str]] = defaultdict(list)
    for story_id, value in rows:
        grouped[story_id].append(value)
    return grouped


def _fields_of(record: ExportedStory) -> dict[str, Any]:
    """A record's fields by name, as keyword arguments for a richer record built on it."""
    return {f.name: getattr(record, f.name) for f in fields(record)}


def _listed(story: Story, related: _Related) -> ListedStory:
    return ListedStory(**_fields_of(related.record(story)))


# -- one story --------------------------------------------------------------------------------


def get_story(session: Session, url_or_id: StoryKey) -> StoryDetail | None:
    """A story by id, URL or alias, with provenance and version history; or None."""
    story = _find_story(session, url_or_id)
    if story is None:
        return None
    listed = _listed(story, _Related.load(session, [story.id]))
    signals = session.scalars(
        select(DateSignal).where(DateSignal.story_id == story.id).order_by(DateSignal.source)
    )
    return StoryDetail(
        **_fields_of(listed),
        last_crawled_at=story.last_crawled_at,
        provenance={row.field: row.source for row in story.provenance},
        history=_history(story.versions),
        cluster=_cluster(session, listed.cluster_id),
        date_signals={row.source: row.value for row in signals},
    )


def _cluster(session: Session, cluster_id: int | None) -> ClusterInfo | None:
    """A near-duplicate cluster: its canonical (earliest published) story and its members."""
    if cluster_id is None:
        return None
    cluster = session.get(Cluster, cluster_id)
    if cluster is None:
        return None
    canonical = session.get(Story, cluster.canonical_story_id)
    rows = session.execute(
        select(Story.url, ClusterMember.similarity, ClusterMember.detected_at)
        .join(ClusterMember, ClusterMember.story_id == Story.id)
        .where(ClusterMember.cluster_id == cluster_id)
        .order_by(Story.published_at, Story.id)
    )
    return ClusterInfo(
        id=cluster_id,
        canonical_url=canonical.url if canonical is not None else None,
        members=tuple(
            ClusterMemberInfo(url=url, similarity=similarity, detected_at=detected_at)
            for url, similarity, detected_at in rows
        ),
    )


def _find_story(session: Session, url_or_id: StoryKey) -> Story | None:
    """The story named by an id or an address: the address as typed, else as the crawl
    would have stored it (:func:`archive.keys.address_candidates`), canonical URLs first."""
    if isinstance(url_or_id, int):
        return session.get(Story, url_or_id)
    key = url_or_id.strip()
    if key.isdigit():
        return session.get(Story, int(key))
    if not key:
        return None
    candidates = [key, *(c for c in address_candidates(key) if c != key)]
    found = {
        story.url: story
        for story in session.scalars(select(Story).where(Story.url.in_(candidates)))
    }
    if not found:
        found = {
            alias: story
            for story, alias in session.execute(
                select(Story, StoryAlias.url)
                .join(Story.aliases)
                .where(StoryAlias.url.in_(candidates))
            )
        }
    return next((found[c] for c in candidates if c in found), None)


def _history(versions: Sequence[StoryVersion]) -> tuple[VersionEntry, ...]:
    history = []
    previous: dict[str, Any] | None = None
    for version in versions:
        values = {name: getattr(version, name) for name in VERSIONED_FIELDS}
        changed = (
            tuple(name for name in VERSIONED_FIELDS if values[name] != previous[name])
            if previous is not None
            else ()
        )
        history.append(
            VersionEntry(
                number=version.number,
                crawl_id=version.crawl_id,
                crawled_at=version.crawled_at,
                content_hash=version.content_hash,
                title=version.title,
                changed=changed,
                summary=version.summary,
                words_added=version.words_added,
                words_removed=version.words_removed,
                trivial=version.trivial,
                source=VersionSource.of(version),
            )
        )
        previous = values
    return tuple(history)


# -- versions ---------------------------------------------------------------------------------


def history(
    session: Session, url_or_id: StoryKey, *, include_trivial: bool = True
) -> list[VersionEntry]:
    """The versions of a story, oldest first.

    :raises LookupError: when no story has that id, URL or alias.
    """
    entries = _history(_require_story(session, url_or_id).versions)
    return [entry for entry in entries if include_trivial or not entry.trivial]


def get_version(session: Session, url_or_id: StoryKey, number: int | None = None) -> VersionContent:
    """One version's content (default: the current one; -1 the one before it, and so on).

    :raises LookupError: for an unknown story or version number.
    """
    story = _require_story(session, url_or_id)
    wanted = story.version if number is None else number
    if wanted < 0:
        wanted = story.version + 1 + wanted
    for version in story.versions:
        if version.number == wanted:
            return _version_content(story, version)
    raise LookupError(f"{story.url} has versions 1 to {story.version}, not {number}")


def as_of(session: Session, url_or_id: StoryKey, instant: datetime | date | str) -> VersionContent:
    """The story as the archive had it at ``instant`` (a datetime, a date meaning its
    midnight UTC, or an ISO 8601 string): the last version crawled by then.

    :raises NotArchivedYet: when ``instant`` is before the story's first version.
    """
    instant = as_instant(instant)
    story = _require_story(session, url_or_id)
    current = None
    for version in story.versions:
        if version.crawled_at <= instant:
            current = version
    if current is None:
        first = min(story.first_seen_at, story.versions[0].crawled_at)
        raise NotArchivedYet(
            f"{story.url} was not in the archive yet at {iso_z(instant)}:"
            f" first seen at {iso_z(first)}"
        )
    return _version_content(story, current)


def _require_story(session: Session, url_or_id: StoryKey) -> Story:
    story = _find_story(session, url_or_id)
    if story is None:
        raise LookupError(f"no story with id, URL or alias {url_or_id!r}")
    return story


def _version_content(story: Story, version: StoryVersion) -> VersionContent:
    return VersionContent(
        url=story.url,
        number=version.number,
        of=story.version,
        crawled_at=version.crawled_at,
        crawl_id=version.crawl_id,
        # The version row has the content columns under the record's names.
        **{name: getattr(version, name) for name in CONTENT_FIELDS},
        authors=tuple(version.authors),
        tags=tuple(version.tags),
        summary=version.summary,
        trivial=version.trivial,
        source=VersionSource.of(version),
    )
