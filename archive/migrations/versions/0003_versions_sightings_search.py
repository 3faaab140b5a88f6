"""Change summaries and trivial flags on versions, crawl sightings, full-text search.

- ``story_version``: ``words_added``, ``words_removed``, ``summary`` (NULL for older versions)
  and ``trivial``.
- ``sighting``: which crawls saw which stories (listing page and position, NULL for now).
- Full-text search over ``story(title, body)``. SQLite: an FTS5 external-content table
  ``story_fts`` (``content="story"``, the layout ``datasette`` detects by name) kept in sync by
  triggers. PostgreSQL: a generated ``tsvector`` column ``search_vector`` with a GIN index.

A later migration that rebuilds ``story`` in SQLite batch mode drops its triggers: recreate them
with :func:`create_sqlite_fts_triggers`.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# Porter stemming so that "elections" finds "election", as PostgreSQL's english config does.
SQLITE_FTS = """
CREATE VIRTUAL TABLE story_fts USING fts5(
    title, body, content="story", content_rowid="id",
    tokenize="porter unicode61 remove_diacritics 2"
)
"""

SQLITE_TRIGGERS = (
    """
    CREATE TRIGGER story_fts_ai AFTER INSERT ON story BEGIN
        INSERT INTO story_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END
    """,
    """
    CREATE TRIGGER story_fts_ad AFTER DELETE ON story BEGIN
        INSERT INTO story_fts(story_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
    END
    """,
    """
    CREATE TRIGGER story_fts_au AFTER UPDATE OF title, body ON story BEGIN
        INSERT INTO story_fts(story_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO story_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END
    """,
)

# Title words weigh more than body words in ts_rank.
PG_SEARCH_VECTOR = """
ALTER TABLE story ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
    || setweight(to_tsvector('english'::regconfig, coalesce(body, '')), 'B')
) STORED
"""


def create_sqlite_fts_triggers() -> None:
    for statement in SQLITE_TRIGGERS:
        op.execute(statement)


def upgrade() -> None:
    with op.batch_alter_table("story_version", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("words_added", sa.Integer(), server_default=sa.text("0"), nullable=False)
        )
        batch_op.add_column(
            sa.Column("words_removed", sa.Integer(), server_default=sa.text("0"), nullable=False)
        )
        batch_op.add_column(sa.Column("summary", sa.String(length=255), nullable=True))
        batch_op.add_column(
            sa.Column("trivial", sa.Boolean(), server_default=sa.false(), nullable=False)
        )

    op.create_table(
        "sighting",
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("crawl_id", sa.Integer(), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("listing_url", sa.String(length=2048), nullable=True),
        sa.Column("listing_position", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["crawl_id"], ["crawl.id"], name=op.f("fk_sighting_crawl_id_crawl"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["story_id"], ["story.id"], name=op.f("fk_sighting_story_id_story"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("story_id", "crawl_id", name=op.f("pk_sighting")),
    )
    with op.batch_alter_table("sighting", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sighting_crawl_id"), ["crawl_id"], unique=False)

    # Every version so far was stored by a crawl that saw its story then.
    op.execute(
        "INSERT INTO sighting (story_id, crawl_id, seen_at)"
        " SELECT story_id, crawl_id, min(crawled_at) FROM story_version"
        " WHERE crawl_id IS NOT NULL GROUP BY story_id, crawl_id"
    )

    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute(SQLITE_FTS)
        create_sqlite_fts_triggers()
        op.execute("INSERT INTO story_fts(story_fts) VALUES ('rebuild')")
    elif dialect == "postgresql":
        op.execute(PG_SEARCH_VECTOR)
        op.execute("CREATE INDEX ix_story_search_vector ON story USING gin (search_vector)")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for trigger in ("story_fts_ai", "story_fts_ad", "story_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS story_fts")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_story_search_vector")
        op.execute("ALTER TABLE story DROP COLUMN IF EXISTS search_vector")

    with op.batch_alter_table("sighting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sighting_crawl_id"))
    op.drop_table("sighting")

    with op.batch_alter_table("story_version", schema=None) as batch_op:
        batch_op.drop_column("trivial")
        batch_op.drop_column("summary")
        batch_op.drop_column("words_removed")
        batch_op.drop_column("words_added")
