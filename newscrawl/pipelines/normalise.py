"""Normalise a story before it is compared and stored: the first stage of ``ITEM_PIPELINES``.

Stories from the ``site`` spider are :class:`~newscrawl.items.Story` records. Any other item
Scrapy knows (a dict, an ``Item``, a dataclass or attrs object, from a spider of your own) that
has a ``url`` and a ``body`` is read through ``itemadapter`` and becomes one, so the archive takes
stories from any spider; its other fields are kept by name, ISO 8601 text becoming datetimes.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, datetime
from typing import Any

from itemadapter import ItemAdapter, is_item
from scrapy.exceptions import DropItem

from newscrawl.extraction.text import normalise_body, normalise_list, normalise_text
from newscrawl.items import Story
from newscrawl.urls import canonical_url

_STORY_FIELDS = frozenset(f.name for f in fields(Story))
_DATETIME_FIELDS = ("published_at", "modified_at", "fetched_at")


def as_story(item: Any) -> Story | None:
    """``item`` as a story, or None when it is no story (no ``url`` and ``body``)."""
    if isinstance(item, Story):
        return item
    if not is_item(item):
        return None
    adapter = ItemAdapter(item)
    if not adapter.get("url") or "body" not in adapter:
        return None
    values = {name: adapter[name] for name in _STORY_FIELDS if adapter.get(name) is not None}
    for name in _DATETIME_FIELDS:
        if isinstance(values.get(name), str):
            values[name] = datetime.fromisoformat(values[name].replace("Z", "+00:00"))
    return Story(**values)


def to_utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    if value.tzinfo is None:  # extraction should have given it one; never guess silently
        raise ValueError(f"naive datetime {value!r} reached the pipeline")
    return value.astimezone(UTC)


class NormalisePipeline:
    """Unicode NFC, whitespace, dates to UTC, tags and authors trimmed, URLs canonicalised."""

    def process_item(self, item: Any) -> Any:
        try:
            story = as_story(item)
        except (TypeError, ValueError) as exc:
            raise DropItem(f"not a readable story: {exc}") from exc
        if story is None:
            return item
        item = story
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
