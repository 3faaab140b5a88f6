"""``archive crawls`` and ``archive errors``: what the crawls did and what went wrong, read
through :mod:`archive.query`."""

from __future__ import annotations

from datetime import timedelta

import pytest

from archive import query
from archive.cli import main
from archive.record import PageProblem
from archive.store import finish_crawl, record_problems, start_crawl

from .helpers import T0


def crawl(sessions, start_url, started_at, *, took=None, problems=(), **figures):
    """A crawl row as the crawl record writes it; ``took`` None leaves it running."""
    with sessions.begin() as session:
        crawl_id = start_crawl(session, spider="site", start_url=start_url, started_at=started_at)
        record_problems(session, crawl_id, list(problems))
        if took is not None:
            finish_crawl(
                session,
                crawl_id,
                finished_at=started_at + took,
                status=figures.get("status", "finished"),
                pages=figures.get("pages", 0),
                stories_new=figures.get("new", 0),
                stories_updated=figures.get("updated", 0),
                stories_unchanged=figures.get("unchanged", 0),
                errors=len(problems),
                stats={},
            )
    return crawl_id


def problem(url, reason, minutes, detail=""):
    return PageProblem(url=url, reason=reason, detail=detail, at=T0 + timedelta(minutes=minutes))


@pytest.fixture
def archive_url(db_url, sessions):
    """Crawl 1 and 3 of news.example.com (3 still running), crawl 2 of other.example.org."""
    crawl(
        sessions,
        "https://www.news.example.com/",
        T0,
        took=timedelta(minutes=3, seconds=5),
        pages=120,
        new=100,
        updated=2,
        unchanged=7,
        problems=[
            problem("https://news.example.com/gone", "http-404", 1, "the server answered 404"),
            problem("https://news.example.com/broken", "http-500", 2, "the server answered 500"),
            problem("https://news.example.com/cut", "dataloss", 3, "a truncated body"),
        ],
    )
    crawl(
        sessions,
        "https://other.example.org/news/",
        T0 + timedelta(hours=1, microseconds=250_000),  # times as a crawl records them
        took=timedelta(seconds=40),
        status="failed",
        problems=[problem("https://other.example.org/news/", "http-503", 61, "unavailable")],
    )
    crawl(
        sessions,
        "https://news.example.com/,https://news.example.com/feed/",
        T0 + timedelta(days=1),
        problems=[problem("https://news.example.com/late", "http-404", 24 * 60 + 5)],
    )
    return db_url


def run(capsys, *argv):
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_crawls_newest_first_one_line_each(archive_url, capsys):
    status, out, _err = run(capsys, "--db", archive_url, "crawls")
    assert status == 0
    header, *lines = out.splitlines()
    assert header.split() == [
        "ID", "STARTED", "TOOK", "STATUS", "PAGES", "NEW", "UPDATED", "UNCHANGED", "SEEN",
        "ERRORS", "SITE", "START", "URL",
    ]  # fmt: skip
    assert [line.split()[0] for line in lines] == ["3", "2", "1"]
    assert lines[2].split() == [
        "1", "2024-05-01T12:00:00Z", "3m05s", "finished", "120", "100", "2", "7", "0", "3",
        "news.example.com", "https://www.news.example.com/",
    ]  # fmt: skip
    assert lines[1].split()[1:4] == ["2024-05-01T13:00:00Z", "40s", "failed"]  # to the second
    assert lines[0].split()[2:4] == ["-", "running"]


def test_crawls_of_one_site_and_limit(archive_url, capsys):
    status, out, _err = run(capsys, "--db", archive_url, "crawls", "--site", "www.news.example.com")
    assert [line.split()[0] for line in out.splitlines()[1:]] == ["3", "1"]
    status, out, _err = run(capsys, "--db", archive_url, "crawls", "--limit", "1")
    assert [line.split()[0] for line in out.splitlines()[1:]] == ["3"]
    status, out, err = run(capsys, "--db", archive_url, "crawls", "--site", "example.net")
    assert (status, out) == (0, "") and "No crawls of example.net recorded" in err


def test_errors_with_their_summary_by_reason(archive_url, capsys):
    status, out, _err = run(capsys, "--db", archive_url, "errors")
    assert status == 0
    listing, summary = out.split("\n\n")
    header, *rows = listing.splitlines()
    assert header.split() == ["CRAWL", "TIME", "REASON", "URL", "DETAIL"]
    assert len(rows) == 5
    late = "https://news.example.com/late"
    assert rows[0].split() == ["3", "2024-05-02T12:05:00Z", "http-404", late, "-"]
    gone = "https://news.example.com/gone"
    assert rows[-1].split()[:4] == ["1", "2024-05-01T12:01:00Z", "http-404", gone]
    assert rows[-1].endswith("the server answered 404")
    assert summary.splitlines() == [
        "By reason (5 in all):",
        "  http-404       2",
        "  dataloss       1",
        "  http-500       1",
        "  http-503       1",
    ]


@pytest.mark.parametrize(
    ("argv", "urls"),
    [
        (["--site", "news.example.com"], ["late", "cut", "broken", "gone"]),
        (["--site", "other.example.org", "--reason", "HTTP"], ["news/"]),
        (["--reason", "http-404"], ["late", "gone"]),
        (["--reason", "http"], ["late", "news/", "broken", "gone"]),
        (["--since", "2024-05-01T12:02Z"], ["late", "news/", "cut", "broken"]),
        (["--since", "2024-05-02"], ["late"]),
        (["--crawl", "1", "--limit", "2"], ["cut", "broken"]),
    ],
)
def test_errors_filters(archive_url, capsys, argv, urls):
    status, out, _err = run(capsys, "--db", archive_url, "errors", *argv)
    assert status == 0
    rows = out.split("\n\n")[0].splitlines()[1:]
    assert [row.split()[3].rsplit("/", 1)[-1] or "news/" for row in rows] == urls


def test_errors_summary_counts_beyond_the_limit(archive_url, sessions, capsys):
    _status, out, err = run(capsys, "--db", archive_url, "errors", "--limit", "1")
    assert "By reason (5 in all):" in out
    assert "(the newest 1 shown; --limit 0 for all)" in err
    with sessions() as session:
        assert query.error_reasons(session, site="news.example.com", reason="http") == (
            ("http-404", 2),
            ("http-500", 1),
        )
        assert [e.crawl_id for e in query.list_errors(session, since="2024-05-02")] == [3]
        assert [c.id for c in query.list_crawls(session, site="https://news.example.com/x")] == [
            3,
            1,
        ]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["errors", "--since", "last week"], "not an ISO 8601 date or datetime"),
        (["errors", "--crawl", "x"], "not an id: 'x'"),
        (["crawls", "--limit", "-1"], "not a count: '-1'"),
    ],
)
def test_bad_arguments_exit_2(archive_url, capsys, argv, message):
    status, _out, err = run(capsys, "--db", archive_url, *argv)
    assert status == 2 and message in err and "Traceback" not in err


def test_nothing_recorded(archive_url, capsys):
    status, out, err = run(capsys, "--db", archive_url, "errors", "--site", "example.net")
    assert (status, out) == (0, "") and "No crawl errors match" in err
