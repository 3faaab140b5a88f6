"""``archive import-warc``: the captured files imported into an empty archive give the same
stories as the crawl that captured them, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.cli import main
from tests.warc.extractors import NEW_VERSION
from tests.warc.helpers import Captured, archive_command, clusters, exported, versions


def import_into(archive_url: str, files: list[Path]) -> str:
    result = archive_command("--db", archive_url, "import-warc", *map(str, files))
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def test_importing_the_captured_files_gives_the_crawls_stories(
    captured: Captured, tmp_path: Path, request: pytest.FixtureRequest, backend: str
):
    if backend == "sqlite":
        archive_url = f"sqlite:///{tmp_path / 'imported.db'}"
    else:
        archive_url = request.getfixturevalue("postgres_url")
    out = import_into(archive_url, captured.files())
    articles = captured.site.articles
    assert f"{articles} new stories, 0 updated, 0 unchanged" in out

    assert exported(archive_url) == exported(captured.archive_url)
    assert clusters(archive_url) == clusters(captured.archive_url)
    crawled = versions(captured.archive_url)
    for url, (version,) in versions(archive_url).items():
        # Each version points at the same record of the imported files.
        for key in ("warc_file", "warc_offset", "warc_record_id", "extractor_version"):
            assert version[key] == crawled[url][0][key]

    # Re-extraction works on the imported archive too (on PostgreSQL as well).
    argv = ["--db", archive_url, "reextract", "--warc-dir", str(captured.warc_dir)]
    assert main([*argv, "--extractor", "tests.warc.extractors:SportHeadlines"]) == 0
    changed = [h for h in versions(archive_url).values() if len(h) == 2]
    assert changed
    assert all(h[1]["extractor_version"] == NEW_VERSION for h in changed)
    assert all(h[0]["section"] == "Sport" for h in changed)


def test_importing_again_changes_nothing(captured: Captured, tmp_path: Path):
    archive_url = f"sqlite:///{tmp_path / 'imported.db'}"
    import_into(archive_url, captured.files())
    before = versions(archive_url)
    out = import_into(archive_url, captured.files())
    articles = captured.site.articles
    assert f"0 new stories, 0 updated, {articles} unchanged" in out
    assert versions(archive_url) == before


def test_a_file_that_is_no_warc_is_one_line_and_exit_status_2(tmp_path: Path):
    junk = tmp_path / "junk.warc.gz"
    junk.write_bytes(b"this is not a WARC file at all\n" * 10)
    archive_url = f"sqlite:///{tmp_path / 'imported.db'}"
    for files, message in (([junk], "not a readable WARC file"), ([tmp_path / "x"], "no WARC")):
        result = archive_command("--db", archive_url, "import-warc", *map(str, files))
        assert result.returncode == 2
        assert message in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
