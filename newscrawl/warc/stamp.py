"""Stamp each story with the extractor that made it and the WARC record of its response.

An item pipeline stage before ``normalise`` (``ITEM_PIPELINES`` 50, while a story's
``fetched_url`` is still the address its response came from): every story gets the extraction
package's ``EXTRACTOR_VERSION`` and the project's release, which the archive keeps on the
version the story makes. When the crawl captures WARC files
(:class:`~newscrawl.warc.capture.WarcCaptureMiddleware`) or replays them
(:mod:`newscrawl.warc.replay`), the record of the page's response, noted here when the
response arrived, goes with the story too, and the record's time becomes its ``fetched_at``.

Capture writes in a thread of its own, so a note may be the future of a record still being
written: the story waits for it (a story is never archived ahead of its record). A story whose
record could not be written (logged and counted by the capture, ``newscrawl/warc/failed``) is
archived all the same, without a record.

A page's note is held until its story takes it, or the crawl judges the page not a story or
records a problem with it (the signals of :mod:`newscrawl.signals`), so the notes stay about as
many as the pages waiting to be decided.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from newscrawl import __version__
from newscrawl.extraction import EXTRACTOR_VERSION
from newscrawl.items import Story
from newscrawl.signals import page_judged, page_problem

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

    from newscrawl.items import PageProblem

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RecordPointer:
    """Where a response is kept: a WARC file's name, the record's offset, its record id, and
    when it was fetched (the record's ``WARC-Date``)."""

    file: str
    offset: int
    record_id: str
    date: datetime | None = None


Note = RecordPointer | Future[RecordPointer]


class StampPipeline:
    def __init__(self, crawler: Crawler | None = None) -> None:
        self.pointers: dict[str, Note] = {}
        if crawler is not None:
            crawler.signals.connect(self.page_judged, signal=page_judged)
            crawler.signals.connect(self.page_problem, signal=page_problem)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def note(self, url: str, pointer: Note) -> None:
        """The response fetched from ``url`` is kept at ``pointer`` (or will be)."""
        self.pointers[url] = pointer

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, Story):
            return item
        item.extractor_version = EXTRACTOR_VERSION
        item.software_version = __version__
        note = self.pointers.pop(item.fetched_url or item.url, None)
        pointer = await self._resolved(note, item.url) if note is not None else None
        if pointer is not None:
            item.warc_file = pointer.file
            item.warc_offset = pointer.offset
            item.warc_record_id = pointer.record_id
            if pointer.date is not None:
                item.fetched_at = pointer.date
        return item

    @staticmethod
    async def _resolved(note: Note, url: str) -> RecordPointer | None:
        if isinstance(note, RecordPointer):
            return note
        try:
            if note.done():
                return note.result()
            pointer: RecordPointer = await asyncio.wrap_future(note)
            return pointer
        except Exception:  # logged and counted by the writer; the story is archived all the same
            logger.warning("%s is archived without its WARC record", url)
            return None

    def page_judged(self, url: str, kind: str, reason: str) -> None:
        self.pointers.pop(url, None)

    def page_problem(self, problem: PageProblem) -> None:
        self.pointers.pop(problem.url, None)
