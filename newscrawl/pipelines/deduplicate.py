"""Drop a story whose canonical URL this crawl already passed on.

Where duplicates are caught, from the first request to the archive:

1. **Requests** (:mod:`newscrawl.fingerprint`): address variants (tracking parameters, host
   case, default ports) are one request fingerprint, so Scrapy's dupefilter fetches them once.
2. **Redirects** (:mod:`newscrawl.middlewares.redirect`): an address that redirects to a story
   is announced as one of its addresses.
3. **Other views** (the ``site`` spider): a page whose canonical link names another page of the
   site (AMP, print, a copy) is not a story; its address becomes an alias of the canonical one.
4. **Within a crawl** (this pipeline): a second story with a canonical URL already passed on is
   dropped; the addresses it came through become aliases.
5. **Across crawls** (:func:`archive.store.store_stories`): one row per canonical URL; a
   rerun's unchanged story is only seen again, a changed one gets a new version.
6. **Near-duplicates** (:mod:`archive.neardup`, run by :class:`archive.writer.ArchiveWriter`):
   syndicated or lightly edited copies at other URLs join the earliest story's cluster.

Aliases travel by the ``story_aliases`` signal and are written when the crawl ends.
Counted in the ``newscrawl/duplicate/url`` stat.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy.exceptions import DropItem

from newscrawl.items import Story
from newscrawl.signals import story_aliases

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.signalmanager import SignalManager
    from scrapy.statscollectors import StatsCollector


class DeduplicatePipeline:
    def __init__(self, stats: StatsCollector, signals: SignalManager) -> None:
        self.stats = stats
        self.signals = signals
        self.seen: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        assert crawler.stats is not None
        return cls(crawler.stats, crawler.signals)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Story):
            return item
        if item.url in self.seen:
            self.stats.inc_value("newscrawl/duplicate/url")
            if item.aliases:  # the addresses this copy came through are kept
                self.signals.send_catch_log(story_aliases, story_url=item.url, urls=item.aliases)
            raise DropItem(f"duplicate of {item.url} (fetched as {item.fetched_url})", "DEBUG")
        self.seen.add(item.url)
        return item
