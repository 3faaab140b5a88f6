"""The demo site as an application: paths in, responses out, plus the ground truth.

No sockets here; :mod:`demosite.server` puts this on HTTP.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC
from email.utils import format_datetime
from typing import TYPE_CHECKING, Any

from demosite import edits as editing
from demosite import feeds, pages, sitemaps, variants
from demosite.vocabulary import SITE_NAME

if TYPE_CHECKING:
    from datetime import datetime

DEFAULT_BASE_URL = "http://127.0.0.1:8000/"

Response = tuple[int, dict[str, str], bytes]

HTML = "text/html; charset=UTF-8"
_VIEW = re.compile(r"^(/.+/)(amp|print)/$")
_LISTING = re.compile(r"^/(category|tag|author)/([a-z0-9-]+)/(?:page/([1-9][0-9]*)/)?$")
_CATEGORY_FEED = re.compile(r"^/category/([a-z0-9-]+)/feed/(atom/)?$")
FEED_PATHS = ("/feed/", "/feed/atom/")
GZIP_SITEMAP = "/post-sitemap.xml.gz"

#: What :meth:`DemoSite.kind` calls each page: the kinds the server counts answers of.
KINDS = ("article", "view", "listing", "feed", "sitemap", "other")


def _origin(base_url: str) -> str:
    """``http://host:port`` from *base_url*, which may end with a slash."""
    if not re.match(r"^https?://[^/]+/?$", base_url):
        raise ValueError(
            f"base_url must be an origin such as http://127.0.0.1:8000/, got {base_url!r}"
        )
    return base_url.rstrip("/")


def _html(status: int, document: str) -> Response:
    return status, {"Content-Type": HTML}, document.encode("utf-8")


def _xml(content_type: str, document: str) -> Response:
    return 200, {"Content-Type": content_type}, document.encode("utf-8")


def etag(body: bytes) -> str:
    """A strong entity tag of *body*: a hash of its bytes, quoted."""
    return '"' + hashlib.sha256(body).hexdigest()[:40] + '"'


def http_date(moment: datetime) -> str:
    """``Thu, 26 May 2022 11:00:00 GMT``: *moment* as HTTP dates are written."""
    return format_datetime(moment.astimezone(UTC), usegmt=True)


class DemoSite:
    """A deterministic news site of *articles* stories generated from *seed*, *week* weeks on.

    The same arguments always give byte-identical pages for the same base URL. Rendered pages
    are cached, so serving a page the second time costs a dictionary look-up.

    ``week=1`` is the same site a week later: every story of ``week=0`` unchanged at its
    address, plus the week's new stories (see :mod:`demosite.variants`); the date bar
    and every listing move on.

    ``edits=N`` is the same site with *N* stories corrected since (see
    :mod:`demosite.edits` and :meth:`edited_urls`): their body and dateModified
    change, their address, title and aliases do not.

    Every 200 answer carries an ``ETag`` (a hash of the bytes) and a ``Last-Modified`` (an
    article's dateModified for its page and views, the site date for other pages).
    """

    def __init__(self, articles: int = 300, seed: int = 1, week: int = 0, edits: int = 0) -> None:
        self.articles = articles
        self.seed = seed
        self.week = week
        self.edits = edits
        self.model = variants.build_site(articles, seed, week)
        self.edited: list[int] = editing.apply(self.model, seed, edits)
        self._cache: dict[tuple[str, str | None, str], Response] = {}

    def render(
        self, path: str, base_url: str = DEFAULT_BASE_URL, legacy_base_url: str | None = None
    ) -> Response:
        """The response to a GET of *path* (query string and fragment ignored) on *base_url*.

        Absolute links, canonical URLs and JSON-LD ids use *base_url*. When *legacy_base_url*
        (the origin that redirects to *base_url*, see :func:`~demosite.serve`) is
        given, some article pages link to stories through it.
        """
        base = _origin(base_url)
        legacy = _origin(legacy_base_url) if legacy_base_url is not None else None
        path = path.split("#", 1)[0].split("?", 1)[0] or "/"
        key = (base, legacy, path)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        response = self._route(base, path, legacy)
        if response is not None and response[0] == 200:
            response[1]["ETag"] = etag(response[2])
            response[1]["Last-Modified"] = http_date(self._modified(path))
        if response is None and not path.endswith("/"):
            # WordPress redirects to the slashed address of any page that exists.
            found = self._route(base, path + "/", legacy)
            if found is not None:
                response = 301, {"Location": f"{base}{path}/", "Content-Type": HTML}, b""
        if response is None:
            # Not cached per path: anyone can ask for endlessly many missing pages.
            key = (base, None, "<404>")
            cached = self._cache.get(key)
            if cached is not None:
                return cached
            response = _html(404, pages.not_found_page(self.model, base))
        self._cache[key] = response
        return response

    def _route(self, base: str, path: str, legacy: str | None) -> Response | None:
        site = self.model
        if path == "/":
            return _html(200, pages.home_page(site, base))
        if path == "/robots.txt":
            robots = pages.robots_txt(base, [sitemaps.INDEX_PATH, sitemaps.NEWS_PATH])
            return 200, {"Content-Type": "text/plain; charset=UTF-8"}, robots.encode()
        index = site.by_path.get(path)
        if index is not None:
            return _html(200, pages.article_page(site, base, index, legacy))
        index = site.by_old_path.get(path)
        if index is not None:
            # WordPress remembers a post's old slugs and redirects them to the current address.
            location = base + site.articles[index].path
            return 301, {"Location": location, "Content-Type": HTML}, b""
        view = _VIEW.match(path)
        if view is not None:
            index = site.by_path.get(view.group(1))
            if index is not None:
                if view.group(2) == "amp":
                    return _html(200, pages.amp_page(site, base, index))
                return _html(200, pages.print_page(site, base, index))
        if path in pages.STATIC_PAGES:
            return _html(200, pages.static_page(site, base, path))
        if path.endswith((".xml", ".xml.gz")):
            return self._sitemap(base, path)
        if path.endswith("/feed/") or path.endswith("/feed/atom/"):
            return self._feed(base, path)
        match = _LISTING.match(path)
        if match is None:
            return None
        kind, slug, number_text = match.groups()
        listing = self._listing(kind, slug)
        if listing is None:
            return None
        heading, indexes = listing
        root = f"/{kind}/{slug}/"
        number = int(number_text or 1)
        if number_text == "1":
            return 301, {"Location": base + root, "Content-Type": HTML}, b""
        if number > pages.listing_pages(len(indexes)):
            return None
        own_feeds: tuple[tuple[str, str], ...] = ()
        if kind == "category":
            own_feeds = ((f"{SITE_NAME} \u00bb {heading} Category Feed", f"{root}feed/"),)
        document = pages.listing_page(
            site, base, root, heading, indexes, number, f"{kind} {kind}-{slug}", own_feeds
        )
        return _html(200, document)

    def _feed(self, base: str, path: str) -> Response | None:
        site = self.model
        if path in FEED_PATHS:
            indexes, title, link = site.newest, feeds.site_title(), "/"
        else:
            match = _CATEGORY_FEED.match(path)
            listing = self._listing("category", match.group(1)) if match else None
            if listing is None:
                return None
            heading, indexes = listing
            title, link = feeds.site_title(heading), path.split("feed/", 1)[0]
        if path.endswith("/atom/"):
            return _xml(feeds.ATOM_TYPE, feeds.atom(site, base, indexes, path, title, link))
        return _xml(feeds.RSS_TYPE, feeds.rss(site, base, indexes, path, title, link))

    def _sitemap(self, base: str, path: str) -> Response | None:
        site = self.model
        xml = sitemaps.XML_TYPE
        if path == sitemaps.INDEX_PATH:
            return _xml(xml, sitemaps.index(site, base))
        if path == sitemaps.NEWS_PATH:
            return _xml(xml, sitemaps.news_sitemap(site, base))
        if path == GZIP_SITEMAP:
            return 200, {"Content-Type": "application/gzip"}, sitemaps.post_sitemap_gz(site, base)
        if path in (*sitemaps.TAXONOMY_PATHS, sitemaps.AUTHOR_PATH):
            return _xml(xml, sitemaps.taxonomy_sitemap(site, base, path, pages.STATIC_PAGES))
        number = sitemaps.post_sitemap_number(site, path)
        if number is None:
            return None
        return _xml(xml, sitemaps.post_sitemap(site, base, number))

    def _article_index(self, path: str) -> int | None:
        """The article whose page or AMP or print view is at *path*, if any."""
        index = self.model.by_path.get(path)
        if index is None:
            view = _VIEW.match(path)
            if view is not None:
                index = self.model.by_path.get(view.group(1))
        return index

    def _modified(self, path: str) -> datetime:
        index = self._article_index(path)
        if index is None:
            return self.model.now
        return self.model.articles[index].modified

    def kind(self, path: str) -> str:
        """What the page at *path* is, one of :data:`KINDS`: an ``article`` page, an article's
        AMP or print ``view``, a ``listing`` (home, category, tag, author and their pages), a
        ``feed``, a ``sitemap``, or ``other`` (static pages, robots.txt, redirects, 404s)."""
        path = path.split("#", 1)[0].split("?", 1)[0] or "/"
        site = self.model
        if path in site.by_path:
            return "article"
        if self._article_index(path) is not None:
            return "view"
        if path.endswith((".xml", ".xml.gz")):
            return "sitemap"
        if path.endswith(("/feed/", "/feed/atom/")):
            return "feed"
        if path == "/" or _LISTING.match(path):
            return "listing"
        return "other"

    def _listing(self, kind: str, slug: str) -> tuple[str, list[int]] | None:
        site = self.model
        if kind == "category":
            for section in site.sections:
                if section.slug == slug:
                    return section.name, site.by_section[slug]
        elif kind == "tag":
            for tag in site.tags:
                if tag.slug == slug:
                    return tag.name, site.by_tag[slug]
        else:
            for author in site.authors:
                if author.slug == slug:
                    return author.name, site.by_author[slug]
        return None

    def paths(self) -> list[str]:
        """Every page with status 200: home, listings and their pages, articles, every
        article's AMP and print views, then the feeds and the sitemaps."""
        site = self.model
        listings = [(s.path, len(site.by_section[s.slug])) for s in site.sections]
        listings += [(t.path, len(site.by_tag[t.slug])) for t in site.tags]
        listings += [(a.path, len(site.by_author[a.slug])) for a in site.authors]
        result = ["/", "/robots.txt", *pages.STATIC_PAGES]
        for root, count in listings:
            result.append(root)
            result += [f"{root}page/{n}/" for n in range(2, pages.listing_pages(count) + 1)]
        result += [a.path for a in site.articles]
        result += [a.amp_path for a in site.articles]
        result += [a.print_path for a in site.articles]
        result += [*FEED_PATHS]
        for section in site.sections:
            result += [f"{section.path}feed/", f"{section.path}feed/atom/"]
        result += [*sitemaps.paths(site), GZIP_SITEMAP]
        return result

    def warm(self, base_url: str, legacy_base_url: str | None = None) -> None:
        """Render every page for *base_url* now, so that the first crawl finds them cached."""
        for path in self.paths():
            self.render(path, base_url, legacy_base_url)

    def ground_truth(
        self, base_url: str, legacy_base_url: str | None = None
    ) -> list[dict[str, Any]]:
        """What a perfect crawl of the site served at *base_url* would archive, oldest first.

        One dict per story, with the fields a crawl extracts (``url`` ... ``image_url``;
        ``authors`` names people only) and:

        ``agency``
            The news agency of a wire story's byline ("Reuters", "AP"), else None; the byline
            of a wire story names the agency alone, so its ``authors`` is empty.

        ``aliases``
            Sorted absolute URLs, other than ``url``, that some page of the site links to with
            an ``<a href>`` and that lead to this story: its print view (``url + "print/"``,
            linked from every article), its AMP page (``url + "amp/"``) when some READ MORE
            promo links there, its old-slug URL (which answers 301 to ``url``) when some
            related-content list links there, and ``legacy_base_url`` + path (which answers
            301 to ``url``) when legacy is on and some related-content list links there.
            Not aliases: ``url`` with tracking parameters (``utm_*``, ``fbclid``) added, and
            addresses named only in ``<link rel="amphtml">``, canonical links or JSON-LD.
        ``cluster``
            The key (``"wire-<post id>"``) shared by the articles that carry one wire story,
            else None.
        ``duplicate_of``
            The ``url`` of the earliest published article of its cluster, unless this is that
            article; else None. One row per real story keeps that article.
        ``distinct_topic_group``
            The key (``"topic-<n>"``) shared by distinct stories on one topic that share a few
            standard sentences and must stay apart, else None.
        """
        base = _origin(base_url)
        legacy = _origin(legacy_base_url) if legacy_base_url is not None else None
        site = self.model
        linked: dict[int, set[str]] = {}
        for source in site.articles:
            for (_place, target), kind in source.variant_links.items():
                article = site.articles[target]
                if kind == "amp":
                    address = base + article.amp_path
                elif kind == "old" and article.old_path is not None:
                    address = base + article.old_path
                elif kind == "legacy" and legacy is not None:
                    address = legacy + article.path
                else:
                    continue
                linked.setdefault(target, set()).add(address)
        originals = {w.key: base + site.articles[w.members[0]].path for w in site.wires}
        truth = []
        for index, a in enumerate(site.articles):
            url = base + a.path
            original = originals.get(a.cluster) if a.cluster is not None else None
            truth.append(
                {
                    "url": url,
                    "title": a.title,
                    "body": a.body,
                    "authors": [author.name for author in a.authors if not author.agency],
                    "published_at": a.published.astimezone(UTC),
                    "modified_at": a.modified.astimezone(UTC),
                    "tags": [t.name for t in a.tags],
                    "section": a.section.name,
                    "language": "en",
                    "image_url": base + a.image_path,
                    "agency": next((x.name for x in a.authors if x.agency), None),
                    "aliases": sorted({base + a.print_path, *linked.get(index, ())}),
                    "cluster": a.cluster,
                    "duplicate_of": original if original != url else None,
                    "distinct_topic_group": a.topic_group,
                }
            )
        return truth

    def edited_urls(self, base_url: str) -> list[str]:
        """The URLs of the articles that ``edits`` corrected, oldest first."""
        base = _origin(base_url)
        return [base + self.model.articles[i].path for i in self.edited]

    def duplicate_pairs(self, base_url: str) -> list[tuple[str, str, bool]]:
        """Labelled pairs of story URLs, older first: every two articles of one wire story
        (``True``, near-duplicates to join) and every two distinct stories of one topic group
        (``False``, similar but to keep apart)."""
        base = _origin(base_url)
        site = self.model
        pairs: list[tuple[str, str, bool]] = []
        groups = [(w.members, True) for w in site.wires]
        groups += [(g.members, False) for g in site.topic_groups]
        for members, duplicate in groups:
            ordered = sorted(members)
            for n, first in enumerate(ordered):
                for second in ordered[n + 1 :]:
                    pairs.append(
                        (
                            base + site.articles[first].path,
                            base + site.articles[second].path,
                            duplicate,
                        )
                    )
        return pairs
