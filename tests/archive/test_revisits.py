"""The archive's side of revisits: the schedule, what is due, and what each fetch records."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from archive.models import Sighting, Story, StoryFetch
from archive.revisits import Due, due_stories, known_urls, next_visit, parse_schedule
from archive.store import record_fetches, touch_unmodified

from .helpers import T0, make_story, new_crawl, store

HOUR, DAY = timedelta(hours=1), timedelta(days=1)
SCHEDULE = ((HOUR, timedelta(minutes=10)), (2 * DAY, 3 * HOUR), (10 * DAY, DAY))


# --- the schedule -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1h:10m, 2d:3h, 10d:1d", SCHEDULE),
        (" 1h : 10m ,2d:3h,  10d:1d, ", SCHEDULE),  # spaces and a trailing comma
        ("30s:5s", ((timedelta(seconds=30), timedelta(seconds=5)),)),
        ("2w:1d", ((timedelta(weeks=2), DAY),)),
        ("", ()),  # no step: never revisited
    ],
)
def test_parse_schedule(text: str, expected: tuple[tuple[timedelta, timedelta], ...]) -> None:
    assert parse_schedule(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1h", r"step '1h' is not AGE:EVERY"),
        ("1h:15m, 1d", r"step '1d' is not AGE:EVERY"),
        ("1h:", r"step '1h:' is not AGE:EVERY"),
        ("1x:15m", r"'1x' is not a duration"),
        ("1h:soon", r"'soon' is not a duration"),
        ("1.5h:15m", r"'1.5h' is not a duration"),
        ("-1h:15m", r"'-1h' is not a duration"),
    ],
)
def test_parse_schedule_names_the_bad_step(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_schedule(text)


@pytest.mark.parametrize("text", ["1d:1h, 1h:15m", "1h:15m, 1h:30m", "1h:5m, 3d:1h, 2d:1h"])
def test_parse_schedule_refuses_ages_that_do_not_increase(text: str) -> None:
    with pytest.raises(ValueError, match="ages must increase") as raised:
        parse_schedule(text)
    assert text in str(raised.value)  # the message shows what was given


@pytest.mark.parametrize(
    ("age", "every"),
    [
        (timedelta(0), timedelta(minutes=10)),
        (HOUR - timedelta(seconds=1), timedelta(minutes=10)),
        (HOUR, 3 * HOUR),  # "under 1 hour" excludes the hour itself
        (DAY, 3 * HOUR),
        (2 * DAY, DAY),
        (10 * DAY - timedelta(seconds=1), DAY),
    ],
)
def test_next_visit_takes_the_step_for_the_storys_age(age: timedelta, every: timedelta) -> None:
    now = T0 + 30 * DAY
    assert next_visit(now - age, now - age, now, SCHEDULE) == now + every


def test_next_visit_is_none_past_the_schedule() -> None:
    now = T0 + 30 * DAY
    assert next_visit(now - 10 * DAY, now, now, SCHEDULE) is None
    assert next_visit(now - 365 * DAY, now, now, SCHEDULE) is None
    assert next_visit(now, now, now, ()) is None


def test_next_visit_ages_from_publication_else_from_first_seen() -> None:
    now = T0 + 30 * DAY
    # Published long ago, first seen just now: the publication date decides.
    assert next_visit(now - 20 * DAY, now - timedelta(minutes=1), now, SCHEDULE) is None
    # Undated: age from when the archive first saw it.
    assert next_visit(None, now - timedelta(minutes=1), now, SCHEDULE) == now + SCHEDULE[0][1]
    assert next_visit(None, now - 3 * DAY, now, SCHEDULE) == now + SCHEDULE[2][1]


# --- reading what is known and due ------------------------------------------------------------

NOW = T0 + 3 * DAY
ELSEWHERE = "https://other.example.org/2024/05/a"


@pytest.fixture
def archived(sessions: sessionmaker[Session]) -> dict[str, str]:
    """Stories of news.example.com (and one of another site), published two days before
    ``NOW``: fetched at different times, so that some are due at ``NOW`` and some not."""
    published = NOW - 2 * DAY
    stories = {
        "recent": make_story(1, published_at=published),  # fetched an hour ago: due in 2 hours
        "overdue": make_story(2, published_at=published),  # fetched 4 hours ago: due an hour ago
        "later": make_story(3, published_at=published),  # fetched 2 hours ago: due in an hour
        "untracked": make_story(
            4, published_at=published, aliases=["https://news.example.com/?p=4"]
        ),
        "done": make_story(5, published_at=NOW - 40 * DAY),  # past the schedule: never again
        "elsewhere": make_story(6, url=ELSEWHERE, site="other.example.org", published_at=published),
    }
    store(sessions, new_crawl(sessions), list(stories.values()), seen_at=NOW - 2 * DAY)
    with sessions.begin() as session:
        record_fetches(
            session,
            [
                (stories["recent"].url, '"r1"', None, NOW - HOUR),
                (stories["overdue"].url, '"o1"', "Wed, 01 May 2024 12:00:00 GMT", NOW - 4 * HOUR),
                (stories["later"].url, None, None, NOW - 2 * HOUR),
                (stories["done"].url, '"d1"', None, NOW - HOUR),
                (ELSEWHERE, None, None, NOW - 4 * HOUR),
            ],
            SCHEDULE,
        )
    return {name: story.url for name, story in stories.items()}


def test_known_urls_are_the_sites_stories_and_their_aliases(
    sessions: sessionmaker[Session], archived: dict[str, str]
) -> None:
    with sessions() as session:
        known = known_urls(session, "news.example.com")
        assert known_urls(session, "unknown.example.net") == set()
        assert known_urls(session, "other.example.org") == {ELSEWHERE}
    others = {url for name, url in archived.items() if name != "elsewhere"}
    assert known == others | {"https://news.example.com/?p=4"}


def test_due_stories_are_those_never_fetched_or_past_their_next_visit(
    sessions: sessionmaker[Session], archived: dict[str, str]
) -> None:
    with sessions() as session:
        due = due_stories(session, "news.example.com", NOW)
        later = due_stories(session, "news.example.com", NOW + 2 * HOUR)
        assert due_stories(session, "unknown.example.net", NOW) == []
    assert {d.url for d in due} == {archived["overdue"], archived["untracked"]}
    assert Due(archived["overdue"], '"o1"', "Wed, 01 May 2024 12:00:00 GMT") in due
    assert Due(archived["untracked"], None, None) in due
    # next_visit_at <= now: a story due exactly now is due.
    assert {d.url for d in later} == {
        archived[name] for name in ("overdue", "later", "recent", "untracked")
    }
    # Oldest due first, among stories with a fetch record.
    fetched = [d.url for d in later if d.url != archived["untracked"]]
    assert fetched == [archived["overdue"], archived["later"], archived["recent"]]


def test_everything_makes_every_story_of_the_site_due(
    sessions: sessionmaker[Session], archived: dict[str, str]
) -> None:
    with sessions() as session:
        due = due_stories(session, "news.example.com", NOW, everything=True)
    assert sorted(d.url for d in due) == sorted(
        url for name, url in archived.items() if name != "elsewhere"
    )
    assert {d.url: d.etag for d in due}[archived["done"]] == '"d1"'


# --- what each fetch records ------------------------------------------------------------------


def fetch_of(sessions: sessionmaker[Session], url: str) -> StoryFetch | None:
    with sessions() as session:
        return session.scalars(select(StoryFetch).join(Story).where(Story.url == url)).first()


def test_record_fetches_keeps_validators_a_later_fetch_did_not_send(
    sessions: sessionmaker[Session],
) -> None:
    story = make_story(1, published_at=NOW - 2 * DAY)
    store(sessions, new_crawl(sessions), [story], seen_at=NOW - 2 * DAY)
    modified = "Wed, 01 May 2024 12:00:00 GMT"
    fetches = [
        ('"v1"', modified, NOW),
        (None, None, NOW + 3 * HOUR),  # the server sent no validators this time
        ('"v2"', None, NOW + 6 * HOUR),  # a new ETag replaces the old one
    ]
    seen = []
    for etag, last_modified, at in fetches:
        with sessions.begin() as session:
            record_fetches(session, [(story.url, etag, last_modified, at)], SCHEDULE)
        fetch = fetch_of(sessions, story.url)
        assert fetch is not None
        seen.append((fetch.etag, fetch.last_modified, fetch.fetched_at, fetch.visits))
        assert fetch.next_visit_at == next_visit(story.published_at, NOW - 2 * DAY, at, SCHEDULE)
    assert seen == [
        ('"v1"', modified, NOW, 1),
        ('"v1"', modified, NOW + 3 * HOUR, 2),
        ('"v2"', modified, NOW + 6 * HOUR, 3),
    ]


def test_record_fetches_skips_addresses_that_are_no_story(
    sessions: sessionmaker[Session],
) -> None:
    store(sessions, new_crawl(sessions), [make_story(1)])
    with sessions.begin() as session:
        record_fetches(session, [("https://unknown.example/x", '"x"', None, NOW)])
        record_fetches(session, [])
    with sessions() as session:
        assert session.scalars(select(StoryFetch)).all() == []


def test_touch_unmodified_moves_last_seen_and_records_the_sighting(
    sessions: sessionmaker[Session],
) -> None:
    story = make_story(1, published_at=NOW - DAY)
    other = make_story(2, published_at=NOW - DAY)
    store(sessions, new_crawl(sessions, NOW - DAY), [story, other], seen_at=NOW - DAY)
    with sessions.begin() as session:
        record_fetches(session, [(story.url, '"v1"', None, NOW - HOUR)], SCHEDULE)
    rerun = new_crawl(sessions, NOW)
    fetched = NOW + timedelta(minutes=1)
    with sessions.begin() as session:
        touched = touch_unmodified(
            session,
            rerun,
            [(story.url, fetched), ("https://unknown.example/x", fetched)],
            NOW + timedelta(minutes=2),
            SCHEDULE,
        )
    assert touched == 1
    with sessions() as session:
        rows = {s.url: s for s in session.scalars(select(Story))}
        sightings = session.execute(select(Sighting.story_id, Sighting.crawl_id)).all()
    assert rows[story.url].last_seen_at == NOW + timedelta(minutes=2)
    assert rows[story.url].last_crawled_at == fetched
    assert rows[story.url].version == 1
    # The other story was not seen again.
    assert rows[other.url].last_seen_at == NOW - DAY
    assert (rows[story.url].id, rerun) in sightings
    assert (rows[other.url].id, rerun) not in sightings
    fetch = fetch_of(sessions, story.url)
    assert fetch is not None
    assert (fetch.etag, fetch.fetched_at, fetch.visits) == ('"v1"', fetched, 2)
    assert fetch.next_visit_at == fetched + SCHEDULE[1][1]
    assert rows[story.url].last_seen_at.tzinfo is UTC
