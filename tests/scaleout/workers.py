"""Several ``scrapy crawl site`` workers sharing one Redis frontier, and what they left behind."""

from __future__ import annotations

import re
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import redis

from demosite.process import RunningSite
from tests.reliability.chaos import CrawlCommand
from tests.services import _libpq


@dataclass
class Workers:
    """``count`` workers crawling ``site`` into the archive at ``archive_url``."""

    site: RunningSite
    archive_url: str
    redis_url: str
    folder: Path
    count: int = 3
    settings: dict[str, str] = field(default_factory=dict)
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def command(self, n: int) -> CrawlCommand:
        workdir = self.folder / f"worker{n}"
        workdir.mkdir(parents=True, exist_ok=True)
        values = {
            "NEWSCRAWL_REDIS_URL": self.redis_url,
            # No SQLite frontier (and no lock on it): the frontier is Redis.
            "NEWSCRAWL_FRONTIER_DIR": "",
            "NEWSCRAWL_REDIS_IDLE_CLOSE": "2",
            **self.settings,
        }
        return CrawlCommand(self.site.url, self.archive_url, workdir, values)

    def start(self) -> None:
        for n in range(self.count):
            self.processes.append(self.command(n).start("crawl.log"))
            time.sleep(0.3)  # workers join a crawl in progress, as on several machines

    def wait(self, timeout: float = 180) -> list[int | None]:
        deadline = time.monotonic() + timeout
        codes = []
        for process in self.processes:
            try:
                codes.append(process.wait(timeout=max(1.0, deadline - time.monotonic())))
            except subprocess.TimeoutExpired:
                codes.append(None)
        return codes

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.kill()
                process.wait()

    def log(self, n: int) -> str:
        return (self.folder / f"worker{n}" / "crawl.log").read_text(errors="replace")

    def stat(self, n: int, key: str) -> int:
        found = re.search(rf"'{re.escape(key)}': (\d+)", self.log(n))
        return int(found.group(1)) if found else 0

    def leases_of(self, n: int) -> list[str]:
        """The leases worker ``n`` holds now."""
        pid = self.processes[n].pid
        client = redis.Redis.from_url(self.redis_url, decode_responses=True)
        try:
            keys = client.keys("newscrawl:*:leases")
            return [
                lease
                for key in keys
                for lease in client.zrange(key, 0, -1)
                if lease.split("|", 1)[0].split(":")[1:2] == [str(pid)]
            ]
        finally:
            client.close()


def stories(archive_url: str) -> list[str]:
    """The URLs of the stories in the archive (one per row)."""
    try:
        with psycopg.connect(_libpq(archive_url)) as connection:
            return [row[0] for row in connection.execute("SELECT url FROM story")]
    except psycopg.errors.UndefinedTable:
        return []


def wait_for_stories(archive_url: str, count: int, workers: Workers, timeout: float = 120) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        stored = len(stories(archive_url))
        if stored >= count:
            return stored
        if all(process.poll() is not None for process in workers.processes):
            raise AssertionError(f"the workers ended before {count} stories")
        time.sleep(0.1)
    raise AssertionError(f"fewer than {count} stories after {timeout} s")


def assert_every_article_once(archive_url: str, site: RunningSite) -> None:
    truth = {story["url"] for story in site.ground_truth()}
    urls = stories(archive_url)
    assert len(urls) == len(set(urls)), "no story twice"
    missing, extra = sorted(truth - set(urls)), sorted(set(urls) - truth)
    assert not missing and not extra, f"missing {missing[:5]} ({len(missing)}), extra {extra[:5]}"
