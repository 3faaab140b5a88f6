"""Keep what was fetched: every response of a crawl written to WARC files as it arrives.

A downloader middleware placed next to the downloader (``DOWNLOADER_MIDDLEWARES`` 950), so it
sees each request as sent (with the revisit middleware's validators, the compression
middleware's ``Accept-Encoding``) and each response as received: before decompression, before
a redirect becomes another request, before a charset is corrected. Articles, listings, feeds,
sitemaps, robots.txt and redirects are all kept; a ``304 Not Modified`` is a ``revisit`` record
(profile ``server-not-modified``). Each exchange is a ``response`` (or ``revisit``) record and
its ``request`` record, each naming the other in ``WARC-Concurrent-To``.

What a record holds, exactly:

- the body as received, *still content-encoded* (gzip, br, zstd...): WARC keeps the payload
  as the server sent it, and readers (warcio, pywb, ``archive import-warc``) undo the
  ``Content-Encoding`` themselves;
- after *transfer* decoding: Scrapy's HTTP client (Twisted's) undoes chunking and keeps the
  hop-by-hop headers (``Transfer-Encoding``, ``Connection``, ``Keep-Alive``) to itself, so a
  record has neither the chunks nor a header telling a reader to undo them (should another
  download handler pass ``Transfer-Encoding`` on, it is kept as
  ``X-Archive-Orig-Transfer-Encoding``, pywb's convention, for the same reason);
- the end-to-end headers in the order and with the values received; their names are as
  Scrapy keeps them (``Content-Type``: each word capitalised), and the status line's reason
  phrase is the standard one (Scrapy does not keep the server's);
- the request headers as sent by Scrapy, with ``Host`` (which its HTTP client adds itself).

The WARC record of each story's response is noted (:class:`~newscrawl.warc.stamp.StampPipeline`)
and stored with the story's version in the archive, so ``archive reextract`` can read it again.

Settings: ``NEWSCRAWL_WARC`` (on/off), ``NEWSCRAWL_WARC_DIR`` (the folder),
``NEWSCRAWL_WARC_MAX_SIZE`` (bytes, or with a K/M/G suffix, after which a new file begins).
Stats: ``newscrawl/warc/records``, ``newscrawl/warc/revisits``, ``newscrawl/warc/bytes``,
``newscrawl/warc/files``, ``newscrawl/warc/failed`` (exchanges whose records could not be
written), ``newscrawl/warc/crawl_thread_us`` (what capture costs the crawl's own thread; the
records are built and written in a writer thread of their own).
"""

from __future__ import annotations

import logging
import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import NotConfigured
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date

from newscrawl import __version__
from newscrawl.extraction import EXTRACTOR_VERSION
from newscrawl.warc.files import WarcFiles
from newscrawl.warc.stamp import RecordPointer, StampPipeline

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Headers, Response
    from warcio.recordloader import ArcWarcRecord
    from warcio.warcwriter import WARCWriter

logger = logging.getLogger(__name__)

SERVER_NOT_MODIFIED = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "k": 10**3, "m": 10**6, "g": 10**9, "t": 10**12}


def parse_size(value: object) -> int:
    """Bytes from ``1000000``, ``"500M"``, ``"1GB"``, ``"1.5G"`` (decimal units).

    :raises ValueError: naming the value, for anything else.
    """
    match = _SIZE.match(str(value))
    if not match:
        raise ValueError(f"{value!r} is not a size: give bytes, or a number with K, M or G")
    size = int(float(match.group(1)) * _UNITS[match.group(2).lower()])
    if size <= 0:
        raise ValueError(f"{value!r} is not a size: give more than 0 bytes")
    return size


class WarcCaptureMiddleware:
    """Writes each exchange to WARC files (:class:`~newscrawl.warc.files.WarcFiles`)."""

    def __init__(self, crawler: Crawler, folder: Path, max_size: int) -> None:
        self.crawler = crawler
        self.folder = folder
        self.max_size = max_size
        self.files: WarcFiles | None = None
        self._stamp: StampPipeline | None = None
        # One writer thread: records reach the file in the order responses arrived.
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="warc-writer")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("NEWSCRAWL_WARC"):
            # No message: Scrapy would log a warning for every crawl without capture.
            raise NotConfigured
        try:
            max_size = parse_size(crawler.settings.get("NEWSCRAWL_WARC_MAX_SIZE"))
        except ValueError as exc:
            raise ValueError(f"setting NEWSCRAWL_WARC_MAX_SIZE: {exc}") from None
        middleware = cls(crawler, Path(crawler.settings.get("NEWSCRAWL_WARC_DIR")), max_size)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def process_response(self, request: Request, response: Response) -> Response:
        if urlsplit(response.url).scheme not in ("http", "https"):
            return response  # the spider's own data: requests
        started = time.perf_counter()
        exchange = _Exchange.of(request, response)
        # Records are built, digested, compressed and written in the writer thread (zlib and
        # hashlib release the GIL there); the crawl's thread only copies the headers out.
        future = self._writer.submit(self._write, exchange)
        if 200 <= response.status < 300:
            self._stamp_pipeline().note(response.url, future)
        stats = self.crawler.stats
        if stats is not None:
            stats.inc_value("newscrawl/warc/records", 2)
            if response.status == 304:
                stats.inc_value("newscrawl/warc/revisits")
            # What capture costs the crawl's own thread (benchmarks/warc.py), in microseconds.
            stats.inc_value("newscrawl/warc/crawl_thread_us", _micros(started))
        return response

    def spider_closed(self, spider: Spider) -> None:
        self._writer.shutdown(wait=True)
        if self.files is None:
            return
        self.files.close()
        if self.crawler.stats is not None:
            self.crawler.stats.set_value("newscrawl/warc/files", len(self.files.closed))
            total = sum(path.stat().st_size for path in self.files.closed)
            self.crawler.stats.set_value("newscrawl/warc/bytes", total)
        logger.info("WARC: %d files in %s", len(self.files.closed), self.folder)

    # --- records -----------------------------------------------------------------------------

    def _files(self) -> WarcFiles:
        if self.files is None:
            spider = self.crawler.spider
            host = getattr(spider, "host", "") or "crawl"
            start = ", ".join(getattr(spider, "start_urls", []) or [])
            info = {
                "software": f"newscrawl/{__version__} (warcio)",
                "format": "WARC File Format 1.1",
                "conformsTo": "https://iipc.github.io/warc-specifications/specifications/"
                "warc-format/warc-1.1/",
                "isPartOf": f"newscrawl {getattr(spider, 'name', 'crawl')} crawl of {host}",
                "description": f"started {datetime.now(UTC).isoformat(timespec='seconds')}"
                f" from {start or '-'}; extractor {EXTRACTOR_VERSION}",
                "http-header-user-agent": self.crawler.settings.get("USER_AGENT"),
                "robots": "obey" if self.crawler.settings.getbool("ROBOTSTXT_OBEY") else "ignore",
            }
            self.files = WarcFiles(
                self.folder, prefix=f"newscrawl-{host}", max_size=self.max_size, info=info
            )
        return self.files

    def _stamp_pipeline(self) -> StampPipeline:
        if self._stamp is None:
            found = self.crawler.get_item_pipeline(StampPipeline)
            # Without the pipeline no story takes its record: keep none.
            self._stamp = found if found is not None else StampPipeline(self.crawler)
        return self._stamp

    def _write(self, exchange: _Exchange) -> RecordPointer:
        """In the writer thread: the exchange's records, written; where the response is.

        A failure (a full disk, a folder that cannot be written) is logged and counted
        (``newscrawl/warc/failed``) and the crawl goes on: its stories are archived without a
        record rather than not at all.
        """
        try:
            return self._write_records(exchange)
        except Exception as exc:
            logger.error("WARC: the records of %s could not be written: %s", exchange.url, exc)
            if self.crawler.stats is not None:
                self.crawler.stats.inc_value("newscrawl/warc/failed")
            raise

    def _write_records(self, exchange: _Exchange) -> RecordPointer:
        files = self._files()
        builder = files.builder
        response_id = builder._make_warc_id()
        request_id = builder._make_warc_id()
        records = [
            _response_record(builder, exchange, response_id, request_id),
            _request_record(builder, exchange, request_id, response_id),
        ]
        offsets = files.write(records)
        return RecordPointer(files.current_name, offsets[0], response_id, exchange.date)


@dataclass(frozen=True)
class _Exchange:
    """What the records of one exchange need, copied out of Scrapy's objects."""

    url: str
    date: datetime
    status: int
    protocol: str
    headers: list[tuple[str, str]]
    body: bytes
    ip_address: str | None
    method: str
    request_url: str
    request_headers: list[tuple[str, str]]
    request_body: bytes

    @classmethod
    def of(cls, request: Request, response: Response) -> _Exchange:
        return cls(
            url=response.url,
            date=datetime.now(UTC),
            status=response.status,
            protocol=response.protocol or "HTTP/1.1",
            headers=_header_list(response.headers),
            body=response.body,
            ip_address=str(response.ip_address) if response.ip_address is not None else None,
            method=request.method,
            request_url=request.url,
            request_headers=_header_list(request.headers),
            request_body=request.body or b"",
        )


def _header_list(headers: Headers) -> list[tuple[str, str]]:
    return [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in headers.items()
        for value in values
    ]


def _micros(started: float) -> int:
    return int((time.perf_counter() - started) * 1_000_000)


def _warc_date(date: datetime) -> str:
    return str(datetime_to_iso_date(date.replace(tzinfo=None), use_micros=True))


def _response_record(
    builder: WARCWriter, exchange: _Exchange, record_id: str, request_id: str
) -> ArcWarcRecord:
    headers = [
        ("X-Archive-Orig-Transfer-Encoding" if key.lower() == "transfer-encoding" else key, value)
        for key, value in exchange.headers
    ]
    try:
        phrase = HTTPStatus(exchange.status).phrase
    except ValueError:
        phrase = ""
    http = StatusAndHeaders(
        f"{exchange.status} {phrase}".strip(), headers, protocol=exchange.protocol
    )
    warc_headers = {
        "WARC-Record-ID": record_id,
        "WARC-Date": _warc_date(exchange.date),
        "WARC-Concurrent-To": request_id,
    }
    if exchange.ip_address is not None:
        warc_headers["WARC-IP-Address"] = exchange.ip_address
    if exchange.status == 304:
        # Not modified: the body is the one an earlier capture of this address holds.
        warc_headers["WARC-Profile"] = SERVER_NOT_MODIFIED
        warc_headers["WARC-Refers-To-Target-URI"] = exchange.url
        return builder.create_warc_record(
            exchange.url, "revisit", http_headers=http, warc_headers_dict=warc_headers
        )
    return builder.create_warc_record(
        exchange.url,
        "response",
        payload=BytesIO(exchange.body),
        length=len(exchange.body),
        http_headers=http,
        warc_headers_dict=warc_headers,
    )


def _request_record(
    builder: WARCWriter, exchange: _Exchange, record_id: str, response_id: str
) -> ArcWarcRecord:
    parts = urlsplit(exchange.request_url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    # Scrapy's HTTP client adds Host itself.
    headers = [("Host", parts.netloc)]
    headers += [(key, value) for key, value in exchange.request_headers if key.lower() != "host"]
    http = StatusAndHeaders(
        f"{exchange.method} {target} HTTP/1.1", headers, protocol="", is_http_request=True
    )
    return builder.create_warc_record(
        exchange.request_url,
        "request",
        payload=BytesIO(exchange.request_body),
        length=len(exchange.request_body),
        http_headers=http,
        warc_headers_dict={
            "WARC-Record-ID": record_id,
            "WARC-Date": _warc_date(exchange.date),
            "WARC-Concurrent-To": response_id,
        },
    )
