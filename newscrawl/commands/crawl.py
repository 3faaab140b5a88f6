"""``scrapy crawl``, ending with exit status 1 when stories could not be archived.

Scrapy's own command exits 0 whenever the crawl started; a scheduled crawl must instead fail
loudly when its writes failed, so that cron, systemd or Scrapyd report it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

if TYPE_CHECKING:
    import argparse

# Stats that mean something was lost or not recorded, or the archive could not be opened.
FAILURE_STATS = ("archive/failed", "archive/unavailable")


class Command(ScrapyCrawlCommand):
    def short_desc(self) -> str:
        return "Run a spider; exit 1 if any story could not be archived"

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give one spider name, e.g. `scrapy crawl site -a url=...`")
        assert self.crawler_process is not None
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        stats = crawler.stats
        failed = sum(int(stats.get_value(key, 0) or 0) for key in FAILURE_STATS) if stats else 0
        if self.crawler_process.bootstrap_failed or failed:
            self.exitcode = 1
