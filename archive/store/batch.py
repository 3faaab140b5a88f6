"""A batch of :class:`~archive.record.StoryRecord` made ready to write: validated and cleaned.

Validation happens before the first statement, so a bad record fails its batch with nothing
written. Values too long for their columns are clipped: they are extraction junk, and clipping
beats failing a whole batch on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from archive.keys import content_hash, squash, tag_key
from archive.models import URL_LENGTH
from archive.record import CONTENT_FIELDS, HASHED_FIELDS, StoryRecord
from archive.timeutil import require_aware

# Limits of the String(255)/String(35) columns.
NAME_LENGTH = 255
LANGUAGE_LENGTH = 35


@dataclass
class Prepared:
    """One story of a batch, validated and cleaned, with what writing it needs besides.

    :ivar story: the record, cleaned: trimmed text, values clipped to their columns, aware UTC
        datetimes, authors and tags each once (tags by their first spelling).
    :ivar host: the site's host.
    :ivar crawled_at: when the page was fetched (the batch's time when the crawl did not say).
    :ivar tags: ``(key, display name)`` of each tag, in page order.
    :ivar aliases: the story's other addresses (the fetched one included when it differs).
    :ivar content_hash: :func:`archive.keys.content_hash` of the story.
    """

    story: StoryRecord
    host: str
    crawled_at: datetime
    tags: list[tuple[str, str]]
    aliases: set[str] = field(default_factory=set)
    content_hash: str = ""

    @property
    def url(self) -> str:
        return self.story.url

    def content(self) -> dict[str, Any]:
        """The content columns shared by ``story`` and ``story_version``."""
        return {name: getattr(self.story, name) for name in CONTENT_FIELDS}


def prepare_batch(stories: Sequence[StoryRecord], now: datetime) -> dict[str, Prepared]:
    """Validate and clean the batch, keyed by canonical URL in sorted order (the lock order).

    A URL given twice counts once, with its last content and the aliases of both.

    :raises ValueError: for a story without a URL or host, or with a naive datetime.
    """
    by_url: dict[str, Prepared] = {}
    for record in stories:
        prepared = prepare(record, now)
        previous = by_url.get(prepared.url)
        if previous is not None:
            prepared.aliases |= previous.aliases
        by_url[prepared.url] = prepared
    return {url: by_url[url] for url in sorted(by_url)}


def prepare(record: StoryRecord, now: datetime) -> Prepared:
    url = text(record.url)
    if not url:
        raise ValueError(f"story without a url: {record!r:.200}")
    host = (text(record.site) or urlsplit(url).hostname or "").lower()
    if not host:
        raise ValueError(f"story {url}: no site and no host in the url")
    tags = _unique_tags(record.tags)
    story = replace(
        record,
        url=url,
        site=host,
        title=text(record.title),
        description=text(record.description),
        body=(record.body or "").strip(),
        language=clip(text(record.language), LANGUAGE_LENGTH),
        section=clip(text(record.section), NAME_LENGTH),
        image_url=text(record.image_url),
        agency=clip(text(record.agency), NAME_LENGTH),
        published_at=_aware_or_none(record.published_at, f"{url} published_at"),
        modified_at=_aware_or_none(record.modified_at, f"{url} modified_at"),
        authors=_unique_names(record.authors),
        tags=[name for _key, name in tags],
        provenance={str(name): str(source)[:64] for name, source in record.provenance.items()},
        listing_url=clip(text(record.listing_url), URL_LENGTH),
    )
    addresses = [record.fetched_url, *record.aliases]
    return Prepared(
        story=story,
        host=host,
        crawled_at=require_aware(record.fetched_at, f"{url} fetched_at")
        if record.fetched_at
        else now,
        tags=tags,
        aliases={alias for alias in map(text, addresses) if alias and alias != url},
        content_hash=content_hash(**{name: getattr(story, name) for name in HASHED_FIELDS}),
    )


def text(value: Any) -> str | None:
    """``value`` as trimmed text, ``None`` when empty."""
    if value is None:
        return None
    cleaned = str(value).strip()
    return cleaned or None


def clip(value: str | None, length: int) -> str | None:
    return value[:length] if value else value


def _aware_or_none(value: Any, what: str) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime):
        raise ValueError(f"{what}: expected a datetime, got {value!r}")
    return require_aware(value, what)


def _unique_names(names: Iterable[Any]) -> list[str]:
    """Byline order, each person once; one row per spelling, as names have no safe case fold."""
    seen: dict[str, None] = {}
    for name in names:
        cleaned = clip(squash(str(name)), NAME_LENGTH)
        if cleaned:
            seen.setdefault(cleaned)
    return list(seen)


def _unique_tags(names: Iterable[Any]) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for name in names:
        display = clip(squash(str(name)), NAME_LENGTH)
        if display:
            seen.setdefault(clip(tag_key(display), NAME_LENGTH) or display, display)
    return list(seen.items())
