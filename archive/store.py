"""Writing to the archive: crawl records, story upserts and versions.

Every function takes a :class:`~sqlalchemy.orm.Session` and leaves the transaction to the
caller, so one logical write is one transaction::

    with Session.begin() as session:
        counts = store_stories(session, crawl_id, batch)

Concurrent writers are safe: stories, sites, authors, tags and aliases are inserted with the
dialect's ``INSERT ... ON CONFLICT``, and rows are always touched in sorted key order so that two
PostgreSQL transactions writing overlapping batches wait for each other instead of deadlocking.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, TypeVar
from urllib.parse import urlsplit

from sqlalchemy import delete, insert, select, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import InstrumentedAttribute, Session

from archive import neardup
from archive.diff import SUMMARY_FIELDS, summarise
from archive.models import (
    URL_LENGTH,
    Author,
    Base,
    Crawl,
    CrawlError,
    DateSignal,
    FieldProvenance,
    Sighting,
    Site,
    Story,
    StoryAlias,
    StoryAuthor,
    StoryTag,
    StoryVersion,
    Tag,
)
from archive.timeutil import iso_z, require_aware, utcnow

__all__ = [
    "StoreCounts",
    "content_hash",
    "finish_crawl",
    "json_safe",
    "record_errors",
    "start_crawl",
    "store_stories",
    "tag_key",
]

# Rows per multi-row statement: far below SQLite's 32766 bound parameters even for wide tables.
CHUNK = 200
# Limits of the String(255)/String(35) columns; longer values are extraction junk, and clipping
# them beats failing the whole batch on PostgreSQL.
NAME_LENGTH = 255
LANGUAGE_LENGTH = 35

T = TypeVar("T")

_SPACES = re.compile(r"\s+")
_BLANK_LINES = re.compile(r"\n{3,}")


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

    @property
    def total(self) -> int:
        return self.new + self.updated + self.unchanged


# -- crawls -----------------------------------------------------------------------------------


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
    """Record how a crawl ended; ``stats`` (Scrapy's stats, say) is stored as JSON."""
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
    crawl.stats = json_safe(dict(stats))
    session.flush()


def record_errors(session: Session, crawl_id: int, errors: Sequence[Mapping[str, Any]]) -> None:
    """Record pages that could not be parsed or written (keys: url, reason, detail, at)."""
    if not errors:
        return
    now = utcnow()
    rows = []
    for error in errors:
        at = error.get("at")
        detail = error.get("detail")
        rows.append(
            {
                "crawl_id": crawl_id,
                "url": error.get("url") or None,
                "reason": _clip(str(error.get("reason") or "unknown"), NAME_LENGTH),
                "detail": None if detail is None else str(detail),
                "at": now if at is None else require_aware(at, "error at"),
            }
        )
    session.execute(insert(CrawlError), rows)


def json_safe(value: Any) -> Any:
    """``value`` made storable as JSON: datetimes become ISO strings, sets lists, and so on."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        # JSON has no NaN or Infinity, and PostgreSQL refuses them.
        return value if math.isfinite(value) else str(value)
    if isinstance(value, datetime):
        return iso_z(value) if value.tzinfo is not None else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, Mapping):
        return {str(key): json_safe(item) for key, item in value.items()}
    if isinstance(value, set | frozenset):
        return sorted((json_safe(item) for item in value), key=str)
    if isinstance(value, list | tuple):
        return [json_safe(item) for item in value]
    return str(value)


# -- stories ----------------------------------------------------------------------------------


@dataclass
class _Incoming:
    """One story of a batch, validated and cleaned, with the values to write."""

    url: str
    host: str
    crawled_at: datetime
    title: str | None
    description: str | None
    body: str
    language: str | None
    section: str | None
    image_url: str | None
    published_at: datetime | None
    modified_at: datetime | None
    authors: list[str]
    tags: list[tuple[str, str]]  # (key, display name)
    provenance: dict[str, str]
    aliases: set[str] = field(default_factory=set)
    content_hash: str = ""
    # The listing page (tag or section page) the crawl found the story's link on, if any.
    listing_url: str | None = None
    listing_position: int | None = None

    def content(self) -> dict[str, Any]:
        """The content columns shared by ``story`` and ``story_version``."""
        return {
            "title": self.title,
            "description": self.description,
            "body": self.body,
            "language": self.language,
            "section": self.section,
            "image_url": self.image_url,
            "published_at": self.published_at,
            "modified_at": self.modified_at,
        }


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
    stories: Sequence[Mapping[str, Any]],
    *,
    seen_at: datetime | None = None,
) -> StoreCounts:
    """Upsert a batch of stories (``newscrawl.items.Story`` as dicts) found by crawl ``crawl_id``.

    A story is new (first version), unchanged (same normalised content: only ``last_seen_at``
    and ``last_crawled_at`` move) or updated (a new version replaces the current fields). A URL
    given twice in one batch counts once, with its last content. ``seen_at`` (default: now) is
    when the archive saw the batch; ``last_crawled_at`` is the story's ``fetched_at``.

    :raises ValueError: for a story without a URL or with a naive datetime; nothing is written
        then, as validation happens before the first statement.
    """
    now = require_aware(seen_at, "seen_at") if seen_at is not None else utcnow()
    batch = _prepare_batch(stories, now)
    if not batch:
        return StoreCounts()

    site_ids = _ensure_sites(session, sorted({story.host for story in batch.values()}))
    new_ids = _insert_new_stories(session, batch, site_ids, now)
    existing = _lock_existing(session, [url for url in batch if url not in new_ids])

    written: list[tuple[int, int, _Incoming]] = [(new_ids[url], 1, batch[url]) for url in new_ids]
    changed: list[tuple[int, int, _Incoming]] = []
    unchanged: list[tuple[_Existing, _Incoming]] = []
    for url, row in existing.items():
        story = batch[url]
        if row.content_hash == story.content_hash:
            unchanged.append((row, story))
        else:
            changed.append((row.id, row.version + 1, story))

    _touch_unchanged(session, unchanged, now)
    _update_changed(session, changed, existing, site_ids, now)
    written.extend(changed)
    _insert_versions(session, crawl_id, written)
    # The story rows are locked, so replacing their links cannot race another writer.
    _delete_links(session, [story_id for story_id, _number, _story in changed])
    _link_authors(session, written)
    _link_tags(session, written)
    _insert_provenance(session, written)

    story_ids = dict(new_ids)
    story_ids.update((url, row.id) for url, row in existing.items())
    _upsert_aliases(session, batch, story_ids)
    _record_sightings(
        session,
        crawl_id,
        story_ids.values(),
        now,
        {
            story_ids[url]: (story.listing_url, story.listing_position)
            for url, story in batch.items()
            if story.listing_url and url in story_ids
        },
    )
    session.flush()
    # Oldest first, so that within a batch a copy finds the story it copies.
    fresh = sorted(written, key=lambda w: (w[2].published_at or now, w[0]))
    clustered = neardup.detect(
        session, [(story_id, story.body) for story_id, _n, story in fresh], now
    )
    return StoreCounts(
        new=len(new_ids), updated=len(changed), unchanged=len(unchanged), clustered=clustered
    )


def content_hash(
    *,
    title: str | None,
    body: str,
    authors: Sequence[str],
    published_at: datetime | None,
    modified_at: datetime | None,
    tags: Sequence[str],
    section: str | None,
) -> str:
    """SHA-256 of the normalised content that decides whether a story changed.

    Whitespace and tag case do not count: re-extracting the same page must not make a version.
    """
    payload = {
        "title": _squash(title),
        "body": _normalise_body(body),
        "authors": [_squash(name) for name in authors],
        "published_at": iso_z(published_at) if published_at else None,
        "modified_at": iso_z(modified_at) if modified_at else None,
        "tags": [tag_key(tag) for tag in tags],
        "section": _squash(section),
    }
    encoded = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def tag_key(name: str) -> str:
    """The case-insensitive identity of a tag: ``"Climate  Change"`` -> ``"climate change"``."""
    return _squash(name).casefold()


# -- preparing a batch ------------------------------------------------------------------------


def _prepare_batch(stories: Sequence[Mapping[str, Any]], now: datetime) -> dict[str, _Incoming]:
    """Validate and clean the batch, keyed by canonical URL in sorted order (the lock order)."""
    by_url: dict[str, _Incoming] = {}
    for mapping in stories:
        story = _prepare(mapping, now)
        previous = by_url.get(story.url)
        if previous is not None:
            story.aliases |= previous.aliases
        by_url[story.url] = story
    return {url: by_url[url] for url in sorted(by_url)}


def _prepare(mapping: Mapping[str, Any], now: datetime) -> _Incoming:
    url = _text(mapping.get("url"))
    if not url:
        raise ValueError(f"story without a url: {dict(mapping)!r:.200}")
    fetched_at = mapping.get("fetched_at")
    story = _Incoming(
        url=url,
        host=(_text(mapping.get("site")) or urlsplit(url).hostname or "").lower(),
        crawled_at=require_aware(fetched_at, f"{url} fetched_at") if fetched_at else now,
        title=_text(mapping.get("title")),
        description=_text(mapping.get("description")),
        body=(mapping.get("body") or "").strip(),
        language=_clip(_text(mapping.get("language")), LANGUAGE_LENGTH),
        section=_clip(_text(mapping.get("section")), NAME_LENGTH),
        image_url=_text(mapping.get("image_url")),
        published_at=_aware_or_none(mapping.get("published_at"), f"{url} published_at"),
        modified_at=_aware_or_none(mapping.get("modified_at"), f"{url} modified_at"),
        authors=_unique_names(mapping.get("authors") or ()),
        tags=_unique_tags(mapping.get("tags") or ()),
        provenance={
            str(name): str(source)[:64]
            for name, source in (mapping.get("provenance") or {}).items()
        },
    )
    if not story.host:
        raise ValueError(f"story {url}: no site and no host in the url")
    addresses = [mapping.get("fetched_url"), *(mapping.get("aliases") or ())]
    story.aliases = {alias for alias in map(_text, addresses) if alias and alias != url}
    story.listing_url = _clip(_text(mapping.get("listing_url")), URL_LENGTH)

    position = mapping.get("listing_position")
    story.listing_position = int(position) if position is not None else None
    story.content_hash = content_hash(
        title=story.title,
        body=story.body,
        authors=story.authors,
        published_at=story.published_at,
        modified_at=story.modified_at,
        tags=[name for _key, name in story.tags],
        section=story.section,
    )
    return story


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _squash(text: str | None) -> str:
    return _SPACES.sub(" ", text or "").strip()


def _normalise_body(body: str) -> str:
    lines = (_squash(line) for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def _clip(text: str | None, length: int) -> str | None:
    return text[:length] if text else text


def _aware_or_none(value: Any, what: str) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime):
        raise ValueError(f"{what}: expected a datetime, got {value!r}")
    return require_aware(value, what)


def _unique_names(names: Iterable[Any]) -> list[str]:
    """Byline order, each person once; one row per spelling, as names have no safe case fold."""
    seen: dict[str, None] = {}
    for name in names:
        cleaned = _clip(_squash(str(name)), NAME_LENGTH)
        if cleaned:
            seen.setdefault(cleaned)
    return list(seen)


def _unique_tags(names: Iterable[Any]) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for name in names:
        display = _clip(_squash(str(name)), NAME_LENGTH)
        if display:
            seen.setdefault(_clip(tag_key(display), NAME_LENGTH) or display, display)
    return list(seen.items())


# -- writing ----------------------------------------------------------------------------------


def _insert(session: Session, entity: type[Base]) -> postgresql.Insert | sqlite.Insert:
    """The dialect's INSERT, which knows ``ON CONFLICT``."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(entity)
    if dialect == "sqlite":
        return sqlite.insert(entity)
    raise NotImplementedError(f"the archive supports SQLite and PostgreSQL, not {dialect}")


def _chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _ensure_sites(session: Session, hosts: list[str]) -> dict[str, int]:
    for chunk in _chunks(hosts):
        statement = _insert(session, Site).values([{"host": host} for host in chunk])
        session.execute(statement.on_conflict_do_nothing(index_elements=["host"]))
    ids: dict[str, int] = {}
    for chunk in _chunks(hosts):
        rows = session.execute(select(Site.host, Site.id).where(Site.host.in_(chunk)))
        ids.update({host: site_id for host, site_id in rows})
    return ids


def _insert_new_stories(
    session: Session, batch: dict[str, _Incoming], site_ids: dict[str, int], now: datetime
) -> dict[str, int]:
    """Insert the stories not yet archived; return url -> id of those this call created.

    ``DO NOTHING`` leaves existing rows alone (and, on PostgreSQL, waits for a concurrent writer
    of the same URL to commit), so RETURNING names exactly the new stories.
    """
    rows = [
        {
            "url": story.url,
            "site_id": site_ids[story.host],
            **story.content(),
            "first_seen_at": now,
            "last_seen_at": now,
            "last_crawled_at": story.crawled_at,
            "content_hash": story.content_hash,
            "version": 1,
        }
        for story in batch.values()
    ]
    created: dict[str, int] = {}
    for chunk in _chunks(rows):
        statement = (
            _insert(session, Story)
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
    for chunk in _chunks(urls):
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
    session: Session, unchanged: list[tuple[_Existing, _Incoming]], now: datetime
) -> None:
    if not unchanged:
        return
    rows = [
        {
            "id": row.id,
            # max(): a late batch from a slow writer must not move the clocks backwards.
            "last_seen_at": max(row.last_seen_at, now),
            "last_crawled_at": max(row.last_crawled_at, story.crawled_at),
        }
        for row, story in unchanged
    ]
    session.execute(update(Story), rows)


def _update_changed(
    session: Session,
    changed: list[tuple[int, int, _Incoming]],
    existing: dict[str, _Existing],
    site_ids: dict[str, int],
    now: datetime,
) -> None:
    if not changed:
        return
    rows = []
    for story_id, number, story in changed:
        row = existing[story.url]
        rows.append(
            {
                "id": story_id,
                "site_id": site_ids[story.host],
                **story.content(),
                "last_seen_at": max(row.last_seen_at, now),
                "last_crawled_at": max(row.last_crawled_at, story.crawled_at),
                "content_hash": story.content_hash,
                "version": number,
            }
        )
    session.execute(update(Story), rows)


def _insert_versions(
    session: Session, crawl_id: int, written: list[tuple[int, int, _Incoming]]
) -> None:
    if not written:
        return
    previous = _previous_versions(session, written)
    rows = []
    for story_id, number, story in written:
        content = {
            **story.content(),
            "authors": story.authors,
            "tags": [name for _key, name in story.tags],
        }
        before = previous.get(story_id)
        change = summarise(before, content) if before is not None else None
        rows.append(
            {
                "story_id": story_id,
                "number": number,
                "crawl_id": crawl_id,
                "crawled_at": story.crawled_at,
                "content_hash": story.content_hash,
                **content,
                "words_added": change.words_added if change else 0,
                "words_removed": change.words_removed if change else 0,
                "summary": change.summary if change else "first version",
                "trivial": change.trivial if change else False,
            }
        )
    session.execute(insert(StoryVersion), rows)


def _previous_versions(
    session: Session, written: list[tuple[int, int, _Incoming]]
) -> dict[int, dict[str, Any]]:
    """The versions that the changed stories' new versions follow, for their change summary."""
    keys = [(story_id, number - 1) for story_id, number, _story in written if number > 1]
    columns = [getattr(StoryVersion, name) for name in SUMMARY_FIELDS]
    found: dict[int, dict[str, Any]] = {}
    for chunk in _chunks(keys):
        statement = select(StoryVersion.story_id, *columns).where(
            tuple_(StoryVersion.story_id, StoryVersion.number).in_(list(chunk))
        )
        for story_id, *values in session.execute(statement):
            found[story_id] = dict(zip(SUMMARY_FIELDS, values, strict=True))
    return found


def _record_sightings(
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
    for chunk in _chunks(rows):
        statement = _insert(session, Sighting).values(list(chunk))
        session.execute(statement.on_conflict_do_nothing(index_elements=["story_id", "crawl_id"]))


def record_sightings(
    session: Session,
    crawl_id: int,
    sightings: Sequence[tuple[str, str | None, int | None]],
    now: datetime,
) -> int:
    """Archived stories a crawl saw listed without fetching them again (not due).

    ``sightings`` are ``(story url or alias, listing url, position)``; unknown URLs are skipped.
    Returns how many stories were recorded.
    """
    ids = story_ids_by_address(session, {url for url, _listing, _position in sightings})
    listings: dict[int, tuple[str | None, int | None]] = {}
    for url, listing, position in sightings:
        if url in ids:
            listings.setdefault(ids[url], (listing, position))
    _record_sightings(session, crawl_id, listings, now, listings)
    return len(listings)


def _delete_links(session: Session, story_ids: list[int]) -> None:
    """Drop the authors, tags and provenance of stories whose content is being replaced."""
    for model in (StoryAuthor, StoryTag, FieldProvenance):
        for chunk in _chunks(story_ids):
            session.execute(delete(model).where(model.story_id.in_(chunk)))


def _link_authors(session: Session, written: list[tuple[int, int, _Incoming]]) -> None:
    names = sorted({name for _id, _n, story in written for name in story.authors})
    author_ids = _ensure_named(session, Author, Author.name, [{"name": name} for name in names])
    links = [
        {"story_id": story_id, "position": position, "author_id": author_ids[name]}
        for story_id, _number, story in written
        for position, name in enumerate(story.authors)
    ]
    if links:
        session.execute(insert(StoryAuthor), links)


def _link_tags(session: Session, written: list[tuple[int, int, _Incoming]]) -> None:
    # The first spelling met names the tag; later spellings share its row.
    display: dict[str, str] = {}
    for _id, _number, story in written:
        for key, name in story.tags:
            display.setdefault(key, name)
    tag_ids = _ensure_named(
        session, Tag, Tag.key, [{"key": key, "name": display[key]} for key in sorted(display)]
    )
    links = [
        {"story_id": story_id, "position": position, "tag_id": tag_ids[key]}
        for story_id, _number, story in written
        for position, (key, _name) in enumerate(story.tags)
    ]
    if links:
        session.execute(insert(StoryTag), links)


def _ensure_named(
    session: Session,
    model: type[Author] | type[Tag],
    key: InstrumentedAttribute[str],
    rows: list[dict[str, str]],
) -> dict[str, int]:
    """Insert the missing authors or tags (rows sorted by key); return key -> id for all."""
    for rows_chunk in _chunks(rows):
        statement = _insert(session, model).values(list(rows_chunk))
        session.execute(statement.on_conflict_do_nothing(index_elements=[key.key]))
    ids: dict[str, int] = {}
    for keys_chunk in _chunks([row[key.key] for row in rows]):
        found = session.execute(select(key, model.id).where(key.in_(keys_chunk)))
        ids.update({name: row_id for name, row_id in found})
    return ids


def _insert_provenance(session: Session, written: list[tuple[int, int, _Incoming]]) -> None:
    rows = [
        {"story_id": story_id, "field": _clip(name, 64), "source": source}
        for story_id, _number, story in written
        for name, source in story.provenance.items()
    ]
    if rows:
        session.execute(insert(FieldProvenance), rows)


def _upsert_aliases(
    session: Session, batch: dict[str, _Incoming], story_ids: dict[str, int]
) -> None:
    """Point each alias at its story; an address that moved to another story follows it."""
    owners: dict[str, int] = {}
    for url, story in batch.items():
        for alias in story.aliases:
            if alias not in batch:  # a canonical URL of this batch is no one's alias
                owners[alias] = story_ids[url]
    rows = [{"url": alias, "story_id": owners[alias]} for alias in sorted(owners)]
    for chunk in _chunks(rows):
        statement = _insert(session, StoryAlias).values(list(chunk))
        statement = statement.on_conflict_do_update(
            index_elements=["url"],
            set_={"story_id": statement.excluded.story_id},
            where=StoryAlias.story_id != statement.excluded.story_id,
        )
        session.execute(statement)


# -- aliases seen apart from their stories ----------------------------------------------------


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
    for chunk in _chunks(others):
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
    for rows in _chunks(rows_out):
        statement = _insert(session, StoryAlias).values(list(rows))
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
    for batch in _chunks(rows):
        statement = _insert(session, DateSignal).values(list(batch))
        session.execute(
            statement.on_conflict_do_update(
                index_elements=["story_id", "source"], set_={"value": statement.excluded.value}
            )
        )
    return len(rows)


def story_ids_by_address(session: Session, urls: Iterable[str]) -> dict[str, int]:
    """The archived story of each address, by canonical URL, else by alias; unknown ones omitted."""
    ids: dict[str, int] = {}
    for chunk in _chunks(sorted(set(urls))):
        for url, story_id in session.execute(
            select(Story.url, Story.id).where(Story.url.in_(chunk))
        ):
            ids[url] = story_id
        for url, story_id in session.execute(
            select(StoryAlias.url, StoryAlias.story_id).where(StoryAlias.url.in_(chunk))
        ):
            ids.setdefault(url, story_id)
    return ids
