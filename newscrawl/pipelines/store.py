"""Store stories, and the pages that gave none, in the archive.

Writes are batched (one transaction per batch: a commit per story costs ~4 ms on SQLite) and
run in a worker thread so the crawl never waits on the database. An item is passed on only
once its batch is committed, so ``item_scraped`` means "archived". A batch that fails is
retried; if it still fails each story is tried alone, and a story that cannot be written is
logged, counted in ``archive/failed``, appended to a JSON-lines file so nothing is lost, and the
crawl command ends with a non-zero exit.

Settings:

- ``ARCHIVE_URL``: the SQLAlchemy URL of the archive.
- ``ARCHIVE_BATCH_SIZE`` (50): stories per transaction.
- ``ARCHIVE_FLUSH_INTERVAL`` (0.5): seconds a story may wait for its batch to fill.
- ``ARCHIVE_WRITE_ATTEMPTS`` (3): tries of a batch before stories are tried one by one.
- ``ARCHIVE_FAILED_FILE`` (``data/failed-stories.jsonl``): where unwritable stories are kept.
- ``NEWSCRAWL_REVISIT_SCHEDULE``: when stories are due again, by age (see
  :mod:`archive.revisits`; e.g. ``"1h:15m, 1d:1h, 3d:6h, 7d:1d, 30d:7d"``).

Stories that answered ``304 Not Modified`` (:class:`~newscrawl.items.StoryUnchanged`) count as
unchanged: their ``last_seen_at`` moves and their next visit is scheduled.

Other addresses of stories (:class:`~newscrawl.items.StoryAlias`) are written when the spider
closes, after every story, so an alias never waits for a story still in flight.

Stats: ``archive/stored/new``, ``archive/stored/updated``, ``archive/stored/unchanged``,
``archive/page_errors``, ``archive/aliases/added``, ``archive/aliases/unmatched``,
``archive/failed``, and ``newscrawl/duplicate/near`` (stories stored as near-duplicates of
another URL's story, see :mod:`archive.neardup`).
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.asyncio import is_asyncio_available, run_in_thread
from sqlalchemy.exc import SQLAlchemyError

from archive.db import SchemaOutOfDate, ensure_schema, make_engine, make_sessionmaker
from archive.revisits import (
    DEFAULT_SCHEDULE,
    Schedule,
    parse_schedule,
    record_fetches,
    touch_unmodified,
)
from archive.store import (
    StoreCounts,
    add_aliases,
    finish_crawl,
    record_date_signals,
    record_errors,
    record_sightings,
    start_crawl,
    store_stories,
)
from newscrawl.errors import PageError
from newscrawl.items import StoriesListed, Story, StoryAlias, StoryDates, StoryUnchanged
from newscrawl.signals import address_redirected
from newscrawl.urls import canonical_url

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

logger = logging.getLogger(__name__)


@dataclasses.dataclass
class _Pending:
    story: Story
    done: asyncio.Future[None]


class ArchivePipeline:
    def __init__(
        self,
        stats: StatsCollector,
        *,
        url: str,
        batch_size: int = 50,
        flush_interval: float = 0.5,
        attempts: int = 3,
        failed_file: str = "data/failed-stories.jsonl",
        spider_name: str = "",
        start_url: str | None = None,
        schedule: Schedule | None = None,
    ) -> None:
        self.stats = stats
        self.crawler: Crawler | None = None
        self.url = url
        self.batch_size = max(1, batch_size)
        self.flush_interval = flush_interval
        self.attempts = max(1, attempts)
        self.failed_file = Path(failed_file)
        self.spider_name = spider_name
        self.start_url = start_url
        self.engine: Engine | None = None
        self.sessions: sessionmaker[Session] | None = None
        self.crawl_id: int | None = None
        self.pending: list[_Pending] = []
        self.page_errors: list[PageError] = []
        self.not_modified: list[StoryUnchanged] = []
        self.listed: list[tuple[str, str | None, int | None]] = []
        self.dates: list[tuple[str, str, datetime]] = []
        self.schedule = schedule or DEFAULT_SCHEDULE
        # (story URL, other address): written at the end, once every story is in the archive.
        self.aliases: list[tuple[str, str]] = []
        # (where it led, the redirecting address): many lead to pages that are not stories.
        self.redirects: list[tuple[str, str]] = []
        self.counts = StoreCounts(new=0, updated=0, unchanged=0)
        self.failed = 0
        self.errors_recorded = 0
        self._write_lock = asyncio.Lock()
        self._timer: asyncio.TimerHandle | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not is_asyncio_available():
            raise NotConfigured("ArchivePipeline needs Scrapy's asyncio reactor (TWISTED_REACTOR)")
        settings = crawler.settings
        url = settings.get("ARCHIVE_URL")
        if not url:
            raise NotConfigured("ARCHIVE_URL is empty: nothing will be archived")
        assert crawler.stats is not None
        pipeline = cls(
            crawler.stats,
            url=url,
            batch_size=settings.getint("ARCHIVE_BATCH_SIZE", 50),
            flush_interval=settings.getfloat("ARCHIVE_FLUSH_INTERVAL", 0.5),
            attempts=settings.getint("ARCHIVE_WRITE_ATTEMPTS", 3),
            failed_file=settings.get("ARCHIVE_FAILED_FILE", "data/failed-stories.jsonl"),
            schedule=parse_schedule(settings.get("NEWSCRAWL_REVISIT_SCHEDULE") or "") or None,
        )
        pipeline.crawler = crawler
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(pipeline.address_redirected, signal=address_redirected)
        return pipeline

    # --- lifecycle ---------------------------------------------------------------------------

    async def open_spider(self) -> None:
        spider = self.crawler.spider if self.crawler is not None else None
        if spider is not None:
            self.spider_name = spider.name
            start_urls = getattr(spider, "start_urls", None) or []
            self.start_url = ", ".join(start_urls) or None
        await run_in_thread(self._open)
        logger.info("Archiving into %s (crawl %s)", _safe_url(self.url), self.crawl_id)

    def _open(self) -> None:
        self.engine = make_engine(self.url)
        try:
            # A new archive gets the schema; an older one must be upgraded by its owner first.
            ensure_schema(self.engine)
        except SchemaOutOfDate as exc:
            self.engine.dispose()
            logger.error("Not crawling: %s", exc)
            raise
        self.sessions = make_sessionmaker(self.engine)
        with self.sessions.begin() as session:
            self.crawl_id = start_crawl(
                session,
                spider=self.spider_name,
                start_url=self.start_url,
                started_at=datetime.now(UTC),
            )

    def address_redirected(self, target: str, url: str) -> None:
        self.redirects.append((canonical_url(target), canonical_url(url)))

    async def close_spider(self) -> None:
        await self.flush()
        for task in list(self._tasks):
            await task
        # What only makes sense once every story is in the archive; each in its own transaction,
        # so that one failing loses none of the others.
        if self.aliases or self.redirects:
            await run_in_thread(self._write_at_close, "story aliases", self._write_aliases)
        if self.listed:
            await run_in_thread(self._write_at_close, "listed stories", self._write_listed)
        if self.dates:
            await run_in_thread(self._write_at_close, "date signals", self._write_dates)

    def _write_at_close(self, what: str, write: Callable[[Session], None]) -> None:
        assert self.sessions is not None
        try:
            with self.sessions.begin() as session:
                write(session)
        except Exception:
            self.stats.inc_value("archive/failed")
            self.failed += 1
            logger.exception("Could not store the crawl's %s", what)

    def _write_dates(self, session: Session) -> None:
        """Dates feeds and sitemaps gave, kept with their source for the stories archived."""
        kept = record_date_signals(session, self.dates)
        self.stats.inc_value("archive/date_signals", kept)

    def _write_listed(self, session: Session) -> None:
        """Sightings of archived stories that listings showed but this run did not fetch."""
        assert self.crawl_id is not None
        seen = record_sightings(session, self.crawl_id, self.listed, _now())
        self.stats.inc_value("archive/sightings/listed", seen)

    def _write_aliases(self, session: Session) -> None:
        counts = add_aliases(session, self.aliases)
        redirects = add_aliases(session, self.redirects)
        self.stats.inc_value("archive/aliases/added", counts.added + redirects.added)
        if counts.unmatched:
            # The page naming this canonical URL was seen, the canonical page never archived.
            self.stats.inc_value("archive/aliases/unmatched", len(counts.unmatched))
            logger.warning(
                "%d aliases name stories not in the archive, e.g. %s",
                len(counts.unmatched),
                counts.unmatched[0],
            )

    async def spider_closed(self, spider: Spider, reason: str) -> None:
        await self.flush()
        await run_in_thread(self._finish, reason)
        if self.failed:
            logger.error(
                "%d stories could not be archived; they are kept in %s",
                self.failed,
                self.failed_file,
            )

    def _finish(self, reason: str) -> None:
        assert self.sessions is not None and self.crawl_id is not None
        stats = dict(self.stats.get_stats())
        try:
            with self.sessions.begin() as session:
                finish_crawl(
                    session,
                    self.crawl_id,
                    finished_at=datetime.now(UTC),
                    status=reason if not self.failed else f"{reason} ({self.failed} not archived)",
                    pages=int(stats.get("response_received_count", 0)),
                    stories_new=self.counts.new,
                    stories_updated=self.counts.updated,
                    stories_unchanged=self.counts.unchanged,
                    errors=self.errors_recorded + self.failed,
                    stats=stats,
                )
        except SQLAlchemyError:
            self.stats.inc_value("archive/failed")
            logger.exception("Could not record the end of crawl %s", self.crawl_id)
        finally:
            if self.engine is not None:
                self.engine.dispose()

    # --- items -------------------------------------------------------------------------------

    async def process_item(self, item: Any) -> Any:
        if isinstance(item, PageError):
            self.page_errors.append(item)
            self.stats.inc_value("archive/page_errors")
            self._schedule_flush()
            return item
        if isinstance(item, StoryDates):
            self.dates.extend((item.url, source, value) for source, value in item.signals)
            return item
        if isinstance(item, StoriesListed):
            self.listed.extend((url, item.listing_url, pos) for url, pos in item.stories)
            return item
        if isinstance(item, StoryUnchanged):
            self.not_modified.append(item)
            self._schedule_flush()
            return item
        if isinstance(item, StoryAlias):
            self.aliases.extend((item.story_url, url) for url in item.urls)
            return item
        if not isinstance(item, Story):
            return item
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.pending.append(_Pending(item, done))
        if len(self.pending) >= self.batch_size:
            await self.flush()
        else:
            self._schedule_flush()
        await done  # raises DropItem when the story could not be written
        return item

    def _schedule_flush(self) -> None:
        if self._timer is None:
            loop = asyncio.get_running_loop()
            self._timer = loop.call_later(self.flush_interval, self._flush_soon)

    def _flush_soon(self) -> None:
        self._timer = None
        task = asyncio.ensure_future(self.flush())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def flush(self) -> None:
        """Write what is pending; one batch at a time, in a worker thread."""
        async with self._write_lock:
            while self.pending or self.page_errors or self.not_modified:
                batch, self.pending = (
                    self.pending[: self.batch_size],
                    self.pending[self.batch_size :],
                )
                errors, self.page_errors = self.page_errors, []
                unchanged, self.not_modified = self.not_modified, []
                try:
                    failures = await run_in_thread(
                        self._write, [p.story for p in batch], errors, unchanged
                    )
                except Exception as exc:  # never leave a story waiting for a write that died
                    logger.exception("Archive writer failed")
                    failures = {id(p.story): _short(exc) for p in batch}
                for pending in batch:
                    reason = failures.get(id(pending.story))
                    if reason is None:
                        pending.done.set_result(None)
                    else:
                        pending.done.set_exception(DropItem(f"not archived: {reason}", "ERROR"))

    def _write(
        self,
        stories: list[Story],
        errors: list[PageError],
        unchanged: list[StoryUnchanged] | None = None,
    ) -> dict[int, str]:
        """Write a batch; return ``{id(story): reason}`` for the stories that failed."""
        assert self.sessions is not None and self.crawl_id is not None
        last: Exception | None = None
        for attempt in range(self.attempts):
            try:
                with self.sessions.begin() as session:
                    counts = store_stories(session, self.crawl_id, [_record(s) for s in stories])
                    self._record_fetches(session, stories, unchanged or [])
                    if errors:
                        record_errors(session, self.crawl_id, [_record(e) for e in errors])
            except Exception as exc:  # retried: a bad story is isolated below
                last = exc
                logger.warning("Archive write failed (attempt %d): %s", attempt + 1, exc)
                time.sleep(0.2 * 2**attempt)  # a locked SQLite file or a PostgreSQL failover
                continue
            self._count(counts)
            self.errors_recorded += len(errors)
            if unchanged:
                self._count(StoreCounts(unchanged=len(unchanged)))
                self.stats.inc_value("archive/stored/not_modified", len(unchanged))
            return {}
        logger.error(
            "Archive batch of %d failed %d times; trying one by one", len(stories), self.attempts
        )
        return self._write_one_by_one(stories, errors, last)

    def _write_one_by_one(
        self, stories: list[Story], errors: list[PageError], last: Exception | None
    ) -> dict[int, str]:
        assert self.sessions is not None and self.crawl_id is not None
        failures: dict[int, str] = {}
        for story in stories:
            try:
                with self.sessions.begin() as session:
                    self._count(store_stories(session, self.crawl_id, [_record(story)]))
                    self._record_fetches(session, [story], [])
            except Exception as exc:
                failures[id(story)] = _short(exc)
                self._keep_failed(story, exc)
        lost = [
            *errors,
            *(
                PageError(s.url, "archive-write", failures[id(s)])
                for s in stories
                if id(s) in failures
            ),
        ]
        try:
            with self.sessions.begin() as session:
                record_errors(session, self.crawl_id, [_record(e) for e in lost])
            self.errors_recorded += len(errors)
        except SQLAlchemyError:
            logger.exception(
                "Could not record %d page errors (last write error: %s)", len(lost), last
            )
        return failures

    def _record_fetches(
        self, session: Session, stories: list[Story], unchanged: list[StoryUnchanged]
    ) -> None:
        """Validators and next visits of what was fetched (see :mod:`archive.revisits`)."""
        fetches = [(s.url, s.etag, s.last_modified, s.fetched_at or _now()) for s in stories]
        if fetches:
            record_fetches(session, fetches, self.schedule)
        if unchanged:
            assert self.crawl_id is not None
            seen = [(u.url, u.fetched_at) for u in unchanged]
            touch_unmodified(session, self.crawl_id, seen, _now(), self.schedule)

    def _count(self, counts: StoreCounts) -> None:
        self.counts += counts
        self.stats.inc_value("archive/stored/new", counts.new)
        self.stats.inc_value("archive/stored/updated", counts.updated)
        self.stats.inc_value("archive/stored/unchanged", counts.unchanged)
        if counts.clustered:
            # Near-duplicates at other URLs: stored, and joined to the story they copy.
            self.stats.inc_value("newscrawl/duplicate/near", counts.clustered)

    def _keep_failed(self, story: Story, exc: Exception) -> None:
        self.failed += 1
        self.stats.inc_value("archive/failed")
        logger.error("Could not archive %s: %s", story.url, _short(exc))
        self.failed_file.parent.mkdir(parents=True, exist_ok=True)
        with self.failed_file.open("a", encoding="utf-8") as f:
            record = _record(story) | {"error": _short(exc)}
            f.write(json.dumps(record, default=_json_default, ensure_ascii=False) + "\n")


def _now() -> datetime:
    return datetime.now(UTC)


def _record(obj: Story | PageError) -> dict[str, Any]:
    return dataclasses.asdict(obj)


def _json_default(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _short(exc: Exception) -> str:
    return str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__


def _safe_url(url: str) -> str:
    """The archive URL without its password, for the log."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL fails later with SQLAlchemy's own message
        return url
