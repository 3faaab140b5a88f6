"""Version stamps as a filter, the read records' view of them, and a re-extraction that meets a
crawl writing the same story (the crawl's version wins), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from archive.cli import main
from archive.db import make_engine, make_sessionmaker
from archive.models import StoryVersion
from archive.query import iter_export
from archive.reextract import Selection, load_extractor, reextract
from archive.results import VersionSource
from newscrawl.extraction import EXTRACTOR_VERSION
from tests.warc.extractors import NEW_VERSION, SUFFIX, CrawlMeanwhile
from tests.warc.helpers import Captured, archive_command, versions


def export_urls(archive_url: str, **filters) -> set[str]:
    engine = make_engine(archive_url)
    try:
        with make_sessionmaker(engine)() as session:
            return {record.url for record in iter_export(session, **filters)}
    finally:
        engine.dispose()


def test_extractor_below_selects_by_the_current_versions_stamp(captured_copy: Captured):
    url = captured_copy.archive_url
    every = export_urls(url)
    assert export_urls(url, extractor_below=EXTRACTOR_VERSION) == set()
    assert export_urls(url, extractor_below=NEW_VERSION) == every
    argv = ["--db", url, "reextract", "--warc-dir", str(captured_copy.warc_dir)]
    assert main([*argv, "--extractor", "tests.warc.extractors:SportHeadlines"]) == 0
    sport = {u for u, history in versions(url).items() if len(history) == 2}
    assert sport
    assert export_urls(url, extractor_below=NEW_VERSION) == every - sport
    # A version stored before stamps counts as made by an older extractor.
    engine = make_engine(url)
    with make_sessionmaker(engine).begin() as session:
        session.execute(StoryVersion.__table__.update().values(extractor_version=None))
    engine.dispose()
    assert export_urls(url, extractor_below=EXTRACTOR_VERSION) == every


def test_a_versions_source_reads_as_its_stamp_and_record(captured: Captured):
    engine = make_engine(captured.archive_url)
    with make_sessionmaker(engine)() as session:
        version = session.scalars(select(StoryVersion).limit(1)).one()
        source = VersionSource.of(version)
    engine.dispose()
    assert source.origin == "crawl"
    assert source.stamp() == f"extractor {EXTRACTOR_VERSION} (newscrawl {version.software_version})"
    assert source.record() == (
        f"{version.warc_file} @ {version.warc_offset} {version.warc_record_id}"
    )
    assert VersionSource().stamp() == "extractor not recorded"
    assert VersionSource().record() is None


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def test_a_story_a_crawl_changes_meanwhile_keeps_the_crawls_version(
    captured: Captured,
    captured_copy: Captured,
    request: pytest.FixtureRequest,
    backend: str,
):
    if backend == "sqlite":
        archive_url = captured_copy.archive_url
    else:
        archive_url = request.getfixturevalue("postgres_url")
        result = archive_command("--db", archive_url, "import-warc", *map(str, captured.files()))
        assert result.returncode == 0, result.stderr[-2000:]
    before = versions(archive_url)
    target = sorted(u for u, h in before.items() if h[0]["section"] == "Sport")[0]
    extractor = load_extractor("tests.warc.extractors:CrawlMeanwhile")
    assert isinstance(extractor, CrawlMeanwhile)
    extractor.archive_url = archive_url
    extractor.target = target
    engine = make_engine(archive_url)
    try:
        summary = reextract(engine, extractor, Selection(), [Path(captured.warc_dir)])
    finally:
        engine.dispose()
    assert summary.skipped == 1
    after = versions(archive_url)
    assert [v["title"] for v in after[target]] == [before[target][0]["title"], "Edited by the site"]
    assert after[target][1]["origin"] == "crawl"
    sport = {u for u, h in before.items() if h[0]["section"] == "Sport"}
    assert summary.changed == len(sport) - 1
    for url in sport - {target}:
        assert after[url][-1]["title"] == before[url][0]["title"] + SUFFIX


def test_show_history_export_and_list_tell_the_stamps_and_re_extractions(
    captured_copy: Captured, capsys
):
    url = captured_copy.archive_url
    argv = ["--db", url, "reextract", "--warc-dir", str(captured_copy.warc_dir)]
    assert main([*argv, "--extractor", "tests.warc.extractors:SportHeadlines"]) == 0
    sport = sorted(u for u, history in versions(url).items() if len(history) == 2)
    other = sorted(u for u, history in versions(url).items() if len(history) == 1)
    capsys.readouterr()

    assert main(["--db", url, "history", sport[0]]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "first version" in lines[1] and f"[extractor {EXTRACTOR_VERSION} (newscrawl" in lines[1]
    assert "re-extracted: title" in lines[2] and f"[extractor {NEW_VERSION} (newscrawl" in lines[2]

    assert main(["--db", url, "show", sport[0]]) == 0
    out = capsys.readouterr().out
    [version] = [v for v in versions(url)[sport[0]] if v["origin"] == "reextract"]
    assert f"from WARC {version['warc_file']} @ {version['warc_offset']}" in out
    assert main(["--db", url, "show", sport[0], "--as-of", "2100-01-01"]) == 0
    out = capsys.readouterr().out
    assert f"Extracted by  extractor {NEW_VERSION}" in " ".join(out.split("  ")) or (
        f"extractor {NEW_VERSION}" in out and "WARC record" in out
    )

    assert main(["--db", url, "export", "--format", "jsonl"]) == 0
    records = {r["url"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert {records[u]["extractor_version"] for u in sport} == {NEW_VERSION}
    assert {records[u]["extractor_version"] for u in other} == {EXTRACTOR_VERSION}
    assert all(r["software_version"] for r in records.values())

    assert (
        main(["--db", url, "list", "--json", "--limit", "0", "--extractor-below", str(NEW_VERSION)])
        == 0
    )
    listed = {json.loads(line)["url"] for line in capsys.readouterr().out.splitlines()}
    assert listed == set(other)
