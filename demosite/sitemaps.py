"""Yoast-style XML sitemaps of the demo site and a Google News sitemap.

``/sitemap_index.xml`` lists ``/post-sitemap.xml`` (``/post-sitemap2.xml`` ... past
:data:`PER_SITEMAP` posts), ``/page-sitemap.xml``, ``/category-sitemap.xml``,
``/post_tag-sitemap.xml`` and ``/author-sitemap.xml``, each with its lastmod; ``/news-sitemap.xml``
lists the stories of the last :data:`NEWS_WINDOW`. robots.txt names the index and the news
sitemap.
"""

from __future__ import annotations

import gzip
import math
import re
from datetime import timedelta
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from demosite.vocabulary import SITE_NAME

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import datetime

    from demosite.model import SiteModel

XML_TYPE = "application/xml"
PER_SITEMAP = 1000  # Yoast's entries per sitemap file
NEWS_WINDOW = timedelta(days=2)  # Google News sitemaps list the stories of the last two days
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
IMAGE_NS = "http://www.google.com/schemas/sitemap-image/1.1"

INDEX_PATH = "/sitemap_index.xml"
NEWS_PATH = "/news-sitemap.xml"
TAXONOMY_PATHS = ("/page-sitemap.xml", "/category-sitemap.xml", "/post_tag-sitemap.xml")
AUTHOR_PATH = "/author-sitemap.xml"
_POST = re.compile(r"^/post-sitemap([2-9]|[1-9][0-9]+)?\.xml$")


def post_sitemap_path(number: int) -> str:
    return "/post-sitemap.xml" if number == 1 else f"/post-sitemap{number}.xml"


def post_sitemaps(site: SiteModel) -> int:
    """How many post sitemaps the site has (at least one)."""
    return max(1, math.ceil(len(site.articles) / PER_SITEMAP))


def post_sitemap_number(site: SiteModel, path: str) -> int | None:
    """The number of the post sitemap at *path*, or None when there is none."""
    match = _POST.match(path)
    if match is None:
        return None
    number = int(match.group(1) or 1)
    return number if number <= post_sitemaps(site) else None


def paths(site: SiteModel) -> list[str]:
    """Every sitemap the site serves (the gzipped post sitemap aside)."""
    posts = [post_sitemap_path(n) for n in range(1, post_sitemaps(site) + 1)]
    return [INDEX_PATH, *posts, *TAXONOMY_PATHS, AUTHOR_PATH, NEWS_PATH]


def _w3c(moment: datetime) -> str:
    return moment.isoformat()


def _urlset(entries: Iterable[str], *, images: bool = False, news: bool = False) -> str:
    namespaces = f'xmlns="{SITEMAP_NS}"'
    if images:
        namespaces += f' xmlns:image="{IMAGE_NS}"'
    if news:
        namespaces += f' xmlns:news="{NEWS_NS}"'
    body = "".join(entries)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {namespaces}>\n{body}</urlset>\n'


def _url(loc: str, lastmod: datetime | None, extra: str = "") -> str:
    mod = f"<lastmod>{_w3c(lastmod)}</lastmod>" if lastmod is not None else ""
    return f"<url><loc>{escape(loc)}</loc>{mod}{extra}</url>\n"


def _posts(site: SiteModel, number: int) -> list[int]:
    return list(range(len(site.articles)))[(number - 1) * PER_SITEMAP : number * PER_SITEMAP]


def _latest(site: SiteModel, indexes: Iterable[int]) -> datetime:
    return max((site.articles[i].modified for i in indexes), default=site.now)


def post_sitemap(site: SiteModel, base: str, number: int) -> str:
    """Post sitemap *number*: every article's canonical URL, oldest first, lastmod its
    dateModified, with its featured image."""
    entries = []
    for i in _posts(site, number):
        a = site.articles[i]
        image = f"<image:image><image:loc>{escape(base + a.image_path)}</image:loc></image:image>"
        entries.append(_url(base + a.path, a.modified, image))
    return _urlset(entries, images=True)


def post_sitemap_gz(site: SiteModel, base: str) -> bytes:
    """``/post-sitemap.xml.gz``: the first post sitemap gzipped (no timestamp, so stable)."""
    return gzip.compress(post_sitemap(site, base, 1).encode(), mtime=0)


def _taxonomies(site: SiteModel) -> dict[str, list[tuple[str, list[int]]]]:
    """Each taxonomy sitemap's pages: their paths and articles (empty archives left out)."""
    return {
        "/page-sitemap.xml": [],
        "/category-sitemap.xml": [
            (s.path, site.by_section[s.slug]) for s in site.sections if site.by_section[s.slug]
        ],
        "/post_tag-sitemap.xml": [(t.path, site.by_tag[t.slug]) for t in site.tags],
        AUTHOR_PATH: [(a.path, site.by_author[a.slug]) for a in site.authors],
    }


def taxonomy_sitemap(site: SiteModel, base: str, path: str, static_pages: Iterable[str]) -> str:
    """The page, category, tag or author sitemap at *path*."""
    if path == "/page-sitemap.xml":
        entries = [_url(base + "/", site.now)]
        entries += [_url(base + p, site.now) for p in static_pages]
    else:
        entries = [_url(base + p, _latest(site, ix)) for p, ix in _taxonomies(site)[path]]
    return _urlset(entries)


def index(site: SiteModel, base: str) -> str:
    """``/sitemap_index.xml``: every sitemap but the news one, with its lastmod."""
    refs = [
        (post_sitemap_path(n), _latest(site, _posts(site, n)))
        for n in range(1, post_sitemaps(site) + 1)
    ]
    for path, pages in _taxonomies(site).items():
        latest = (
            site.now
            if path == "/page-sitemap.xml"
            else _latest(site, (i for _, ix in pages for i in ix))
        )
        refs.append((path, latest))
    entries = "".join(
        f"<sitemap><loc>{escape(base + p)}</loc><lastmod>{_w3c(m)}</lastmod></sitemap>\n"
        for p, m in refs
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="{SITEMAP_NS}">\n{entries}</sitemapindex>\n'
    )


def news_articles(site: SiteModel) -> list[int]:
    """The articles of the news sitemap, newest first: those published in the
    :data:`NEWS_WINDOW` before the site date, or the newest one when none was."""
    recent = [i for i in site.newest if site.articles[i].published >= site.now - NEWS_WINDOW]
    return recent[:PER_SITEMAP] or site.newest[:1]


def news_sitemap(site: SiteModel, base: str) -> str:
    """``/news-sitemap.xml``: a Google News sitemap of :func:`news_articles`."""
    entries = []
    for i in news_articles(site):
        a = site.articles[i]
        news = (
            "<news:news><news:publication>"
            f"<news:name>{escape(SITE_NAME)}</news:name><news:language>en</news:language>"
            "</news:publication>"
            f"<news:publication_date>{_w3c(a.published)}</news:publication_date>"
            f"<news:title>{escape(a.title)}</news:title>"
            f"<news:keywords>{escape(', '.join(t.name for t in a.tags))}</news:keywords>"
            "</news:news>"
        )
        entries.append(_url(base + a.path, None, news))
    return _urlset(entries, news=True)
