"""A crawl whose share of errors crosses NEWSCRAWL_MAX_ERROR_SHARE is recorded as failed
(``too_many_errors``) and ``scrapy crawl`` exits 1; below it, the same crawl finishes."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from archive.db import make_engine, make_sessionmaker
from archive.models import Crawl
from demosite import RunningSite
from tests.crawl.test_crawl_command import scrapy_crawl

MISSING = 5  # start URLs that answer 404, beside the demo site's own pages


def crawl_with_errors(site: RunningSite, tmp_path: Path, max_share: str) -> tuple[int, str, Crawl]:
    base = site.url.rstrip("/")
    urls = ",".join([site.url, *(f"{base}/no-such-page-{n}/" for n in range(MISSING))])
    archive_url = f"sqlite:///{tmp_path / 'archive.db'}"
    result = scrapy_crawl(
        "-a",
        f"url={urls}",
        "-s",
        f"NEWSCRAWL_MAX_ERROR_SHARE={max_share}",
        "-s",
        "NEWSCRAWL_DISCOVER=false",
        archive_url=archive_url,
        tmp_path=tmp_path,
    )
    engine = make_engine(archive_url)
    try:
        with make_sessionmaker(engine)() as session:
            (crawl,) = session.scalars(select(Crawl)).all()
    finally:
        engine.dispose()
    return result.returncode, result.stderr, crawl


@pytest.mark.parametrize(
    ("max_share", "exit_status", "status"),
    [("0.02", 1, "too_many_errors"), ("0.5", 0, "finished")],
)
def test_a_crawl_with_too_many_errors_fails(
    demo_site: RunningSite, tmp_path: Path, max_share: str, exit_status: int, status: str
) -> None:
    code, stderr, crawl = crawl_with_errors(demo_site, tmp_path, max_share)
    assert (code, crawl.status) == (exit_status, status), stderr[-2000:]
    assert crawl.errors == MISSING and crawl.stories_new == len(demo_site.ground_truth())
    assert "Traceback" not in stderr
    if exit_status:
        assert f"{MISSING} of the crawl's" in stderr
        assert f"NEWSCRAWL_MAX_ERROR_SHARE={max_share}" in stderr


def test_a_share_that_is_not_a_number_is_one_line(tmp_path: Path) -> None:
    result = scrapy_crawl(
        "-a",
        "url=http://127.0.0.1:9/",
        "-s",
        "NEWSCRAWL_MAX_ERROR_SHARE=half",
        archive_url=f"sqlite:///{tmp_path / 'a.db'}",
        tmp_path=tmp_path,
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "setting NEWSCRAWL_MAX_ERROR_SHARE='half': give a number" in result.stderr
