"""Redirects as aliases: the addresses that redirect to a story are its other addresses.

A chain longer than ``REDIRECT_MAX_TIMES`` or a loop is a recorded failure
(``TooManyRedirects``, counted as ``newscrawl/bounded/redirects`` or ``redirect_loop``), not a
request Scrapy drops without a word (the loop's next hop would be dropped as a duplicate): every
address the crawl accepted ends in a recorded state.
"""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from newscrawl.signals import address_redirected


class TooManyRedirects(Exception):
    """A redirect chain longer than ``REDIRECT_MAX_TIMES`` (or a loop)."""


class AliasRedirectMiddleware(RedirectMiddleware):
    """Scrapy's redirects, announcing each redirecting address (``address_redirected``).

    An old slug, another host or an http address that redirects to a story is one of its
    addresses. The redirected request is often filtered as a duplicate (the story was already
    fetched), so the pair is told here, where it is known, rather than on the story's response.
    Replaces ``scrapy.downloadermiddlewares.redirect.RedirectMiddleware`` at the same priority.
    """

    def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        try:
            result: Any = super().process_response(request, response)
        except IgnoreRequest as exc:
            if "max redirections" not in str(exc):
                raise
            chain = [*request.meta.get("redirect_urls", []), request.url]
            location = (response.headers.get(b"Location") or b"?").decode("latin-1")
            if self.crawler.stats is not None:
                self.crawler.stats.inc_value("newscrawl/bounded/redirects")
            raise TooManyRedirects(
                f"{chain[0]} redirected more than {self.max_redirect_times} times"
                f" (REDIRECT_MAX_TIMES), last to {location}"
            ) from exc
        if isinstance(result, Request) and result.url != request.url:
            chain = [*request.meta.get("redirect_urls", []), request.url]
            if result.url in chain:
                # The loop's next request would be dropped as a duplicate: no recorded state.
                if self.crawler.stats is not None:
                    self.crawler.stats.inc_value("newscrawl/bounded/redirect_loop")
                raise TooManyRedirects(f"{chain[0]} is a redirect loop (back to {result.url})")
            self.crawler.signals.send_catch_log(
                address_redirected, target=result.url, url=request.url
            )
        return result  # type: ignore[no-any-return]
