"""A WARC made by another tool: ``wget --warc-file`` of the demo site, imported, gives the
same stories as newscrawl's own crawl of it, field by field."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.services import IN_CI
from tests.warc.helpers import Captured, archive_command, clusters, exported, warcio


def wget() -> str:
    found = shutil.which("wget")
    if found is None:
        if IN_CI:
            pytest.fail("wget is not installed, and CI=true: the machine image has it")
        pytest.skip("wget is not installed")
    return found


def test_a_wget_capture_imports_as_the_crawls_stories(captured: Captured, tmp_path: Path):
    command = [
        wget(), "--quiet", "--recursive", "--level=inf", "-e", "robots=off",
        "--directory-prefix", str(tmp_path / "mirror"),
        "--warc-file", str(tmp_path / "wget"), captured.site.url,
    ]  # fmt: skip
    # wget exits 8 when some address answered an error (the site's deliberate 404s).
    assert subprocess.run(command, timeout=300).returncode in (0, 8)
    capture = tmp_path / "wget.warc.gz"
    assert warcio("check", str(capture)).returncode == 0

    archive_url = f"sqlite:///{tmp_path / 'imported.db'}"
    result = archive_command("--db", archive_url, "import-warc", str(capture))
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"{captured.site.articles} new stories" in result.stdout

    imported = exported(archive_url)
    crawled = exported(captured.archive_url)
    assert sorted(imported) == sorted(crawled)
    for url, record in crawled.items():
        mine = dict(imported[url])
        # wget follows every link, also to views and origins the crawl did not need to fetch:
        # more aliases, never fewer.
        assert set(record["aliases"]) <= set(mine.pop("aliases")), url
        assert mine == {k: v for k, v in record.items() if k != "aliases"}, url
    assert clusters(archive_url) == clusters(captured.archive_url)
