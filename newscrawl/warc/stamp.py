"""Stamp each story with the extractor that made it and the WARC record of its response.

An item pipeline stage after ``normalise`` (``ITEM_PIPELINES`` 150): every story gets the
extraction package's ``EXTRACTOR_VERSION`` and the project's release, which the archive keeps on
the version the story makes. When the crawl captures WARC files
(:class:`~newscrawl.warc.capture.WarcCaptureMiddleware`) or replays them
(:mod:`newscrawl.warc.replay`), the record of the page's response, noted here by its canonical
URL when it arrived, goes with the story too.

A page's record is held until its story takes it, or the crawl judges the page not a story or
records a problem with it (the signals of :mod:`newscrawl.signals`), so the notes stay about as
many as the pages waiting to be decided.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from newscrawl import __version__
from newscrawl.extraction import EXTRACTOR_VERSION
from newscrawl.items import Story
from newscrawl.signals import page_judged, page_problem
from newscrawl.urls import canonical_url

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

    from newscrawl.items import PageProblem


@dataclass(frozen=True)
class RecordPointer:
    """Where a response is kept: a WARC file's name, the record's offset, its record id, and
    when it was fetched (the record's ``WARC-Date``), which becomes the story's ``fetched_at``
    (for a capture replayed by ``archive import-warc``, the capture's time)."""

    file: str
    offset: int
    record_id: str
    date: datetime | None = None


class StampPipeline:
    def __init__(self, crawler: Crawler | None = None) -> None:
        self.pointers: dict[str, RecordPointer] = {}
        if crawler is not None:
            crawler.signals.connect(self.page_judged, signal=page_judged)
            crawler.signals.connect(self.page_problem, signal=page_problem)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def note(self, url: str, pointer: RecordPointer) -> None:
        """The response fetched from ``url`` is kept at ``pointer``."""
        self.pointers[canonical_url(url)] = pointer

    def process_item(self, item: Any) -> Any:
        if isinstance(item, Story):
            item.extractor_version = EXTRACTOR_VERSION
            item.software_version = __version__
            pointer = self.pointers.pop(canonical_url(item.fetched_url or item.url), None)
            if pointer is not None:
                item.warc_file = pointer.file
                item.warc_offset = pointer.offset
                item.warc_record_id = pointer.record_id
                if pointer.date is not None:
                    item.fetched_at = pointer.date
        return item

    def page_judged(self, url: str, kind: str, reason: str) -> None:
        self.pointers.pop(canonical_url(url), None)

    def page_problem(self, problem: PageProblem) -> None:
        self.pointers.pop(canonical_url(problem.url), None)
