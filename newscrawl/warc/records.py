"""Reading responses back from WARC files: one by its offset, or a whole file's index.

Works on any gzipped or plain WARC (this crawler's, wget's ``--warc-file``, Heritrix's,
Browsertrix's). A response comes back as Scrapy would have made it after its own middlewares:
the transfer and content encodings undone (the body as a parser needs it, at most
``max_size`` bytes, so a stored decompression bomb costs no more than a live one), and the
``Content-Encoding`` and ``Transfer-Encoding`` headers dropped since they no longer apply.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, cast

import brotli
from scrapy.http import Headers, Response, TextResponse
from scrapy.responsetypes import responsetypes
from scrapy.utils._compression import (
    _DecompressionMaxSizeExceeded,
    _inflate,
    _unbrotli,
    _unzstd,
)
from scrapy.utils.gz import gunzip
from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.timeutils import iso_date_to_datetime

from newscrawl.middlewares.charset import body_encoding

# The headers that describe an encoding this module has undone.
_UNDONE = {"content-encoding", "transfer-encoding", "x-archive-orig-transfer-encoding"}
DEFAULT_MAX_SIZE = 16 * 1024 * 1024


class WarcReadError(Exception):
    """A record that cannot be read: one line naming the file and offset."""


@dataclass(frozen=True)
class StoredResponse:
    """A response as a WARC file keeps it, decoded.

    :ivar url: ``WARC-Target-URI``.
    :ivar status: the HTTP status.
    :ivar headers: the HTTP headers in order, without the encodings undone.
    :ivar body: the body with its transfer and content encodings undone.
    :ivar date: ``WARC-Date``, aware.
    :ivar record_id: ``WARC-Record-ID``.
    :ivar file: the file's name; :ivar offset: the record's offset in it.
    """

    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    date: datetime
    record_id: str
    file: str
    offset: int


@dataclass(frozen=True)
class IndexEntry:
    """A ``response`` or ``revisit`` record of a file, without its body."""

    url: str
    kind: str
    status: int
    mime: str
    date: datetime
    file: Path
    offset: int


def read_response(path: Path, offset: int, *, max_size: int = DEFAULT_MAX_SIZE) -> StoredResponse:
    """The response record at ``offset`` of ``path``.

    :raises WarcReadError: when there is none there, or it cannot be read.
    """
    try:
        with path.open("rb") as stream:
            stream.seek(offset)
            record = next(iter(ArchiveIterator(stream)), None)
            if record is None or record.rec_type != "response":
                kind = record.rec_type if record is not None else "nothing"
                raise WarcReadError(f"{path} at {offset}: {kind}, not a response record")
            return _stored(record, path.name, offset, max_size)
    except (OSError, ArchiveLoadFailed, ValueError, EOFError) as exc:
        raise WarcReadError(f"{path} at {offset}: {exc}") from exc


def index_file(path: Path) -> Iterator[IndexEntry]:
    """The response and revisit records of ``path``, in file order (bodies are not read).

    :raises WarcReadError: for a file that is no WARC, or is cut short before a record ends
        (the entries before it have been given).
    """
    _check_is_warc(path)
    try:
        with path.open("rb") as stream:
            records = ArchiveIterator(stream)
            for record in records:
                if record.rec_type not in ("response", "revisit") or record.http_headers is None:
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI") or ""
                if not url.startswith(("http://", "https://")):
                    continue
                yield IndexEntry(
                    url=url,
                    kind=record.rec_type,
                    status=_status(record),
                    mime=(record.http_headers.get_header("Content-Type") or "").lower(),
                    date=_date(record),
                    file=path,
                    offset=records.get_record_offset(),
                )
    except (OSError, ArchiveLoadFailed, ValueError, EOFError) as exc:
        raise WarcReadError(f"{path}: {exc}") from exc


def _check_is_warc(path: Path) -> None:
    """warcio reads anything, warning on stderr; a file that is no WARC is refused first."""
    try:
        with path.open("rb") as stream:
            head = stream.read(512)
            if head[:2] == b"\x1f\x8b":
                stream.seek(0)
                head = zlib.decompressobj(zlib.MAX_WBITS + 16).decompress(stream.read(4096), 64)
    except (OSError, zlib.error) as exc:
        raise WarcReadError(f"{path}: {exc}") from exc
    if not head.lstrip(b"\r\n").startswith((b"WARC/", b"filedesc://")):
        raise WarcReadError(f"{path}: not a WARC file (it does not start with a WARC record)")


def to_response(stored: StoredResponse, *, url: str | None = None) -> Response:
    """The Scrapy response a crawl would have handed the spider, charset corrected as
    :class:`newscrawl.middlewares.charset.CharsetMiddleware` does."""
    headers = Headers()
    for name, value in stored.headers:
        headers.appendlist(name, value)
    target = url or stored.url
    cls = responsetypes.from_args(headers=headers, url=target, body=stored.body)
    response = cls(url=target, status=stored.status, headers=headers, body=stored.body)
    if isinstance(response, TextResponse) and response.body:
        declared = response._headers_encoding()
        if declared and not response._bom_encoding() and not _decodes(response.body, declared):
            encoding = body_encoding(response.body, response._body_declared_encoding())
            response = response.replace(encoding=encoding)
    return response


def _decodes(body: bytes, encoding: str) -> bool:
    try:
        body.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return False
    return True


def _stored(record: ArcWarcRecord, name: str, offset: int, max_size: int) -> StoredResponse:
    if record.http_headers is None:
        raise WarcReadError(f"{name} at {offset}: a response record without HTTP headers")
    body = _read(_transfer_decoded(record), max_size)
    if body is None:
        raise WarcReadError(f"{name} at {offset}: the body is larger than {max_size} bytes")
    try:
        body = _content_decoded(body, record.http_headers.get_header("Content-Encoding"), max_size)
    except _DecompressionMaxSizeExceeded:
        raise WarcReadError(
            f"{name} at {offset}: the body is larger than {max_size} bytes once decompressed"
        ) from None
    except (OSError, EOFError, ValueError, zlib.error, brotli.error) as exc:
        raise WarcReadError(
            f"{name} at {offset}: the body cannot be decompressed ({exc})"
        ) from None
    headers = [
        (key, value)
        for key, value in record.http_headers.headers
        if key.lower() not in _UNDONE and key.lower() != "content-length"
    ]
    return StoredResponse(
        url=record.rec_headers.get_header("WARC-Target-URI") or "",
        status=_status(record),
        headers=headers,
        body=body,
        date=_date(record),
        record_id=record.rec_headers.get_header("WARC-Record-ID") or "",
        file=name,
        offset=offset,
    )


def _transfer_decoded(record: ArcWarcRecord) -> IO[bytes]:
    """The payload with a chunked transfer encoding undone (wget and others keep it), still
    in its content encoding: warcio would decode that too, but not zstd, and its brotli
    decoding fails with the brotli release Scrapy installs."""
    encoding = (record.http_headers.get_header("Transfer-Encoding") or "").lower()
    if encoding == "chunked":
        return cast(IO[bytes], ChunkedDataReader(record.raw_stream))
    return cast(IO[bytes], record.raw_stream)


# Content encodings as Scrapy's own middleware decodes them, each bounded by ``max_size``.
_DECODERS: dict[str, Callable[..., bytes]] = {
    "gzip": gunzip,
    "x-gzip": gunzip,
    "deflate": _inflate,
    "br": _unbrotli,
    "zstd": _unzstd,
}


def _content_decoded(body: bytes, encodings: str | None, max_size: int) -> bytes:
    """``body`` with its content encodings undone, last applied first; an unknown one is
    left as it is (the parser then sees what the site sent)."""
    for encoding in reversed([e.strip().lower() for e in (encodings or "").split(",")]):
        decoder = _DECODERS.get(encoding)
        if decoder is not None and body:
            body = decoder(body, max_size=max_size)
    return body


def _read(stream: IO[bytes], limit: int) -> bytes | None:
    chunks = []
    size = 0
    while chunk := stream.read(65536):
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _status(record: ArcWarcRecord) -> int:
    try:
        return int(record.http_headers.get_statuscode())
    except (TypeError, ValueError):
        return 0


def _date(record: ArcWarcRecord) -> datetime:
    text = record.rec_headers.get_header("WARC-Date")
    if not text:
        return datetime.fromtimestamp(0, UTC)
    parsed: datetime = iso_date_to_datetime(text)
    return parsed.replace(tzinfo=UTC)
