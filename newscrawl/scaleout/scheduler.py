"""The scheduler of a crawl shared by several workers: scrapy-redis's, with leases.

:class:`RedisScheduler` extends ``scrapy_redis.scheduler.Scheduler``: requests go to a Redis
queue shared by every worker of the crawl (:class:`newscrawl.scaleout.queue.LeasedQueue`,
JSON-encoded), past a Redis dupefilter (:class:`newscrawl.scaleout.dupefilter.RedisDupeFilter`),
so each page is fetched by one worker once. What it adds:

- **leases**: a request handed out stays in Redis, leased to this worker, until its page is in a
  recorded state (:mod:`newscrawl.scaleout.pages`); the worker renews its leases, and any worker
  puts expired ones (their holder was killed) back at the front of the queue. Retries and
  redirects of a leased request stay with this worker under the same lease.
- **local requests**: what is not a page of the site (the spider's ``data:`` bookkeeping) stays
  in this worker's memory; revisits of archived stories are shared, one worker each.
- **a crawl's life**: the keys live as long as the crawl (the frontier persists across runs);
  a worker closes when the shared frontier (queue and leases) has stayed empty for
  ``NEWSCRAWL_REDIS_IDLE_CLOSE`` seconds, and the first to close that way deletes the keys, so
  the next run is a new (incremental) crawl. Closed otherwise (Ctrl-C, a page budget), a worker
  gives its leases back at once and the keys stay: the next run resumes. A worker that starts
  on keys that no live worker holds resumes an interrupted crawl, and says so in the stats
  (``newscrawl/frontier/resumed``: listings are then walked to their end, as after a resumed
  single-process crawl).
- **round trips**: the client is synchronous (Scrapy asks its scheduler synchronously), so each
  round trip holds up the worker's reactor; requests accepted and leases released are sent
  together in one pipelined round trip at the next request (or tick), pushes first, and
  :data:`LEASE_AHEAD` requests are leased at once. A duplicate is therefore accepted here and
  dropped in Redis, counted in ``dupefilter/filtered``.
- **outages**: Redis restarting or unreachable (:mod:`newscrawl.scaleout.outage`): requests
  wait in memory, leases are released later, the worker backs off and reconnects, and does not
  close meanwhile; after ``NEWSCRAWL_REDIS_OUTAGE_DEADLINE`` seconds it stops (reason
  ``redis_unreachable``, leases left to expire).

Keys: ``newscrawl:<site>-<digest>:{queue,leases,parked,seq,seen,state,workers}``, the digest
over the start URLs and ``ARCHIVE_URL`` (as :func:`newscrawl.frontier.frontier_path`): workers
of one crawl give the same ``-a url=`` and archive.

Settings: ``NEWSCRAWL_REDIS_URL``, ``NEWSCRAWL_REDIS_LEASE`` (seconds a lease lasts unless
renewed), ``NEWSCRAWL_REDIS_IDLE_CLOSE``, ``NEWSCRAWL_REDIS_OUTAGE_DEADLINE``.
Stats: ``newscrawl/scaleout/leased``, ``.../released``, ``.../requeued`` (expired leases of
others this worker put back), ``.../given_back``, ``.../poisoned``, ``.../outages``,
``newscrawl/frontier/resumed``.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import socket
import time
import uuid
from collections import deque
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from redis import Redis
from redis.backoff import NoBackoff
from redis.connection import parse_url
from redis.retry import Retry
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.utils.asyncio import create_looping_call
from scrapy.utils.defer import deferred_from_coro
from scrapy_redis.scheduler import Scheduler as ScrapyRedisScheduler

from newscrawl import signals as newscrawl_signals
from newscrawl.frontier import RESUMED_STAT, is_kept, request_key
from newscrawl.scaleout.codec import PoisonedEntry
from newscrawl.scaleout.dupefilter import RedisDupeFilter
from newscrawl.scaleout.outage import Outage, RedisDown, redacted
from newscrawl.scaleout.pages import LEASE_META, LeaseEnd, PageTracker
from newscrawl.scaleout.queue import LeasedQueue

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request, Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

# How often (seconds) the worker looks after its leases, Redis and an idle engine.
TICK = 0.5
# A worker is alive while it said so within this many seconds (it says so every third of it).
ALIVE = 3.0
# Requests leased at once (one round trip); a killed worker's go back when their leases expire.
LEASE_AHEAD = 4
REDIS_UNREACHABLE = "redis_unreachable"

# Joining a crawl, atomically: who else is alive, and whether the crawl is a resumed one.
_JOIN = """
local created = redis.call('HSETNX', KEYS[1], 'started', ARGV[1])
local live = redis.call('ZCOUNT', KEYS[2], ARGV[2], '+inf')
redis.call('ZADD', KEYS[2], ARGV[1], ARGV[3])
if created == 0 and live == 0 then redis.call('HSET', KEYS[1], 'resumed', '1') end
return redis.call('HGET', KEYS[1], 'resumed') or '0'
"""
# The crawl is over when nothing is queued or leased: its keys go, the next run starts afresh.
_FINISH = """
redis.call('ZREM', KEYS[7], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[7], '-inf', ARGV[2])  -- workers that died
if redis.call('ZCARD', KEYS[1]) > 0 or redis.call('ZCARD', KEYS[2]) > 0 then return 0 end
return redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6])
"""


@dataclass
class _Unsent:
    """A request accepted, encoded, waiting for the next round trip to Redis."""

    request: Request
    entry: str
    priority: int
    #: The dupefilter's fingerprint; empty for a request not to be filtered.
    fingerprint: str


def crawl_prefix(crawler: Crawler, spider: Spider) -> str:
    """The keys' prefix: one crawl per site, start URLs and archive."""
    start_urls = list(getattr(spider, "start_urls", None) or [])
    netloc = urlsplit(start_urls[0]).netloc if start_urls else ""
    site = re.sub(r"[^A-Za-z0-9.-]+", "_", netloc) or spider.name
    scope = "\n".join([*start_urls, crawler.settings.get("ARCHIVE_URL") or ""])
    return f"newscrawl:{site}-{hashlib.sha256(scope.encode()).hexdigest()[:12]}"


def check_redis_url(url: str) -> None:
    """ValueError naming ``url`` (its password hidden) when it is not a Redis URL; the crawl
    command checks this before a crawl starts."""
    try:
        parse_url(url)  # type: ignore[no-untyped-call]
    except ValueError as exc:
        raise ValueError(
            f"NEWSCRAWL_REDIS_URL={redacted(url)!r} is not a Redis URL ({exc});"
            " give redis://:PASSWORD@HOST:6379/0"
        ) from None


def connect(url: str) -> Redis:
    """A client that fails fast: the scheduler's own back-off retries, without blocking the
    reactor in redis-py's retry sleeps."""
    check_redis_url(url)
    try:
        client: Redis = Redis.from_url(
            url,
            decode_responses=True,
            socket_connect_timeout=3,
            socket_timeout=10,
            retry=Retry(NoBackoff(), 0),
        )
    except ValueError as exc:
        raise ValueError(
            f"NEWSCRAWL_REDIS_URL={redacted(url)!r} is not a Redis URL ({exc});"
            " give redis://:PASSWORD@HOST:6379/0"
        ) from None
    return client


class RedisScheduler(ScrapyRedisScheduler):  # type: ignore[misc]
    queue: LeasedQueue
    df: RedisDupeFilter

    def __init__(
        self,
        crawler: Crawler,
        server: Redis,
        url: str,
        *,
        lease_seconds: float,
        idle_close: float,
        outage_deadline: float,
    ) -> None:
        super().__init__(server, persist=True)
        self.crawler = crawler
        self.stats = crawler.stats
        self.url = url
        self.lease_seconds = lease_seconds
        self.idle_close = idle_close
        self.outage_deadline = outage_deadline
        self.worker = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.outage = Outage(redacted(url))
        self.pages = PageTracker(self)
        #: Requests that stay with this worker: its bookkeeping, retries and redirects.
        self.local: deque[Request] = deque()
        #: Requests accepted while Redis was down, pushed when it answers.
        self.unsent: list[_Unsent] = []
        #: Leases held -> the key of the page each stands for; parked ones; released while down.
        self.held: dict[str, str] = {}
        self.parked: set[str] = set()
        self.unreleased: list[str] = []
        #: Requests leased in advance, handed out next.
        self.ahead: deque[tuple[str, str]] = deque()
        self.joined = False
        self.empty_since: float | None = None
        self.next_care = 0.0
        self.next_beat = 0.0
        self.loop: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        url = settings.get("NEWSCRAWL_REDIS_URL")
        scheduler = cls(
            crawler,
            connect(url),
            url,
            lease_seconds=settings.getfloat("NEWSCRAWL_REDIS_LEASE"),
            idle_close=settings.getfloat("NEWSCRAWL_REDIS_IDLE_CLOSE"),
            outage_deadline=settings.getfloat("NEWSCRAWL_REDIS_OUTAGE_DEADLINE"),
        )
        pages = scheduler.pages
        connect_signal = crawler.signals.connect
        connect_signal(pages.story_recorded, signal=signals.item_scraped)
        connect_signal(pages.story_recorded, signal=signals.item_dropped)
        connect_signal(pages.story_recorded, signal=signals.item_error)
        connect_signal(pages.page_judged, signal=newscrawl_signals.page_judged)
        connect_signal(pages.page_problem, signal=newscrawl_signals.page_problem)
        connect_signal(pages.story_not_modified, signal=newscrawl_signals.story_not_modified)
        connect_signal(scheduler.spider_idle, signal=signals.spider_idle)
        return scheduler

    # --- opening and closing ---------------------------------------------------------------

    def open(self, spider: Spider) -> None:
        self.spider = spider
        prefix = crawl_prefix(self.crawler, spider)
        self.prefix = prefix
        self.queue = LeasedQueue(self.server, spider, prefix)
        self.df = RedisDupeFilter(
            self.server,
            f"{prefix}:seen",
            self.crawler.request_fingerprinter,
            self.stats,
            debug=self.crawler.settings.getbool("DUPEFILTER_DEBUG"),
        )
        self._join_script = self.server.register_script(_JOIN)
        self._finish_script = self.server.register_script(_FINISH)
        logger.info("Sharing the crawl frontier at %s, keys %s:*", self.outage.where, prefix)
        self._join()
        self.loop = create_looping_call(self._tick)
        self.loop.start(TICK, now=False)

    def _keys(self, *names: str) -> list[str]:
        return [f"{self.prefix}:{name}" for name in names]

    def _join(self) -> None:
        """Register as a worker; a crawl nobody alive holds is a resumed one."""
        now = time.time()
        try:
            resumed = self.outage.call(
                lambda: self._join_script(
                    keys=self._keys("state", "workers"),
                    args=[now, now - ALIVE, self.worker],
                )
            )
            queued, leased, _parked = self.outage.call(self.queue.counts)
        except RedisDown:
            return  # tried again at the next tick
        self.joined = True
        if str(resumed) == "1":
            self._set_stat(RESUMED_STAT, queued + leased)
            logger.info(
                "Resuming an interrupted crawl from Redis: %d requests queued, %d leased",
                queued,
                leased,
            )
        elif queued or leased:
            logger.info("Joining a crawl in progress: %d requests queued", queued)

    def close(self, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        try:
            self._flush()
            if reason == "finished" and not self.held and not self.local and not self.unsent:
                over = self.outage.call(
                    lambda: self._finish_script(
                        keys=self._keys("queue", "leases", "parked", "seq", "seen", "state")
                        + self._keys("workers"),
                        args=[self.worker, time.time() - ALIVE],
                    )
                )
                if over:
                    logger.info("The shared crawl frontier is empty: the crawl is over")
            else:
                leases = list(self.held)
                self.outage.call(lambda: self.queue.give_back(leases))
                self._inc("newscrawl/scaleout/given_back", len(leases))
                self.held.clear()
                self.outage.call(lambda: self.server.zrem(f"{self.prefix}:workers", self.worker))
                logger.info("The shared crawl frontier is kept for the next run (%s)", reason)
        except RedisDown:
            logger.warning(
                "Redis at %s is unreachable at close: %d leases expire in %.0f s and go back"
                " to the queue then; %d requests not sent are lost to this run",
                self.outage.where,
                len(self.held),
                self.lease_seconds,
                len(self.unsent),
            )

    # --- Scrapy's scheduler interface ------------------------------------------------------

    def enqueue_request(self, request: Request) -> bool:
        lease = request.meta.get(LEASE_META)
        if isinstance(lease, str) and lease in self.held:
            return self._enqueue_held(request, lease)
        request.meta.pop(LEASE_META, None)
        if not is_kept(self.spider, request) and not request.meta.get("revisit"):
            self.local.append(request)
            return True
        # Sent with the next round trip (a page's links together, see _flush); a duplicate is
        # dropped then, counted in dupefilter/filtered.
        if request.meta.get("revisit"):
            fingerprint = "revisit:" + self.df.request_fingerprint(request)
        else:
            fingerprint = "" if request.dont_filter else self.df.request_fingerprint(request)
        entry = self.queue._encode_request(request)
        self.unsent.append(_Unsent(request, entry, request.priority, fingerprint))
        return True

    def _enqueue_held(self, request: Request, lease: str) -> bool:
        """A retry, or a redirect, of a request this worker holds: it stays here."""
        moved = request_key(request.url) != self.held[lease]
        if moved and not request.dont_filter:
            try:
                seen = self.outage.call(lambda: self.df.request_seen(request))
            except RedisDown:
                seen = False  # fetched here, at worst once more than needed
            if seen:
                # Where it redirects to is another page, fetched by whoever met it first.
                self.df.log(request, self.spider)
                self.release(lease)
                return False
        self.local.append(request)
        return True

    def next_request(self) -> Request | None:
        if self.local:
            return self.local.popleft()
        try:
            self._flush()
            return self._lease_next()
        except RedisDown:
            return None

    def _lease_next(self) -> Request | None:
        while True:
            if not self.ahead:
                expires = time.time() + self.lease_seconds
                self.ahead.extend(
                    self.outage.call(partial(self.queue.lease, self.worker, expires, LEASE_AHEAD))
                )
                self.held.update(dict.fromkeys([lease for _text, lease in self.ahead], ""))
            if not self.ahead:
                return None
            text, lease = self.ahead.popleft()
            try:
                request = self.queue._decode_request(text)
            except PoisonedEntry as exc:
                logger.error(
                    "Dropped an entry of the Redis queue %s that is not a request (%s): %.120r",
                    self.queue.key,
                    exc,
                    text,
                )
                self._inc("newscrawl/scaleout/poisoned")
                self.held.pop(lease, None)
                self.unreleased.append(lease)
                continue
            self.held[lease] = request_key(request.url)
            request.meta[LEASE_META] = lease
            request.errback = LeaseEnd(self, lease, request.errback)
            self._inc("newscrawl/scaleout/leased")
            self._inc("scheduler/dequeued/redis")
            return request

    def has_pending_requests(self) -> bool:
        if self.local or self.ahead:
            return True
        try:
            # In an outage: not idle, so not closed as finished.
            self._flush()
            queued, leased, parked = self.outage.call(self.queue.counts)
        except RedisDown:
            return True
        mine = len(self.held) - len(self.parked)
        # Others' pages in progress may give new requests; parked pages wait for everyone.
        return queued > 0 or leased - parked - mine > 0

    def __len__(self) -> int:
        try:
            queued = self.outage.call(lambda: len(self.queue))
        except RedisDown:
            queued = 0
        return len(self.local) + len(self.unsent) + len(self.ahead) + queued

    # --- leases ----------------------------------------------------------------------------

    def release(self, lease: str) -> None:
        if self.held.pop(lease, None) is None:
            return
        self.parked.discard(lease)
        # Sent with the next round trip: at the next request, or tick, at the latest.
        self.unreleased.append(lease)
        self._inc("newscrawl/scaleout/released")

    def park(self, lease: str) -> None:
        if lease in self.held and lease not in self.parked:
            self.parked.add(lease)
            # Parking only lets other workers go idle sooner: no loss if Redis is down now.
            with contextlib.suppress(RedisDown):
                self.outage.call(lambda: self.queue.park(lease))

    def waiting_urls(self) -> set[str]:
        return {str(getattr(page, "url", "")) for page in getattr(self.spider, "waiting", [])}

    def _flush(self) -> None:
        """Send what waits for Redis in one round trip: the requests accepted since the last
        one, then the leases released (a page's requests are in Redis before its lease goes)."""
        if not self.unsent and not self.unreleased:
            return
        unsent, releases = self.unsent, self.unreleased
        pushes = [(u.entry, u.priority, u.fingerprint) for u in unsent]
        pushed = self.outage.call(lambda: self.queue.send(pushes, releases))
        self.unsent, self.unreleased = [], []
        for item, was_pushed in zip(unsent, pushed, strict=True):
            if was_pushed:
                self._inc("scheduler/enqueued/redis")
            elif not item.fingerprint.startswith("revisit:"):  # another worker revisits it
                self.df.log(item.request, self.spider)

    # --- every tick: leases, Redis, an idle engine -----------------------------------------

    def _tick(self) -> None:
        if self.outage.down:
            if self.outage.seconds() > self.outage_deadline:
                self._give_up()
                return
            try:
                self.outage.call(self.server.ping)
            except RedisDown:
                return
            # Back after an outage: renew at once, before our leases can be taken for expired.
            self.next_care = 0.0
        try:
            if not self.joined:
                self._join()
            self._flush()
            now = time.time()
            if now >= self.next_care:
                self._care(now)
            elif now >= self.next_beat:
                self._beat(now)
        except RedisDown:
            return
        # The engine asks the scheduler again only every 5 s when it has nothing in progress;
        # requests other workers queue meanwhile should not wait that long.
        slot = getattr(self.crawler.engine, "_slot", None)
        if slot is not None:
            slot.nextcall.schedule()

    def _beat(self, now: float) -> None:
        """Say this worker is alive (a worker starting on keys nobody alive holds resumes)."""
        self.next_beat = now + ALIVE / 3
        self.outage.call(lambda: self.server.zadd(f"{self.prefix}:workers", {self.worker: now}))

    def _care(self, now: float) -> None:
        """Renew this worker's leases and heartbeat; put others' expired leases back."""
        self.next_care = now + self.lease_seconds / 3
        expires = now + self.lease_seconds
        leases = list(self.held)
        self.outage.call(lambda: self.queue.renew(leases, expires))
        self._beat(now)
        requeued = self.outage.call(lambda: self.queue.requeue_expired(now))
        if requeued:
            logger.warning(
                "%d expired leases (a worker stopped before its pages were done) are back in"
                " the queue",
                requeued,
            )
            self._inc("newscrawl/scaleout/requeued", requeued)

    def _give_up(self) -> None:
        if self.crawler.engine is None or self.stats is None:
            return
        if self.stats.get_value("newscrawl/scaleout/redis_unreachable"):
            return
        self.stats.set_value("newscrawl/scaleout/redis_unreachable", 1)
        logger.error(
            "Redis at %s has not answered for %.0f s (NEWSCRAWL_REDIS_OUTAGE_DEADLINE): this"
            " worker stops; its leases go back to the queue when they expire",
            self.outage.where,
            self.outage.seconds(),
        )
        deferred_from_coro(self.crawler.engine.close_spider_async(reason=REDIS_UNREACHABLE))

    # --- closing when the shared frontier stays empty ----------------------------------------

    def spider_idle(self, spider: Spider) -> None:
        # Nothing is in progress here: a lease still held and not parked stood for work that
        # is over (a safety net; the page rules release it earlier).
        for lease in [lease for lease in self.held if lease not in self.parked]:
            self.release(lease)
        try:
            self._flush()
            queued, leased, _parked = self.outage.call(self.queue.counts)
        except RedisDown:
            raise DontCloseSpider from None
        now = time.monotonic()
        if queued or leased or self.local or self.unsent:
            self.empty_since = None
            raise DontCloseSpider
        if self.empty_since is None:
            self.empty_since = now
        if now - self.empty_since < self.idle_close:
            raise DontCloseSpider

    # --- stats -----------------------------------------------------------------------------

    def _inc(self, key: str, count: int = 1) -> None:
        if self.stats is not None:
            self.stats.inc_value(key, count)

    def _set_stat(self, key: str, value: int) -> None:
        if self.stats is not None:
            self.stats.set_value(key, value)
