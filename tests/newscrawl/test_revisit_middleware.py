"""The revisit middleware over a real SQLite archive: what it remembers of a site, which
requests it drops, and what a ``304`` of a revisit becomes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.utils.defer import deferred_f_from_coro_f
from scrapy.utils.test import get_crawler

from archive.db import create_schema, make_engine, make_sessionmaker
from archive.store import record_fetches
from newscrawl.middlewares.revisit import RevisitMiddleware, RevisitPolicy, SiteMemory
from newscrawl.signals import stories_listed, story_not_modified
from tests.archive.helpers import first_release_archive, make_story, new_crawl, store

HOST = "news.example.com"
LAST_MODIFIED = "Tue, 30 Apr 2024 10:00:00 GMT"


@dataclass(frozen=True)
class SiteArchive:
    """An archive of one site's stories, in each state a revisit tells apart."""

    url: str
    fresh: str  # fetched just now, young: next due in 15 minutes
    stale: str  # fetched a day ago at two days old: due (every 6 hours), ETag + Last-Modified
    etag_only: str  # as stale, with an ETag only
    untracked: str  # archived before fetches were recorded: due
    alias: str  # another address of the untracked story
    old: str  # two months old: never due again
    elsewhere: str  # a story of another site

    @property
    def known(self) -> set[str]:
        return {self.fresh, self.stale, self.etag_only, self.untracked, self.alias, self.old}


@pytest.fixture
def archive(tmp_path: Path) -> SiteArchive:
    url = f"sqlite:///{tmp_path / 'archive.db'}"
    now = datetime.now(UTC)
    alias = f"https://{HOST}/?p=4"
    stories = [
        make_story(1, published_at=now - timedelta(minutes=10)),
        make_story(2, published_at=now - timedelta(days=2)),
        make_story(3, published_at=now - timedelta(days=2)),
        make_story(4, aliases=[alias]),
        make_story(5, published_at=now - timedelta(days=60)),
        make_story(
            6,
            url="https://other.example.org/2024/05/story-6",
            site="other.example.org",
            published_at=now - timedelta(days=2),
        ),
    ]
    fresh, stale, etag_only, untracked, old, elsewhere = (s.url for s in stories)
    engine = make_engine(url)
    try:
        create_schema(engine)
        sessions = make_sessionmaker(engine)
        store(sessions, new_crawl(sessions, now - timedelta(days=3)), stories, seen_at=now)
        with sessions.begin() as session:
            record_fetches(
                session,
                [
                    (fresh, '"fresh-1"', LAST_MODIFIED, now),
                    (stale, '"stale-1"', LAST_MODIFIED, now - timedelta(days=1)),
                    (etag_only, '"etag-only-1"', None, now - timedelta(days=1)),
                    (old, '"old-1"', None, now),
                    (elsewhere, None, None, now - timedelta(days=1)),
                ],
            )
    finally:
        engine.dispose()
    return SiteArchive(url, fresh, stale, etag_only, untracked, alias, old, elsewhere)


def test_memory_knows_the_sites_stories_and_aliases_and_what_is_due(
    archive: SiteArchive,
) -> None:
    memory = SiteMemory.load(archive.url, HOST)
    assert memory.known == archive.known
    assert set(memory.due) == {archive.stale, archive.etag_only, archive.untracked}
    assert memory.due[archive.stale].etag == '"stale-1"'
    assert memory.due[archive.stale].last_modified == LAST_MODIFIED


def test_memory_of_everything_makes_every_story_due(archive: SiteArchive) -> None:
    memory = SiteMemory.load(archive.url, HOST, everything=True)
    assert set(memory.due) == archive.known - {archive.alias}
    assert memory.known == archive.known


def test_memory_of_another_site_is_its_own(archive: SiteArchive) -> None:
    memory = SiteMemory.load(archive.url, "other.example.org")
    assert memory.known == {archive.elsewhere}
    assert set(memory.due) == {archive.elsewhere}
    assert SiteMemory.load(archive.url, "unknown.example.net") == SiteMemory()


def test_a_missing_archive_is_an_empty_memory(tmp_path: Path) -> None:
    memory = SiteMemory.load(f"sqlite:///{tmp_path / 'none' / 'archive.db'}", HOST)
    assert memory == SiteMemory()


def test_an_archive_at_an_old_schema_is_an_empty_memory(tmp_path: Path) -> None:
    url = first_release_archive(tmp_path / "old.db")
    # The old layout has no fetch records: reading it as the current one would fail.
    assert SiteMemory.load(url, HOST) == SiteMemory()
    assert SiteMemory.load(url, HOST, everything=True) == SiteMemory()


def test_conditional_headers_come_from_the_stored_validators(archive: SiteArchive) -> None:
    policy = RevisitPolicy(SiteMemory.load(archive.url, HOST))
    assert policy.conditional_headers(archive.stale) == {
        "If-None-Match": '"stale-1"',
        "If-Modified-Since": LAST_MODIFIED,
    }
    assert policy.conditional_headers(archive.etag_only) == {"If-None-Match": '"etag-only-1"'}
    assert policy.conditional_headers(archive.untracked) == {}
    assert policy.conditional_headers(archive.fresh) == {}  # not due: not revisited


# --- the middleware ---------------------------------------------------------------------------


def make_middleware(archive_url: str, **settings: Any) -> tuple[Crawler, RevisitMiddleware]:
    crawler = get_crawler(Spider, {"ARCHIVE_URL": archive_url, **settings})
    return crawler, RevisitMiddleware.from_crawler(crawler)


@pytest.fixture
def crawler_and_middleware(archive: SiteArchive) -> tuple[Crawler, RevisitMiddleware]:
    crawler, middleware = make_middleware(archive.url)
    # What spider_opened does, without a spider (see test_the_memory_is_loaded_when_...).
    middleware.memory = SiteMemory.load(archive.url, HOST)
    middleware.policy = RevisitPolicy(middleware.memory)
    return crawler, middleware


def listen(crawler: Crawler, signal: object) -> list[dict[str, Any]]:
    received: list[dict[str, Any]] = []

    def receiver(**kwargs: Any) -> None:
        kwargs.pop("signal", None)
        kwargs.pop("sender", None)
        received.append(kwargs)

    crawler.signals.connect(receiver, signal=signal, weak=False)
    return received


def stat(crawler: Crawler, key: str) -> Any:
    assert crawler.stats is not None
    return crawler.stats.get_value(key)


@pytest.mark.parametrize("archive_url", ["", None])
def test_no_archive_no_middleware(archive_url: str | None) -> None:
    settings = {} if archive_url is None else {"ARCHIVE_URL": archive_url}
    with pytest.raises(NotConfigured, match="ARCHIVE_URL"):
        RevisitMiddleware.from_crawler(get_crawler(Spider, settings))


@pytest.mark.parametrize("which", ["fresh", "old", "stale", "alias"])
def test_a_link_to_an_archived_story_is_dropped(
    archive: SiteArchive, crawler_and_middleware: tuple[Crawler, RevisitMiddleware], which: str
) -> None:
    # Due stories are requested by the middleware itself (meta["revisit"]); links to them are not.
    crawler, middleware = crawler_and_middleware
    listed = listen(crawler, stories_listed)
    with pytest.raises(IgnoreRequest, match="archived"):
        middleware.process_request(Request(getattr(archive, which)))
    assert stat(crawler, "newscrawl/revisit/not_due") == 1
    assert listed == []  # no listing named it


def test_a_listing_still_showing_an_archived_story_is_told(
    archive: SiteArchive, crawler_and_middleware: tuple[Crawler, RevisitMiddleware]
) -> None:
    crawler, middleware = crawler_and_middleware
    listed = listen(crawler, stories_listed)
    listing = f"https://{HOST}/section/world/"
    # A tracking variant of the address is the same story.
    request = Request(f"{archive.fresh}?utm_source=home#top", meta={"listing": (listing, 3)})
    with pytest.raises(IgnoreRequest):
        middleware.process_request(request)
    assert listed == [{"listing_url": listing, "stories": [(archive.fresh, 3)]}]
    assert stat(crawler, "newscrawl/revisit/not_due") == 1


def test_unknown_pages_and_revisits_go_through(
    archive: SiteArchive, crawler_and_middleware: tuple[Crawler, RevisitMiddleware]
) -> None:
    crawler, middleware = crawler_and_middleware
    listed = listen(crawler, stories_listed)
    new = Request(f"https://{HOST}/2024/05/new-story", meta={"listing": ("x", 1)})
    # Each goes on to the download: no IgnoreRequest.
    middleware.process_request(new)
    middleware.process_request(Request(archive.elsewhere))  # another site's
    middleware.process_request(Request(archive.stale, meta={"revisit": True}))
    assert stat(crawler, "newscrawl/revisit/not_due") is None
    assert listed == []


def test_a_304_of_a_revisit_is_a_story_not_modified(
    archive: SiteArchive, crawler_and_middleware: tuple[Crawler, RevisitMiddleware]
) -> None:
    crawler, middleware = crawler_and_middleware
    unmodified = listen(crawler, story_not_modified)
    request = Request(archive.stale, meta={"revisit": True})
    before = datetime.now(UTC)
    with pytest.raises(IgnoreRequest, match="not modified"):
        middleware.process_response(request, Response(archive.stale, status=304))
    assert [event["url"] for event in unmodified] == [archive.stale]
    assert before <= unmodified[0]["fetched_at"] <= datetime.now(UTC)
    assert stat(crawler, "newscrawl/revisit/not_modified") == 1


@pytest.mark.parametrize(
    ("status", "meta"),
    [
        pytest.param(304, {}, id="304-of-another-request"),
        pytest.param(200, {"revisit": True}, id="200-of-a-revisit"),
    ],
)
def test_other_responses_go_through(
    archive: SiteArchive,
    crawler_and_middleware: tuple[Crawler, RevisitMiddleware],
    status: int,
    meta: dict[str, Any],
) -> None:
    crawler, middleware = crawler_and_middleware
    unmodified = listen(crawler, story_not_modified)
    response = Response(archive.stale, status=status)
    assert middleware.process_response(Request(archive.stale, meta=meta), response) is response
    assert unmodified == []
    assert stat(crawler, "newscrawl/revisit/not_modified") is None


@pytest.mark.parametrize("everything", [False, True])
@deferred_f_from_coro_f
async def test_the_memory_is_loaded_when_the_spider_opens(
    archive: SiteArchive, everything: bool
) -> None:
    crawler, middleware = make_middleware(archive.url, NEWSCRAWL_REVISIT_ALL=everything)
    spider = crawler._create_spider("news", start_urls=[f"https://www.{HOST}/"])
    assert middleware.memory == SiteMemory()  # nothing known before the spider opens
    await crawler.signals.send_catch_log_async(signals.spider_opened, spider=spider)
    if everything:
        due = archive.known - {archive.alias}
    else:
        due = {archive.stale, archive.etag_only, archive.untracked}
    assert middleware.memory.known == archive.known
    assert set(middleware.memory.due) == due
    assert middleware.policy.memory is middleware.memory
    assert stat(crawler, "newscrawl/revisit/due") == len(due)
    with pytest.raises(IgnoreRequest):
        middleware.process_request(Request(archive.fresh))
