"""The record of each crawl: when it started and ended, how it went, and the pages that failed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from archive.jsonvalue import json_safe
from archive.models import Crawl, CrawlError, Sighting
from archive.record import PageProblem
from archive.store.batch import NAME_LENGTH, clip
from archive.timeutil import require_aware


def start_crawl(
    session: Session, *, spider: str, start_url: str | None, started_at: datetime
) -> int:
    """Record the start of a crawl and return its id."""
    crawl = Crawl(
        spider=spider,
        start_url=start_url,
        started_at=require_aware(started_at, "started_at"),
        status="running",
        stats={},
    )
    session.add(crawl)
    session.flush()
    return crawl.id


def finish_crawl(
    session: Session,
    crawl_id: int,
    *,
    finished_at: datetime,
    status: str,
    pages: int,
    stories_new: int,
    stories_updated: int,
    stories_unchanged: int,
    errors: int,
    stats: Mapping[str, Any],
) -> None:
    """Record how a crawl ended; ``stats`` (Scrapy's stats, say) is stored as JSON, with
    ``stories_seen``: the stories the crawl saw (stored, answered 304, or found on a listing,
    feed, sitemap or page: each has a sighting of this crawl)."""
    crawl = session.get(Crawl, crawl_id)
    if crawl is None:
        raise LookupError(f"no crawl with id {crawl_id}")
    crawl.finished_at = require_aware(finished_at, "finished_at")
    crawl.status = status
    crawl.pages = pages
    crawl.stories_new = stories_new
    crawl.stories_updated = stories_updated
    crawl.stories_unchanged = stories_unchanged
    crawl.errors = errors
    crawl.stats = json_safe({**stats, "stories_seen": count_seen(session, crawl_id)})
    session.flush()


def count_seen(session: Session, crawl_id: int) -> int:
    """How many stories crawl ``crawl_id`` saw (its sightings)."""
    seen = select(func.count()).select_from(Sighting).where(Sighting.crawl_id == crawl_id)
    return session.scalar(seen) or 0


def record_progress(
    session: Session,
    crawl_id: int,
    *,
    pages: int,
    stories_new: int,
    stories_updated: int,
    stories_unchanged: int,
    errors: int,
) -> None:
    """The figures of a crawl still running, so its row does not say "pages 0" until it
    ends; a crawl already finished is left as it is."""
    session.execute(
        update(Crawl)
        .where(Crawl.id == crawl_id, Crawl.status == "running")
        .values(
            pages=pages,
            stories_new=stories_new,
            stories_updated=stories_updated,
            stories_unchanged=stories_unchanged,
            errors=errors,
        )
        .execution_options(synchronize_session=False)
    )


def record_problems(session: Session, crawl_id: int, problems: Sequence[PageProblem]) -> None:
    """Record pages that could not be parsed, fetched or written, with their reasons."""
    if not problems:
        return
    rows = [
        {
            "crawl_id": crawl_id,
            "url": problem.url or None,
            "reason": clip(problem.reason or "unknown", NAME_LENGTH),
            "detail": problem.detail,
            "at": require_aware(problem.at, "problem at"),
        }
        for problem in problems
    ]
    session.execute(insert(CrawlError), rows)
