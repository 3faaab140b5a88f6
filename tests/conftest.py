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

    def ground_truth(self) -> list[dict[str, Any]]:
        from newscrawl.demosite import DemoSite

        return DemoSite(articles=self.articles, seed=self.seed).ground_truth(self.url)


def start_demo_site(articles: int, seed: int) -> tuple[subprocess.Popen[str], str]:
    """Start ``newscrawl demo-site`` in a subprocess on a free port and read its URL."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "newscrawl.cli",
            "demo-site",
            "--port",
            "0",
            "--articles",
            str(articles),
            "--seed",
            str(seed),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if "http://" not in line:
        proc.kill()
        raise RuntimeError(f"the demo site did not start: {line!r}")
    return proc, line[line.index("http://") :].strip()


@pytest.fixture(scope="session")
def demo_site() -> Iterator[RunningSite]:
    proc, url = start_demo_site(DEMO_ARTICLES, DEMO_SEED)
    try:
        yield RunningSite(url=url, articles=DEMO_ARTICLES, seed=DEMO_SEED)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        assert proc.stdout is not None
        proc.stdout.close()


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
