"""Redis restarting or unreachable: back off and try again, never crash the worker.

Every Redis call of the scheduler goes through :meth:`Outage.call`. A connection error starts
(or continues) an outage: the call raises :class:`RedisDown`, and no call is tried again before
the back-off has passed (0.5 s, doubled after each failure, at most 8 s), so a worker neither
crashes nor spins while Redis restarts. The first success ends the outage and is logged with
its length.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import urlsplit, urlunsplit

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

if TYPE_CHECKING:
    from collections.abc import Callable

logger = logging.getLogger(__name__)

T = TypeVar("T")
FIRST_DELAY = 0.5
LONGEST_DELAY = 8.0
# BusyLoadingError (a restarted server still reading its data) is a ConnectionError.
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class RedisDown(Exception):
    """Redis did not answer, or is not tried again yet (back-off)."""


def redacted(url: str) -> str:
    """The Redis URL without its password, for logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


class Outage:
    """The state of the connection: up, or down since when and tried again when."""

    def __init__(self, where: str, clock: Callable[[], float] = time.monotonic) -> None:
        self.where = where
        self.clock = clock
        self.down_since: float | None = None
        self.retry_at = 0.0
        self.delay = FIRST_DELAY
        self.count = 0

    @property
    def down(self) -> bool:
        return self.down_since is not None

    def seconds(self) -> float:
        return 0.0 if self.down_since is None else self.clock() - self.down_since

    def call(self, operation: Callable[[], T]) -> T:
        if self.down_since is not None and self.clock() < self.retry_at:
            raise RedisDown(self.where)
        try:
            result = operation()
        except UNREACHABLE as exc:
            self._failed(exc)
            raise RedisDown(self.where) from exc
        if self.down_since is not None:
            logger.warning(
                "Redis at %s answers again after %.1f s; the crawl goes on",
                self.where,
                self.seconds(),
            )
            self.down_since = None
            self.delay = FIRST_DELAY
        return result

    def _failed(self, exc: BaseException) -> None:
        now = self.clock()
        if self.down_since is None:
            self.down_since = now
            self.count += 1
            logger.warning(
                "Redis at %s does not answer (%s); retrying with back-off, nothing is lost",
                self.where,
                exc,
            )
        else:
            self.delay = min(self.delay * 2, LONGEST_DELAY)
        self.retry_at = now + self.delay
