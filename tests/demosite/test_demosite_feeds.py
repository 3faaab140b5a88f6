"""Feeds, sitemaps and robots.txt: what a crawler discovers stories through."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

import pytest
from lxml import etree

from demosite import DemoSite
from demosite.sitemaps import NEWS_NS, PER_SITEMAP
from newscrawl.discovery import feed_links, parse_feed, parse_sitemap, sitemaps_from_robots
from tests.demosite.helpers import BASE, ORIGIN, fetch, normalise, parse

pytestmark = pytest.mark.filterwarnings("error")


@pytest.fixture(scope="module")
def site() -> DemoSite:
    return DemoSite(articles=120, seed=2)


@pytest.fixture(scope="module")
def truth(site: DemoSite) -> dict[str, dict[str, Any]]:
    return {story["url"]: story for story in site.ground_truth(BASE)}


def newest_urls(truth: dict[str, dict[str, Any]], count: int) -> list[str]:
    stories = sorted(truth.values(), key=lambda s: s["published_at"], reverse=True)
    return [s["url"] for s in stories[:count]]


def xml(site: DemoSite, path: str) -> bytes:
    status, headers, body = fetch(site, path)
    assert status == 200, path
    assert headers["Content-Type"] == "application/xml", path
    return body


def test_rss_feed_lists_the_newest_articles(
    site: DemoSite, truth: dict[str, dict[str, Any]]
) -> None:
    status, headers, body = fetch(site, "/feed/")
    assert status == 200
    assert headers["Content-Type"].startswith("application/rss+xml")
    feed = parse_feed(body, ORIGIN + "/feed/")
    assert (feed.kind, feed.title, feed.problems) == ("rss", "Demo Daily", [])
    assert [e.url for e in feed.entries] == newest_urls(truth, 20)
    for entry in feed.entries:
        story = truth[entry.url]
        assert entry.title == story["title"]
        assert entry.published_at == story["published_at"]
        assert entry.authors == story["authors"] or entry.authors == [story["agency"]]
        assert set(story["tags"]) <= set(entry.tags)
        assert entry.guid is not None and entry.guid.startswith(ORIGIN + "/?p=")
        assert entry.summary and entry.summary.endswith(" […]")
        assert normalise(story["body"]).startswith(entry.summary.removesuffix(" […]"))
    # pubDate is RFC 822, in UTC as WordPress writes it.
    root = etree.fromstring(body)
    for date in root.xpath("//item/pubDate/text()"):
        assert date.endswith(" +0000")
        assert parsedate_to_datetime(date).tzinfo is not None


def test_atom_feed_matches_the_rss_feed(site: DemoSite, truth: dict[str, dict[str, Any]]) -> None:
    status, headers, body = fetch(site, "/feed/atom/")
    assert status == 200 and headers["Content-Type"].startswith("application/atom+xml")
    feed = parse_feed(body, ORIGIN + "/feed/atom/")
    assert (feed.kind, feed.problems) == ("atom", [])
    assert [e.url for e in feed.entries] == newest_urls(truth, 20)
    for entry in feed.entries:
        assert entry.published_at == truth[entry.url]["published_at"]
        assert entry.updated_at == truth[entry.url]["modified_at"]


def test_category_feeds_list_their_category(
    site: DemoSite, truth: dict[str, dict[str, Any]]
) -> None:
    for section in site.model.sections:
        stories = [s for s in truth.values() if s["section"] == section.name]
        expected = [
            s["url"] for s in sorted(stories, key=lambda s: s["published_at"], reverse=True)[:20]
        ]
        for path in (f"{section.path}feed/", f"{section.path}feed/atom/"):
            status, _headers, body = fetch(site, path)
            assert status == 200, path
            feed = parse_feed(body, ORIGIN + path)
            assert [e.url for e in feed.entries] == expected, path
    assert fetch(site, "/category/nope/feed/")[0] == 404


def test_pages_announce_feeds_in_head_and_never_link_them(site: DemoSite) -> None:
    article = site.model.articles[5]
    section = site.model.sections[0]
    for path in ("/", article.path, section.path, "/about/", "/tag/nato/"):
        doc = parse(fetch(site, path)[2])
        found = feed_links(doc, ORIGIN + path)
        assert found[:2] == [ORIGIN + "/feed/", ORIGIN + "/feed/atom/"], path
        titles = doc.xpath('//link[@rel="alternate"]/@title')
        assert titles[:2] == ["Demo Daily » Feed", "Demo Daily » Atom Feed"]
        hrefs = [href for href in doc.xpath("//a/@href") if "/feed/" in href]
        assert hrefs == [], path
    doc = parse(fetch(site, section.path)[2])
    assert feed_links(doc, ORIGIN)[2:] == [f"{ORIGIN}{section.path}feed/"]


def test_robots_names_the_sitemaps(site: DemoSite) -> None:
    status, _headers, body = fetch(site, "/robots.txt")
    assert status == 200
    text = body.decode()
    assert f"Sitemap: {ORIGIN}/sitemap_index.xml\n" in text
    assert f"Sitemap: {ORIGIN}/news-sitemap.xml\n" in text
    assert "__stats__" not in text
    assert sitemaps_from_robots(text, ORIGIN + "/robots.txt") == [
        ORIGIN + "/sitemap_index.xml",
        ORIGIN + "/news-sitemap.xml",
    ]


def test_sitemap_index_and_post_sitemaps_cover_every_article_once(
    site: DemoSite, truth: dict[str, dict[str, Any]]
) -> None:
    index = parse_sitemap(xml(site, "/sitemap_index.xml"), ORIGIN + "/sitemap_index.xml")
    assert index.kind == "index" and index.problems == []
    assert [ref.url for ref in index.sitemaps] == [
        ORIGIN + p
        for p in (
            "/post-sitemap.xml",
            "/page-sitemap.xml",
            "/category-sitemap.xml",
            "/post_tag-sitemap.xml",
            "/author-sitemap.xml",
        )
    ]
    assert all(ref.lastmod is not None for ref in index.sitemaps)
    listed: list[str] = []
    for ref in index.sitemaps:
        sitemap = parse_sitemap(xml(site, ref.url.removeprefix(ORIGIN)), ref.url)
        assert sitemap.kind == "urlset" and sitemap.problems == []
        assert all(u.lastmod is not None for u in sitemap.urls)
        assert ref.lastmod == max(u.lastmod for u in sitemap.urls if u.lastmod is not None)
        if "/post-sitemap" in ref.url:
            for entry in sitemap.urls:
                assert entry.lastmod == truth[entry.url]["modified_at"]
            listed += [u.url for u in sitemap.urls]
        else:
            assert not set(u.url for u in sitemap.urls) & set(truth)
    assert sorted(listed) == sorted(truth)
    assert len(listed) == len(set(listed))
    gz = fetch(site, "/post-sitemap.xml.gz")
    assert gz[0] == 200 and gzip.decompress(gz[2]) == xml(site, "/post-sitemap.xml")


def test_big_sites_split_the_post_sitemap() -> None:
    big = DemoSite(articles=PER_SITEMAP + 30, seed=3)
    index = parse_sitemap(big.render("/sitemap_index.xml", BASE)[2], ORIGIN)
    posts = [r.url for r in index.sitemaps if "/post-sitemap" in r.url]
    assert posts == [ORIGIN + "/post-sitemap.xml", ORIGIN + "/post-sitemap2.xml"]
    counts = [len(parse_sitemap(xml(big, p), p).urls) for p in posts]
    assert counts == [PER_SITEMAP, 30]
    assert big.render("/post-sitemap3.xml", BASE)[0] == 404


def test_news_sitemap_lists_recent_articles_with_news_fields(
    site: DemoSite, truth: dict[str, dict[str, Any]]
) -> None:
    body = xml(site, "/news-sitemap.xml")
    assert NEWS_NS.encode() in body
    sitemap = parse_sitemap(body, ORIGIN + "/news-sitemap.xml")
    assert sitemap.kind == "urlset" and sitemap.problems == []
    assert len(sitemap.urls) >= 1
    now = site.model.now
    recent = [s["url"] for s in truth.values() if s["published_at"] >= now - timedelta(days=2)]
    assert sorted(u.url for u in sitemap.urls) == sorted(recent)
    for entry in sitemap.urls:
        story = truth[entry.url]
        assert entry.news_publication_name == "Demo Daily"
        assert entry.news_language == "en"
        assert entry.news_title == story["title"]
        assert entry.news_publication_date == story["published_at"]
        assert now - timedelta(days=2) <= entry.news_publication_date <= now
    # W3C datetimes with an offset.
    root = etree.fromstring(body)
    for text in root.xpath("//news:publication_date/text()", namespaces={"news": NEWS_NS}):
        assert datetime.fromisoformat(text).utcoffset() is not None


def test_news_sitemap_keeps_the_newest_article_when_none_is_recent() -> None:
    quiet = DemoSite(articles=30, seed=5)
    newest = max(quiet.ground_truth(BASE), key=lambda s: s["published_at"])
    assert newest["published_at"] < quiet.model.now.astimezone(UTC) - timedelta(days=2)
    sitemap = parse_sitemap(quiet.render("/news-sitemap.xml", BASE)[2], ORIGIN)
    assert [u.url for u in sitemap.urls] == [newest["url"]]


def test_feeds_and_sitemaps_are_listed_but_stats_are_not(site: DemoSite) -> None:
    paths = site.paths()
    for path in ("/feed/", "/feed/atom/", "/sitemap_index.xml", "/news-sitemap.xml"):
        assert path in paths
    assert not [p for p in paths if "__stats__" in p]
    assert fetch(site, "/__stats__")[0] == 404  # only the server answers it
