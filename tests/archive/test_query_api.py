"""The Python API of :mod:`archive.query` as a notebook uses it: ids from searches and
listings, ISO strings and dates as bounds, and an engine that never creates an empty archive."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import inspect
from sqlalchemy.orm import Session

from archive import query
from archive.db import NoArchive, make_engine

from .helpers import T0, make_story, new_crawl, store


@pytest.fixture
def filled(sessions):
    """Story n is published at T0 + n hours (2024-05-01T13:00Z, 14:00Z, ...); story 1 has two
    versions."""
    crawl = new_crawl(sessions)
    store(
        sessions,
        crawl,
        [make_story(n, body=f"The harbour bridge, part {n}.") for n in (1, 2, 3)],
        seen_at=T0 + timedelta(days=1),
    )
    store(
        sessions,
        crawl,
        [make_story(1, title="Story number 1, corrected", body="The harbour bridge, part 1.")],
        seen_at=T0 + timedelta(days=3),
    )


def test_ids_from_search_and_list_name_stories(sessions, filled):
    with sessions() as session:
        hit = next(h for h in query.search(session, "harbour") if h.url == make_story(1).url)
        listed = next(s for s in query.list_stories(session) if s.url == make_story(1).url)
        assert isinstance(hit.id, int) and hit.id == listed.id
        story = query.get_story(session, hit.id)
        assert story is not None and story.url == make_story(1).url
        assert query.get_story(session, str(hit.id)).url == story.url
        assert [v.number for v in query.history(session, hit.id)] == [1, 2]
        assert query.get_version(session, listed.id, 1).title == "Story number 1"
        assert query.as_of(session, hit.id, T0 + timedelta(days=4)).number == 2
        assert query.get_story(session, 10_000) is None
        with pytest.raises(LookupError, match="no story with id, URL or alias 10000"):
            query.history(session, 10_000)


def test_bounds_may_be_iso_strings_dates_or_datetimes(sessions, filled):
    with sessions() as session:

        def listed(**bounds):
            return sorted(story.url for story in query.list_stories(session, **bounds))

        everything = listed()
        assert len(everything) == 3
        # Story 2 is published at 14:00Z, story 3 at 15:00Z.
        assert listed(since="2024-05-01T14:00Z") == listed(since=T0 + timedelta(hours=2))
        assert listed(since="2024-05-01T14:00Z") == [make_story(2).url, make_story(3).url]
        # A bare date as `until` includes the whole day, as on the command line.
        assert listed(until="2024-05-01") == everything
        assert listed(until=date(2024, 5, 1)) == everything
        assert listed(until="2024-04-30") == []
        assert listed(since=date(2024, 5, 2)) == []
        hits = query.search(session, "harbour", since="2024-05-01T14:30Z", until="2024-05-02")
        assert [hit.url for hit in hits] == [make_story(3).url]
        assert query.count_stories(session, since="2024-05-01T14:00Z") == 2
        assert query.as_of(session, make_story(1).url, "2024-05-05").number == 2
        with pytest.raises(ValueError, match="not an ISO 8601 date or datetime: 'yesterday'"):
            query.list_stories(session, since="yesterday")


def test_engine_refuses_a_missing_sqlite_archive_and_creates_nothing(tmp_path):
    path = tmp_path / "elsewhere" / "data" / "archive.db"
    with pytest.raises(NoArchive, match=re.escape(f"no archive at {path}: run a crawl first")):
        query.engine(f"sqlite:///{path}")
    assert not path.exists() and not path.parent.exists()
    # Found beside the other errors a reader may meet.
    assert issubclass(query.NoArchive, LookupError)


def test_engine_refuses_a_database_without_the_archive(tmp_path):
    path = tmp_path / "empty.db"
    path.touch()
    with pytest.raises(NoArchive, match="run a crawl first"):
        query.engine(f"sqlite:///{path}")
    engine = make_engine(f"sqlite:///{path}")
    try:
        assert inspect(engine).get_table_names() == []  # nothing was created in it either
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_engine_refuses_an_empty_postgresql_database(postgres_url):
    with pytest.raises(NoArchive, match=r"no archive at postgresql.*run a crawl first"):
        query.engine(postgres_url)


def test_engine_opens_an_archive(db_url, sessions, filled):
    engine = query.engine(db_url)
    try:
        with Session(engine) as session:
            assert len(query.list_stories(session)) == 3
    finally:
        engine.dispose()
