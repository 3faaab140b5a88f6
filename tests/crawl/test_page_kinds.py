"""End to end: which crawled pages are stories, over real HTTP into real archives.

The demo site (a WordPress build with types declared) and the townpaper build (a hand-written
CMS declaring nothing, with printer-friendly copies that name no canonical page) are crawled;
every page that is not a story must be recorded with its kind, and every copy as an alias.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f
from sqlalchemy import select
from sqlalchemy.orm import Session

from archive import query
from archive.db import make_engine
from archive.models import CrawledPage, Story, StoryAlias
from demosite.builds.townpaper import TIMEZONE
from demosite.process import BuildProcess, RunningSite
from tests.crawl.helpers import crawl_settings, run_crawl


def _pages(archive_url: str) -> dict[str, tuple[str, str]]:
    engine = make_engine(archive_url)
    try:
        with Session(engine) as session:
            return {p.url: (p.kind, p.reason) for p in session.scalars(select(CrawledPage))}
    finally:
        engine.dispose()


def _aliases(archive_url: str) -> dict[str, str]:
    """Each alias with the URL of its story."""
    engine = make_engine(archive_url)
    try:
        with Session(engine) as session:
            rows = session.execute(
                select(StoryAlias.url, Story.url).join(Story, Story.id == StoryAlias.story_id)
            )
            return {alias: story for alias, story in rows}
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def townpaper() -> Iterator[BuildProcess]:
    process = BuildProcess("townpaper")
    try:
        yield process
    finally:
        process.stop()


@deferred_f_from_coro_f
async def test_demo_site_pages_of_each_kind(
    demo_site: RunningSite, archive_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSCRAWL_ALLOW_PRIVATE_NETWORKS", "true")
    settings = crawl_settings(archive_url, NEWSCRAWL_ALLOW_PRIVATE_NETWORKS=True)
    crawler = await run_crawl(settings, url=demo_site.url)
    assert crawler.stats.get_value("archive/failed") is None
    truth = demo_site.ground_truth()
    stories = {story["url"] for story in truth}
    pages = _pages(archive_url)
    base = demo_site.url.rstrip("/")

    # Exactly the articles are stories; no story URL is recorded as a page too.
    engine = make_engine(archive_url)
    try:
        with Session(engine) as session:
            assert {record.url for record in query.iter_export(session)} == stories
    finally:
        engine.dispose()
    assert not stories & pages.keys()

    assert pages[base + "/"][0] == "listing"
    for path in ("/about/", "/contact/", "/privacy-policy/"):
        assert pages[base + path][0] == "static", path
    kinds_by_path = {urlsplit(url).path.split("/")[1]: kind for url, (kind, _r) in pages.items()}
    for listing in ("category", "tag", "author"):
        assert kinds_by_path[listing] == "listing", listing

    # Print and AMP views are copies, each recorded as an alias of its story.
    aliases = _aliases(archive_url)
    copies = {url for url, (kind, _reason) in pages.items() if kind == "copy"}
    prints = {story["url"] + "print/" for story in truth}
    assert prints <= copies
    for url in copies:
        assert aliases[url] in stories, url
        assert aliases[url] in url, "a view's alias names its own story"
    assert all(kind in ("listing", "static", "copy") for kind, _reason in pages.values())


@deferred_f_from_coro_f
async def test_a_site_that_declares_nothing(
    townpaper: BuildProcess, archive_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stories found by the site's own structure; home, archive, tag and static pages and
    printer-friendly copies without a canonical link recorded, the copies as aliases."""
    monkeypatch.setenv("NEWSCRAWL_ALLOW_PRIVATE_NETWORKS", "true")
    settings = crawl_settings(
        archive_url, NEWSCRAWL_ALLOW_PRIVATE_NETWORKS=True, NEWSCRAWL_TIMEZONE=TIMEZONE
    )
    await run_crawl(settings, url=townpaper.url)
    truth = townpaper.ground_truth()
    engine = make_engine(archive_url)
    try:
        with Session(engine) as session:
            stored = {record.url for record in query.iter_export(session)}
    finally:
        engine.dispose()
    assert stored == {story.url for story in truth.stories}

    pages = _pages(archive_url)
    for url, what in truth.others.items():
        if url in pages:  # a page the crawl reached (some are only linked from elsewhere)
            kind = pages[url][0]
            expected = "static" if what in ("about", "privacy", "contact") else None
            assert kind != "copy", url
            if expected:
                assert kind == expected, (url, what, pages[url])
            if what in ("home", "archive", "tag"):
                assert kind == "listing", (url, what, pages[url])
    assert {truth.others[url] for url in pages if url in truth.others} >= {
        "home",
        "archive",
        "tag",
        "about",
        "privacy",
    }

    aliases = _aliases(archive_url)
    for story in truth.stories:
        for alias in story.aliases:
            assert aliases.get(alias) == story.url, alias
            assert pages[alias][0] == "copy", alias


@deferred_f_from_coro_f
async def test_an_old_address_that_redirects_is_an_alias(
    demo_site: RunningSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A story reached first at an address that answers 301 is one story, the old address
    its alias, and no page row."""
    monkeypatch.setenv("NEWSCRAWL_ALLOW_PRIVATE_NETWORKS", "true")
    demo = demo_site.demo()
    # A story that moved: WordPress answers 301 at its old slug.
    old_path, index = next(iter(demo.model.by_old_path.items()))
    story_url = demo_site.url.rstrip("/") + demo.model.articles[index].path
    old_url = demo_site.url.rstrip("/") + old_path
    archive_url = f"sqlite:///{tmp_path / 'archive.db'}"
    settings = crawl_settings(
        archive_url,
        NEWSCRAWL_ALLOW_PRIVATE_NETWORKS=True,
        NEWSCRAWL_DISCOVER=False,
        CLOSESPIDER_PAGECOUNT=2,  # the story is the first page; the rest of the site is not needed
    )
    await run_crawl(settings, url=old_url)
    engine = make_engine(archive_url)
    try:
        with Session(engine) as session:
            assert session.scalar(select(Story.url).where(Story.url == old_url)) is None
            assert session.scalar(select(Story.url).where(Story.url == story_url)) == story_url
    finally:
        engine.dispose()
    assert _aliases(archive_url)[old_url] == story_url
    assert old_url not in _pages(archive_url)
