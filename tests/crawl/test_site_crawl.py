"""End to end: the demo news site over real HTTP, a real crawl, a real archive."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.utils.defer import deferred_f_from_coro_f
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from archive.db import make_engine, make_sessionmaker
from archive.models import Cluster, ClusterMember, Crawl, CrawlError, Story
from archive.query import get_story, iter_export
from demosite.process import DEMO_ARTICLES, DEMO_SEED, DemoSiteProcess, RunningSite
from newscrawl.spiders.site import SiteSpider
from tests.crawl.helpers import crawl_settings, run_crawl

COMPARED_FIELDS = (
    "title",
    "body",
    "authors",
    "published_at",
    "modified_at",
    "tags",
    "section",
    "language",
    "image_url",
)


def archived(archive_url: str) -> dict[str, dict[str, Any]]:
    engine = make_engine(archive_url)
    try:
        with make_sessionmaker(engine)() as session:
            return {record.url: record for record in iter_export(session)}
    finally:
        engine.dispose()


def assert_matches_ground_truth(archive_url: str, site: RunningSite) -> dict[str, dict[str, Any]]:
    truth = {story["url"]: story for story in site.ground_truth()}
    records = archived(archive_url)
    assert sorted(records) == sorted(truth), "the archive must hold exactly the site's articles"
    engine = make_engine(archive_url)
    try:
        with make_sessionmaker(engine)() as session:
            for url, expected in truth.items():
                story = get_story(session, url)
                assert story is not None
                for field in COMPARED_FIELDS:
                    # Records hold lists as tuples.
                    assert getattr(story, field) == (
                        tuple(expected[field])
                        if isinstance(expected[field], list)
                        else expected[field]
                    ), f"{field} of {url}"
                assert sorted(story.aliases) == expected["aliases"], f"aliases of {url}"
    finally:
        engine.dispose()
    assert_clusters_match(archive_url, truth.values())
    return records


def assert_clusters_match(archive_url: str, truth: Iterable[dict[str, Any]]) -> None:
    """Wire copies share one cluster whose canonical member is the earliest published."""
    expected: dict[str, set[str]] = {}
    canonical: dict[str, str] = {}
    for story in truth:
        if story["cluster"] is not None:
            expected.setdefault(story["cluster"], set()).add(story["url"])
            if story["duplicate_of"] is None:
                canonical[story["cluster"]] = story["url"]
    engine = make_engine(archive_url)
    try:
        with make_sessionmaker(engine)() as session:
            member = aliased(Story)
            rows = session.execute(
                select(Cluster.id, member.url, Story.url)
                .join(ClusterMember, ClusterMember.cluster_id == Cluster.id)
                .join(member, member.id == ClusterMember.story_id)
                .join(Story, Story.id == Cluster.canonical_story_id)
            ).all()
    finally:
        engine.dispose()
    found: dict[int, set[str]] = {}
    found_canonical: dict[int, str] = {}
    for cluster_id, url, canonical_url in rows:
        found.setdefault(cluster_id, set()).add(url)
        found_canonical[cluster_id] = canonical_url
    assert sorted(map(sorted, found.values())) == sorted(map(sorted, expected.values()))
    assert sorted(found_canonical.values()) == sorted(canonical.values())


def assert_date_signals_kept(archive_url: str, site: RunningSite) -> None:
    """The sitemaps' lastmod and the feed's publication dates are kept as signals."""
    engine = make_engine(archive_url)
    try:
        with make_sessionmaker(engine)() as session:
            feed_dated = 0
            for expected in site.ground_truth():
                signals = get_story(session, expected["url"]).date_signals  # type: ignore[union-attr]
                assert signals["sitemap:lastmod"] == expected["modified_at"]
                if "feed:published" in signals:
                    assert signals["feed:published"] == expected["published_at"]
                    feed_dated += 1
            assert feed_dated >= 10  # the feed lists the newest 20
    finally:
        engine.dispose()


def counts(archive_url: str) -> tuple[int, int, int]:
    engine = make_engine(archive_url)
    try:
        with make_sessionmaker(engine)() as session:
            return (
                session.scalar(select(func.count()).select_from(Story)) or 0,
                session.scalar(select(func.count()).select_from(Crawl)) or 0,
                session.scalar(select(func.count()).select_from(CrawlError)) or 0,
            )
    finally:
        engine.dispose()


@deferred_f_from_coro_f
async def test_crawl_archives_every_article_exactly(demo_site: RunningSite, tmp_path: Path) -> None:
    archive_url = f"sqlite:///{tmp_path / 'archive.db'}"
    n = demo_site.articles

    first = await run_crawl(crawl_settings(archive_url), url=demo_site.url)
    stats = first.stats.get_stats()
    assert stats.get("archive/stored/new") == n
    assert stats.get("archive/failed") is None
    assert stats.get("finish_reason") == "finished"
    before = assert_matches_ground_truth(archive_url, demo_site)
    assert counts(archive_url) == (n, 1, 0)
    assert_date_signals_kept(archive_url, demo_site)

    # Every story fetched again (conditionally): none changed.
    second = await run_crawl(
        crawl_settings(archive_url, NEWSCRAWL_REVISIT_ALL=True), url=demo_site.url
    )
    stats = second.stats.get_stats()
    assert stats.get("archive/stored/unchanged") == n
    assert stats.get("archive/stored/new", 0) == 0
    assert stats.get("archive/stored/updated", 0) == 0
    after = assert_matches_ground_truth(archive_url, demo_site)
    assert counts(archive_url) == (n, 2, 0), "a second crawl adds a crawl row and no story"
    for url, record in after.items():
        assert record.first_seen_at == before[url].first_seen_at
        assert record.last_seen_at > before[url].last_seen_at
        assert record.versions == 1
        assert isinstance(record.first_seen_at, datetime)


@deferred_f_from_coro_f
async def test_crawl_row_records_the_run(demo_site: RunningSite, tmp_path: Path) -> None:
    archive_url = f"sqlite:///{tmp_path / 'archive.db'}"
    crawler = await run_crawl(crawl_settings(archive_url), url=demo_site.url)
    engine = make_engine(archive_url)
    try:
        with make_sessionmaker(engine)() as session:
            crawl = session.scalars(select(Crawl)).one()
            assert crawl.spider == "site"
            assert crawl.start_url == demo_site.url
            assert crawl.finished_at is not None and crawl.finished_at >= crawl.started_at
            assert crawl.pages == crawler.stats.get_value("response_received_count")
            assert crawl.pages > demo_site.articles  # listing pages were crawled too
            assert crawl.stories_new == demo_site.articles
            assert crawl.status == "finished"
    finally:
        engine.dispose()


@deferred_f_from_coro_f
async def test_missing_pages_are_recorded_with_their_reason(
    demo_site: RunningSite, tmp_path: Path
) -> None:
    archive_url = f"sqlite:///{tmp_path / 'archive.db'}"
    missing = demo_site.url + "no/such/page/"
    await run_crawl(crawl_settings(archive_url), url=missing)
    engine = make_engine(archive_url)
    try:
        with make_sessionmaker(engine)() as session:
            error = session.scalars(select(CrawlError)).one()
            assert (error.url, error.reason) == (missing, "http-404")
            assert session.scalars(select(Crawl)).one().errors == 1
    finally:
        engine.dispose()


@pytest.mark.postgres
@deferred_f_from_coro_f
async def test_crawl_into_postgresql(demo_site: RunningSite, postgres_url: str) -> None:
    crawler = await run_crawl(crawl_settings(postgres_url), url=demo_site.url)
    assert crawler.stats.get_value("archive/stored/new") == demo_site.articles
    assert_matches_ground_truth(postgres_url, demo_site)


@deferred_f_from_coro_f
async def test_a_profile_steers_the_crawl(demo_site: RunningSite, tmp_path: Path) -> None:
    archive_url = f"sqlite:///{tmp_path / 'archive.db'}"
    profile = tmp_path / "demo.toml"
    profile.write_text(f'start_urls = ["{demo_site.url}"]\ndeny = ["/tag/"]\n')
    fetched: list[str] = []
    crawler = Crawler(SiteSpider, crawl_settings(archive_url))

    def seen(response: Any, **_: Any) -> None:
        fetched.append(response.url)

    crawler.signals.connect(seen, signal=signals.response_received)  # held weakly: keep `seen`
    await crawler.crawl_async(profile=str(profile))

    assert fetched and not [url for url in fetched if "/tag/" in url]
    # Every demo article is also listed under its category, so nothing is missed.
    assert sorted(archived(archive_url)) == sorted(s["url"] for s in demo_site.ground_truth())


@deferred_f_from_coro_f
async def test_a_week_later_copies_join_last_weeks_clusters(archive_url: str) -> None:
    """One story, one row, across crawls: new copies match stories archived a week before."""
    week0 = DemoSiteProcess(DEMO_ARTICLES, DEMO_SEED)
    try:
        await run_crawl(crawl_settings(archive_url), url=week0.site.url)
        assert_matches_ground_truth(archive_url, week0.site)
        port = urlsplit(week0.site.url).port
        legacy = urlsplit(week0.site.legacy_url or "").port
    finally:
        week0.stop()
    # The same addresses a week later: stories keep their URLs.
    week1 = DemoSiteProcess(DEMO_ARTICLES, DEMO_SEED, port=port or 0, legacy_port=legacy, week=1)
    try:
        crawler = await run_crawl(crawl_settings(archive_url), url=week1.site.url)
        stats = crawler.stats.get_stats()
        added = len(week1.site.ground_truth()) - DEMO_ARTICLES
        assert stats.get("archive/stored/new") == added
        assert stats.get("newscrawl/duplicate/near", 0) >= 1
        assert_matches_ground_truth(archive_url, week1.site)
    finally:
        week1.stop()
