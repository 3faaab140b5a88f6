"""A small news site whose pages come gzip-encoded and chunked, as many real servers send them.

Served from a thread on a free loopback port: a home page listing three articles, sent

- ``/2024/03/04/gzip-and-chunks``: ``Content-Encoding: gzip`` in chunks;
- ``/2024/03/04/plain-chunks``: chunked, not compressed;
- ``/2024/03/04/gzip-whole``: gzip with a ``Content-Length``.

:meth:`EncodedSite.sent` gives the bytes of each body as sent (after chunking is undone).
"""

from __future__ import annotations

import contextlib
import gzip
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.hostile.server import article_html

ARTICLES = {
    "/2024/03/04/gzip-and-chunks": ("gzip", True),
    "/2024/03/04/plain-chunks": ("identity", True),
    "/2024/03/04/gzip-whole": ("gzip", False),
}


def _home() -> bytes:
    links = "".join(
        f"<article><h2><a href='{path}'>{path.rsplit('/', 1)[-1].replace('-', ' ')} in the"
        " harbour town tonight</a></h2></article>"
        for path in ARTICLES
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
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.route()

    def route(self) -> None:
        path = self.path.split("?")[0]
        if path == "/":
            self.reply(_home(), "identity", chunked=False)
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
    def __init__(self) -> None:
        self.sent: dict[str, bytes] = {}
        for path, (encoding, _chunked) in ARTICLES.items():
            html = article_html(path).encode()
            self.sent[path] = gzip.compress(html, mtime=0) if encoding == "gzip" else html
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
