"""Revisits: each story's HTTP validators and when it is next due (``story_fetch``).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "story_fetch",
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("etag", sa.String(length=255), nullable=True),
        sa.Column("last_modified", sa.String(length=64), nullable=True),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("next_visit_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("visits", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["story.id"],
            name=op.f("fk_story_fetch_story_id_story"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("story_id", name=op.f("pk_story_fetch")),
    )
    with op.batch_alter_table("story_fetch", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_story_fetch_next_visit_at"), ["next_visit_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("story_fetch", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_story_fetch_next_visit_at"))
    op.drop_table("story_fetch")
