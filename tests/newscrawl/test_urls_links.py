from __future__ import annotations

import pytest

from newscrawl.links import is_same_site, page_links, site_host
from newscrawl.urls import absolute_url, canonical_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://Example.COM/a/?utm_source=x&id=2&fbclid=abc#top", "https://example.com/a/?id=2"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://127.0.0.1:8765/2022/05/26/x/", "http://127.0.0.1:8765/2022/05/26/x/"),
        ("https://example.com/a?b=2&a=1&gclid=z&mc_cid=1", "https://example.com/a?a=1&b=2"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com/caf%C3%A9?q=a%20b", "https://example.com/caf%C3%A9?q=a+b"),
    ],
)
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


def test_canonical_url_keeps_case_of_the_path() -> None:
    # Paths are case-sensitive on most servers; only the host is not.
    assert canonical_url("https://EXAMPLE.com/News/Story") == "https://example.com/News/Story"


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        (" story/ ", "https://example.com/news/story/"),
        ("//cdn.example.com/a.jpg", "https://cdn.example.com/a.jpg"),
        ("HTTP://Example.com/a", "HTTP://Example.com/a"),  # canonical_url lower-cases it
        ("", None),
        ("   ", None),
        ("mailto:desk@example.com", None),
        ("javascript:void(0)", None),
        ("http:no-host", None),
        ("http://[::1/", None),  # a malformed IPv6 host
    ],
)
def test_absolute_url(href: str, expected: str | None) -> None:
    assert absolute_url(href, "https://example.com/news/") == expected


def test_site_host_and_subdomains() -> None:
    host = site_host("https://www.Example.com:8443/news/")
    assert host == "example.com"
    assert is_same_site("https://example.com/x", host)
    assert is_same_site("https://news.example.com/x", host)
    assert not is_same_site("https://notexample.com/x", host)
    assert not is_same_site("https://example.com.evil.org/x", host)


def test_page_links_keeps_only_pages_of_the_site() -> None:
    hrefs = [
        "/tag/politics/",
        "/tag/politics/#comments",  # same page as above
        "https://other.org/story/",
        "mailto:desk@example.com",
        "javascript:void(0)",
        "#top",
        "/wp-content/uploads/photo.jpg",
        "/files/report.pdf",
        "/feed/",
        "/?s=election",
        "/2024/01/02/story/?replytocom=5",
        "/wp-login.php",
        "2024/01/03/relative/",
        " /category/world/page/2/ ",
        "http://[::1/broken",
    ]
    links = list(page_links(hrefs, "https://www.example.com/news/", "example.com"))
    assert links == [
        "https://www.example.com/tag/politics/",
        "https://www.example.com/news/2024/01/03/relative/",
        "https://www.example.com/category/world/page/2/",
    ]
