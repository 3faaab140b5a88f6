"""Shared fixtures: the demo news site over real HTTP, real PostgreSQL databases."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from demosite.process import DEMO_ARTICLES, DEMO_SEED, DemoSiteProcess, RunningSite
from tests.services import POSTGRES_URL, postgres_database, require_postgres


@pytest.fixture(scope="session")
def demo_site() -> Iterator[RunningSite]:
    """The demo site in a subprocess for the whole session, with a legacy origin."""
    process = DemoSiteProcess(DEMO_ARTICLES, DEMO_SEED)
    try:
        yield process.site
    finally:
        process.stop()


@pytest.fixture(scope="session")
def postgres_server_url() -> str:
    """The URL through which test databases are made (``NEWSCRAWL_TEST_POSTGRES``).

    Skips without a server, or fails with ``CI=true``; every PostgreSQL fixture builds on it.
    """
    require_postgres()
    return POSTGRES_URL


@pytest.fixture
def postgres_url(postgres_server_url: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    with postgres_database("newscrawl_test") as url:
        yield url
