"""Fixtures of the web view's tests: one archive per backend and module, and the browser's
launch options for the Chromium of the system (Debian's package)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from archive.db import create_schema, make_engine, make_sessionmaker
from archive.web.app import create_app
from tests.services import IN_CI, postgres_database
from tests.web.archive_data import NOW, Built, build

# Playwright's own browser download is not reachable here: the system's Chromium is used.
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def built_archive(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Built]]:
    """The URL of an archive filled by :func:`tests.web.archive_data.build`, on each backend."""
    database: AbstractContextManager[str]
    if request.param == "sqlite":
        database = nullcontext(f"sqlite:///{tmp_path_factory.mktemp('web') / 'archive.db'}")
    else:
        request.getfixturevalue("postgres_server_url")  # skips, or fails in CI, without one
        database = postgres_database("web_test")
    with database as url:
        engine = make_engine(url)
        try:
            create_schema(engine)
            built = build(make_sessionmaker(engine))
        finally:
            engine.dispose()
        yield url, built


@pytest.fixture(scope="module")
def built(built_archive: tuple[str, Built]) -> Built:
    return built_archive[1]


@pytest.fixture(scope="module")
def client(built_archive: tuple[str, Built]) -> Iterator[TestClient]:
    """The web view of the built archive, its health judged a day after the last crawl."""
    with TestClient(create_app(built_archive[0], now=lambda: NOW)) as test_client:
        yield test_client


def system_chromium() -> str | None:
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright's launch options (``--headed``, ``--slowmo``...) with the system's
    Chromium, unless ``--browser-channel`` names another."""
    if browser_type_launch_args.get("channel"):
        return browser_type_launch_args
    executable = os.environ.get("NEWSCRAWL_CHROMIUM") or system_chromium()
    if executable is None:
        message = "no Chromium on this machine: apt-get install -y chromium (make test does)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": executable}


@pytest.fixture(scope="session")
def base_url() -> str | None:
    """pytest-playwright's base URL; ours come from the servers the tests start. (Defined here
    because its own fallback fixture trips pytest's deprecation of fixtures as methods.)"""
    return None


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """Where the browser test keeps its screenshots: ``test-results/web/`` (pytest-playwright's
    output folder, emptied at the start of each run)."""
    folder = Path("test-results") / "web"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
