"""Reading sitemaps (``<urlset>``, ``<sitemapindex>``) with the Google News extension, and the
``Sitemap:`` lines of robots.txt.

Scrapy's own sitemap reader keeps only ``loc`` and ``lastmod``-like plain children and drops
the ``news:`` fields, which carry the publication date and headline we want before fetching.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from lxml import etree

from newscrawl.urls import absolute_url

from .dates import EntryDates
from .document import localname, namespace, read_xml, text_of
from .model import (
    SITEMAP_LASTMOD,
    SITEMAP_NEWS_PUBLICATION_DATE,
    Sitemap,
    SitemapRef,
    SitemapURL,
)

#: Entries read per document: the sitemap protocol's limit of 50,000 URLs per sitemap (and
#: child sitemaps per index). Past it the rest is skipped and ``problems`` says so.
MAX_SITEMAP_ENTRIES = 50_000

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
_ENTRIES = frozenset(("url", "sitemap"))
# Extensions whose elements sit inside <url> and must not be taken for its own loc/lastmod.
_EXTENSION_NS = frozenset(
    (
        NEWS_NS,
        "http://www.google.com/schemas/sitemap-image/1.1",
        "http://www.google.com/schemas/sitemap-video/1.1",
        "http://www.w3.org/1999/xhtml",
    )
)


class _Reader:
    def __init__(self, sitemap: Sitemap) -> None:
        self.sitemap = sitemap
        self.dates = EntryDates()
        self.skipped = 0

    def date(self, text: str) -> tuple[datetime | None, bool]:
        return self.dates.read([text])

    def report(self) -> None:
        if self.skipped:
            self.sitemap.problems.append(
                f"{self.skipped} entry(ies) without an http(s) loc skipped"
            )
        self.dates.report(self.sitemap.problems)


def parse_sitemap(data: bytes, url: str) -> Sitemap:
    """The sitemap or sitemap index in ``data`` (fetched from ``url``, gzipped or not); never
    raises. Bad input gives an empty or partial :class:`~newscrawl.discovery.model.Sitemap`
    whose ``problems`` say why."""
    sitemap = Sitemap(url=url)
    root = read_xml(data, url, sitemap.problems, _ENTRIES)
    if root is None:
        return sitemap
    name = localname(root)
    reader = _Reader(sitemap)
    if name == "urlset":
        sitemap.kind = "urlset"
        for element in _entries(root, "url", sitemap.problems):
            entry = _url(element, url, reader)
            if entry is not None:
                sitemap.urls.append(entry)
    elif name == "sitemapindex":
        sitemap.kind = "index"
        for element in _entries(root, "sitemap", sitemap.problems):
            loc = absolute_url(_own_text(element, "loc"), element.base or url)
            if loc is None:
                reader.skipped += 1
                continue
            lastmod, _ = reader.date(_own_text(element, "lastmod"))
            sitemap.sitemaps.append(SitemapRef(loc, lastmod))
    else:
        sitemap.problems.append(f"not a sitemap: the root element is <{name}>")
        return sitemap
    reader.report()
    return sitemap


def _entries(root: etree._Element, name: str, problems: list[str]) -> Iterator[etree._Element]:
    count = 0
    for child in root:
        if localname(child) != name:
            continue
        if count == MAX_SITEMAP_ENTRIES:
            problems.append(
                f"over {MAX_SITEMAP_ENTRIES} entries (the protocol's limit);"
                f" read the first {MAX_SITEMAP_ENTRIES}"
            )
            return
        count += 1
        yield child


def _own_text(element: etree._Element, name: str) -> str:
    """The text of ``element``'s child ``name`` from the sitemap itself, not an extension."""
    for child in element:
        if localname(child) == name and namespace(child) not in _EXTENSION_NS:
            return text_of(child)
    return ""


def _news(element: etree._Element) -> etree._Element | None:
    for child in element:
        # Also a news:news whose prefix was never declared (recovered as a plain "news:news").
        if localname(child) == "news" and namespace(child) in (NEWS_NS, ""):
            return child
    return None


def _url(element: etree._Element, base: str, reader: _Reader) -> SitemapURL | None:
    loc = absolute_url(_own_text(element, "loc"), element.base or base)
    if loc is None:
        reader.skipped += 1
        return None
    entry = SitemapURL(loc)
    assumed = set()
    entry.lastmod, lastmod_assumed = reader.date(_own_text(element, "lastmod"))
    if lastmod_assumed:
        assumed.add(SITEMAP_LASTMOD)
    news = _news(element)
    if news is not None:
        fields = {localname(c): c for c in news.iter() if isinstance(c.tag, str)}
        date, date_assumed = reader.date(text_of(fields.get("publication_date")))
        entry.news_publication_date = date
        if date_assumed:
            assumed.add(SITEMAP_NEWS_PUBLICATION_DATE)
        entry.news_title = text_of(fields.get("title")) or None
        entry.news_publication_name = text_of(fields.get("name")) or None
        entry.news_language = text_of(fields.get("language")) or None
        keywords = text_of(fields.get("keywords"))
        entry.news_keywords = list(
            dict.fromkeys(k.strip() for k in keywords.split(",") if k.strip())
        )
    entry.zone_assumed = frozenset(assumed)
    return entry


def sitemaps_from_robots(robots_txt: str, base_url: str) -> list[str]:
    """The sitemap URLs a robots.txt names, resolved on ``base_url`` (the robots.txt URL),
    in order and without repeats. The field name is matched case-insensitively, and the
    ``site-map`` spelling Google's parser also accepts is read too."""
    found: dict[str, None] = {}
    for line in robots_txt.removeprefix("\ufeff").splitlines():
        field, colon, value = line.partition(":")
        if not colon or field.strip().lower() not in ("sitemap", "site-map"):
            continue
        # A comment may follow the value; a sitemap URL has no use for a fragment anyway.
        url = absolute_url(value.split("#", 1)[0], base_url)
        if url is not None:
            found.setdefault(url)
    return list(found)
