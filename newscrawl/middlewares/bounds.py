"""Bounded against hostile sites: every response costs bounded time and memory, and every
stop is counted by its reason.

What bounds a response (the figures are settings, :mod:`newscrawl.settings`):

- its time: ``DOWNLOAD_TIMEOUT`` is a deadline for the whole response, headers and body, so a
  response that hangs after its headers or a body that never ends is cut after it; a timeout
  is not retried (``RETRY_EXCEPTIONS`` leaves it out): the page is recorded as failed and the
  next run tries again;
- its size: ``DOWNLOAD_MAXSIZE`` on the wire and, by :class:`BoundedCompressionMiddleware`,
  after decompression (gzip, deflate, brotli, zstd): a bomb is a recorded failure, not a
  silently ignored request; a body in an encoding nobody can decode is one too;
- its completeness: a body shorter than its ``Content-Length`` or a broken chunked body is a
  data loss (``DOWNLOAD_FAIL_ON_DATALOSS``), retried and then recorded as failed, never kept
  as a complete page;
- the site: ``NEWSCRAWL_MAX_PAGES`` requests at most per crawl (traps are stopped earlier by
  the URL rules of :mod:`newscrawl.middlewares.traps`).

A crawl that fetched no page of its site (nothing listens, every page failed, robots.txt
unavailable) is closed with the reason ``nothing_fetched`` (one of several workers sharing a
frontier in Redis only when a download failed: the others may have taken every page), which
the crawl's record keeps and for which the ``crawl`` command exits non-zero.

Settings: ``NEWSCRAWL_MAX_PAGES``, ``DOWNLOAD_TIMEOUT``, ``DOWNLOAD_MAXSIZE``.
Stats: ``newscrawl/bounded/<reason>`` (``timeout``, ``dataloss``, ``too_large``,
``undecodable``, ``connection``, ``page_budget``), ``newscrawl/pages/fetched``,
``newscrawl/crawl/nothing_fetched``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.exceptions import (
    CannotResolveHostError,
    CloseSpider,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.utils._compression import _DecompressionMaxSizeExceeded
from scrapy.utils.httpobj import urlparse_cached

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

NOTHING_FETCHED = "nothing_fetched"

# Download errors by the reason they are counted under.
_REASONS: tuple[tuple[type[Exception], str], ...] = (
    (DownloadTimeoutError, "timeout"),
    (ResponseDataLossError, "dataloss"),
    (DownloadCancelledError, "too_large"),
    (CannotResolveHostError, "dns"),
    (DownloadConnectionRefusedError, "connection"),
    (DownloadFailedError, "connection"),
)


class ResponseTooLarge(Exception):
    """A response larger than ``DOWNLOAD_MAXSIZE`` once decompressed."""


class UndecodableResponse(Exception):
    """A response in a content encoding that cannot be decoded."""


def _is_site_page(request: Request) -> bool:
    parts = urlparse_cached(request)
    return parts.scheme in ("http", "https") and parts.path != "/robots.txt"


#: What a crawl that keeps WARC files asks for: the encodings every WARC reader decodes.
WARC_ACCEPT_ENCODING = b"gzip, deflate"


class BoundedCompressionMiddleware(HttpCompressionMiddleware):
    """Scrapy's decompression (with its size limit), whose refusals are recorded failures.

    With ``NEWSCRAWL_WARC`` the crawl asks for gzip and deflate only, not also brotli and zstd
    as Scrapy does: the records keep the bytes as sent, and standard tools must read them
    (warcio 1.8, the reference library, cannot decode brotli with the brotli release Scrapy
    needs, and neither it nor pywb knows zstd). A server that sends them all the same is still
    read, and its records still re-extracted (:mod:`newscrawl.warc.records`).

    Replaces ``scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware``.
    """

    def __init__(self, stats: Any = None, *, crawler: Crawler | None = None) -> None:
        super().__init__(stats, crawler=crawler)
        self.for_warc = bool(crawler and crawler.settings.getbool("NEWSCRAWL_WARC"))

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        if self.for_warc:
            request.headers.setdefault("Accept-Encoding", WARC_ACCEPT_ENCODING)
        super().process_request(request)

    def process_response(  # type: ignore[override]
        self, request: Request, response: Response
    ) -> Request | Response:
        too_large = None
        try:
            result = super().process_response(request, response)
        except IgnoreRequest as exc:
            if not isinstance(exc.__cause__, _DecompressionMaxSizeExceeded):
                raise
            too_large = str(exc)
        if too_large is not None:
            # Raised outside the handler, unchained: the decompressor's frames (and the
            # DOWNLOAD_MAXSIZE bytes it had inflated) are freed now, not at the next garbage
            # collection; a bomb a page must not hold its megabytes while the crawl goes on.
            self._count("too_large")
            raise ResponseTooLarge(too_large)
        left = result.headers.get(b"Content-Encoding")
        if left and request.method != "HEAD":
            encoding = left.decode("latin-1")
            self._count("undecodable")
            raise UndecodableResponse(
                f"{request.url} came in an encoding that cannot be decoded: {encoding}"
            )
        return result

    def _count(self, reason: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(f"newscrawl/bounded/{reason}")


class BoundsMiddleware:
    def __init__(self, crawler: Crawler, *, max_pages: int) -> None:
        self.crawler = crawler
        self.max_pages = max_pages
        self.requested = 0
        self.fetched = 0
        self.failed = 0
        # The frontier is shared with other workers in Redis.
        self.shared = bool(crawler.settings.get("NEWSCRAWL_REDIS_URL"))
        self._budget_logged = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        middleware = cls(crawler, max_pages=crawler.settings.getint("NEWSCRAWL_MAX_PAGES"))
        crawler.signals.connect(middleware.spider_idle, signal=signals.spider_idle)
        return middleware

    def process_request(self, request: Request) -> None:
        if not _is_site_page(request) or request.meta.get("retry_times"):
            return
        if self.max_pages and self.requested >= self.max_pages:
            self._count("page_budget")
            if not self._budget_logged:
                self._budget_logged = True
                logger.warning(
                    "NEWSCRAWL_MAX_PAGES=%d reached: no further pages are requested",
                    self.max_pages,
                )
            raise IgnoreRequest(f"NEWSCRAWL_MAX_PAGES={self.max_pages} reached")
        self.requested += 1

    def process_response(self, request: Request, response: Response) -> Response:
        if _is_site_page(request) and (200 <= response.status < 300 or response.status == 304):
            self.fetched += 1
            if self.crawler.stats is not None:
                self.crawler.stats.inc_value("newscrawl/pages/fetched")
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        for kind, reason in _REASONS:
            if isinstance(exception, kind):
                self._count(reason)
                self.failed += 1
                return

    def spider_idle(self, spider: Spider) -> None:
        waiting = getattr(spider, "waiting", None)
        if self.fetched or waiting:
            return
        if self.shared and not self.failed:
            # One of several workers (newscrawl.scaleout): the others may have taken every page.
            # Nothing fetched is a failure only when the site could not be reached.
            return
        if self.crawler.stats is not None:
            self.crawler.stats.set_value("newscrawl/crawl/nothing_fetched", 1)
        start = ", ".join(getattr(spider, "start_urls", None) or []) or "its start URL"
        logger.error(
            "Nothing could be fetched from %s (see the errors above); the crawl failed", start
        )
        raise CloseSpider(NOTHING_FETCHED)

    def _count(self, reason: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"newscrawl/bounded/{reason}")
