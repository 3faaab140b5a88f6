"""Recurring crawls: a rerun fetches what is new or changed, not the whole site again."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.utils.defer import deferred_f_from_coro_f
from sqlalchemy import select

from archive.db import make_engine, make_sessionmaker
from archive.models import CrawledPage, Sighting
from archive.query import get_story, iter_export
from archive.revisits import DEFAULT_SCHEDULE, due_stories, next_visit, parse_schedule
from demosite.process import DEMO_ARTICLES, DEMO_SEED, DemoSiteProcess
from newscrawl import settings as project_settings
from newscrawl.spiders.site import SiteSpider
from tests.crawl.helpers import crawl_settings, run_crawl

EDITS = 3


@deferred_f_from_coro_f
async def test_reruns_fetch_only_what_is_new_or_changed(tmp_path: Path) -> None:
    archive_url = f"sqlite:///{tmp_path / 'archive.db'}"
    site = DemoSiteProcess(DEMO_ARTICLES, DEMO_SEED)
    try:
        first = await run_crawl(crawl_settings(archive_url), url=site.site.url)
        assert first.stats.get_value("archive/stored/new") == DEMO_ARTICLES
        full = site.site.server_stats(reset=True)

        # Nothing changed: archived stories are not due, listings stop at known pages.
        rerun = await run_crawl(crawl_settings(archive_url), url=site.site.url)
        stats = rerun.stats.get_stats()
        served = site.site.server_stats(reset=True)
        assert served["article"]["200"] <= 0.05 * DEMO_ARTICLES
        assert stats.get("newscrawl/revisit/not_due", 0) > 0
        assert stats.get("newscrawl/listing/stopped", 0) > 0
        assert served["listing"]["200"] < full["listing"]["200"]
        assert stats.get("archive/stored/new", 0) == 0
        # Listed but not fetched, the archived stories were still seen by this run.
        assert stats.get("archive/sightings/listed", 0) > 0
        assert_sightings(archive_url)

        # A full check: every story fetched again, conditionally: all answer 304.
        check = await run_crawl(
            crawl_settings(archive_url, NEWSCRAWL_REVISIT_ALL=True), url=site.site.url
        )
        served = site.site.server_stats(reset=True)
        assert served["article"]["304"] == DEMO_ARTICLES
        assert served["article"]["200"] <= 0.05 * DEMO_ARTICLES
        assert check.stats.get_value("archive/stored/not_modified") == DEMO_ARTICLES
        port, legacy = urlsplit(site.site.url).port, urlsplit(site.site.legacy_url or "").port
    finally:
        site.stop()

    # The site edits three stories, all older than the revisit schedule reaches. A normal rerun
    # finds them through the site's own dates (the sitemap's lastmod, the feed's updated moved)
    # and fetches few other story pages.
    edited = DemoSiteProcess(
        DEMO_ARTICLES, DEMO_SEED, port=port or 0, legacy_port=legacy, edits=EDITS
    )
    try:
        crawler = await run_crawl(crawl_settings(archive_url), url=edited.site.url)
        served = edited.site.server_stats(reset=True)
        stats = crawler.stats.get_stats()
        assert stats.get("newscrawl/revisit/due", 0) == 0
        assert stats.get("newscrawl/revisit/edited") == EDITS
        assert stats.get("archive/stored/updated") == EDITS
        assert stats.get("archive/stored/new", 0) == 0
        assert served["article"].get("200", 0) <= EDITS + 0.05 * DEMO_ARTICLES
        # Once fetched, the new dates are the archive's: the next rerun finds nothing edited.
        again = await run_crawl(crawl_settings(archive_url), url=edited.site.url)
        assert again.stats.get_value("newscrawl/revisit/edited", 0) == 0
        assert again.stats.get_value("archive/stored/updated", 0) == 0
        # A full check agrees: nothing else changed.
        check = await run_crawl(
            crawl_settings(archive_url, NEWSCRAWL_REVISIT_ALL=True), url=edited.site.url
        )
        assert check.stats.get_value("archive/stored/updated", 0) == 0
        assert check.stats.get_value("archive/stored/not_modified") == DEMO_ARTICLES
        truth = {story["url"]: story for story in edited.site.ground_truth()}
        changed = edited.site.demo().edited_urls(edited.site.url)
        engine = make_engine(archive_url)
        try:
            with make_sessionmaker(engine)() as session:
                for url in truth:
                    story = get_story(session, url)
                    assert story is not None
                    assert story.versions == (2 if url in changed else 1)
                    assert story.body == truth[url]["body"]
                    assert story.modified_at == truth[url]["modified_at"]
        finally:
            engine.dispose()
    finally:
        edited.stop()


def assert_sightings(archive_url: str) -> None:
    """Each crawl's sightings name the listing page and position where stories were found."""
    engine = make_engine(archive_url)
    try:
        with make_sessionmaker(engine)() as session:
            rows = session.execute(
                select(Sighting.crawl_id, Sighting.listing_url, Sighting.listing_position)
            ).all()
    finally:
        engine.dispose()
    for crawl_id in (1, 2):
        listed = [(u, p) for c, u, p in rows if c == crawl_id and u is not None]
        assert listed, f"crawl {crawl_id} recorded no listing page"
        assert all(p is not None and p >= 1 for _u, p in listed)


def test_the_revisit_schedule_grows_with_age() -> None:
    now = datetime(2026, 11, 28, 12, tzinfo=UTC)
    for age, every in [
        (timedelta(minutes=10), timedelta(minutes=15)),
        (timedelta(hours=5), timedelta(hours=1)),
        (timedelta(days=2), timedelta(hours=6)),
        (timedelta(days=5), timedelta(days=1)),
        (timedelta(days=20), timedelta(days=7)),
    ]:
        assert next_visit(now - age, now, now, DEFAULT_SCHEDULE) == now + every
    assert next_visit(now - timedelta(days=31), now, now, DEFAULT_SCHEDULE) is None
    # Undated stories age from when the archive first saw them.
    assert next_visit(None, now - timedelta(minutes=5), now, DEFAULT_SCHEDULE) == now + timedelta(
        minutes=15
    )
    # The crawler's default schedule and the archive writer's default must not drift apart.
    assert parse_schedule(project_settings.NEWSCRAWL_REVISIT_SCHEDULE) == DEFAULT_SCHEDULE


def test_a_young_story_is_due_again_after_its_interval(tmp_path: Path) -> None:
    from archive.db import create_schema
    from archive.store import record_fetches, start_crawl, store_stories
    from tests.archive.helpers import make_story

    engine = make_engine(f"sqlite:///{tmp_path / 'a.db'}")
    create_schema(engine)
    sessions = make_sessionmaker(engine)
    now = datetime.now(UTC)
    story = make_story(1, published_at=now - timedelta(minutes=20), fetched_at=now)
    with sessions.begin() as session:
        crawl = start_crawl(session, spider="site", start_url=None, started_at=now)
        store_stories(session, crawl, [story], seen_at=now)
        record_fetches(session, [(story.url, '"v1"', None, now)])
    with sessions() as session:
        host = story.site
        assert due_stories(session, host, now + timedelta(minutes=14)) == []
        (due,) = due_stories(session, host, now + timedelta(minutes=16))
        assert (due.url, due.etag) == (story.url, '"v1"')
        assert len(due_stories(session, host, now, everything=True)) == 1
    engine.dispose()


async def listing_pages_fetched(archive_url: str, url: str, **settings: Any) -> tuple[int, Any]:
    """Crawl; return how many paginated listing pages were fetched, and the crawler."""
    pages: list[str] = []

    def seen(response: Any, **_: Any) -> None:
        if re.search(r"/page/\d+/$", response.url):
            pages.append(response.url)

    crawler = Crawler(SiteSpider, crawl_settings(archive_url, **settings))
    crawler.signals.connect(seen, signal=signals.response_received)  # held weakly: keep `seen`
    await crawler.crawl_async(url=url)
    return len(pages), crawler


@deferred_f_from_coro_f
async def test_a_cutoff_date_stops_pagination_at_older_stories(tmp_path: Path) -> None:
    since = datetime(2022, 4, 1, tzinfo=UTC)
    # Long enough listings that pages lie beyond the page-number links of the first page.
    process = DemoSiteProcess(300, 1, legacy_port=None)
    try:
        demo_site = process.site
        everything, _ = await listing_pages_fetched(f"sqlite:///{tmp_path / 'a.db'}", demo_site.url)
        recent_only, crawler = await listing_pages_fetched(
            f"sqlite:///{tmp_path / 'b.db'}",
            demo_site.url,
            NEWSCRAWL_SINCE=since.date().isoformat(),
        )
    finally:
        process.stop()
    stats = crawler.stats.get_stats()
    assert stats.get("newscrawl/listing/past_cutoff", 0) > 0
    assert stats.get("newscrawl/discovered/past_cutoff", 0) > 0
    assert recent_only < everything
    engine = make_engine(f"sqlite:///{tmp_path / 'b.db'}")
    try:
        with make_sessionmaker(engine)() as session:
            published = {r.url: r.published_at for r in iter_export(session)}
            judged = session.scalars(
                select(CrawledPage.kind).where(
                    CrawledPage.reason == "published before NEWSCRAWL_SINCE"
                )
            ).all()
    finally:
        engine.dispose()
    recent = {s["url"] for s in demo_site.ground_truth() if s["published_at"] >= since}
    assert recent <= set(published), "every story since the cutoff is archived"
    # Older stories reached through related-story links and promos are not stored either.
    older = sorted(url for url, at in published.items() if at is None or at < since)
    assert older == [], f"{len(older)} stories published before {since:%Y-%m-%d} were stored"
    assert stats.get("newscrawl/story/past_cutoff", 0) > 0
    # Each is recorded as a page of kind other (`archive pages --kind other`), with the reason.
    assert judged and set(judged) == {"other"}


@deferred_f_from_coro_f
async def test_crawl_edit_crawl_keeps_what_each_story_said_and_when(
    archive_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from archive.cli import main
    from archive.query import as_of, history

    site = DemoSiteProcess(DEMO_ARTICLES, DEMO_SEED, legacy_port=None)
    try:
        await run_crawl(crawl_settings(archive_url), url=site.site.url)
        before = {s["url"]: s for s in site.site.ground_truth()}
        port = urlsplit(site.site.url).port
    finally:
        site.stop()
    between = datetime.now(UTC)
    edited = DemoSiteProcess(DEMO_ARTICLES, DEMO_SEED, port=port or 0, legacy_port=None, edits=1)
    try:
        await run_crawl(
            crawl_settings(archive_url, NEWSCRAWL_REVISIT_ALL=True), url=edited.site.url
        )
        (url,) = edited.site.demo().edited_urls(edited.site.url)
        after = {s["url"]: s for s in edited.site.ground_truth()}[url]
    finally:
        edited.stop()

    engine = make_engine(archive_url)
    try:
        with make_sessionmaker(engine)() as session:
            first, second = history(session, url)
            assert (first.number, second.number) == (1, 2)
            assert first.crawled_at < between < second.crawled_at
            assert "body" in second.changed and "modified_at" in second.changed
            assert second.words_added > 0 and not second.trivial
            assert second.summary and "body" in second.summary
            then = as_of(session, url, between)
            assert then.body == before[url]["body"]
            assert then.modified_at == before[url]["modified_at"]
            now = as_of(session, url, datetime.now(UTC))
            assert now.body == after["body"] != before[url]["body"]
    finally:
        engine.dispose()
    capsys.readouterr()
    assert main(["--db", archive_url, "diff", url, "--color", "never"]) == 0
    added = set(after["body"].split()) - set(before[url]["body"].split())
    out = capsys.readouterr().out
    assert "{+" in out and any(word in out for word in added)
