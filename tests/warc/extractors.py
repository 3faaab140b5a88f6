"""Test-only extractors for ``archive reextract --extractor tests.warc.extractors:NAME``.

They stand for a newer extractor without touching the product's: :class:`SportHeadlines` is
"version EXTRACTOR_VERSION + 1", whose output differs from today's for the Sport stories only.
"""

from __future__ import annotations

from typing import Any

from newscrawl.extraction import EXTRACTOR_VERSION
from newscrawl.items import Story
from newscrawl.warc.records import StoredResponse
from newscrawl.warc.reextract import Reextractor

NEW_VERSION = EXTRACTOR_VERSION + 1
SUFFIX = " (Sport desk)"


class SportHeadlines(Reextractor):
    """A newer extractor that reads the Sport stories' headlines differently."""

    extractor_version = NEW_VERSION

    def story(self, stored: StoredResponse, site: str) -> Story | None:
        story = super().story(stored, site)
        if story is not None and story.section == "Sport":
            story.title = f"{story.title}{SUFFIX}"
        return story


class InterruptedSportHeadlines(SportHeadlines):
    """The same extractor, interrupted (as by Ctrl-C) at its 13th story."""

    calls = 0

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        InterruptedSportHeadlines.calls = 0

    def story(self, stored: StoredResponse, site: str) -> Story | None:
        InterruptedSportHeadlines.calls += 1
        if InterruptedSportHeadlines.calls == 13:
            raise KeyboardInterrupt
        return super().story(stored, site)


class CrawlMeanwhile(SportHeadlines):
    """The newer extractor, while a crawl stores a new version of the story at ``target``
    between the moment its stored response is read and the moment its re-extraction is
    written (set ``archive_url`` and ``target`` first)."""

    archive_url = ""
    target = ""

    def extract(self, path: Any, offset: int, *, url: str, site: str) -> Story | None:
        story = super().extract(path, offset, url=url, site=site)
        if url == self.target:
            crawl_edit(self.archive_url, url, site)
        return story


def crawl_edit(archive_url: str, url: str, site: str) -> None:
    """What a crawl does when the site edited the story: a new version, through the writer."""
    from datetime import UTC, datetime
    from pathlib import Path
    from tempfile import mkdtemp

    from archive.writer import ArchiveWriter

    writer = ArchiveWriter(
        archive_url, attempts=1, retry_delay=0, failed_file=Path(mkdtemp()) / "failed.jsonl"
    )
    writer.open(spider="site", start_url=url)
    try:
        edited = Story(
            url=url,
            site=site,
            title="Edited by the site",
            body="The site rewrote this story entirely.",
            fetched_at=datetime.now(UTC),
            extractor_version=EXTRACTOR_VERSION,
        )
        assert writer.write([edited]).counts.updated == 1
        writer.finish(status="finished", pages=1, stats={})
    finally:
        writer.close()
