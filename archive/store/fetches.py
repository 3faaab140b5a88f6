"""What each fetch of a story tells the next crawl: its validators and when it is next due.

The schedule itself, and the reads a crawl starts with, are in :mod:`archive.revisits`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from archive.models import Story, StoryFetch
from archive.revisits import DEFAULT_SCHEDULE, Schedule, next_visit
from archive.sql import dialect_insert
from archive.store.addresses import link_to_crawl


def record_fetches(
    session: Session,
    fetches: Sequence[tuple[str, str | None, str | None, datetime]],
    schedule: Schedule = DEFAULT_SCHEDULE,
) -> None:
    """Store ``(story_url, etag, last_modified, fetched_at)`` and schedule each next visit.

    A URL that is not an archived story (yet) is skipped.
    """
    by_url = {url: (etag, modified, at) for url, etag, modified, at in fetches}
    rows = session.execute(
        select(Story.url, Story.id, Story.published_at, Story.first_seen_at).where(
            Story.url.in_(list(by_url))
        )
    )
    values = []
    for url, story_id, published_at, first_seen_at in rows:
        etag, modified, at = by_url[url]
        values.append(
            {
                "story_id": story_id,
                "etag": etag,
                "last_modified": modified,
                "fetched_at": at,
                "next_visit_at": next_visit(published_at, first_seen_at, at, schedule),
                "visits": 1,
            }
        )
    if not values:
        return
    statement = dialect_insert(session, StoryFetch).values(values)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["story_id"],
            set_={
                "etag": func.coalesce(statement.excluded.etag, StoryFetch.etag),
                "last_modified": func.coalesce(
                    statement.excluded.last_modified, StoryFetch.last_modified
                ),
                "fetched_at": statement.excluded.fetched_at,
                "next_visit_at": statement.excluded.next_visit_at,
                "visits": StoryFetch.visits + 1,
            },
        )
    )


def touch_unmodified(
    session: Session,
    crawl_id: int,
    fetches: Sequence[tuple[str, datetime]],
    now: datetime,
    schedule: Schedule = DEFAULT_SCHEDULE,
) -> int:
    """Stories answered ``304 Not Modified``: seen again by crawl ``crawl_id``, unchanged.

    Moves ``last_seen_at``, ``last_crawled_at`` and the next visit; returns how many stories.
    """
    crawled = dict(fetches)
    ids = dict(
        session.execute(select(Story.url, Story.id).where(Story.url.in_(list(crawled)))).all()
    )
    for url, story_id in ids.items():
        session.execute(
            update(Story)
            .where(Story.id == story_id)
            .values(last_seen_at=now, last_crawled_at=crawled[url])
            .execution_options(synchronize_session=False)
        )
    link_to_crawl(session, crawl_id, ids.values(), now)
    record_fetches(session, [(url, None, None, crawled[url]) for url in ids], schedule)
    return len(ids)
