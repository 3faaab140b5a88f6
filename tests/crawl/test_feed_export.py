"""``scrapy crawl site -O stories.jsonl``: a crawl's items are its stories, and only those."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from demosite import RunningSite
from tests.crawl.helpers import crawl_settings, run_crawl


@pytest.mark.slow
@deferred_f_from_coro_f
async def test_a_feed_export_holds_stories_only(demo_site: RunningSite, tmp_path: Path) -> None:
    feed = tmp_path / "stories.jsonl"
    settings = crawl_settings(
        f"sqlite:///{tmp_path / 'archive.db'}", FEEDS={str(feed): {"format": "jsonlines"}}
    )
    crawler = await run_crawl(settings, url=demo_site.url)

    records = [json.loads(line) for line in feed.read_text().splitlines()]
    truth = {story["url"] for story in demo_site.ground_truth()}
    # One record per story, each a whole story: no alias, listing or date records mixed in.
    assert sorted(record["url"] for record in records) == sorted(truth)
    for record in records:
        assert record["title"] and record["body"] and record["site"]
        assert record["fetched_at"] and record["published_at"]
    assert crawler.stats is not None
    # The side data still reached the archive, by signals.
    stats = crawler.stats.get_stats()
    assert stats["archive/stored/new"] == len(truth)
    assert stats["archive/aliases/added"] > 0
    assert stats["archive/date_signals"] > 0
