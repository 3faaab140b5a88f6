"""The switch: with ``NEWSCRAWL_REDIS_URL`` the crawl's frontier is shared in Redis.

A Scrapy add-on (``ADDONS`` in :mod:`newscrawl.settings`), because add-ons see the settings
after ``-s NAME=VALUE`` and the environment are applied, and before any component is built.
Without ``NEWSCRAWL_REDIS_URL`` it changes nothing: the crawl is the ordinary single-process one
with the durable SQLite frontier. With it, the scheduler is
:class:`newscrawl.scaleout.scheduler.RedisScheduler` (the SQLite frontier's scheduler and spider
middleware are then not used; the latter switches itself off) and
:class:`newscrawl.scaleout.pages.LeaseSpiderMiddleware` says when pages are done.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.settings import SETTINGS_PRIORITIES

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

SCHEDULER = "newscrawl.scaleout.scheduler.RedisScheduler"
SPIDER_MIDDLEWARE = "newscrawl.scaleout.pages.LeaseSpiderMiddleware"
FRONTIER_SPIDER_MIDDLEWARE = "newscrawl.frontier.FrontierSpiderMiddleware"


class ScaleOut:
    def update_settings(self, settings: BaseSettings) -> None:
        if not settings.get("NEWSCRAWL_REDIS_URL"):
            return
        project = SETTINGS_PRIORITIES["project"]
        # The project's own scheduler is set at project priority; an explicit -s SCHEDULER wins.
        if (settings.getpriority("SCHEDULER") or 0) <= project:
            settings.set("SCHEDULER", SCHEDULER, priority=project)
        # Where the frontier's spider middleware sits: told when each callback is over. The
        # frontier's own is switched off here: its scheduler check passes for any scheduler
        # (Scrapy's BaseScheduler metaclass answers isinstance/issubclass by duck typing).
        settings["SPIDER_MIDDLEWARES"][FRONTIER_SPIDER_MIDDLEWARE] = None
        settings["SPIDER_MIDDLEWARES"][SPIDER_MIDDLEWARE] = 10
