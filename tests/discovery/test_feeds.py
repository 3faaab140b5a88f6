"""Feeds shaped like real ones read into exact entries, dates and provenance."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime

from newscrawl.discovery import DateSignal, parse_feed

from .helpers import data, tz

WP = "https://harbour-gazette.example/"


def test_wordpress_rss2() -> None:
    feed = parse_feed(data("wordpress_rss2.xml"), WP + "feed/")

    assert (feed.kind, feed.title, feed.link) == ("rss", "Harbour Gazette", WP[:-1])
    # The last item has only a guid with isPermaLink="false": nothing to follow.
    assert feed.problems == ["1 item(s) without a link skipped"]
    first, second, third = feed.entries
    assert first.url == WP + "2024/03/05/ferry-timetable-spring/"
    assert first.title == "Ferry timetable changes for the spring season"
    assert first.published_at == datetime(2024, 3, 5, 9, 12, 40, tzinfo=UTC)
    assert first.updated_at is None
    assert first.authors == ["Mara Quint"]
    assert first.tags == ["Transport", "Ferries"]
    assert first.summary == (
        "The operator will add two early sailings from April… The post Ferry timetable changes"
        " for the spring season appeared first on Harbour Gazette."
    )
    assert first.guid == WP + "?p=4211"
    assert first.signals() == [
        DateSignal(datetime(2024, 3, 5, 9, 12, 40, tzinfo=UTC), "feed:published")
    ]
    # A relative link resolves on the feed URL; every dc:creator counts.
    assert second.url == WP + "2024/03/04/sea-wall-repairs/"
    assert second.title == "Council approves sea wall repairs – work starts in June"
    assert second.authors == ["Tomas Reed", "Mara Quint"]
    assert second.summary == "Repairs to the eastern section will cost £2.1m."
    # No link: a guid that is a URL (isPermaLink defaults to true) is the address.
    assert third.url == WP + "2024/03/03/lifeboat-two-callouts/"
    assert third.authors == ["Newsdesk"]
    assert third.published_at == datetime(2024, 3, 3, 23, 5, tzinfo=UTC)


def test_blogger_atom_with_link_rels_and_xml_base() -> None:
    feed = parse_feed(data("blogger_atom.xml"), "https://valley-notes.example/feeds/posts/default")

    assert (feed.kind, feed.title, feed.link) == (
        "atom",
        "Valley Notes",
        "https://valley-notes.example/",
    )
    assert feed.problems == ["1 entry(ies) without an alternate link skipped"]
    bridge, hall = feed.entries
    # rel=alternate wins over replies, edit and self; href resolves on the feed's xml:base.
    assert bridge.url == "https://valley-notes.example/2024/03/bridge-road-closed.html"
    assert bridge.title == "Bridge road closed after river rises"
    assert bridge.published_at == datetime(2024, 3, 6, 10, 15, tzinfo=tz(1))
    assert bridge.updated_at == datetime(2024, 3, 6, 11, 20, 31, 114000, tzinfo=tz(1))
    assert bridge.authors == ["Ines Varga"]
    assert bridge.tags == ["floods", "roads"]
    assert bridge.summary == "The B4520 is shut between the mill and the old bridge."
    assert bridge.guid == "tag:blogger.com,1999:blog-7301122334455667788.post-1111222233334444555"
    assert [s.source for s in bridge.signals()] == ["feed:published", "feed:updated"]
    # A link without rel is the alternate; the entry's own xml:base applies; the feed's
    # author is inherited; type="html" titles are unescaped to text.
    assert hall.url == "https://valley-notes.example/2024/03/market-hall-library.html"
    assert hall.title == "Market hall & library to share a roof"
    assert hall.authors == ["Valley Notes desk"]
    assert hall.published_at == datetime(2024, 3, 5, 18, 40, tzinfo=UTC)
    assert hall.summary is None


def test_rss1_rdf() -> None:
    feed = parse_feed(data("rdf_rss1.xml"), "https://kreisbote.example/index.rdf")

    assert (feed.kind, feed.title, feed.link) == ("rdf", "Kreisbote", "https://kreisbote.example/")
    bus, rathaus = feed.entries
    assert bus.url == "https://kreisbote.example/lokales/2024/03/neue-buslinie.html"
    assert bus.title == "Neue Buslinie verbindet die Dörfer am Südhang"
    assert bus.published_at == datetime(2024, 3, 5, 7, 30, tzinfo=tz(1))
    assert bus.authors == ["Jana Körber"]
    assert bus.tags == ["Verkehr"]
    assert bus.summary == "Ab Montag fährt der Bus stündlich."
    # No <link>: the item's rdf:about is its address. A date alone is read as UTC, flagged.
    assert rathaus.url == "https://kreisbote.example/lokales/2024/03/rathaus-umbau.html"
    assert rathaus.signals() == [
        DateSignal(datetime(2024, 3, 4, tzinfo=UTC), "feed:published", zone_assumed=True)
    ]
    assert feed.problems == ["1 date(s) gave no known time zone; read as UTC"]


def test_json_feed() -> None:
    feed = parse_feed(data("feed.json"), "https://fieldnotes.example/feed.json")

    assert (feed.kind, feed.title, feed.link) == (
        "json",
        "Field Notes",
        "https://fieldnotes.example/",
    )
    orchard, external = feed.entries
    assert orchard.url == "https://fieldnotes.example/2024/03/05/orchard-frost/"
    assert orchard.published_at == datetime(2024, 3, 5, 6, 0, tzinfo=tz(-5))
    assert orchard.updated_at == datetime(2024, 3, 5, 9, 30, tzinfo=tz(-5))
    assert orchard.authors == ["Ruth Obi"]
    assert orchard.tags == ["farming", "weather"]
    assert orchard.summary == "Growers lit braziers overnight."
    assert external.url == "https://elsewhere.example/story"
    assert external.guid == "42"
    assert external.authors == ["Field Notes staff"]
    assert external.signals() == [
        DateSignal(datetime(2024, 3, 4, 12, 0, tzinfo=UTC), "feed:published", zone_assumed=True)
    ]
    assert feed.problems == [
        "1 item(s) without a link skipped",
        "1 date(s) gave no known time zone; read as UTC",
    ]


def test_feedburner_orig_link_beats_the_tracking_link() -> None:
    body = b"""<rss version="2.0" xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0">
    <channel><title>T</title><item><title>A</title>
    <link>https://feedproxy.google.com/~r/example/~3/abc/</link>
    <feedburner:origLink>https://news.example/2024/03/a/</feedburner:origLink>
    </item></channel></rss>"""

    feed = parse_feed(body, "https://feeds.feedburner.com/example")

    assert [e.url for e in feed.entries] == ["https://news.example/2024/03/a/"]
    assert feed.problems == []


def test_gzipped_json_feed() -> None:
    feed = parse_feed(gzip.compress(data("feed.json"), mtime=0), "https://fieldnotes.example/f")

    assert feed.kind == "json"
    assert len(feed.entries) == 2
