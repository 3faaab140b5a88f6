"""Reading the archive: filters, ordering, records, statistics."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, fields
from datetime import UTC, timedelta

import pytest

from archive.models import Story
from archive.query import (
    EXPORT_KEYS,
    archive_stats,
    get_story,
    get_version,
    iter_export,
    list_stories,
    story_record,
)
from archive.record import VERSIONED_FIELDS
from archive.results import (
    ExportedStory,
    ListedStory,
    SiteCount,
    StoryDetail,
    VersionContent,
)
from archive.store import finish_crawl

from .helpers import T0, make_story, new_crawl, store


@pytest.fixture
def filled(sessions):
    """Five stories on two sites; story 5 has no publication date."""
    crawl = new_crawl(sessions)
    stories = [
        make_story(1, tags=["Politics"]),
        make_story(2, tags=["Climate", "Science"]),
        make_story(3, site="other.example.org", url="https://other.example.org/a", tags=[]),
        make_story(4, tags=["climate"], aliases=["https://news.example.com/?p=4"]),
        make_story(5, published_at=None, tags=[]),
    ]
    store(sessions, crawl, stories[:4], seen_at=T0 + timedelta(days=1))
    store(sessions, crawl, stories[4:], seen_at=T0 + timedelta(days=2))
    with sessions.begin() as session:
        finish_crawl(
            session,
            crawl,
            finished_at=T0 + timedelta(days=2),
            status="finished",
            pages=7,
            stories_new=5,
            stories_updated=0,
            stories_unchanged=0,
            errors=0,
            stats={},
        )
    return stories


def urls(records):
    return [record.url for record in records]


def names(record):
    return tuple(f.name for f in fields(record))


def test_list_is_newest_first_with_undated_last(sessions, filled):
    with sessions() as session:
        records = list_stories(session)
    assert urls(records) == [
        filled[3].url,
        "https://other.example.org/a",
        filled[1].url,
        filled[0].url,
        filled[4].url,
    ]
    assert type(records[0]) is ListedStory
    assert names(records[0]) == EXPORT_KEYS
    assert records[0].tags == ("Climate",)  # the first spelling names the tag
    assert records[0].aliases == ("https://news.example.com/?p=4",)
    assert records[0].site == "news.example.com"


def test_list_filters(sessions, filled):
    with sessions() as session:
        assert urls(list_stories(session, site="OTHER.example.org")) == [
            "https://other.example.org/a"
        ]
        # Tags match in any case: "Climate" and "climate" are one tag.
        assert urls(list_stories(session, tag="CLIMATE")) == [filled[3].url, filled[1].url]
        assert list_stories(session, tag="nonexistent") == []
        # published_at of story n is T0 + n hours; undated story 5 counts by first_seen_at.
        since = list_stories(session, since=T0 + timedelta(hours=3))
        assert urls(since) == [filled[3].url, "https://other.example.org/a", filled[4].url]
        until = list_stories(session, until=T0 + timedelta(hours=2))
        assert urls(until) == [filled[0].url]
        assert urls(list_stories(session, limit=2, offset=1)) == [
            "https://other.example.org/a",
            filled[1].url,
        ]


def test_export_records_have_exactly_the_export_keys(sessions, filled):
    with sessions() as session:
        records = list(iter_export(session, batch_size=2))  # several partitions
    assert len(records) == 5
    for record in records:
        assert type(record) is ExportedStory
        assert names(record) == EXPORT_KEYS
        assert record.versions == 1
        assert record.authors == ("Ada Lovelace", "Grace Hopper")
        assert record.first_seen_at.tzinfo is UTC
    # Archive order: ids follow the order of insertion, which is URL order within a batch.
    expected = [*sorted(story.url for story in filled[:4]), filled[4].url]
    assert urls(records) == expected
    assert records[1].tags == ("Climate", "Science")
    with pytest.raises(FrozenInstanceError):
        records[0].title = "changed"  # type: ignore[misc]


def test_the_export_keys_name_the_story_its_site_description_image_agency_and_extractor():
    assert EXPORT_KEYS == (
        "id",
        "url",
        "site",
        "title",
        "description",
        "body",
        "authors",
        "agency",
        "published_at",
        "modified_at",
        "tags",
        "section",
        "language",
        "image_url",
        "first_seen_at",
        "last_seen_at",
        "aliases",
        "versions",
        "cluster_id",
        "extractor_version",
        "software_version",
    )


def test_an_exported_record_has_the_agency_of_the_stored_story(sessions):
    crawl = new_crawl(sessions)
    store(sessions, crawl, [make_story(1, agency="Reuters", authors=[]), make_story(2)])
    with sessions() as session:
        agencies = {record.url: record.agency for record in iter_export(session)}
        detail = get_story(session, make_story(1).url)
    assert agencies == {make_story(1).url: "Reuters", make_story(2).url: None}
    assert detail is not None and detail.agency == "Reuters"


def test_export_filters(sessions, filled):
    with sessions() as session:
        assert urls(iter_export(session, site="other.example.org")) == [
            "https://other.example.org/a"
        ]
        assert urls(iter_export(session, tag="climate")) == [filled[1].url, filled[3].url]
        assert urls(iter_export(session, since=T0 + timedelta(hours=4))) == [
            filled[3].url,
            filled[4].url,
        ]


def test_story_record_keys(sessions, filled):
    with sessions() as session:
        story = session.get(Story, 1)
        record = story_record(story, authors=["A"], tags=["T"], aliases=[])
    assert names(record) == EXPORT_KEYS
    assert record.authors == ("A",)


def test_get_story_by_id_url_and_alias(sessions, filled):
    with sessions() as session:
        by_url = get_story(session, filled[3].url)
        assert by_url is not None
        by_id = get_story(session, str(by_url.id))
        by_alias = get_story(session, "https://news.example.com/?p=4")
        assert get_story(session, "https://nowhere.example/") is None
        assert get_story(session, "999") is None
    assert by_id == by_url == by_alias
    assert type(by_id) is StoryDetail
    assert by_id.site == "news.example.com"
    assert by_id.provenance == {
        "authors": "byline",
        "published_at": "jsonld",
        "title": "jsonld",
    }
    assert by_id.history[0].number == 1
    assert by_id.history[0].changed == ()
    assert by_id.description == "About story 4"
    assert by_id.cluster is None and by_id.date_signals == {}


def test_a_version_has_every_versioned_field(sessions, filled):
    """The version record's content fields are those every version keeps."""
    assert set(VERSIONED_FIELDS) <= set(names(VersionContent))
    with sessions() as session:
        version = get_version(session, filled[0].url)
    assert (version.number, version.of, version.title) == (1, 1, "Story number 1")
    assert version.authors == ("Ada Lovelace", "Grace Hopper")
    assert version.description == "About story 1"


def test_archive_stats(sessions, filled):
    with sessions() as session:
        stats = archive_stats(session)
    assert (stats.stories, stats.versions, stats.sites) == (5, 5, 2)
    assert (stats.authors, stats.tags, stats.crawls) == (2, 3, 1)
    assert stats.first_seen_at == T0 + timedelta(days=1)
    assert stats.last_seen_at == T0 + timedelta(days=2)
    assert stats.last_crawl is not None
    assert (stats.last_crawl.id, stats.last_crawl.status) == (1, "finished")
    assert stats.last_crawl.pages == 7
    assert stats.per_site == (
        SiteCount(site="news.example.com", stories=4, last_seen_at=T0 + timedelta(days=2)),
        SiteCount(site="other.example.org", stories=1, last_seen_at=T0 + timedelta(days=1)),
    )


def test_stats_of_an_empty_archive(sessions):
    with sessions() as session:
        stats = archive_stats(session)
    assert stats.stories == 0
    assert stats.last_crawl is None
    assert stats.per_site == () and stats.per_day == ()
