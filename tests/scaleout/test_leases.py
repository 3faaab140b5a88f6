"""The shared queue's leases, the scheduler's handling of poisoned entries and of a Redis
restart, against real Redis servers."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
import redis
from scrapy import Request

from newscrawl.scaleout.codec import encode
from newscrawl.scaleout.pages import LEASE_META
from newscrawl.scaleout.queue import LeasedQueue
from newscrawl.scaleout.scheduler import RedisScheduler, connect
from tests.scaleout.helpers import START, site_spider
from tests.scaleout.redis_service import OwnRedis

if TYPE_CHECKING:
    from newscrawl.spiders.site import SiteSpider


def queue_of(url: str, spider: SiteSpider) -> LeasedQueue:
    return LeasedQueue(redis.Redis.from_url(url, decode_responses=True), spider, "t")


def test_a_lease_keeps_the_request_until_released_and_expired_ones_come_back_first(
    redis_url: str,
) -> None:
    spider = site_spider()
    queue = queue_of(redis_url, spider)
    for n in range(3):
        queue.push(Request(f"{START}{n}/", callback=spider.parse))
    queue.push(Request(f"{START}urgent/", callback=spider.parse, priority=5))
    now = time.time()
    [first] = queue.lease("w1", now + 60)
    assert '"url":"https://news.example/urgent/"' in first[0]
    [second] = queue.lease("w1", now - 1)  # as if its holder stopped renewing it a while ago
    assert '"url":"https://news.example/2/"' in second[0], "last in, first out"
    assert queue.counts() == (2, 2, 0)
    # Another worker puts the expired lease back, at the front; the live one stays.
    assert queue.requeue_expired(time.time()) == 1
    assert queue.counts() == (3, 1, 0)
    [again] = queue.lease("w2", now + 60)
    assert again[0] == second[0]
    # The first holder finishes late: its release takes nothing from the second's lease...
    queue.release([second[1]])
    assert queue.counts() == (2, 2, 0)
    queue.release([first[1], again[1]])
    assert queue.counts() == (2, 0, 0)


def test_a_release_after_the_lease_came_back_takes_the_request_out_of_the_queue(
    redis_url: str,
) -> None:
    spider = site_spider()
    queue = queue_of(redis_url, spider)
    queue.push(Request(START, callback=spider.parse))
    [held] = queue.lease("w1", time.time() - 1)
    queue.requeue_expired(time.time())
    assert queue.counts() == (1, 0, 0)
    queue.release([held[1]])  # its page was done after all: not fetched a second time
    assert queue.counts() == (0, 0, 0)


@pytest.fixture
def scheduler(redis_url: str) -> Iterator[RedisScheduler]:
    spider = site_spider(NEWSCRAWL_REDIS_URL=redis_url)
    scheduler = RedisScheduler.from_crawler(spider.crawler)
    scheduler.open(spider)
    try:
        yield scheduler
    finally:
        scheduler.close("shutdown")


def test_a_poisoned_entry_is_dropped_and_logged(
    scheduler: RedisScheduler, caplog: pytest.LogCaptureFixture
) -> None:
    spider = scheduler.spider
    scheduler.queue.push_encoded("\x80\x04\x95 a pickle, say", 10)
    assert scheduler.enqueue_request(Request(START + "good/", callback=spider.parse))
    with caplog.at_level(logging.ERROR):
        request = scheduler.next_request()
    assert request is not None and request.url == START + "good/"
    assert request.callback == spider.parse and isinstance(request.meta[LEASE_META], str)
    assert "that is not a request" in caplog.text
    assert scheduler.stats.get_value("newscrawl/scaleout/poisoned") == 1
    scheduler.has_pending_requests()  # sends what waits
    assert scheduler.queue.counts() == (0, 1, 0), "the poisoned entry is gone, not leased"


def test_workers_share_the_dupefilter_and_each_revisit(
    scheduler: RedisScheduler, redis_url: str
) -> None:
    spider = scheduler.spider
    scheduler.enqueue_request(Request(START + "a/", callback=spider.parse))
    scheduler.enqueue_request(Request(START + "a/?utm_source=x", callback=spider.parse))
    revisit = Request(START + "b/", meta={"revisit": True}, dont_filter=True)
    scheduler.enqueue_request(revisit)
    scheduler.enqueue_request(revisit.copy())  # as another worker's revisit middleware would
    # Bookkeeping of the spider's own stays in this worker.
    scheduler.enqueue_request(Request("data:,settle", dont_filter=True))
    assert scheduler.next_request().url == "data:,settle"
    scheduler.has_pending_requests()  # sends what waits
    assert scheduler.queue.counts() == (2, 0, 0), "one page, one revisit"
    assert scheduler.stats.get_value("dupefilter/filtered") == 1
    assert scheduler.stats.get_value("newscrawl/duplicate/request_variant") == 1


def test_a_redis_restart_loses_nothing(own_redis: OwnRedis) -> None:
    spider = site_spider(NEWSCRAWL_REDIS_URL=own_redis.url)
    scheduler = RedisScheduler.from_crawler(spider.crawler)
    scheduler.open(spider)
    try:
        assert scheduler.enqueue_request(Request(START + "before/", callback=spider.parse))
        held = scheduler.next_request()
        assert held is not None
        own_redis.stop()
        # While it is down: accepted, kept here; nothing handed out; the worker is not idle.
        assert scheduler.enqueue_request(Request(START + "during/", callback=spider.parse))
        assert scheduler.next_request() is None
        assert scheduler.has_pending_requests()
        scheduler.release(held.meta[LEASE_META])
        own_redis.start()
        deadline = time.monotonic() + 15
        request = None
        while request is None and time.monotonic() < deadline:
            time.sleep(0.2)
            request = scheduler.next_request()  # tried again after the back-off
        assert request is not None and request.url == START + "during/"
        assert scheduler.queue.counts() == (0, 1, 0), "the released lease was released"
    finally:
        scheduler.close("shutdown")
    assert encode(spider, request)


def test_a_url_that_is_not_redis_is_named_without_its_password() -> None:
    with pytest.raises(ValueError, match="NEWSCRAWL_REDIS_URL=") as raised:
        connect("http://user:hunter2@host/0")
    assert "hunter2" not in str(raised.value)
