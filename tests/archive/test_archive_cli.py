"""The ``archive`` command, called through ``main(argv)``."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from archive.cli import main
from archive.query import EXPORT_KEYS

from .helpers import T0, make_story, new_crawl, store


@pytest.fixture
def archive_url(db_url, sessions):
    crawl = new_crawl(sessions)
    store(
        sessions,
        crawl,
        [
            make_story(1, aliases=["https://news.example.com/?p=1"]),
            make_story(
                2, title='Tax, rates; and "quotes"', tags=["Economy"], agency="Reuters", authors=[]
            ),
        ],
        seen_at=T0 + timedelta(days=1),
    )
    store(sessions, crawl, [make_story(1, title="Story number 1, corrected")])
    return db_url


def test_stats(archive_url, capsys):
    assert main(["--db", archive_url, "stats"]) == 0
    out = capsys.readouterr().out
    assert "Stories:  2 (3 versions)" in out
    assert "news.example.com" in out
    assert "Last crawl #1 (site): running" in out


def test_stats_json_and_db_after_the_command(archive_url, capsys):
    assert main(["stats", "--json", "--db", archive_url]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["stories"] == 2
    assert stats["first_seen_at"] == "2024-05-02T12:00:00Z"
    assert stats["last_crawl"]["id"] == 1 and stats["last_crawl"]["status"] == "running"
    (site,) = stats["per_site"]
    assert list(site) == ["site", "stories", "last_seen_at"]
    assert (site["site"], site["stories"]) == ("news.example.com", 2)


def test_list(archive_url, capsys):
    assert main(["--db", archive_url, "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["ID", "DATE", "SECTION", "TITLE", "URL"]
    assert lines[1].split()[:3] == ["2", "2024-05-01", "World"]
    assert lines[1].endswith(make_story(2).url)
    assert lines[2].endswith(make_story(1).url)


def test_list_filters_and_limit(archive_url, capsys):
    assert main(["--db", archive_url, "list", "--tag", "economy", "--limit", "5"]) == 0
    out = capsys.readouterr().out
    assert make_story(2).url in out
    assert make_story(1).url not in out
    assert main(["--db", archive_url, "list", "--until", "2024-04-30"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "No stories match" in captured.err


def test_show(archive_url, capsys):
    assert main(["--db", archive_url, "show", "https://news.example.com/?p=1"]) == 0
    out = capsys.readouterr().out
    assert "Title:        Story number 1, corrected" in out
    assert "Published:    2024-05-01T13:00:00Z" in out
    assert "title         jsonld" in out
    assert "https://news.example.com/?p=1" in out
    assert "title: +2 -1 words" in out
    assert "Agency:" not in out  # only for a story that has one


def test_show_the_agency(archive_url, capsys):
    assert main(["--db", archive_url, "show", make_story(2).url]) == 0
    out = capsys.readouterr().out
    assert "Authors:      -\nAgency:       Reuters\nTags:         Economy\n" in out


def test_show_unknown_story(archive_url, capsys):
    assert main(["--db", archive_url, "show", "https://nowhere.example/"]) == 2
    assert "no story with id, URL or alias" in capsys.readouterr().err


def test_export_jsonl(archive_url, capsys):
    assert main(["--db", archive_url, "export", "--format", "jsonl"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(records) == 2
    by_url = {record["url"]: record for record in records}
    first = by_url[make_story(1).url]
    assert list(first) == list(EXPORT_KEYS)
    assert first["published_at"] == "2024-05-01T13:00:00Z"
    assert first["authors"] == ["Ada Lovelace", "Grace Hopper"]
    assert first["aliases"] == ["https://news.example.com/?p=1"]
    assert first["versions"] == 2
    assert first["agency"] is None
    assert by_url[make_story(2).url]["agency"] == "Reuters"


def test_export_csv(archive_url, capsys):
    assert (
        main(["--db", archive_url, "export", "--format", "csv", "--site", "news.example.com"]) == 0
    )
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 2
    assert tuple(rows[0]) == EXPORT_KEYS
    by_url = {row["url"]: row for row in rows}
    second = by_url[make_story(2).url]
    assert second["title"] == 'Tax, rates; and "quotes"'
    assert second["authors"] == ""
    assert second["agency"] == "Reuters"
    assert second["tags"] == "Economy"
    assert second["modified_at"] == ""
    assert second["versions"] == "1"
    first = by_url[make_story(1).url]
    assert first["authors"] == "Ada Lovelace; Grace Hopper"
    assert first["aliases"] == "https://news.example.com/?p=1"
    assert first["published_at"] == "2024-05-01T13:00:00Z"
    assert first["agency"] == ""


def test_export_to_a_file(archive_url, tmp_path, capsys):
    target = tmp_path / "out" / "stories.jsonl"
    # A folder nobody asked for is not created: the typo is reported, nothing is written.
    assert main(["--db", archive_url, "export", "--output", str(target)]) == 2
    assert "no folder" in capsys.readouterr().err and not (tmp_path / "out").exists()
    (tmp_path / "out").mkdir()
    assert main(["--db", archive_url, "export", "--output", str(target)]) == 0
    assert len(target.read_text(encoding="utf-8").splitlines()) == 2
    assert "exported 2 stories" in capsys.readouterr().err
    assert not target.with_name("stories.jsonl.part").exists()


def test_archive_url_from_the_environment(archive_url, monkeypatch, capsys):
    monkeypatch.setenv("ARCHIVE_URL", archive_url)
    assert main(["stats"]) == 0
    assert "Stories:  2" in capsys.readouterr().out


def test_missing_sqlite_archive_is_not_created(tmp_path, capsys):
    path = tmp_path / "nothing" / "archive.db"
    assert main(["--db", f"sqlite:///{path}", "stats"]) == 2
    assert "run a crawl first" in capsys.readouterr().err
    assert not path.parent.exists()


def test_database_without_tables(tmp_path, capsys):
    path = tmp_path / "empty.db"
    path.touch()
    assert main(["--db", f"sqlite:///{path}", "list"]) == 2
    assert "run a crawl first" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["list", "--since", "yesterday"],
        ["list", "--limit", "-3"],
        ["export", "--format", "xml"],
        ["frobnicate"],
        [],
    ],
)
def test_bad_arguments_exit_2(argv, capsys):
    assert main(["--db", "sqlite:///unused.db", *argv]) == 2
    assert "error" in capsys.readouterr().err


def test_bad_url(capsys):
    assert main(["--db", "not a url", "stats"]) == 2
    assert "not a database URL" in capsys.readouterr().err


def test_help(capsys):
    assert main(["--help"]) == 0
    assert "archive export --format csv" in capsys.readouterr().out


def test_python_dash_m(tmp_path):
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-m", "archive", "--db", f"sqlite:///{tmp_path}/none.db", "stats"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "run a crawl first" in result.stderr
