"""Engines and sessions for the archive. Nothing here runs at import time."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from archive.models import Base

if TYPE_CHECKING:
    from sqlalchemy.pool import ConnectionPoolEntry

# Writers from several threads or processes queue on SQLite's single write lock; wait for it
# instead of failing at once with "database is locked".
SQLITE_BUSY_TIMEOUT_MS = 30_000


def normalise_url(url: str | URL) -> URL:
    """Parse a database URL, mapping plain ``postgresql://`` (and ``postgres://``) to psycopg 3."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def sqlite_path(url: str | URL) -> Path | None:
    """The database file of a SQLite URL; None for other backends and in-memory databases."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def make_engine(url: str | URL, **kwargs: Any) -> Engine:
    """Create an engine for ``url``; extra keyword arguments go to :func:`create_engine`.

    For SQLite the file's directory is created, and each connection gets WAL (readers do not
    block the writer), a busy timeout and foreign keys.
    """
    parsed = normalise_url(url)
    path = sqlite_path(parsed)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(parsed, **kwargs)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _configure_sqlite)
    return engine


def _configure_sqlite(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        # Safe with WAL (a crash may lose the last commits, never corrupt) and much faster.
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    """Sessions for ``engine``; objects stay readable after commit, as records are built late."""
    return sessionmaker(engine, expire_on_commit=False)


def create_schema(engine: Engine) -> None:
    """Create the missing tables; harmless when they exist."""
    Base.metadata.create_all(engine)


def has_schema(engine: Engine) -> bool:
    """Whether the archive's tables exist in the database behind ``engine``."""
    with engine.connect() as connection:
        return inspect(connection).has_table("story")
