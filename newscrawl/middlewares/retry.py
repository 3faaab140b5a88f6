"""Retries that wait as long as the site asks: ``429`` and ``503`` honour ``Retry-After``.

Scrapy's ``RetryMiddleware`` retries a ``429 Too Many Requests`` or a ``503`` at once, which is
what the site asked us not to do. Here such a response waits the ``Retry-After`` it gives (in
seconds or as an HTTP date), or a growing back-off when it gives none, before the retry. A wait
longer than ``NEWSCRAWL_RETRY_AFTER_MAX`` is not waited: the page fails now (the spider records
it with its status) and the next run tries again; so does a page still refused after
``RETRY_TIMES`` retries. Other statuses and exceptions are Scrapy's.

Replaces ``scrapy.downloadermiddlewares.retry.RetryMiddleware`` at the same priority.

Settings: ``NEWSCRAWL_RETRY_AFTER_MAX`` (seconds), ``NEWSCRAWL_RETRY_BACKOFF`` (seconds before
the first retry when no ``Retry-After`` is given, doubled for each further one), and Scrapy's
``RETRY_*``. Stats: ``newscrawl/retry_after/waited``, ``newscrawl/bounded/retry_after_too_long``,
``newscrawl/bounded/retries_exhausted``.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.utils.asyncio import sleep
from scrapy.utils.response import response_status_message

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

# The statuses by which a server says "later".
LATER = frozenset({429, 503})


def retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait that a ``Retry-After`` header value asks for; None when it asks none
    (missing or unreadable). A date in the past asks for no wait."""
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class RetryAfterMiddleware(RetryMiddleware):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler.settings)
        self.crawler = crawler
        self.max_wait = crawler.settings.getfloat("NEWSCRAWL_RETRY_AFTER_MAX")
        self.backoff = crawler.settings.getfloat("NEWSCRAWL_RETRY_BACKOFF")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response
    ) -> Request | Response:
        if response.status not in LATER or request.meta.get("dont_retry", False):
            return super().process_response(request, response)
        header = response.headers.get(b"Retry-After")
        wait = retry_after(header.decode("latin-1") if header else None)
        if wait is None:
            wait = self.backoff * 2 ** request.meta.get("retry_times", 0)
        if wait > self.max_wait:
            self._count("newscrawl/bounded/retry_after_too_long")
            logger.info(
                "%s asks to wait %.0f s (more than NEWSCRAWL_RETRY_AFTER_MAX=%s): not now",
                request.url,
                wait,
                self.max_wait,
            )
            return response
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            self._count("newscrawl/bounded/retries_exhausted")
            return response
        self._count("newscrawl/retry_after/waited")
        await sleep(wait)
        return retry

    def _count(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key)
