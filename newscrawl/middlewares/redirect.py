"""Redirects as aliases: the addresses that redirect to a story are its other addresses."""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.http import Response

from newscrawl.signals import address_redirected


class AliasRedirectMiddleware(RedirectMiddleware):
    """Scrapy's redirects, announcing each redirecting address (``address_redirected``).

    An old slug, another host or an http address that redirects to a story is one of its
    addresses. The redirected request is often filtered as a duplicate (the story was already
    fetched), so the pair is told here, where it is known, rather than on the story's response.
    Replaces ``scrapy.downloadermiddlewares.redirect.RedirectMiddleware`` at the same priority.
    """

    def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        result: Any = super().process_response(request, response)
        if isinstance(result, Request) and result.url != request.url:
            self.crawler.signals.send_catch_log(
                address_redirected, target=result.url, url=request.url
            )
        return result  # type: ignore[no-any-return]
