"""``archive.health``'s rules, one by one, on crawl rows written as the crawler writes them
(SQLite and PostgreSQL): down, failing, collapsed, stale, ok, and which one wins."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session, sessionmaker

from archive.health import SiteHealth, site_health
from archive.models import Crawl
from archive.store import finish_crawl, start_crawl
from tests.archive.helpers import T0

SITE = "https://news.example.com/"


def crawl(
    sessions: sessionmaker[Session],
    hours: float,
    *,
    new: int = 0,
    seen: int | None = None,
    status: str = "finished",
    pages: int = 50,
    errors: int = 0,
) -> None:
    """A crawl of SITE started ``hours`` after T0 and ended 5 minutes later."""
    started = T0 + timedelta(hours=hours)
    with sessions.begin() as session:
        crawl_id = start_crawl(session, spider="site", start_url=SITE, started_at=started)
        finish_crawl(
            session,
            crawl_id,
            finished_at=started + timedelta(minutes=5),
            status=status,
            pages=pages,
            stories_new=new,
            stories_updated=0,
            stories_unchanged=0,
            errors=errors,
            stats={},
        )
    if seen is not None:  # a crawl row as the crawler now writes it: what it saw counted
        with sessions.begin() as session:
            row = session.get(Crawl, crawl_id)
            assert row is not None
            row.stats = {"stories_seen": seen}


def verdict(sessions: sessionmaker[Session], hours: float, **options: object) -> SiteHealth:
    with sessions() as session:
        (health,) = site_health(session, T0 + timedelta(hours=hours), **options)  # type: ignore[arg-type]
    return health


def test_a_site_where_nothing_could_be_fetched_is_down(sessions: sessionmaker[Session]) -> None:
    crawl(sessions, 0, new=20, seen=20)
    for hour in (1, 2, 3):
        crawl(sessions, hour, status="nothing_fetched", pages=0, errors=1)
    health = verdict(sessions, 3.5)
    assert health.state == "down" and not health.healthy
    assert health.problems[0].startswith("the last 3 crawls could fetch nothing from the site")
    # The next crawl that fetches the site again ends it.
    crawl(sessions, 4, new=1, seen=21)
    assert verdict(sessions, 4.5).state == "ok"


def test_a_failed_last_crawl_is_failing(sessions: sessionmaker[Session]) -> None:
    crawl(sessions, 0, new=20, seen=20)
    crawl(sessions, 1, new=2, seen=3, status="too_many_errors", errors=40)
    health = verdict(sessions, 1.5)
    assert health.state == "failing"
    assert health.problems == (
        "the last crawl failed (crawl 2: too_many_errors, 40 errors, 50 pages)",
    )


def test_a_schedule_that_stopped_is_failing(sessions: sessionmaker[Session]) -> None:
    crawl(sessions, 0, new=20, seen=20)
    health = verdict(sessions, 30, stale_floor=timedelta(days=10))
    assert health.state == "failing"
    assert health.problems == ("last successful crawl 30 h ago (limit 26 h)",)


def test_collapse_fires_after_the_window_not_twice_the_window(
    sessions: sessionmaker[Session],
) -> None:
    crawl(sessions, 0, new=20, seen=40)
    crawl(sessions, 1, new=0, seen=2)
    assert verdict(sessions, 1.5, window=2).state == "ok"  # one quiet crawl: not yet
    crawl(sessions, 2, new=0, seen=1)
    health = verdict(sessions, 2.5, window=2)
    assert health.state == "collapsed"
    assert health.problems == (
        "story count collapsed: the last 2 crawls found no new story,"
        " seeing 1 stories where crawl 1 saw 40; crawl 1 before them found 20",
    )
    # Still collapsed while it lasts (the old rule went quiet after twice the window).
    for hour in (3, 4, 5):
        crawl(sessions, hour, new=0, seen=0)
    assert verdict(sessions, 5.5, window=2).state == "collapsed"


def test_a_quiet_site_still_seen_whole_has_not_collapsed(sessions: sessionmaker[Session]) -> None:
    """The unchanged demo site: the first crawl stores its stories, the next find nothing new
    but still see every story. Not a collapse, with any window."""
    crawl(sessions, 0, new=60, seen=60)
    crawl(sessions, 1, new=0, seen=60)
    for window in (1, 2, 3):
        assert verdict(sessions, 1.5, window=window).state == "ok"
    crawl(sessions, 2, new=0, seen=60)
    crawl(sessions, 3, new=0, seen=60)
    assert verdict(sessions, 3.5, window=2).state == "ok"


def test_crawls_that_did_not_count_what_they_saw_are_judged_on_new_stories(
    sessions: sessionmaker[Session],
) -> None:
    for hour, new in enumerate([4, 6, 3, 0, 0]):
        crawl(sessions, hour, new=new)
    assert verdict(sessions, 5, window=2).state == "collapsed"
    assert verdict(sessions, 5, window=3).state == "ok"


def test_stale_is_learnt_from_the_sites_own_gaps(sessions: sessionmaker[Session]) -> None:
    # A weekly paper: something new every 7 days, crawled daily.
    for day in range(0, 29):
        crawl(sessions, 24 * day, new=5 if day % 7 == 0 else 0, seen=30)
    # Ten days after its last issue (day 28): usual gap 7 days, limit 14 days.
    health = verdict(sessions, 24 * 38, max_age=timedelta(days=30))
    assert health.state == "ok" and health.stale_after == timedelta(days=14)
    health = verdict(sessions, 24 * 43, max_age=timedelta(days=30))
    assert health.state == "stale"
    assert health.problems == (
        "stale: no new or changed story for 360 h (limit 336 h: 2 x its longest gap 168 h)",
    )


def test_a_daily_site_uses_the_floor(sessions: sessionmaker[Session]) -> None:
    for hour in range(0, 12):
        crawl(sessions, hour, new=3, seen=30)
    crawl(sessions, 20, new=0, seen=30)
    assert verdict(sessions, 30).state == "ok"  # 19 h without a new story, floor 24 h
    crawl(sessions, 36, new=0, seen=30)
    health = verdict(sessions, 37)
    assert health.state == "stale" and health.stale_after == timedelta(hours=24)
    assert health.problems[0].endswith("(limit 24 h: floor 24 h)")


def test_the_most_severe_state_wins_and_every_reason_is_kept(
    sessions: sessionmaker[Session],
) -> None:
    crawl(sessions, 0, new=20, seen=20)
    crawl(sessions, 40, status="nothing_fetched", pages=0, errors=1)
    health = verdict(sessions, 41)
    assert health.state == "down"
    assert [p.split(" ")[0] for p in health.problems] == ["the", "last", "stale:"]
