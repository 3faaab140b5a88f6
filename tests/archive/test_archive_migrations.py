"""Migrations: a fresh database equals the models, old archives upgrade without losing a row."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, func, inspect, select, text

from archive.cli import main
from archive.db import (
    SchemaOutOfDate,
    check_schema,
    current_revision,
    ensure_schema,
    head_revision,
    include_object,
    make_engine,
    upgrade,
)
from archive.models import Base, Sighting, Story, StoryVersion
from tests.services import POSTGRES_SERVER as SERVER


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with no tables at all (its own PostgreSQL database, dropped afterwards)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    import psycopg

    request.getfixturevalue("archive_postgres_url")  # skips or fails without a server
    admin = SERVER.replace("+psycopg", "") + "/postgres"
    name = f"archive_mig_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{SERVER}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def empty_engine(empty_url: str) -> Iterator[Engine]:
    engine = make_engine(empty_url)
    try:
        yield engine
    finally:
        engine.dispose()


def test_fresh_database_through_migrations_equals_the_models(engine):
    # `alembic check`: autogenerate finds nothing to do at head.
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_object": include_object, "compare_type": True}
        )
        assert compare_metadata(context, Base.metadata) == []
    assert current_revision(engine) == head_revision()
    check_schema(engine)


FOUNDATION_ROWS = [
    "INSERT INTO site (id, host) VALUES (1, 'news.example.com')",
    "INSERT INTO crawl (id, spider, start_url, started_at, finished_at, status, pages,"
    " stories_new, stories_updated, stories_unchanged, errors, stats) VALUES"
    " (1, 'site', 'https://news.example.com/', '2024-05-01 12:00:00', '2024-05-01 12:05:00',"
    " 'finished', 3, 2, 1, 0, 0, '{}')",
    "INSERT INTO story (id, url, site_id, title, description, body, language, section,"
    " image_url, published_at, modified_at, first_seen_at, last_seen_at, last_crawled_at,"
    " content_hash, version) VALUES"
    " (1, 'https://news.example.com/a', 1, 'Harbour bridge reopens', NULL,"
    " 'The harbour bridge reopened on Monday after repairs.', 'en', 'City', NULL,"
    " '2024-05-01 08:00:00', NULL, '2024-05-01 12:00:00', '2024-05-01 12:00:00',"
    " '2024-05-01 12:00:00', 'h2', 2),"
    " (2, 'https://news.example.com/b', 1, 'Budget vote delayed', NULL,"
    " 'The council postponed its budget vote.', 'en', 'Politics', NULL, NULL, NULL,"
    " '2024-05-01 12:00:00', '2024-05-01 12:00:00', '2024-05-01 12:00:00', 'h3', 1)",
    "INSERT INTO story_version (id, story_id, number, crawl_id, crawled_at, content_hash,"
    " title, body, published_at, authors, tags) VALUES"
    " (1, 1, 1, 1, '2024-05-01 12:00:00', 'h1', 'Harbour bridge closed',"
    " 'The harbour bridge is closed.', '2024-05-01 08:00:00', '[]', '[]'),"
    " (2, 1, 2, 1, '2024-05-01 12:01:00', 'h2', 'Harbour bridge reopens',"
    " 'The harbour bridge reopened on Monday after repairs.', '2024-05-01 08:00:00',"
    " '[\"Ada Lovelace\"]', '[\"Transport\"]'),"
    " (3, 2, 1, 1, '2024-05-01 12:00:00', 'h3', 'Budget vote delayed',"
    " 'The council postponed its budget vote.', NULL, '[]', '[]')",
    "INSERT INTO author (id, name) VALUES (1, 'Ada Lovelace')",
    "INSERT INTO story_author (story_id, position, author_id) VALUES (1, 0, 1)",
    "INSERT INTO tag (id, key, name) VALUES (1, 'transport', 'Transport')",
    "INSERT INTO story_tag (story_id, position, tag_id) VALUES (1, 0, 1)",
    "INSERT INTO story_alias (id, url, story_id) VALUES (1, 'https://news.example.com/?p=1', 1)",
    "INSERT INTO field_provenance (id, story_id, field, source) VALUES (1, 1, 'title', 'og')",
    "INSERT INTO crawl_error (id, crawl_id, url, reason, detail, at) VALUES"
    " (1, 1, 'https://news.example.com/x', 'no-body', NULL, '2024-05-01 12:02:00')",
]
FOUNDATION_TABLES = (
    "site",
    "crawl",
    "story",
    "story_version",
    "author",
    "story_author",
    "tag",
    "story_tag",
    "story_alias",
    "field_provenance",
    "crawl_error",
)


def _build_foundation_archive(engine: Engine) -> dict[str, int]:
    """An archive as ``create_all`` of the 6f54c86 models made it: no alembic_version."""
    upgrade(engine, "0001")
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE alembic_version"))
        for statement in FOUNDATION_ROWS:
            connection.execute(text(statement))
    return _counts(engine)


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in FOUNDATION_TABLES
        }


def test_foundation_archive_upgrades_without_losing_a_row(empty_engine):
    before = _counts_after_build = _build_foundation_archive(empty_engine)
    assert before["story"] == 2 and before["story_version"] == 3
    assert current_revision(empty_engine) is None

    with pytest.raises(SchemaOutOfDate, match="predates migrations"):
        check_schema(empty_engine)
    upgrade(empty_engine)

    assert _counts(empty_engine) == _counts_after_build
    assert current_revision(empty_engine) == head_revision()
    with empty_engine.connect() as connection:
        stories = connection.execute(select(Story.url, Story.title).order_by(Story.id)).all()
        assert stories[0] == ("https://news.example.com/a", "Harbour bridge reopens")
        # Old versions get the new columns' defaults.
        trivial = connection.execute(select(StoryVersion.trivial)).scalars().all()
        assert trivial == [False, False, False]
        # Each crawl that stored a version saw its story.
        sightings = connection.execute(select(func.count()).select_from(Sighting)).scalar()
        assert sightings == 2
    from sqlalchemy.orm import Session

    from archive.search import search

    with Session(empty_engine) as session:
        hits = search(session, "bridge")
    assert [hit.url for hit in hits] == ["https://news.example.com/a"]


def test_an_archive_behind_head_is_refused_until_upgraded(empty_engine, empty_url, capsys):
    upgrade(empty_engine, "0002")
    with pytest.raises(SchemaOutOfDate) as refused:
        ensure_schema(empty_engine)
    message = str(refused.value)
    assert "revision 0002" in message
    assert f"archive --db {empty_engine.url.render_as_string(hide_password=True)} upgrade" in (
        message
    )
    # Read commands refuse too, with the same advice.
    assert main(["--db", empty_url, "stats"]) == 2
    assert "upgrade" in capsys.readouterr().err

    assert main(["--db", empty_url, "upgrade"]) == 0
    assert f"0002 -> {head_revision()}" in capsys.readouterr().out
    ensure_schema(empty_engine)
    check_schema(empty_engine)


def test_ensure_schema_creates_an_empty_database(empty_engine):
    ensure_schema(empty_engine)
    assert current_revision(empty_engine) == head_revision()
    assert inspect(empty_engine).has_table("sighting")


def test_an_archive_made_by_create_all_of_the_neardup_models_is_stamped_0002(empty_engine):
    upgrade(empty_engine, "0002")
    with empty_engine.begin() as connection:
        connection.execute(text("DROP TABLE alembic_version"))
    upgrade(empty_engine)
    assert current_revision(empty_engine) == head_revision()


def test_downgrade_to_the_foundation_and_back(empty_engine):
    upgrade(empty_engine)
    upgrade_down(empty_engine, "0001")
    assert not inspect(empty_engine).has_table("story_signature")
    upgrade(empty_engine)
    assert current_revision(empty_engine) == head_revision()


def upgrade_down(engine: Engine, revision: str) -> None:
    from alembic import command

    from archive.db import alembic_config

    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), revision)
