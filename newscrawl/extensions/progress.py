"""The crawl's progress in the log, in pages and stories: it replaces Scrapy's ``LogStats``.

``LogStats`` says "Crawled N pages (at x pages/min), scraped M items": the items of this
project are stories, but a story written, updated or found unchanged are all "items" to it,
and the pages that give no story (listings, feeds, errors) are nowhere. Every
``LOGSTATS_INTERVAL`` seconds (Scrapy's own setting, 60 by default) this logs instead::

    pages 120 (240/min), stories new 80 updated 2 unchanged 15, errors 3

from the crawl's stats: ``response_received_count``, ``archive/stored/new``,
``archive/stored/updated``, ``archive/stored/unchanged`` with the ``304`` answers not yet
written (``newscrawl/revisit/not_modified``), and ``archive/page_errors``. It reads stats only,
so it works with the archive off too.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import NotConfigured

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

__all__ = ["ProgressLog", "progress_line"]


def progress_line(stats: StatsCollector, pages_before: int, interval: float) -> tuple[str, int]:
    """The progress line and the page count it was made at (for the next line's rate)."""

    def value(key: str) -> int:
        return int(stats.get_value(key, 0) or 0)

    pages = value("response_received_count")
    rate = (pages - pages_before) * 60 / interval if interval > 0 else 0.0
    unchanged = value("archive/stored/unchanged") + value("newscrawl/revisit/not_modified")
    line = (
        f"pages {pages} ({rate:.0f}/min), stories new {value('archive/stored/new')}"
        f" updated {value('archive/stored/updated')} unchanged {unchanged},"
        f" errors {value('archive/page_errors')}"
    )
    return line, pages


class ProgressLog:
    def __init__(self, stats: StatsCollector, interval: float) -> None:
        self.stats = stats
        self.interval = interval
        self.pages = 0
        self._task: asyncio.Task[None] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        interval = crawler.settings.getfloat("LOGSTATS_INTERVAL")
        if interval <= 0:
            raise NotConfigured("LOGSTATS_INTERVAL is 0: no progress lines")
        assert crawler.stats is not None
        extension = cls(crawler.stats, interval)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        self._task = asyncio.ensure_future(self._log_every_interval())

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self._task is not None:
            self._task.cancel()

    async def _log_every_interval(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            line, self.pages = progress_line(self.stats, self.pages, self.interval)
            logger.info(line)
