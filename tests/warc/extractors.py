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
