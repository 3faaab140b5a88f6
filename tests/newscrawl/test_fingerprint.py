"""Request fingerprints over canonical URLs, and the dupefilter that counts filtered variants."""

from __future__ import annotations

import pytest
from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.utils.test import get_crawler

from newscrawl.fingerprint import CanonicalRequestFingerprinter, CountingDupeFilter

STORY = "https://news.example.com/2024/05/storm/"

# Each is the story's address written another way; none is another page.
VARIANTS = [
    f"{STORY}?utm_source=newsletter&utm_medium=email",
    f"{STORY}?fbclid=IwAR0abc",
    "https://NEWS.Example.COM/2024/05/storm/",
    "https://news.example.com:443/2024/05/storm/",
    f"{STORY}#comments",
    "https://News.Example.com:443/2024/05/storm/?gclid=x&utm_campaign=y#top",
]


def make_crawler(**settings: object) -> Crawler:
    return get_crawler(
        Spider,
        {
            "REQUEST_FINGERPRINTER_CLASS": CanonicalRequestFingerprinter,
            "DUPEFILTER_CLASS": CountingDupeFilter,
            **settings,
        },
    )


@pytest.fixture
def crawler() -> Crawler:
    return make_crawler()


def fingerprint(crawler: Crawler, url: str, **kwargs: object) -> bytes:
    return crawler.request_fingerprinter.fingerprint(Request(url, **kwargs))  # type: ignore[arg-type]


def test_the_setting_installs_the_fingerprinter(crawler: Crawler) -> None:
    assert isinstance(crawler.request_fingerprinter, CanonicalRequestFingerprinter)


@pytest.mark.parametrize("variant", VARIANTS)
def test_address_variants_are_one_request(crawler: Crawler, variant: str) -> None:
    assert fingerprint(crawler, variant) == fingerprint(crawler, STORY)


@pytest.mark.parametrize(
    ("other", "kwargs"),
    [
        pytest.param("https://news.example.com/2024/05/flood/", {}, id="path"),
        pytest.param(f"{STORY}?page=2", {}, id="query-that-names-a-page"),
        pytest.param("http://news.example.com/2024/05/storm/", {}, id="scheme"),
        pytest.param("https://news.example.com:8443/2024/05/storm/", {}, id="other-port"),
        pytest.param("https://other.example.com/2024/05/storm/", {}, id="host"),
        pytest.param(STORY, {"method": "POST"}, id="method"),
        pytest.param(STORY, {"method": "POST", "body": b"q=storm"}, id="body"),
    ],
)
def test_other_requests_are_not_one_request(
    crawler: Crawler, other: str, kwargs: dict[str, object]
) -> None:
    assert fingerprint(crawler, other, **kwargs) != fingerprint(crawler, STORY)


def test_bodies_tell_requests_apart(crawler: Crawler) -> None:
    one = fingerprint(crawler, STORY, method="POST", body=b"q=storm")
    assert one == fingerprint(crawler, STORY, method="POST", body=b"q=storm")
    assert one != fingerprint(crawler, STORY, method="POST", body=b"q=flood")


def test_a_fingerprint_is_bytes_scrapy_can_store(crawler: Crawler) -> None:
    # Scrapy's dupefilter and HTTP cache keep fingerprint.hex(): 20 bytes is a SHA-1.
    value = fingerprint(crawler, STORY)
    assert isinstance(value, bytes) and len(value) == 20


def filter_request(dupefilter: CountingDupeFilter, spider: Spider, request: Request) -> bool:
    """What Scrapy's scheduler does with each request: filter it, and log what it filtered."""
    seen = dupefilter.request_seen(request)
    if seen:
        dupefilter.log(request, spider)
    return seen


def test_the_dupefilter_counts_filtered_variants_apart(crawler: Crawler) -> None:
    spider = crawler._create_spider("news")
    dupefilter = CountingDupeFilter.from_crawler(crawler)
    assert dupefilter.fingerprinter is crawler.request_fingerprinter
    assert crawler.stats is not None

    assert not filter_request(dupefilter, spider, Request(STORY))
    # Variants of a fetched story (tracking parameters, a default port) are filtered, and
    # counted as variants.
    assert filter_request(dupefilter, spider, Request(VARIANTS[0]))
    assert filter_request(dupefilter, spider, Request(VARIANTS[3]))
    assert crawler.stats.get_value("newscrawl/duplicate/request_variant") == 2
    assert crawler.stats.get_value("dupefilter/filtered") == 2

    # A plain repeat of the link is filtered as Scrapy filters it, not as a variant; so is
    # another host case or a fragment, which w3lib's canonical form (Scrapy's own
    # fingerprint) already removes.
    for repeat in (STORY, VARIANTS[2], VARIANTS[4]):
        assert filter_request(dupefilter, spider, Request(repeat))
    assert crawler.stats.get_value("newscrawl/duplicate/request_variant") == 2
    assert crawler.stats.get_value("dupefilter/filtered") == 5


def test_a_variant_that_is_not_a_repeat_is_not_counted(crawler: Crawler) -> None:
    spider = crawler._create_spider("news")
    dupefilter = CountingDupeFilter.from_crawler(crawler)
    assert crawler.stats is not None
    assert not filter_request(dupefilter, spider, Request(VARIANTS[0]))
    assert not filter_request(dupefilter, spider, Request(f"{STORY}?page=2"))
    assert crawler.stats.get_value("newscrawl/duplicate/request_variant") is None
