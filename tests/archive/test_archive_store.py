"""Writing stories: counts, versions, shared authors and tags, aliases, concurrent writers."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from archive.models import (
    Author,
    Crawl,
    CrawlError,
    FieldProvenance,
    Site,
    Story,
    StoryAlias,
    StoryVersion,
    Tag,
)
from archive.query import get_story
from archive.record import PageProblem
from archive.store import (
    StoreCounts,
    finish_crawl,
    record_problems,
    record_sightings,
    store_stories,
)

from .helpers import T0, count, make_story, new_crawl, store


def test_new_unchanged_updated_counts(sessions):
    crawl = new_crawl(sessions)
    assert store(sessions, crawl, [make_story(1), make_story(2)]) == StoreCounts(new=2)
    batch = [make_story(1), make_story(2, title="A new headline"), make_story(3)]
    assert store(sessions, crawl, batch) == StoreCounts(new=1, updated=1, unchanged=1)


def test_same_batch_twice_is_idempotent(sessions):
    crawl = new_crawl(sessions)
    batch = [make_story(n) for n in range(1, 6)]
    first, second = T0 + timedelta(days=2), T0 + timedelta(days=3)
    assert store(sessions, crawl, batch, seen_at=first) == StoreCounts(new=5)
    assert store(sessions, crawl, batch, seen_at=second) == StoreCounts(unchanged=5)

    assert count(sessions, Story) == 5
    assert count(sessions, StoryVersion) == 5
    assert count(sessions, Site) == 1
    with sessions() as session:
        for story in session.scalars(select(Story)):
            assert story.first_seen_at == first
            assert story.last_seen_at == second
            assert story.version == 1


def test_whitespace_and_tag_case_do_not_make_a_version(sessions):
    crawl = new_crawl(sessions)
    store(sessions, crawl, [make_story(1)])
    reformatted = make_story(
        1,
        title="  Story   number 1 ",
        body="First paragraph  of story 1.\r\n\r\n\r\nSecond paragraph.  ",
        tags=["POLITICS", "climate"],
    )
    assert store(sessions, crawl, [reformatted]) == StoreCounts(unchanged=1)


def test_real_change_makes_a_second_version(sessions):
    crawl = new_crawl(sessions)
    store(sessions, crawl, [make_story(1)])
    later = T0 + timedelta(days=5)
    changed = make_story(
        1,
        title="Corrected headline",
        authors=["Grace Hopper"],
        tags=["Science"],
        modified_at=later,
        fetched_at=later,
        provenance={"title": "og"},
    )
    assert store(sessions, crawl, [changed]) == StoreCounts(updated=1)

    with sessions() as session:
        story = session.scalars(select(Story)).one()
        assert story.version == 2
        assert story.title == "Corrected headline"
        assert story.modified_at == later
        assert story.last_crawled_at == later
        versions = session.scalars(select(StoryVersion).order_by(StoryVersion.number)).all()
        assert [v.number for v in versions] == [1, 2]
        assert versions[0].title == "Story number 1"
        assert versions[0].authors == ["Ada Lovelace", "Grace Hopper"]
        assert versions[1].tags == ["Science"]
        assert versions[0].content_hash != versions[1].content_hash
        record = get_story(session, story.url)
    assert record is not None
    assert list(record.authors) == ["Grace Hopper"]
    assert list(record.tags) == ["Science"]
    assert record.provenance == {"title": "og"}  # replaced, not merged
    assert list(record.history[1].changed) == ["title", "authors", "tags", "modified_at"]


def test_tags_are_case_insensitive_and_keep_their_display_name(sessions):
    crawl = new_crawl(sessions)
    store(sessions, crawl, [make_story(1, tags=["Climate Change", "climate change", "EU"])])
    store(sessions, crawl, [make_story(2, tags=["CLIMATE  CHANGE", "eu"])])
    with sessions() as session:
        tags = session.execute(select(Tag.key, Tag.name).order_by(Tag.key)).all()
        assert tags == [("climate change", "Climate Change"), ("eu", "EU")]
        first = get_story(session, "1")
    assert first is not None
    assert list(first.tags) == ["Climate Change", "EU"]  # duplicates in one page dropped


def test_authors_are_one_row_per_person_in_byline_order(sessions):
    crawl = new_crawl(sessions)
    store(sessions, crawl, [make_story(1, authors=["Ada Lovelace", "Grace Hopper"])])
    store(sessions, crawl, [make_story(2, authors=["Grace Hopper", "Ada  Lovelace"])])
    assert count(sessions, Author) == 2
    with sessions() as session:
        second = get_story(session, make_story(2).url)
    assert second is not None
    assert list(second.authors) == ["Grace Hopper", "Ada Lovelace"]


def test_aliases_from_fetched_url_and_item(sessions):
    crawl = new_crawl(sessions)
    story = make_story(
        1,
        fetched_url="https://news.example.com/amp/story-1",
        aliases=["https://news.example.com/?p=1", make_story(1).url],
    )
    store(sessions, crawl, [story])
    store(sessions, crawl, [story])  # again: no duplicate alias rows
    with sessions() as session:
        aliases = session.scalars(select(StoryAlias.url).order_by(StoryAlias.url)).all()
        assert aliases == ["https://news.example.com/?p=1", "https://news.example.com/amp/story-1"]
        found = get_story(session, "https://news.example.com/amp/story-1")
    assert found is not None
    assert found.url == story.url


def test_a_url_twice_in_one_batch_counts_once(sessions):
    crawl = new_crawl(sessions)
    batch = [make_story(1), make_story(1, title="Later copy", aliases=["https://x.example/1"])]
    assert store(sessions, crawl, batch) == StoreCounts(new=1)
    with sessions() as session:
        record = get_story(session, "https://x.example/1")
    assert record is not None
    assert record.title == "Later copy"


def test_timezone_aware_datetimes_round_trip(sessions):
    crawl = new_crawl(sessions)
    lisbon_summer = timezone(timedelta(hours=1))
    published = datetime(2024, 7, 1, 9, 30, 15, 123456, tzinfo=lisbon_summer)
    store(sessions, crawl, [make_story(1, published_at=published)])
    with sessions() as session:
        story = session.scalars(select(Story)).one()
    assert story.published_at == published
    assert story.published_at is not None
    assert story.published_at.tzinfo is UTC
    assert story.published_at.hour == 8
    assert story.first_seen_at.tzinfo is UTC


def test_naive_datetimes_are_refused_before_writing(sessions):
    crawl = new_crawl(sessions)
    naive = make_story(2, published_at=datetime(2024, 5, 1, 12, 0))
    with pytest.raises(ValueError, match="naive"):
        store(sessions, crawl, [make_story(1), naive])
    assert count(sessions, Story) == 0


def test_a_story_without_url_is_refused(sessions):
    crawl = new_crawl(sessions)
    with pytest.raises(ValueError, match="without a url"):
        store(sessions, crawl, [make_story(1, url="")])


def test_empty_batch(sessions):
    crawl = new_crawl(sessions)
    assert store(sessions, crawl, []) == StoreCounts()


def test_crawl_start_finish_and_errors(sessions):
    crawl_id = new_crawl(sessions)
    with sessions.begin() as session:
        record_problems(
            session,
            crawl_id,
            [
                PageProblem(url="https://news.example.com/broken", reason="no-body", detail="x"),
                PageProblem(url="", reason="archive-write", at=T0),
            ],
        )
        finish_crawl(
            session,
            crawl_id,
            finished_at=T0 + timedelta(minutes=5),
            status="finished",
            pages=12,
            stories_new=10,
            stories_updated=1,
            stories_unchanged=0,
            errors=2,
            stats={"start_time": T0, "log_count/INFO": 3, "seen": {"b", "a"}, "ratio": 0.5},
        )
    with sessions() as session:
        crawl = session.get(Crawl, crawl_id)
        assert crawl is not None
        assert crawl.status == "finished"
        assert crawl.finished_at == T0 + timedelta(minutes=5)
        assert (crawl.pages, crawl.stories_new, crawl.errors) == (12, 10, 2)
        assert crawl.stats == {
            "start_time": "2024-05-01T12:00:00Z",
            "log_count/INFO": 3,
            "seen": ["a", "b"],
            "ratio": 0.5,
            # Counted from the crawl's sightings, of which this crawl recorded none.
            "stories_seen": 0,
        }
        errors = session.scalars(select(CrawlError).order_by(CrawlError.id)).all()
        assert [e.reason for e in errors] == ["no-body", "archive-write"]
        assert errors[1].at == T0
        assert errors[0].at.tzinfo is UTC


def test_finish_unknown_crawl(sessions):
    with sessions.begin() as session, pytest.raises(LookupError):
        finish_crawl(
            session,
            999,
            finished_at=T0,
            status="finished",
            pages=0,
            stories_new=0,
            stories_updated=0,
            stories_unchanged=0,
            errors=0,
            stats={},
        )


def test_provenance_rows_follow_the_current_version(sessions):
    crawl = new_crawl(sessions)
    store(sessions, crawl, [make_story(1)])
    assert count(sessions, FieldProvenance) == 3
    store(sessions, crawl, [make_story(1, title="New", provenance={"title": "h1"})])
    assert count(sessions, FieldProvenance) == 1


def test_concurrent_writers_create_no_duplicates(sessions):
    """Several threads, each with its own session, store overlapping batches at once."""
    crawl = new_crawl(sessions)
    stories = [make_story(n) for n in range(1, 41)]
    writers = 4
    barrier = threading.Barrier(writers)
    results: list[StoreCounts] = []
    failures: list[BaseException] = []

    def write(offset: int) -> None:
        # Each writer sends the batch rotated, so the writers meet in different orders.
        batch = stories[offset:] + stories[:offset]
        try:
            barrier.wait()
            for start in range(0, len(batch), 10):
                results.append(store(sessions, crawl, batch[start : start + 10]))
        except BaseException as exc:  # reported by the main thread
            failures.append(exc)

    threads = [threading.Thread(target=write, args=(i * 7,)) for i in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures, failures
    total = sum(results, StoreCounts())
    assert total == StoreCounts(new=40, unchanged=40 * (writers - 1))
    assert count(sessions, Story) == 40
    assert count(sessions, StoryVersion) == 40
    assert count(sessions, Author) == 2
    assert count(sessions, Tag) == 2
    assert count(sessions, Site) == 1


def test_concurrent_changes_number_versions_without_gaps(sessions):
    crawl = new_crawl(sessions)
    store(sessions, crawl, [make_story(1)])
    writers = 4
    barrier = threading.Barrier(writers)
    failures: list[BaseException] = []

    def write(n: int) -> None:
        try:
            barrier.wait()
            store(sessions, crawl, [make_story(1, title=f"Headline by writer {n}")])
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures, failures
    with sessions() as session:
        numbers = session.scalars(select(StoryVersion.number).order_by(StoryVersion.number)).all()
        assert numbers == list(range(1, writers + 2))
        assert session.scalars(select(Story.version)).one() == writers + 1


def test_store_stories_leaves_the_transaction_to_the_caller(sessions):
    crawl = new_crawl(sessions)
    with sessions() as session:
        store_stories(session, crawl, [make_story(1)])
        session.rollback()
    assert count(sessions, Story) == 0


def test_a_listing_that_still_shows_a_story_moves_its_last_seen(sessions):
    crawl = new_crawl(sessions)
    store(sessions, crawl, [make_story(1), make_story(2)], seen_at=T0)
    rerun = new_crawl(sessions, T0 + timedelta(days=1))
    later = T0 + timedelta(days=1)
    with sessions.begin() as session:
        assert record_sightings(session, rerun, [(make_story(1).url, None, None)], later) == 1
        # A late writer's older sighting never moves the clock backwards.
        record_sightings(session, rerun, [(make_story(1).url, None, None)], T0 - timedelta(days=9))
    with sessions() as session:
        seen = dict(session.execute(select(Story.url, Story.last_seen_at)).all())
    assert seen == {make_story(1).url: later, make_story(2).url: T0}
