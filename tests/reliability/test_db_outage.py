"""Guarantee 3: PostgreSQL unreachable during a crawl (cut at a TCP proxy the test owns).

Stories wait in the durable spool and are written when the database returns; past
``ARCHIVE_OUTAGE_DEADLINE`` the crawl stops (``archive_unreachable``, exit 1) and the next run
writes the spool first. Nothing is lost.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from archive.db import make_engine, make_sessionmaker
from archive.models import Story
from demosite.process import DEMO_SEED, DemoSiteProcess, RunningSite
from tests.reliability.chaos import CrawlCommand
from tests.reliability.proxy import TcpProxy

pytestmark = pytest.mark.postgres

ARTICLES = 80


@pytest.fixture(scope="module")
def site() -> Iterator[RunningSite]:
    process = DemoSiteProcess(ARTICLES, DEMO_SEED, legacy_port=None)
    try:
        yield process.site
    finally:
        process.stop()


def stored_urls(archive_url: str) -> list[str]:
    engine = make_engine(archive_url)
    try:
        with make_sessionmaker(engine)() as session:
            return list(session.scalars(select(Story.url)))
    except Exception:  # no schema yet
        return []
    finally:
        engine.dispose()


def count(archive_url: str) -> int:
    engine = make_engine(archive_url)
    try:
        with make_sessionmaker(engine)() as session:
            return int(session.scalar(select(func.count()).select_from(Story)) or 0)
    except Exception:
        return 0
    finally:
        engine.dispose()


def through(proxy: TcpProxy, archive_url: str) -> str:
    parts = urlsplit(archive_url)
    return archive_url.replace(parts.netloc, f"{parts.username}@127.0.0.1:{proxy.port}", 1)


def wait_for(predicate: object, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def assert_all_stored(archive_url: str, site: RunningSite) -> None:
    urls = stored_urls(archive_url)
    assert len(urls) == len(set(urls))
    assert sorted(urls) == sorted(story["url"] for story in site.ground_truth())


def target(archive_url: str) -> tuple[str, int]:
    parts = urlsplit(archive_url)
    return parts.hostname or "127.0.0.1", parts.port or 5432


def test_an_outage_shorter_than_the_deadline_loses_nothing(
    tmp_path: Path, site: RunningSite, postgres_url: str
) -> None:
    with TcpProxy(target(postgres_url)) as proxy:
        crawl = CrawlCommand(
            site.url,
            through(proxy, postgres_url),
            tmp_path,
            # A crawl that ends during the outage waits for the archive until the deadline.
            {"ARCHIVE_OUTAGE_DEADLINE": "60"},
        )
        process = crawl.start("run.log")
        wait_for(lambda: count(postgres_url) >= 20, 120, "the first stories")
        proxy.cut()
        time.sleep(4)  # the crawl goes on: its stories wait in the spool
        assert list((tmp_path / "spool").glob("*.jsonl")), "stories wait in the spool"
        proxy.restore()
        assert process.wait(timeout=240) == 0
    log = (tmp_path / "run.log").read_text()
    assert "'archive/spooled'" in log and "The archive answers again" in log
    assert_all_stored(postgres_url, site)
    assert not list((tmp_path / "spool").glob("*.jsonl")), "the spool is written back"


def test_past_the_deadline_the_crawl_stops_and_the_next_run_writes_the_spool(
    tmp_path: Path, site: RunningSite, postgres_url: str
) -> None:
    with TcpProxy(target(postgres_url)) as proxy:
        crawl = CrawlCommand(
            site.url, through(proxy, postgres_url), tmp_path, {"ARCHIVE_OUTAGE_DEADLINE": "2"}
        )
        process = crawl.start("run1.log")
        wait_for(lambda: count(postgres_url) >= 10, 120, "the first stories")
        proxy.cut()
        assert process.wait(timeout=240) == 1
        log = (tmp_path / "run1.log").read_text()
        # Stopped at the deadline mid-crawl, or (on a loaded machine) the crawl ran out of pages
        # first and gave up on the archive at its close: either way a failure, named.
        assert "'archive/unavailable'" in log
        assert "'finish_reason': 'archive_unreachable'" in log or (
            "wait in" in log and "for the archive" in log
        )
        [spool] = list((tmp_path / "spool").glob("*.jsonl"))
        waiting = len(spool.read_text().splitlines())
        assert waiting > 0
        proxy.restore()
        assert crawl.run("run2.log") == 0
    log = (tmp_path / "run2.log").read_text()
    assert f"Writing {waiting} stories an earlier crawl left in {spool}" in log
    assert not spool.exists()
    assert_all_stored(postgres_url, site)
