"""``scrapy crawl site`` as a user runs it: a subprocess, its exit status and its messages."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from archive.db import create_schema, make_engine, make_sessionmaker
from archive.models import CrawlError, Story
from demosite import RunningSite

PROJECT = Path(__file__).resolve().parents[2]
QUICK = [
    # The demo site is on loopback, refused unless allowed.
    "-s",
    "NEWSCRAWL_ALLOW_PRIVATE_NETWORKS=true",
    "-s",
    "AUTOTHROTTLE_ENABLED=False",
    "-s",
    "CONCURRENT_REQUESTS_PER_DOMAIN=16",
    "-s",
    "ARCHIVE_FLUSH_INTERVAL=0.1",
    "-s",
    "LOG_LEVEL=WARNING",
]


def scrapy_crawl(*args: str, archive_url: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ARCHIVE_URL": archive_url}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "scrapy",
            "crawl",
            "site",
            *QUICK,
            "-s",
            f"ARCHIVE_FAILED_FILE={tmp_path / 'failed.jsonl'}",
            *args,
        ],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_failed_write_ends_the_crawl_non_zero_and_loses_nothing(
    demo_site: RunningSite, tmp_path: Path
) -> None:
    db = tmp_path / "archive.db"
    archive_url = f"sqlite:///{db}"
    engine = make_engine(archive_url)
    create_schema(engine)
    engine.dispose()
    rejected = sorted(story["url"] for story in demo_site.ground_truth())[0]
    # A real database failure for one story: the SQLite engine itself refuses the row.
    with sqlite3.connect(db) as conn:
        conn.execute(
            f"CREATE TRIGGER reject_one BEFORE INSERT ON story WHEN NEW.url = '{rejected}' "
            "BEGIN SELECT RAISE(ABORT, 'rejected by the test trigger'); END"
        )

    result = scrapy_crawl("-a", f"url={demo_site.url}", archive_url=archive_url, tmp_path=tmp_path)

    assert result.returncode == 1, result.stderr[-3000:]
    assert "Could not archive" in result.stderr
    failed = [json.loads(line) for line in (tmp_path / "failed.jsonl").read_text().splitlines()]
    assert [record["url"] for record in failed] == [rejected]
    assert failed[0]["body"] and "rejected by the test trigger" in failed[0]["error"]
    engine = make_engine(archive_url)
    try:
        with make_sessionmaker(engine)() as session:
            stored = session.scalar(select(func.count()).select_from(Story))
            assert stored == demo_site.articles - 1
            errors = session.scalars(select(CrawlError)).all()
            assert [(e.url, e.reason) for e in errors] == [(rejected, "archive-write")]
    finally:
        engine.dispose()


def test_a_clean_crawl_exits_zero(demo_site: RunningSite, tmp_path: Path) -> None:
    archive_url = f"sqlite:///{tmp_path / 'archive.db'}"
    result = scrapy_crawl("-a", f"url={demo_site.url}", archive_url=archive_url, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert not (tmp_path / "failed.jsonl").exists()


def test_no_start_url_is_a_clear_error(tmp_path: Path) -> None:
    result = scrapy_crawl(archive_url=f"sqlite:///{tmp_path / 'a.db'}", tmp_path=tmp_path)
    assert result.returncode != 0
    assert "no start URL" in result.stderr


def test_a_bad_profile_is_a_clear_error(tmp_path: Path) -> None:
    profile = tmp_path / "site.toml"
    profile.write_text('start_urls = ["http://127.0.0.1:9/"]\nallow = ["(unclosed"]\n')
    result = scrapy_crawl(
        "-a", f"profile={profile}", archive_url=f"sqlite:///{tmp_path / 'a.db'}", tmp_path=tmp_path
    )
    assert result.returncode != 0
    assert "is not a valid regular expression" in result.stderr


def test_a_crawl_refuses_an_archive_whose_schema_is_behind(
    demo_site: RunningSite, tmp_path: Path
) -> None:
    from archive.db import upgrade

    archive_url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = make_engine(archive_url)
    upgrade(engine, "0001")  # an archive made by the first release
    engine.dispose()
    result = scrapy_crawl("-a", f"url={demo_site.url}", archive_url=archive_url, tmp_path=tmp_path)
    assert result.returncode == 1
    assert "schema is out of date" in result.stderr
    assert f"archive --db {archive_url} upgrade" in result.stderr


def test_an_unreachable_archive_stops_the_crawl_with_one_clear_line(
    demo_site: RunningSite, tmp_path: Path
) -> None:
    # Port 9 (discard) on loopback: nothing listens there, the connection is refused at once.
    archive_url = "postgresql+psycopg://postgres@127.0.0.1:9/news"
    demo_site.server_stats(reset=True)
    result = scrapy_crawl("-a", f"url={demo_site.url}", archive_url=archive_url, tmp_path=tmp_path)
    assert result.returncode == 1
    assert "Not crawling: (psycopg.OperationalError) connection failed" in result.stderr
    assert "Traceback" not in result.stderr
    # Nothing was fetched for an archive that could not take it.
    served = demo_site.server_stats()
    assert sum(n for statuses in served.values() for n in statuses.values()) == 0, served
