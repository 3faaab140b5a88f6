"""Building stories and storing them, as the pipeline does: one transaction per batch."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from archive import neardup
from archive.db import make_engine, upgrade
from archive.record import StoryRecord
from archive.store import StoreCounts, start_crawl, store_stories

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def make_story(n: int = 1, **overrides: Any) -> StoryRecord:
    """A story as the crawl hands it to the archive."""
    url = overrides.pop("url", f"https://news.example.com/2024/05/story-{n}")
    fields: dict[str, Any] = {
        "url": url,
        "title": f"Story number {n}",
        "body": f"First paragraph of story {n}.\n\nSecond paragraph.",
        "authors": ["Ada Lovelace", "Grace Hopper"],
        "published_at": T0 + timedelta(hours=n),
        "modified_at": None,
        "tags": ["Politics", "Climate"],
        "section": "World",
        "language": "en",
        "image_url": f"https://news.example.com/img/{n}.jpg",
        "description": f"About story {n}",
        "provenance": {"title": "jsonld", "authors": "byline", "published_at": "jsonld"},
        "site": "news.example.com",
        "fetched_url": url,
        "fetched_at": T0 + timedelta(days=1),
        "aliases": [],
    }
    fields.update(overrides)
    return StoryRecord(**fields)


def new_crawl(sessions: sessionmaker[Session], started_at: datetime = T0) -> int:
    with sessions.begin() as session:
        return start_crawl(session, spider="site", start_url=None, started_at=started_at)


def store(
    sessions: sessionmaker[Session],
    crawl_id: int,
    stories: Sequence[StoryRecord],
    seen_at: datetime | None = None,
) -> StoreCounts:
    """Store a batch as :class:`archive.writer.ArchiveWriter` does, near-duplicates included."""
    with sessions.begin() as session:
        stored = store_stories(session, crawl_id, stories, seen_at=seen_at)
        clustered = neardup.detect(session, stored.fresh, stored.seen_at)
        return replace(stored.counts, clustered=clustered)


def count(sessions: sessionmaker[Session], model: type[Any]) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def first_release_archive(path: Path) -> str:
    """The URL of a SQLite archive at ``path`` as the first release made it (revision 0001)."""
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    try:
        upgrade(engine, "0001")
    finally:
        engine.dispose()
    return url
