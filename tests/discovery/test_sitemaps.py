"""Sitemaps, sitemap indexes (gzipped or not) and robots.txt Sitemap lines."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime

from newscrawl.discovery import (
    MAX_SITEMAP_ENTRIES,
    DateSignal,
    SitemapRef,
    SitemapURL,
    parse_sitemap,
    sitemaps_from_robots,
)

from .helpers import data, tz

WP = "https://harbour-gazette.example/"
LEDGER = "https://daily-ledger.example/"


def test_google_news_sitemap() -> None:
    sitemap = parse_sitemap(data("news_sitemap.xml"), WP + "news-sitemap.xml")

    assert sitemap.kind == "urlset"
    assert sitemap.sitemaps == []
    ferry, wall = sitemap.urls
    assert ferry == SitemapURL(
        url=WP + "2024/03/05/ferry-timetable-spring/",
        lastmod=datetime(2024, 3, 5, 10, 2, 11, tzinfo=UTC),
        news_publication_date=datetime(2024, 3, 5, 9, 12, 40, tzinfo=UTC),
        news_title="Ferry timetable changes for the spring season",
        news_publication_name="Harbour Gazette",
        news_language="en",
        news_keywords=["ferries", "transport", "timetable"],
    )
    assert ferry.signals() == [
        DateSignal(datetime(2024, 3, 5, 9, 12, 40, tzinfo=UTC), "sitemap:news_publication_date"),
        DateSignal(datetime(2024, 3, 5, 10, 2, 11, tzinfo=UTC), "sitemap:lastmod"),
    ]
    # The loc's surrounding whitespace goes; the image:loc is not taken for the page.
    assert wall.url == WP + "2024/03/04/sea-wall-repairs/"
    assert wall.lastmod is None
    assert wall.news_title == "Council approves sea wall repairs – work starts in June"
    assert wall.signals() == [
        DateSignal(
            datetime(2024, 3, 4, tzinfo=UTC), "sitemap:news_publication_date", zone_assumed=True
        )
    ]
    assert sitemap.problems == ["1 date(s) gave no known time zone; read as UTC"]


def test_sitemap_without_namespaces_still_reads_news_fields() -> None:
    sitemap = parse_sitemap(data("sitemap_no_namespace.xml"), "https://valley-notes.example/s.xml")

    (entry,) = sitemap.urls
    assert entry.url == "https://valley-notes.example/2024/03/bridge-road-closed.html"
    assert entry.lastmod == datetime(2024, 3, 6, 10, 15, tzinfo=UTC)
    assert entry.news_publication_date == datetime(2024, 3, 6, 10, 15, tzinfo=tz(1))
    assert entry.news_title == "Bridge road closed after river rises"
    assert entry.news_publication_name == "Valley Notes"
    assert entry.zone_assumed == frozenset({"sitemap:lastmod"})
    assert sitemap.problems[0].startswith("malformed XML (Namespace prefix news on news")


def test_image_video_and_hreflang_extensions_do_not_confuse_loc() -> None:
    sitemap = parse_sitemap(data("sitemap_media.xml"), "https://kreisbote.example/sitemap.xml")

    assert sitemap.urls == [
        SitemapURL(
            url="https://kreisbote.example/lokales/2024/03/neue-buslinie.html",
            lastmod=datetime(2024, 3, 5, tzinfo=UTC),
            zone_assumed=frozenset({"sitemap:lastmod"}),
        )
    ]
    assert sitemap.problems == [
        "1 entry(ies) without an http(s) loc skipped",
        "1 date(s) gave no known time zone; read as UTC",
    ]


def test_monthly_sitemap_index_and_its_gzipped_child() -> None:
    index = parse_sitemap(data("sitemap_index_monthly.xml"), LEDGER + "sitemap_index.xml")

    assert index.kind == "index"
    assert index.urls == []
    assert index.sitemaps == [
        SitemapRef(LEDGER + "sitemaps/2024-03.xml", datetime(2024, 3, 6, 4, 0, 12, tzinfo=UTC)),
        SitemapRef(
            LEDGER + "sitemaps/2024-02.xml.gz", datetime(2024, 2, 29, 23, 59, 59, tzinfo=tz(-5))
        ),
        # A relative loc resolves on the index URL; "2024-01" is a W3C date (month precision).
        SitemapRef(LEDGER + "sitemaps/2024-01.xml.gz", datetime(2024, 1, 1, tzinfo=UTC)),
    ]
    assert index.problems == ["1 date(s) gave no known time zone; read as UTC"]

    child = parse_sitemap(data("sitemap-2024-02.xml.gz"), LEDGER + "sitemaps/2024-02.xml.gz")
    assert child.kind == "urlset"
    assert [(u.url, u.lastmod) for u in child.urls] == [
        (LEDGER + "2024/02/28/budget-vote/", datetime(2024, 2, 28, 21, 10, tzinfo=tz(-5))),
        (LEDGER + "2024/02/29/leap-day-weddings/", datetime(2024, 2, 29, 8, 0, tzinfo=tz(-5))),
    ]
    assert child.problems == []

    march = parse_sitemap(data("sitemap-2024-03.xml"), LEDGER + "sitemaps/2024-03.xml")
    assert [u.url for u in march.urls] == [LEDGER + "2024/03/01/river-levels/"]


def test_yoast_sitemap_index() -> None:
    index = parse_sitemap(data("yoast_sitemap_index.xml"), WP + "sitemap_index.xml")

    assert index.kind == "index"
    assert [(s.url.removeprefix(WP), s.lastmod) for s in index.sitemaps] == [
        ("post-sitemap.xml", datetime(2023, 11, 30, 16, 20, 11, tzinfo=UTC)),
        ("post-sitemap2.xml", datetime(2024, 3, 5, 9, 12, 40, tzinfo=UTC)),
        ("page-sitemap.xml", datetime(2024, 1, 15, 8, 3, 55, tzinfo=UTC)),
        ("category-sitemap.xml", datetime(2024, 3, 5, 9, 12, 40, tzinfo=UTC)),
        ("author-sitemap.xml", datetime(2023, 6, 2, 12, 0, tzinfo=UTC)),
    ]
    assert index.problems == []


def test_entries_are_capped_at_the_protocol_limit() -> None:
    urls = "".join(f"<url><loc>{LEDGER}{i}</loc></url>" for i in range(MAX_SITEMAP_ENTRIES + 2))
    body = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'

    sitemap = parse_sitemap(gzip.compress(body.encode(), mtime=0), LEDGER + "big.xml.gz")

    assert len(sitemap.urls) == MAX_SITEMAP_ENTRIES
    assert sitemap.urls[-1].url == f"{LEDGER}{MAX_SITEMAP_ENTRIES - 1}"
    assert sitemap.problems == ["over 50000 entries (the protocol's limit); read the first 50000"]


def test_sitemaps_from_robots() -> None:
    robots = data("robots.txt").decode()

    assert sitemaps_from_robots(robots, LEDGER + "robots.txt") == [
        LEDGER + "sitemap_index.xml",
        LEDGER + "news-sitemap.xml",  # the trailing comment is not part of the URL
        LEDGER + "sitemaps/video.xml",  # relative, any case, no space after the colon
        "https://cdn.daily-ledger.example/extra-sitemap.xml",
    ]


def test_sitemaps_from_robots_with_bom_and_nothing_else() -> None:
    assert sitemaps_from_robots("\ufeffSitemap: /s.xml\n", "http://a.example/robots.txt") == [
        "http://a.example/s.xml"
    ]
    assert sitemaps_from_robots("User-agent: *\nDisallow:\n", "http://a.example/robots.txt") == []
