"""The real servers the tests use: where they are, and what happens when one is not there.

``NEWSCRAWL_TEST_POSTGRES`` is the URL of a database on the PostgreSQL server through which the
tests create and drop their own databases (default: ``postgres`` on 127.0.0.1:5432, user
``postgres``). Without the server a test that needs it is skipped, unless ``CI=true``, where it
must be there and the test fails.

A plain module rather than conftest.py, so that test modules can import it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"
POSTGRES_URL = os.environ.get(
    "NEWSCRAWL_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
# The server without a database: a test database's URL is this plus "/<name>".
POSTGRES_SERVER = POSTGRES_URL.rsplit("/", 1)[0]


def service_unavailable(what: str) -> NoReturn:
    """Skip on a laptop without the service; fail in CI, where it must be there."""
    if IN_CI:
        pytest.fail(f"{what} is not reachable, and CI=true: .ci/run must start it")
    pytest.skip(f"{what} is not reachable; start it to run this test")


def require_postgres() -> None:
    """Skip or fail (see :func:`service_unavailable`) unless the PostgreSQL server answers."""
    try:
        import psycopg

        with psycopg.connect(_libpq(POSTGRES_URL), connect_timeout=3):
            pass
    except Exception as exc:  # any failure to connect means: no server here
        service_unavailable(f"PostgreSQL at {POSTGRES_URL} ({exc})")


@contextmanager
def postgres_database(prefix: str) -> Iterator[str]:
    """A new, empty, uniquely named database on the server; dropped on exit."""
    import psycopg

    name = f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(_libpq(POSTGRES_URL), autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{POSTGRES_SERVER}/{name}"
    finally:
        with psycopg.connect(_libpq(POSTGRES_URL), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _libpq(url: str) -> str:
    """The SQLAlchemy URL as psycopg takes it (no ``+psycopg`` driver name)."""
    return url.replace("+psycopg", "")
