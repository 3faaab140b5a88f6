"""Feed autodiscovery links and the documented fallback paths."""

from __future__ import annotations

import lxml.html

from newscrawl.discovery import COMMON_FEED_PATHS, COMMON_SITEMAP_PATHS, common_urls, feed_links

from .helpers import data


def test_feed_links_from_a_wordpress_article_page() -> None:
    tree = lxml.html.fromstring(data("page_with_feeds.html"))

    # Comment feeds, JSON/oEmbed alternates, hreflang alternates, javascript: and <a> links
    # are left out; rel tokens and types are matched case-insensitively; relative hrefs
    # resolve on <base href>; the repeated /feed/ appears once.
    assert feed_links(tree, "https://harbour-gazette.example/2024/03/05/ferry/") == [
        "https://harbour-gazette.example/feed/",
        "https://harbour-gazette.example/news/atom.xml",
        "https://harbour-gazette.example/feed.json",
    ]


def test_feed_links_without_base_resolve_on_the_page_url() -> None:
    tree = lxml.html.fromstring(
        '<html><head><link rel="alternate" type="application/atom+xml" href="atom.xml">'
        "</head><body></body></html>"
    )

    assert feed_links(tree.getroottree(), "https://blog.example/posts/") == [
        "https://blog.example/posts/atom.xml"
    ]
    assert feed_links(None, "https://blog.example/") == []


def test_common_paths_on_the_site_root() -> None:
    # WordPress's path first: most news sites that declare no feed run WordPress.
    assert COMMON_FEED_PATHS[0] == "/feed/"
    assert {"/index.xml", "/feeds/posts/default"} <= set(COMMON_FEED_PATHS)  # Hugo, Blogger
    assert common_urls("https://news.example:8080/a/b?c=1", COMMON_SITEMAP_PATHS) == [
        "https://news.example:8080/sitemap.xml",
        "https://news.example:8080/sitemap_index.xml",
        "https://news.example:8080/news-sitemap.xml",
        "https://news.example:8080/sitemap-news.xml",
    ]
