"""The result of extraction (:class:`Article`) and its options object (:class:`ExtractOptions`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class ExtractOptions:
    """How to extract; the defaults suit most sites.

    :ivar timezone: IANA zone for dates that state no offset (``"Europe/Lisbon"``).
    :ivar body_selector: a site profile's CSS or XPath selector for the story body; when set
        it replaces the generic main-content search.
    :ivar title_selector: likewise for the headline.
    :ivar author_selector: likewise for the byline (its text is split into names).
    :ivar date_selector: likewise for the publication date (``datetime``/``content`` attribute
        or text).
    :ivar now: the current time for the future-date check; ``None`` means the real clock.
    :ivar max_jsonld_chars: JSON-LD blocks longer than this are skipped (and reported).
    """

    timezone: str = "UTC"
    body_selector: str | None = None
    title_selector: str | None = None
    author_selector: str | None = None
    date_selector: str | None = None
    now: datetime | None = None
    max_jsonld_chars: int = 2_000_000


@dataclass
class Article:
    """What one page says about its story; see :class:`newscrawl.items.Story` for the fields.

    :ivar agency: the news agency credited in the byline (``"Reuters"``), if any.
    :ivar provenance: for each extracted field, where its value came from: ``jsonld``,
        ``microdata``, ``og``, ``meta``, ``time``, ``byline``, ``url``, ``title``, ``h1``,
        ``body``, ``html``, ``link``, ``selector``.
    :ivar problems: reasons recorded while extracting, e.g. ``"jsonld: malformed block skipped"``.
    """

    url: str
    title: str | None = None
    description: str | None = None
    body: str = ""
    authors: list[str] = field(default_factory=list)
    agency: str | None = None
    published_at: datetime | None = None
    modified_at: datetime | None = None
    tags: list[str] = field(default_factory=list)
    section: str | None = None
    language: str | None = None
    image_url: str | None = None
    provenance: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
