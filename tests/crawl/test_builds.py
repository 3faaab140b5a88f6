"""End to end: each hand-made build of the demo site (:mod:`demosite.builds`) served over real
HTTP, crawled by the project's spider into SQLite, and compared with the build's ground truth.

The builds exist to test the crawler's generic rules, not to be tuned for: nothing peculiar to
one of them may appear in ``newscrawl``; when this fails, the mismatch lines name the generic
capability the crawler lacks. Each site prints times in its own zone; the crawl is told that
zone the documented way, as an operator would (``NEWSCRAWL_TIMEZONE``), and publication days
are compared in it.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from demosite.builds import BUILD_NAMES
from demosite.process import BuildProcess
from tests.crawl.build_check import build_mismatches
from tests.crawl.helpers import crawl_settings, run_crawl

BUILDS = [name for name in BUILD_NAMES if name != "wordpress"]


@pytest.fixture(scope="module", params=BUILDS)
def build(request: pytest.FixtureRequest) -> Iterator[BuildProcess]:
    process = BuildProcess(request.param)
    try:
        yield process
    finally:
        process.stop()


@deferred_f_from_coro_f
async def test_crawl_stores_exactly_the_ground_truth(
    build: BuildProcess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSCRAWL_ALLOW_PRIVATE_NETWORKS", "true")
    timezone: str = importlib.import_module(f"demosite.builds.{build.build}").TIMEZONE
    archive_url = f"sqlite:///{tmp_path / 'archive.db'}"
    settings = crawl_settings(
        archive_url,
        NEWSCRAWL_TIMEZONE=timezone,
        ARCHIVE_FAILED_FILE=str(tmp_path / "failed-stories.jsonl"),
    )
    crawler = await run_crawl(settings, url=build.url)
    stats = crawler.stats.get_stats()
    assert stats.get("finish_reason") == "finished"
    assert stats.get("archive/failed") is None
    assert build_mismatches(build.ground_truth(), archive_url, timezone=timezone) == []
