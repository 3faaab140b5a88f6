"""Redis for the scale-out tests: the machine's server (a database of our own, flushed), and
servers of our own on free ports, which a test may stop and start again.

``NEWSCRAWL_TEST_REDIS`` is the machine's server (default ``redis://127.0.0.1:6379``); the
tests use its database :data:`TEST_DB` and flush it before and after. Without the server (or
without ``redis-server`` for a server of our own) a test is skipped, and fails with ``CI=true``
(:func:`tests.services.service_unavailable`). The machine's server is never stopped.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import redis

from tests.services import service_unavailable

REDIS_SERVER_URL = os.environ.get("NEWSCRAWL_TEST_REDIS", "redis://127.0.0.1:6379").rstrip("/")
TEST_DB = 13


def require_redis() -> None:
    try:
        redis.Redis.from_url(REDIS_SERVER_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        service_unavailable(f"Redis at {REDIS_SERVER_URL} ({exc})")


@contextmanager
def redis_database() -> Iterator[str]:
    """The URL of the test database on the machine's server, empty, and emptied afterwards."""
    require_redis()
    url = f"{REDIS_SERVER_URL}/{TEST_DB}"
    client = redis.Redis.from_url(url)
    client.flushdb()
    try:
        yield url
    finally:
        client.flushdb()
        client.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class OwnRedis:
    """``redis-server`` on a free port with its data in ``folder`` (append-only file, fsynced
    at every write), so that it can be stopped and started again with its data."""

    def __init__(self, folder: Path) -> None:
        if shutil.which("redis-server") is None:
            service_unavailable("redis-server (the Redis package)")
        self.folder = folder
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        command = [
            "redis-server", "--bind", "127.0.0.1", "--port", str(self.port),
            "--dir", str(self.folder), "--appendonly", "yes", "--appendfsync", "always",
            "--save", "", "--protected-mode", "yes",
        ]  # fmt: skip
        with (self.folder / "redis.log").open("ab") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=log)
        client = redis.Redis.from_url(self.url, socket_connect_timeout=1)
        deadline = time.monotonic() + 10
        while True:
            try:
                if client.ping():
                    return
            except redis.RedisError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError(f"redis-server did not start; see {self.folder}") from None
                time.sleep(0.05)

    def stop(self) -> None:
        """SIGTERM: Redis shuts down cleanly, its append-only file complete."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)
        self.process = None
