"""The crawl's record in the archive, kept from the crawl's signals.

An extension in the shape of Scrapy's ``corestats`` and ``feedexport``: when the spider opens it
opens the crawl's :class:`~archive.writer.ArchiveWriter` (the archive gets its schema if new; an
archive whose schema is behind stops the crawl, naming the upgrade command) and records the
crawl's start. Through the crawl it collects what the project's signals
(:mod:`newscrawl.signals`) carry besides stories. When the spider closes, after the archive
pipeline has written every story, it writes them, each in its own transaction so that one
failing loses none of the others, and records how the crawl ended with its stats.

Stories themselves are written by :class:`newscrawl.pipelines.archive.ArchivePipeline`
through the same writer.

Settings: ``ARCHIVE_URL`` (empty: off), ``ARCHIVE_WRITE_ATTEMPTS``, ``ARCHIVE_RETRY_DELAY``,
``ARCHIVE_FAILED_FILE``, ``NEWSCRAWL_REVISIT_SCHEDULE``.

Stats: ``archive/page_errors``, ``archive/stored/unchanged`` and ``archive/stored/not_modified``
(``304`` answers), ``archive/aliases/added``, ``archive/aliases/unmatched``,
``archive/sightings/listed``, ``archive/date_signals``, ``archive/pages/<kind>`` (pages
judged not to be stories, written in batches of ``ARCHIVE_BATCH_SIZE`` x 10),
``archive/failed`` (writes that failed: the ``crawl`` command then exits 1),
``archive/unavailable`` (the archive could not be opened, or stories still wait in the spool
when the crawl ends), ``archive/item_error`` (a pipeline failed on a story: counted in
``archive/failed`` too), ``archive/spider_error`` (a callback failed on a page).

Every page the crawl accepted ends in a recorded state: a story (stored, or waiting in the
spool), a judged page (``crawled_page``), or a problem with its reason (``crawl_error``:
download and HTTP errors, pages with no story text, callbacks and pipelines that failed on it,
stories the archive refused).

Settings: ``ARCHIVE_SPOOL_DIR`` (where stories wait while the archive is unreachable; empty: no
spool), ``ARCHIVE_OUTAGE_DEADLINE`` (a crawl that ends during an outage waits so long, from
the outage's start, for the archive to return).

**What the crawl saw.** Every archived story the crawl met has its ``last_seen_at`` moved and a
sighting of the crawl: fetched (stored new, updated or unchanged, or answered ``304``), or only
linked (a request for it was scheduled from a listing, feed, sitemap or page, and the revisit
middleware did not fetch it again; feed and sitemap entries count even when not requested).
The crawl row's ``stats`` then counts them in ``stories_seen``.

**Progress.** The crawl's row is updated while it runs (pages, stories new / updated /
unchanged, errors), every ``NEWSCRAWL_PROGRESS_INTERVAL`` seconds and after each batch the
archive pipeline writes, so a running crawl shows how far it got.

**Failure by share of errors.** A crawl that would end ``finished`` but whose pages ended as
errors more often than ``NEWSCRAWL_MAX_ERROR_SHARE`` (errors / (stories + pages judged not
stories + errors)) is recorded with the status ``too_many_errors`` and sets
``newscrawl/crawl/too_many_errors``: the ``crawl`` command exits 1.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from scrapy import Spider, signals
from scrapy.exceptions import CloseSpider, NotConfigured
from scrapy.utils.asyncio import is_asyncio_available, run_in_thread

from archive.record import PageProblem
from archive.revisits import parse_schedule
from archive.spool import Spool, spool_path
from archive.store.crawls import record_progress
from archive.writer import ArchiveWriter, JudgedPage, is_unreachable, safe_url, short
from newscrawl import signals as project_signals
from newscrawl.middlewares.revisit import RevisitMiddleware
from newscrawl.urls import canonical_url

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.http import Request, Response
    from scrapy.statscollectors import StatsCollector
    from twisted.python.failure import Failure

logger = logging.getLogger(__name__)

T = TypeVar("T")

#: The stat set when a crawl's share of errors crossed NEWSCRAWL_MAX_ERROR_SHARE.
TOO_MANY_ERRORS = "too_many_errors"


class CrawlRecord:
    def __init__(self, stats: StatsCollector, writer: ArchiveWriter) -> None:
        self.stats = stats
        self.writer = writer
        self.opened = False
        self.problems: list[PageProblem] = []
        self.not_modified: list[tuple[str, datetime]] = []
        self.listed: list[tuple[str, str | None, int | None]] = []
        self.dates: list[tuple[str, str, datetime]] = []
        # (story URL, other address), and (where it led, the redirecting address): written at
        # the end, once every story is in the archive, so an alias never waits for its story.
        self.aliases: list[tuple[str, str]] = []
        self.redirects: list[tuple[str, str]] = []
        # Pages judged not to be stories, written in batches through the crawl.
        self.pages: list[JudgedPage] = []
        self.pages_batch = 500
        self.outage_deadline = 600.0
        self._page_writes: set[asyncio.Future[int | None]] = set()
        # Archived stories the crawl met without fetching them (canonical URLs).
        self.seen: set[str] = set()
        self.known: Callable[[], set[str]] = set
        self.max_error_share = 0.5
        self.progress_interval = 10.0
        self._progress: asyncio.Task[None] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        url = settings.get("ARCHIVE_URL")
        if not url:
            raise NotConfigured("ARCHIVE_URL is empty: nothing will be archived")
        if not is_asyncio_available():
            raise NotConfigured("the archive needs Scrapy's asyncio reactor (TWISTED_REACTOR)")
        spool_dir = settings.get("ARCHIVE_SPOOL_DIR")
        writer = ArchiveWriter(
            url,
            attempts=settings.getint("ARCHIVE_WRITE_ATTEMPTS"),
            retry_delay=settings.getfloat("ARCHIVE_RETRY_DELAY"),
            failed_file=Path(settings.get("ARCHIVE_FAILED_FILE")),
            schedule=parse_schedule(settings.get("NEWSCRAWL_REVISIT_SCHEDULE")),
            spool=Spool(spool_path(Path(spool_dir), url)) if spool_dir else None,
        )
        assert crawler.stats is not None
        record = cls(crawler.stats, writer)
        record.pages_batch = max(1, settings.getint("ARCHIVE_BATCH_SIZE")) * 10
        record.outage_deadline = settings.getfloat("ARCHIVE_OUTAGE_DEADLINE")
        record.max_error_share = settings.getfloat("NEWSCRAWL_MAX_ERROR_SHARE")
        record.progress_interval = settings.getfloat("NEWSCRAWL_PROGRESS_INTERVAL")
        # The site's archived stories, as the revisit middleware read them when the spider
        # opened (empty when it is off).
        record.known = lambda: RevisitMiddleware.memory_of(crawler).known
        connect = crawler.signals.connect
        connect(record.spider_opened, signal=signals.spider_opened)
        connect(record.spider_closed, signal=signals.spider_closed)
        connect(record.page_problem, signal=project_signals.page_problem)
        connect(record.story_not_modified, signal=project_signals.story_not_modified)
        connect(record.stories_listed, signal=project_signals.stories_listed)
        connect(record.story_dates, signal=project_signals.story_dates)
        connect(record.story_aliases, signal=project_signals.story_aliases)
        connect(record.address_redirected, signal=project_signals.address_redirected)
        connect(record.page_judged, signal=project_signals.page_judged)
        connect(record.item_error, signal=signals.item_error)
        connect(record.item_dropped, signal=signals.item_dropped)
        connect(record.spider_error, signal=signals.spider_error)
        connect(record.request_scheduled, signal=signals.request_scheduled)
        return record

    # --- lifecycle ---------------------------------------------------------------------------

    async def spider_opened(self, spider: Spider) -> None:
        start_url = ", ".join(getattr(spider, "start_urls", None) or []) or None
        try:
            crawl_id = await run_in_thread(
                self.writer.open, spider=spider.name, start_url=start_url
            )
        except Exception as exc:  # an old schema, an unreachable server: nothing to crawl into
            self.stats.inc_value("archive/unavailable")
            logger.error("Not crawling: %s", short(exc))
            raise CloseSpider("archive_unavailable") from exc
        self.opened = True
        logger.info("Archiving into %s (crawl %s)", safe_url(self.writer.url), crawl_id)
        if self.progress_interval > 0:
            self._progress = asyncio.ensure_future(self._save_progress_every_interval())

    async def spider_closed(self, spider: Spider, reason: str) -> None:
        if not self.opened:
            return
        if self._progress is not None:
            self._progress.cancel()
        try:
            for write in list(self._page_writes):
                await write
            await run_in_thread(self._drain_spool)
            await run_in_thread(self._write_at_close)
            status = self._judged_status(reason)
            await run_in_thread(
                self._attempt,
                "the crawl's end",
                lambda: self.writer.finish(
                    status=status,
                    pages=self._pages(),
                    stats=dict(self.stats.get_stats()),
                ),
            )
        finally:
            await run_in_thread(self.writer.close)
        if self.writer.failed:
            logger.error(
                "%d stories could not be archived; they are kept in %s",
                self.writer.failed,
                self.writer.failed_file,
            )

    def _pages(self) -> int:
        return int(self.stats.get_value("response_received_count", 0) or 0)

    def _judged_status(self, reason: str) -> str:
        """The close reason, unless a crawl that ran to its end had too many errors."""
        if reason != "finished" or self.max_error_share >= 1:
            return reason
        errors = int(self.stats.get_value("archive/page_errors", 0) or 0) + self.writer.failed
        counts = self.writer.counts
        judged = sum(
            int(value or 0)
            for key, value in self.stats.get_stats().items()
            if key.startswith("archive/pages/")
        )
        outcomes = counts.new + counts.updated + counts.unchanged + judged + errors
        if not outcomes or errors / outcomes <= self.max_error_share:
            return reason
        self.stats.set_value(f"newscrawl/crawl/{TOO_MANY_ERRORS}", 1)
        logger.error(
            "%d of the crawl's %d pages ended as errors (%.0f%%, more than"
            " NEWSCRAWL_MAX_ERROR_SHARE=%s): the crawl failed; `archive errors` or the"
            " crawl_error rows say why",
            errors,
            outcomes,
            100 * errors / outcomes,
            self.max_error_share,
        )
        return TOO_MANY_ERRORS

    # --- progress ----------------------------------------------------------------------------

    async def _save_progress_every_interval(self) -> None:
        while True:
            await asyncio.sleep(self.progress_interval)
            await run_in_thread(self.save_progress)

    def save_progress(self) -> None:
        """Update the running crawl's row with its figures so far (blocking: call it from a
        thread). Best effort: the row gets its final figures when the crawl ends, so a
        failure here is only logged, and nothing is tried during an outage."""
        if not self.opened or self.writer.outage_since is not None:
            return
        sessions, crawl_id = self.writer.sessions, self.writer.crawl_id
        if sessions is None or crawl_id is None:
            return
        counts = self.writer.counts
        try:
            with sessions.begin() as session:
                record_progress(
                    session,
                    crawl_id,
                    pages=self._pages(),
                    stories_new=counts.new,
                    stories_updated=counts.updated,
                    # 304 answers are written when the crawl ends; they count already.
                    stories_unchanged=counts.unchanged + len(self.not_modified),
                    errors=self.writer.problems_recorded + len(self.problems),
                )
        except Exception as exc:
            logger.warning("Could not update the crawl's progress: %s", short(exc))

    def _drain_spool(self) -> None:
        """Stories that waited for the archive are written before the crawl's end, waiting for
        it until the outage deadline; those that still cannot be make the crawl a failure (they
        are kept for the next run)."""
        spool = self.writer.spool
        if spool is None or not spool.pending:
            return
        while True:
            self._attempt("the spool", lambda: self.writer.drain(force=True))
            left = self.outage_deadline - self.writer.outage_seconds()
            if not spool.pending or left <= 0:
                break
            time.sleep(min(1.0, left))
        if spool.pending:
            self.stats.inc_value("archive/unavailable")
            logger.error(
                "%d stories wait in %s for the archive: the next crawl writes them first, or"
                " run `archive replay %s`",
                spool.pending,
                spool.path,
                spool.path,
            )

    def _write_at_close(self) -> None:
        """What a crawl learns besides stories, now that every story is in the archive."""
        if self.problems:
            self._attempt("page problems", lambda: self.writer.record_problems(self.problems))
        if self.pages:
            pages, self.pages = self.pages, []
            self._attempt("judged pages", lambda: self.writer.record_pages(pages))
        if self.not_modified:
            touched = self._attempt(
                "unchanged stories", lambda: self.writer.touch_unchanged(self.not_modified)
            )
            self.stats.inc_value("archive/stored/unchanged", touched or 0)
            self.stats.inc_value("archive/stored/not_modified", touched or 0)
        if self.aliases or self.redirects:
            self._attempt("story aliases", self._write_aliases)
        # Listings first: a story's sighting keeps the first listing and position given.
        listed = self.listed + [(url, None, None) for url in sorted(self.seen)]
        if listed:
            seen = self._attempt("listed stories", lambda: self.writer.record_sightings(listed))
            self.stats.inc_value("archive/sightings/listed", seen or 0)
        if self.dates:
            kept = self._attempt(
                "date signals", lambda: self.writer.record_date_signals(self.dates)
            )
            self.stats.inc_value("archive/date_signals", kept or 0)

    def _write_aliases(self) -> None:
        counts = self.writer.add_aliases(self.aliases)
        redirects = self.writer.add_aliases(self.redirects)
        self.stats.inc_value("archive/aliases/added", counts.added + redirects.added)
        if counts.unmatched:
            # The page naming this canonical URL was seen, the canonical page never archived.
            self.stats.inc_value("archive/aliases/unmatched", len(counts.unmatched))
            logger.warning(
                "%d aliases name stories not in the archive, e.g. %s",
                len(counts.unmatched),
                counts.unmatched[0],
            )

    def _attempt(self, what: str, write: Callable[[], T]) -> T | None:
        """Run one write (the writer retries it); a failure is counted and logged, not raised."""
        try:
            return write()
        except Exception as exc:
            self.stats.inc_value("archive/failed")
            logger.error("Could not store %s: %s", what, short(exc))
            return None

    # --- signals -----------------------------------------------------------------------------

    def page_problem(self, problem: PageProblem) -> None:
        self.problems.append(problem)
        self.stats.inc_value("archive/page_errors")

    def item_error(self, item: Any, response: Response | None, failure: Failure) -> None:
        """A pipeline failed on a story: it is lost to this crawl, so the crawl fails."""
        self.stats.inc_value("archive/item_error")
        self.stats.inc_value("archive/failed")
        url = str(getattr(item, "url", None) or (response.url if response is not None else "?"))
        self.page_problem(
            PageProblem(url=url, reason="pipeline-error", detail=failure.getErrorMessage()[:300])
        )

    def item_dropped(self, item: Any, response: Response | None, exception: Exception) -> None:
        """A story a pipeline rejected is a problem with its reason. Not a copy of a story
        (dropped at ``DEBUG``: its addresses become aliases) nor one the archive refused
        (at ``ERROR``: the writer records it, and keeps it in the failed-stories file)."""
        if getattr(exception, "log_level", None) in ("DEBUG", "ERROR"):
            return
        url = str(getattr(item, "url", None) or (response.url if response is not None else "?"))
        self.page_problem(PageProblem(url=url, reason="dropped", detail=str(exception)[:300]))

    def spider_error(self, failure: Failure, response: Response) -> None:
        self.stats.inc_value("archive/spider_error")
        self.page_problem(
            PageProblem(
                url=response.url, reason="spider-error", detail=failure.getErrorMessage()[:300]
            )
        )

    def story_not_modified(self, url: str, fetched_at: datetime) -> None:
        self.not_modified.append((url, fetched_at))

    def stories_listed(self, listing_url: str, stories: list[tuple[str, int | None]]) -> None:
        self.listed.extend((url, listing_url, position) for url, position in stories)

    def story_dates(self, url: str, dates: list[tuple[str, datetime]]) -> None:
        self.dates.extend((url, source, value) for source, value in dates)
        self._saw(url)

    def request_scheduled(self, request: Request, spider: Spider) -> None:
        """A link to an archived story (from a listing, feed, sitemap or any page) is a
        sighting of it; the revisits' own requests are recorded by what they fetch."""
        if not request.meta.get("revisit"):
            self._saw(request.url)

    def _saw(self, url: str) -> None:
        known = self.known()
        if known:
            canonical = canonical_url(url)
            if canonical in known:
                self.seen.add(canonical)

    def story_aliases(self, story_url: str, urls: list[str]) -> None:
        story = canonical_url(story_url)
        self.aliases.extend((story, canonical_url(url)) for url in urls if url)

    def page_judged(self, url: str, kind: str, reason: str) -> None:
        self.pages.append(JudgedPage(url=url, kind=kind, reason=reason))
        self.stats.inc_value(f"archive/pages/{kind}")
        if len(self.pages) >= self.pages_batch and self.opened:
            pages, self.pages = self.pages, []
            write = asyncio.ensure_future(run_in_thread(self._write_pages, pages))
            self._page_writes.add(write)
            write.add_done_callback(self._page_writes.discard)

    def _write_pages(self, pages: list[JudgedPage]) -> int | None:
        """A batch of judged pages; while the archive is unreachable they wait for the end."""
        try:
            return self.writer.record_pages(pages)
        except Exception as exc:
            if is_unreachable(exc):
                self.pages.extend(pages)
                return None
            self.stats.inc_value("archive/failed")
            logger.error("Could not store judged pages: %s", short(exc))
            return None

    def address_redirected(self, target: str, url: str) -> None:
        self.redirects.append((canonical_url(target), canonical_url(url)))
