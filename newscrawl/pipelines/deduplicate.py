"""Drop a story whose canonical URL this crawl already passed on.

Across crawls the archive's upsert keeps one row per canonical URL; within a crawl this
pipeline keeps a second copy (reached through another address) from being written twice;
the addresses it came through go on as a :class:`~newscrawl.items.StoryAlias`.
Counted in the ``newscrawl/duplicate/url`` stat.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy.exceptions import DropItem

from newscrawl.items import Story, StoryAlias

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector


class DeduplicatePipeline:
    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats
        self.seen: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Story):
            return item
        if item.url in self.seen:
            self.stats.inc_value("newscrawl/duplicate/url")
            if item.aliases:  # the addresses this copy came through are kept
                return StoryAlias(item.url, list(item.aliases), reason="duplicate")
            raise DropItem(f"duplicate of {item.url} (fetched as {item.fetched_url})", "DEBUG")
        self.seen.add(item.url)
        return item
