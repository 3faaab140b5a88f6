"""Every archived story a crawl saw gets the crawl's time as its ``last_seen_at`` and a
sighting of that crawl, whether it was fetched again or only found on a listing, feed or
sitemap; the crawl row counts them (``stories_seen``)."""

from __future__ import annotations

from scrapy.utils.defer import deferred_f_from_coro_f
from sqlalchemy import select

from archive import query, render
from archive.db import make_engine, make_sessionmaker
from archive.models import Crawl, Sighting, Story
from demosite import RunningSite
from tests.crawl.helpers import crawl_settings, run_crawl


@deferred_f_from_coro_f
async def test_a_second_crawl_sees_every_story_it_does_not_fetch_again(
    demo_site: RunningSite, archive_url: str
) -> None:
    first = await run_crawl(crawl_settings(archive_url), url=demo_site.url)
    stored = first.stats.get_value("archive/stored/new")
    assert stored and stored == len(demo_site.ground_truth())
    # Nothing is due (the demo's stories are older than 30 days): the rerun fetches no story,
    # finds them all on its listings, feeds and sitemaps.
    second = await run_crawl(crawl_settings(archive_url), url=demo_site.url)
    assert not second.stats.get_value("archive/stored/new")
    assert not second.stats.get_value("archive/stored/updated")

    engine = make_engine(archive_url)
    try:
        with make_sessionmaker(engine)() as session:
            crawl_1, crawl_2 = session.scalars(select(Crawl).order_by(Crawl.id)).all()
            assert crawl_2.finished_at is not None
            stories = session.scalars(select(Story)).all()
            assert len(stories) == stored
            late = [
                s.url
                for s in stories
                if not crawl_2.started_at <= s.last_seen_at <= crawl_2.finished_at
            ]
            assert late == [], f"{len(late)} stories not seen by the second crawl, e.g. {late[0]}"
            sighted = set(
                session.scalars(select(Sighting.story_id).where(Sighting.crawl_id == crawl_2.id))
            )
            assert sighted == {s.id for s in stories}
            assert crawl_1.stats["stories_seen"] == stored
            assert crawl_2.stats["stories_seen"] == stored
            # And where people read the crawl's record.
            summary = query.list_crawls(session)[0]
            assert (summary.id, summary.stories_seen) == (crawl_2.id, stored)
            assert f"saw {stored} archived stories" in "\n".join(
                render.stats_lines(query.archive_stats(session))
            )
    finally:
        engine.dispose()
