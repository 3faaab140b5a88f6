"""The deduplicate pipeline: one story per canonical URL per crawl; a copy's addresses kept."""

from __future__ import annotations

from typing import Any

import pytest
from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from newscrawl.items import Story
from newscrawl.pipelines.deduplicate import DeduplicatePipeline
from newscrawl.signals import story_aliases

URL = "https://news.example.com/2024/05/storm/"


@pytest.fixture
def crawler() -> Crawler:
    return get_crawler(Spider)


@pytest.fixture
def pipeline(crawler: Crawler) -> DeduplicatePipeline:
    return DeduplicatePipeline.from_crawler(crawler)


@pytest.fixture
def aliases(crawler: Crawler) -> list[dict[str, Any]]:
    """What receivers of ``story_aliases`` are told, in order."""
    received: list[dict[str, Any]] = []

    def receiver(story_url: str, urls: list[str], **_: Any) -> None:
        received.append({"story_url": story_url, "urls": list(urls)})

    crawler.signals.connect(receiver, signal=story_aliases, weak=False)
    return received


def duplicates(crawler: Crawler) -> Any:
    assert crawler.stats is not None
    return crawler.stats.get_value("newscrawl/duplicate/url")


def test_the_first_story_passes(
    crawler: Crawler, pipeline: DeduplicatePipeline, aliases: list[dict[str, Any]]
) -> None:
    story = Story(url=URL, title="Storm", fetched_url=URL)
    assert pipeline.process_item(story) is story
    other = Story(url=URL.replace("storm", "flood"), title="Flood")
    assert pipeline.process_item(other) is other
    assert duplicates(crawler) is None
    assert aliases == []


def test_a_second_copy_is_dropped_and_its_addresses_kept(
    crawler: Crawler, pipeline: DeduplicatePipeline, aliases: list[dict[str, Any]]
) -> None:
    pipeline.process_item(Story(url=URL, fetched_url=URL))
    amp = "https://news.example.com/amp/2024/05/storm/"
    copy = Story(url=URL, fetched_url=amp, aliases=[amp, "https://news.example.com/?p=12"])
    with pytest.raises(DropItem, match="duplicate of"):
        pipeline.process_item(copy)
    assert duplicates(crawler) == 1
    assert aliases == [{"story_url": URL, "urls": [amp, "https://news.example.com/?p=12"]}]


def test_a_copy_without_other_addresses_sends_no_aliases(
    crawler: Crawler, pipeline: DeduplicatePipeline, aliases: list[dict[str, Any]]
) -> None:
    pipeline.process_item(Story(url=URL, fetched_url=URL))
    for _ in range(2):
        with pytest.raises(DropItem):
            pipeline.process_item(Story(url=URL, fetched_url=URL))
    assert duplicates(crawler) == 2
    assert aliases == []


def test_other_items_pass_untouched(crawler: Crawler, pipeline: DeduplicatePipeline) -> None:
    item = {"url": URL}
    assert pipeline.process_item(item) is item
    assert pipeline.process_item(item) is item
    assert pipeline.process_item(Story(url=URL)).url == URL  # a dict did not mark the URL seen
    assert duplicates(crawler) is None


def test_each_crawl_starts_with_nothing_seen() -> None:
    story = Story(url=URL)
    for _ in range(2):
        pipeline = DeduplicatePipeline.from_crawler(get_crawler(Spider))
        assert pipeline.process_item(story) is story
