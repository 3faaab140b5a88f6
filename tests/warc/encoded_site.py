"""A small news site whose pages come compressed (gzip, brotli, zstd, deflate) and chunked, as
many real servers send them.

Served from a thread on a free loopback port: a home page listing three articles, sent

- ``/2024/03/04/gzip-and-chunks``: ``Content-Encoding: gzip`` in chunks;
- ``/2024/03/04/plain-chunks``: chunked, not compressed;
- ``/2024/03/04/gzip-whole``: gzip with a ``Content-Length``;
- brotli, zstd (chunked) and deflate ones.

:meth:`EncodedSite.sent` gives the bytes of each body as sent (after chunking is undone).
"""

from __future__ import annotations

import contextlib
import gzip
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import brotli
from backports import zstd

from tests.hostile.server import article_html

ARTICLES = {
    "/2024/03/04/gzip-and-chunks": ("gzip", True),
    "/2024/03/04/plain-chunks": ("identity", True),
    "/2024/03/04/gzip-whole": ("gzip", False),
    # Sent whatever the crawler asks for (a crawl keeping WARC files asks for gzip and
    # deflate only): servers that have them send them, and other tools' WARCs hold them.
    "/2024/03/04/brotli-whole": ("br", False),
    "/2024/03/04/zstd-and-chunks": ("zstd", True),
    "/2024/03/04/deflate-whole": ("deflate", False),
}

_COMPRESS = {
    "gzip": lambda html: gzip.compress(html, mtime=0),
    "br": brotli.compress,
    "zstd": zstd.compress,
    "deflate": zlib.compress,
    "identity": lambda html: html,
}


def _home(paths: tuple[str, ...]) -> bytes:
    links = "".join(
        f"<article><h2><a href='{path}'>{path.rsplit('/', 1)[-1].replace('-', ' ')} in the"
        " harbour town tonight</a></h2></article>"
        for path in paths
    )
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>The Encoded Echo</title>"
        f"</head><body><nav><a href='/'>Home</a></nav><main><h1>Latest</h1>{links}</main>"
        "</body></html>"
    ).encode()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self.server.site.accepted.append(self.headers.get("Accept-Encoding", ""))
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.route()

    def route(self) -> None:
        path = self.path.split("?")[0]
        if path == "/":
            self.reply(_home(self.server.site.paths), "identity", chunked=False)
        elif path in ARTICLES:
            encoding, chunked = ARTICLES[path]
            self.reply(self.server.site.sent[path], encoding, chunked=chunked)
        else:
            self.reply(b"not here", "identity", chunked=False, status=404)

    def reply(self, body: bytes, encoding: str, *, chunked: bool, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if encoding != "identity":
            self.send_header("Content-Encoding", encoding)
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if chunked:
            for start in range(0, len(body), 700):
                piece = body[start : start + 700]
                self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
        else:
            self.wfile.write(body)
        self.close_connection = True


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    site: EncodedSite


class EncodedSite:
    def __init__(self, encodings: tuple[str, ...] = ("gzip", "identity", "br", "zstd", "deflate")):
        #: The articles the home page lists: those sent in one of ``encodings``.
        self.paths = tuple(path for path, (enc, _) in ARTICLES.items() if enc in encodings)
        self.sent: dict[str, bytes] = {}
        #: The Accept-Encoding of each request, in order.
        self.accepted: list[str] = []
        for path, (encoding, _chunked) in ARTICLES.items():
            html = article_html(path).encode()
            self.sent[path] = _COMPRESS[encoding](html)
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.site = self
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> EncodedSite:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
