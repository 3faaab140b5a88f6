"""A story's versions: one row per distinct content, with what changed since the one before."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select, tuple_
from sqlalchemy.orm import Session

from archive.diff import summarise
from archive.models import StoryVersion
from archive.record import HASHED_FIELDS
from archive.sql import chunks
from archive.store.batch import Prepared

#: (story id, version number, the story as written)
Written = tuple[int, int, Prepared]


def insert_versions(
    session: Session, crawl_id: int | None, written: list[Written], *, origin: str = "crawl"
) -> None:
    """Insert the versions, each with its change summary, its extractor stamp and the WARC
    record it was read from; ``origin`` is ``crawl`` or ``reextract`` (no crawl: ``crawl_id``
    None)."""
    if not written:
        return
    previous = _previous_versions(session, written)
    rows = []
    for story_id, number, prepared in written:
        content = {
            **prepared.content(),
            "authors": prepared.story.authors,
            "tags": prepared.story.tags,
        }
        before = previous.get(story_id)
        change = summarise(before, content) if before is not None else None
        rows.append(
            {
                "story_id": story_id,
                "number": number,
                "crawl_id": crawl_id,
                "crawled_at": prepared.crawled_at,
                "content_hash": prepared.content_hash,
                **content,
                "words_added": change.words_added if change else 0,
                "words_removed": change.words_removed if change else 0,
                "summary": change.summary if change else "first version",
                "trivial": change.trivial if change else False,
                "origin": origin,
                "extractor_version": prepared.story.extractor_version,
                "software_version": prepared.story.software_version,
                "warc_file": prepared.story.warc_file,
                "warc_offset": prepared.story.warc_offset,
                "warc_record_id": prepared.story.warc_record_id,
            }
        )
    session.execute(insert(StoryVersion), rows)


def _previous_versions(session: Session, written: list[Written]) -> dict[int, dict[str, Any]]:
    """The versions that the changed stories' new versions follow, for their change summary."""
    keys = [(story_id, number - 1) for story_id, number, _story in written if number > 1]
    columns = [getattr(StoryVersion, name) for name in HASHED_FIELDS]
    found: dict[int, dict[str, Any]] = {}
    for chunk in chunks(keys):
        statement = select(StoryVersion.story_id, *columns).where(
            tuple_(StoryVersion.story_id, StoryVersion.number).in_(list(chunk))
        )
        for story_id, *values in session.execute(statement):
            found[story_id] = dict(zip(HASHED_FIELDS, values, strict=True))
    return found
