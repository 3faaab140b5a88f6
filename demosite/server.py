"""Serve a :class:`DemoSite` over HTTP/1.1 on loopback, fast enough to never be the bottleneck.

Conditional GETs work as on a real site: every 200 answer has an ``ETag`` and a
``Last-Modified``, and a request whose ``If-None-Match`` (or, without one, ``If-Modified-Since``)
says the client's copy is current gets ``304 Not Modified`` without a body.

The server counts its answers by page kind (:data:`~demosite.site.KINDS`) and status,
so that tests and benchmarks can tell how many article pages went out in full:

``GET /__stats__``
    ``{"article": {"200": 12, "304": 48}, "view": {...}, "listing": {...}, "feed": {...},
    "sitemap": {...}, "other": {...}}``; every kind has ``"200"`` and ``"304"``, other
    statuses appear once answered.
``GET /__stats__?reset=1`` or ``POST /__stats__/reset``
    The same counts, then every count set back to zero.

Requests to ``/__stats__`` are not counted, nor linked or listed anywhere on the site.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
from datetime import UTC
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import parse_qs, urlsplit

from demosite.site import HTML, KINDS

STATS_PATH = "/__stats__"
RESET_PATH = "/__stats__/reset"

if TYPE_CHECKING:
    from types import TracebackType
    from typing import Self


class DemoSite(Protocol):
    """What the server needs of a site: :class:`demosite.site.DemoSite` or a build's."""

    def render(
        self, path: str, base_url: str, legacy_base_url: str | None = None
    ) -> tuple[int, dict[str, str], bytes]: ...

    def kind(self, path: str) -> str: ...

    def warm(self, base_url: str, legacy_base_url: str | None = None) -> None: ...


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive; every response carries Content-Length
    server_version = "DemoDaily/1.0"
    sys_version = ""
    # Buffer the whole response and send it in one write: headers and body in separate
    # segments meet Nagle's algorithm and delayed ACKs and cost ~40 ms per request.
    wbufsize = 256 * 1024
    disable_nagle_algorithm = True
    timeout = 60  # drop idle keep-alive connections eventually

    server: _Server

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)  # unread, it would be taken for the next request
        if self.server.redirect_to is None and urlsplit(self.path).path == RESET_PATH:
            self._send(200, _JSON, self.server.take_stats(reset=True), send_body=True)
        else:
            self._send(405, {"Allow": "GET, HEAD", "Content-Type": HTML}, b"", send_body=True)

    def _respond(self, *, send_body: bool) -> None:
        server = self.server
        if server.redirect_to is not None:
            # The legacy origin: everything moved, permanently, to the same path on the site.
            location = server.redirect_to.rstrip("/") + self.path
            status, headers, body = 301, {"Location": location, "Content-Type": HTML}, b""
            self._send(status, headers, body, send_body=send_body)
            return
        address = urlsplit(self.path)
        if address.path == STATS_PATH:
            reset = parse_qs(address.query).get("reset", ["0"])[-1] not in ("", "0")
            self._send(200, _JSON, server.take_stats(reset=reset), send_body=send_body)
            return
        status, headers, body = server.site.render(self.path, server.url, server.legacy_url)
        if status == 200 and self._not_modified(headers):
            status, body = 304, b""
            headers = {name: headers[name] for name in ("ETag", "Last-Modified")}
        server.count(server.site.kind(self.path.split("#", 1)[0]), status)
        self._send(status, headers, body, send_body=send_body)

    def _not_modified(self, headers: dict[str, str]) -> bool:
        """Whether the request's validators match the page (RFC 9110, 13.2.2)."""
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            # If-None-Match uses the weak comparison, and when present If-Modified-Since is
            # not looked at.
            tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
            return "*" in tags or headers["ETag"] in tags
        if_modified_since = self.headers.get("If-Modified-Since")
        if if_modified_since is None:
            return False
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False  # an unreadable date is ignored, as the RFC says
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        return parsedate_to_datetime(headers["Last-Modified"]) <= since

    def _send(self, status: int, headers: dict[str, str], body: bytes, *, send_body: bool) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if status != 304:  # a 304 has no body, and its length would be the page's
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def setup(self) -> None:
        super().setup()
        self.server.track(self.connection, add=True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.track(self.connection, add=False)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # a crawl makes thousands of requests; stderr is for errors


_JSON = {"Content-Type": "application/json", "Cache-Control": "no-store"}


def _empty_stats() -> dict[str, dict[str, int]]:
    return {kind: {"200": 0, "304": 0} for kind in KINDS}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # a crawler opens many connections at once

    def __init__(
        self, address: tuple[str, int], site: DemoSite, redirect_to: str | None = None
    ) -> None:
        self.site = site
        self.url = ""
        self.legacy_url: str | None = None
        self.redirect_to = redirect_to
        self._connections: set[socket.socket] = set()
        self._lock = threading.Lock()
        self.stats = _empty_stats()
        self._stats_lock = threading.Lock()
        super().__init__(address, _Handler)

    def count(self, kind: str, status: int) -> None:
        with self._stats_lock:
            counts = self.stats[kind]
            counts[str(status)] = counts.get(str(status), 0) + 1

    def take_stats(self, *, reset: bool) -> bytes:
        """The counts as JSON; with *reset*, every count goes back to zero after."""
        with self._stats_lock:
            data = json.dumps(self.stats, sort_keys=True).encode()
            if reset:
                self.stats = _empty_stats()
        return data

    def track(self, connection: socket.socket, *, add: bool) -> None:
        with self._lock:
            if add:
                self._connections.add(connection)
            else:
                self._connections.discard(connection)

    def close_connections(self) -> None:
        """End open keep-alive connections, whose threads would otherwise outlive the server."""
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):  # already closed by the client
                connection.shutdown(socket.SHUT_RDWR)


def _start(server: _Server, port: int) -> threading.Thread:
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": 0.1},
        name=f"demosite-{port}",
        daemon=True,
    )
    thread.start()
    return thread


def _stop(server: _Server, thread: threading.Thread) -> None:
    server.shutdown()
    server.close_connections()
    server.server_close()
    thread.join()


class PortUnavailable(OSError):
    """A port the demo server cannot listen on (in use, or not allowed), named."""

    def __init__(self, host: str, port: int, reason: str) -> None:
        super().__init__(f"cannot listen on {host}:{port}: {reason}")
        self.host = host
        self.port = port
        self.reason = reason


def _listen(host: str, port: int, site: DemoSite, **kwargs: Any) -> _Server:
    try:
        return _Server((host, port), site, **kwargs)
    except OSError as exc:
        raise PortUnavailable(host, port, exc.strerror or str(exc)) from exc


class DemoServer:
    """A running demo server; stop it with :meth:`shutdown` or a ``with`` block.

    With *legacy_port* (0: a free one), a second origin on that port, :attr:`legacy_url`,
    answers every request with a ``301`` to the same path on :attr:`url`, as an old
    ``http://`` or ``www.`` address of a site does; article pages then link to some stories
    through it. Without, :attr:`legacy_url` is None.
    """

    def __init__(
        self, site: DemoSite, host: str, port: int, legacy_port: int | None = None
    ) -> None:
        self.site = site
        self._server = _listen(host, port, site)
        self.host = host
        self.port: int = self._server.server_address[1]
        self.url = f"http://{host}:{self.port}/"
        self._server.url = self.url
        self.legacy_url: str | None = None
        self.legacy_port: int | None = None
        self._legacy: tuple[_Server, threading.Thread] | None = None
        if legacy_port is not None:
            try:
                legacy = _listen(host, legacy_port, site, redirect_to=self.url)
            except OSError:
                self._server.server_close()
                raise
            self.legacy_port = legacy.server_address[1]
            self.legacy_url = f"http://{host}:{self.legacy_port}/"
            legacy.url = self.legacy_url
            self._server.legacy_url = self.legacy_url
            self._legacy = legacy, _start(legacy, self.legacy_port)
        self._thread = _start(self._server, self.port)

    def stats(self) -> dict[str, dict[str, int]]:
        """The answers counted so far, as ``GET /__stats__`` gives them."""
        counts: dict[str, dict[str, int]] = json.loads(self._server.take_stats(reset=False))
        return counts

    def reset_stats(self) -> None:
        """Set every count back to zero, as ``POST /__stats__/reset`` does."""
        self._server.take_stats(reset=True)

    def shutdown(self) -> None:
        """Stop accepting, close open connections and the listening sockets."""
        if self._legacy is not None:
            _stop(*self._legacy)
        _stop(self._server, self._thread)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.shutdown()


def serve(
    site: DemoSite, host: str = "127.0.0.1", port: int = 0, legacy_port: int | None = None
) -> DemoServer:
    """Serve *site* on *host*:*port* (0: a free port) from a background thread; with
    *legacy_port*, also a legacy origin that redirects there (see :class:`DemoServer`)."""
    return DemoServer(site, host, port, legacy_port)
