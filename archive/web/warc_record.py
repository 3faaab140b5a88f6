"""A story version's WARC record, read back for the web view: its headers, and the payload of
the HTTP response it holds.

A version names its record by file name, offset and record id (:class:`VersionSource`). The
file is looked up in the WARC folders the server was given, complete or still ``.open`` (a
killed crawl's records before the cut are whole), as ``archive reextract`` finds it. Whatever
cannot be found or read is a :class:`RecordNotFound` with one line saying why: the page shows
it as a 404, never a traceback.

The archive never imports the crawler, so this reads with warcio directly.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import IO

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from archive.results import VersionSource

__all__ = [
    "DEFAULT_WARC_DIR",
    "MAX_PAYLOAD",
    "RecordNotFound",
    "StoredRecord",
    "find_file",
    "read_payload",
    "read_record",
]

#: Where a crawl writes its WARC files by default (``NEWSCRAWL_WARC_DIR``), and where
#: ``archive reextract`` looks without ``--warc-dir``.
DEFAULT_WARC_DIR = Path("data/warc")
#: A payload is served up to this size: the crawl's own limit on a body (``DOWNLOAD_MAXSIZE``),
#: so a stored decompression bomb costs the server no more than it cost the crawl.
MAX_PAYLOAD = 16 * 1024 * 1024
# Bytes a decoder gives at a time, so that a bomb is stopped one piece past the limit.
_PIECE = 64 * 1024

try:  # Scrapy's dependency for brotli responses; the archive alone may lack it
    import brotli
except ImportError:  # pragma: no cover - installed with the project
    brotli = None

_READ_ERRORS: tuple[type[Exception], ...] = (
    OSError,
    ArchiveLoadFailed,
    ValueError,
    EOFError,
    zlib.error,
    *((brotli.error,) if brotli is not None else ()),
)


class RecordNotFound(Exception):
    """A version's record that is not there or cannot be read: one line saying why."""


class PayloadTooLarge(RecordNotFound):
    """A payload past :data:`MAX_PAYLOAD`."""


@dataclass(frozen=True)
class StoredRecord:
    """A response record's headers as the WARC file keeps them.

    :ivar file: the file's name as found (``NAME.warc.gz`` or ``NAME.warc.gz.open``).
    :ivar warc_headers: the WARC headers, in order.
    :ivar status_line: ``HTTP/1.1 200 OK``.
    :ivar http_headers: the HTTP response's headers as received, in order.
    """

    file: str
    offset: int
    record_id: str
    target_uri: str
    warc_headers: tuple[tuple[str, str], ...]
    status_line: str
    http_headers: tuple[tuple[str, str], ...]

    @property
    def content_type(self) -> str:
        for name, value in self.http_headers:
            if name.lower() == "content-type":
                return value.split(";")[0].strip().lower()
        return ""


def find_file(name: str, folders: Sequence[Path]) -> Path:
    """The WARC file called ``name`` in the first of ``folders`` that has it, complete or
    still ``.open``.

    :raises RecordNotFound: when none has it, or ``name`` is not a plain file name (the
        archive's rows are data: a name may not lead out of the folders).
    """
    if not name or Path(name).name != name or name in (".", ".."):
        raise RecordNotFound(f"the WARC file name {name!r} is not a plain file name")
    for folder in folders:
        for candidate in (folder / name, folder / f"{name}.open"):
            if candidate.is_file():
                return candidate
    shown = ", ".join(str(folder) for folder in folders) or "no folder"
    raise RecordNotFound(f"the WARC file {name} is not in {shown} (give archive serve --warc-dir)")


def read_record(source: VersionSource, folders: Sequence[Path]) -> StoredRecord:
    """The headers of the response record ``source`` names.

    :raises RecordNotFound: no record named, no such file, or no such response at its offset.
    """
    path, offset = _located(source, folders)
    try:
        with path.open("rb") as stream:
            return _headers(_response_at(stream, path, offset, source), path, offset)
    except _READ_ERRORS as exc:
        raise RecordNotFound(f"{path.name} at {offset}: cannot be read: {exc}") from None


def read_payload(
    source: VersionSource, folders: Sequence[Path], *, max_size: int = MAX_PAYLOAD
) -> tuple[StoredRecord, bytes]:
    """The record's headers and its HTTP response's body, with the transfer and content
    encodings (chunked; gzip, deflate, brotli) undone; a body in another content encoding is
    given as stored.

    :raises PayloadTooLarge: past ``max_size`` bytes.
    :raises RecordNotFound: as :func:`read_record`.
    """
    path, offset = _located(source, folders)
    try:
        with path.open("rb") as stream:
            record = _response_at(stream, path, offset, source)
            headers = _headers(record, path, offset)
            body = bytearray()
            for piece in _decoded(record):
                body += piece
                if len(body) > max_size:
                    raise PayloadTooLarge(
                        f"the payload at {offset} of {path.name} is larger than {max_size}"
                        f" bytes: warcio extract --payload {path.name} {offset}"
                    )
    except _READ_ERRORS as exc:
        raise RecordNotFound(f"{path.name} at {offset}: cannot be read: {exc}") from None
    return headers, bytes(body)


def _decoded(record: ArcWarcRecord) -> Iterator[bytes]:
    """The HTTP body in pieces of at most :data:`_PIECE` bytes, its encodings undone.

    warcio's own content decoding is not used: it fails on today's brotli package, and
    decodes without a bound."""
    http = record.http_headers
    stream = record.raw_stream
    if (http.get_header("Transfer-Encoding") or "").strip().lower() == "chunked":
        # warcio reads a body that is not chunked after all as it is.
        stream = ChunkedDataReader(stream)
    chunks = iter(lambda: stream.read(_PIECE), b"")
    encoding = (http.get_header("Content-Encoding") or "").strip().lower()
    decoder = _DECODERS.get(encoding)
    if decoder is None or (encoding == "br" and brotli is None):
        return chunks
    return decoder(chunks)


def _zlib(chunks: Iterator[bytes], wbits: int) -> Iterator[bytes]:
    decompressor = zlib.decompressobj(wbits)
    for chunk in chunks:
        data = chunk
        while data and not decompressor.eof:
            yield decompressor.decompress(data, _PIECE)
            data = decompressor.unconsumed_tail
        if decompressor.eof:
            return
    yield decompressor.flush()


def _gzip(chunks: Iterator[bytes]) -> Iterator[bytes]:
    return _zlib(chunks, zlib.MAX_WBITS | 16)


def _deflate(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """``deflate`` is zlib-wrapped by the standard, raw deflate from some servers."""
    first = next(chunks, b"")
    wrapped = len(first) >= 2 and first[0] & 0x0F == 8 and (first[0] << 8 | first[1]) % 31 == 0
    return _zlib(chain([first], chunks), zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)


def _brotli(chunks: Iterator[bytes]) -> Iterator[bytes]:
    decompressor = brotli.Decompressor()
    for chunk in chunks:
        yield decompressor.process(chunk, output_buffer_limit=_PIECE)
        while not decompressor.can_accept_more_data():
            yield decompressor.process(b"", output_buffer_limit=_PIECE)


_DECODERS: dict[str, Callable[[Iterator[bytes]], Iterator[bytes]]] = {
    "gzip": _gzip,
    "x-gzip": _gzip,
    "deflate": _deflate,
    "br": _brotli,
}


def _located(source: VersionSource, folders: Sequence[Path]) -> tuple[Path, int]:
    if source.warc_file is None or source.warc_offset is None:
        raise RecordNotFound("no WARC record is recorded for this version (captured without it)")
    if source.warc_offset < 0:
        raise RecordNotFound(f"the offset {source.warc_offset} is not an offset")
    return find_file(source.warc_file, folders), source.warc_offset


def _response_at(
    stream: IO[bytes], path: Path, offset: int, source: VersionSource
) -> ArcWarcRecord:
    """The response record at ``offset``, if it is the one the version names."""
    if offset > path.stat().st_size:
        raise RecordNotFound(f"{path.name} has no offset {offset}: the file is shorter")
    stream.seek(offset)
    record: ArcWarcRecord | None = next(iter(ArchiveIterator(stream)), None)
    if record is None:
        raise RecordNotFound(f"{path.name} has no record at {offset}")
    if record.rec_type != "response" or record.http_headers is None:
        # A misplaced offset can parse as a record of garbage: the same as an unreadable one.
        raise RecordNotFound(
            f"{path.name} at {offset}: cannot be read: no HTTP response record starts there"
            f" ({record.rec_type or 'no'} record)"
        )
    found = record.rec_headers.get_header("WARC-Record-ID") or ""
    # A file replaced since, or an offset that moved: say so rather than serve another page.
    if source.warc_record_id and found != source.warc_record_id:
        raise RecordNotFound(
            f"{path.name} at {offset} holds {found or 'a record without id'},"
            f" not {source.warc_record_id}"
        )
    return record


def _headers(record: ArcWarcRecord, path: Path, offset: int) -> StoredRecord:
    http = record.http_headers
    return StoredRecord(
        file=path.name,
        offset=offset,
        record_id=record.rec_headers.get_header("WARC-Record-ID") or "",
        target_uri=record.rec_headers.get_header("WARC-Target-URI") or "",
        warc_headers=tuple((str(k), str(v)) for k, v in record.rec_headers.headers),
        status_line=f"{http.protocol} {http.statusline}".strip(),
        http_headers=tuple((str(k), str(v)) for k, v in http.headers),
    )
