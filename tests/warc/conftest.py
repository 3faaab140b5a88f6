"""Fixtures of the WARC tests: one crawl of the demo site with capture, shared read-only."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from demosite.process import RunningSite
from tests.reliability.chaos import CrawlCommand
from tests.warc.helpers import Captured

# Small files, so that the crawl rotates through several.
MAX_SIZE = "150K"


@pytest.fixture(scope="session")
def captured(demo_site: RunningSite, tmp_path_factory: pytest.TempPathFactory) -> Captured:
    """``scrapy crawl site`` of the demo site with ``NEWSCRAWL_WARC=true``, into SQLite.

    Tests read it; a test that writes to the archive works on :func:`captured_copy`.
    """
    workdir = tmp_path_factory.mktemp("captured")
    db = workdir / "archive.db"
    command = CrawlCommand(
        demo_site.url,
        f"sqlite:///{db}",
        workdir,
        settings={
            "NEWSCRAWL_WARC": "true",
            "NEWSCRAWL_WARC_DIR": str(workdir / "warc"),
            "NEWSCRAWL_WARC_MAX_SIZE": MAX_SIZE,
        },
    )
    status = command.run("crawl.log")
    assert status == 0, (workdir / "crawl.log").read_text()[-3000:]
    return Captured(demo_site, db, workdir / "warc")


@pytest.fixture
def captured_copy(captured: Captured, tmp_path: Path) -> Captured:
    """The captured crawl's archive copied for one test (the WARC files are shared)."""
    db = tmp_path / "archive.db"
    shutil.copy(captured.db, db)
    return Captured(captured.site, db, captured.warc_dir)
