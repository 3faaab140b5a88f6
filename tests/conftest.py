"""Shared fixtures: the demo news site over real HTTP, crawls run in-process, real databases."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"
DEMO_ARTICLES = 60
DEMO_SEED = 7


@dataclass
class RunningSite:
    url: str
    articles: int
    seed: int
    legacy_url: str | None = None
    week: int = 0
    edits: int = 0

    def demo(self) -> Any:
        from newscrawl.demosite import DemoSite

        return DemoSite(articles=self.articles, seed=self.seed, week=self.week, edits=self.edits)

    def ground_truth(self) -> list[dict[str, Any]]:
        return list(self.demo().ground_truth(self.url, self.legacy_url))

    def server_stats(self, *, reset: bool = False) -> dict[str, dict[str, int]]:
        """What the demo server answered, by kind of page and status (``/__stats__``)."""
        import json
        from urllib.request import urlopen

        with urlopen(self.url + "__stats__" + ("?reset=1" if reset else "")) as answer:
            stats: dict[str, dict[str, int]] = json.load(answer)
        return stats


class DemoSiteProcess:
    """``newscrawl demo-site`` in a subprocess; port 0 picks free ports, read back here."""

    def __init__(
        self,
        articles: int,
        seed: int,
        *,
        port: int = 0,
        legacy_port: int | None = 0,
        week: int = 0,
        edits: int = 0,
    ) -> None:
        command = [
            sys.executable, "-m", "newscrawl.cli", "demo-site", "--port", str(port),
            "--articles", str(articles), "--seed", str(seed), "--week", str(week),
            "--edits", str(edits),
        ]  # fmt: skip
        if legacy_port is not None:
            command += ["--legacy-port", str(legacy_port)]
        self.proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        self.site = RunningSite(self._read_url(), articles, seed, week=week, edits=edits)
        if legacy_port is not None:
            self.site.legacy_url = self._read_url()

    def _read_url(self) -> str:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if "http://" not in line:
            self.stop()
            raise RuntimeError(f"the demo site did not start: {line!r}")
        return line[line.index("http://") :].strip()

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)
        if self.proc.stdout is not None:
            self.proc.stdout.close()


def start_demo_site(articles: int, seed: int) -> tuple[subprocess.Popen[str], str]:
    """A demo site without a legacy origin, for the benchmarks: its process and URL."""
    process = DemoSiteProcess(articles, seed, legacy_port=None)
    return process.proc, process.site.url


@pytest.fixture(scope="session")
def demo_site() -> Iterator[RunningSite]:
    process = DemoSiteProcess(DEMO_ARTICLES, DEMO_SEED)
    try:
        yield process.site
    finally:
        process.stop()


def service_unavailable(what: str) -> None:
    """Skip on a laptop without the service; fail in CI, where it must be there."""
    if IN_CI:
        pytest.fail(f"{what} is not reachable, and CI=true: .ci/run must start it")
    pytest.skip(f"{what} is not reachable; start it to run this test")


@pytest.fixture(scope="session")
def postgres_server_url() -> str:
    """The base URL of the real PostgreSQL server (``NEWSCRAWL_TEST_POSTGRES`` overrides)."""
    base = os.environ.get(
        "NEWSCRAWL_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    )
    try:
        import psycopg

        with psycopg.connect(base.replace("+psycopg", ""), connect_timeout=3):
            pass
    except Exception as exc:  # any failure to connect means: no server here
        service_unavailable(f"PostgreSQL at {base} ({exc})")
    return base


@pytest.fixture
def postgres_url(postgres_server_url: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    import psycopg

    name = f"newscrawl_test_{uuid.uuid4().hex[:12]}"
    plain = postgres_server_url.replace("+psycopg", "")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield postgres_server_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
