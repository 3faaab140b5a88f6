"""Edits found through the site's own signals: a feed's, sitemap's or listing's date that moved
since the story's last fetch makes it due, whatever its age (the crawl over the demo site's
``--edits`` is in tests/crawl/test_incremental.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import lxml.html

from archive.db import create_schema, make_engine, make_sessionmaker
from archive.revisits import Fetched, edited_since_fetch
from archive.store import record_date_signals, record_fetches
from newscrawl.listing import teaser_dates
from newscrawl.middlewares.revisit import SiteMemory
from tests.archive.helpers import make_story, new_crawl, store

NOW = datetime(2026, 11, 28, 12, tzinfo=UTC)
FETCHED = NOW - timedelta(days=3)
OLD = datetime(2022, 3, 1, tzinfo=UTC)


def fetched(**signals: datetime) -> Fetched:
    return Fetched(
        "https://news.example.com/a/",
        fetched_at=FETCHED,
        signals={name.replace("_", ":", 1): value for name, value in signals.items()},
    )


def test_a_date_that_moved_later_than_the_archive_kept_is_an_edit() -> None:
    story = fetched(sitemap_lastmod=OLD)
    # A site whose clock says the edit predates our fetch: the move is what counts.
    moved = OLD + timedelta(hours=5)
    assert edited_since_fetch(story, [("sitemap:lastmod", moved)], NOW) is not None
    assert edited_since_fetch(story, [("sitemap:lastmod", OLD)], NOW) is None
    # Earlier is no edit: two sitemaps that disagree must not make a story due every crawl.
    assert edited_since_fetch(story, [("sitemap:lastmod", OLD - timedelta(days=1))], NOW) is None
    # A date of a source the archive never kept, older than the fetch: nothing to compare.
    assert edited_since_fetch(story, [("feed:updated", OLD)], NOW) is None


def test_a_modification_date_after_the_last_fetch_is_an_edit_unless_in_the_future() -> None:
    story = fetched()
    after = FETCHED + timedelta(hours=2)
    assert edited_since_fetch(story, [("feed:updated", after)], NOW) is not None
    assert edited_since_fetch(story, [("listing:time", after)], NOW) is not None
    # A publication date after the fetch is no modification date.
    assert edited_since_fetch(story, [("feed:published", after)], NOW) is None
    # A lastmod a day ahead is a broken clock or template: it would be due on every crawl.
    ahead = NOW + timedelta(days=1)
    assert edited_since_fetch(story, [("sitemap:lastmod", ahead)], NOW) is None
    # Never fetched (archived before fetches were tracked): due anyway, not by this rule.
    unfetched = Fetched("https://news.example.com/a/")
    assert edited_since_fetch(unfetched, [("sitemap:lastmod", after)], NOW) is None


def test_teasers_give_their_links_the_date_they_show() -> None:
    html = """<html><body><main>
      <article><h2><a href="/2022/a/">A story</a></h2>
        <div class="meta"><time datetime="2022-03-01T10:00:00+00:00">1 March</time>
        <span>Updated <time datetime="2022-03-04T08:00:00Z">4 March</time></span></div>
        <a href="/2022/a/">Read more</a></article>
      <li><a href="https://news.example.com/2022/b/">B</a> <time datetime="2022-02-01T00:00:00Z">
      </time></li>
      <div><time datetime="2022-01-01">no zone: not a date to compare</time>
        <a href="/2022/c/">C</a></div>
      <ul><li><a href="/1/">1</a></li><li><a href="/2/">2</a></li><li><a href="/3/">3</a></li>
        <li><a href="/4/">4</a></li><li><a href="/5/">5</a></li>
        <time datetime="2022-05-01T00:00:00Z">a date of the whole list</time></ul>
    </main></body></html>"""
    dates = teaser_dates(lxml.html.fromstring(html), "https://news.example.com/news/")
    assert dates == {
        "https://news.example.com/2022/a/": datetime(2022, 3, 4, 8, tzinfo=UTC),
        "https://news.example.com/2022/b/": datetime(2022, 2, 1, tzinfo=UTC),
    }


def test_the_memory_of_a_site_finds_edits_once_by_url_or_alias(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'archive.db'}"
    old = make_story(1, published_at=OLD, aliases=["https://news.example.com/?p=1"])
    engine = make_engine(url)
    try:
        create_schema(engine)
        sessions = make_sessionmaker(engine)
        store(sessions, new_crawl(sessions, FETCHED), [old], seen_at=FETCHED)
        with sessions.begin() as session:
            record_fetches(session, [(old.url, '"v1"', None, FETCHED)])
            record_date_signals(session, [(old.url, "sitemap:lastmod", OLD)])
    finally:
        engine.dispose()

    memory = SiteMemory.load(url, old.site)
    assert memory.due == {}  # past the revisit schedule
    assert memory.edited(old.url, [("sitemap:lastmod", OLD)]) is None
    found = memory.edited("https://news.example.com/?p=1", [("sitemap:lastmod", NOW)])
    assert found is not None and (found.url, found.etag) == (old.url, '"v1"')
    # Asked for once per crawl, however many feeds and sitemaps name it.
    assert memory.edited(old.url, [("feed:updated", NOW)]) is None
