"""Normalise a story before it is compared and stored."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from newscrawl.extraction.text import normalise_body, normalise_list, normalise_text
from newscrawl.items import Story
from newscrawl.urls import canonical_url


def to_utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    if value.tzinfo is None:  # extraction should have given it one; never guess silently
        raise ValueError(f"naive datetime {value!r} reached the pipeline")
    return value.astimezone(UTC)


class NormalizePipeline:
    """Unicode NFC, whitespace, dates to UTC, tags and authors trimmed, URLs canonicalised."""

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Story):
            return item
        item.url = canonical_url(item.url)
        item.fetched_url = canonical_url(item.fetched_url) if item.fetched_url else item.url
        item.title = normalise_text(item.title) or None
        item.description = normalise_text(item.description) or None
        item.body = normalise_body(item.body)
        item.authors = normalise_list(item.authors)
        item.tags = normalise_list(item.tags)
        item.section = normalise_text(item.section) or None
        item.agency = normalise_text(item.agency) or None
        item.language = normalise_text(item.language) or None
        item.image_url = normalise_text(item.image_url) or None
        item.published_at = to_utc(item.published_at)
        item.modified_at = to_utc(item.modified_at)
        item.fetched_at = to_utc(item.fetched_at)
        aliases = {canonical_url(a) for a in item.aliases} | {item.fetched_url}
        item.aliases = sorted(aliases - {item.url})
        return item
