"""Text the database or the hash cannot take is cleaned before it gets there (property tests)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from archive.db import make_engine, make_sessionmaker
from archive.keys import content_hash
from archive.models import Story
from archive.record import StoryRecord, clean_text, cleaned
from archive.spool import read_stories
from archive.writer import ArchiveWriter

# Any code point, lone surrogates and NUL included (what a JSON-LD "\ud83d" decodes to).
ANY_TEXT = st.text(alphabet=st.characters(codec=None, min_codepoint=0, max_codepoint=0x10FFFF))


@given(ANY_TEXT)
def test_clean_text_is_encodable_and_has_no_nul(value: str) -> None:
    clean = clean_text(value)
    clean.encode("utf-8")  # raises for any surrogate left
    assert "\x00" not in clean


@given(ANY_TEXT)
def test_clean_text_is_idempotent(value: str) -> None:
    assert clean_text(clean_text(value)) == clean_text(value)


@given(st.text(alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x00")))
def test_clean_text_leaves_good_text_alone(value: str) -> None:
    assert clean_text(value) == value


@given(ANY_TEXT, ANY_TEXT, st.lists(ANY_TEXT, max_size=3))
def test_a_cleaned_story_can_be_hashed(title: str, body: str, tags: list[str]) -> None:
    story = cleaned(StoryRecord(url="https://example.com/a", title=title, body=body, tags=tags))
    content_hash(
        title=story.title,
        body=story.body,
        authors=story.authors,
        tags=story.tags,
        section=story.section,
        published_at=story.published_at,
        modified_at=story.modified_at,
    )


def test_clean_text_joins_a_pair_decoded_apart() -> None:
    assert clean_text("\ud83d\ude00 ok") == "\U0001f600 ok"
    assert clean_text("a\ud83db") == "a\ufffdb"
    assert clean_text("a\x00b") == "ab"


def _writer(tmp_path: Path) -> ArchiveWriter:
    writer = ArchiveWriter(
        f"sqlite:///{tmp_path / 'archive.db'}",
        attempts=1,
        retry_delay=0,
        failed_file=tmp_path / "failed.jsonl",
    )
    writer.open(spider="test", start_url=None)
    return writer


def test_the_writer_stores_any_text(tmp_path: Path) -> None:
    """One writer, many stories of any text: each stored beside a good one, cleaned."""
    writer = _writer(tmp_path)
    counter = iter(range(10**6))

    @settings(max_examples=40, deadline=None, database=None)
    @given(title=ANY_TEXT, body=ANY_TEXT.filter(lambda text: bool(clean_text(text).strip())))
    def store(title: str, body: str) -> None:
        n = next(counter)
        good = StoryRecord(url=f"https://example.com/good{n}", title="Good", body="Fine text.")
        bad = StoryRecord(url=f"https://example.com/bad{n}", title=title, body=body)
        result = writer.write([good, bad])
        assert result.failures == {}
        assert result.counts.new == 2
        with make_sessionmaker(writer.engine)() as session:  # type: ignore[arg-type]
            stored = session.execute(
                select(Story.title).where(Story.url == f"https://example.com/bad{n}")
            ).scalar_one()
        assert stored == (clean_text(title).strip() or None)

    try:
        store()
    finally:
        writer.close()


def test_the_failed_file_can_always_be_written(tmp_path: Path) -> None:
    """A story the archive refuses is kept in the failed file, surrogates and all, and reads
    back (as `archive replay` reads it)."""
    writer = _writer(tmp_path)
    try:
        naive = datetime(2024, 1, 2)  # the archive refuses naive datetimes: a failed story
        bad = StoryRecord(url="https://example.com/x", title="\ud83d head", published_at=naive)
        good = StoryRecord(url="https://example.com/y", title="ok", body="Text.")
        result = writer.write([bad, good])
        assert list(result.failures) == [0]
        assert result.counts.new == 1  # one bad story never costs another one
    finally:
        writer.close()
    lines = (tmp_path / "failed.jsonl").read_text(encoding="ascii").splitlines()
    assert len(lines) == 1 and "error" in json.loads(lines[0])
    [kept] = read_stories(tmp_path / "failed.jsonl")
    assert kept.url == "https://example.com/x" and kept.title == "\ufffd head"
    assert kept.published_at == naive


def test_the_writer_cleans_for_any_caller(tmp_path: Path) -> None:
    writer = _writer(tmp_path)
    try:
        story = StoryRecord(
            url="https://example.com/n",
            title="a\x00b",
            body="x\ud800y",
            authors=["Ann\x00 Lee"],
            fetched_at=datetime.now(UTC),
        )
        assert writer.write([story]).counts.new == 1
        engine = make_engine(writer.url)
        with make_sessionmaker(engine)() as session:
            row = session.execute(select(Story.title, Story.body)).one()
        engine.dispose()
        assert tuple(row) == ("ab", "x\ufffdy")
    finally:
        writer.close()
