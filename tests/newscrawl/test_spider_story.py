"""The spider's story callback over a saved page: what it counts and keeps."""

from __future__ import annotations

from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from newscrawl.items import Story
from newscrawl.spiders.site import SiteSpider

PAGE = """<html lang="en"><head><title>Storm hits coast | Daily</title>
<meta property="og:type" content="article">
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Storm hits coast",
 "datePublished": "2099-01-01T10:00:00Z", "author": {"@type": "Person", "name": "Ann Lee"}}
</script></head><body><article><h1>Storm hits coast</h1>
<p>A storm hit the coast on Tuesday, leaving thousands of homes without power across the region.</p>
<p>Officials said repairs would take several days as crews worked to restore the lines.</p>
</article></body></html>"""


def test_a_date_in_the_future_is_rejected_and_counted() -> None:
    project = Settings()
    project.setmodule("newscrawl.settings")
    crawler = get_crawler(SiteSpider, {**project.copy_to_dict(), "NEWSCRAWL_DISCOVER": False})
    spider = crawler._create_spider(url="https://news.example.com/")
    crawler.stats.open_spider()
    url = "https://news.example.com/2099/storm/"
    response = HtmlResponse(url, body=PAGE.encode(), encoding="utf-8", request=Request(url))
    story = spider.story(response, response.selector.root)
    assert isinstance(story, Story)
    assert story.title == "Storm hits coast" and story.authors == ["Ann Lee"]
    assert story.published_at is None
    stats = crawler.stats.get_stats()
    assert stats.get("newscrawl/extraction/published_at/future_date") == 1
