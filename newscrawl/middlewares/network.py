"""Secure by default: http and https only, public addresses only.

The downloader side of :mod:`newscrawl.network`. A request whose host is an IP literal that is
not public is refused here, before anything is sent; a host name is checked by the resolver
when the connection is made, after DNS, and its refusal (a failed lookup, to Twisted) is
turned here into :class:`~newscrawl.network.PrivateNetworkRefused`, which names the setting
that allows it. The refusal is not retried, reaches the spider's error handler (the archive
keeps it as the page's problem) and is counted.

Only ``http`` and ``https`` requests go out (``data:`` stays: the spider uses it for its own
bookkeeping, and it reaches no network); the download handlers of other schemes are
switched off in the settings as well.

Settings: ``NEWSCRAWL_ALLOW_PRIVATE_NETWORKS``. Stats: ``newscrawl/refused/private_network``,
``newscrawl/refused/scheme``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.exceptions import CannotResolveHostError
from scrapy.utils.httpobj import urlparse_cached

from newscrawl.network import (
    ALLOW_SETTING,
    GuardedResolver,
    PrivateNetworkRefused,
    is_public_address,
    literal_address,
)

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler

SCHEMES = ("http", "https", "data")


class SchemeRefused(Exception):
    """A request for a scheme other than http(s)."""


def ensure_resolver(crawler: Crawler, *, allow_private: bool) -> None:
    """Install the guarded resolver with this crawl's policy unless it is installed already.

    ``scrapy crawl`` installs ``TWISTED_DNS_RESOLVER`` when its process starts; a crawler run
    in-process by other means (tests, scripts, Scrapyd's runner) may not, and the refusal must
    hold for every crawl. The reactor has one resolver: crawls of one process with different
    policies at the same time take the last one's.
    """
    if not crawler.settings.getbool("TWISTED_REACTOR_ENABLED"):
        return
    from twisted.internet import reactor

    current = getattr(reactor, "nameResolver", None)
    if isinstance(current, GuardedResolver) and current.allow_private == allow_private:
        return
    GuardedResolver.from_crawler(crawler, reactor).install_on_reactor()


class NetworkGuardMiddleware:
    def __init__(self, crawler: Crawler, *, allow_private: bool) -> None:
        self.crawler = crawler
        self.allow_private = allow_private

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        allow_private = crawler.settings.getbool(ALLOW_SETTING)
        ensure_resolver(crawler, allow_private=allow_private)
        return cls(crawler, allow_private=allow_private)

    def process_request(self, request: Request) -> None:
        parts = urlparse_cached(request)
        if parts.scheme not in SCHEMES:
            self._count("scheme")
            raise SchemeRefused(f"refused {request.url}: only http and https URLs are crawled")
        if self.allow_private or parts.scheme == "data":
            return
        address = literal_address(parts.hostname or "")
        if address is not None and not is_public_address(address):
            self._count("private_network")
            raise PrivateNetworkRefused(parts.hostname or address, address)

    def process_exception(self, request: Request, exception: Exception) -> None:
        if self.allow_private or not isinstance(exception, CannotResolveHostError):
            return
        from twisted.internet import reactor

        resolver = getattr(reactor, "nameResolver", None)
        host = urlparse_cached(request).hostname or ""
        if isinstance(resolver, GuardedResolver) and host in resolver.refusals:
            self._count("private_network")
            raise PrivateNetworkRefused(host, resolver.refusals[host]) from exception

    def _count(self, reason: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"newscrawl/refused/{reason}")
