"""Story upserts: a batch of records becomes new stories, new versions or sightings.

Every function takes a :class:`~sqlalchemy.orm.Session` and leaves the transaction to the
caller, so one logical write is one transaction. Concurrent writers are safe: stories, sites,
authors, tags and aliases are inserted with the dialect's ``INSERT ... ON CONFLICT``, and rows
are always touched in sorted key order so that two PostgreSQL transactions writing overlapping
batches wait for each other instead of deadlocking.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from archive.models import Site, Story
from archive.record import StoryRecord
from archive.sql import chunks, dialect_insert
from archive.store.addresses import link_to_crawl, upsert_batch_aliases
from archive.store.batch import Prepared, prepare_batch
from archive.store.links import delete_links, insert_provenance, link_authors, link_tags
from archive.store.versions import Written, insert_versions
from archive.timeutil import require_aware, utcnow


@dataclass(frozen=True)
class StoreCounts:
    """How many stories of a batch were new, changed, or seen again unchanged."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    # New or changed stories found to be near-duplicates of an archived story at another URL.
    clustered: int = 0

    def __add__(self, other: StoreCounts) -> StoreCounts:
        return StoreCounts(
            self.new + other.new,
            self.updated + other.updated,
            self.unchanged + other.unchanged,
            self.clustered + other.clustered,
        )


@dataclass(frozen=True)
class StoredBatch:
    """What :func:`store_stories` did: its counts, and the new or changed bodies by story id
    (oldest first, so that within a batch a copy finds the story it copies) seen at ``seen_at``.
    """

    counts: StoreCounts
    fresh: list[tuple[int, str]]
    seen_at: datetime


@dataclass
class _Existing:
    id: int
    content_hash: str
    version: int
    last_seen_at: datetime
    last_crawled_at: datetime


def store_stories(
    session: Session,
    crawl_id: int,
    stories: Sequence[StoryRecord],
    *,
    seen_at: datetime | None = None,
) -> StoredBatch:
    """Upsert a batch of stories found by crawl ``crawl_id``.

    A story is new (first version), unchanged (same normalised content: only ``last_seen_at``
    and ``last_crawled_at`` move) or updated (a new version replaces the current fields). A URL
    given twice in one batch counts once, with its last content. ``seen_at`` (default: now) is
    when the archive saw the batch; ``last_crawled_at`` is the story's ``fetched_at``. Each
    story is linked to the crawl (a sighting) and its other addresses become aliases.

    The new and changed bodies are returned for the near-duplicate check, which the caller
    runs in the same transaction (:func:`archive.neardup.detect`).

    :raises ValueError: for a story without a URL or with a naive datetime; nothing is written
        then, as validation happens before the first statement.
    """
    now = require_aware(seen_at, "seen_at") if seen_at is not None else utcnow()
    batch = prepare_batch(stories, now)
    if not batch:
        return StoredBatch(StoreCounts(), [], now)

    site_ids = _ensure_sites(session, sorted({prepared.host for prepared in batch.values()}))
    new_ids = _insert_new_stories(session, batch, site_ids, now)
    existing = _lock_existing(session, [url for url in batch if url not in new_ids])

    written: list[Written] = [(new_ids[url], 1, batch[url]) for url in new_ids]
    changed: list[Written] = []
    unchanged: list[tuple[_Existing, Prepared]] = []
    for url, row in existing.items():
        prepared = batch[url]
        if row.content_hash == prepared.content_hash:
            unchanged.append((row, prepared))
        else:
            changed.append((row.id, row.version + 1, prepared))

    _touch_unchanged(session, unchanged, now)
    _update_changed(session, changed, existing, site_ids, now)
    written.extend(changed)
    insert_versions(session, crawl_id, written)
    # The story rows are locked, so replacing their links cannot race another writer.
    delete_links(session, [story_id for story_id, _number, _story in changed])
    link_authors(session, written)
    link_tags(session, written)
    insert_provenance(session, written)

    story_ids = dict(new_ids)
    story_ids.update((url, row.id) for url, row in existing.items())
    upsert_batch_aliases(session, batch, story_ids)
    link_to_crawl(
        session,
        crawl_id,
        story_ids.values(),
        now,
        {
            story_ids[url]: (prepared.story.listing_url, prepared.story.listing_position)
            for url, prepared in batch.items()
            if prepared.story.listing_url and url in story_ids
        },
    )
    session.flush()
    # Oldest first, so that within a batch a copy finds the story it copies.
    fresh = sorted(written, key=lambda w: (w[2].story.published_at or now, w[0]))
    return StoredBatch(
        StoreCounts(new=len(new_ids), updated=len(changed), unchanged=len(unchanged)),
        [(story_id, prepared.story.body) for story_id, _n, prepared in fresh],
        now,
    )


def _ensure_sites(session: Session, hosts: list[str]) -> dict[str, int]:
    for chunk in chunks(hosts):
        statement = dialect_insert(session, Site).values([{"host": host} for host in chunk])
        session.execute(statement.on_conflict_do_nothing(index_elements=["host"]))
    ids: dict[str, int] = {}
    for chunk in chunks(hosts):
        rows = session.execute(select(Site.host, Site.id).where(Site.host.in_(chunk)))
        ids.update({host: site_id for host, site_id in rows})
    return ids


def _insert_new_stories(
    session: Session, batch: dict[str, Prepared], site_ids: dict[str, int], now: datetime
) -> dict[str, int]:
    """Insert the stories not yet archived; return url -> id of those this call created.

    ``DO NOTHING`` leaves existing rows alone (and, on PostgreSQL, waits for a concurrent writer
    of the same URL to commit), so RETURNING names exactly the new stories.
    """
    rows = [
        {
            "url": prepared.url,
            "site_id": site_ids[prepared.host],
            **prepared.content(),
            "first_seen_at": now,
            "last_seen_at": now,
            "last_crawled_at": prepared.crawled_at,
            "content_hash": prepared.content_hash,
            "version": 1,
        }
        for prepared in batch.values()
    ]
    created: dict[str, int] = {}
    for chunk in chunks(rows):
        statement = (
            dialect_insert(session, Story)
            .values(list(chunk))
            .on_conflict_do_nothing(index_elements=["url"])
            .returning(Story.url, Story.id)
        )
        created.update({url: story_id for url, story_id in session.execute(statement)})
    return dict(sorted(created.items()))


def _lock_existing(session: Session, urls: list[str]) -> dict[str, _Existing]:
    """Load the batch's already archived stories, locked against concurrent version bumps.

    ``FOR UPDATE`` is a no-op on SQLite, where the transaction already holds the write lock.
    """
    found: dict[str, _Existing] = {}
    for chunk in chunks(urls):
        statement = (
            select(
                Story.url,
                Story.id,
                Story.content_hash,
                Story.version,
                Story.last_seen_at,
                Story.last_crawled_at,
            )
            .where(Story.url.in_(chunk))
            .order_by(Story.url)
            .with_for_update()
        )
        for url, story_id, digest, version, seen, crawled in session.execute(statement):
            found[url] = _Existing(story_id, digest, version, seen, crawled)
    missing = set(urls) - found.keys()
    if missing:
        # Only a concurrent delete can cause this; better to fail the batch than drop stories.
        raise RuntimeError(f"stories vanished while being stored: {sorted(missing)[:5]}")
    return found


def _touch_unchanged(
    session: Session, unchanged: list[tuple[_Existing, Prepared]], now: datetime
) -> None:
    if not unchanged:
        return
    rows = [
        {
            "id": row.id,
            # max(): a late batch from a slow writer must not move the clocks backwards.
            "last_seen_at": max(row.last_seen_at, now),
            "last_crawled_at": max(row.last_crawled_at, prepared.crawled_at),
        }
        for row, prepared in unchanged
    ]
    session.execute(update(Story), rows)


def _update_changed(
    session: Session,
    changed: list[Written],
    existing: dict[str, _Existing],
    site_ids: dict[str, int],
    now: datetime,
) -> None:
    if not changed:
        return
    rows = []
    for story_id, number, prepared in changed:
        row = existing[prepared.url]
        rows.append(
            {
                "id": story_id,
                "site_id": site_ids[prepared.host],
                **prepared.content(),
                "last_seen_at": max(row.last_seen_at, now),
                "last_crawled_at": max(row.last_crawled_at, prepared.crawled_at),
                "content_hash": prepared.content_hash,
                "version": number,
            }
        )
    session.execute(update(Story), rows)
