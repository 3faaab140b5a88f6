"""Fixtures for the archive tests: every store/query test runs on SQLite and on PostgreSQL.

PostgreSQL is the real server: one fresh, uniquely named database per test session, emptied
before each test and dropped at the end. Without a server the PostgreSQL half is skipped,
unless ``CI=true``, where it must be there.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from archive.db import create_schema, make_engine, make_sessionmaker
from archive.models import Base

SERVER = os.environ.get("ARCHIVE_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432")


@pytest.fixture(scope="session")
def archive_postgres_url() -> Iterator[str]:
    """A database of its own on the real server for this test session."""
    import psycopg

    admin = SERVER.replace("+psycopg", "") + "/postgres"
    try:
        connection = psycopg.connect(admin, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"PostgreSQL at {SERVER} is not reachable and CI=true: {exc}")
        pytest.skip(f"PostgreSQL at {SERVER} is not reachable: {exc}")
    name = f"archive_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{SERVER}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty archive (schema created) on each backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'archive' / 'archive.db'}"
    else:
        url = request.getfixturevalue("archive_postgres_url")
    engine = make_engine(url)
    try:
        create_schema(engine)
        if engine.dialect.name == "postgresql":
            tables = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
            with engine.begin() as connection:
                connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    finally:
        engine.dispose()
    return url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    return make_sessionmaker(engine)
