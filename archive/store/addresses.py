"""Where stories were seen and under which addresses: sightings, aliases and date signals.

- A *sighting* links a story to a crawl that saw it, with the listing page and position where
  the crawl found its link (written for every stored story, and for archived stories a listing
  showed but the crawl did not fetch again).
- An *alias* is another address of a story: a redirect, an AMP or print view, a copy.
- A *date signal* is a date a feed or sitemap gave for a story, kept with its source.

Each takes story URLs or aliases and resolves them with :func:`story_ids_by_address`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from archive.models import DateSignal, Sighting, Story, StoryAlias
from archive.sql import chunks, dialect_insert
from archive.store.batch import Prepared
from archive.timeutil import require_aware


def link_to_crawl(
    session: Session,
    crawl_id: int,
    story_ids: Iterable[int],
    now: datetime,
    listings: Mapping[int, tuple[str | None, int | None]] | None = None,
) -> None:
    """Link the batch's stories to the crawl; a story seen again by the same crawl keeps its row.

    ``listings`` gives, by story id, the listing page and position where the crawl found it.
    """
    listings = listings or {}
    rows = [
        {
            "story_id": story_id,
            "crawl_id": crawl_id,
            "seen_at": now,
            "listing_url": listings.get(story_id, (None, None))[0],
            "listing_position": listings.get(story_id, (None, None))[1],
        }
        for story_id in sorted(set(story_ids))
    ]
    for chunk in chunks(rows):
        statement = dialect_insert(session, Sighting).values(list(chunk))
        session.execute(statement.on_conflict_do_nothing(index_elements=["story_id", "crawl_id"]))


def record_sightings(
    session: Session,
    crawl_id: int,
    sightings: Sequence[tuple[str, str | None, int | None]],
    now: datetime,
) -> int:
    """Archived stories a crawl saw listed without fetching them again (not due).

    ``sightings`` are ``(story url or alias, listing url, position)``; unknown URLs are skipped.
    A listing that still shows a story is a sighting of it: its ``last_seen_at`` moves to
    ``now`` (never backwards). Returns how many stories were recorded.
    """
    ids = story_ids_by_address(session, {url for url, _listing, _position in sightings})
    listings: dict[int, tuple[str | None, int | None]] = {}
    for url, listing, position in sightings:
        if url in ids:
            listings.setdefault(ids[url], (listing, position))
    link_to_crawl(session, crawl_id, listings, now, listings)
    for chunk in chunks(sorted(listings)):
        session.execute(
            update(Story)
            .where(Story.id.in_(chunk), Story.last_seen_at < now)
            .values(last_seen_at=now)
            .execution_options(synchronize_session=False)
        )
    return len(listings)


def upsert_batch_aliases(
    session: Session, batch: dict[str, Prepared], story_ids: dict[str, int]
) -> None:
    """Point each alias at its story; an address that moved to another story follows it."""
    owners: dict[str, int] = {}
    for url, prepared in batch.items():
        for alias in prepared.aliases:
            if alias not in batch:  # a canonical URL of this batch is no one's alias
                owners[alias] = story_ids[url]
    rows = [{"url": alias, "story_id": owners[alias]} for alias in sorted(owners)]
    for chunk in chunks(rows):
        statement = dialect_insert(session, StoryAlias).values(list(chunk))
        statement = statement.on_conflict_do_update(
            index_elements=["url"],
            set_={"story_id": statement.excluded.story_id},
            where=StoryAlias.story_id != statement.excluded.story_id,
        )
        session.execute(statement)


@dataclass(frozen=True)
class AliasCounts:
    """Aliases written, and those naming a story that is not in the archive."""

    added: int = 0
    unmatched: list[str] = field(default_factory=list)


def add_aliases(session: Session, pairs: Sequence[tuple[str, str]]) -> AliasCounts:
    """Record ``(story_url, other_url)`` pairs: other addresses of archived stories.

    ``story_url`` may itself be an alias of a story, already archived or given in another pair
    (a chain of redirects). An address that is some story's canonical URL is never made an
    alias. Pairs whose story is not archived are returned as unmatched.
    """
    ids = story_ids_by_address(session, {story_url for story_url, _ in pairs})
    others = sorted({url for _, url in pairs})
    canonical: set[str] = set()
    for chunk in chunks(others):
        canonical.update(session.scalars(select(Story.url).where(Story.url.in_(chunk))))
    # A chain of addresses (a redirects to b, b to the story) resolves to the story.
    leads_to = {url: story_url for story_url, url in pairs}

    def resolve(url: str) -> str:
        seen: set[str] = set()
        while url not in ids and url in leads_to and url not in seen:
            seen.add(url)
            url = leads_to[url]
        return url

    owners: dict[str, int] = {}
    unmatched: list[str] = []
    for story_url, url in pairs:
        target = resolve(story_url)
        if target not in ids:
            unmatched.append(story_url)
        elif url not in canonical and url != target:
            owners[url] = ids[target]
    rows_out = [{"url": url, "story_id": owners[url]} for url in sorted(owners)]
    for rows in chunks(rows_out):
        statement = dialect_insert(session, StoryAlias).values(list(rows))
        session.execute(statement.on_conflict_do_nothing(index_elements=["url"]))
    return AliasCounts(added=len(rows_out), unmatched=sorted(set(unmatched)))


def record_date_signals(session: Session, signals: Sequence[tuple[str, str, datetime]]) -> int:
    """Keep ``(story url or alias, source, value)``: dates feeds and sitemaps gave for stories.

    The latest value of each source is kept; URLs that are no archived story are skipped.
    Returns how many were kept.
    """
    ids = story_ids_by_address(session, {url for url, _source, _value in signals})
    latest: dict[tuple[int, str], datetime] = {}
    for url, source, value in signals:
        if url in ids:
            latest[(ids[url], source[:64])] = require_aware(value, f"{url} {source}")
    rows = [
        {"story_id": story_id, "source": source, "value": value}
        for (story_id, source), value in sorted(latest.items())
    ]
    for batch in chunks(rows):
        statement = dialect_insert(session, DateSignal).values(list(batch))
        session.execute(
            statement.on_conflict_do_update(
                index_elements=["story_id", "source"], set_={"value": statement.excluded.value}
            )
        )
    return len(rows)


def story_ids_by_address(session: Session, urls: Iterable[str]) -> dict[str, int]:
    """The archived story of each address, by canonical URL, else by alias; unknown ones omitted."""
    ids: dict[str, int] = {}
    for chunk in chunks(sorted(set(urls))):
        for url, story_id in session.execute(
            select(Story.url, Story.id).where(Story.url.in_(chunk))
        ):
            ids[url] = story_id
        for url, story_id in session.execute(
            select(StoryAlias.url, StoryAlias.story_id).where(StoryAlias.url.in_(chunk))
        ):
            ids.setdefault(url, story_id)
    return ids
