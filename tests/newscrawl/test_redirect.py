"""Redirects as aliases: each redirecting address is announced with where it led."""

from __future__ import annotations

from typing import Any

import pytest
from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from newscrawl.middlewares.redirect import AliasRedirectMiddleware, TooManyRedirects
from newscrawl.signals import address_redirected

OLD = "https://news.example.com/2024/05/old-slug/"
NEW = "https://news.example.com/2024/05/storm-hits-coast/"


@pytest.fixture
def crawler() -> Crawler:
    crawler = get_crawler(Spider)
    crawler.spider = crawler._create_spider("news")
    return crawler


@pytest.fixture
def middleware(crawler: Crawler) -> AliasRedirectMiddleware:
    return AliasRedirectMiddleware.from_crawler(crawler)


def listen(crawler: Crawler) -> list[dict[str, Any]]:
    """What receivers of ``address_redirected`` are told, in order."""
    received: list[dict[str, Any]] = []

    def receiver(target: str, url: str, **_: Any) -> None:
        received.append({"target": target, "url": url})

    crawler.signals.connect(receiver, signal=address_redirected, weak=False)
    return received


@pytest.fixture
def redirects(crawler: Crawler) -> list[dict[str, Any]]:
    return listen(crawler)


def response(url: str, status: int, location: str | None = None) -> Response:
    headers = {"Location": location} if location is not None else {}
    return Response(url, status=status, headers=headers)


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_redirect_yields_the_new_request_and_announces_the_pair(
    middleware: AliasRedirectMiddleware, redirects: list[dict[str, Any]], status: int
) -> None:
    request = Request(OLD)
    result = middleware.process_response(request, response(OLD, status, NEW))
    assert isinstance(result, Request)
    assert result.url == NEW
    assert result.meta["redirect_urls"] == [OLD]
    assert redirects == [{"target": NEW, "url": OLD}]


def test_a_relative_location_is_announced_as_the_absolute_address(
    middleware: AliasRedirectMiddleware, redirects: list[dict[str, Any]]
) -> None:
    result = middleware.process_response(
        Request(OLD), response(OLD, 301, "/2024/05/storm-hits-coast/")
    )
    assert isinstance(result, Request)
    assert redirects == [{"target": NEW, "url": OLD}]


def test_a_chain_of_redirects_announces_each_hop(
    middleware: AliasRedirectMiddleware, redirects: list[dict[str, Any]]
) -> None:
    http = OLD.replace("https:", "http:")
    first = middleware.process_response(Request(http), response(http, 301, OLD))
    assert isinstance(first, Request)
    second = middleware.process_response(first, response(OLD, 301, NEW))
    assert isinstance(second, Request)
    assert redirects == [{"target": OLD, "url": http}, {"target": NEW, "url": OLD}]


def test_a_page_that_answers_sends_nothing(
    middleware: AliasRedirectMiddleware, redirects: list[dict[str, Any]]
) -> None:
    request = Request(NEW)
    answered = response(NEW, 200)
    assert middleware.process_response(request, answered) is answered
    assert redirects == []


@pytest.mark.parametrize(
    "meta",
    [
        pytest.param({"dont_redirect": True}, id="dont_redirect"),
        pytest.param({"handle_httpstatus_list": [301]}, id="handled-by-the-callback"),
    ],
)
def test_a_redirect_not_followed_sends_nothing(
    middleware: AliasRedirectMiddleware, redirects: list[dict[str, Any]], meta: dict[str, Any]
) -> None:
    moved = response(OLD, 301, NEW)
    assert middleware.process_response(Request(OLD, meta=meta), moved) is moved
    assert redirects == []


def test_a_redirect_past_the_limit_is_a_recorded_failure() -> None:
    crawler = get_crawler(Spider, {"REDIRECT_MAX_TIMES": 1})
    crawler.spider = crawler._create_spider("news")
    redirects = listen(crawler)
    middleware = AliasRedirectMiddleware.from_crawler(crawler)
    first = middleware.process_response(Request(OLD), response(OLD, 301, NEW))
    assert isinstance(first, Request)
    with pytest.raises(TooManyRedirects, match="redirected more than 1 times"):
        middleware.process_response(first, response(NEW, 301, OLD))
    assert redirects == [{"target": NEW, "url": OLD}]
    assert crawler.stats.get_value("newscrawl/bounded/redirects") == 1


def test_a_redirect_loop_is_a_recorded_failure() -> None:
    crawler = get_crawler(Spider, {"REDIRECT_MAX_TIMES": 10})
    crawler.spider = crawler._create_spider("news")
    middleware = AliasRedirectMiddleware.from_crawler(crawler)
    first = middleware.process_response(Request(OLD), response(OLD, 301, NEW))
    assert isinstance(first, Request)
    with pytest.raises(TooManyRedirects, match="is a redirect loop"):
        middleware.process_response(first, response(NEW, 301, OLD))
    assert crawler.stats.get_value("newscrawl/bounded/redirect_loop") == 1
