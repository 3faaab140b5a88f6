"""The record of a page that yielded no story, kept in the archive with its reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime


@dataclass
class PageError:
    """A page the crawl could not turn into a story, or a story the archive could not take.

    :ivar url: the page's URL.
    :ivar reason: a short machine-friendly reason (``http-404``, ``download``, ``no-body``...).
    :ivar detail: a human-readable explanation.
    """

    url: str
    reason: str
    detail: str = ""
    at: datetime = field(default_factory=lambda: datetime.now(UTC))
