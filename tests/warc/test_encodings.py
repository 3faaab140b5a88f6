"""What a record keeps of a compressed, chunked response: the body as sent (still compressed:
gzip, brotli, zstd, deflate), read back by re-extraction, with
the chunking undone and no ``Transfer-Encoding`` header telling a reader to undo it again."""

from __future__ import annotations

from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from archive.reextract import find_warc
from newscrawl.warc.reextract import Reextractor
from tests.reliability.chaos import CrawlCommand
from tests.warc.encoded_site import ARTICLES, EncodedSite
from tests.warc.helpers import exported, versions, warcio

STANDARD = ("gzip", "identity", "deflate")


def crawl_and_read_back(tmp_path: Path, encodings: tuple[str, ...]) -> Path:
    """Crawl a site sending ``encodings``; check every record holds the body as sent and reads
    back as the stored story; the WARC folder."""
    warc_dir = tmp_path / "warc"
    with EncodedSite(encodings) as site:
        command = CrawlCommand(
            site.url,
            f"sqlite:///{tmp_path / 'archive.db'}",
            tmp_path,
            settings={"NEWSCRAWL_WARC": "true", "NEWSCRAWL_WARC_DIR": str(warc_dir)},
        )
        assert command.run("crawl.log") == 0, (tmp_path / "crawl.log").read_text()[-3000:]
        sent = dict(site.sent)
    # A crawl keeping WARC files asks only for what every WARC reader decodes.
    assert set(site.accepted) == {"gzip, deflate"}
    archive_url = f"sqlite:///{tmp_path / 'archive.db'}"
    stories = versions(archive_url)
    assert sorted(stories) == sorted(site.url.rstrip("/") + path for path in site.paths)
    exports = exported(archive_url)
    for url, (version,) in stories.items():
        path = url.removeprefix(site.url.rstrip("/"))
        encoding, chunked = ARTICLES[path]
        warc = find_warc(version["warc_file"], [warc_dir])
        assert warc is not None
        with warc.open("rb") as stream:
            stream.seek(version["warc_offset"])
            record = next(iter(ArchiveIterator(stream)))
            headers = record.http_headers
            payload = record.raw_stream.read()
        assert payload == sent[path], "the body as sent, not decompressed"
        assert headers.get_header("Content-Encoding") == (
            None if encoding == "identity" else encoding
        )
        # Twisted's client keeps the hop-by-hop headers to itself: the chunks are undone
        # and no reader is told to undo them again.
        assert headers.get_header("Transfer-Encoding") is None
        assert chunked or headers.get_header("Content-Length") == str(len(payload))
        story = Reextractor().extract(warc, version["warc_offset"], url=url, site=version["site"])
        assert story is not None
        assert story.body == exports[url]["body"]
        assert story.title == exports[url]["title"]
    return warc_dir


def test_gzip_deflate_and_chunked_pages_are_kept_as_sent_and_read_back(tmp_path: Path):
    warc_dir = crawl_and_read_back(tmp_path, STANDARD)
    result = warcio("check", *map(str, sorted(warc_dir.glob("*.warc.gz"))))
    assert result.returncode == 0, result.stdout


def test_brotli_and_zstd_sent_anyway_are_read_back(tmp_path: Path):
    # Sent although not asked for: the crawler's own reader decodes them (warcio 1.8 cannot
    # decode brotli with brotli >= 1.2 and knows no zstd; WARCs of other tools hold them too).
    crawl_and_read_back(tmp_path, ("br", "zstd"))
