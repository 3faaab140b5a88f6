"""End to end: the ``zeitung`` build (a German regional daily) crawled over HTTP into SQLite,
compared with its ground truth.

The build is made to test the crawler's rules, not to tune them: when this fails, the crawler
lacks a generic capability (see the mismatch lines), and the fix belongs in ``newscrawl``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from demosite.builds.zeitung import TIMEZONE
from demosite.process import BuildProcess
from tests.crawl.build_check import build_mismatches
from tests.crawl.helpers import crawl_settings, run_crawl


@pytest.fixture(scope="module")
def zeitung() -> Iterator[BuildProcess]:
    site = BuildProcess("zeitung")
    try:
        yield site
    finally:
        site.stop()


@deferred_f_from_coro_f
async def test_crawl_of_zeitung_matches_its_ground_truth(
    zeitung: BuildProcess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSCRAWL_ALLOW_PRIVATE_NETWORKS", "true")
    archive_url = f"sqlite:///{tmp_path / 'archive.db'}"
    settings = crawl_settings(
        archive_url,
        NEWSCRAWL_ALLOW_PRIVATE_NETWORKS=True,
        # The site prints local times without an offset; its zone is what an operator sets
        # for a German site (README: NEWSCRAWL_TIMEZONE).
        NEWSCRAWL_TIMEZONE=TIMEZONE,
    )
    crawler = await run_crawl(settings, url=zeitung.url)
    assert crawler.stats.get_value("finish_reason") == "finished"
    assert build_mismatches(zeitung.ground_truth(), archive_url, timezone=TIMEZONE) == []
