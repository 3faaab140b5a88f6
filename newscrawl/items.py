"""The item the ``site`` spider yields: a story, the archive's own record type.

The archive defines what it accepts (:class:`archive.record.StoryRecord`, documented field by
field there) and the crawl yields exactly that, so a story's shape is written once. Items are
stories only: what else a crawl learns (other addresses, listings, feed dates, unchanged
pages, pages that gave no story) travels by the signals in :mod:`newscrawl.signals`.
"""

from __future__ import annotations

from archive.record import PageProblem, StoryRecord

Story = StoryRecord

__all__ = ["PageProblem", "Story"]
