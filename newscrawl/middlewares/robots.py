"""robots.txt read as a polite crawler must: a missing file allows, an unavailable one means
"not yet".

Scrapy's ``RobotsTxtMiddleware`` crawls the whole site when robots.txt cannot be had (an error
page parsed as rules, or a download failure). A ``404`` (or any ``4xx``) does mean "no rules",
but a ``5xx`` or a timeout means the rules are unknown now: the site is not crawled in this run
(each of its requests fails with :class:`RobotsUnavailable`, recorded by the spider as a page
problem, so a crawl that fetched nothing ends as a failure), and the next run asks again. A
robots.txt refused as a private address passes that refusal on, so the page's problem names
the setting that allows it.

Replaces ``scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware`` at the same priority.
Stats: ``newscrawl/robots/unavailable`` (requests not made for it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.robotstxt import RobotParser
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

from newscrawl.network import PrivateNetworkRefused

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response


class RobotsUnavailable(Exception):
    """The site's robots.txt could not be read now (a server error or no answer)."""


class _NotYet(RobotParser):
    """The parser of a robots.txt that could not be had: it allows nothing, and says why."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    @classmethod
    def from_crawler(cls, crawler: Crawler, robotstxt_body: bytes) -> Self:
        raise NotImplementedError("made by the middleware, never from a crawler")

    def allowed(self, url: str | bytes, user_agent: str | bytes) -> bool:
        return False


class PatientRobotsTxtMiddleware(RobotsTxtMiddleware):
    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        if response.status >= 500:
            self._stats.inc_value(f"robotstxt/response_status_count/{response.status}")
            self._not_yet(
                netloc,
                RobotsUnavailable(
                    f"robots.txt of {netloc} answered {response.status}: the site is not"
                    " crawled until it can be read (the next run asks again)"
                ),
            )
            return
        await super()._parse_robots(response, netloc, request)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        if isinstance(exc, IgnoreRequest):
            super()._robots_error(exc, netloc)
            return
        if not isinstance(exc, PrivateNetworkRefused):
            exc = RobotsUnavailable(
                f"robots.txt of {netloc} could not be fetched ({exc or type(exc).__name__}):"
                " the site is not crawled until it can be read (the next run asks again)"
            )
        self._not_yet(netloc, exc)

    def _not_yet(self, netloc: str, error: Exception) -> None:
        waiting = self._parsers.get(netloc)
        parser = _NotYet(error)
        self._parsers[netloc] = parser
        if isinstance(waiting, Deferred) and not waiting.called:
            waiting.callback(parser)

    def process_request_2(self, rp: Any, request: Request) -> None:
        if isinstance(rp, _NotYet):
            if not urlparse_cached(request).path.endswith("/robots.txt"):
                self._stats.inc_value("newscrawl/robots/unavailable")
            raise rp.error.with_traceback(None)
        super().process_request_2(rp, request)
