"""Reading RSS (0.9x, 2.0), RSS 1.0 (RDF), Atom 1.0 and JSON Feed 1.x into candidate story URLs.

Elements are matched by local name inside the parts of the document each format defines, so
feeds that get their namespaces slightly wrong (RSS with an Atom-namespaced link, Dublin Core
under a stale URI) still read.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any, TypeVar

from lxml import etree

from newscrawl.extraction.text import clean
from newscrawl.urls import absolute_url

from .dates import EntryDates
from .document import (
    gunzip,
    html_to_text,
    localname,
    namespace,
    read_xml,
    text_of,
)
from .model import FEED_PUBLISHED, FEED_UPDATED, Feed, FeedEntry

#: Entries read per feed; real feeds carry tens, so more is a broken or hostile document.
MAX_FEED_ENTRIES = 10_000

ATOM_NS = "http://www.w3.org/2005/Atom"
_ENTRIES = frozenset(("item", "entry"))
_JSON_FEED_VERSION = "https://jsonfeed.org/version/"
_T = TypeVar("_T")


def parse_feed(data: bytes, url: str) -> Feed:
    """The feed in ``data`` (fetched from ``url``); never raises.

    Bad input (not a feed, HTML, truncated, an entity bomb, empty) gives an empty or partial
    :class:`~newscrawl.discovery.model.Feed` whose ``problems`` say why.
    """
    feed = Feed(url=url)
    # Gzip first, so a gzipped JSON Feed is recognised as JSON.
    data = gunzip(data, feed.problems)
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        _read_json_feed(data, feed)
        return feed
    root = read_xml(data, url, feed.problems, _ENTRIES)
    if root is None:
        return feed
    dates = EntryDates()
    name = localname(root)
    if name == "rss":
        feed.kind = "rss"
        _read_rss(root, feed, dates)
    elif name == "RDF":
        feed.kind = "rdf"
        _read_rss(root, feed, dates)
    elif name == "feed":
        feed.kind = "atom"
        _read_atom(root, feed, dates)
    else:
        feed.problems.append(f"not a feed: the root element is <{name}>")
        return feed
    dates.report(feed.problems)
    return feed


def _children(element: etree._Element, *names: str) -> Iterator[etree._Element]:
    for child in element:
        if localname(child) in names:
            yield child


def _child(element: etree._Element, *names: str) -> etree._Element | None:
    """The first child named by the first name that has one (names in order of preference)."""
    for name in names:
        for child in _children(element, name):
            return child
    return None


def _child_text(element: etree._Element, *names: str) -> str | None:
    for name in names:
        for child in _children(element, name):
            text = text_of(child)
            if text:
                return text
    return None


def _dedupe(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _entry_dates(
    dates: EntryDates, published: Iterable[str], updated: Iterable[str]
) -> tuple[datetime | None, datetime | None, frozenset[str]]:
    """An entry's publication and update dates, and which of the two had their zone assumed."""
    published_at, published_assumed = dates.read(published)
    updated_at, updated_assumed = dates.read(updated)
    assumed = {FEED_PUBLISHED: published_assumed, FEED_UPDATED: updated_assumed}
    return published_at, updated_at, frozenset(s for s, a in assumed.items() if a)


def _limit(items: list[_T], problems: list[str]) -> list[_T]:
    if len(items) > MAX_FEED_ENTRIES:
        problems.append(f"over {MAX_FEED_ENTRIES} entries; read the first {MAX_FEED_ENTRIES}")
        return items[:MAX_FEED_ENTRIES]
    return items


# RSS 2.0 and RSS 1.0 ------------------------------------------------------------------------


def _read_rss(root: etree._Element, feed: Feed, dates: EntryDates) -> None:
    channel = _child(root, "channel")
    if channel is not None:
        feed.title = _child_text(channel, "title") or None
        link = _child_text(channel, "link")
        feed.link = absolute_url(link or "", channel.base or feed.url)
    # RSS 1.0 puts items beside the channel; some broken RSS 2.0 feeds do too.
    items = list(_children(root, "item"))
    if channel is not None:
        items += _children(channel, "item")
    if not items and channel is None:
        feed.problems.append("no channel and no items")
    skipped = 0
    for item in _limit(items, feed.problems):
        entry = _rss_entry(item, feed.url, dates)
        if entry is None:
            skipped += 1
        else:
            feed.entries.append(entry)
    if skipped:
        feed.problems.append(f"{skipped} item(s) without a link skipped")


def _rss_link(item: etree._Element, base: str) -> str | None:
    # FeedBurner rewrites <link> to its click-tracking redirect and keeps the real one here.
    for name in ("origLink", "link"):
        for child in _children(item, name):
            href = child.get("href") if namespace(child) == ATOM_NS else text_of(child)
            if namespace(child) == ATOM_NS and child.get("rel", "alternate") != "alternate":
                continue
            url = absolute_url(href or "", child.base or base)
            if url:
                return url
    guid = _child(item, "guid")
    if guid is not None and guid.get("isPermaLink", "true").strip().lower() == "true":
        # isPermaLink defaults to true, yet many feeds omit it on ids that are no URL at all,
        # so without an explicit "true" only an absolute URL is taken.
        text = text_of(guid)
        explicit = guid.get("isPermaLink") is not None
        if explicit or text.startswith(("http://", "https://")):
            return absolute_url(text, guid.base or base)
    about = item.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about")
    return absolute_url(about or "", item.base or base)


def _rss_author(text: str) -> str:
    # RSS 2.0 <author> is an e-mail address, by convention "jane@example.com (Jane Doe)".
    if text.endswith(")") and "(" in text:
        return text[text.index("(") + 1 : -1].strip()
    return text


def _rss_entry(item: etree._Element, base: str, dates: EntryDates) -> FeedEntry | None:
    url = _rss_link(item, item.base or base)
    if url is None:
        return None
    published, updated, assumed = _entry_dates(
        dates,
        (text_of(e) for e in _children(item, "pubDate", "date", "issued", "published")),
        (text_of(e) for e in _children(item, "updated", "modified")),
    )
    authors = [text_of(e) for e in _children(item, "creator")]
    authors += [_rss_author(text_of(e)) for e in _children(item, "author") if not len(e)]
    authors += [text_of(_child(e, "name")) for e in _children(item, "author") if len(e)]
    tags = [text_of(e) for e in _children(item, "category", "subject")]
    description = _child_text(item, "description", "summary")
    return FeedEntry(
        url=url,
        title=html_to_text(_child_text(item, "title") or "") or None,
        published_at=published,
        updated_at=updated,
        authors=_dedupe(authors),
        tags=_dedupe(tags),
        summary=html_to_text(description) or None if description else None,
        guid=_child_text(item, "guid", "identifier"),
        zone_assumed=assumed,
    )


# Atom -----------------------------------------------------------------------------------------


def _atom_text(element: etree._Element | None) -> str:
    """An Atom text construct as plain text, whatever its ``type``."""
    if element is None:
        return ""
    kind = element.get("type", "text")
    if kind == "html":
        return html_to_text(text_of(element))
    return text_of(element)


def _atom_link(entry: etree._Element, base: str) -> str | None:
    origin = _child_text(entry, "origLink")
    if origin:
        url = absolute_url(origin, entry.base or base)
        if url:
            return url
    best: tuple[int, str] | None = None
    for link in _children(entry, "link"):
        if link.get("rel", "alternate").strip().lower() != "alternate":
            continue  # replies, self, edit, enclosure: none is the story
        url = absolute_url(link.get("href", ""), link.base or base)
        if url is None:
            continue
        # An HTML alternate (or one of unstated type) is the story page; others may be an
        # AMP or JSON rendering.
        kind = link.get("type", "text/html").lower()
        rank = 0 if kind in ("text/html", "application/xhtml+xml") else 1
        if best is None or rank < best[0]:
            best = (rank, url)
    return best[1] if best else None


def _atom_authors(element: etree._Element) -> list[str]:
    return [text_of(_child(a, "name")) for a in _children(element, "author")]


def _read_atom(root: etree._Element, feed: Feed, dates: EntryDates) -> None:
    feed.title = _atom_text(_child(root, "title")) or None
    feed.link = _atom_link(root, feed.url)
    # Atom entries without an author inherit the feed's (RFC 4287, 4.2.1).
    feed_authors = _dedupe(_atom_authors(root))
    skipped = 0
    for entry in _limit(list(_children(root, "entry")), feed.problems):
        url = _atom_link(entry, feed.url)
        if url is None:
            skipped += 1
            continue
        published, updated, assumed = _entry_dates(
            dates,
            (text_of(e) for e in _children(entry, "published", "issued", "created")),
            (text_of(e) for e in _children(entry, "updated", "modified")),
        )
        tags = [c.get("term") or c.get("label") or "" for c in _children(entry, "category")]
        feed.entries.append(
            FeedEntry(
                url=url,
                title=_atom_text(_child(entry, "title")) or None,
                published_at=published,
                updated_at=updated,
                authors=_dedupe(_atom_authors(entry)) or list(feed_authors),
                tags=_dedupe(t.strip() for t in tags),
                summary=_atom_text(_child(entry, "summary")) or None,
                guid=_child_text(entry, "id"),
                zone_assumed=assumed,
            )
        )
    if skipped:
        feed.problems.append(f"{skipped} entry(ies) without an alternate link skipped")


# JSON Feed ------------------------------------------------------------------------------------


def _read_json_feed(data: bytes, feed: Feed) -> None:
    try:
        document = json.loads(data.decode("utf-8-sig", errors="replace"))
    except ValueError as error:
        feed.problems.append(f"not JSON ({error})")
        return
    if not isinstance(document, dict) or not str(document.get("version", "")).startswith(
        _JSON_FEED_VERSION
    ):
        feed.problems.append("not a JSON Feed: no jsonfeed.org version")
        return
    feed.kind = "json"
    feed.title = _json_str(document.get("title"))
    link = _json_str(document.get("home_page_url"))
    feed.link = absolute_url(link or "", feed.url)
    feed_authors = _json_authors(document)
    items = document.get("items")
    if not isinstance(items, list):
        feed.problems.append("no items list")
        return
    dates = EntryDates()
    skipped = 0
    for item in _limit(items, feed.problems):
        if not isinstance(item, dict):
            skipped += 1
            continue
        href = _json_str(item.get("url")) or _json_str(item.get("external_url"))
        url = absolute_url(href or "", feed.url)
        if url is None:
            skipped += 1
            continue
        published, updated, assumed = _entry_dates(
            dates,
            [_json_str(item.get("date_published")) or ""],
            [_json_str(item.get("date_modified")) or ""],
        )
        tags = item.get("tags")
        feed.entries.append(
            FeedEntry(
                url=url,
                title=_json_str(item.get("title")),
                published_at=published,
                updated_at=updated,
                authors=_json_authors(item) or list(feed_authors),
                tags=_dedupe(t.strip() for t in tags if isinstance(t, str))
                if isinstance(tags, list)
                else [],
                summary=clean(_json_str(item.get("summary"))) or None,
                guid=_json_str(item.get("id")),
                zone_assumed=assumed,
            )
        )
    if skipped:
        feed.problems.append(f"{skipped} item(s) without a link skipped")
    dates.report(feed.problems)


def _json_str(value: Any) -> str | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)  # JSON Feed ids are strings, but numbers turn up
    return value.strip() or None if isinstance(value, str) else None


def _json_authors(document: dict[str, Any]) -> list[str]:
    # Version 1.1 has "authors"; 1.0 had a single "author".
    found = document.get("authors")
    people = found if isinstance(found, list) else [document.get("author")]
    names = [_json_str(p.get("name")) for p in people if isinstance(p, dict)]
    return _dedupe(n for n in names if n)
