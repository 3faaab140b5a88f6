"""The generic news-site spider.

``scrapy crawl site -a url=https://example.com/`` starts from a homepage or a listing page,
follows the site's tag, category and pagination links to the end, and yields a
:class:`~newscrawl.items.Story` for every page that is an article. Whether a page is an article
is read from the page (schema.org type, og:type, structure), never from URL patterns, unless a
site profile says otherwise.

Arguments (``-a``): ``url`` (one start URL, or several separated by commas) and ``profile``
(a TOML site profile, see :mod:`newscrawl.profiles`). Settings: ``NEWSCRAWL_PROFILE``,
``NEWSCRAWL_TIMEZONE``.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from scrapy import Request, Spider
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.asyncio import run_in_thread
from twisted.python.failure import Failure

from newscrawl.discovery import (
    COMMON_FEED_PATHS,
    COMMON_SITEMAP_PATHS,
    FEED_PUBLISHED,
    SITEMAP_NEWS_PUBLICATION_DATE,
    DateSignal,
    common_urls,
    feed_links,
    parse_feed,
    parse_sitemap,
    sitemaps_from_robots,
)
from newscrawl.errors import PageError
from newscrawl.extraction import ExtractOptions, extract_article, page_kind
from newscrawl.incremental import SiteMemory, is_pagination, newest_date, parse_since
from newscrawl.items import StoriesListed, Story, StoryAlias, StoryDates, StoryUnchanged
from newscrawl.links import is_same_site, page_links, site_host
from newscrawl.profiles import SiteProfile, load_profile
from newscrawl.urls import canonical_url

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

_OPTIONAL = {"optional": True}
# Teasers are <article>s in most CMS themes, inside <main> in the rest.
_CONTENT_LINKS_XPATH = "//article//a/@href | //main//a/@href"
_NEXT_XPATH = "//a[contains(concat(' ', @rel, ' '), ' next ')]/@href | //link[@rel='next']/@href"
_CANONICAL_XPATH = (
    "(//head/link[@rel='canonical']/@href | //head/meta[@property='og:url']/@content)[1]"
)


class SiteSpider(Spider):
    name = "site"

    def __init__(
        self,
        url: str | None = None,
        profile: str | None = None,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.url_arg = url
        self.profile_arg = profile
        self.profile = SiteProfile()
        self.options = ExtractOptions()
        self.host = ""
        self.discover = True
        self.archive_url = ""
        self.revisit_all = False
        self.stop_after_known_pages = 1
        self.since: datetime | None = None
        self.memory = SiteMemory()
        # Canonical URLs this run requested: the spider's own filter, so archived stories
        # and known listing pages are judged before Scrapy's dupefilter sees them.
        self.requested: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.configure(
            profile_path=spider.profile_arg or crawler.settings.get("NEWSCRAWL_PROFILE") or None,
            timezone=crawler.settings.get("NEWSCRAWL_TIMEZONE", "UTC"),
        )
        spider.discover = crawler.settings.getbool("NEWSCRAWL_DISCOVER", True)
        spider.archive_url = crawler.settings.get("ARCHIVE_URL") or ""
        spider.revisit_all = crawler.settings.getbool("NEWSCRAWL_REVISIT_ALL", False)
        spider.stop_after_known_pages = crawler.settings.getint(
            "NEWSCRAWL_STOP_AFTER_KNOWN_PAGES", 1
        )
        spider.since = parse_since(crawler.settings.get("NEWSCRAWL_SINCE") or "")
        return spider

    def configure(self, *, profile_path: str | None, timezone: str) -> None:
        """Resolve the profile and start URLs.

        Bad input (no URL, a relative URL, an unusable profile) raises ``ValueError`` with a
        message saying what to fix, so the crawl stops before it starts.
        """
        if profile_path:
            self.profile = load_profile(profile_path)
        urls = [u.strip() for u in (self.url_arg or "").split(",") if u.strip()]
        self.start_urls = urls or list(self.profile.start_urls)
        if not self.start_urls:
            raise ValueError(
                "no start URL: run `scrapy crawl site -a url=https://example.com/`"
                " or give a site profile with start_urls"
            )
        for url in self.start_urls:
            if not url.startswith(("http://", "https://")):
                raise ValueError(f"start URL {url!r} must be an absolute http(s) URL")
        self.host = site_host(self.start_urls[0])
        # OffsiteMiddleware keeps requests on the site (subdomains included) as well.
        self.allowed_domains = [self.host]
        selectors = self.profile.selectors
        self.options = ExtractOptions(
            timezone=self.profile.timezone or timezone,
            body_selector=selectors.get("body"),
            title_selector=selectors.get("title"),
            author_selector=selectors.get("authors"),
            date_selector=selectors.get("published"),
        )

    async def start(self) -> AsyncIterator[Any]:
        if self.archive_url:
            self.memory = await run_in_thread(
                SiteMemory.load, self.archive_url, self.host, everything=self.revisit_all
            )
            self.crawler.stats.set_value("newscrawl/revisit/due", len(self.memory.due))
            for url in self.memory.due:
                yield self.revisit(url)
        for url in self.start_urls:
            yield Request(url, callback=self.parse, errback=self.page_failed, meta={"start": True})
        if self.discover:
            robots = urljoin(self.start_urls[0], "/robots.txt")
            yield Request(
                robots, callback=self.parse_robots, errback=self.page_failed, meta=_OPTIONAL
            )

    def revisit(self, url: str) -> Request:
        """A due story, fetched conditionally: unchanged, it answers 304 with no body."""
        self.requested.add(canonical_url(url))
        return Request(
            url,
            callback=self.parse,
            errback=self.page_failed,
            headers=self.memory.conditional_headers(url),
            meta={"handle_httpstatus_list": [304], "revisit": True},
            # Scrapy's dupefilter must not drop it when a listing links the same story later.
            dont_filter=True,
        )

    def follow(self, url: str, **kwargs: Any) -> Request | None:
        """A request for ``url`` unless this run asked for it already or it is archived and not
        due (counted in ``newscrawl/revisit/not_due``)."""
        key = canonical_url(url)
        if key in self.requested:
            return None
        self.requested.add(key)
        if key in self.memory.known:
            self.crawler.stats.inc_value("newscrawl/revisit/not_due")
            return None
        return Request(url, callback=self.parse, errback=self.page_failed, **kwargs)

    # --- feeds and sitemaps ------------------------------------------------------------------

    def parse_robots(self, response: Response) -> Iterator[Request]:
        text = response.text if isinstance(response, TextResponse) else ""
        sitemaps = sitemaps_from_robots(text, response.url)
        optional = not sitemaps  # the common paths are guesses: their 404s are no errors
        for url in sitemaps or common_urls(response.url, COMMON_SITEMAP_PATHS):
            yield self.discovery_request(url, self.parse_sitemap, optional=optional)

    def parse_sitemap(self, response: Response) -> Iterator[Request | StoryDates]:
        sitemap = parse_sitemap(response.body, response.url)
        self.note_problems(response.url, sitemap.problems)
        for ref in sitemap.sitemaps:
            if is_same_site(ref.url, self.host):
                yield self.discovery_request(ref.url, self.parse_sitemap)
        for entry in sitemap.urls:
            yield from self.discovered(entry.url, entry.signals())

    def parse_feed(self, response: Response) -> Iterator[Request | StoryDates]:
        feed = parse_feed(response.body, response.url)
        self.note_problems(response.url, feed.problems)
        for entry in feed.entries:
            yield from self.discovered(entry.url, entry.signals())

    def discovered(self, url: str, signals: list[DateSignal]) -> Iterator[Request | StoryDates]:
        """A story address from a feed or sitemap, with the dates it gave (kept as signals)."""
        if self.since is not None and signals and all(s.value < self.since for s in signals):
            self.crawler.stats.inc_value("newscrawl/discovered/past_cutoff")
            return
        if is_same_site(url, self.host) and self.profile.follows(url):
            self.crawler.stats.inc_value("newscrawl/discovered")
            if signals:
                yield StoryDates(canonical_url(url), [(s.source, s.value) for s in signals])
            request = self.follow(url, meta={"date_signals": signals})
            if request is not None:
                yield request

    def discovery_request(
        self, url: str, callback: Callable[[Response], Iterator[Any]], *, optional: bool = False
    ) -> Request:
        return Request(
            url, callback=callback, errback=self.page_failed, meta=_OPTIONAL if optional else {}
        )

    def note_problems(self, url: str, problems: list[str]) -> None:
        for problem in problems:
            logger.info("%s: %s", url, problem)

    def parse(self, response: Response) -> Iterator[Any]:
        if response.status == 304:
            self.crawler.stats.inc_value("newscrawl/revisit/not_modified")
            yield StoryUnchanged(canonical_url(response.url), datetime.now(UTC))
            return
        if not isinstance(response, HtmlResponse):
            return
        tree = response.selector.root
        if response.meta.get("start") and self.discover:
            feeds = feed_links(tree, response.url)
            for url in feeds or common_urls(response.url, COMMON_FEED_PATHS):
                yield self.discovery_request(url, self.parse_feed, optional=not feeds)
        kind = self.page_kind(tree, response.url)
        if kind != "listing":
            canonical = self.other_canonical(tree, response)
            if canonical is not None:
                # An AMP or print view, or a copy: the story is read from its canonical page.
                self.crawler.stats.inc_value("newscrawl/duplicate/alternate_view")
                yield StoryAlias(canonical, [response.url, *response.meta.get("redirect_urls", [])])
                request = self.follow(canonical)
                if request is not None:
                    yield request
            elif kind == "article":
                yield self.story(response, tree)
        hrefs = tree.xpath("//a/@href") if tree is not None else []
        links = [
            link
            for link in page_links(hrefs, response.url, self.host)
            if self.profile.follows(link)
        ]
        yield from self.follow_links(response, tree, kind, links)

    def follow_links(
        self, response: HtmlResponse, tree: Any, kind: str, links: list[str]
    ) -> Iterator[Request | StoriesListed]:
        """Follow a page's links; stop a listing's pagination after enough known pages.

        A listing's story links carry their position on it (to the story's sighting); links
        to archived stories that are not fetched again are reported as seen there.
        """
        next_links = {response.urljoin(str(h)) for h in tree.xpath(_NEXT_XPATH)}
        depth = response.meta.get("known_pages", 0)
        if kind == "listing" and self.memory.known:
            fresh = [
                link
                for link in links
                if not is_pagination(link, next_links)
                and canonical_url(link) not in self.requested
                and canonical_url(link) not in self.memory.known
            ]
            depth = 0 if fresh else depth + 1
            if depth >= self.stop_after_known_pages:
                self.crawler.stats.inc_value("newscrawl/listing/stopped")
                links = [link for link in links if not is_pagination(link, next_links)]
        if kind == "listing" and self.since is not None:
            newest = newest_date([str(t) for t in tree.xpath("//time/@datetime")])
            if newest is not None and newest < self.since:
                self.crawler.stats.inc_value("newscrawl/listing/past_cutoff")
                links = [link for link in links if not is_pagination(link, next_links)]
        positions = self.listing_positions(response, tree) if kind == "listing" else {}
        known: list[tuple[str, int | None]] = []
        for link in links:
            if is_pagination(link, next_links):
                meta: dict[str, Any] = {"known_pages": depth}
            elif kind == "listing":
                key = canonical_url(link)
                meta = {"listing": (response.url, positions.get(key))}
                if key in self.memory.known:
                    known.append((key, positions.get(key)))
            else:
                meta = {}
            request = self.follow(link, meta=meta)
            if request is not None:
                yield request
        if known:
            yield StoriesListed(response.url, known)

    @staticmethod
    def listing_positions(response: HtmlResponse, tree: Any) -> dict[str, int]:
        """Position (from 1) of each linked page in the listing's main content, in page order."""
        hrefs = tree.xpath(_CONTENT_LINKS_XPATH) or tree.xpath("//a/@href")
        positions: dict[str, int] = {}
        for href in hrefs:
            key = canonical_url(response.urljoin(str(href).strip()))
            positions.setdefault(key, len(positions) + 1)
        return positions

    def page_kind(self, tree: Any, url: str) -> str:
        if self.profile.article_url is not None:
            return "article" if self.profile.article_url.search(url) else "listing"
        return page_kind(tree, url)

    def other_canonical(self, tree: Any, response: HtmlResponse) -> str | None:
        """The page's declared canonical URL when it is another page of this site, else None.

        A canonical link to the site's root is ignored: some sites put it on every page.
        """
        declared = tree.xpath(_CANONICAL_XPATH)
        if not declared:
            return None
        canonical = response.urljoin(str(declared[0]).strip())
        if not is_same_site(canonical, self.host) or urlsplit(canonical).path in ("", "/"):
            return None
        if canonical_url(canonical) == canonical_url(response.url):
            return None
        return canonical

    def story(self, response: HtmlResponse, tree: Any) -> Story | PageError:
        article = extract_article(response.body, response.url, tree=tree, options=self.options)
        for problem in article.problems:
            # "published_at: date in the future rejected (...)" counts as
            # newscrawl/extraction/published_at: date in the future rejected
            self.crawler.stats.inc_value(f"newscrawl/extraction/{problem.split(' (')[0][:80]}")
        if not article.body.strip():
            return PageError(response.url, "no-body", "an article page with no story text found")
        # A canonical link to another site (syndication) must not rename our page.
        url = article.url if is_same_site(article.url, self.host) else response.url
        signals: list[DateSignal] = response.meta.get("date_signals", [])
        listing: tuple[str, int | None] | None = response.meta.get("listing")
        provenance = dict(article.provenance)
        published_at = article.published_at
        if published_at is None:
            # The page names no date: a feed's or news sitemap's publication date is next best.
            for signal in signals:
                if signal.source in (FEED_PUBLISHED, SITEMAP_NEWS_PUBLICATION_DATE):
                    published_at, provenance["published_at"] = signal.value, signal.source
                    break
        return Story(
            url=url,
            title=article.title,
            body=article.body,
            authors=list(article.authors),
            published_at=published_at,
            modified_at=article.modified_at,
            tags=list(article.tags),
            section=article.section,
            language=article.language,
            image_url=article.image_url,
            description=article.description,
            provenance=provenance,
            site=self.host,
            fetched_url=response.url,
            fetched_at=datetime.now(UTC),
            listing_url=listing[0] if listing else None,
            listing_position=listing[1] if listing else None,
            etag=_header(response, b"ETag"),
            last_modified=_header(response, b"Last-Modified"),
            # Addresses that redirected here (an old slug, another host or scheme).
            aliases=list(response.meta.get("redirect_urls", [])),
            date_signals=[
                {"value": s.value, "source": s.source, "zone_assumed": s.zone_assumed}
                for s in signals
            ],
            problems=list(article.problems),
        )

    def page_failed(self, failure: Failure) -> PageError | None:
        request = getattr(failure, "request", None)
        url = request.url if request is not None else "?"
        error = failure.value
        if request is not None and request.meta.get("optional"):
            return None  # a guessed feed or sitemap address that is not there
        if isinstance(error, HttpError):
            status = error.response.status
            return PageError(url, f"http-{status}", f"the server answered {status}")
        if isinstance(error, IgnoreRequest):
            return None  # robots.txt or the offsite rule said no: a policy, not an error
        return PageError(url, "download", failure.getErrorMessage())


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
