"""A hostile news site: one threaded HTTP server whose paths each play one hostile case, beside
a few good article pages.

Run it in a thread (:class:`HostileSite`, a context manager) and crawl ``site.url``. Every
request is logged with its time (:attr:`HostileSite.log`), so tests can tell what was asked and
when (a ``Retry-After`` honoured, a trap left, a loopback address never reached).
"""

from __future__ import annotations

import contextlib
import gzip
import json
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import brotli
from backports import zstd

# Bombs: a few kilobytes on the wire, this much once decompressed (tests set a smaller
# DOWNLOAD_MAXSIZE).
BOMB_SIZE = 8 * 1024 * 1024
_ZEROS = b"\0" * BOMB_SIZE
BOMBS = {
    "gzip": gzip.compress(_ZEROS),
    "deflate": zlib.compress(_ZEROS),
    "br": brotli.compress(_ZEROS),
    "zstd": zstd.compress(_ZEROS),
}
# How long the hanging and endless responses go on at most (the crawler must cut them first).
HOSTILE_SECONDS = 30.0

GOOD = ("/news/harbour-bridge-reopens", "/news/library-extends-hours", "/news/river-cleanup")
# Good articles reached through a hostile detour.
RETRY_THEN_OK = "/news/busy-then-ok"
WRONG_CHARSET = "/news/cafe-opens"
WITH_NULS = "/news/nul-bytes"
BROKEN_JSONLD = "/news/broken-jsonld"
GOOD_PATHS = (*GOOD, RETRY_THEN_OK, WRONG_CHARSET, WITH_NULS, BROKEN_JSONLD)

# The hostile cases, each a path linked from the home page.
HOSTILE = {
    "/hang": "headers, then nothing",
    "/endless": "a body that never ends",
    "/bomb/gzip": "gzip bomb",
    "/bomb/deflate": "deflate bomb",
    "/bomb/br": "brotli bomb",
    "/bomb/zstd": "zstd bomb",
    "/lying-length": "Content-Length larger than the body",
    "/broken-chunked": "a chunked body cut before its end",
    "/redirect/loop-a": "a redirect loop",
    "/redirect/chain/0": "an endless redirect chain",
    "/calendar?month=0": "a calendar trap",
    "/loop/": "a path that nests itself",
    "/busy": "429 with Retry-After, forever",
    "/busy-long": "429 asking to wait an hour",
    "/pdf": "a PDF served as HTML",
    "/empty": "a zero-byte page",
    "/soft-404": "a not-found page answering 200",
    "/odd-encoding": "a body in an encoding nobody knows",
}


def article_html(path: str, *, title: str | None = None, extra: str = "") -> str:
    """A complete news article page, typed with JSON-LD, with text of its own."""
    slug = path.rsplit("/", 1)[-1]
    title = title or slug.replace("-", " ").capitalize()
    paragraphs = "".join(
        f"<p>{title}: paragraph {n} of the report, with enough words of its own to be read"
        f" as the story's text by any extractor ({slug}, part {n}).</p>"
        for n in range(1, 7)
    )
    jsonld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": title,
            "datePublished": "2024-03-04T10:00:00+00:00",
            "author": {"@type": "Person", "name": "Ada Reporter"},
        }
    )
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{title}</title><meta property='og:type' content='article'>"
        f"<script type='application/ld+json'>{jsonld}</script></head><body>"
        f"<nav><a href='/'>Home</a></nav><main><article><h1>{title}</h1>"
        "<p class='byline'>By Ada Reporter</p>"
        f"<time datetime='2024-03-04T10:00:00+00:00'>4 March 2024</time>{extra}{paragraphs}"
        "</article></main></body></html>"
    )


def home_html() -> str:
    links = "".join(
        f"<article><h2><a href='{path}'>{path.rsplit('/', 1)[-1].replace('-', ' ')}</a></h2>"
        "</article>"
        for path in GOOD_PATHS
    )
    hostile = "".join(f"<li><a href='{path}'>{what}</a></li>" for path, what in HOSTILE.items())
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>The Hostile Herald</title>"
        "</head><body><nav><a href='/'>Home</a></nav>"
        f"<main><h1>Latest news</h1>{links}</main><footer><ul>{hostile}</ul></footer>"
        "</body></html>"
    )


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self.server.site.record(self.path)
        parts = urlsplit(self.path)
        path, query = parts.path, parse_qs(parts.query)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.route(path, query)

    def send(
        self,
        body: bytes,
        *,
        status: int = 200,
        content_type: str = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = True

    def route(self, path: str, query: dict[str, list[str]]) -> None:
        site = self.server.site
        if path == "/robots.txt":
            if site.robots_status == 200:
                self.send(b"User-agent: *\nAllow: /\n", content_type="text/plain")
            else:
                self.send(b"unavailable", status=site.robots_status, content_type="text/plain")
        elif path == "/":
            self.send(home_html().encode())
        elif path in GOOD:
            self.send(article_html(path).encode())
        elif path == RETRY_THEN_OK:
            if site.count(path) == 1:
                self.send(b"slow down", status=429, headers={"Retry-After": "1"})
            else:
                self.send(article_html(path).encode())
        elif path == WRONG_CHARSET:
            # The header says UTF-8; the bytes are windows-1252.
            html = article_html(path, title="Caf\u00e9 opens on the quay, na\u00efve d\u00e9cor")
            self.send(html.encode("cp1252"))
        elif path == WITH_NULS:
            self.send(article_html(path, extra="<p>A NUL\x00 inside\x00 the text.</p>").encode())
        elif path == BROKEN_JSONLD:
            nested = "[" * 5000 + "]" * 5000
            extra = (
                '<script type=\'application/ld+json\'>{"@type": "NewsArticle", '
                '"headline": "unterminated</script>'
                f"<script type='application/ld+json'>{nested}</script>"
            )
            self.send(article_html(path).replace("</head>", extra + "</head>").encode())
        elif path == "/hang":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.flush()
            time.sleep(HOSTILE_SECONDS)
        elif path == "/endless":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"<p>more and more</p>" * 10
            deadline = time.monotonic() + HOSTILE_SECONDS
            while time.monotonic() < deadline:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.flush()
                time.sleep(0.05)
        elif path.startswith("/bomb/"):
            encoding = path.rsplit("/", 1)[-1]
            self.send(BOMBS[encoding], headers={"Content-Encoding": encoding})
        elif path == "/odd-encoding":
            self.send(b"\x00\x01\x02 not really", headers={"Content-Encoding": "x-hostile"})
        elif path == "/lying-length":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", "100000")
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(article_html(path).encode()[:2000])
            self.close_connection = True
        elif path == "/broken-chunked":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            body = article_html(path).encode()[:3000]
            self.wfile.write(b"%x\r\n%s\r\n" % (len(body), body))
            self.close_connection = True  # no terminating 0-chunk
        elif path == "/redirect/loop-a":
            self.send(b"", status=302, headers={"Location": "/redirect/loop-b"})
        elif path == "/redirect/loop-b":
            self.send(b"", status=302, headers={"Location": "/redirect/loop-a"})
        elif path.startswith("/redirect/chain/"):
            n = int(path.rsplit("/", 1)[-1])
            self.send(b"", status=302, headers={"Location": f"/redirect/chain/{n + 1}"})
        elif path == "/calendar":
            month = int(query.get("month", ["0"])[0])
            self.send(
                (
                    "<!doctype html><html><head><title>Calendar</title></head><body><main>"
                    f"<h1>Events, month {month}</h1><p>No events this month.</p>"
                    f"<a href='/calendar?month={month - 1}'>previous</a> "
                    f"<a href='/calendar?month={month + 1}'>next</a></main></body></html>"
                ).encode()
            )
        elif path.startswith("/loop/"):
            self.send(
                b"<!doctype html><html><head><title>Section</title></head><body><main>"
                b"<h1>Section</h1><a href='sub/'>more</a> <a href='other/'>other</a>"
                b"</main></body></html>"
            )
        elif path == "/busy":
            self.send(b"slow down", status=429, headers={"Retry-After": "1"})
        elif path == "/busy-long":
            self.send(b"slow down", status=429, headers={"Retry-After": "3600"})
        elif path == "/pdf":
            self.send(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
        elif path == "/empty":
            self.send(b"")
        elif path == "/soft-404":
            self.send(
                b"<!doctype html><html><head><title>Page not found</title></head>"
                b"<body><h1>Page not found</h1><p>Sorry.</p></body></html>"
            )
        else:
            self.send(b"<h1>Not found</h1>", status=404)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    site: HostileSite


class HostileSite:
    """The hostile site served from a thread on a free loopback port."""

    def __init__(self, *, robots_status: int = 200) -> None:
        self.robots_status = robots_status
        self.log: list[tuple[float, str]] = []
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.site = self
        self.port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> HostileSite:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def record(self, path: str) -> None:
        with self._lock:
            self.log.append((time.monotonic(), path))

    def count(self, path: str) -> int:
        """How often ``path`` (without its query) was asked for so far."""
        with self._lock:
            return sum(1 for _, p in self.log if urlsplit(p).path == path)

    def times(self, path: str) -> list[float]:
        with self._lock:
            return [t for t, p in self.log if urlsplit(p).path == path]

    def paths(self) -> list[str]:
        with self._lock:
            return [p for _, p in self.log]
