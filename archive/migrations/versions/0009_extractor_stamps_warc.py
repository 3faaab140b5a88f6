"""Each story version's extractor stamp, origin and WARC record; re-extraction progress.

``story_version`` gains ``extractor_version`` (the extraction package's ``EXTRACTOR_VERSION``)
and ``software_version`` (the project's release) of the extractor that made it, ``origin``
(``crawl`` or ``reextract``: a stored response read again, not an edit by the site; existing
versions are ``crawl``) and the WARC response record it was extracted from (``warc_file``,
``warc_offset``, ``warc_record_id``). ``reextract_run`` keeps where an ``archive reextract`` got
to, so an interrupted run resumes there.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("story_version") as batch:
        batch.add_column(sa.Column("extractor_version", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("software_version", sa.String(length=32), nullable=True))
        batch.add_column(
            sa.Column("origin", sa.String(length=16), server_default="crawl", nullable=False)
        )
        batch.add_column(sa.Column("warc_file", sa.String(length=255), nullable=True))
        batch.add_column(sa.Column("warc_offset", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("warc_record_id", sa.String(length=64), nullable=True))
    op.create_table(
        "reextract_run",
        sa.Column("key", sa.String(length=512), nullable=False),
        sa.Column("last_story_id", sa.Integer(), nullable=False),
        sa.Column("checked", sa.Integer(), nullable=False),
        sa.Column("changed", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_reextract_run")),
    )


def downgrade() -> None:
    op.drop_table("reextract_run")
    with op.batch_alter_table("story_version") as batch:
        for column in (
            "warc_record_id",
            "warc_offset",
            "warc_file",
            "origin",
            "software_version",
            "extractor_version",
        ):
            batch.drop_column(column)
