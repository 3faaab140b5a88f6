"""Near-duplicate detection: body signatures, LSH bands and story clusters (commit 08b1841).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cluster",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("canonical_story_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["canonical_story_id"], ["story.id"], name=op.f("fk_cluster_canonical_story_id_story")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cluster")),
    )
    with op.batch_alter_table("cluster", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cluster_canonical_story_id"), ["canonical_story_id"], unique=False
        )

    op.create_table(
        "story_band",
        sa.Column("band", sa.SmallInteger(), nullable=False),
        sa.Column("hash", sa.BigInteger(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["story.id"],
            name=op.f("fk_story_band_story_id_story"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("band", "hash", "story_id", name=op.f("pk_story_band")),
    )
    with op.batch_alter_table("story_band", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_story_band_story_id"), ["story_id"], unique=False)

    op.create_table(
        "story_signature",
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("body_hash", sa.String(length=64), nullable=False),
        sa.Column("minhash", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["story.id"],
            name=op.f("fk_story_signature_story_id_story"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("story_id", name=op.f("pk_story_signature")),
    )
    with op.batch_alter_table("story_signature", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_story_signature_body_hash"), ["body_hash"], unique=False
        )

    op.create_table(
        "cluster_member",
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("cluster_id", sa.Integer(), nullable=False),
        sa.Column("similarity", sa.Double(), nullable=False),
        sa.Column("detected_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["cluster.id"],
            name=op.f("fk_cluster_member_cluster_id_cluster"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["story.id"],
            name=op.f("fk_cluster_member_story_id_story"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("story_id", name=op.f("pk_cluster_member")),
    )
    with op.batch_alter_table("cluster_member", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cluster_member_cluster_id"), ["cluster_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("cluster_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cluster_member_cluster_id"))

    op.drop_table("cluster_member")
    with op.batch_alter_table("story_signature", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_story_signature_body_hash"))

    op.drop_table("story_signature")
    with op.batch_alter_table("story_band", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_story_band_story_id"))

    op.drop_table("story_band")
    with op.batch_alter_table("cluster", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cluster_canonical_story_id"))

    op.drop_table("cluster")
