"""``archive.health``: the signs of a recurring crawl that stopped or broke."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from archive.health import SiteHealth, crawl_site, site_health
from archive.record import PageProblem
from archive.store import finish_crawl, record_problems, start_crawl
from tests.archive.helpers import T0


def run(
    sessions: sessionmaker[Session],
    url: str,
    at: int,
    *,
    new: int = 0,
    unchanged: int = 0,
    status: str = "finished",
    empty_pages: int = 0,
) -> None:
    """A crawl started ``at`` hours after T0, as the pipeline records it."""
    with sessions.begin() as session:
        started = T0 + timedelta(hours=at)
        crawl = start_crawl(session, spider="site", start_url=url, started_at=started)
        if empty_pages:
            problems = [PageProblem(url=f"{url}p{i}", reason="no-body") for i in range(empty_pages)]
            record_problems(session, crawl, problems)
        finish_crawl(
            session,
            crawl,
            finished_at=started + timedelta(minutes=5),
            status=status,
            pages=100,
            stories_new=new,
            stories_updated=0,
            stories_unchanged=unchanged,
            errors=empty_pages,
            stats={},
        )


def health(sessions: sessionmaker[Session], hours: int) -> dict[str, tuple[str, ...]]:
    with sessions() as session:
        return {h.site: h.problems for h in site_health(session, T0 + timedelta(hours=hours))}


def test_a_working_site_is_healthy(sessions: sessionmaker[Session]) -> None:
    for hour in range(6):
        run(sessions, "https://www.example.com/", hour, new=5 if hour % 2 else 0, unchanged=40)
    assert health(sessions, 6) == {"example.com": ()}
    with sessions() as session:
        (verdict,) = site_health(session, T0 + timedelta(hours=6), window=2)
    assert verdict == SiteHealth(
        site="example.com",
        last_success_at=T0 + timedelta(hours=5, minutes=5),
        recent_stories=(5, 0, 5, 0),
        last_found_at=T0 + timedelta(hours=5, minutes=5),
        stale_after=timedelta(hours=24),
    )
    assert verdict.healthy


def test_a_crawl_that_stopped_running(sessions: sessionmaker[Session]) -> None:
    run(sessions, "https://example.com/", 0, new=5)
    run(sessions, "https://example.com/", 1, new=5, status="shutdown")
    problems = health(sessions, 30)["example.com"]
    assert problems[0].startswith("the last crawl failed (crawl 2: shutdown")
    assert "last successful crawl 30 h ago (limit 26 h)" in problems


def test_a_story_count_that_collapsed(sessions: sessionmaker[Session]) -> None:
    for hour, new in enumerate([4, 6, 3, 0, 0, 0]):
        run(sessions, "https://example.com/news/", hour, new=new, unchanged=20)
    (problem,) = health(sessions, 6)["example.com"]
    assert problem.startswith("story count collapsed: the last 3 crawls found no new story")


def test_article_pages_without_text(sessions: sessionmaker[Session]) -> None:
    run(sessions, "https://example.com/", 0, new=2, empty_pages=30)
    (problem,) = health(sessions, 1)["example.com"]
    assert "30 article pages gave no story text" in problem


def test_sites_are_judged_apart() -> None:
    assert crawl_site("https://www.Example.com/a/, https://example.com/b/") == "example.com"
    assert crawl_site(None) == "?"


def test_the_health_command_exits_1_for_a_stale_site(
    sessions: sessionmaker[Session], db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from archive.cli import main

    run(sessions, "https://example.com/", 0, new=5)  # years ago, seen from now
    assert main(["--db", db_url, "health"]) == 1
    out = capsys.readouterr().out
    assert "example.com" in out and "FAILING" in out and "last successful crawl" in out
    assert main(["--db", db_url, "health", "--max-age", "1e9", "--stale-floor", "1e9"]) == 0
    assert main(["--db", db_url, "health", "--site", "other.org"]) == 1
    assert main(["--db", db_url, "health", "--window", "0"]) == 2
