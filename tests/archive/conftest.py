"""Fixtures for the archive tests: every store/query test runs on SQLite and on PostgreSQL.

PostgreSQL is the real server (see :mod:`tests.services`): one database for the whole session,
emptied before each test, because a fresh database with the schema migrated costs about 0.7 s
and a truncation about 0.1 s. Without a server the PostgreSQL half is skipped, unless
``CI=true``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from archive.db import create_schema, make_engine, make_sessionmaker
from archive.models import Base
from tests.services import postgres_database


@pytest.fixture(scope="session")
def archive_postgres_url(postgres_server_url: str) -> Iterator[str]:
    """A database of its own on the real server for this test session."""
    with postgres_database("archive_test") as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
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
