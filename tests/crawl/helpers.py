"""Running a real crawl in-process against the demo site."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.settings import Settings

from newscrawl.spiders.site import SiteSpider


def crawl_settings(archive_url: str, **overrides: Any) -> Settings:
    """The project's settings, made quick for a site of ours on loopback."""
    settings = Settings()
    settings.setmodule("newscrawl.settings", priority="project")
    settings.setdict(
        {
            "ARCHIVE_URL": archive_url,
            # The demo site is ours and on loopback: no need to be polite to it, and loopback
            # is refused unless allowed.
            "NEWSCRAWL_ALLOW_PRIVATE_NETWORKS": True,
            "AUTOTHROTTLE_ENABLED": False,
            "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
            "ARCHIVE_FLUSH_INTERVAL": 0.1,
            "LOG_LEVEL": "INFO",
            **overrides,
        },
        priority="cmdline",
    )
    return settings


async def run_crawl(settings: Settings, **spider_args: Any) -> Crawler:
    crawler = Crawler(SiteSpider, settings)
    await crawler.crawl_async(**spider_args)
    return crawler
