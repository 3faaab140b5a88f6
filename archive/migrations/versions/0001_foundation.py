"""The foundation schema: sites, stories, versions, authors, tags, aliases, provenance, crawls.

The schema of archives created before migrations existed (``Base.metadata.create_all`` at
commit 6f54c86); :func:`archive.db.upgrade` stamps such archives with this revision.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "author",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_author")),
        sa.UniqueConstraint("name", name=op.f("uq_author_name")),
    )
    op.create_table(
        "crawl",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("spider", sa.String(length=100), nullable=False),
        sa.Column("start_url", sa.String(length=2048), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=64), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("stories_new", sa.Integer(), nullable=False),
        sa.Column("stories_updated", sa.Integer(), nullable=False),
        sa.Column("stories_unchanged", sa.Integer(), nullable=False),
        sa.Column("errors", sa.Integer(), nullable=False),
        sa.Column("stats", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crawl")),
    )
    with op.batch_alter_table("crawl", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_crawl_started_at"), ["started_at"], unique=False)

    op.create_table(
        "site",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site")),
        sa.UniqueConstraint("host", name=op.f("uq_site_host")),
    )
    op.create_table(
        "tag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tag")),
        sa.UniqueConstraint("key", name=op.f("uq_tag_key")),
    )
    op.create_table(
        "crawl_error",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("crawl_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=2048), nullable=True),
        sa.Column("reason", sa.String(length=255), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["crawl_id"],
            ["crawl.id"],
            name=op.f("fk_crawl_error_crawl_id_crawl"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crawl_error")),
    )
    with op.batch_alter_table("crawl_error", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_crawl_error_crawl_id"), ["crawl_id"], unique=False)

    op.create_table(
        "story",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=2048), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=35), nullable=True),
        sa.Column("section", sa.String(length=255), nullable=True),
        sa.Column("image_url", sa.String(length=2048), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("modified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_crawled_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["site_id"], ["site.id"], name=op.f("fk_story_site_id_site")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_story")),
        sa.UniqueConstraint("url", name=op.f("uq_story_url")),
    )
    with op.batch_alter_table("story", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_story_first_seen_at"), ["first_seen_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_story_published_at"), ["published_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_story_site_id"), ["site_id"], unique=False)

    op.create_table(
        "field_provenance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["story.id"],
            name=op.f("fk_field_provenance_story_id_story"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_field_provenance")),
        sa.UniqueConstraint("story_id", "field", name=op.f("uq_field_provenance_story_id")),
    )
    op.create_table(
        "story_alias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=2048), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["story.id"],
            name=op.f("fk_story_alias_story_id_story"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_story_alias")),
        sa.UniqueConstraint("url", name=op.f("uq_story_alias_url")),
    )
    with op.batch_alter_table("story_alias", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_story_alias_story_id"), ["story_id"], unique=False)

    op.create_table(
        "story_author",
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["author.id"], name=op.f("fk_story_author_author_id_author")
        ),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["story.id"],
            name=op.f("fk_story_author_story_id_story"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("story_id", "position", name=op.f("pk_story_author")),
        sa.UniqueConstraint("story_id", "author_id", name=op.f("uq_story_author_story_id")),
    )
    with op.batch_alter_table("story_author", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_story_author_author_id"), ["author_id"], unique=False)

    op.create_table(
        "story_tag",
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["story_id"], ["story.id"], name=op.f("fk_story_tag_story_id_story"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["tag_id"], ["tag.id"], name=op.f("fk_story_tag_tag_id_tag")),
        sa.PrimaryKeyConstraint("story_id", "position", name=op.f("pk_story_tag")),
        sa.UniqueConstraint("story_id", "tag_id", name=op.f("uq_story_tag_story_id")),
    )
    with op.batch_alter_table("story_tag", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_story_tag_tag_id"), ["tag_id"], unique=False)

    op.create_table(
        "story_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("crawl_id", sa.Integer(), nullable=True),
        sa.Column("crawled_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=35), nullable=True),
        sa.Column("section", sa.String(length=255), nullable=True),
        sa.Column("image_url", sa.String(length=2048), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("modified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("authors", sa.JSON(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["crawl_id"],
            ["crawl.id"],
            name=op.f("fk_story_version_crawl_id_crawl"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["story.id"],
            name=op.f("fk_story_version_story_id_story"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_story_version")),
        sa.UniqueConstraint("story_id", "number", name=op.f("uq_story_version_story_id")),
    )
    with op.batch_alter_table("story_version", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_story_version_crawl_id"), ["crawl_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("story_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_story_version_crawl_id"))

    op.drop_table("story_version")
    with op.batch_alter_table("story_tag", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_story_tag_tag_id"))

    op.drop_table("story_tag")
    with op.batch_alter_table("story_author", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_story_author_author_id"))

    op.drop_table("story_author")
    with op.batch_alter_table("story_alias", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_story_alias_story_id"))

    op.drop_table("story_alias")
    op.drop_table("field_provenance")
    with op.batch_alter_table("story", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_story_site_id"))
        batch_op.drop_index(batch_op.f("ix_story_published_at"))
        batch_op.drop_index(batch_op.f("ix_story_first_seen_at"))

    op.drop_table("story")
    with op.batch_alter_table("crawl_error", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_crawl_error_crawl_id"))

    op.drop_table("crawl_error")
    op.drop_table("tag")
    op.drop_table("site")
    with op.batch_alter_table("crawl", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_crawl_started_at"))

    op.drop_table("crawl")
    op.drop_table("author")
