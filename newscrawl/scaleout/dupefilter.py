"""scrapy-redis's dupefilter over the crawl's own fingerprints, shared by every worker.

scrapy-redis fingerprints with w3lib's ``canonicalize_url``; this one asks the crawler's
fingerprinter (:class:`newscrawl.fingerprint.CanonicalRequestFingerprinter`), so tracking
parameters and default ports make one request across workers as they do in one process, and it
counts filtered address variants as :class:`newscrawl.fingerprint.CountingDupeFilter` does.

A revisit of an archived story (``meta["revisit"]``, sent with ``dont_filter`` by every worker's
revisit middleware) is seen under a fingerprint of its own, so each due story is revisited by
one worker only (:meth:`RedisDupeFilter.revisit_seen`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy_redis.dupefilter import RFPDupeFilter
from w3lib.url import canonicalize_url

from newscrawl.urls import canonical_url

if TYPE_CHECKING:
    from redis import Redis
    from scrapy import Request, Spider
    from scrapy.statscollectors import StatsCollector
    from scrapy.utils.request import RequestFingerprinterProtocol


class RedisDupeFilter(RFPDupeFilter):  # type: ignore[misc]
    """A Redis set of fingerprints (``<prefix>:seen``)."""

    def __init__(
        self,
        server: Redis,
        key: str,
        fingerprinter: RequestFingerprinterProtocol,
        stats: StatsCollector | None,
        *,
        debug: bool = False,
    ) -> None:
        super().__init__(server, key=key, debug=debug)
        self.fingerprinter = fingerprinter
        self.stats = stats

    def request_fingerprint(self, request: Request) -> str:
        return self.fingerprinter.fingerprint(request).hex()

    def revisit_seen(self, request: Request) -> bool:
        added = self.server.sadd(self.key, "revisit:" + self.request_fingerprint(request))
        return int(added) == 0

    def log(self, request: Request, spider: Spider) -> None:
        super().log(request, spider)
        if self.stats is None:
            return
        self.stats.inc_value("dupefilter/filtered")  # as Scrapy's own dupefilter counts
        if canonicalize_url(request.url) != canonical_url(request.url):
            self.stats.inc_value("newscrawl/duplicate/request_variant")

    def close(self, reason: str = "") -> None:
        # scrapy-redis deletes the set here; the scheduler decides when a crawl is over.
        pass
