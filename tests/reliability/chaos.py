"""Crawls in a subprocess that the tests can kill, and what the archive holds afterwards."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from demosite.process import ROOT

SCRAPY = str(Path(sys.executable).with_name("scrapy"))


@dataclass
class CrawlCommand:
    """``scrapy crawl site`` against ``url`` into the archive at ``archive_url``."""

    url: str
    archive_url: str
    workdir: Path
    settings: dict[str, str] = field(default_factory=dict)

    def argv(self) -> list[str]:
        argv = [SCRAPY, "crawl", "site", "-a", f"url={self.url}"]
        values = {
            "ARCHIVE_URL": self.archive_url,
            "AUTOTHROTTLE_ENABLED": "false",
            "CONCURRENT_REQUESTS_PER_DOMAIN": "16",
            "ARCHIVE_FLUSH_INTERVAL": "0.1",
            # Small batches: the kills land between stories, not between big batches.
            "ARCHIVE_BATCH_SIZE": "10",
            "NEWSCRAWL_FRONTIER_DIR": str(self.workdir / "frontier"),
            "ARCHIVE_SPOOL_DIR": str(self.workdir / "spool"),
            "ARCHIVE_FAILED_FILE": str(self.workdir / "failed.jsonl"),
            "LOG_LEVEL": "INFO",
            **self.settings,
        }
        for name, value in values.items():
            argv += ["-s", f"{name}={value}"]
        return argv

    def start(self, log: str) -> subprocess.Popen[bytes]:
        env = {**os.environ, "NEWSCRAWL_ALLOW_PRIVATE_NETWORKS": "true"}
        with (self.workdir / log).open("wb") as out:  # the child has its own descriptor
            return subprocess.Popen(self.argv(), cwd=ROOT, env=env, stdout=out, stderr=out)

    def run(self, log: str, timeout: float = 240) -> int:
        return self.start(log).wait(timeout=timeout)

    def run_and_kill(self, log: str, *, after_stories: int, db: Path, timeout: float = 240) -> int:
        """Start the crawl, ``kill -9`` it once the archive holds ``after_stories`` stories;
        returns how many it held at the kill."""
        process = self.start(log)
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                stored = story_count(db)
                if stored >= after_stories:
                    process.send_signal(signal.SIGKILL)
                    process.wait(timeout=30)
                    return stored
                if process.poll() is not None:
                    raise AssertionError(f"the crawl ended before {after_stories} stories")
                time.sleep(0.05)
            raise AssertionError("the crawl did not store enough stories in time")
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()


def story_count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as connection:
            return int(connection.execute("SELECT count(*) FROM story").fetchone()[0])
    except sqlite3.OperationalError:  # no schema yet, or locked for a moment
        return 0
