"""The web view over a real captured crawl (the demo site crawled with ``NEWSCRAWL_WARC=true``,
the fixture of tests/warc/): each version shows its extractor stamp and marks a re-extraction,
and links its WARC record, whose payload is a download (never a page of the archive's origin)
and whose headers are shown and given as JSON; a record that cannot be had is a 404 page."""

from __future__ import annotations

import gzip
import io
import shutil
import sqlite3
import subprocess
import zlib
from collections.abc import Iterator
from pathlib import Path

import brotli
import pytest
from lxml import html
from starlette.testclient import TestClient
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.cli import main as archive_main
from archive.commands.reextract import DEFAULT_WARC_DIR as REEXTRACT_DEFAULT
from archive.web import command
from archive.web.app import create_app
from archive.web.warc_record import DEFAULT_WARC_DIR, MAX_PAYLOAD
from newscrawl import __version__
from newscrawl.extraction import EXTRACTOR_VERSION
from tests.warc import conftest as warc_fixtures
from tests.warc.extractors import NEW_VERSION, SUFFIX
from tests.warc.helpers import WARCIO, Captured, versions

# The crawl of the demo site with capture, shared with tests/warc/ (a session fixture there).
captured = warc_fixtures.captured
SPORT = "tests.warc.extractors:SportHeadlines"


@pytest.fixture(scope="module")
def reextracted(captured: Captured, tmp_path_factory: pytest.TempPathFactory) -> Captured:
    """A copy of the captured archive in which a newer extractor re-read the Sport stories."""
    db = tmp_path_factory.mktemp("reextracted") / "archive.db"
    shutil.copy(captured.db, db)
    copy = Captured(captured.site, db, captured.warc_dir)
    args = ["--db", copy.archive_url, "reextract", "--warc-dir", str(copy.warc_dir)]
    assert archive_main([*args, "--extractor", SPORT]) == 0
    return copy


@pytest.fixture(scope="module")
def client(reextracted: Captured) -> Iterator[TestClient]:
    app = create_app(reextracted.archive_url, warc_dirs=[reextracted.warc_dir])
    with TestClient(app) as test_client:
        yield test_client


def page(client: TestClient, path: str, status: int = 200) -> html.HtmlElement:
    response = client.get(path)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("text/html")
    return html.fromstring(response.text)


def story_path(client: TestClient, url: str) -> str:
    found = client.get("/story", params={"url": url}, follow_redirects=False)
    assert found.status_code == 303, found.text
    return found.headers["location"]


def split(stories: dict[str, list[dict]]) -> tuple[str, str]:
    """A story the newer extractor changed (two versions) and one it did not (one)."""
    changed = next(url for url, history in sorted(stories.items()) if len(history) == 2)
    same = next(url for url, history in sorted(stories.items()) if len(history) == 1)
    return changed, same


def test_each_version_row_shows_its_stamp_marks_a_reextraction_and_links_its_record(
    client: TestClient, reextracted: Captured
) -> None:
    stories = versions(reextracted.archive_url)
    changed, same = split(stories)
    rows = page(client, story_path(client, changed)).cssselect("#versions table.versions tr")[1:]
    newest, first = rows  # newest first
    assert "re-extracted:" in newest.text_content()
    assert f"extractor {NEW_VERSION} (newscrawl {__version__})" in newest.text_content()
    assert "title:" in newest.text_content()
    assert "re-extracted" not in first.text_content()
    assert f"extractor {EXTRACTOR_VERSION} (newscrawl {__version__})" in first.text_content()
    for row, number in ((newest, 2), (first, 1)):
        (link,) = row.cssselect("a.record-link")
        assert link.get("href").endswith(f"/version/{number}/record")
        assert link.get("download") is not None
        assert row.cssselect("a.headers-link")[0].get("href").endswith(f"/version/{number}#record")

    (row,) = page(client, story_path(client, same)).cssselect("#versions table.versions tr")[1:]
    assert "re-extracted" not in row.text_content()
    assert f"extractor {EXTRACTOR_VERSION}" in row.text_content()


def test_the_record_link_downloads_the_stored_payload_and_never_renders_it(
    client: TestClient, reextracted: Captured, tmp_path: Path
) -> None:
    stories = versions(reextracted.archive_url)
    changed, same = split(stories)
    for url in (changed, same):
        version = stories[url][-1]
        path = story_path(client, url)
        response = client.get(f"{path}/version/{version['number']}/record")
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "application/octet-stream"
        story_id = path.rsplit("/", 1)[1]
        assert response.headers["content-disposition"] == (
            f'attachment; filename="story-{story_id}-version-{version["number"]}.html"'
        )
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["content-security-policy"].startswith("sandbox")
        # The payload warcio itself extracts from the record the archive names, byte for byte.
        warc = reextracted.warc_dir / version["warc_file"]
        assert response.content == warcio_payload(warc, version["warc_offset"])
        assert b"<html" in response.content.lower()
        title = version["title"].removesuffix(SUFFIX)
        assert title.split()[0].encode() in response.content


def warcio_payload(warc: Path, offset: int) -> bytes:
    """``warcio extract --payload``: the record's HTTP body, its encodings undone."""
    return subprocess.run(
        [WARCIO, "extract", "--payload", str(warc), str(offset)],
        capture_output=True,
        timeout=60,
        check=True,
    ).stdout


def test_the_version_page_and_json_give_the_records_headers(
    client: TestClient, reextracted: Captured
) -> None:
    stories = versions(reextracted.archive_url)
    changed, _same = split(stories)
    version = stories[changed][1]
    path = f"{story_path(client, changed)}/version/2"
    document = page(client, path)
    assert f"extractor {NEW_VERSION}" in document.get_element_by_id("stamp").text_content()
    assert "re-extracted" in document.get_element_by_id("stamp").text_content()
    warc_headers = document.get_element_by_id("warc-headers").text_content()
    assert version["warc_record_id"] in warc_headers
    assert "WARC-Type" in warc_headers and "response" in warc_headers
    assert "200 OK" in document.get_element_by_id("http-headers").text_content()
    assert document.cssselect("#record a.record-link")[0].get("href") == f"{path}/record"

    record = client.get(f"{path}/record.json")
    assert record.status_code == 200
    assert record.headers["content-type"] == "application/json"
    data = record.json()
    assert (data["file"], data["offset"], data["record_id"]) == (
        version["warc_file"],
        version["warc_offset"],
        version["warc_record_id"],
    )
    assert ["WARC-Type", "response"] in data["warc_headers"]
    assert data["status_line"] == "HTTP/1.1 200 OK"
    assert any(name.lower() == "content-type" for name, _ in data["http_headers"])
    assert (data["origin"], data["extractor_version"]) == ("reextract", NEW_VERSION)


def test_a_record_that_cannot_be_had_is_a_404_page_saying_why(
    reextracted: Captured, tmp_path: Path
) -> None:
    stories = versions(reextracted.archive_url)
    url, history = sorted(stories.items())[0]
    first = history[0]
    other = next(
        h[0]
        for u, h in sorted(stories.items())
        if h[0]["warc_file"] == first["warc_file"] and h[0]["warc_offset"] != first["warc_offset"]
    )
    db = tmp_path / "archive.db"
    shutil.copy(reextracted.db, db)
    archive_url = f"sqlite:///{db}"

    def point(**columns: object) -> None:
        """Point the story's first version at another record."""
        with sqlite3.connect(db) as connection:
            assignments = ", ".join(f"{name} = ?" for name in columns)
            connection.execute(
                f"UPDATE story_version SET {assignments} WHERE number = 1 AND story_id ="
                " (SELECT id FROM story WHERE url = ?)",
                (*columns.values(), url),
            )

    def refused(client: TestClient, reason: str) -> None:
        for suffix in ("/record", "/record.json"):
            response = client.get(f"{story_path(client, url)}/version/1{suffix}")
            assert response.status_code == 404
            assert response.headers["content-type"].startswith("text/html")
            error = html.fromstring(response.text).get_element_by_id("error").text_content()
            assert reason in error, error
            assert "Traceback" not in response.text
        # The version page itself still shows, with the reason.
        document = page(client, f"{story_path(client, url)}/version/1")
        assert reason in document.get_element_by_id("record-missing").text_content()

    with TestClient(create_app(archive_url, warc_dirs=[tmp_path / "elsewhere"])) as client:
        refused(client, f"the WARC file {first['warc_file']} is not in {tmp_path / 'elsewhere'}")
    with TestClient(create_app(archive_url, warc_dirs=[reextracted.warc_dir])) as client:
        point(warc_offset=first["warc_offset"] + 7)
        refused(client, "cannot be read")
        point(warc_offset=10**9)
        refused(client, "the file is shorter")
        # Another story's record: not the one the version names.
        point(warc_offset=other["warc_offset"])
        refused(client, f"not {first['warc_record_id']}")
        point(warc_offset=first["warc_offset"], warc_file="../archive.db")
        refused(client, "'../archive.db' is not a plain file name")
        point(warc_file=None, warc_offset=None, warc_record_id=None)
        response = client.get(f"{story_path(client, url)}/version/1/record")
        assert response.status_code == 404
        assert "no WARC record is recorded" in response.text
        document = page(client, f"{story_path(client, url)}/version/1")
        assert "none recorded" in document.get_element_by_id("record").text_content()


def write_record(folder: Path, name: str, url: str, body: bytes, headers: list) -> str:
    """A WARC file of one response record, as another tool would write it; its record id."""
    folder.mkdir(exist_ok=True)
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    http_headers = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), length=len(body), http_headers=http_headers
        )
    )
    (folder / name).write_bytes(buffer.getvalue())
    buffer.seek(0)
    record = next(iter(ArchiveIterator(buffer)))
    return str(record.rec_headers.get_header("WARC-Record-ID"))


def pointed_copy(archive: Captured, tmp_path: Path, url: str, name: str, record_id: str) -> str:
    """A copy of the archive whose story at ``url`` has its first version read from ``name``."""
    db = tmp_path / "archive.db"
    shutil.copy(archive.db, db)
    with sqlite3.connect(db) as connection:
        connection.execute(
            "UPDATE story_version SET warc_file = ?, warc_offset = 0, warc_record_id = ?"
            " WHERE number = 1 AND story_id = (SELECT id FROM story WHERE url = ?)",
            (name, record_id, url),
        )
    return f"sqlite:///{db}"


def test_hostile_headers_are_escaped_and_a_hostile_page_is_only_a_download(
    reextracted: Captured, tmp_path: Path
) -> None:
    """A record made elsewhere (import-warc takes any WARC) is data: its headers are escaped
    on the page, its payload is an octet-stream attachment in a sandbox."""
    url = sorted(versions(reextracted.archive_url))[0]
    hostile = '<script>alert("header")</script>'
    body = b"<html><script>alert('page')</script></html>"
    headers = [("Content-Type", "text/html"), ("X-Hostile", hostile)]
    record_id = write_record(tmp_path / "warc", "elsewhere.warc.gz", url, body, headers)
    archive_url = pointed_copy(reextracted, tmp_path, url, "elsewhere.warc.gz", record_id)
    with TestClient(create_app(archive_url, warc_dirs=[tmp_path / "warc"])) as client:
        path = f"{story_path(client, url)}/version/1"
        response = client.get(path)
        assert response.status_code == 200
        assert hostile not in response.text
        document = html.fromstring(response.text)
        assert not document.cssselect("script")
        assert hostile in document.get_element_by_id("http-headers").text_content()
        payload = client.get(f"{path}/record")
        assert payload.content == body
        assert payload.headers["content-type"] == "application/octet-stream"
        assert payload.headers["content-disposition"].startswith("attachment;")
        assert payload.headers["content-security-policy"] == "sandbox; default-src 'none'"


def raw_deflate(data: bytes) -> bytes:
    return zlib.compress(data, wbits=-zlib.MAX_WBITS)


@pytest.mark.parametrize(
    ("encoding", "encode"),
    [
        ("gzip", gzip.compress),
        ("br", brotli.compress),
        ("deflate", zlib.compress),
        ("deflate", raw_deflate),
    ],
)
def test_the_download_has_the_content_encoding_undone(
    reextracted: Captured, tmp_path: Path, encoding: str, encode
) -> None:
    url = sorted(versions(reextracted.archive_url))[0]
    page_bytes = b"<html><p>Stored as the server sent it: encoded.</p></html>"
    headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", encoding)]
    record_id = write_record(tmp_path / "warc", "encoded.warc.gz", url, encode(page_bytes), headers)
    archive_url = pointed_copy(reextracted, tmp_path, url, "encoded.warc.gz", record_id)
    with TestClient(create_app(archive_url, warc_dirs=[tmp_path / "warc"])) as client:
        path = f"{story_path(client, url)}/version/1"
        assert client.get(f"{path}/record").content == page_bytes
        data = client.get(f"{path}/record.json").json()
        assert ["Content-Encoding", encoding] in data["http_headers"]


def test_serve_takes_the_warc_folders_with_reextracts_default(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert DEFAULT_WARC_DIR == command.DEFAULT_WARC_DIR == REEXTRACT_DEFAULT
    parser = command.argparse.ArgumentParser()
    command.add_parser(parser.add_subparsers())
    db = f"sqlite:///{tmp_path / 'none.db'}"
    args = parser.parse_args(["serve", "--db", db, "--warc-dir", str(tmp_path / "missing")])
    assert command.run(args) == 2
    err = capsys.readouterr().err
    assert (
        err.strip()
        == f"archive: error: no WARC folder {tmp_path / 'missing'} (--warc-dir names a folder)"
    )


def test_a_stored_decompression_bomb_is_refused_past_the_crawls_limit(
    reextracted: Captured, tmp_path: Path
) -> None:
    url = sorted(versions(reextracted.archive_url))[0]
    bomb = gzip.compress(b"\0" * (MAX_PAYLOAD + 1))
    headers = [("Content-Type", "text/html"), ("Content-Encoding", "gzip")]
    record_id = write_record(tmp_path / "warc", "bomb.warc.gz", url, bomb, headers)
    archive_url = pointed_copy(reextracted, tmp_path, url, "bomb.warc.gz", record_id)
    with TestClient(create_app(archive_url, warc_dirs=[tmp_path / "warc"])) as client:
        response = client.get(f"{story_path(client, url)}/version/1/record")
        assert response.status_code == 404
        error = html.fromstring(response.text).get_element_by_id("error").text_content()
        assert f"larger than {MAX_PAYLOAD} bytes: warcio extract --payload bomb.warc.gz 0" in error
