"""When a leased request is done: the durable frontier's rules, applied to leases.

A lease is released when its page reaches a recorded state, by the same rules as
:class:`newscrawl.frontier.FrontierScheduler` marks a request done (read that module first):

- the page's callback has given all its output (:class:`LeaseSpiderMiddleware`, the
  counterpart of :class:`newscrawl.frontier.FrontierSpiderMiddleware`) and it gave no story and
  does not wait for a verdict; a waiting page's lease is *parked* (held, renewed, but no other
  worker waits for it) until the page is judged;
- a story page when its story is archived, dropped as a copy, or failed with its reason
  (``item_scraped``, ``item_dropped``, ``item_error``);
- a page judged later (``page_judged``) or given up with a reason (``page_problem``);
- a revisit answered ``304`` (``story_not_modified``);
- a request that ends in an error or is ignored (robots.txt, offsite, not due): its errback is
  wrapped when it is handed out (:class:`LeaseEnd`), so its lease ends with it;
- a callback that raised: the spider error is recorded by the crawl record.

Anything still held when the worker has nothing in progress (``spider_idle``) and is not parked
is released then: a safety net, so that a lease can never outlive the work it stood for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from newscrawl.frontier import PageOutcomeMiddleware, PageStates, request_key

if TYPE_CHECKING:
    from collections.abc import Callable

    from scrapy import Request
    from twisted.python.failure import Failure

#: The meta key under which a request handed out carries its lease (kept by retries and
#: redirects, which Scrapy makes as copies of the request).
LEASE_META = "newscrawl_lease"


class LeaseHolder(Protocol):
    def release(self, lease: str) -> None: ...
    def park(self, lease: str) -> None: ...
    def waiting_urls(self) -> set[str]: ...


class PageTracker(PageStates):
    """Which lease stands for which page; a page done (by the rules of
    :class:`newscrawl.frontier.PageStates`) releases its lease, a waiting one parks it."""

    def __init__(self, holder: LeaseHolder) -> None:
        self.holder = holder
        #: Page key (canonical URL of the request fetched) -> its lease.
        self.leases: dict[str, str] = {}
        self.init_page_states()

    def page_started(self, request: Request) -> None:
        super().page_started(request)
        lease = request.meta.get(LEASE_META)
        if isinstance(lease, str):
            self.leases[request_key(request.url)] = lease

    def waiting_urls(self) -> set[str]:
        return self.holder.waiting_urls()

    def page_waits(self, key: str) -> None:
        lease = self.leases.get(key)
        if lease is not None:
            self.holder.park(lease)

    def page_done(self, key: str) -> None:
        lease = self.leases.pop(key, None)
        if lease is not None:
            self.holder.release(lease)

    def story_not_modified(self, url: str, fetched_at: Any) -> None:
        self.page_done(request_key(url))


class LeaseEnd:
    """A leased request's errback: the spider's own, then the lease is released.

    A callable object rather than a closure, so that it shows in logs and debuggers what it is.
    """

    def __init__(
        self, holder: LeaseHolder, lease: str, errback: Callable[[Failure], Any] | None
    ) -> None:
        self.holder = holder
        self.lease = lease
        self.errback = errback

    def __call__(self, failure: Failure) -> Any:
        try:
            # No errback: Scrapy logs a returned Failure as it would have without us.
            return self.errback(failure) if self.errback is not None else failure
        finally:
            self.holder.release(self.lease)

    def __repr__(self) -> str:
        return f"<LeaseEnd of {self.errback!r}>"


class LeaseSpiderMiddleware(PageOutcomeMiddleware):
    """Tells the scheduler's :class:`PageTracker` when a page's callback has given all its
    output (also the errback's, for an HTTP error answer)."""

    @classmethod
    def scheduler_class(cls) -> type:
        from newscrawl.scaleout.scheduler import RedisScheduler

        return RedisScheduler

    def tracker(self, scheduler: Any) -> PageStates | None:
        tracker: PageStates | None = getattr(scheduler, "pages", None)
        return tracker
