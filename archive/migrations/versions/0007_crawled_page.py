"""Pages a crawl judged not to be stories, with their kind and reason (``crawled_page``).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "crawled_page",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("crawl_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=2048), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.String(length=255), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["crawl_id"],
            ["crawl.id"],
            name=op.f("fk_crawled_page_crawl_id_crawl"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crawled_page")),
        sa.UniqueConstraint("crawl_id", "url", name=op.f("uq_crawled_page_crawl_id")),
    )
    with op.batch_alter_table("crawled_page") as batch:
        batch.create_index(batch.f("ix_crawled_page_crawl_id"), ["crawl_id"], unique=False)
        batch.create_index(batch.f("ix_crawled_page_kind"), ["kind"], unique=False)
        batch.create_index(batch.f("ix_crawled_page_url"), ["url"], unique=False)


def downgrade() -> None:
    op.drop_table("crawled_page")
