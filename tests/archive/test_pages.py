"""Crawled pages that are not stories: written by the writer, read by ``archive pages`` and
counted by ``archive stats``, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from archive import query
from archive.cli import main
from archive.models import CrawledPage
from archive.writer import ArchiveWriter, JudgedPage

from .helpers import T0

SITE = "https://news.example.com"


def _writer(db_url: str, tmp_path: Path) -> ArchiveWriter:
    writer = ArchiveWriter(db_url, attempts=2, retry_delay=0.0, failed_file=tmp_path / "f.jsonl")
    writer.open(spider="site", start_url=SITE + "/")
    return writer


@pytest.fixture
def writer(db_url: str, tmp_path: Path) -> Iterator[ArchiveWriter]:
    writer = _writer(db_url, tmp_path)
    try:
        yield writer
    finally:
        writer.close()


def test_judged_pages_are_recorded_with_kind_reason_and_crawl(
    writer: ArchiveWriter, sessions: sessionmaker[Session]
) -> None:
    pages = [
        JudgedPage(SITE + "/", "listing", "jsonld:CollectionPage", T0),
        JudgedPage(SITE + "/impressum/", "static", "static-word:impressum", T0),
        JudgedPage(SITE + "/a/print/", "copy", "print-link-of:" + SITE + "/a/", T0),
        JudgedPage(SITE + "/", "listing", "a second judgement of the same crawl", T0),
    ]
    assert writer.record_pages(pages) == 3
    # The same crawl meeting a page again keeps its first row.
    writer.record_pages([JudgedPage(SITE + "/impressum/", "other", "later", T0)])
    with sessions() as session:
        rows = {
            row.url: (row.kind, row.reason, row.crawl_id, row.seen_at)
            for row in session.scalars(select(CrawledPage))
        }
    assert rows == {
        SITE + "/": ("listing", "jsonld:CollectionPage", writer.crawl_id, T0),
        SITE + "/impressum/": ("static", "static-word:impressum", writer.crawl_id, T0),
        SITE + "/a/print/": ("copy", "print-link-of:" + SITE + "/a/", writer.crawl_id, T0),
    }


def test_an_unknown_kind_is_refused(writer: ArchiveWriter) -> None:
    with pytest.raises(ValueError, match="unknown page kind"):
        writer.record_pages([JudgedPage(SITE + "/x/", "article", "a story is no page row")])


def test_the_latest_judgement_of_each_page_is_listed_and_counted(
    db_url: str, tmp_path: Path, sessions: sessionmaker[Session]
) -> None:
    first = _writer(db_url, tmp_path)
    try:
        first.record_pages(
            [
                JudgedPage(SITE + "/", "listing", "teasers", T0),
                JudgedPage(SITE + "/about/", "other", "little text", T0),
                JudgedPage(SITE + "/privacy/", "static", "static-word:privacy", T0),
            ]
        )
    finally:
        first.close()
    second = _writer(db_url, tmp_path)
    try:
        later = T0 + timedelta(days=1)
        second.record_pages([JudgedPage(SITE + "/about/", "static", "static-word:about", later)])
    finally:
        second.close()
    with sessions() as session:
        statics = query.list_pages(session, kind="static")
        assert [(p.url, p.reason, p.seen_at) for p in statics] == [
            (SITE + "/about/", "static-word:about", later),
            (SITE + "/privacy/", "static-word:privacy", T0),
        ]
        assert statics[0].crawl_id == second.crawl_id
        assert [p.url for p in query.list_pages(session)] == [
            SITE + "/",
            SITE + "/about/",
            SITE + "/privacy/",
        ]
        assert query.list_pages(session, kind="copy") == []
        assert query.pages_by_kind(session) == (("static", 2), ("listing", 1))
        assert query.archive_stats(session).pages_by_kind == (("static", 2), ("listing", 1))


def test_archive_pages_and_stats_commands(
    writer: ArchiveWriter, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    writer.record_pages(
        [
            JudgedPage(SITE + "/tag/harbour/", "listing", "listed-items", T0),
            JudgedPage(SITE + "/kontakt/", "static", "static-word:kontakt", T0),
            JudgedPage(SITE + "/a/print/", "copy", "print-view-of:" + SITE + "/a/", T0),
        ]
    )
    assert main(["--db", db_url, "pages"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == ["copy", "listing", "static"]
    assert lines[2].split() == ["static", "static-word:kontakt", SITE + "/kontakt/"]

    assert main(["--db", db_url, "pages", "--kind", "listing"]) == 0
    assert capsys.readouterr().out.split() == ["listing", "listed-items", SITE + "/tag/harbour/"]

    assert main(["--db", db_url, "pages", "--kind", "other"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "No crawled pages of kind other" in captured.err

    assert main(["--db", db_url, "pages", "--kind", "story"]) == 2  # not a kind

    assert main(["--db", db_url, "stats"]) == 0
    out = capsys.readouterr().out
    assert "Pages that are not stories: 3 (copy 1, listing 1, static 1)" in out
    assert main(["--db", db_url, "stats", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["pages_by_kind"] == [["copy", 1], ["listing", 1], ["static", 1]]
