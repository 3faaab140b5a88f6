"""A crawl whose pages come from WARC files instead of the network.

:class:`WarcIndex` maps each captured address (by its canonical URL) to the latest response
record for it; :class:`WarcReplayHandler` is the download handler for http and https that
answers a request from that record (status, headers and body as captured, encodings undone),
so every stage of a crawl runs as it does live: the downloader middlewares (redirects become
aliases, charsets are corrected), the ``site`` spider's judgement of which pages are stories,
extraction, normalisation, deduplication and the archive's versioning. An address that was not
captured is ignored (``newscrawl/warc/not_captured``), as a policy, not an error.

:class:`WarcImportSpider` is the ``site`` spider with one addition: when its walk of the site
from the start page is done, it asks for the captured pages the walk did not reach (a capture
made by another tool may hold pages no link of the capture leads to).
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from scrapy import Request
from scrapy.core.downloader.handlers.base import BaseDownloadHandler
from scrapy.exceptions import DontCloseSpider, IgnoreRequest
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes

from newscrawl.links import site_host
from newscrawl.spiders.site import SiteSpider
from newscrawl.urls import canonical_url
from newscrawl.warc.records import IndexEntry, index_file, read_response
from newscrawl.warc.stamp import RecordPointer, StampPipeline

if TYPE_CHECKING:
    from pathlib import Path

    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

_HTML = ("text/html", "application/xhtml")


class WarcIndex:
    """The latest captured response for each address of a set of WARC files."""

    def __init__(self) -> None:
        self.entries: dict[str, IndexEntry] = {}
        self.files = 0
        self.records = 0

    @classmethod
    def of(cls, paths: Iterable[Path]) -> WarcIndex:
        """Index ``paths`` in order; for an address captured twice, the later capture."""
        index = cls()
        for path in paths:
            index.files += 1
            for entry in index_file(path):
                index.records += 1
                if entry.kind != "response":
                    continue  # a revisit: the earlier capture it refers to holds the body
                key = canonical_url(entry.url)
                known = index.entries.get(key)
                if known is None or entry.date >= known.date:
                    index.entries[key] = entry
        return index

    def get(self, url: str) -> IndexEntry | None:
        return self.entries.get(canonical_url(url))

    def hosts(self) -> list[str]:
        """The sites with at least one captured HTML page, in order of their first capture."""
        first: dict[str, Any] = {}
        for entry in self.entries.values():
            if entry.status == 200 and entry.mime.startswith(_HTML):
                host = site_host(entry.url)
                if host not in first or entry.date < first[host]:
                    first[host] = entry.date
        return sorted(first, key=lambda host: first[host])

    def start_url(self, host: str) -> str:
        """The site's home page when it was captured, else its first captured HTML page."""
        pages = self.pages(host)
        for page in pages:
            if page.url.rstrip("/").count("/") == 2:  # scheme://host
                return page.url
        return min(pages, key=lambda page: page.date).url

    def pages(self, host: str) -> list[IndexEntry]:
        """The site's captured HTML pages (status 200), in capture order."""
        found = [
            entry
            for entry in self.entries.values()
            if entry.status == 200 and entry.mime.startswith(_HTML) and site_host(entry.url) == host
        ]
        return sorted(found, key=lambda entry: (entry.date, entry.url))


class WarcReplayHandler(BaseDownloadHandler):
    """Answers http and https requests from the crawler's :class:`WarcIndex`
    (``crawler.settings["NEWSCRAWL_WARC_INDEX"]``)."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        index = crawler.settings.get("NEWSCRAWL_WARC_INDEX")
        if not isinstance(index, WarcIndex):
            raise TypeError("NEWSCRAWL_WARC_INDEX must be the WarcIndex to replay")
        self.index = index
        self.max_size = crawler.settings.getint("DOWNLOAD_MAXSIZE")
        self._stamp: StampPipeline | None = None
        self.replayed = 0
        self._shown = time.monotonic()

    async def download_request(self, request: Request) -> Response:
        entry = self.index.get(request.url)
        stats = self.crawler.stats
        if entry is None:
            if stats is not None:
                stats.inc_value("newscrawl/warc/not_captured")
            raise IgnoreRequest(f"not in the WARC files: {request.url}")
        stored = read_response(entry.file, entry.offset, max_size=self.max_size)
        headers = Headers()
        for name, value in stored.headers:
            headers.appendlist(name, value)
        cls = responsetypes.from_args(headers=headers, url=request.url, body=stored.body)
        response = cls(url=request.url, status=stored.status, headers=headers, body=stored.body)
        if 200 <= stored.status < 300:
            pointer = RecordPointer(
                entry.file.name.removesuffix(".open"), entry.offset, stored.record_id, stored.date
            )
            self._stamp_pipeline().note(request.url, pointer)
        if stats is not None:
            stats.inc_value("newscrawl/warc/replayed")
        self._progress()
        return response

    def _stamp_pipeline(self) -> StampPipeline:
        if self._stamp is None:
            found = self.crawler.get_item_pipeline(StampPipeline)
            self._stamp = found if found is not None else StampPipeline()
        return self._stamp

    def _progress(self) -> None:
        self.replayed += 1
        now = time.monotonic()
        if now - self._shown >= 2.0:
            self._shown = now
            print(f"import-warc: {self.replayed} pages replayed", file=sys.stderr, flush=True)


class WarcImportSpider(SiteSpider):
    """The ``site`` spider over a capture, which also asks for the captured pages its walk
    did not reach."""

    name = "warc-import"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._leftovers_asked = False

    def idle(self) -> None:
        super().idle()  # decides the waiting pages first (raises DontCloseSpider)
        if self._leftovers_asked:
            return
        self._leftovers_asked = True
        index = self.crawler.settings.get("NEWSCRAWL_WARC_INDEX")
        assert isinstance(index, WarcIndex) and self.crawler.engine is not None
        asked = 0
        for page in index.pages(self.host):
            request = self.follow(page.url)
            if request is not None:
                self.crawler.engine.crawl(request)
                asked += 1
        if asked:
            self.crawler.stats.set_value("newscrawl/warc/unlinked_pages", asked)
            raise DontCloseSpider
