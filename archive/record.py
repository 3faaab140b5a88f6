"""What the archive takes in: one typed record per story, and the field lists derived from it.

:class:`StoryRecord` is the one definition of a story's fields. The crawler's item *is* this
record (``newscrawl.items.Story``); the writer validates it; the field lists the rest of the
archive needs are read from its field metadata, never written out again:

- :data:`CONTENT_FIELDS`: the columns both ``story`` and each ``story_version`` hold;
- :data:`VERSIONED_FIELDS`: those plus ``authors`` and ``tags``: everything a version keeps;
- :data:`HASHED_FIELDS`: what decides whether a story changed, i.e. whether a new version is
  made (a changed description or image alone does not make one).

:class:`PageProblem` is the record of a page that gave no story, kept with its reason.

:func:`clean_text` and :func:`cleaned` take out of a record what a database, UTF-8 or the
content hash cannot take (NUL characters, lone UTF-16 surrogates): the one place text is made
storable, called early by the crawl's normalise stage and again by the writer for any caller.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime
from typing import Any, TypeVar

# Field roles: a column of story and story_version; or a list kept in order in tables of its
# own (authors, tags) and in each version. "hashed": a change makes a new version.
_CONTENT = "content"
_LINKED = "linked"
_HASHED_CONTENT: dict[str, Any] = {"role": _CONTENT, "hashed": True}
_PLAIN_CONTENT: dict[str, Any] = {"role": _CONTENT, "hashed": False}
_HASHED_LIST: dict[str, Any] = {"role": _LINKED, "hashed": True}


@dataclass(kw_only=True)
class StoryRecord:
    """One news story as extracted from one article page, ready for the archive.

    Content (stored, versioned):

    :ivar url: the canonical URL (``<link rel=canonical>`` or og:url when on the same site,
        else the fetched URL), canonicalised.
    :ivar title: the headline, without a site suffix such as ``" | Site"``.
    :ivar body: plain text; paragraphs separated by one blank line; no boilerplate.
    :ivar authors: people, in byline order; agencies and "Staff" are not people.
    :ivar tags: the page's tags, in page order, without duplicates.
    :ivar section: the section or category the site files the story under.
    :ivar published_at: first publication, timezone-aware.
    :ivar modified_at: last modification as the page states it, timezone-aware.
    :ivar agency: the news agency the byline credits (``"Reuters"``), if any.
    :ivar language: a BCP 47 language tag such as ``en`` or ``pt-BR``.
    :ivar image_url: the lead image.
    :ivar description: the standfirst or meta description.
    :ivar provenance: for each extracted field, where its value came from
        (``jsonld``, ``microdata``, ``og``, ``meta``, ``time``, ``byline``, ``url``, ...).

    Crawl facts (stored beside the content):

    :ivar site: the host the story was crawled from (``example.com``).
    :ivar fetched_url: the URL the page was fetched from; an alias when it is not ``url``.
    :ivar fetched_at: when the response arrived, timezone-aware.
    :ivar aliases: other addresses of this story seen in this crawl (redirects, views).
    :ivar listing_url: the listing page (tag or section page) whose link led here, if any.
    :ivar listing_position: the link's position on it, from 1.
    :ivar etag: the response's ``ETag``, for a conditional revisit.
    :ivar last_modified: the response's ``Last-Modified``, for a conditional revisit.

    Where the content came from (stored on the version it makes):

    :ivar extractor_version: the extraction package's ``EXTRACTOR_VERSION``.
    :ivar software_version: the release of the software that extracted it (``0.1.0``).
    :ivar warc_file: the WARC file holding the response record (its name, without ``.open``).
    :ivar warc_offset: the offset of that record in the file.
    :ivar warc_record_id: its ``WARC-Record-ID`` (``<urn:uuid:...>``).
    """

    url: str
    title: str | None = field(default=None, metadata=_HASHED_CONTENT)
    body: str = field(default="", metadata=_HASHED_CONTENT)
    authors: list[str] = field(default_factory=list, metadata=_HASHED_LIST)
    tags: list[str] = field(default_factory=list, metadata=_HASHED_LIST)
    section: str | None = field(default=None, metadata=_HASHED_CONTENT)
    published_at: datetime | None = field(default=None, metadata=_HASHED_CONTENT)
    modified_at: datetime | None = field(default=None, metadata=_HASHED_CONTENT)
    agency: str | None = field(default=None, metadata=_PLAIN_CONTENT)
    language: str | None = field(default=None, metadata=_PLAIN_CONTENT)
    image_url: str | None = field(default=None, metadata=_PLAIN_CONTENT)
    description: str | None = field(default=None, metadata=_PLAIN_CONTENT)
    provenance: dict[str, str] = field(default_factory=dict)
    site: str = ""
    fetched_url: str = ""
    fetched_at: datetime | None = None
    aliases: list[str] = field(default_factory=list)
    listing_url: str | None = None
    listing_position: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    extractor_version: int | None = None
    software_version: str | None = None
    warc_file: str | None = None
    warc_offset: int | None = None
    warc_record_id: str | None = None


@dataclass(kw_only=True)
class PageProblem:
    """A page the crawl could not turn into a story, or a story the archive could not take.

    :ivar url: the page's URL.
    :ivar reason: a short machine-friendly reason (``http-404``, ``download``, ``no-body``...).
    :ivar detail: a human-readable explanation.
    :ivar at: when it happened.
    """

    url: str
    reason: str
    detail: str = ""
    at: datetime = field(default_factory=lambda: datetime.now(UTC))


#: The columns ``story`` and ``story_version`` share, in record order.
CONTENT_FIELDS: tuple[str, ...] = tuple(
    f.name for f in fields(StoryRecord) if f.metadata.get("role") == _CONTENT
)
#: Everything a version keeps (content columns, authors and tags), in record order.
VERSIONED_FIELDS: tuple[str, ...] = tuple(
    f.name for f in fields(StoryRecord) if f.metadata.get("role") in (_CONTENT, _LINKED)
)
#: The fields whose change makes a new version, in record order.
HASHED_FIELDS: tuple[str, ...] = tuple(
    f.name for f in fields(StoryRecord) if f.metadata.get("hashed")
)


# NUL (PostgreSQL text refuses it) and UTF-16 surrogates (UTF-8 cannot encode them alone).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")

R = TypeVar("R")


def clean_text(value: str) -> str:
    """``value`` as text every database and UTF-8 can take: NULs removed, a surrogate pair
    (decoded apart, as JSON ``"\\ud83d\\ude00"`` read half by half) joined into its character,
    a lone surrogate replaced by U+FFFD. Anything else is left as it is."""
    if not _UNSTORABLE.search(value):
        return value
    value = value.replace("\x00", "")
    return value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def clean_value(value: Any) -> Any:
    """Text, and the text inside lists, tuples and dicts, through :func:`clean_text`."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list | tuple):
        return type(value)(clean_value(item) for item in value)
    if isinstance(value, dict):
        return {clean_value(key): clean_value(item) for key, item in value.items()}
    return value


def cleaned(record: R) -> R:
    """A copy of a record (a dataclass such as :class:`StoryRecord` or :class:`PageProblem`)
    whose text is all :func:`clean_text`; the record itself when nothing needed cleaning."""
    changes = {}
    for f in fields(record):  # type: ignore[arg-type]
        value = getattr(record, f.name)
        clean = clean_value(value)
        if clean != value:
            changes[f.name] = clean
    return replace(record, **changes) if changes else record  # type: ignore[type-var]
