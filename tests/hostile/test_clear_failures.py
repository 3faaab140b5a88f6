"""Bad input is one line naming the problem, a non-zero exit and no traceback; a crawl that
could fetch nothing from its site fails and is recorded as failed."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from sqlalchemy import select

from archive.db import make_engine, make_sessionmaker
from archive.models import Crawl
from tests.crawl.test_crawl_command import scrapy_crawl


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "no start URL"),
        (("-a", "url=notaurl"), "start URL 'notaurl' must be an absolute http(s) URL"),
        (("-a", "url=ftp://x/"), "start URL 'ftp://x/' must be an absolute http(s) URL"),
        (
            ("-a", "url=http://127.0.0.1:9/", "-s", "NEWSCRAWL_MAX_PAGES=lots"),
            "setting NEWSCRAWL_MAX_PAGES='lots': give a whole number",
        ),
        (
            ("-a", "url=http://127.0.0.1:9/", "-s", "NEWSCRAWL_TIMEZONE=Mars/Olympus"),
            "setting NEWSCRAWL_TIMEZONE='Mars/Olympus' is not a timezone",
        ),
        (
            ("-a", "url=http://127.0.0.1:9/", "-s", "NEWSCRAWL_WARC_MAX_SIZE=lots"),
            "setting NEWSCRAWL_WARC_MAX_SIZE='lots' is not a size",
        ),
        (
            ("-a", "url=http://127.0.0.1:9/", "-s", "NEWSCRAWL_REDIS_URL=http://:secret@x/"),
            "NEWSCRAWL_REDIS_URL='http://:***@x/' is not a Redis URL",
        ),
    ],
)
def test_bad_input_is_one_clear_line(args: tuple[str, ...], message: str, tmp_path: Path) -> None:
    result = scrapy_crawl(*args, archive_url=f"sqlite:///{tmp_path / 'a.db'}", tmp_path=tmp_path)
    assert result.returncode == 2, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if "error:" in line]
    assert len(errors) == 1 and message in errors[0], result.stderr[-2000:]
    assert not (tmp_path / "a.db").exists(), "nothing starts on bad input"


def test_a_start_url_where_nothing_listens_is_a_failed_crawl(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    archive_url = f"sqlite:///{tmp_path / 'a.db'}"
    result = scrapy_crawl(
        "-a", f"url=http://127.0.0.1:{port}/", archive_url=archive_url, tmp_path=tmp_path
    )
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Nothing could be fetched" in result.stderr
    engine = make_engine(archive_url)
    try:
        with make_sessionmaker(engine)() as session:
            assert [c.status for c in session.scalars(select(Crawl))] == ["nothing_fetched"]
    finally:
        engine.dispose()


def test_bad_input_is_in_the_log_file_too(tmp_path: Path) -> None:
    # A job on Scrapyd keeps its LOG_FILE, not its stderr: the refusal must be there.
    log = tmp_path / "job.log"
    result = scrapy_crawl(
        "-a",
        "url=http://127.0.0.1:9/",
        "-s",
        "ARCHIVE_BATCH_SIZE=abc",
        "-s",
        f"LOG_FILE={log}",
        archive_url=f"sqlite:///{tmp_path / 'a.db'}",
        tmp_path=tmp_path,
    )
    assert result.returncode == 2
    assert "setting ARCHIVE_BATCH_SIZE='abc': give a whole number" in log.read_text()
