"""``archive reextract``: after an extractor change, new versions only for the stories whose
extraction changed, marked as re-extractions and stamped with the new version; resumable."""

from __future__ import annotations

import sqlite3

import pytest

from archive.cli import main
from tests.warc.extractors import NEW_VERSION, SUFFIX
from tests.warc.helpers import Captured, versions

SPORT = "tests.warc.extractors:SportHeadlines"


def reextract(captured: Captured, *args: str) -> int:
    return main(
        ["--db", captured.archive_url, "reextract", "--warc-dir", str(captured.warc_dir), *args]
    )


def sport_urls(captured: Captured) -> set[str]:
    return {
        url
        for url, history in versions(captured.archive_url).items()
        if history[0]["section"] == "Sport"
    }


def test_the_current_extractor_finds_nothing_to_change(captured_copy: Captured, capsys):
    before = versions(captured_copy.archive_url)
    assert reextract(captured_copy) == 0
    out = capsys.readouterr().out
    articles = captured_copy.site.articles
    assert f"re-extracted {articles} of {articles} stories" in out
    assert "0 changed (new versions)" in out
    assert versions(captured_copy.archive_url) == before


def test_a_newer_extractor_versions_only_the_stories_it_reads_differently(
    captured_copy: Captured, capsys
):
    before = versions(captured_copy.archive_url)
    sport = sport_urls(captured_copy)
    assert 0 < len(sport) < len(before), "the demo site has Sport stories and others"

    assert reextract(captured_copy, "--extractor", SPORT) == 0
    assert f"{len(sport)} changed (new versions)" in capsys.readouterr().out
    after = versions(captured_copy.archive_url)
    for url, history in after.items():
        if url not in sport:
            assert history == before[url], "an unchanged story gets no version"
            continue
        first, second = history
        assert first == before[url][0]
        assert second["origin"] == "reextract"
        assert second["extractor_version"] == NEW_VERSION
        assert second["title"] == first["title"] + SUFFIX
        # Read from the same stored response.
        for key in ("warc_file", "warc_offset", "warc_record_id"):
            assert second[key] == first[key]

    # Again with the same extractor: nothing left to change.
    assert reextract(captured_copy, "--extractor", SPORT) == 0
    assert "0 changed (new versions)" in capsys.readouterr().out
    assert versions(captured_copy.archive_url) == after

    # Only the stories an older extractor made.
    older = len(before) - len(sport)
    below = str(NEW_VERSION)
    assert reextract(captured_copy, "--extractor", SPORT, "--extractor-below", below) == 0
    assert f"re-extracted {older} of {older} stories" in capsys.readouterr().out


def test_site_and_dates_narrow_the_selection(captured_copy: Captured, capsys):
    assert reextract(captured_copy, "--site", "elsewhere.example") == 0
    assert "re-extracted 0 of 0 stories" in capsys.readouterr().out
    assert reextract(captured_copy, "--until", "1990-01-01") == 0
    assert "re-extracted 0 of 0 stories" in capsys.readouterr().out
    articles = captured_copy.site.articles
    assert reextract(captured_copy, "--since", "1990-01-01", "--site", "127.0.0.1") == 0
    assert f"re-extracted {articles} of {articles} stories" in capsys.readouterr().out


def test_an_interrupted_run_goes_on_where_it_stopped(captured_copy: Captured, capsys):
    sport = sport_urls(captured_copy)
    interrupted = "tests.warc.extractors:InterruptedSportHeadlines"
    # Batches of 5: the 13th story interrupts the third batch; two were committed.
    assert reextract(captured_copy, "--extractor", interrupted, "--batch", "5") == 130
    assert "run it again to go on" in capsys.readouterr().err
    with sqlite3.connect(captured_copy.db) as connection:
        ((last, checked),) = connection.execute(
            "SELECT last_story_id, checked FROM reextract_run"
        ).fetchall()
    assert checked == 10
    assert last >= 10

    assert reextract(captured_copy, "--extractor", SPORT, "--batch", "5") == 0
    out = capsys.readouterr().out
    articles = captured_copy.site.articles
    assert f"re-extracted {articles} of {articles} stories" in out
    assert f"resumed after story {last}" in out
    for url, history in versions(captured_copy.archive_url).items():
        assert len(history) == (2 if url in sport else 1), url
    with sqlite3.connect(captured_copy.db) as connection:
        assert connection.execute("SELECT count(*) FROM reextract_run").fetchone() == (0,)


def test_a_run_started_over_reads_everything_again(captured_copy: Captured, capsys):
    interrupted = "tests.warc.extractors:InterruptedSportHeadlines"
    assert reextract(captured_copy, "--extractor", interrupted, "--batch", "5") == 130
    capsys.readouterr()
    assert reextract(captured_copy, "--extractor", SPORT, "--restart") == 0
    out = capsys.readouterr().out
    assert "resumed" not in out
    articles = captured_copy.site.articles
    assert f"re-extracted {articles} of {articles} stories" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--warc-dir", "/nonexistent/warc"], "no WARC folder /nonexistent/warc"),
        (["--extractor", "nosuch"], "no extractor 'nosuch'"),
        (["--extractor", "tests.warc.nosuch:X"], "no extractor 'tests.warc.nosuch:X'"),
        (["--extractor-below", "0"], "--extractor-below must be a version from 1"),
    ],
)
def test_bad_input_is_one_line_and_exit_status_2(captured: Captured, capsys, args, message):
    argv = ["--db", captured.archive_url, "reextract"]
    if "--warc-dir" not in args:
        argv += ["--warc-dir", str(captured.warc_dir)]
    assert main([*argv, *args]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_a_missing_warc_file_is_reported_and_fails_the_run(captured_copy: Captured, capsys):
    with sqlite3.connect(captured_copy.db) as connection:
        connection.execute("UPDATE story_version SET warc_file = 'gone.warc.gz' WHERE id = 1")
    assert reextract(captured_copy) == 1
    captured_out = capsys.readouterr()
    assert "1 whose WARC file is not in" in captured_out.out
    assert "gone.warc.gz" in captured_out.err
