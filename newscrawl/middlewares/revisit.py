"""What makes a rerun cheap: the archive's memory of a site, applied to every request.

A downloader middleware in the shape of Scrapy's ``HttpCacheMiddleware``, with
:class:`RevisitPolicy` in the role of its ``RFC2616Policy``:

- when the spider opens, the site's archived stories and those due for a revisit are read from
  the archive (:mod:`archive.revisits` decides what is due, on a schedule by age;
  ``NEWSCRAWL_REVISIT_ALL`` makes every story due);
- when the engine starts, each due story is requested again, with ``If-None-Match`` /
  ``If-Modified-Since`` from its last fetch, so an unchanged page costs a ``304`` and no body;
  a ``304`` becomes the ``story_not_modified`` signal (its ``last_seen_at`` moves) and goes no
  further;
- any other request for an archived story is dropped (``newscrawl/revisit/not_due``); when a
  listing linked it, the ``stories_listed`` signal records that the listing still shows it;
- except when the site says the story changed since its last fetch: a feed's, sitemap's or
  listing's date for it moved later (:func:`archive.revisits.edited_since_fetch`). The spider
  asks :meth:`SiteMemory.edited` for every address it finds with dates, and requests such a
  story again with :func:`revisit_request`, conditionally, whatever its age
  (``newscrawl/revisit/edited``).

The spider keeps deciding which links to follow; it reads :attr:`RevisitMiddleware.memory` to
stop paging a listing whose stories are all archived (see ``NEWSCRAWL_STOP_AFTER_KNOWN_PAGES``).
The archive's own side of revisits is :mod:`archive.revisits` (the schedule, what is due) and
:mod:`archive.store.fetches` (validators and next visits, written with each story).

Settings: ``ARCHIVE_URL`` (empty: off), ``NEWSCRAWL_REVISIT_ALL``.
Stats: ``newscrawl/revisit/due``, ``newscrawl/revisit/not_due``,
``newscrawl/revisit/not_modified``, ``newscrawl/revisit/edited``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from scrapy import Request, Spider, signals
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.utils.asyncio import run_in_thread
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from archive.db import SchemaOutOfDate, check_schema, make_engine, make_sessionmaker
from archive.revisits import Due, Fetched, due_stories, edited_since_fetch, site_fetches
from archive.writer import short
from newscrawl.links import site_host
from newscrawl.signals import stories_listed, story_not_modified
from newscrawl.urls import canonical_url

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import Self

    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

_PASSWORD = re.compile(r"(://[^:/@\s]*:)[^@\s]*@")


def check_archive_url(url: str | None) -> None:
    """Raise ``ValueError`` with the value given (its password hidden) when ``ARCHIVE_URL`` is
    no database URL this installation can use; empty means no archive, which is allowed.

    The spider calls it when it is made, so ``scrapy crawl`` refuses the crawl in one line
    before anything starts (a ``+`` posted to Scrapyd without ``--data-urlencode`` arrives
    as a space, for one).
    """
    if not url:
        return
    try:
        make_url(url).get_dialect()
    except ArgumentError as exc:
        shown = _PASSWORD.sub(r"\1***@", url)
        raise ValueError(
            f"setting ARCHIVE_URL={shown!r} is not a database URL this installation can use "
            f"({exc}); give one like sqlite:///data/archive.db or "
            "postgresql+psycopg://user@host/news"
        ) from None


@dataclass
class SiteMemory:
    """The archived stories of one site (canonical URLs and aliases), those due a visit, and
    what each one's last fetch left (validators, the dates the site gave for it)."""

    known: set[str] = field(default_factory=set)
    due: dict[str, Due] = field(default_factory=dict)
    fetches: dict[str, Fetched] = field(default_factory=dict)
    # Stories already asked for again in this crawl (due, or found edited): asked once.
    revisited: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, archive_url: str, host: str, *, everything: bool = False) -> SiteMemory:
        """Read from the archive (blocking: call it from a thread).

        A missing archive, or one whose schema is not current, is empty: the crawl's record
        (:mod:`newscrawl.extensions.crawl_record`) reports the latter and stops the crawl.
        """
        engine = make_engine(archive_url)
        try:
            try:
                check_schema(engine)  # also raises for an archive with no schema yet
            except SchemaOutOfDate:
                return cls()
            with make_sessionmaker(engine)() as session:
                fetches = site_fetches(session, host)
                due = due_stories(session, host, datetime.now(UTC), everything=everything)
        finally:
            engine.dispose()
        return cls(
            known=set(fetches),
            due={d.url: d for d in due},
            fetches=fetches,
            revisited={d.url for d in due},
        )

    def edited(self, url: str, dates: Iterable[tuple[str, datetime]]) -> Fetched | None:
        """The archived story at ``url`` when ``dates`` (source, value) from a feed, sitemap or
        listing say it changed since its last fetch and it is not asked for again yet; else
        None. The story counts as asked for from then on."""
        fetched = self.fetches.get(canonical_url(url))
        if fetched is None or fetched.url in self.revisited:
            return None
        why = edited_since_fetch(fetched, dates, datetime.now(UTC))
        if why is None:
            return None
        logger.debug("Edited since its last fetch (%s): %s", why, fetched.url)
        self.revisited.add(fetched.url)
        return fetched


def revisit_request(
    url: str,
    *,
    etag: str | None,
    last_modified: str | None,
    callback: Callable[..., Any] | None = None,
    errback: Callable[..., Any] | None = None,
    meta: dict[str, Any] | None = None,
) -> Request:
    """A conditional request for an archived story: ``If-None-Match`` / ``If-Modified-Since``
    from its last fetch, so an unchanged page costs a ``304``; the middleware lets it through."""
    return Request(
        url,
        callback=callback,
        errback=errback,
        headers=conditional_headers(etag, last_modified),
        meta={**(meta or {}), "handle_httpstatus_list": [304], "revisit": True},
        # Not dropped by the dupefilter; other links to the story are dropped below.
        dont_filter=True,
    )


def conditional_headers(etag: str | None, last_modified: str | None) -> dict[str, str]:
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


class RevisitPolicy:
    """Which requests for archived stories go out, and with which validators."""

    def __init__(self, memory: SiteMemory) -> None:
        self.memory = memory

    def is_archived(self, url: str) -> bool:
        return canonical_url(url) in self.memory.known

    def conditional_headers(self, url: str) -> dict[str, str]:
        due = self.memory.due.get(url)
        return conditional_headers(due.etag, due.last_modified) if due is not None else {}


class RevisitMiddleware:
    def __init__(self, crawler: Crawler, archive_url: str, *, everything: bool) -> None:
        self.crawler = crawler
        self.archive_url = archive_url
        self.everything = everything
        self.memory = SiteMemory()
        self.policy = RevisitPolicy(self.memory)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        archive_url = crawler.settings.get("ARCHIVE_URL")
        if not archive_url:
            raise NotConfigured("ARCHIVE_URL is empty: no archive to remember the site by")
        middleware = cls(
            crawler, archive_url, everything=crawler.settings.getbool("NEWSCRAWL_REVISIT_ALL")
        )
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(middleware.engine_started, signal=signals.engine_started)
        return middleware

    @classmethod
    def memory_of(cls, crawler: Crawler) -> SiteMemory:
        """The memory the crawl runs with; empty when this middleware is switched off."""
        middleware = crawler.get_downloader_middleware(cls)
        return middleware.memory if middleware is not None else SiteMemory()

    async def spider_opened(self, spider: Spider) -> None:
        start_urls = getattr(spider, "start_urls", None) or []
        if not start_urls:
            return
        try:
            self.memory = await run_in_thread(
                SiteMemory.load,
                self.archive_url,
                site_host(start_urls[0]),
                everything=self.everything,
            )
        except SQLAlchemyError as exc:
            # An unreachable archive stops the crawl (the crawl record says why); any other
            # failure to read it costs only a full crawl.
            logger.warning("Could not read the archive's stories of the site: %s", short(exc))
            return
        self.policy = RevisitPolicy(self.memory)
        self._stats_set("newscrawl/revisit/due", len(self.memory.due))

    def engine_started(self) -> None:
        assert self.crawler.engine is not None and self.crawler.spider is not None
        spider = self.crawler.spider
        for url, due in self.memory.due.items():
            self.crawler.engine.crawl(
                revisit_request(
                    url,
                    etag=due.etag,
                    last_modified=due.last_modified,
                    # The spider's default callback (parse), and its error handler if it has one.
                    errback=getattr(spider, "page_failed", None),
                )
            )

    def process_request(self, request: Request) -> None:
        if request.meta.get("revisit") or not self.policy.is_archived(request.url):
            return
        self._stats_inc("newscrawl/revisit/not_due")
        listing = request.meta.get("listing")
        if listing is not None:
            listing_url, position = listing
            self.crawler.signals.send_catch_log(
                stories_listed,
                listing_url=listing_url,
                stories=[(canonical_url(request.url), position)],
            )
        raise IgnoreRequest(f"archived, and fetched again only when due: {request.url}")

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status == 304 and request.meta.get("revisit"):
            self._stats_inc("newscrawl/revisit/not_modified")
            self.crawler.signals.send_catch_log(
                story_not_modified, url=canonical_url(request.url), fetched_at=datetime.now(UTC)
            )
            raise IgnoreRequest(f"not modified since the last visit: {request.url}")
        return response

    def _stats_inc(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key)

    def _stats_set(self, key: str, value: int) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.set_value(key, value)
