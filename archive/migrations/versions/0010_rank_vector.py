"""PostgreSQL: a small tsvector of each story's headline and lead, kept inline, to rank from.

``story.story_fts_rank`` is a generated column: the title (weight A) and the first
``LEAD_CHARACTERS`` characters of the body (weight B), stored ``MAIN`` so that it stays in the
row. ``archive.search`` ranks its candidates with it, where ``ts_rank`` over ``search_vector``
read each candidate's whole tsvector from the TOAST table (a story's tsvector is larger than a
row may be; at 1,000,000 stories, 500 of those reads were most of a search's time). Matching
still uses ``search_vector`` and its indexes: only the order of the results comes from the lead.

Named with the ``story_fts`` prefix that ``archive.db.include_object`` leaves out of
autogenerate, like the other full-text objects the models do not describe. SQLite needs
nothing: FTS5 ranks from its own index.

Adding the column rewrites ``story`` and rebuilds its indexes (the word-pair index computes its
pairs again): 483 s for 1,000,000 stories (``benchmarks/RESULTS.md``).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# About the headline and the first paragraph or two: what a news story is about. Its tsvector
# (1.1 kB on average at 1M synthetic stories) fits in the row beside the others, whatever the
# length of the story.
LEAD_CHARACTERS = 600

# One ALTER TABLE: the rewrite that fills the column happens after both subcommands, so the
# values are written with MAIN storage (inline) from the start.
PG_RANK_VECTOR = f"""
ALTER TABLE story
    ADD COLUMN story_fts_rank tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
        || setweight(
            to_tsvector('english'::regconfig, left(coalesce(body, ''), {LEAD_CHARACTERS})), 'B'
        )
    ) STORED,
    ALTER COLUMN story_fts_rank SET STORAGE MAIN
"""
# The rewrite rebuilds every index of the table; the GIN ones keep their entries in memory up
# to this much before writing them out (the default, 64 MB, writes a large index many times).
PG_BUILD_MEMORY = "SET LOCAL maintenance_work_mem = '512MB'"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(PG_BUILD_MEMORY)
    op.execute(PG_RANK_VECTOR)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE story DROP COLUMN IF EXISTS story_fts_rank")
