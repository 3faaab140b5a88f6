"""Request fingerprints over canonical URLs, so address variants are fetched once.

Scrapy's default fingerprint already canonicalises the URL with w3lib (sorted query, host in
lower case, no fragment); this one also removes tracking parameters (:mod:`newscrawl.urls`) and
default ports, so ``/story/?utm_source=x`` and ``/story/`` are one request. The dupefilter
counts what it filters in ``dupefilter/filtered`` (mostly links seen before); filtered requests
that Scrapy's own fingerprint would have fetched again (tracking parameters, a default port)
are also counted in ``newscrawl/duplicate/request_variant``.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from scrapy.dupefilters import RFPDupeFilter
from w3lib.url import canonicalize_url

from newscrawl.urls import canonical_url

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request, Spider
    from scrapy.crawler import Crawler


class CanonicalRequestFingerprinter:
    """``REQUEST_FINGERPRINTER_CLASS``: method, canonical URL and body."""

    def __init__(self) -> None:
        self._cache: WeakKeyDictionary[Request, bytes] = WeakKeyDictionary()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls()

    def fingerprint(self, request: Request) -> bytes:
        cached = self._cache.get(request)
        if cached is None:
            data = [request.method, canonical_url(request.url), request.body.hex()]
            cached = hashlib.sha1(json.dumps(data).encode(), usedforsecurity=False).digest()
            self._cache[request] = cached
        return cached


class CountingDupeFilter(RFPDupeFilter):
    """``DUPEFILTER_CLASS``: Scrapy's filter, also counting filtered address variants."""

    def log(self, request: Request, spider: Spider) -> None:
        super().log(request, spider)
        stats = spider.crawler.stats
        if stats is not None and canonicalize_url(request.url) != canonical_url(request.url):
            stats.inc_value("newscrawl/duplicate/request_variant")
