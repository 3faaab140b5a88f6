"""Normalise a story before it is compared and stored."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from typing import Any

from newscrawl.items import Story
from newscrawl.urls import canonical_url

# Zero-width characters, byte-order marks and C0/C1 controls except tab and newline.
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\x00-\x08\x0b-\x1f\x7f-\x9f]")
_PARAGRAPH_BREAK = re.compile(r"\s*\n\s*\n\s*")


def clean_text(text: str | None) -> str:
    """One line of text: NFC, no invisible characters, whitespace collapsed to single spaces."""
    if not text:
        return ""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    return " ".join(text.split())


def clean_body(body: str) -> str:
    """Body text: paragraphs kept (one blank line between), whitespace collapsed inside them."""
    body = _INVISIBLE.sub("", unicodedata.normalize("NFC", body.replace("\r\n", "\n")))
    paragraphs = (" ".join(p.split()) for p in _PARAGRAPH_BREAK.split(body))
    return "\n\n".join(p for p in paragraphs if p)


def clean_list(values: list[str]) -> list[str]:
    """Trimmed, empty values dropped, duplicates (ignoring case) dropped, order kept."""
    seen: set[str] = set()
    result = []
    for value in values:
        value = clean_text(value)
        key = value.casefold()
        if value and key not in seen:
            seen.add(key)
            result.append(value)
    return result


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
        item.title = clean_text(item.title) or None
        item.description = clean_text(item.description) or None
        item.body = clean_body(item.body)
        item.authors = clean_list(item.authors)
        item.tags = clean_list(item.tags)
        item.section = clean_text(item.section) or None
        item.agency = clean_text(item.agency) or None
        item.language = clean_text(item.language) or None
        item.image_url = clean_text(item.image_url) or None
        item.published_at = to_utc(item.published_at)
        item.modified_at = to_utc(item.modified_at)
        item.fetched_at = to_utc(item.fetched_at)
        aliases = {canonical_url(a) for a in item.aliases} | {item.fetched_url}
        item.aliases = sorted(aliases - {item.url})
        return item
