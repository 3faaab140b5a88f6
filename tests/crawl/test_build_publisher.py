"""End to end: the publisher build (a national publisher's site) served over real HTTP, crawled
by the project's spider into SQLite, compared with the build's ground truth.

The build exists to test the crawler's generic rules, not to be tuned for: nothing peculiar to
it may appear in ``newscrawl``. Its pages give dates with their offset; the crawl is still told
the site's zone the documented way, as an operator would (``NEWSCRAWL_TIMEZONE``), and the
publication days are compared in that zone.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from demosite.builds.publisher import TIMEZONE
from demosite.process import BuildProcess
from tests.crawl.build_check import build_mismatches
from tests.crawl.helpers import crawl_settings, run_crawl


@pytest.fixture(scope="module")
def publisher() -> Iterator[BuildProcess]:
    process = BuildProcess("publisher")
    try:
        yield process
    finally:
        process.stop()


@deferred_f_from_coro_f
async def test_crawl_stores_exactly_the_ground_truth(
    publisher: BuildProcess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSCRAWL_ALLOW_PRIVATE_NETWORKS", "true")
    archive_url = f"sqlite:///{tmp_path / 'archive.db'}"
    settings = crawl_settings(
        archive_url,
        NEWSCRAWL_ALLOW_PRIVATE_NETWORKS=True,
        NEWSCRAWL_TIMEZONE=TIMEZONE,
        ARCHIVE_FAILED_FILE=str(tmp_path / "failed-stories.jsonl"),
    )
    crawler = await run_crawl(settings, url=publisher.url)
    stats = crawler.stats.get_stats()
    assert stats.get("finish_reason") == "finished"
    assert stats.get("archive/failed") is None
    truth = publisher.ground_truth()
    assert build_mismatches(truth, archive_url, timezone=TIMEZONE) == []
