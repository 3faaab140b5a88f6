"""The spool and ``archive replay``: stories that wait for the archive are written once it
answers, torn lines are tolerated, damaged ones named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from archive.cli import main as archive_main
from archive.db import make_engine, make_sessionmaker
from archive.models import Story
from archive.record import StoryRecord
from archive.spool import Spool, SpoolError, read_stories
from archive.writer import ArchiveWriter
from tests.reliability.proxy import TcpProxy
from tests.reliability.test_db_outage import target, through


def story(n: int) -> StoryRecord:
    return StoryRecord(url=f"https://example.com/s{n}", title=f"S{n}", body=f"Body {n}.")


def urls(archive_url: str) -> list[str]:
    engine = make_engine(archive_url)
    try:
        with make_sessionmaker(engine)() as session:
            return sorted(session.scalars(select(Story.url)))
    finally:
        engine.dispose()


def test_a_torn_last_line_is_skipped_a_damaged_one_named(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "spool.jsonl")
    spool.append([story(1), story(2)])
    assert spool.pending == 2
    with spool.path.open("ab") as out:
        out.write(b'{"url": "https://example.com/s3", "ti')  # killed while writing
    assert [s.url for s in read_stories(spool.path)] == [story(1).url, story(2).url]
    spool.path.write_text('{"url": "x"}\nnot json\n{"url": "y"}\n')
    with pytest.raises(SpoolError, match=r"spool.jsonl, line 2"):
        list(read_stories(spool.path))


def test_archive_replay_writes_a_failed_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive_url = f"sqlite:///{tmp_path / 'archive.db'}"
    failed = tmp_path / "failed.jsonl"
    failed.write_text(
        "".join(
            json.dumps({"url": s.url, "title": s.title, "body": s.body, "error": "x"}) + "\n"
            for s in map(story, range(3))
        )
    )
    assert archive_main(["--db", archive_url, "replay", str(failed)]) == 0
    assert "replayed 3 stories" in capsys.readouterr().out
    assert urls(archive_url) == sorted(story(n).url for n in range(3))
    assert not failed.exists() and failed.with_name("failed.jsonl.replayed").exists()
    # Replaying the same stories again stores nothing twice.
    failed.with_name("failed.jsonl.replayed").rename(failed)
    assert archive_main(["--db", archive_url, "replay", str(failed)]) == 0
    assert "0 new" in capsys.readouterr().out
    assert len(urls(archive_url)) == 3


def test_archive_replay_names_a_damaged_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damaged = tmp_path / "spool.jsonl"
    damaged.write_text("[1, 2]\n{}\n")
    assert archive_main(["--db", f"sqlite:///{tmp_path / 'a.db'}", "replay", str(damaged)]) == 2
    assert f"{damaged}, line 1: not a story" in capsys.readouterr().err


@pytest.mark.postgres
def test_the_writer_spools_while_the_database_is_cut_and_writes_the_spool_first(
    tmp_path: Path, postgres_url: str
) -> None:
    with TcpProxy(target(postgres_url)) as proxy:
        writer = ArchiveWriter(
            through(proxy, postgres_url),
            attempts=2,
            retry_delay=0.05,
            failed_file=tmp_path / "failed.jsonl",
            spool=Spool(tmp_path / "spool.jsonl"),
            drain_interval=0,
        )
        writer.open(spider="test", start_url=None)
        try:
            assert writer.write([story(1)]).counts.new == 1
            proxy.cut()
            assert writer.write([story(2), story(3)]).spooled == 2
            assert writer.write([story(4)]).spooled == 1  # joins the spool, in order
            assert writer.outage_seconds() > 0
            assert urls(postgres_url) == [story(1).url]
            proxy.restore()
            result = writer.write([story(5)])
            assert result.spooled == 0 and result.counts.new == 4
            assert writer.outage_seconds() == 0
            assert not (tmp_path / "spool.jsonl").exists()
            assert not (tmp_path / "failed.jsonl").exists(), "nothing failed"
        finally:
            writer.close()
    assert urls(postgres_url) == sorted(story(n).url for n in range(1, 6))
