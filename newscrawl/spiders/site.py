"""The generic news-site spider.

``scrapy crawl site -a url=https://example.com/`` starts from a homepage or a listing page,
follows the site's tag, category and pagination links to the end, and yields a
:class:`~newscrawl.items.Story` for every page that is an article. Whether a page is an article
is decided with the whole site in view (:mod:`newscrawl.sitemodel`): what the page declares
(schema.org type, og:type), its structure, and what the crawl learned of the site so far (the
addresses of its stories, its listings' items, its template's links, its static pages' names,
its stories' print views). A page the site does not yet explain waits (a bounded number of
them) until it does, or until the crawl is otherwise done. A page judged not a story is sent
as the ``page_judged`` signal with its kind and reason; a copy of a story becomes its alias.
A site profile's ``article_url`` overrides all of it.

The spider decides which links to follow; everything else is a component of its own: known
and due stories are the revisit middleware's (:mod:`newscrawl.middlewares.revisit`), stories go
through the item pipelines (normalise, deduplicate, archive), and what else a page tells
(other addresses, feed and sitemap dates, pages that gave no story) is sent as the signals of
:mod:`newscrawl.signals`.

Arguments (``-a``): ``url`` (one start URL, or several separated by commas) and ``profile``
(a TOML site profile, see :mod:`newscrawl.profiles`). Settings: ``NEWSCRAWL_PROFILE``,
``NEWSCRAWL_TIMEZONE``, ``NEWSCRAWL_DISCOVER``, ``NEWSCRAWL_STOP_AFTER_KNOWN_PAGES``,
``NEWSCRAWL_SINCE`` (listings are not paged past it, feed, sitemap and listing entries older
than it are not fetched, and a story published before it is not stored).

An archived story the revisit middleware would not fetch again is requested anyway when a
feed, sitemap or listing date for it moved since its last fetch (:meth:`edited`).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Generator, Iterator
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from scrapy import Request, Spider
from scrapy import signals as scrapy_signals
from scrapy.exceptions import DontCloseSpider, IgnoreRequest
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.response import get_base_url
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
from newscrawl.extraction import Article, ExtractOptions, extract_article
from newscrawl.extraction.pagekind import PageFeatures, page_features
from newscrawl.frontier import RESUMED_STAT
from newscrawl.items import PageProblem, Story
from newscrawl.links import is_same_site, page_links, site_host
from newscrawl.listing import LISTING_TIME, is_pagination, newest_date, parse_since, teaser_dates
from newscrawl.middlewares.revisit import (
    RevisitMiddleware,
    SiteMemory,
    check_archive_url,
    revisit_request,
)
from newscrawl.profiles import SiteProfile, load_profile
from newscrawl.signals import page_judged, page_problem, story_aliases, story_dates
from newscrawl.sitemodel import SiteModel, Verdict, copy_links_of
from newscrawl.urls import canonical_url, resolve

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
# What a story takes from its article page as extracted: the fields both records share.
_ARTICLE_FIELDS = tuple(
    sorted({f.name for f in fields(Story)} & {f.name for f in fields(Article)} - {"url"})
)
# Pages that wait for the site to be better known; beyond this the oldest is decided now.
_MAX_WAITING = 300
_LINK_TEXTS_XPATH = "//a[@href]"
_SETTLE_URL = "data:,settle"


@dataclass
class _Waiting:
    """A page whose kind the site does not explain yet, with what it gave."""

    url: str
    redirects: list[str]
    features: PageFeatures
    story: Story | None
    item: bool


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
        self.stop_after_known_pages = 1
        self.since: datetime | None = None
        # The archive's stories of this site, read by the revisit middleware when the spider
        # opens: a listing whose links are all archived is not paged further.
        self.memory = SiteMemory()
        # Canonical URLs this run requested: the spider's own filter, so a link is judged
        # once, before Scrapy's dupefilter sees it.
        self.requested: set[str] = set()
        self.site = SiteModel()
        self.waiting: list[_Waiting] = []
        self._stories_seen = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        try:
            spider.configure(
                profile_path=spider.profile_arg
                or crawler.settings.get("NEWSCRAWL_PROFILE")
                or None,
                timezone=crawler.settings.get("NEWSCRAWL_TIMEZONE"),
            )
            spider.since = parse_since(crawler.settings.get("NEWSCRAWL_SINCE"))
            # The archive's address is input too: a bad one is refused before the crawl starts.
            check_archive_url(crawler.settings.get("ARCHIVE_URL"))
        except ValueError as exc:
            # Also in the log: a job on Scrapyd keeps its log, not its stderr.
            logger.error("Not crawling: %s", exc)
            raise
        spider.discover = crawler.settings.getbool("NEWSCRAWL_DISCOVER")
        spider.stop_after_known_pages = crawler.settings.getint("NEWSCRAWL_STOP_AFTER_KNOWN_PAGES")
        crawler.signals.connect(spider.idle, signal=scrapy_signals.spider_idle)
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
        self.memory = RevisitMiddleware.memory_of(self.crawler)
        for url in self.start_urls:
            yield Request(url, callback=self.parse, errback=self.page_failed, meta={"start": True})
        if self.discover:
            robots = urljoin(self.start_urls[0], "/robots.txt")
            yield Request(
                robots, callback=self.parse_robots, errback=self.page_failed, meta=_OPTIONAL
            )

    def follow(self, url: str, **kwargs: Any) -> Request | None:
        """A request for ``url`` unless this run asked for it already."""
        key = canonical_url(url)
        if key in self.requested:
            return None
        self.requested.add(key)
        return Request(url, callback=self.parse, errback=self.page_failed, **kwargs)

    # --- feeds and sitemaps ------------------------------------------------------------------

    def parse_robots(self, response: Response) -> Iterator[Request]:
        text = response.text if isinstance(response, TextResponse) else ""
        sitemaps = sitemaps_from_robots(text, response.url)
        optional = not sitemaps  # the common paths are guesses: their 404s are no errors
        for url in sitemaps or common_urls(response.url, COMMON_SITEMAP_PATHS):
            yield self.discovery_request(url, self.parse_sitemap, optional=optional)

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        sitemap = parse_sitemap(response.body, response.url)
        self.note_problems(response.url, sitemap.problems)
        for ref in sitemap.sitemaps:
            if is_same_site(ref.url, self.host):
                yield self.discovery_request(ref.url, self.parse_sitemap)
        for entry in sitemap.urls:
            yield from self.discovered(entry.url, entry.signals())

    def parse_feed(self, response: Response) -> Iterator[Request]:
        feed = parse_feed(response.body, response.url)
        self.note_problems(response.url, feed.problems)
        for entry in feed.entries:
            yield from self.discovered(entry.url, entry.signals())

    def discovered(self, url: str, signals: list[DateSignal]) -> Iterator[Request]:
        """A story address from a feed or sitemap, with the dates it gave (kept as signals)."""
        if self.since is not None and signals and all(s.value < self.since for s in signals):
            self.crawler.stats.inc_value("newscrawl/discovered/past_cutoff")
            return
        if is_same_site(url, self.host) and self.profile.follows(url):
            self.crawler.stats.inc_value("newscrawl/discovered")
            meta = {"date_signals": signals}
            request = self.edited(url, signals, meta) or self.follow(url, meta=meta)
            if request is not None:
                yield request

    def edited(self, url: str, signals: list[DateSignal], meta: dict[str, Any]) -> Request | None:
        """Keep the dates the site gave for ``url``; when they say the archived story there
        changed since its last fetch, a conditional request for it, whatever its age."""
        if not signals:
            return None
        dates = [(s.source, s.value) for s in signals]
        self.crawler.signals.send_catch_log(story_dates, url=canonical_url(url), dates=dates)
        fetched = self.memory.edited(url, dates)
        if fetched is None:
            return None
        self.crawler.stats.inc_value("newscrawl/revisit/edited")
        self.requested.update({canonical_url(url), fetched.url})
        return revisit_request(
            fetched.url,
            etag=fetched.etag,
            last_modified=fetched.last_modified,
            callback=self.parse,
            errback=self.page_failed,
            meta=meta,
        )

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
        if not isinstance(response, HtmlResponse):
            return
        tree = response.selector.root
        if response.meta.get("start") and self.discover:
            feeds = feed_links(tree, response.url)
            for url in feeds or common_urls(response.url, COMMON_FEED_PATHS):
                yield self.discovery_request(url, self.parse_feed, optional=not feeds)
        kind, items = yield from self.judge_page(response, tree)
        hrefs = tree.xpath("//a/@href") if tree is not None else []
        links = [
            link
            for link in page_links(hrefs, response.url, self.host)
            if self.profile.follows(link)
        ]
        yield from self.follow_links(response, tree, kind, links, items)

    # --- which pages are stories -------------------------------------------------------------

    def judge_page(
        self, response: HtmlResponse, tree: Any
    ) -> Generator[Any, None, tuple[str, set[str]]]:
        """Decide the page's kind, yield its story if it is one; return the kind (``waiting``
        when the page waits for the site to be better known) and the addresses it links to
        with headline-long text (a listing's items)."""
        if self.profile.article_url is not None:
            if self.profile.article_url.search(response.url):
                story = self.story(response, tree)
                if story is not None:
                    yield story
                return "article", set()
            return "listing", set()
        features = page_features(tree, response.url)
        items = {canonical_url(link) for link, _text in features.headline_links}
        self.site.observe_links(self.link_texts(tree, response))
        redirects = list(response.meta.get("redirect_urls", []))
        if features.kind != "listing" and features.typed != "listing":
            canonical = self.other_canonical(tree, response)
            if canonical is not None:
                # An AMP or print view, or a copy: the story is read from its canonical page.
                self.crawler.stats.inc_value("newscrawl/duplicate/alternate_view")
                self.crawler.signals.send_catch_log(
                    story_aliases, story_url=canonical, urls=[response.url, *redirects]
                )
                self.judged(response.url, Verdict("copy", "canonical link", canonical))
                request = self.follow(canonical)
                if request is not None:
                    yield request
                return "copy", items
        # A page that declares itself a listing (schema.org CollectionPage...) is judged one
        # without its text: extracting a story from it would cost as much as from an article.
        story = None if features.typed == "listing" else self.story(response, tree, report=False)
        item = self.is_item(response)
        verdict = self.site.judge(
            canonical_url(response.url), features, story.body if story else "", item=item
        )
        if verdict is None:
            self.crawler.stats.inc_value("newscrawl/pages/waiting")
            self.waiting.append(_Waiting(response.url, redirects, features, story, item))
            if len(self.waiting) > _MAX_WAITING:
                yield from self.settle_waiting(final=True, count=1)
            return "waiting", items
        yield from self.apply(verdict, response.url, redirects, features, story)
        return verdict.kind, items

    def apply(
        self,
        verdict: Verdict,
        url: str,
        redirects: list[str],
        features: PageFeatures,
        story: Story | None,
    ) -> Iterator[Story]:
        """Act on a page's verdict: yield its story, or record it as a page of its kind."""
        if verdict.kind != "article":
            if (
                verdict.kind == "other"
                and story is None
                and "article"
                in (
                    features.kind,
                    features.typed,
                )
            ):
                self.problem(url, "no-body", "an article page with no story text found")
            if verdict.kind == "copy" and verdict.story_url is not None:
                self.crawler.signals.send_catch_log(
                    story_aliases, story_url=verdict.story_url, urls=[url, *redirects]
                )
            if verdict.kind in ("listing", "static"):
                self.site.learn_other(canonical_url(url))
            self.judged(url, verdict)
            return
        if story is None:
            self.problem(url, "no-body", "an article page with no story text found")
            return
        self.crawler.stats.inc_value(f"newscrawl/pages/article/{verdict.reason.split(':')[0]}")
        copies = [canonical_url(link) for link in copy_links_of(url, features)]
        # Its views become its aliases when the crawl meets them (judged copies then).
        self.site.learn_story(canonical_url(story.url), features, story.body, copies)
        published = story.published_at
        if self.since is not None and published is not None and published < self.since:
            # Reached through a related-stories box, a promo or an undated sitemap entry:
            # a story, but older than the crawl was asked to keep.
            self.crawler.stats.inc_value("newscrawl/story/past_cutoff")
            self.judged(url, Verdict("other", "published before NEWSCRAWL_SINCE"))
            return
        yield story
        if self.waiting and self.site.stories != self._stories_seen:
            self._stories_seen = self.site.stories
            yield from self.settle_waiting(final=False)

    def settle_waiting(self, *, final: bool, count: int | None = None) -> Iterator[Story]:
        """Decide the waiting pages the site now explains (all of them when ``final``, the
        oldest ``count`` when given)."""
        waiting, self.waiting = self.waiting, []
        for position, page in enumerate(waiting):
            last = final and (count is None or position < count)
            verdict = self.site.judge(
                canonical_url(page.url),
                page.features,
                page.story.body if page.story else "",
                item=page.item,
                final=last,
            )
            if verdict is None:
                self.waiting.append(page)
            else:
                yield from self.apply(verdict, page.url, page.redirects, page.features, page.story)

    def idle(self) -> None:
        """When the crawl has nothing else to do, the waiting pages are decided for good."""
        if not self.waiting:
            return
        assert self.crawler.engine is not None
        self.crawler.engine.crawl(
            Request(
                _SETTLE_URL,
                callback=self.settle,
                errback=self.page_failed,
                dont_filter=True,
                meta={"allow_offsite": True},
            )
        )
        raise DontCloseSpider

    def settle(self, response: Response) -> Iterator[Story]:
        self.crawler.stats.inc_value("newscrawl/pages/settled", len(self.waiting))
        # What the whole site now tells first, while it decides pages; then the rest for good.
        before = -1
        while self.waiting and len(self.waiting) != before:
            before = len(self.waiting)
            yield from self.settle_waiting(final=False)
        yield from self.settle_waiting(final=True)

    def judged(self, url: str, verdict: Verdict) -> None:
        reason = verdict.reason
        if verdict.kind == "copy":
            reason = f"{reason} of {verdict.story_url}" if verdict.story_url else reason
        self.crawler.signals.send_catch_log(page_judged, url=url, kind=verdict.kind, reason=reason)

    @staticmethod
    def is_item(response: Response) -> bool:
        """Whether a listing or a feed linked to the page as one of its items."""
        if response.meta.get("item"):
            return True
        signals: list[DateSignal] = response.meta.get("date_signals", [])
        return any(s.source in (FEED_PUBLISHED, SITEMAP_NEWS_PUBLICATION_DATE) for s in signals)

    @staticmethod
    def link_texts(tree: Any, response: HtmlResponse) -> list[tuple[str, str]]:
        found = []
        base = get_base_url(response)
        for anchor in tree.xpath(_LINK_TEXTS_XPATH):
            href = (anchor.get("href") or "").strip()
            if href and not href.startswith("#"):
                url = canonical_url(resolve(base, href))
                found.append((url, " ".join(anchor.text_content().split())[:80]))
        return found

    def follow_links(
        self,
        response: HtmlResponse,
        tree: Any,
        kind: str,
        links: list[str],
        items: set[str] | None = None,
    ) -> Iterator[Request]:
        """Follow a page's links; stop a listing's pagination after enough known pages.

        Not in a crawl resumed after an interruption (:mod:`newscrawl.frontier`): the
        interrupted crawl may have stored a listing's first stories and never reached its
        deeper pages, so "nothing new here" does not mean the walk is done.

        A listing's story links carry the listing and their position on it (for the story's
        sighting, also when the revisit middleware does not fetch an archived story again).
        """
        next_links = {response.urljoin(str(h)) for h in tree.xpath(_NEXT_XPATH)}
        depth = response.meta.get("known_pages", 0)
        resumed = self.crawler.stats.get_value(RESUMED_STAT) is not None
        if kind == "listing" and self.memory.known and not resumed:
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
        dates = teaser_dates(tree, response.url) if kind == "listing" else {}
        for link in links:
            request: Request | None = None
            if is_pagination(link, next_links):
                meta: dict[str, Any] = {"known_pages": depth}
            elif kind == "listing":
                key = canonical_url(link)
                meta = {"listing": (response.url, positions.get(key))}
                if items is not None and key in items:
                    meta["item"] = True  # linked with a headline: one of the listing's items
                shown = dates.get(link)
                if shown is not None:
                    if self.since is not None and shown < self.since and meta.get("item"):
                        self.crawler.stats.inc_value("newscrawl/listing/past_cutoff_items")
                        continue
                    meta["date_signals"] = [DateSignal(shown, LISTING_TIME)]
                    request = self.edited(link, meta["date_signals"], meta)
            else:
                meta = {}
            request = request or self.follow(link, meta=meta)
            if request is not None:
                yield request

    @staticmethod
    def listing_positions(response: HtmlResponse, tree: Any) -> dict[str, int]:
        """Position (from 1) of each linked page in the listing's main content, in page order."""
        hrefs = tree.xpath(_CONTENT_LINKS_XPATH) or tree.xpath("//a/@href")
        positions: dict[str, int] = {}
        for href in hrefs:
            key = canonical_url(response.urljoin(str(href).strip()))
            positions.setdefault(key, len(positions) + 1)
        return positions

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

    def story(self, response: HtmlResponse, tree: Any, *, report: bool = True) -> Story | None:
        """The page's story as extracted; None when it has no story text (a problem recorded
        when ``report``: the page was taken for an article)."""
        article = extract_article(response.body, response.url, tree=tree, options=self.options)
        if not article.body.strip():
            if report:
                self.problem(response.url, "no-body", "an article page with no story text found")
            return None
        for problem in article.problems:
            # Counted by field and kind: newscrawl/extraction/published_at/future_date
            self.crawler.stats.inc_value(f"newscrawl/extraction/{problem.key}")
        story = Story(
            # A canonical link to another site (syndication) must not rename our page.
            url=article.url if is_same_site(article.url, self.host) else response.url,
            **{name: getattr(article, name) for name in _ARTICLE_FIELDS},
            site=self.host,
            fetched_url=response.url,
            fetched_at=datetime.now(UTC),
            etag=_header(response, b"ETag"),
            last_modified=_header(response, b"Last-Modified"),
            # Addresses that redirected here (an old slug, another host or scheme).
            aliases=list(response.meta.get("redirect_urls", [])),
        )
        listing: tuple[str, int | None] | None = response.meta.get("listing")
        if listing is not None:
            story.listing_url, story.listing_position = listing
        if story.published_at is None:
            # The page names no date: a feed's or news sitemap's publication date is next best.
            signals: list[DateSignal] = response.meta.get("date_signals", [])
            for signal in signals:
                if signal.source in (FEED_PUBLISHED, SITEMAP_NEWS_PUBLICATION_DATE):
                    story.published_at = signal.value
                    story.provenance = {**story.provenance, "published_at": signal.source}
                    break
        return story

    def page_failed(self, failure: Failure) -> None:
        request = getattr(failure, "request", None)
        url = request.url if request is not None else "?"
        error = failure.value
        if request is not None and request.meta.get("optional"):
            return  # a guessed feed or sitemap address that is not there
        if isinstance(error, HttpError):
            status = error.response.status
            self.problem(url, f"http-{status}", f"the server answered {status}")
        elif not isinstance(error, IgnoreRequest):
            # An IgnoreRequest is a policy (robots.txt, offsite, not due), not an error.
            self.problem(url, "download", failure.getErrorMessage())

    def problem(self, url: str, reason: str, detail: str) -> None:
        """A page that gave no story, kept in the archive with its reason."""
        problem = PageProblem(url=url, reason=reason, detail=detail)
        self.crawler.signals.send_catch_log(page_problem, problem=problem)


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
