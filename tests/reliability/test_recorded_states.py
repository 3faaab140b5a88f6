"""Guarantee 1: every page the crawl fetched ends in one recorded state, and a pipeline that
fails on a story is a recorded problem and a failed crawl, never a silent loss."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from scrapy import signals
from scrapy.http import HtmlResponse, Request, Response
from scrapy.utils.defer import deferred_f_from_coro_f
from sqlalchemy import text

from archive.db import make_engine
from demosite.process import RunningSite
from newscrawl.items import Story
from newscrawl.urls import canonical_url
from tests.crawl.helpers import crawl_settings

# The pipeline fails on the story it sees in this place.
UNLUCKY = 5


class FailOnePipeline:
    """A pipeline with a bug that shows on one story."""

    seen: ClassVar[list[str]] = []
    failed: ClassVar[list[str]] = []

    def process_item(self, item: Any) -> Any:
        if isinstance(item, Story):
            self.seen.append(item.url)
            if len(self.seen) == UNLUCKY:
                self.failed.append(item.url)
                raise RuntimeError("a bug in a pipeline")
        return item


def rows(archive_url: str, sql: str) -> set[str]:
    engine = make_engine(archive_url)
    try:
        with engine.connect() as connection:
            return {str(row[0]) for row in connection.execute(text(sql))}
    finally:
        engine.dispose()


@deferred_f_from_coro_f
async def test_every_fetched_page_ends_in_a_recorded_state(
    demo_site: RunningSite, tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.setenv("NEWSCRAWL_ALLOW_PRIVATE_NETWORKS", "true")
    FailOnePipeline.seen, FailOnePipeline.failed = [], []
    archive_url = f"sqlite:///{tmp_path / 'archive.db'}"
    settings = crawl_settings(
        archive_url,
        NEWSCRAWL_FRONTIER_DIR=str(tmp_path / "frontier"),
        ARCHIVE_FAILED_FILE=str(tmp_path / "failed.jsonl"),
        ITEM_PIPELINES={
            "newscrawl.pipelines.normalise.NormalisePipeline": 100,
            "tests.reliability.test_recorded_states.FailOnePipeline": 150,
            "newscrawl.pipelines.deduplicate.DeduplicatePipeline": 200,
            "newscrawl.pipelines.archive.ArchivePipeline": 900,
        },
    )
    pages: set[str] = set()

    def fetched(response: Response, request: Request) -> None:
        if isinstance(response, HtmlResponse) and response.status == 200:
            pages.add(canonical_url(request.url))

    from scrapy.crawler import Crawler

    from newscrawl.spiders.site import SiteSpider as Spider

    crawler = Crawler(Spider, settings)
    crawler.signals.connect(fetched, signal=signals.response_received)
    await crawler.crawl_async(url=demo_site.url)
    assert crawler.stats is not None
    stats = crawler.stats.get_stats()

    [unlucky] = FailOnePipeline.failed
    # The lost story is a recorded problem, and a failure of the crawl (exit 1).
    assert stats.get("archive/item_error") == 1 and stats.get("archive/failed") == 1
    problems = rows(archive_url, "SELECT url || ' ' || reason FROM crawl_error")
    assert f"{unlucky} pipeline-error" in problems
    stored = rows(archive_url, "SELECT url FROM story") | rows(
        archive_url, "SELECT url FROM story_alias"
    )
    judged = rows(archive_url, "SELECT url FROM crawled_page")
    rejected = {line.split(" ")[0] for line in problems}
    truth = {story["url"] for story in demo_site.ground_truth()}
    assert stored >= truth - {unlucky}, "one bad story costs no other"
    unrecorded = {url for url in pages if url not in stored | judged | rejected}
    assert not unrecorded, f"fetched pages in no recorded state: {sorted(unrecorded)[:5]}"
    assert len(pages) > len(truth)  # listings, static pages... not only stories
    assert not list((tmp_path / "frontier").glob("*.sqlite"))


@deferred_f_from_coro_f
async def test_a_callback_that_raises_leaves_its_page_recorded(
    demo_site: RunningSite, tmp_path: Path, monkeypatch: Any
) -> None:
    from scrapy.crawler import Crawler

    from newscrawl.spiders.site import SiteSpider

    failed: list[str] = []

    class Spider(SiteSpider):
        def parse(self, response: Response, **kwargs: Any) -> Any:
            if not failed and "/page/2/" in response.url:
                failed.append(canonical_url(response.url))
                raise RuntimeError("a bug in a callback")
            return super().parse(response, **kwargs)

    monkeypatch.setenv("NEWSCRAWL_ALLOW_PRIVATE_NETWORKS", "true")
    archive_url = f"sqlite:///{tmp_path / 'archive.db'}"
    settings = crawl_settings(archive_url, NEWSCRAWL_FRONTIER_DIR=str(tmp_path / "frontier"))
    crawler = Crawler(Spider, settings)
    await crawler.crawl_async(url=demo_site.url)
    assert crawler.stats is not None
    stats = crawler.stats.get_stats()
    [page] = failed
    assert stats["archive/spider_error"] == 1
    problems = rows(archive_url, "SELECT url || ' ' || reason FROM crawl_error")
    assert f"{page} spider-error" in problems
    # The rest of the site is stored all the same.
    stored = rows(archive_url, "SELECT url FROM story")
    assert stored >= {story["url"] for story in demo_site.ground_truth()} - {page}
