"""Requests in Redis are JSON that round-trips what the site spider's requests carry; anything
else read back is rejected, and nothing is ever unpickled."""

from __future__ import annotations

import json
import pickle
from datetime import UTC, datetime

import pytest
from scrapy import Request

from newscrawl.discovery import DateSignal
from newscrawl.scaleout.codec import PoisonedEntry, decode, encode
from tests.scaleout.helpers import START, site_spider


def test_the_spiders_requests_round_trip() -> None:
    spider = site_spider()
    signal = DateSignal(
        value=datetime(2024, 5, 1, 12, tzinfo=UTC), source="feed:published", zone_assumed=False
    )
    requests = [
        Request(START, callback=spider.parse, errback=spider.page_failed, meta={"start": True}),
        Request(
            START + "tag/x/page/2/",
            callback=spider.parse,
            errback=spider.page_failed,
            priority=3,
            meta={"known_pages": 1, "listing": (START + "tag/x/", 4), "item": True, "depth": 2},
        ),
        Request(START + "sitemap.xml", callback=spider.parse_sitemap, meta={"optional": True}),
        Request(START + "a/story/", callback=spider.parse, meta={"date_signals": [signal]}),
        # A revisit: default callback, conditional headers, 304 handled.
        Request(
            START + "b/story/",
            errback=spider.page_failed,
            headers={"If-None-Match": '"abc"', "If-Modified-Since": "Wed, 01 May 2024 12:00:00"},
            meta={"handle_httpstatus_list": [304], "revisit": True},
            dont_filter=True,
        ),
        Request(START + "new/", callback=spider.parse, meta={"redirect_urls": [START + "old/"]}),
    ]
    for request in requests:
        text = encode(spider, request)
        json.loads(text)  # plain JSON
        back = decode(spider, text)
        assert back.url == request.url
        assert back.callback == request.callback and back.errback == request.errback
        assert back.priority == request.priority and back.dont_filter == request.dont_filter
        for key, value in request.meta.items():
            assert back.meta[key] == value, key
        assert back.headers.to_unicode_dict() == request.headers.to_unicode_dict()
        assert encode(spider, back) == text, "equal requests are equal text"


def test_per_process_plumbing_is_not_kept() -> None:
    spider = site_spider()
    request = Request(
        START,
        callback=spider.parse,
        headers={"Cookie": "session=1", "Authorization": "x"},
        meta={"download_slot": "x", "proxy": "http://evil/", "_private": object()},
    )
    back = decode(spider, encode(spider, request))
    assert not back.headers
    assert back.meta == {}


POISONED = [
    pickle.dumps({"url": START}).decode("latin-1"),
    "{not json",
    json.dumps([START]),
    json.dumps({"url": START}),  # fields missing
    # A callback that is not one of the spider's own public methods.
    *(
        json.dumps(
            {
                "url": START,
                "callback": name,
                "errback": None,
                "priority": 0,
                "dont_filter": False,
                "meta": {},
                "headers": {},
            }
        )
        for name in ("close", "start", "_parse", "__init__", "no_such_method", 12)
    ),
    json.dumps(
        {
            "url": "file:///etc/passwd",
            "callback": "parse",
            "errback": None,
            "priority": 0,
            "dont_filter": False,
            "meta": {},
            "headers": {},
        }
    ),
    json.dumps(
        {
            "url": START,
            "callback": "parse",
            "errback": None,
            "priority": 0,
            "dont_filter": False,
            "meta": {"date_signals": [["not a date", "feed", False]]},
            "headers": {},
        }
    ),
    json.dumps(
        {
            "url": START,
            "callback": "parse",
            "errback": None,
            "priority": 0,
            "dont_filter": False,
            "meta": {},
            "headers": {"Cookie": "x"},
        }
    ),
]


@pytest.mark.parametrize("entry", POISONED)
def test_anything_else_is_rejected(entry: str) -> None:
    with pytest.raises(PoisonedEntry):
        decode(site_spider(), entry)
