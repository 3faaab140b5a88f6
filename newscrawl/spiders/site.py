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
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from newscrawl.errors import PageError
from newscrawl.extraction import ExtractOptions, extract_article, page_kind
from newscrawl.items import Story, StoryAlias
from newscrawl.links import is_same_site, page_links, site_host
from newscrawl.profiles import SiteProfile, load_profile
from newscrawl.urls import canonical_url

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

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

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.configure(
            profile_path=spider.profile_arg or crawler.settings.get("NEWSCRAWL_PROFILE") or None,
            timezone=crawler.settings.get("NEWSCRAWL_TIMEZONE", "UTC"),
        )
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
        for url in self.start_urls:
            yield Request(url, callback=self.parse, errback=self.page_failed)

    def parse(self, response: Response) -> Iterator[Any]:
        if not isinstance(response, HtmlResponse):
            return
        tree = response.selector.root
        kind = self.page_kind(tree, response.url)
        if kind != "listing":
            canonical = self.other_canonical(tree, response)
            if canonical is not None:
                # An AMP or print view, or a copy: the story is read from its canonical page.
                self.crawler.stats.inc_value("newscrawl/duplicate/alternate_view")
                yield StoryAlias(canonical, [response.url, *response.meta.get("redirect_urls", [])])
                yield Request(canonical, callback=self.parse, errback=self.page_failed)
            elif kind == "article":
                yield self.story(response, tree)
        hrefs = tree.xpath("//a/@href") if tree is not None else []
        for link in page_links(hrefs, response.url, self.host):
            if self.profile.follows(link):
                yield Request(link, callback=self.parse, errback=self.page_failed)

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
        if not article.body.strip():
            return PageError(response.url, "no-body", "an article page with no story text found")
        # A canonical link to another site (syndication) must not rename our page.
        url = article.url if is_same_site(article.url, self.host) else response.url
        return Story(
            url=url,
            title=article.title,
            body=article.body,
            authors=list(article.authors),
            published_at=article.published_at,
            modified_at=article.modified_at,
            tags=list(article.tags),
            section=article.section,
            language=article.language,
            image_url=article.image_url,
            description=article.description,
            provenance=dict(article.provenance),
            site=self.host,
            fetched_url=response.url,
            fetched_at=datetime.now(UTC),
            # Addresses that redirected here (an old slug, another host or scheme).
            aliases=list(response.meta.get("redirect_urls", [])),
            problems=list(article.problems),
        )

    def page_failed(self, failure: Failure) -> PageError | None:
        request = getattr(failure, "request", None)
        url = request.url if request is not None else "?"
        error = failure.value
        if isinstance(error, HttpError):
            status = error.response.status
            return PageError(url, f"http-{status}", f"the server answered {status}")
        if isinstance(error, IgnoreRequest):
            return None  # robots.txt or the offsite rule said no: a policy, not an error
        return PageError(url, "download", failure.getErrorMessage())
