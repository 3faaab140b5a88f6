"""Fixtures of the scale-out tests: a Redis database of their own, a Redis server of their own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.scaleout.redis_service import OwnRedis, redis_database


@pytest.fixture
def redis_url() -> Iterator[str]:
    """The test database of the machine's Redis, flushed before and after."""
    with redis_database() as url:
        yield url


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[OwnRedis]:
    """A redis-server of the test's own, on a free port, which the test may restart."""
    server = OwnRedis(tmp_path / "redis")
    server.start()
    try:
        yield server
    finally:
        server.stop()
