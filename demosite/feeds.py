"""WordPress-style feeds of the demo site: RSS 2.0 at ``/feed/``, Atom 1.0 at ``/feed/atom/``,
and the same per category at ``/category/<slug>/feed/`` (and ``.../feed/atom/``).

Feeds carry the :data:`FEED_SIZE` newest articles, newest first, as WordPress does by default.
"""

from __future__ import annotations

from datetime import UTC
from email.utils import format_datetime
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from demosite.vocabulary import SITE_NAME

if TYPE_CHECKING:
    from datetime import datetime

    from demosite.model import Article, SiteModel

FEED_SIZE = 20
RSS_TYPE = "application/rss+xml; charset=UTF-8"
ATOM_TYPE = "application/atom+xml; charset=UTF-8"
GENERATOR = "https://wordpress.org/?v=6.0"


def rfc822(moment: datetime) -> str:
    """``Thu, 26 May 2022 09:30:00 +0000``: RSS dates, in UTC as WordPress writes them."""
    return format_datetime(moment.astimezone(UTC))


def rfc3339(moment: datetime) -> str:
    """``2022-05-26T09:30:00Z``: Atom dates, in UTC as WordPress writes them."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _cdata(value: str) -> str:
    return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _attr(value: str) -> str:
    return escape(value, {'"': "&quot;"})


def guid(base: str, article: Article) -> str:
    """WordPress's post GUID: the post's first, query-string address; no permalink."""
    return f"{base}/?p={article.post_id}"


def summary(article: Article, words: int = 55) -> str:
    """The feed excerpt: the first *words* words of the story, WordPress's ``[…]`` after."""
    split = article.body.split()
    return " ".join(split[:words]) + (" […]" if len(split) > words else "")


def _updated(site: SiteModel, indexes: list[int]) -> datetime:
    """When the feed last changed: the latest modification of its articles."""
    if not indexes:
        return site.now
    return max(site.articles[i].modified for i in indexes)


def rss(
    site: SiteModel, base: str, indexes: list[int], self_path: str, title: str, link_path: str
) -> str:
    """An RSS 2.0 feed of the first :data:`FEED_SIZE` of *indexes* (newest first)."""
    chosen = indexes[:FEED_SIZE]
    items = []
    for i in chosen:
        a = site.articles[i]
        url = base + a.path
        creators = "".join(f"<dc:creator>{_cdata(x.name)}</dc:creator>" for x in a.authors)
        categories = "".join(
            f"<category>{_cdata(name)}</category>"
            for name in (a.section.name, *(t.name for t in a.tags))
        )
        items.append(
            "<item>\n"
            f"<title>{escape(a.title)}</title>\n"
            f"<link>{escape(url)}</link>\n"
            f"{creators}\n"
            f"<pubDate>{rfc822(a.published)}</pubDate>\n"
            f"{categories}\n"
            f'<guid isPermaLink="false">{escape(guid(base, a))}</guid>\n'
            f"<description>{_cdata(summary(a))}</description>\n"
            "</item>\n"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" '
        'xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">\n'
        "<channel>\n"
        f"<title>{escape(title)}</title>\n"
        f'<atom:link href="{escape(base + self_path)}" rel="self" type="application/rss+xml"/>\n'
        f"<link>{escape(base + link_path)}</link>\n"
        "<description>News, sport and opinion from the Demo Daily</description>\n"
        f"<lastBuildDate>{rfc822(_updated(site, chosen))}</lastBuildDate>\n"
        "<language>en</language>\n"
        "<sy:updatePeriod>hourly</sy:updatePeriod>\n"
        "<sy:updateFrequency>1</sy:updateFrequency>\n"
        f"<generator>{GENERATOR}</generator>\n"
        f"{''.join(items)}"
        "</channel>\n"
        "</rss>\n"
    )


def atom(
    site: SiteModel, base: str, indexes: list[int], self_path: str, title: str, link_path: str
) -> str:
    """An Atom 1.0 feed of the first :data:`FEED_SIZE` of *indexes* (newest first)."""
    chosen = indexes[:FEED_SIZE]
    entries = []
    for i in chosen:
        a = site.articles[i]
        url = base + a.path
        authors = "".join(
            f"<author><name>{escape(x.name)}</name><uri>{escape(base + x.path)}</uri></author>"
            for x in a.authors
        )
        categories = "".join(
            f'<category scheme="{escape(base)}" term="{_attr(name)}"/>'
            for name in (a.section.name, *(t.name for t in a.tags))
        )
        entries.append(
            "<entry>\n"
            f"{authors}\n"
            f'<title type="html">{_cdata(a.title)}</title>\n'
            f'<link rel="alternate" type="text/html" href="{escape(url)}"/>\n'
            f"<id>{escape(guid(base, a))}</id>\n"
            f"<updated>{rfc3339(a.modified)}</updated>\n"
            f"<published>{rfc3339(a.published)}</published>\n"
            f"{categories}\n"
            f'<summary type="html">{_cdata(summary(a))}</summary>\n'
            "</entry>\n"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">\n'
        f'<title type="text">{escape(title)}</title>\n'
        '<subtitle type="text">News, sport and opinion from the Demo Daily</subtitle>\n'
        f"<updated>{rfc3339(_updated(site, chosen))}</updated>\n"
        f'<link rel="alternate" type="text/html" href="{escape(base + link_path)}"/>\n'
        f"<id>{escape(base + self_path)}</id>\n"
        f'<link rel="self" type="application/atom+xml" href="{escape(base + self_path)}"/>\n'
        f'<generator uri="https://wordpress.org/" version="6.0">WordPress</generator>\n'
        f"{''.join(entries)}"
        "</feed>\n"
    )


def site_title(section_name: str | None = None) -> str:
    """The feed's title: ``Demo Daily`` or ``News Archives - Demo Daily`` for a category."""
    return SITE_NAME if section_name is None else f"{section_name} Archives - {SITE_NAME}"
