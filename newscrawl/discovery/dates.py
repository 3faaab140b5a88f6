"""The dates of a document's entries, read by :func:`newscrawl.dateparse.parse_feed_date` and
tallied for the document's ``problems``: those read as UTC for want of a zone, and those that
could not be read at all."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from newscrawl.dateparse import parse_feed_date


class EntryDates:
    """Reads the entry dates of one feed or sitemap and counts the doubtful ones."""

    def __init__(self) -> None:
        self.unreadable: list[str] = []
        self.assumed = 0

    def read(self, texts: Iterable[str]) -> tuple[datetime | None, bool]:
        """The first readable date of ``texts`` (in order of preference), and whether its zone
        was assumed."""
        for text in texts:
            if not text:
                continue
            value, assumed = parse_feed_date(text)
            if value is None:
                self.unreadable.append(text)
                continue
            self.assumed += assumed
            return value, assumed
        return None, False

    def report(self, problems: list[str]) -> None:
        """Add what was doubtful to ``problems``."""
        if self.assumed:
            problems.append(f"{self.assumed} date(s) gave no known time zone; read as UTC")
        if self.unreadable:
            examples = ", ".join(repr(t) for t in self.unreadable[:3])
            problems.append(f"{len(self.unreadable)} unreadable date(s): {examples}")
