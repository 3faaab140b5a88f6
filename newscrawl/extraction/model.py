"""The result of extraction (:class:`Article`, with its :class:`Problem` list) and its options
object (:class:`ExtractOptions`)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any


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


#: Every kind of :class:`Problem`, with its message (``{field}`` and ``{detail}`` filled in).
PROBLEM_MESSAGES = {
    "mislabelled": "{field}: declared {detail} but the bytes are UTF-8; read as UTF-8",
    "not_utf8": "{field}: bytes are not valid UTF-8; decoded as cp1252 with replacements",
    "not_as_declared": (
        "{field}: bytes are not valid {detail}; decoded as {detail} with replacements"
    ),
    "control_characters": "{field}: {detail} NUL or control characters removed",
    "empty": "{field}: empty document",
    "unreadable": "{field}: unreadable document ({detail})",
    "stopped": "{field}: extraction stopped ({detail})",
    "failed": "extraction failed: {detail}",
    "oversized": "{field}: block of {detail} characters skipped",
    "malformed": "{field}: malformed block skipped",
    "block_too_deep": "{field}: block nested too deeply, skipped",
    "nodes_too_deep": "{field}: nodes nested too deeply ignored",
    "future_date": "{field}: date in the future rejected ({detail})",
}


@dataclass(frozen=True)
class Problem:
    """Something extraction met on a page and worked around.

    :ivar field: the part of the page or the field it concerns: ``charset``, ``html``,
        ``jsonld``, ``published_at``, ``modified_at`` or ``page``.
    :ivar kind: what happened, one of :data:`PROBLEM_MESSAGES`.
    :ivar detail: the particulars for the message (a value, a count, an exception).
    """

    field: str
    kind: str
    detail: str = ""

    @property
    def key(self) -> str:
        """``field/kind`` (``published_at/future_date``): a name to count problems under."""
        return f"{self.field}/{self.kind}"

    def __str__(self) -> str:
        return PROBLEM_MESSAGES[self.kind].format(field=self.field, detail=self.detail)


@dataclass
class Article:
    """What one page says about its story; see :class:`newscrawl.items.Story` for the fields.

    :ivar agency: the news agency credited in the byline (``"Reuters"``), if any.
    :ivar provenance: for each extracted field, where its value came from: ``jsonld``,
        ``microdata``, ``og``, ``meta``, ``time``, ``byline``, ``url``, ``title``, ``h1``,
        ``body``, ``html``, ``link``, ``selector``.
    :ivar problems: what extraction worked around, e.g. a malformed JSON-LD block.
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
    problems: list[Problem] = field(default_factory=list)

    def to_json_dict(self) -> dict[str, Any]:
        """The article as JSON types: datetimes in ISO 8601, problems as their messages."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data.update(
            authors=list(self.authors),
            tags=list(self.tags),
            provenance=dict(self.provenance),
            published_at=self.published_at.isoformat() if self.published_at else None,
            modified_at=self.modified_at.isoformat() if self.modified_at else None,
            problems=[str(p) for p in self.problems],
        )
        return data
