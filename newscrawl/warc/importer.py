"""``archive import-warc``: build or extend an archive from WARC files made elsewhere.

The archive finds :func:`import_warcs` through the ``archive.warc_importers`` entry point. It
indexes the files (:class:`~newscrawl.warc.replay.WarcIndex`), then runs one crawl per site
they hold (a site: a host with captured HTML pages), with the project's own settings, the
``site`` spider's import variant (:class:`~newscrawl.warc.replay.WarcImportSpider`) and the
replay download handler in place of the network. So the stories go through the same
extraction, normalisation, deduplication and versioning as a live crawl, and each version
points at its record in the imported files, with the capture's time as its ``fetched_at``.

What differs from a live crawl, and why:

- robots.txt is not asked (the capture was made under its own rules);
- every archived story is "due" (``NEWSCRAWL_REVISIT_ALL``), listings are paged to their end,
  and no crawl frontier is kept: an import reads everything the files hold;
- nothing is retried or waited for (a captured 429 stays a 429);
- ``NEWSCRAWL_WARC`` is off: the files imported are the record.

An address captured more than once is imported from its latest capture.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from newscrawl.warc.records import WarcReadError
from newscrawl.warc.replay import WarcImportSpider, WarcIndex

__all__ = ["ImportError_", "SiteImport", "import_warcs"]

# Failures that mean stories were lost (as the crawl command's FAILURE_STATS).
_FAILURE_STATS = ("archive/failed", "archive/unavailable")


class ImportError_(Exception):
    """Bad input for an import (no such file, not a WARC, no site in it): one line."""


@dataclass(frozen=True)
class SiteImport:
    """What importing one site did."""

    site: str
    start_url: str
    pages: int
    new: int
    updated: int
    unchanged: int
    not_captured: int
    failed: int
    status: str

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def import_warcs(
    paths: list[Path],
    archive_url: str,
    *,
    sites: list[str] | None = None,
    log_level: str = "WARNING",
    settings: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """Import the stories of the WARC files at ``paths`` into the archive at
    ``archive_url``; one dict per site (:class:`SiteImport`'s fields).

    :param sites: only these hosts (default: every site the files hold).
    :param settings: further Scrapy settings for the crawls.
    :raises ImportError_: for a file that cannot be read, or no site to import.
    """
    for path in paths:
        if not path.is_file():
            raise ImportError_(f"no WARC file {path}")
    try:
        index = WarcIndex.of(paths)
    except WarcReadError as exc:
        raise ImportError_(f"not a readable WARC file: {exc}") from None
    hosts = index.hosts()
    if sites:
        wanted = {site.lower().removeprefix("www.") for site in sites}
        hosts = [host for host in hosts if host.removeprefix("www.") in wanted]
    if not hosts:
        what = f" of {', '.join(sites)}" if sites else ""
        raise ImportError_(f"no captured HTML page{what} in {len(paths)} WARC file(s)")
    process = CrawlerProcess(_settings(index, archive_url, log_level, settings or {}))
    crawlers = []
    for host in hosts:
        start = index.start_url(host)
        crawler = process.create_crawler(WarcImportSpider)
        process.crawl(crawler, url=start)
        crawlers.append((host, start, crawler))
    process.start()
    results = []
    for host, start, crawler in crawlers:
        stats = crawler.stats.get_stats() if crawler.stats is not None else {}
        failed = sum(int(stats.get(key, 0) or 0) for key in _FAILURE_STATS)
        results.append(
            SiteImport(
                site=host,
                start_url=start,
                pages=int(stats.get("newscrawl/warc/replayed", 0)),
                new=int(stats.get("archive/stored/new", 0)),
                updated=int(stats.get("archive/stored/updated", 0)),
                unchanged=int(stats.get("archive/stored/unchanged", 0)),
                not_captured=int(stats.get("newscrawl/warc/not_captured", 0)),
                failed=failed,
                status=str(stats.get("finish_reason", "not started")),
            ).as_dict()
        )
    return results


def _settings(
    index: WarcIndex, archive_url: str, log_level: str, extra: dict[str, Any]
) -> Settings:
    settings = Settings()
    settings.setmodule("newscrawl.settings", priority="project")
    handler = "newscrawl.warc.replay.WarcReplayHandler"
    settings.setdict(
        {
            "ARCHIVE_URL": archive_url,
            "NEWSCRAWL_WARC_INDEX": index,
            "DOWNLOAD_HANDLERS": {"http": handler, "https": handler, "file": None, "s3": None},
            "NEWSCRAWL_WARC": False,
            "ROBOTSTXT_OBEY": False,
            # No network: addresses are only looked up in the files.
            "NEWSCRAWL_ALLOW_PRIVATE_NETWORKS": True,
            "NEWSCRAWL_REVISIT_ALL": True,
            "NEWSCRAWL_STOP_AFTER_KNOWN_PAGES": 10**9,
            "NEWSCRAWL_FRONTIER_DIR": "",
            "RETRY_ENABLED": False,
            "NEWSCRAWL_RETRY_AFTER_MAX": 0,
            "AUTOTHROTTLE_ENABLED": False,
            "DOWNLOAD_DELAY": 0,
            "CONCURRENT_REQUESTS": 16,
            "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
            "LOG_LEVEL": log_level,
            **extra,
        },
        priority="cmdline",
    )
    return settings
