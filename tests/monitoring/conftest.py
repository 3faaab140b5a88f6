"""Fixtures of the monitoring tests: the crawl tests' archive on each backend, and the
archive tests' empty archive with its sessions."""

from __future__ import annotations

from tests.archive.conftest import archive_postgres_url, db_url, engine, sessions
from tests.crawl.conftest import archive_url

__all__ = ["archive_postgres_url", "archive_url", "db_url", "engine", "sessions"]
