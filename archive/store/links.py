"""A story's authors, tags and field provenance: shared rows, linked in page order."""

from __future__ import annotations

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from archive.models import Author, FieldProvenance, StoryAuthor, StoryTag, Tag
from archive.sql import chunks, dialect_insert
from archive.store.batch import clip
from archive.store.versions import Written


def delete_links(session: Session, story_ids: list[int]) -> None:
    """Drop the authors, tags and provenance of stories whose content is being replaced."""
    for model in (StoryAuthor, StoryTag, FieldProvenance):
        for chunk in chunks(story_ids):
            session.execute(delete(model).where(model.story_id.in_(chunk)))


def link_authors(session: Session, written: list[Written]) -> None:
    names = sorted({name for _id, _n, prepared in written for name in prepared.story.authors})
    author_ids = _ensure_named(session, Author, Author.name, [{"name": name} for name in names])
    links = [
        {"story_id": story_id, "position": position, "author_id": author_ids[name]}
        for story_id, _number, prepared in written
        for position, name in enumerate(prepared.story.authors)
    ]
    if links:
        session.execute(insert(StoryAuthor), links)


def link_tags(session: Session, written: list[Written]) -> None:
    # The first spelling met names the tag; later spellings share its row.
    display: dict[str, str] = {}
    for _id, _number, prepared in written:
        for key, name in prepared.tags:
            display.setdefault(key, name)
    tag_ids = _ensure_named(
        session, Tag, Tag.key, [{"key": key, "name": display[key]} for key in sorted(display)]
    )
    links = [
        {"story_id": story_id, "position": position, "tag_id": tag_ids[key]}
        for story_id, _number, prepared in written
        for position, (key, _name) in enumerate(prepared.tags)
    ]
    if links:
        session.execute(insert(StoryTag), links)


def _ensure_named(
    session: Session,
    model: type[Author] | type[Tag],
    key: InstrumentedAttribute[str],
    rows: list[dict[str, str]],
) -> dict[str, int]:
    """Insert the missing authors or tags (rows sorted by key); return key -> id for all."""
    for rows_chunk in chunks(rows):
        statement = dialect_insert(session, model).values(list(rows_chunk))
        session.execute(statement.on_conflict_do_nothing(index_elements=[key.key]))
    ids: dict[str, int] = {}
    for keys_chunk in chunks([row[key.key] for row in rows]):
        found = session.execute(select(key, model.id).where(key.in_(keys_chunk)))
        ids.update({name: row_id for name, row_id in found})
    return ids


def insert_provenance(session: Session, written: list[Written]) -> None:
    rows = [
        {"story_id": story_id, "field": clip(name, 64), "source": source}
        for story_id, _number, prepared in written
        for name, source in prepared.story.provenance.items()
    ]
    if rows:
        session.execute(insert(FieldProvenance), rows)
