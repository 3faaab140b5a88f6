"""The captured WARC files as a web archive indexes them: ``cdxj-indexer``, the indexer of
webrecorder's replay tools (pywb's CDXJ format), finds every archived story's response where
the archive says its version came from."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from newscrawl.urls import canonical_url
from tests.warc.helpers import Captured, versions

CDXJ_INDEXER = str(Path(sys.executable).with_name("cdxj-indexer"))


def test_cdxj_indexer_finds_every_story_where_the_archive_says(
    captured: Captured, tmp_path: Path
) -> None:
    files = captured.files()
    index = tmp_path / "index.cdxj"
    result = subprocess.run(
        [CDXJ_INDEXER, "--sort", "-o", str(index), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert not result.stderr, result.stderr[-2000:]

    lines = index.read_text().splitlines()
    keys = [line.split(" ", 2)[:2] for line in lines]
    assert keys == sorted(keys), "a sorted CDXJ index, as replay looks records up in"
    by_record: dict[tuple[str, int], dict[str, str]] = {}
    indexed_urls: set[str] = set()
    for line in lines:
        _urlkey, _timestamp, fields = line.split(" ", 2)
        entry = json.loads(fields)
        by_record[(entry["filename"], int(entry["offset"]))] = entry
        if entry.get("status") == "200":
            indexed_urls.add(canonical_url(entry["url"]))
    assert {name for name, _ in by_record} == {path.name for path in files}

    stories = versions(captured.archive_url)
    assert len(stories) == captured.site.articles
    for url, history in stories.items():
        assert url in indexed_urls, f"{url} is not indexed as a 200 response"
        for version in history:
            entry = by_record.get((version["warc_file"], version["warc_offset"]))
            assert entry is not None, f"{url}: no index entry at {version['warc_offset']}"
            assert entry["status"] == "200"
            assert entry["mime"] == "text/html"
            # Fetched at an address variant (?fbclid=...) or at its canonical address.
            assert canonical_url(entry["url"]) == url
