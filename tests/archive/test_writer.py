"""The archive writer alone, on SQLite and PostgreSQL: a crawl's record, batches of stories,
retries of a failed transaction, and stories the archive refuses kept rather than lost.

Failures are real: a trigger in the database refuses one story's row.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session, sessionmaker

from archive.db import SchemaOutOfDate, has_schema, make_engine
from archive.models import (
    Crawl,
    CrawlError,
    DateSignal,
    Sighting,
    Story,
    StoryAlias,
    StoryFetch,
    StoryVersion,
)
from archive.record import PageProblem
from archive.revisits import parse_schedule
from archive.store import AliasCounts, StoreCounts
from archive.writer import ArchiveWriter, WriteResult, safe_url

from .helpers import T0, first_release_archive, make_story

REFUSAL = "refused by the test trigger"


class Refusal:
    """A trigger that makes the database refuse to insert one story, until it is lifted."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def refuse(self, url: str) -> None:
        quoted = url.replace("'", "''")
        with self.engine.begin() as connection:
            if connection.dialect.name == "sqlite":
                connection.execute(
                    text(
                        "CREATE TRIGGER refuse_story BEFORE INSERT ON story"
                        f" WHEN NEW.url = '{quoted}'"
                        f" BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
                    )
                )
            else:
                connection.execute(
                    text(
                        "CREATE FUNCTION refuse_story() RETURNS trigger LANGUAGE plpgsql AS $$"
                        f" BEGIN IF NEW.url = '{quoted}' THEN RAISE EXCEPTION '{REFUSAL}';"
                        " END IF; RETURN NEW; END $$"
                    )
                )
                connection.execute(
                    text(
                        "CREATE TRIGGER refuse_story BEFORE INSERT ON story"
                        " FOR EACH ROW EXECUTE FUNCTION refuse_story()"
                    )
                )

    def lift(self) -> None:
        with self.engine.begin() as connection:
            if connection.dialect.name == "sqlite":
                connection.execute(text("DROP TRIGGER IF EXISTS refuse_story"))
            else:
                connection.execute(text("DROP TRIGGER IF EXISTS refuse_story ON story"))
                connection.execute(text("DROP FUNCTION IF EXISTS refuse_story()"))


@pytest.fixture
def refusal(engine: Engine) -> Iterator[Refusal]:
    refusal = Refusal(engine)
    try:
        yield refusal
    finally:
        refusal.lift()  # the PostgreSQL database outlives the test


@pytest.fixture
def failed_file(tmp_path: Path) -> Path:
    return tmp_path / "failed" / "stories.jsonl"


def make_writer(url: str, failed_file: Path, **options: object) -> ArchiveWriter:
    settings: dict[str, object] = {"attempts": 3, "retry_delay": 0.05, "failed_file": failed_file}
    settings.update(options)
    return ArchiveWriter(url, **settings)  # type: ignore[arg-type]


@pytest.fixture
def writer(db_url: str, failed_file: Path) -> Iterator[ArchiveWriter]:
    writer = make_writer(db_url, failed_file)
    writer.open(spider="site", start_url="https://news.example.com/")
    try:
        yield writer
    finally:
        writer.close()


def stored_urls(sessions: sessionmaker[Session]) -> set[str]:
    with sessions() as session:
        return set(session.scalars(select(Story.url)))


# --- lifecycle --------------------------------------------------------------------------------


def test_open_records_the_crawl(
    db_url: str, failed_file: Path, sessions: sessionmaker[Session]
) -> None:
    first = make_writer(db_url, failed_file)
    second = make_writer(db_url, failed_file)
    before = datetime.now(UTC)
    try:
        crawl_id = first.open(spider="site", start_url="https://news.example.com/")
        other_id = second.open(spider="feeds", start_url=None)
    finally:
        first.close()
        second.close()
    assert crawl_id != other_id
    with sessions() as session:
        crawl = session.get(Crawl, crawl_id)
        assert crawl is not None
        assert (crawl.spider, crawl.start_url, crawl.status) == (
            "site",
            "https://news.example.com/",
            "running",
        )
        assert before <= crawl.started_at <= datetime.now(UTC)
        assert crawl.finished_at is None
        other = session.get(Crawl, other_id)
        assert other is not None and (other.spider, other.start_url) == ("feeds", None)


def test_a_new_archive_gets_the_schema(tmp_path: Path, failed_file: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new' / 'archive.db'}"
    writer = make_writer(url, failed_file)
    try:
        writer.open(spider="site", start_url=None)
        assert writer.write([make_story(1)]).counts == StoreCounts(new=1)
    finally:
        writer.close()
    engine = make_engine(url)
    try:
        assert has_schema(engine)
    finally:
        engine.dispose()


def test_an_old_archive_is_refused_with_the_command_that_upgrades_it(
    tmp_path: Path, failed_file: Path
) -> None:
    url = first_release_archive(tmp_path / "old.db")
    writer = make_writer(url, failed_file)
    with pytest.raises(SchemaOutOfDate, match=r"archive --db sqlite:///\S+old\.db upgrade"):
        writer.open(spider="site", start_url=None)
    assert writer.crawl_id is None


def test_finish_records_status_counts_and_json_safe_stats(
    writer: ArchiveWriter, sessions: sessionmaker[Session]
) -> None:
    writer.write([make_story(1), make_story(2)])
    writer.write([make_story(1, title="Corrected"), make_story(2)])
    writer.record_problems([PageProblem(url="https://news.example.com/gone", reason="http-404")])
    started = T0 - timedelta(minutes=3)
    stats = {"start_time": started, "seen": {"b", "a"}, "ratio": float("nan"), "pages": 7}
    writer.finish(status="finished", pages=7, stats=stats)
    with sessions() as session:
        crawl = session.get(Crawl, writer.crawl_id)
        assert crawl is not None
        assert crawl.status == "finished"
        assert crawl.finished_at is not None and crawl.finished_at >= crawl.started_at
        assert (crawl.pages, crawl.stories_new, crawl.stories_updated) == (7, 2, 1)
        assert (crawl.stories_unchanged, crawl.errors) == (1, 1)
        assert datetime.fromisoformat(crawl.stats["start_time"]) == started
        assert crawl.stats["seen"] == sorted(stats["seen"])  # type: ignore[call-overload]
        assert crawl.stats["ratio"] == "nan"  # JSON and PostgreSQL refuse NaN
        assert crawl.stats["pages"] == 7


# --- writing stories --------------------------------------------------------------------------


def test_write_stores_a_batch_and_counts_what_it_did(
    writer: ArchiveWriter, sessions: sessionmaker[Session]
) -> None:
    batch = [make_story(n) for n in (1, 2, 3)]
    assert writer.write(batch) == WriteResult(StoreCounts(new=3))
    assert stored_urls(sessions) == {story.url for story in batch}

    changed = [make_story(1, body="A rewritten first paragraph.\n\nAnd more."), *batch[1:]]
    assert writer.write(changed).counts == StoreCounts(updated=1, unchanged=2)

    copy = make_story(4, url="https://copies.example.org/storm", body=batch[2].body)
    assert writer.write([copy]).counts == StoreCounts(new=1, clustered=1)
    assert writer.counts == StoreCounts(new=4, updated=1, unchanged=2, clustered=1)
    with sessions() as session:
        versions = session.scalars(
            select(StoryVersion.number).join(Story).where(Story.url == batch[0].url)
        ).all()
    assert sorted(versions) == [1, 2]


def test_write_records_validators_and_the_next_visit(
    db_url: str, failed_file: Path, sessions: sessionmaker[Session]
) -> None:
    schedule = parse_schedule("100000d:2d")
    writer = make_writer(db_url, failed_file, schedule=schedule)
    writer.open(spider="site", start_url=None)
    try:
        tagged = make_story(1, etag='"v1"', last_modified="Wed, 01 May 2024 12:00:00 GMT")
        writer.write([tagged, make_story(2)])
    finally:
        writer.close()
    with sessions() as session:
        fetches = {
            url: fetch
            for url, fetch in session.execute(select(Story.url, StoryFetch).join(StoryFetch))
        }
    assert set(fetches) == {tagged.url, make_story(2).url}
    assert (fetches[tagged.url].etag, fetches[tagged.url].last_modified) == (
        tagged.etag,
        tagged.last_modified,
    )
    assert fetches[tagged.url].fetched_at == tagged.fetched_at
    assert tagged.fetched_at is not None
    assert fetches[tagged.url].next_visit_at == tagged.fetched_at + schedule[0][1]
    assert fetches[make_story(2).url].etag is None


def test_a_transient_failure_is_retried_and_succeeds(
    db_url: str,
    failed_file: Path,
    refusal: Refusal,
    sessions: sessionmaker[Session],
    caplog: pytest.LogCaptureFixture,
) -> None:
    batch = [make_story(n) for n in (1, 2, 3)]
    refusal.refuse(batch[1].url)

    class Recover(logging.Handler):
        """The failure passes while the writer waits to try again (a lock released, a
        failover over): the trigger is lifted when the writer announces its first retry."""

        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno == logging.WARNING:
                refusal.lift()

    recover = Recover()
    logging.getLogger("archive.writer").addHandler(recover)
    writer = make_writer(db_url, failed_file, attempts=3, retry_delay=0.2)
    try:
        writer.open(spider="site", start_url=None)
        with caplog.at_level(logging.WARNING, logger="archive.writer"):
            result = writer.write(batch)
        writer.finish(status="finished", pages=3, stats={})
    finally:
        logging.getLogger("archive.writer").removeHandler(recover)
        writer.close()
    retries = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(retries) == 1 and "attempt 1" in retries[0] and REFUSAL in retries[0]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert result == WriteResult(StoreCounts(new=3))
    assert stored_urls(sessions) == {story.url for story in batch}
    assert not failed_file.exists()
    with sessions() as session:
        assert session.scalars(select(CrawlError)).all() == []
        crawl = session.get(Crawl, writer.crawl_id)
        assert crawl is not None and crawl.status == "finished"


def test_a_story_the_archive_refuses_is_kept_and_the_rest_stored(
    db_url: str,
    failed_file: Path,
    refusal: Refusal,
    sessions: sessionmaker[Session],
    caplog: pytest.LogCaptureFixture,
) -> None:
    batch = [make_story(n) for n in (1, 2, 3, 4)]
    refused = batch[2]
    refusal.refuse(refused.url)
    writer = make_writer(db_url, failed_file, attempts=3, retry_delay=0.1)
    try:
        crawl_id = writer.open(spider="site", start_url=None)
        started = time.monotonic()
        with caplog.at_level(logging.WARNING, logger="archive.writer"):
            result = writer.write(batch)
        waited = time.monotonic() - started
        writer.finish(status="finished", pages=4, stats={})
    finally:
        writer.close()

    # The batch was tried three times, waiting 0.1 s then 0.2 s, before going one by one.
    retries = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert [("attempt 1" in m, "attempt 2" in m) for m in retries] == [(True, False), (False, True)]
    assert waited >= 0.1 + 0.2

    assert result.counts == StoreCounts(new=3)
    assert list(result.failures) == [2]
    assert REFUSAL in result.failures[2]
    assert stored_urls(sessions) == {story.url for story in batch} - {refused.url}

    (line,) = failed_file.read_text(encoding="utf-8").splitlines()
    kept = json.loads(line)
    assert REFUSAL in kept["error"]
    assert (kept["url"], kept["title"], kept["body"]) == (refused.url, refused.title, refused.body)
    assert kept["authors"] == refused.authors
    assert datetime.fromisoformat(kept["published_at"]) == refused.published_at

    with sessions() as session:
        (error,) = session.scalars(select(CrawlError)).all()
        assert (error.crawl_id, error.url, error.reason) == (crawl_id, refused.url, "archive-write")
        assert error.detail is not None and REFUSAL in error.detail
        crawl = session.get(Crawl, crawl_id)
        assert crawl is not None
        assert crawl.status == "finished (1 not archived)"
        assert (crawl.stories_new, crawl.errors) == (3, 1)


def test_failed_stories_accumulate_in_the_failed_file(
    db_url: str, failed_file: Path, refusal: Refusal
) -> None:
    refusal.refuse(make_story(2).url)
    writer = make_writer(db_url, failed_file, attempts=1)
    try:
        writer.open(spider="site", start_url=None)
        writer.write([make_story(1), make_story(2)])
        writer.write([make_story(2, title="Tried again")])
    finally:
        writer.close()
    kept = [json.loads(line) for line in failed_file.read_text(encoding="utf-8").splitlines()]
    assert [(k["url"], k["title"]) for k in kept] == [
        (make_story(2).url, make_story(2).title),
        (make_story(2).url, "Tried again"),
    ]
    assert writer.failed == 2


# --- what else a crawl learns -----------------------------------------------------------------


def test_touch_unchanged_moves_last_seen_and_records_the_sighting(
    writer: ArchiveWriter, sessions: sessionmaker[Session]
) -> None:
    story = make_story(1)
    writer.write([story])
    assert story.fetched_at is not None
    fetched = story.fetched_at + timedelta(days=2)
    before = datetime.now(UTC)
    touched = writer.touch_unchanged([(story.url, fetched), ("https://unknown.example/x", fetched)])
    assert touched == 1
    assert writer.counts == StoreCounts(new=1, unchanged=1)
    with sessions() as session:
        row = session.scalars(select(Story).where(Story.url == story.url)).one()
        assert row.last_seen_at >= before
        assert row.last_crawled_at == fetched
        assert row.version == 1
        fetch = session.get(StoryFetch, row.id)
        assert fetch is not None and (fetch.visits, fetch.fetched_at) == (2, fetched)
        sightings = session.scalars(select(Sighting.crawl_id).where(Sighting.story_id == row.id))
        assert list(sightings) == [writer.crawl_id]


def test_add_aliases_follows_chains_and_reports_unknown_stories(
    writer: ArchiveWriter, sessions: sessionmaker[Session]
) -> None:
    story = make_story(1)
    writer.write([story, make_story(2)])
    short_link = "https://news.example.com/?p=1"
    http = story.url.replace("https:", "http:")
    counts = writer.add_aliases(
        [
            (story.url, short_link),
            (short_link, http),  # http redirects to the short link, which leads to the story
            ("https://gone.example/a", "https://gone.example/b"),
            (story.url, make_story(2).url),  # another story's own URL is no alias
        ]
    )
    assert counts == AliasCounts(added=2, unmatched=["https://gone.example/a"])
    with sessions() as session:
        rows = dict(session.execute(select(StoryAlias.url, Story.url).join(Story)).all())
    assert rows == {short_link: story.url, http: story.url}


def test_record_sightings_names_the_listing(
    db_url: str, failed_file: Path, writer: ArchiveWriter, sessions: sessionmaker[Session]
) -> None:
    listed = make_story(1, aliases=["https://news.example.com/?p=1"])
    writer.write([listed, make_story(2)])
    listing = "https://news.example.com/section/world/"
    rerun = make_writer(db_url, failed_file)
    try:
        rerun_id = rerun.open(spider="site", start_url=None)
        recorded = rerun.record_sightings(
            [
                ("https://news.example.com/?p=1", listing, 4),  # by its alias
                (make_story(2).url, None, None),
                ("https://unknown.example/x", listing, 1),
            ]
        )
    finally:
        rerun.close()
    assert recorded == 2
    with sessions() as session:
        rows = session.execute(
            select(Story.url, Sighting.listing_url, Sighting.listing_position)
            .join(Sighting)
            .where(Sighting.crawl_id == rerun_id)
        ).all()
    assert sorted(rows) == sorted([(listed.url, listing, 4), (make_story(2).url, None, None)])


def test_record_date_signals_keeps_the_latest_of_each_source(
    writer: ArchiveWriter, sessions: sessionmaker[Session]
) -> None:
    story = make_story(1, aliases=["https://news.example.com/?p=1"])
    writer.write([story])
    published = T0 - timedelta(hours=2)
    updated = T0 + timedelta(hours=5)
    kept = writer.record_date_signals(
        [
            (story.url, "feed:published", published - timedelta(days=1)),
            (story.url, "feed:published", published),
            ("https://news.example.com/?p=1", "sitemap:lastmod", updated),
            ("https://unknown.example/x", "feed:published", published),
        ]
    )
    assert kept == 2
    with sessions() as session:
        rows = dict(session.execute(select(DateSignal.source, DateSignal.value)).all())
    assert rows == {"feed:published": published, "sitemap:lastmod": updated}


def test_safe_url_hides_the_password() -> None:
    shown = safe_url("postgresql://crawler:s3cret@db.example:5432/news")
    assert "s3cret" not in shown
    assert shown.startswith("postgresql://crawler:") and shown.endswith("@db.example:5432/news")
