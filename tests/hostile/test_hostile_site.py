"""A crawl of a hostile site finishes in seconds, every hostile case counted by its reason,
the good articles all stored; private addresses are refused unless allowed."""

from __future__ import annotations

import itertools
import time
from pathlib import Path
from typing import Any

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f
from sqlalchemy import select

from archive.db import make_engine, make_sessionmaker
from archive.models import Crawl, CrawlError, Story
from tests.crawl.helpers import crawl_settings, run_crawl
from tests.hostile.server import (
    BROKEN_JSONLD,
    GOOD_PATHS,
    RETRY_THEN_OK,
    WITH_NULS,
    WRONG_CHARSET,
    HostileSite,
)

QUICK_BOUNDS = {
    "DOWNLOAD_TIMEOUT": 3,
    "DOWNLOAD_MAXSIZE": 1024 * 1024,
    "NEWSCRAWL_RETRY_AFTER_MAX": 5,
    "NEWSCRAWL_DISCOVER": False,
    "LOG_LEVEL": "WARNING",
}


def _archive(archive_url: str) -> tuple[dict[str, Any], dict[str, tuple[str, str]], list[str]]:
    """Stories by URL, errors by URL (reason, detail), and the crawls' statuses."""
    engine = make_engine(archive_url)
    try:
        with make_sessionmaker(engine)() as session:
            stories = {s.url: s for s in session.scalars(select(Story))}
            for story in stories.values():
                session.expunge(story)
            errors = {
                e.url: (e.reason, e.detail or "") for e in session.scalars(select(CrawlError))
            }
            statuses = [c.status for c in session.scalars(select(Crawl))]
    finally:
        engine.dispose()
    return stories, errors, statuses


@pytest.fixture(scope="module")
def hostile() -> Any:
    with HostileSite() as site:
        yield site


@deferred_f_from_coro_f
async def test_a_hostile_site_is_crawled_in_seconds_and_its_good_articles_stored(
    hostile: HostileSite, tmp_path: Path
) -> None:
    archive_url = f"sqlite:///{tmp_path / 'archive.db'}"
    started = time.monotonic()
    crawler = await run_crawl(crawl_settings(archive_url, **QUICK_BOUNDS), url=hostile.url)
    elapsed = time.monotonic() - started
    stats = crawler.stats.get_stats()
    stories, errors, statuses = _archive(archive_url)
    base = hostile.url.rstrip("/")

    # The crawl finished, in seconds: hanging and endless responses cost one deadline each.
    assert stats["finish_reason"] == "finished"
    assert statuses == ["finished"]
    assert elapsed < 60, elapsed
    assert hostile.count("/hang") == 1 and hostile.count("/endless") == 1
    assert stats["newscrawl/bounded/timeout"] == 2

    # Every good article is stored, also those behind a 429, a wrong charset, NUL bytes and
    # broken JSON-LD; nothing else is a story.
    assert sorted(stories) == sorted(base + path for path in GOOD_PATHS)
    assert stories[base + WRONG_CHARSET].title == "Café opens on the quay, naïve décor"
    assert "\ufffd" not in stories[base + WRONG_CHARSET].body
    assert "\x00" not in stories[base + WITH_NULS].body
    assert stories[base + BROKEN_JSONLD].body
    assert stats["newscrawl/charset/mismatch"] >= 1

    # Bombs: bounded after decompression, each a recorded failure counted by its reason.
    assert stats["newscrawl/bounded/too_large"] == 4
    for encoding in ("gzip", "deflate", "br", "zstd"):
        reason, detail = errors[f"{base}/bomb/{encoding}"]
        assert "DOWNLOAD_MAXSIZE" in detail, (encoding, reason, detail)
    assert stats["newscrawl/bounded/undecodable"] == 1
    assert f"{base}/odd-encoding" in errors

    # Truncated bodies (a lying Content-Length, broken chunking) are failures, never pages.
    assert stats["newscrawl/bounded/dataloss"] >= 2
    assert f"{base}/lying-length" in errors and f"{base}/broken-chunked" in errors

    # Retry-After: honoured within the cap, then a recorded failure; beyond the cap, at once.
    first, second = hostile.times(RETRY_THEN_OK)[:2]
    assert second - first >= 1.0, "Retry-After: 1 must be waited"
    busy = hostile.times("/busy")
    assert len(busy) == 3 and all(b - a >= 1.0 for a, b in itertools.pairwise(busy))
    assert errors[f"{base}/busy"][0] == "http-429"
    assert hostile.count("/busy-long") == 1
    assert errors[f"{base}/busy-long"][0] == "http-429"
    assert stats["newscrawl/bounded/retry_after_too_long"] == 1
    assert stats["newscrawl/bounded/retries_exhausted"] == 1

    # Traps: the calendar and the self-nesting path are left early, counted by reason.
    assert hostile.count("/calendar") <= 12, hostile.count("/calendar")
    assert stats["newscrawl/trap/query_variants"] >= 1
    assert stats["newscrawl/trap/repeated_segment"] >= 1
    # Two relative links a page ('sub/', 'other/'): a tree of paths, cut where a segment
    # comes a third time or a run of segments twice in a row (31 paths before depth 5).
    assert sum(1 for p in hostile.paths() if p.startswith("/loop/")) <= 20
    # Redirect loops end, chains are cut, and both are recorded failures.
    assert hostile.count("/redirect/loop-a") <= 2
    assert len([p for p in hostile.paths() if p.startswith("/redirect/chain/")]) <= 11
    assert stats["newscrawl/bounded/redirect_loop"] == 1
    assert stats["newscrawl/bounded/redirects"] == 1
    failed = {url: detail for url, (_reason, detail) in errors.items() if "redirect" in detail}
    assert any("redirect loop" in d and "/redirect/loop-a" in d for d in failed.values()), failed
    assert any("more than" in d and "/redirect/chain/0" in d for d in failed.values()), failed

    # Non-HTML served as HTML, zero-byte and soft-404 pages are no stories.
    for path in ("/pdf", "/empty", "/soft-404"):
        assert base + path not in stories


@deferred_f_from_coro_f
async def test_loopback_is_refused_unless_allowed_also_by_name(
    hostile: HostileSite, tmp_path: Path
) -> None:
    before = len(hostile.paths())
    for n, url in enumerate((hostile.url, f"http://localhost:{hostile.port}/")):
        archive_url = f"sqlite:///{tmp_path / f'archive-{n}.db'}"
        settings = crawl_settings(
            archive_url, NEWSCRAWL_ALLOW_PRIVATE_NETWORKS=False, **QUICK_BOUNDS
        )
        crawler = await run_crawl(settings, url=url)
        stats = crawler.stats.get_stats()
        stories, errors, statuses = _archive(archive_url)
        assert stats["newscrawl/refused/private_network"] >= 1, url
        assert not stories
        assert statuses == ["nothing_fetched"]
        detail = errors[url][1]
        assert "not a public address" in detail and "NEWSCRAWL_ALLOW_PRIVATE_NETWORKS" in detail
    # Not one request reached the site: the name was refused after DNS, the literal before.
    assert len(hostile.paths()) == before


@deferred_f_from_coro_f
async def test_an_unavailable_robots_txt_means_not_yet(tmp_path: Path) -> None:
    archive_url = f"sqlite:///{tmp_path / 'archive.db'}"
    with HostileSite(robots_status=500) as site:
        settings = crawl_settings(archive_url, RETRY_TIMES=0, **QUICK_BOUNDS)
        crawler = await run_crawl(settings, url=site.url)
        paths = site.paths()
    stats = crawler.stats.get_stats()
    _stories, errors, statuses = _archive(archive_url)
    assert paths == ["/robots.txt"], "nothing is fetched before robots.txt can be read"
    assert stats["newscrawl/robots/unavailable"] >= 1
    assert statuses == ["nothing_fetched"]
    assert "robots.txt" in errors[site.url][1]


@deferred_f_from_coro_f
async def test_a_missing_robots_txt_allows(tmp_path: Path) -> None:
    archive_url = f"sqlite:///{tmp_path / 'archive.db'}"
    with HostileSite(robots_status=404) as site:
        settings = crawl_settings(archive_url, CLOSESPIDER_PAGECOUNT=3, **QUICK_BOUNDS)
        crawler = await run_crawl(settings, url=site.url)
        paths = site.paths()
    assert "/" in paths
    assert crawler.stats.get_value("newscrawl/pages/fetched", 0) >= 1


@deferred_f_from_coro_f
async def test_the_page_budget_stops_the_crawl_counted(
    hostile: HostileSite, tmp_path: Path
) -> None:
    archive_url = f"sqlite:///{tmp_path / 'archive.db'}"
    settings = crawl_settings(archive_url, NEWSCRAWL_MAX_PAGES=3, **QUICK_BOUNDS)
    before = len(hostile.paths())
    crawler = await run_crawl(settings, url=hostile.url)
    assert crawler.stats.get_value("newscrawl/bounded/page_budget", 0) >= 1
    # Three pages (a page's retries are no new pages), and robots.txt.
    asked = {p for p in hostile.paths()[before:] if p != "/robots.txt"}
    assert len(asked) == 3, asked
