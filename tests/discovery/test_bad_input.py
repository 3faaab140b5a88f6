"""Bad input never raises: an empty or partial result, and the reason in ``problems``."""

from __future__ import annotations

import gzip
import time

import pytest

from newscrawl.discovery import document as document_module
from newscrawl.discovery import parse_feed, parse_sitemap

from .helpers import data

URL = "https://harbour-gazette.example/feed/"


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("empty.xml", "empty document"),
        ("html_as_feed.xml", "an HTML page, not XML"),
        ("not_xml.txt", "not XML (Start tag expected, '<' not found, line 1, column 1 (, line 1))"),
    ],
)
def test_no_feed_at_all(name: str, problem: str) -> None:
    feed = parse_feed(data(name), URL)
    sitemap = parse_sitemap(data(name), URL)

    assert (feed.kind, feed.entries, feed.problems) == ("unknown", [], [problem])
    assert (sitemap.kind, sitemap.urls, sitemap.problems) == ("unknown", [], [problem])


def test_a_feed_is_not_a_sitemap_and_the_other_way_round() -> None:
    assert parse_sitemap(data("wordpress_rss2.xml"), URL).problems == [
        "not a sitemap: the root element is <rss>"
    ]
    assert parse_feed(data("news_sitemap.xml"), URL).problems == [
        "not a feed: the root element is <urlset>"
    ]
    assert parse_feed(b'{"items": []}', URL).problems == [
        "not a JSON Feed: no jsonfeed.org version"
    ]
    assert parse_feed(b'{"items": [', URL).problems[0].startswith("not JSON (")


def test_truncated_feed_keeps_the_complete_items_only() -> None:
    feed = parse_feed(data("truncated_feed.xml"), URL)

    assert feed.kind == "rss"
    assert feed.title == "Harbour Gazette"
    # The second item was cut inside a dc:creator: it is dropped, not read half-way.
    assert [e.url for e in feed.entries] == [
        "https://harbour-gazette.example/2024/03/05/ferry-timetable-spring/"
    ]
    assert feed.entries[0].tags == ["Transport", "Ferries"]
    assert feed.problems == [
        "malformed XML (Couldn't find end of Start Tag creator line 45, line 45, column 14"
        " (, line 45)); read the entries before the error"
    ]


def test_truncated_gzip_sitemap_drops_the_cut_url() -> None:
    sitemap = parse_sitemap(data("truncated.xml.gz"), "https://daily-ledger.example/s.xml.gz")

    assert [u.url for u in sitemap.urls] == ["https://daily-ledger.example/2024/02/28/budget-vote/"]
    assert sitemap.problems[0] == "gzip: truncated stream; read what came before"
    assert sitemap.problems[1].endswith("read the entries before the error")


def test_billion_laughs_is_never_expanded() -> None:
    started = time.perf_counter()
    feed = parse_feed(data("billion_laughs.xml"), URL)

    assert time.perf_counter() - started < 1
    assert feed.kind == "rss"
    assert feed.title == "Laughs"
    (entry,) = feed.entries
    # Neither the laughs nor the external file entity made it into the text.
    assert (entry.url, entry.title, entry.summary) == ("https://bomb.example/1", "Item", None)
    assert feed.problems == [
        "entity declarations removed; their references dropped",
        "undefined entities dropped (Entity 'lol9' not defined, line 3, column 49 (, line 3))",
    ]


def test_declared_utf8_but_windows_1252_bytes() -> None:
    feed = parse_feed(data("wrong_encoding_cp1252.xml"), URL)

    assert feed.entries[0].title == "Café “Zur Post” öffnet wieder"
    assert feed.entries[0].summary == "Ein Grüßwort – vom Wirt"
    assert feed.problems == ["encoding: the bytes are not UTF-8; read as windows-1252"]


def test_declared_latin1_but_utf8_bytes() -> None:
    feed = parse_feed(data("wrong_encoding_latin1.xml"), URL)

    assert feed.title == "Café “Zur Post” öffnet wieder"
    assert feed.problems == [
        "encoding: declared ISO-8859-1, but the bytes are UTF-8; read as UTF-8"
    ]


def test_a_true_latin1_feed_and_a_bom() -> None:
    latin1 = parse_feed(data("latin1_feed.xml"), URL)
    bom = parse_feed(data("bom_feed.xml"), URL)

    assert (latin1.title, latin1.problems) == ("Café Zur Post öffnet wieder", [])
    assert (bom.title, bom.entries[0].summary, bom.problems) == ("Café mit BOM", "Grüße", [])


def test_html_named_entities_in_a_feed() -> None:
    feed = parse_feed(data("html_entities_feed.xml"), URL)

    assert feed.title == "Café news & views"
    assert feed.entries[0].summary == "Tom’s café"
    assert feed.problems == ["HTML named entities read as characters"]


def test_gzip_bomb_stops_at_the_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(document_module, "MAX_DOCUMENT_BYTES", 1000)
    body = b"<urlset>" + b"<url><loc>https://a.example/x</loc></url>" * 1000 + b"</urlset>"

    sitemap = parse_sitemap(gzip.compress(body, mtime=0), "https://a.example/s.xml.gz")

    assert sitemap.problems[0] == "gzip: over 1000 bytes uncompressed; read the start"
    assert len(sitemap.urls) == 24  # 8 + 24 * 41 = 992 bytes; the 25th <url> is cut
    assert sitemap.problems[1].endswith("read the entries before the error")


def test_corrupt_gzip() -> None:
    valid = gzip.compress(b"<urlset></urlset>" * 50, mtime=0)
    sitemap = parse_sitemap(valid[:10] + b"\xff" * 30 + valid[40:], "https://a.example/s.gz")
    cut = parse_sitemap(b"\x1f\x8b\x08\x00garbage", "https://a.example/s.xml.gz")

    assert sitemap.kind == "unknown"
    assert sitemap.problems == [
        "gzip: corrupt data (Error -3 while decompressing data: invalid block type);"
        " read what came before",
        "empty document",
    ]
    assert cut.problems == ["gzip: truncated stream; read what came before", "empty document"]
