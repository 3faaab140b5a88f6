"""Guarantee 2: ``kill -9`` at any moment, then the same command again, with or without JOBDIR:
the archive holds exactly the site's articles, once each, each whole.

Each crawl is ``scrapy crawl site`` in a subprocess against the demo site; the test kills it
(SIGKILL) once the archive holds so many stories, runs the same command again, and compares
the archive with the site's ground truth.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from demosite.process import DEMO_SEED, DemoSiteProcess, RunningSite
from newscrawl.frontier import Frontier
from tests.reliability.chaos import CrawlCommand, story_count

ARTICLES = 120


@pytest.fixture(scope="module")
def site() -> Iterator[RunningSite]:
    process = DemoSiteProcess(ARTICLES, DEMO_SEED, legacy_port=None)
    try:
        yield process.site
    finally:
        process.stop()


def assert_complete(db: Path, site: RunningSite) -> None:
    """Exactly the site's articles, once each, each with its version and its whole text."""
    truth = {story["url"]: story for story in site.ground_truth()}
    with sqlite3.connect(db) as connection:
        rows = connection.execute("SELECT id, url, title, body FROM story").fetchall()
        versions = dict(
            connection.execute("SELECT story_id, count(*) FROM story_version GROUP BY story_id")
        )
    urls = [url for _id, url, _title, _body in rows]
    assert len(urls) == len(set(urls)), "no story twice"
    missing = sorted(set(truth) - set(urls))
    extra = sorted(set(urls) - set(truth))
    assert not missing and not extra, f"missing {missing[:5]} ({len(missing)}), extra {extra[:5]}"
    for story_id, url, title, body in rows:
        assert versions.get(story_id, 0) >= 1, f"{url} has no version"
        assert (title, body) == (truth[url]["title"], truth[url]["body"]), f"{url} is not whole"


def frontier_files(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "frontier").glob("*.sqlite"))


def test_kill_at_several_points_then_the_same_command(tmp_path: Path, site: RunningSite) -> None:
    db = tmp_path / "archive.db"
    crawl = CrawlCommand(site.url, f"sqlite:///{db}", tmp_path)
    # Killed as the first stories arrive (the listings barely walked), then again midway.
    first = crawl.run_and_kill("run1.log", after_stories=1, db=db)
    assert 1 <= first < ARTICLES
    assert frontier_files(tmp_path), "a killed crawl leaves its frontier"
    second = crawl.run_and_kill("run2.log", after_stories=first + ARTICLES // 3, db=db)
    assert first < second < ARTICLES
    assert crawl.run("run3.log") == 0
    assert "Resuming an interrupted crawl" in (tmp_path / "run3.log").read_text()
    assert_complete(db, site)
    assert not frontier_files(tmp_path), "a finished crawl removes its frontier"
    # And the run after that is an ordinary incremental rerun: nothing new.
    assert crawl.run("run4.log") == 0
    assert story_count(db) == ARTICLES
    assert "'newscrawl/listing/stopped'" in (tmp_path / "run4.log").read_text()


def test_kill_then_the_same_command_with_jobdir(tmp_path: Path, site: RunningSite) -> None:
    db = tmp_path / "archive.db"
    jobdir = tmp_path / "job"
    crawl = CrawlCommand(site.url, f"sqlite:///{db}", tmp_path, {"JOBDIR": str(jobdir)})
    crawl.run_and_kill("run1.log", after_stories=ARTICLES // 3, db=db)
    assert (jobdir / "frontier.sqlite").exists()
    assert not (jobdir / "requests.queue").exists(), "Scrapy's disk queue is not used"
    assert crawl.run("run2.log") == 0
    assert_complete(db, site)


def test_a_damaged_jobdir_is_a_clear_error(tmp_path: Path, site: RunningSite) -> None:
    jobdir = tmp_path / "job"
    frontier = Frontier(jobdir / "frontier.sqlite")  # as a killed crawl leaves it
    for n in range(200):
        frontier.add((f"{site.url}page/{n}", f"{site.url}page/{n}", "parse", None, 0, "{}"))
    frontier.close(keep=True)
    path = frontier.path
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])  # truncated
    crawl = CrawlCommand(
        site.url, f"sqlite:///{tmp_path / 'archive.db'}", tmp_path, {"JOBDIR": str(jobdir)}
    )
    assert crawl.run("run.log") == 2
    log = (tmp_path / "run.log").read_text()
    assert f"the crawl frontier {path} is damaged" in log
    assert "Traceback" not in log, "one line, no traceback"
    assert "'item_scraped_count'" not in log, "never a silent empty run"


def test_a_jobdir_of_scrapys_disk_queue_is_a_clear_error(tmp_path: Path, site: RunningSite) -> None:
    queue = tmp_path / "job" / "requests.queue"
    queue.mkdir(parents=True)
    (queue / "active.json").write_text("[]")
    crawl = CrawlCommand(
        site.url, f"sqlite:///{tmp_path / 'archive.db'}", tmp_path, {"JOBDIR": str(queue.parent)}
    )
    assert crawl.run("run.log") == 2
    log = (tmp_path / "run.log").read_text()
    assert f"{queue} is Scrapy's disk queue" in log
    assert "Traceback" not in log


def test_two_crawls_never_share_a_frontier(tmp_path: Path, site: RunningSite) -> None:
    db = tmp_path / "archive.db"
    crawl = CrawlCommand(site.url, f"sqlite:///{db}", tmp_path)
    first = crawl.start("first.log")
    try:
        deadline = time.monotonic() + 60
        while story_count(db) < 1 and time.monotonic() < deadline and first.poll() is None:
            time.sleep(0.05)
        assert first.poll() is None, "the first crawl is still running"
        # The same command again while the first runs: refused, naming the first crawl.
        assert crawl.run("second.log") == 2
        log = (tmp_path / "second.log").read_text()
        assert f"another crawl (pid {first.pid}) is using the crawl frontier" in log
        assert "Traceback" not in log
        assert first.wait(timeout=240) == 0
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    assert_complete(db, site)
    # Its lock went with it: the next crawl runs.
    assert crawl.run("third.log") == 0
