"""Alembic environment for the archive.

Run through :func:`archive.db.upgrade` or ``archive --db URL upgrade``; there is no alembic.ini.
:func:`archive.db.alembic_config` puts an open connection in ``config.attributes["connection"]``
(or the database URL in ``sqlalchemy.url``, for the ``alembic`` command itself).
"""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy.engine import Connection

from archive.db import include_object, make_engine
from archive.models import Base, UTCDateTime

config = context.config
target_metadata = Base.metadata


def render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """Render UTCDateTime as plain ``sa.DateTime(timezone=True)``: the UTC round trip is Python."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things: rebuild the table (copy and move) instead.
        render_as_batch=True,
        render_item=render_item,
        include_object=include_object,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
    try:
        with engine.connect() as connection:
            _run(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported: give a database")
run_migrations_online()
