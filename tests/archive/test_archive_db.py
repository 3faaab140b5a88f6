"""Engines and schema: SQLite settings, URL mapping, idempotent create_schema."""

from __future__ import annotations

from sqlalchemy import inspect, text

from archive.db import (
    SQLITE_BUSY_TIMEOUT_MS,
    create_schema,
    has_schema,
    make_engine,
    normalise_url,
)
from archive.models import Base


def test_sqlite_engine_creates_the_directory_and_sets_pragmas(tmp_path):
    path = tmp_path / "deep" / "er" / "archive.db"
    engine = make_engine(f"sqlite:///{path}")
    try:
        assert path.parent.is_dir()
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
            busy_timeout = connection.execute(text("PRAGMA busy_timeout")).scalar()
            assert busy_timeout == SQLITE_BUSY_TIMEOUT_MS > 0
    finally:
        engine.dispose()


def test_plain_postgresql_urls_use_psycopg():
    assert normalise_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert normalise_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    assert normalise_url("postgresql+psycopg://u@h/db").drivername == "postgresql+psycopg"
    assert normalise_url("sqlite:///x.db").drivername == "sqlite"


def test_create_schema_is_idempotent(engine):
    create_schema(engine)
    create_schema(engine)
    assert has_schema(engine)
    tables = set(inspect(engine).get_table_names())
    search = {
        "story_fts",
        "story_fts_config",
        "story_fts_data",
        "story_fts_docsize",
        "story_fts_idx",
    }
    expected = set(Base.metadata.tables) | {"alembic_version"}
    if engine.dialect.name == "sqlite":
        expected |= search
    assert tables == expected


def test_constraint_names_follow_the_convention(engine):
    inspector = inspect(engine)
    uniques = {c["name"] for c in inspector.get_unique_constraints("story")}
    assert "uq_story_url" in uniques
    foreign_keys = {fk["name"] for fk in inspector.get_foreign_keys("story")}
    assert foreign_keys == {"fk_story_site_id_site"}
