"""The archive's writer for one crawl: what a crawler drives, with no crawler in it.

::

    writer = ArchiveWriter("sqlite:///data/archive.db", failed_file=Path("failed.jsonl"))
    writer.open(spider="site", start_url="https://example.com/")
    result = writer.write(stories)          # StoryRecord objects; one transaction per batch
    writer.touch_unchanged([(url, fetched_at)])
    writer.add_aliases([(story_url, other_url)])
    writer.record_pages([JudgedPage(url, "listing", "jsonld:CollectionPage")])
    writer.finish(status="finished", pages=120, stats={...})
    writer.close()

A batch is one transaction with three steps, in this order: the story upserts
(:func:`archive.store.store_stories`), the near-duplicate check of the new and changed bodies
(:func:`archive.neardup.detect`), and each story's validators and next visit
(:func:`archive.store.record_fetches`). A batch that fails is retried; if it still fails each
story is tried alone, and a story that cannot be written is kept in ``failed_file`` (JSON
lines) and recorded as an ``archive-write`` problem, so nothing is lost silently.

Text is cleaned first (:func:`archive.record.cleaned`: no NULs, no lone surrogates), so one
story's bad character never fails its batch, and the failed-stories file is written escaped to
ASCII, so it can always be written.

When the database is unreachable (a connection refused or dropped: SQLAlchemy's
``OperationalError`` or ``InterfaceError``), a batch is not split nor given up: it goes to the
:class:`~archive.spool.Spool`, durable on local disk, and later batches join it until the
database answers again; then the spool is written first, in order. :attr:`outage_since` tells
the crawl how long the outage has lasted, so it can stop past its deadline; :meth:`open` writes
what an earlier crawl left in the spool before anything else.

Every method blocks: a crawler calls them from a worker thread.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from archive import neardup
from archive.db import ensure_schema, make_engine, make_sessionmaker
from archive.record import PageProblem, StoryRecord, cleaned
from archive.revisits import DEFAULT_SCHEDULE, Schedule
from archive.spool import Spool, dump_story
from archive.store import (
    AliasCounts,
    StoreCounts,
    add_aliases,
    finish_crawl,
    record_date_signals,
    record_fetches,
    record_problems,
    record_sightings,
    start_crawl,
    store_stories,
    touch_unmodified,
)
from archive.store.pages import JudgedPage, record_pages
from archive.timeutil import utcnow

__all__ = ["ArchiveWriter", "JudgedPage", "Spool", "WriteResult", "cleaned", "safe_url"]

logger = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True)
class WriteResult:
    """What one :meth:`ArchiveWriter.write` did.

    :ivar counts: stories new, updated, unchanged, and joined to a near-duplicate cluster.
    :ivar failures: by position in the batch, why a story could not be written.
    :ivar spooled: stories of the batch kept in the spool for an unreachable archive.
    """

    counts: StoreCounts = field(default_factory=StoreCounts)
    failures: dict[int, str] = field(default_factory=dict)
    spooled: int = 0


class ArchiveWriter:
    """Writes one crawl into the archive at ``url``.

    :param attempts: tries of a transaction before giving up (a batch is then split).
    :param retry_delay: seconds before the second try, doubled for each further one.
    :param failed_file: where stories that could not be written are kept.
    :param schedule: when stories are due again (:mod:`archive.revisits`).
    :param spool: where stories wait while the archive is unreachable; None: no waiting (a
        batch that cannot be written is then split, and its stories failed).
    :param drain_interval: seconds between tries to write the spool back during an outage.
    """

    def __init__(
        self,
        url: str,
        *,
        attempts: int,
        retry_delay: float,
        failed_file: Path,
        schedule: Schedule = DEFAULT_SCHEDULE,
        spool: Spool | None = None,
        drain_interval: float = 1.0,
    ) -> None:
        self.url = url
        self.attempts = max(1, attempts)
        self.retry_delay = retry_delay
        self.failed_file = failed_file
        self.schedule = schedule
        self.spool = spool
        self.drain_interval = drain_interval
        #: ``time.monotonic()`` when the archive stopped answering; None while it answers.
        self.outage_since: float | None = None
        self._next_drain = 0.0
        #: Stories written back from the spool (by this writer).
        self.drained = 0
        self.engine: Engine | None = None
        self.sessions: sessionmaker[Session] | None = None
        self.crawl_id: int | None = None
        #: Totals over the crawl.
        self.counts = StoreCounts()
        self.failed = 0
        self.problems_recorded = 0

    # --- lifecycle ---------------------------------------------------------------------------

    def open(self, *, spider: str, start_url: str | None) -> int:
        """Connect, check the schema (a new archive gets it) and record the crawl's start.

        :raises archive.db.SchemaOutOfDate: when the archive must be upgraded first.
        """
        self.engine = make_engine(self.url)
        try:
            ensure_schema(self.engine)
        except Exception:
            self.engine.dispose()
            raise
        self.sessions = make_sessionmaker(self.engine)
        self.crawl_id = self._transaction(
            "the crawl's start",
            lambda s: start_crawl(s, spider=spider, start_url=start_url, started_at=utcnow()),
        )
        if self.spool is not None and self.spool.pending:
            logger.info(
                "Writing %d stories an earlier crawl left in %s",
                self.spool.pending,
                self.spool.path,
            )
            self.counts += self.drain(force=True)
        return self.crawl_id

    def finish(self, *, status: str, pages: int, stats: dict[str, Any]) -> None:
        """Record how the crawl ended, with ``stats`` stored as JSON."""
        crawl_id = self._crawl_id()
        if self.failed:
            status = f"{status} ({self.failed} not archived)"
        self._transaction(
            "the crawl's end",
            lambda s: finish_crawl(
                s,
                crawl_id,
                finished_at=utcnow(),
                status=status,
                pages=pages,
                stories_new=self.counts.new,
                stories_updated=self.counts.updated,
                stories_unchanged=self.counts.unchanged,
                errors=self.problems_recorded,
                stats=stats,
            ),
        )

    def close(self) -> None:
        if self.engine is not None:
            self.engine.dispose()
            self.engine = None

    # --- stories -----------------------------------------------------------------------------

    def write(self, stories: Sequence[StoryRecord]) -> WriteResult:
        """Store a batch in one transaction; retried, then story by story if it still fails.

        While the archive is unreachable the batch goes to the spool instead (``spooled``);
        the spool is written back first when the archive answers again.
        """
        self._crawl_id()  # not open: a mistake of the caller, not a failed write
        stories = [cleaned(story) for story in stories]
        drained = StoreCounts()
        if self.spool is not None and self.spool.pending:
            drained = self.drain()
            if self.spool.pending:
                self.spool.append(stories)
                self.counts += drained
                return WriteResult(drained, spooled=len(stories))
        try:
            counts = self._transaction(
                f"a batch of {len(stories)} stories", lambda s: self._store(s, stories)
            )
        except Exception as exc:
            if self.spool is not None and is_unreachable(exc):
                self._outage(exc)
                self.spool.append(stories)
                self.counts += drained
                return WriteResult(drained, spooled=len(stories))
            logger.error("Archive batch of %d failed; trying one by one: %s", len(stories), exc)
            result = self._write_one_by_one(stories)
            self.counts += drained
            return replace(result, counts=result.counts + drained)
        self.outage_since = None
        self.counts += counts
        return WriteResult(counts + drained)

    def drain(self, *, force: bool = False) -> StoreCounts:
        """Write the spool back, in order, a batch per transaction; stop at the first sign the
        archive is still unreachable (what is left stays in the spool). Between tries during
        an outage, at most one each ``drain_interval`` unless ``force``."""
        spool = self.spool
        if spool is None or not spool.pending:
            return StoreCounts()
        now = time.monotonic()
        if not force and now < self._next_drain:
            return StoreCounts()
        self._next_drain = now + self.drain_interval
        stories = spool.read()
        counts = StoreCounts()
        size = 50
        done = 0
        try:
            while done < len(stories):
                batch = stories[done : done + size]
                try:
                    with self._sessions().begin() as session:
                        counts += self._store(session, batch)
                except Exception as exc:
                    if is_unreachable(exc):
                        raise
                    counts += self._write_one_by_one(batch, spool_unreachable=False).counts
                done += len(batch)
        except Exception as exc:
            self._outage(exc)
            spool.keep_only(stories[done:])
            if done:
                logger.info("Wrote %d spooled stories; %d still wait", done, spool.pending)
            return counts
        spool.keep_only([])
        self.drained += done
        self.outage_since = None
        logger.info("The archive answers again: wrote the %d stories of the spool", done)
        return counts

    def _outage(self, exc: BaseException) -> None:
        if self.outage_since is None:
            self.outage_since = time.monotonic()
            assert self.spool is not None
            logger.error(
                "The archive is unreachable (%s); stories wait in %s", short(exc), self.spool.path
            )

    def outage_seconds(self) -> float:
        """How long the archive has been unreachable; 0 while it answers."""
        return 0.0 if self.outage_since is None else time.monotonic() - self.outage_since

    def _store(self, session: Session, stories: Sequence[StoryRecord]) -> StoreCounts:
        stored = store_stories(session, self._crawl_id(), stories)
        clustered = neardup.detect(session, stored.fresh, stored.seen_at)
        fetches = [
            (s.url, s.etag, s.last_modified, s.fetched_at or stored.seen_at) for s in stories
        ]
        record_fetches(session, fetches, self.schedule)
        return replace(stored.counts, clustered=clustered)

    def _write_one_by_one(
        self, stories: Sequence[StoryRecord], *, spool_unreachable: bool = True
    ) -> WriteResult:
        counts = StoreCounts()
        failures: dict[int, str] = {}
        lost: list[PageProblem] = []
        spooled: list[StoryRecord] = []
        for position, story in enumerate(stories):
            try:
                with self._sessions().begin() as session:
                    counts += self._store(session, [story])
            except Exception as exc:
                if spool_unreachable and self.spool is not None and is_unreachable(exc):
                    self._outage(exc)
                    spooled.append(story)
                    continue
                failures[position] = short(exc)
                lost.append(PageProblem(url=story.url, reason="archive-write", detail=short(exc)))
                self._keep_failed(story, exc)
        if spooled:
            assert self.spool is not None
            self.spool.append(spooled)
        self.counts += counts
        if lost:
            try:
                self.record_problems(lost)
            except Exception as exc:  # the stories are kept in the failed file all the same
                logger.error("Could not record %d failed stories: %s", len(lost), short(exc))
        return WriteResult(counts, failures, spooled=len(spooled))

    def _keep_failed(self, story: StoryRecord, exc: Exception) -> None:
        self.failed += 1
        logger.error("Could not archive %s: %s", story.url, short(exc))
        try:
            self.failed_file.parent.mkdir(parents=True, exist_ok=True)
            # Escaped to ASCII: any text can be written, and `archive replay` reads it back.
            with self.failed_file.open("a", encoding="ascii") as out:
                out.write(dump_story(story, error=short(exc)))
        except OSError as write_error:  # counted as failed all the same: the crawl exits 1
            logger.critical(
                "Could not keep %s in %s either: %s", story.url, self.failed_file, write_error
            )

    # --- what else a crawl learns ------------------------------------------------------------

    def record_problems(self, problems: Sequence[PageProblem]) -> None:
        """Pages that gave no story, with their reasons."""
        crawl_id = self._crawl_id()
        problems = [cleaned(problem) for problem in problems]
        self._transaction(
            f"{len(problems)} page problems", lambda s: record_problems(s, crawl_id, problems)
        )
        self.problems_recorded += len(problems)

    def touch_unchanged(self, seen: Sequence[tuple[str, datetime]]) -> int:
        """Stories that answered ``304 Not Modified``: ``(url, fetched_at)``; returns how many."""
        crawl_id = self._crawl_id()
        touched = self._transaction(
            "unchanged stories",
            lambda s: touch_unmodified(s, crawl_id, seen, utcnow(), self.schedule),
        )
        self.counts += StoreCounts(unchanged=touched)
        return touched

    def add_aliases(self, pairs: Sequence[tuple[str, str]]) -> AliasCounts:
        """Other addresses of archived stories: ``(story url or alias, other address)``."""
        return self._transaction("story aliases", lambda s: add_aliases(s, pairs))

    def record_sightings(self, listed: Sequence[tuple[str, str | None, int | None]]) -> int:
        """Archived stories listings showed but the crawl did not fetch:
        ``(story url, listing url, position)``."""
        crawl_id = self._crawl_id()
        return self._transaction(
            "listed stories", lambda s: record_sightings(s, crawl_id, listed, utcnow())
        )

    def record_pages(self, pages: Sequence[JudgedPage]) -> int:
        """Pages the crawl judged not to be stories, with kind and reason; returns how many."""
        crawl_id = self._crawl_id()
        pages = [cleaned(page) for page in pages]
        return self._transaction(
            f"{len(pages)} judged pages", lambda s: record_pages(s, crawl_id, pages)
        )

    def record_date_signals(self, dates: Sequence[tuple[str, str, datetime]]) -> int:
        """Dates feeds and sitemaps gave: ``(story url, source, value)``."""
        return self._transaction("date signals", lambda s: record_date_signals(s, dates))

    # --- plumbing ----------------------------------------------------------------------------

    def _transaction(self, what: str, work: Callable[[Session], T]) -> T:
        """Run ``work`` in one transaction, retried with a growing delay when the database
        fails (a locked SQLite file, a PostgreSQL failover); the last error is raised. Other
        errors (a story that fails validation) are raised at once: trying again cannot help."""
        sessions = self._sessions()
        for attempt in range(1, self.attempts):
            try:
                with sessions.begin() as session:
                    return work(session)
            except SQLAlchemyError as exc:
                logger.warning("Writing %s failed (attempt %d): %s", what, attempt, short(exc))
                time.sleep(self.retry_delay * 2 ** (attempt - 1))
        with sessions.begin() as session:  # the last try: its error is the caller's
            return work(session)

    def _sessions(self) -> sessionmaker[Session]:
        if self.sessions is None:
            raise RuntimeError("the archive writer is not open")
        return self.sessions

    def _crawl_id(self) -> int:
        if self.crawl_id is None:
            raise RuntimeError("the archive writer is not open")
        return self.crawl_id


def is_unreachable(exc: BaseException) -> bool:
    """Whether ``exc`` says the database did not answer (refused, dropped, timed out), rather
    than that it refused what was written: waiting can help the first, not the second."""
    return isinstance(exc, OperationalError | InterfaceError)


def short(exc: BaseException) -> str:
    """The first line of an error, for logs and records."""
    return str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__


def safe_url(url: str) -> str:
    """The archive URL without its password, for the log."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL fails later with SQLAlchemy's own message
        return url
