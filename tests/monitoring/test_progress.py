"""A running crawl shows how far it got: its row in the archive is updated as it goes, and the
log says pages and stories (not Scrapy's "items")."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.utils.defer import deferred_f_from_coro_f
from sqlalchemy import select

from archive.db import make_engine, make_sessionmaker
from archive.models import Crawl
from demosite import RunningSite
from newscrawl.spiders.site import SiteSpider
from tests.crawl.helpers import crawl_settings

BATCH = 10


@deferred_f_from_coro_f
async def test_the_crawl_row_and_the_log_follow_the_crawl(
    demo_site: RunningSite, archive_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    settings = crawl_settings(
        archive_url,
        ARCHIVE_BATCH_SIZE=BATCH,
        LOGSTATS_INTERVAL=0.2,
        # Slow enough for a few progress lines.
        CONCURRENT_REQUESTS_PER_DOMAIN=2,
        DOWNLOAD_DELAY=0.02,
    )
    crawler = Crawler(SiteSpider, settings)
    rows: list[tuple[Any, ...]] = []
    engine = make_engine(archive_url)

    def scraped(item: Any) -> None:
        # Stories reach item_scraped once their batch is committed: by then the row has
        # the batch's figures.
        with make_sessionmaker(engine)() as session:
            crawl = session.scalars(select(Crawl)).one()
            rows.append((crawl.status, crawl.pages, crawl.stories_new))

    crawler.signals.connect(scraped, signal=signals.item_scraped)
    try:
        with caplog.at_level(logging.INFO):
            await crawler.crawl_async(url=demo_site.url)
    finally:
        engine.dispose()

    stored = len(demo_site.ground_truth())
    assert crawler.stats is not None and crawler.stats.get_value("archive/stored/new") == stored
    # While running, the row said "running" with the pages and stories so far, growing.
    assert rows and all(status == "running" for status, _pages, _new in rows)
    news = [new for _status, _pages, new in rows]
    assert news == sorted(news) and news[0] >= 1 and news[-1] == stored
    assert all(pages > 0 for _status, pages, _new in rows)

    lines = [r.getMessage() for r in caplog.records if r.name == "newscrawl.extensions.progress"]
    assert lines, "no progress line"
    assert all(line.startswith("pages ") and ", stories new " in line for line in lines)
    assert any(" new 0 " not in line for line in lines)
    messages = [r.getMessage() for r in caplog.records]
    assert not [m for m in messages if "items (at" in m], "Scrapy's LogStats still counts items"
