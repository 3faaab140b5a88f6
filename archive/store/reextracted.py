"""Writing what a re-extraction found: a new version of each story whose content changed.

A re-extraction reads a stored response again with a newer extractor. Where the story it makes
differs from the story's current content (the content hash, the rule a crawl applies to a
changed page), the story gets a new version with origin ``reextract``, made now, pointing at
the WARC record it was read from; its current fields, authors, tags and provenance are
replaced, and its body is indexed again for near-duplicates. Nothing a crawl keeps moves:
``last_seen_at``, ``last_crawled_at``, sightings, validators and the revisit schedule are the
crawls' own.

A story a crawl changed since it was read (its version moved on) is left alone: the crawl's
newer content wins, and the caller counts it as skipped. Rows are locked in URL order, as
:func:`archive.store.stories.store_stories` locks them, so a re-extraction and a crawl writing
to PostgreSQL at once wait for each other instead of deadlocking.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from archive import neardup
from archive.models import Story
from archive.sql import chunks
from archive.store.batch import Prepared
from archive.store.links import delete_links, insert_provenance, link_authors, link_tags
from archive.store.versions import Written, insert_versions

ORIGIN = "reextract"


@dataclass(frozen=True)
class Reextracted:
    """A story read again: its id, the version that was read, and what it gives now."""

    story_id: int
    read_version: int
    prepared: Prepared


def write_reextracted(session: Session, stories: Sequence[Reextracted], now: datetime) -> int:
    """Store a new version of each story whose version is still the one read; return how
    many were written (the others were changed by a crawl meanwhile)."""
    if not stories:
        return 0
    by_id = {item.story_id: item for item in stories}
    current: dict[int, int] = {}
    for chunk in chunks(sorted(by_id)):
        statement = (
            select(Story.id, Story.version)
            .where(Story.id.in_(chunk))
            .order_by(Story.url)
            .with_for_update()
        )
        current.update({story_id: version for story_id, version in session.execute(statement)})
    written: list[Written] = []
    for story_id, item in sorted(by_id.items()):
        if current.get(story_id) != item.read_version:
            continue
        # Made now: `archive show --as-of` before this moment shows what the older extractor
        # made; the WARC record says when the page itself was fetched.
        prepared = replace(item.prepared, crawled_at=now)
        written.append((story_id, item.read_version + 1, prepared))
    if not written:
        return 0
    session.execute(
        update(Story),
        [
            {
                "id": story_id,
                **prepared.content(),
                "content_hash": prepared.content_hash,
                "version": number,
            }
            for story_id, number, prepared in written
        ],
    )
    insert_versions(session, None, written, origin=ORIGIN)
    delete_links(session, [story_id for story_id, _number, _prepared in written])
    link_authors(session, written)
    link_tags(session, written)
    insert_provenance(session, written)
    neardup.detect(
        session, [(story_id, prepared.story.body) for story_id, _n, prepared in written], now
    )
    session.flush()
    return len(written)
