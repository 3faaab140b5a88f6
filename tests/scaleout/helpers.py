"""A ``site`` spider on a crawler with the project's settings, without crawling."""

from __future__ import annotations

from typing import Any

from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from newscrawl.spiders.site import SiteSpider

START = "https://news.example/"


def site_spider(**settings: Any) -> SiteSpider:
    """The spider of a crawler with the project's settings and ``settings``."""
    values = Settings()
    values.setmodule("newscrawl.settings", priority="project")
    values.setdict(settings, priority="cmdline")
    crawler = get_crawler(SiteSpider, settings_dict=dict(values))
    spider = SiteSpider.from_crawler(crawler, url=START)
    crawler.spider = spider
    return spider
