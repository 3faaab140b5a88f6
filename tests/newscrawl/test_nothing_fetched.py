"""A crawl that fetched nothing from its site failed; one of several workers sharing a frontier
in Redis failed only when it could not reach the site (the others may have taken every page)."""

from __future__ import annotations

import pytest
from scrapy import Request, Spider
from scrapy.exceptions import CloseSpider, DownloadConnectionRefusedError
from scrapy.utils.test import get_crawler

from newscrawl.middlewares.bounds import NOTHING_FETCHED, BoundsMiddleware


def middleware(**settings: object) -> tuple[BoundsMiddleware, Spider]:
    crawler = get_crawler(Spider, settings)
    crawler.spider = spider = crawler._create_spider("news")
    return BoundsMiddleware.from_crawler(crawler), spider


def test_a_crawl_that_fetched_nothing_failed() -> None:
    bounds, spider = middleware()
    with pytest.raises(CloseSpider) as closed:
        bounds.spider_idle(spider)
    assert closed.value.reason == NOTHING_FETCHED


def test_a_worker_whose_pages_the_others_took_did_not_fail() -> None:
    bounds, spider = middleware(NEWSCRAWL_REDIS_URL="redis://127.0.0.1:6379/13")
    bounds.spider_idle(spider)  # no CloseSpider
    assert not bounds.crawler.stats.get_value("newscrawl/crawl/nothing_fetched")


def test_a_worker_that_could_not_reach_the_site_failed() -> None:
    bounds, spider = middleware(NEWSCRAWL_REDIS_URL="redis://127.0.0.1:6379/13")
    bounds.process_exception(Request("http://127.0.0.1:9/"), DownloadConnectionRefusedError())
    with pytest.raises(CloseSpider) as closed:
        bounds.spider_idle(spider)
    assert closed.value.reason == NOTHING_FETCHED
