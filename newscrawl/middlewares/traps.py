"""Crawler traps: endless generated pages are left, counted by why.

A spider middleware over the requests the spider yields:

- an address whose shape no news page has (:func:`newscrawl.links.trap_reason`: too long, too
  deep, a path that repeats itself, too many query parameters) is not requested;
- query variants of one address (``/calendar?month=N`` linking ``month=N±1``, filters and
  sorts combined without end) are followed while they lead somewhere: a page of such a family
  is *unproductive* when it gave no story and linked to nothing new outside its own family.
  After ``NEWSCRAWL_TRAP_UNPRODUCTIVE`` unproductive pages of a family in a row, the family's
  pages link no further variants of it. A listing's pagination (``?page=N``) is productive: it
  links stories. Links into the family from other pages are still followed.

Tracking-parameter variants are one address already (:mod:`newscrawl.fingerprint`), and the
crawl as a whole has a page budget (:mod:`newscrawl.middlewares.bounds`).

Settings: ``NEWSCRAWL_TRAP_UNPRODUCTIVE``. Stats: ``newscrawl/trap/<reason>``
(``long_url``, ``deep_path``, ``repeated_segment``, ``many_params``, ``query_variants``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import Request

from newscrawl.links import trap_reason, url_family

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.http import Response


class TrapMiddleware:
    def __init__(self, crawler: Crawler, *, unproductive_limit: int) -> None:
        self.crawler = crawler
        self.unproductive_limit = unproductive_limit
        # Unproductive pages in a row, by family (only families with query variants).
        self.unproductive: dict[str, int] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(
            crawler, unproductive_limit=crawler.settings.getint("NEWSCRAWL_TRAP_UNPRODUCTIVE")
        )

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterator[Any]:
        state = _PageOutput(self, response)
        for element in result:
            if state.keep(element):
                yield element
        state.done()

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        state = _PageOutput(self, response)
        async for element in result:
            if state.keep(element):
                yield element
        state.done()

    def count(self, reason: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"newscrawl/trap/{reason}")


class _PageOutput:
    """What one response's callback yields, judged as it goes."""

    def __init__(self, middleware: TrapMiddleware, response: Response) -> None:
        self.middleware = middleware
        self.family = url_family(response.url) if urlsplit(response.url).query else None
        self.productive = False
        self.held = self.family is not None and (
            middleware.unproductive.get(self.family, 0) >= middleware.unproductive_limit
        )

    def keep(self, element: Any) -> bool:
        if not isinstance(element, Request):
            self.productive = True  # a story (or another item)
            return True
        if not element.url.startswith(("http://", "https://")):
            return True
        reason = trap_reason(element.url)
        if reason is not None:
            self.middleware.count(reason)
            return False
        if self.family is None:
            return True
        if url_family(element.url) != self.family:
            self.productive = True
            return True
        if self.held:
            self.middleware.count("query_variants")
            return False
        return True

    def done(self) -> None:
        if self.family is None:
            return
        counts = self.middleware.unproductive
        counts[self.family] = 0 if self.productive else counts.get(self.family, 0) + 1
