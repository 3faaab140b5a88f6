"""``kill -9`` in the middle of a crawl with capture leaves only complete files, each accepted
by ``warcio check``, and ``.open`` files whose records before the cut are whole; every story
the archive holds points at a record that can be read."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from archive.reextract import find_warc
from demosite.process import RunningSite
from newscrawl.warc.files import OPEN_SUFFIX, WARC_SUFFIX
from newscrawl.warc.records import WarcReadError, index_file, read_response
from newscrawl.warc.reextract import Reextractor
from tests.reliability.chaos import CrawlCommand
from tests.warc.helpers import warcio


def test_a_killed_crawl_leaves_complete_files_and_open_ones(demo_site: RunningSite, tmp_path: Path):
    warc_dir = tmp_path / "warc"
    db = tmp_path / "archive.db"
    command = CrawlCommand(
        demo_site.url,
        f"sqlite:///{db}",
        tmp_path,
        settings={
            "NEWSCRAWL_WARC": "true",
            "NEWSCRAWL_WARC_DIR": str(warc_dir),
            "NEWSCRAWL_WARC_MAX_SIZE": "40K",
        },
    )
    stored = command.run_and_kill("killed.log", after_stories=12, db=db)
    assert stored >= 12
    names = sorted(path.name for path in warc_dir.iterdir())
    complete = [name for name in names if name.endswith(WARC_SUFFIX)]
    still_open = [name for name in names if name.endswith(WARC_SUFFIX + OPEN_SUFFIX)]
    assert sorted(complete + still_open) == names, "nothing but .warc.gz and .warc.gz.open"
    assert complete, "40K files: some were completed before the kill"
    assert len(still_open) == 1, "the file being written when the crawl was killed"
    result = warcio("check", *(str(warc_dir / name) for name in complete))
    assert result.returncode == 0, result.stdout[-2000:]

    # The open file's records are whole up to the cut (at most its last one is cut short).
    readable = 0
    try:
        for entry in index_file(warc_dir / still_open[0]):
            if entry.kind == "response":
                read_response(entry.file, entry.offset)
                readable += 1
    except WarcReadError:
        pass
    assert readable >= 1

    # A story is archived after its response was written: every pointer can be read.
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT s.url, site.host, v.warc_file, v.warc_offset FROM story s"
            " JOIN site ON site.id = s.site_id JOIN story_version v ON v.story_id = s.id"
        ).fetchall()
    assert len(rows) >= 12
    for url, host, name, offset in rows:
        path = find_warc(name, [warc_dir])
        assert path is not None, name
        assert Reextractor().extract(path, offset, url=url, site=host) is not None


def test_a_warc_folder_that_cannot_be_written_loses_no_story(
    demo_site: RunningSite, tmp_path: Path
):
    not_a_folder = tmp_path / "warc"
    not_a_folder.write_text("a file where the folder should be")
    db = tmp_path / "archive.db"
    command = CrawlCommand(
        demo_site.url,
        f"sqlite:///{db}",
        tmp_path,
        settings={"NEWSCRAWL_WARC": "true", "NEWSCRAWL_WARC_DIR": str(not_a_folder)},
    )
    # Captures lost are something lost: the crawl says so by its exit status.
    assert command.run("unwritable.log") == 1
    log = (tmp_path / "unwritable.log").read_text()
    assert "WARC: the records of" in log and "could not be written" in log
    assert "'newscrawl/warc/failed'" in log
    with sqlite3.connect(db) as connection:
        stored, recorded = connection.execute(
            "SELECT count(*), count(warc_file) FROM story_version"
        ).fetchone()
    assert (stored, recorded) == (demo_site.articles, 0)
