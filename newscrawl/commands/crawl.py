"""``scrapy crawl``, ending with a non-zero exit status when the crawl failed.

Scrapy's own command exits 0 whenever the crawl started; a scheduled crawl must instead fail
loudly, so that cron, systemd or Scrapyd report it:

- bad input (no start URL, ``url=notaurl``, ``url=ftp://x/``, an unusable profile, a setting
  of the wrong type) is one line naming the problem and what to do, exit 2, no traceback; the
  spider and its settings are checked before the crawl starts;
- a damaged crawl frontier, a JOBDIR of Scrapy's own disk queue, or a frontier another crawl
  is using is one line naming the file, exit 2 (checked by :func:`newscrawl.frontier.preflight`);
- a crawl whose stories could not be archived, whose archive could not be opened, that
  could fetch nothing from its site, or whose share of errors crossed
  ``NEWSCRAWL_MAX_ERROR_SHARE`` exits 1.
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.crawler import Crawler
from scrapy.exceptions import UsageError

from newscrawl import frontier
from newscrawl.scaleout.scheduler import check_redis_url
from newscrawl.warc.capture import parse_size

if TYPE_CHECKING:
    import argparse

    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

# Stats that mean something was lost or not recorded (a story, a WARC record), the archive
# could not be opened, nothing could be fetched from the site, too many of its pages were
# errors, or a worker lost the shared frontier in Redis for longer than its deadline.
FAILURE_STATS = (
    "archive/failed",
    "archive/unavailable",
    "newscrawl/crawl/nothing_fetched",
    "newscrawl/crawl/too_many_errors",
    "newscrawl/warc/failed",
    "newscrawl/scaleout/redis_unreachable",
)

# Settings read with a typed getter, checked before the crawl starts so that a bad value is
# one line rather than a traceback from inside a component.
TYPED_SETTINGS: dict[str, str] = {
    "NEWSCRAWL_ALLOW_PRIVATE_NETWORKS": "bool",
    "NEWSCRAWL_DISCOVER": "bool",
    "NEWSCRAWL_REVISIT_ALL": "bool",
    "NEWSCRAWL_WARC": "bool",
    "NEWSCRAWL_STOP_AFTER_KNOWN_PAGES": "int",
    "NEWSCRAWL_MAX_PAGES": "int",
    "NEWSCRAWL_TRAP_UNPRODUCTIVE": "int",
    "NEWSCRAWL_RETRY_AFTER_MAX": "float",
    "NEWSCRAWL_RETRY_BACKOFF": "float",
    "NEWSCRAWL_MAX_ERROR_SHARE": "float",
    "NEWSCRAWL_PROGRESS_INTERVAL": "float",
    "ARCHIVE_BATCH_SIZE": "int",
    "ARCHIVE_FLUSH_INTERVAL": "float",
    "ARCHIVE_WRITE_ATTEMPTS": "int",
    "ARCHIVE_RETRY_DELAY": "float",
    "AUTOTHROTTLE_ENABLED": "bool",
    "CONCURRENT_REQUESTS": "int",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "int",
    "CLOSESPIDER_PAGECOUNT": "int",
    "DOWNLOAD_DELAY": "float",
    "DOWNLOAD_MAXSIZE": "int",
    "DOWNLOAD_TIMEOUT": "float",
    "RETRY_TIMES": "int",
    "ROBOTSTXT_OBEY": "bool",
}


def setting_problems(settings: BaseSettings) -> list[str]:
    """One line for each setting whose value its type cannot take, saying what to give."""
    problems = []
    if settings.get("NEWSCRAWL_WARC_MAX_SIZE") is not None:
        try:
            parse_size(settings.get("NEWSCRAWL_WARC_MAX_SIZE"))
        except ValueError as exc:
            problems.append(f"setting NEWSCRAWL_WARC_MAX_SIZE={exc}")
    if settings.get("NEWSCRAWL_REDIS_URL"):
        try:
            check_redis_url(str(settings.get("NEWSCRAWL_REDIS_URL")))
        except ValueError as exc:
            problems.append(str(exc))
    zone = settings.get("NEWSCRAWL_TIMEZONE")
    if zone and not _known_zone(str(zone)):
        problems.append(
            f"setting NEWSCRAWL_TIMEZONE={zone!r} is not a timezone: give an IANA name such as"
            " Europe/Berlin, America/New_York or UTC"
        )
    for name, kind in TYPED_SETTINGS.items():
        getter = {"bool": settings.getbool, "int": settings.getint, "float": settings.getfloat}
        try:
            getter[kind](name)
        except (TypeError, ValueError):
            example = {"bool": "true or false", "int": "a whole number", "float": "a number"}
            problems.append(f"setting {name}={settings.get(name)!r}: give {example[kind]}")
    return problems


def _known_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


class Command(ScrapyCrawlCommand):
    def short_desc(self) -> str:
        return "Run a spider; exit non-zero if the crawl failed or a story could not be archived"

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give one spider name, e.g. `scrapy crawl site -a url=...`")
        assert self.crawler_process is not None
        crawler = self._create_crawler(args[0])
        problem = self.input_problem(crawler, opts.spargs)
        if problem is not None:
            print(f"scrapy crawl {args[0]}: error: {problem}", file=sys.stderr)
            if crawler.settings.get("LOG_FILE"):
                # A job on Scrapyd keeps its log file, not its stderr.
                logger.error("Not crawling: %s", problem)
            self.exitcode = 2
            return
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
            return
        stats = crawler.stats
        if any(int(stats.get_value(key, 0) or 0) for key in FAILURE_STATS):
            self.exitcode = 1

    def input_problem(self, crawler: Crawler, spargs: dict[str, str]) -> str | None:
        """What is wrong with the settings or the spider's arguments, in one line; None when
        the spider can be made from them (on a throw-away crawler: nothing starts)."""
        assert self.settings is not None
        problems = setting_problems(crawler.settings)
        if problems:
            return "; ".join(problems)
        probe = Crawler(crawler.spidercls, self.settings)
        try:
            spider = probe.spidercls.from_crawler(probe, **spargs)
            frontier.preflight(probe, spider)
        except (ValueError, TypeError, OSError, frontier.FrontierError) as exc:
            return str(exc)
        return None
