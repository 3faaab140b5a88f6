"""Engines, sessions and the schema of the archive. Nothing here runs at import time.

The schema is managed by Alembic (``archive/migrations``, no alembic.ini needed):

- :func:`create_schema` / :func:`upgrade` bring a database to the newest schema, creating it in
  an empty database. An archive made before migrations existed (tables but no
  ``alembic_version``) is stamped with the revision its tables match, then upgraded.
- :func:`check_schema` raises :class:`SchemaOutOfDate` when a database is behind, naming the
  command that fixes it (``archive --db URL upgrade``); writers call it (through
  :func:`ensure_schema`) so that a crawl never writes into an old layout.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.pool import ConnectionPoolEntry

MIGRATIONS = Path(__file__).with_name("migrations")

# Schema objects that only one backend has and the models do not describe: full-text search
# (SQLite FTS5 table and its shadow tables; PostgreSQL tsvector column and GIN index).
# Autogenerate must neither drop nor create them.
UNMODELLED_PREFIX = "story_fts"
UNMODELLED_NAMES = frozenset({"search_vector", "ix_story_search_vector"})

# Revisions an archive without ``alembic_version`` is stamped with, by the newest table it has.
LEGACY_STAMPS = (("story_signature", "0002"), ("story", "0001"))

# Any constant: makes two processes upgrading one PostgreSQL database at once take turns.
_PG_UPGRADE_LOCK = 0x61726368

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


class SchemaOutOfDate(RuntimeError):
    """The database's schema is not the one this code writes; the message says what to run."""


class NoArchive(LookupError):
    """No archive where one was named: a SQLite file that does not exist, or a database
    without the archive's tables. The message names the place and says to run a crawl."""


def open_archive(url: str | URL, **kwargs: Any) -> Engine:
    """An engine on the existing, up-to-date archive at ``url``, for readers.

    Unlike :func:`make_engine`, it never creates anything: a SQLite file that does not exist
    is not made (with its folder) only to fail later with "no such table".

    :raises NoArchive: when there is no archive at ``url``.
    :raises SchemaOutOfDate: when the archive needs ``archive upgrade`` (or newer code).
    """
    parsed = normalise_url(url)
    path = sqlite_path(parsed)
    if path is not None and not path.is_file():
        raise NoArchive(f"no archive at {path.absolute()}: run a crawl first")
    engine = make_engine(parsed, **kwargs)
    try:
        if not has_schema(engine):
            where = path.absolute() if path is not None else _shown(engine)
            raise NoArchive(f"no archive at {where}: run a crawl first")
        check_schema(engine)
    except BaseException:
        engine.dispose()
        raise
    return engine


def create_schema(engine: Engine) -> None:
    """Bring the database to the newest schema (an empty one gets all of it); idempotent."""
    upgrade(engine)


def ensure_schema(engine: Engine) -> None:
    """For writers: create the schema in an empty database, else require it to be current.

    :raises SchemaOutOfDate: when the archive exists with an older (or newer) schema.
    """
    if has_schema(engine):
        check_schema(engine)
    else:
        upgrade(engine)


def check_schema(engine: Engine) -> None:
    """Raise :class:`SchemaOutOfDate` unless the database is at the newest revision."""
    head = head_revision()
    current = current_revision(engine)
    if current == head:
        return
    command = f"archive --db {_shown(engine)} upgrade"
    if current is None:
        state = "has no archive schema" if not has_schema(engine) else "predates migrations"
        raise SchemaOutOfDate(f"the archive {state} (needs revision {head}): run `{command}`")
    if current not in _known_revisions():
        raise SchemaOutOfDate(
            f"the archive is at revision {current}, newer than this code knows (head {head});"
            " upgrade newscrawl"
        )
    raise SchemaOutOfDate(
        f"the archive's schema is out of date (revision {current}, needs {head}): run `{command}`"
    )


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply the migrations up to ``revision``, stamping an archive that predates them first."""
    from alembic import command

    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Held until this transaction ends: concurrent upgrades run one after the other.
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_UPGRADE_LOCK}
            )
        config = alembic_config(connection)
        legacy = _legacy_revision(connection)
        if legacy is not None:
            command.stamp(config, legacy)
        command.upgrade(config, revision)


def alembic_config(connection: Connection | None = None, url: str | URL | None = None) -> Config:
    """An Alembic :class:`~alembic.config.Config` for the archive's migrations, built in code.

    Give an open ``connection`` (used as is) or a database ``url``.
    """
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_script_location()))
    if url is not None:
        config.set_main_option(
            "sqlalchemy.url",
            normalise_url(url).render_as_string(hide_password=False).replace("%", "%%"),
        )
    if connection is not None:
        config.attributes["connection"] = connection
    return config


_extracted: Path | None = None


def _script_location() -> Path:
    """The migrations directory; extracted to a temporary one when the package is zipped.

    Scrapyd runs projects from a zipped egg, and Alembic only reads real directories.
    """
    global _extracted
    if MIGRATIONS.is_dir():
        return MIGRATIONS
    if _extracted is None:
        import atexit
        import shutil
        import tempfile
        from importlib.resources import files
        from importlib.resources.abc import Traversable

        target = Path(tempfile.mkdtemp(prefix="archive-migrations-"))
        atexit.register(shutil.rmtree, target, ignore_errors=True)

        def copy(source: Traversable, destination: Path) -> None:
            destination.mkdir(exist_ok=True)
            for entry in source.iterdir():
                if entry.is_dir():
                    if entry.name != "__pycache__":
                        copy(entry, destination / entry.name)
                elif entry.name.endswith((".py", ".mako")):
                    (destination / entry.name).write_bytes(entry.read_bytes())

        copy(files("archive.migrations"), target)
        _extracted = target
    return _extracted


def head_revision() -> str:
    """The newest revision of the migrations this code ships."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at; None when it has no ``alembic_version``."""
    from alembic.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Alembic's filter: leave out the full-text search objects the models do not describe."""
    if name is None:
        return True
    return not (name.startswith(UNMODELLED_PREFIX) or name in UNMODELLED_NAMES)


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {
        script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()
    }


def _legacy_revision(connection: Connection) -> str | None:
    """The revision to stamp an archive made by ``create_all`` (before migrations) with."""
    inspector = inspect(connection)
    if inspector.has_table("alembic_version"):
        return None
    for table, revision in LEGACY_STAMPS:
        if inspector.has_table(table):
            return revision
    return None


def _shown(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def has_schema(engine: Engine) -> bool:
    """Whether the archive's tables exist (at any revision) in the database behind ``engine``."""
    with engine.connect() as connection:
        return inspect(connection).has_table("story")
