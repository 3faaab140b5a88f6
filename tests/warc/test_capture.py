"""WARC capture: a crawl of the demo site with ``NEWSCRAWL_WARC=true`` keeps every exchange in
files standard tools accept, and each story's record gives the story again exactly."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.request import urlopen

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.reextract import find_warc
from archive.store.batch import prepare
from archive.timeutil import utcnow
from newscrawl import __version__
from newscrawl.extraction import EXTRACTOR_VERSION
from newscrawl.urls import canonical_url
from newscrawl.warc.capture import SERVER_NOT_MODIFIED, parse_size
from newscrawl.warc.reextract import Reextractor
from tests.reliability.chaos import CrawlCommand
from tests.warc.helpers import Captured, exported, versions, warcio


def records(path: Path) -> Iterator[tuple[int, object]]:
    with path.open("rb") as stream:
        iterator = ArchiveIterator(stream)
        for record in iterator:
            yield iterator.get_record_offset(), record


def test_warcio_check_accepts_every_file_and_rotation_made_several(captured: Captured):
    files = captured.files()
    assert len(files) >= 2, "150K files: the crawl must have rotated"
    assert not list(captured.warc_dir.glob("*.open")), "a finished crawl leaves no .open file"
    result = warcio("check", "-v", *map(str, files))
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "digest pass" in result.stdout


def test_warcio_index_finds_each_story_response_where_the_archive_says(captured: Captured):
    stories = versions(captured.archive_url)
    assert len(stories) == captured.site.articles
    indexed: dict[tuple[str, int], dict[str, str]] = {}
    for path in captured.files():
        result = warcio("index", "-f", "warc-type,warc-target-uri,http:status,offset", str(path))
        assert result.returncode == 0, result.stderr
        for line in result.stdout.splitlines():
            entry = json.loads(line)
            indexed[(path.name, int(entry["offset"]))] = entry
    for url, history in stories.items():
        (version,) = history
        entry = indexed[(version["warc_file"], version["warc_offset"])]
        assert entry["warc-type"] == "response"
        assert entry["http:status"] == "200"
        # Fetched at an address variant (?fbclid=...) or at its canonical address.
        assert canonical_url(entry["warc-target-uri"]) == url


def test_each_file_opens_with_a_warcinfo_record_naming_the_crawl(captured: Captured):
    host = captured.site.url.split("/")[2].split(":")[0]
    for path in captured.files():
        with path.open("rb") as stream:
            first = next(iter(ArchiveIterator(stream)))
            assert first.rec_type == "warcinfo"
            assert first.rec_headers.get_header("WARC-Filename") == path.name
            info = first.content_stream().read().decode()
        assert f"isPartOf: newscrawl site crawl of {host}" in info
        assert f"software: newscrawl/{__version__}" in info


def test_each_exchange_is_a_request_and_response_naming_each_other(captured: Captured):
    by_id = {}
    for path in captured.files():
        for _offset, record in records(path):
            if record.rec_type in ("request", "response", "revisit"):
                by_id[record.rec_headers.get_header("WARC-Record-ID")] = record
    responses = [r for r in by_id.values() if r.rec_type == "response"]
    requests = [r for r in by_id.values() if r.rec_type == "request"]
    assert len(responses) == len(requests) > captured.site.articles
    for response in responses:
        request = by_id[response.rec_headers.get_header("WARC-Concurrent-To")]
        assert request.rec_type == "request"
        assert request.rec_headers.get_header("WARC-Concurrent-To") == (
            response.rec_headers.get_header("WARC-Record-ID")
        )
        assert request.rec_headers.get_header("WARC-Target-URI") == (
            response.rec_headers.get_header("WARC-Target-URI")
        )
        assert request.http_headers.get_header("User-Agent").startswith("newscrawl/")


def test_a_response_record_holds_the_exact_bytes_the_site_sends(captured: Captured):
    url, history = sorted(versions(captured.archive_url).items())[0]
    version = history[0]
    path = captured.warc_dir / version["warc_file"]
    with path.open("rb") as stream:
        stream.seek(version["warc_offset"])
        record = next(iter(ArchiveIterator(stream)))
        stored = record.raw_stream.read()
    target = record.rec_headers.get_header("WARC-Target-URI")
    assert canonical_url(target) == url
    with urlopen(target) as answer:
        assert stored == answer.read()


def test_the_records_re_create_every_story_exactly(captured: Captured):
    stories = versions(captured.archive_url)
    exports = exported(captured.archive_url)
    extractor = Reextractor()
    for url, (version, *_) in stories.items():
        assert version["extractor_version"] == EXTRACTOR_VERSION
        assert version["software_version"] == __version__
        assert version["origin"] == "crawl"
        path = find_warc(version["warc_file"], [captured.warc_dir])
        assert path is not None
        story = extractor.extract(path, version["warc_offset"], url=url, site=version["site"])
        assert story is not None, url
        assert story.warc_record_id == version["warc_record_id"]
        assert prepare(story, utcnow()).content_hash == version["content_hash"], url
        record = exports[url]
        for field in ("title", "body", "section", "published_at", "modified_at", "language"):
            assert getattr(story, field) == record[field], f"{field} of {url}"
        assert tuple(story.authors) == record["authors"]
        assert tuple(story.tags) == record["tags"]


def test_a_304_on_a_revisit_is_kept_as_a_revisit_record(captured_copy: Captured, tmp_path: Path):
    warc_dir = tmp_path / "warc-revisit"
    command = CrawlCommand(
        captured_copy.site.url,
        captured_copy.archive_url,
        tmp_path,
        settings={
            "NEWSCRAWL_WARC": "true",
            "NEWSCRAWL_WARC_DIR": str(warc_dir),
            "NEWSCRAWL_REVISIT_ALL": "true",
        },
    )
    assert command.run("revisit.log") == 0, (tmp_path / "revisit.log").read_text()[-3000:]
    (path,) = sorted(warc_dir.glob("*.warc.gz"))
    revisits = [record for _offset, record in records(path) if record.rec_type == "revisit"]
    assert len(revisits) >= captured_copy.site.articles
    for record in revisits:
        assert record.rec_headers.get_header("WARC-Profile") == SERVER_NOT_MODIFIED
        assert record.http_headers.get_statuscode() == "304"
        assert record.rec_headers.get_header("WARC-Refers-To-Target-URI") == (
            record.rec_headers.get_header("WARC-Target-URI")
        )
    result = warcio("check", str(path))
    assert result.returncode == 0, result.stdout[-2000:]
    # Unchanged stories make no version: their records stay those of the first crawl.
    assert all(len(history) == 1 for history in versions(captured_copy.archive_url).values())


@pytest.mark.parametrize(
    ("given", "size"),
    [("1000", 1000), ("500M", 500_000_000), ("1G", 10**9), ("1.5 GB", 1_500_000_000)],
)
def test_sizes_are_bytes_or_a_number_with_a_unit(given, size):
    assert parse_size(given) == size


@pytest.mark.parametrize("given", ["", "lots", "-5", "0", "1X"])
def test_a_size_that_is_no_size_is_refused_with_its_value(given):
    with pytest.raises(ValueError, match="is not a size"):
        parse_size(given)
