"""Store stories in the archive: the last stage of ``ITEM_PIPELINES``.

Writes are batched (one transaction per batch: a commit per story costs ~4 ms on SQLite) and
run in a worker thread so the crawl never waits on the database. A story is passed on only once
its batch is committed, so ``item_scraped`` means "archived"; a story that could not be written
is dropped with its reason (the writer has kept it in ``ARCHIVE_FAILED_FILE``), counted in
``archive/failed``, and the ``crawl`` command exits 1. Its text is cleaned first
(:func:`archive.record.cleaned`: no NULs or lone surrogates), so feed exports get it clean too.

While the archive is unreachable, stories wait in the writer's durable spool and are passed on
(``archive/spooled``); when the outage has lasted ``ARCHIVE_OUTAGE_DEADLINE`` seconds the crawl
is closed with the reason ``archive_unreachable`` (``archive/unavailable``: exit 1), and the next
crawl writes the spool first.

The writer (:class:`archive.writer.ArchiveWriter`: retries, one-by-one isolation, the
near-duplicate check) belongs to the crawl's record,
:class:`newscrawl.extensions.crawl_record.CrawlRecord`, which opens it when the spider opens.

After each batch the crawl's row gets its figures so far
(:meth:`~newscrawl.extensions.crawl_record.CrawlRecord.save_progress`).

Settings: ``ARCHIVE_BATCH_SIZE`` (stories per transaction), ``ARCHIVE_FLUSH_INTERVAL`` (seconds
a story may wait for its batch to fill), ``ARCHIVE_OUTAGE_DEADLINE``.

Stats: ``archive/stored/new``, ``archive/stored/updated``, ``archive/stored/unchanged``,
``archive/failed``, and ``newscrawl/duplicate/near`` (stories stored as near-duplicates of
another URL's story, see :mod:`archive.neardup`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from itemadapter import is_item
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.asyncio import run_in_thread

from archive.writer import WriteResult, cleaned, short
from newscrawl.extensions.crawl_record import CrawlRecord
from newscrawl.items import Story

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

    from archive.writer import ArchiveWriter

logger = logging.getLogger(__name__)


@dataclass
class _Pending:
    story: Story
    done: asyncio.Future[None]


class ArchivePipeline:
    def __init__(
        self,
        stats: StatsCollector,
        writer: ArchiveWriter,
        *,
        batch_size: int,
        flush_interval: float,
        outage_deadline: float = 600.0,
        crawler: Crawler | None = None,
        on_batch: Callable[[], None] | None = None,
    ) -> None:
        self.crawler = crawler
        self.on_batch = on_batch
        self.outage_deadline = outage_deadline
        self.stopping = False
        self._closing: asyncio.Future[None] | None = None
        self.stats = stats
        self.writer = writer
        self.batch_size = max(1, batch_size)
        self.flush_interval = flush_interval
        self.pending: list[_Pending] = []
        self._write_lock = asyncio.Lock()
        self._timer: asyncio.TimerHandle | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        record = crawler.get_extension(CrawlRecord)
        if record is None:
            raise NotConfigured("the CrawlRecord extension is off (no ARCHIVE_URL?)")
        assert crawler.stats is not None
        return cls(
            crawler.stats,
            record.writer,
            batch_size=crawler.settings.getint("ARCHIVE_BATCH_SIZE"),
            flush_interval=crawler.settings.getfloat("ARCHIVE_FLUSH_INTERVAL"),
            outage_deadline=crawler.settings.getfloat("ARCHIVE_OUTAGE_DEADLINE"),
            crawler=crawler,
            on_batch=record.save_progress,
        )

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, Story):
            if is_item(item):
                logger.warning("Not archived: %s is not a story", type(item).__name__)
            return item
        item = cleaned(item)
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.pending.append(_Pending(item, done))
        if len(self.pending) >= self.batch_size:
            await self.flush()
        elif self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(
                self.flush_interval, self._flush_soon
            )
        await done  # raises DropItem when the story could not be written
        return item

    async def close_spider(self) -> None:
        await self.flush()
        for task in list(self._tasks):
            await task

    def _flush_soon(self) -> None:
        self._timer = None
        task = asyncio.ensure_future(self.flush())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def flush(self) -> None:
        """Write what is pending, one batch at a time, in a worker thread."""
        async with self._write_lock:
            while self.pending:
                batch = self.pending[: self.batch_size]
                self.pending = self.pending[self.batch_size :]
                stories = [pending.story for pending in batch]
                try:
                    result = await run_in_thread(self.writer.write, stories)
                except Exception as exc:  # never leave a story waiting for a write that died
                    logger.exception("Archive writer failed")
                    result = WriteResult(failures=dict.fromkeys(range(len(batch)), short(exc)))
                self._count(result)
                self._check_outage()
                if self.on_batch is not None:
                    await run_in_thread(self.on_batch)
                for position, pending in enumerate(batch):
                    reason = result.failures.get(position)
                    if reason is None:
                        pending.done.set_result(None)
                    else:
                        pending.done.set_exception(DropItem(f"not archived: {reason}", "ERROR"))

    def _check_outage(self) -> None:
        """Past the deadline of an outage, the crawl stops: its stories wait in the spool."""
        outage = self.writer.outage_seconds()
        if outage <= self.outage_deadline or self.stopping:
            return
        self.stopping = True
        self.stats.inc_value("archive/unavailable")
        logger.error(
            "The archive has been unreachable for %.0f s (ARCHIVE_OUTAGE_DEADLINE %.0f s):"
            " stopping the crawl; %d stories wait in %s",
            outage,
            self.outage_deadline,
            self.writer.spool.pending if self.writer.spool else 0,
            self.writer.spool.path if self.writer.spool else "-",
        )
        engine = self.crawler.engine if self.crawler is not None else None
        if engine is not None and engine.spider is not None:
            # Not one of self._tasks: closing the spider awaits those (close_spider below).
            self._closing = asyncio.ensure_future(
                engine.close_spider_async(reason="archive_unreachable")
            )

    def _count(self, result: WriteResult) -> None:
        counts = result.counts
        self.stats.inc_value("archive/stored/new", counts.new)
        self.stats.inc_value("archive/stored/updated", counts.updated)
        self.stats.inc_value("archive/stored/unchanged", counts.unchanged)
        if counts.clustered:
            # Near-duplicates at other URLs: stored, and joined to the story they copy.
            self.stats.inc_value("newscrawl/duplicate/near", counts.clustered)
        if result.failures:
            self.stats.inc_value("archive/failed", len(result.failures))
        if result.spooled:
            self.stats.inc_value("archive/spooled", result.spooled)
