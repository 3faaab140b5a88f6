"""Memory against hostile sites: peak RSS of a crawl stays flat however much a site throws at it.

Serves, on loopback, a news site of ``--articles`` good article pages whose home page also links
``--copies`` copies of each hostile resource:

- decompression bombs in gzip, deflate, brotli and zstd, each ``--bomb-mib`` MiB once
  decompressed (a few hundred KiB on the wire);
- a firehose: a chunked body that never ends, as fast as the socket takes it;
- a calendar trap (``?month=N`` linking N-1 and N+1).

and crawls it with ``scrapy crawl site`` (the project's default limits: ``DOWNLOAD_MAXSIZE``
16 MiB, the trap rules) in a process of its own, in one run beside the same site without the
hostile links (the reference), alternating the two, ``--rounds`` times. Prints, per crawl, the
peak RSS, the seconds, the stories stored and the stops counted by reason; then the median peak
RSS of each and the ratio hostile/reference. Bounded memory means a ratio near 1 that does not
grow with ``--copies``.

    .venv/bin/python -m benchmarks.hostile [--articles 200] [--copies 10] [--bomb-mib 512]
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import brotli
from backports import zstd

PROJECT = Path(__file__).resolve().parent.parent
SCRAPY = str(Path(sys.executable).with_name("scrapy"))
MIB = 1024 * 1024


def bombs(size_mib: int) -> dict[str, bytes]:
    """Each encoding's bomb: ``size_mib`` MiB of zeros, compressed a MiB at a time."""
    zeros = b"\0" * MIB
    deflate = zlib.compressobj(9)
    brot = brotli.Compressor(quality=5)
    zst = zstd.ZstdCompressor()
    parts: dict[str, list[bytes]] = {"deflate": [], "br": [], "zstd": []}
    for _ in range(size_mib):
        parts["deflate"].append(deflate.compress(zeros))
        parts["br"].append(brot.process(zeros))
        parts["zstd"].append(zst.compress(zeros))
    parts["deflate"].append(deflate.flush())
    parts["br"].append(brot.finish())
    parts["zstd"].append(zst.flush())
    deflated = b"".join(parts["deflate"])
    # gzip is deflate with a header and a trailer (CRC and size of the zeros).
    header = gzip.compress(b"")[:10]
    crc = 0
    for _ in range(size_mib):
        crc = zlib.crc32(zeros, crc)
    raw = zlib.compressobj(9, zlib.DEFLATED, -15)
    body = b"".join(raw.compress(zeros) for _ in range(size_mib)) + raw.flush()
    trailer = crc.to_bytes(4, "little") + ((size_mib * MIB) % 2**32).to_bytes(4, "little")
    return {
        "gzip": header + body + trailer,
        "deflate": deflated,
        "br": b"".join(parts["br"]),
        "zstd": b"".join(parts["zstd"]),
    }


def article(n: int) -> bytes:
    title = f"Council report number {n} on the harbour works"
    text = "".join(
        f"<p>{title}: paragraph {p}, with words of its own about the works, the budget and"
        f" what residents said at the meeting (report {n}, part {p}).</p>"
        for p in range(1, 8)
    )
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{title}</title><meta property='og:type' content='article'></head><body>"
        f"<main><article><h1>{title}</h1><p class='byline'>By Ada Reporter</p>"
        f"<time datetime='2024-03-04T10:00:00+00:00'>4 March 2024</time>{text}</article>"
        "</main></body></html>"
    ).encode()


class Site:
    """The site, hostile (``copies`` > 0) or not, served from a thread."""

    def __init__(
        self, articles: int, copies: int, bomb: dict[str, bytes], cases: frozenset[str]
    ) -> None:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    site.route(self)

        self.articles, self.copies, self.bomb, self.cases = articles, copies, bomb, cases
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def home(self) -> bytes:
        links = [f"/news/{n}" for n in range(self.articles)]
        for copy in range(self.copies):
            if "bombs" in self.cases:
                links += [f"/bomb/{encoding}?copy={copy}" for encoding in self.bomb]
            if "firehose" in self.cases:
                links.append(f"/firehose?copy={copy}")
            if "calendar" in self.cases:
                links.append(f"/calendar/{copy}?month=0")
        items = "".join(f"<li><a href='{link}'>{link}</a></li>" for link in links)
        return (
            "<!doctype html><html><head><title>The Harbour Herald</title></head><body>"
            f"<main><h1>Latest news</h1><ul>{items}</ul></main></body></html>"
        ).encode()

    def route(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        path = parts.path
        if path == "/":
            self.send(handler, self.home())
        elif path == "/robots.txt":
            self.send(handler, b"User-agent: *\nAllow: /\n", "text/plain")
        elif path.startswith("/news/"):
            self.send(handler, article(int(path.rsplit("/", 1)[-1])))
        elif path.startswith("/bomb/"):
            encoding = path.rsplit("/", 1)[-1]
            self.send(handler, self.bomb[encoding], headers={"Content-Encoding": encoding})
        elif path == "/firehose":
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html")
            handler.send_header("Transfer-Encoding", "chunked")
            handler.end_headers()
            chunk = b"<p>more and more and more</p>" * 2000
            while True:  # until the crawler hangs up
                handler.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        elif path.startswith("/calendar/"):
            month = int(parse_qs(parts.query).get("month", ["0"])[0])
            page = (
                f"<html><head><title>Events</title></head><body><h1>Month {month}</h1>"
                f"<a href='{path}?month={month - 1}'>previous</a>"
                f" <a href='{path}?month={month + 1}'>next</a></body></html>"
            )
            self.send(handler, page.encode())
        else:
            self.send(handler, b"<h1>Not found</h1>", status=404)

    @staticmethod
    def send(
        handler: BaseHTTPRequestHandler,
        body: bytes,
        content_type: str = "text/html; charset=utf-8",
        *,
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def crawl(url: str, workdir: Path, name: str) -> dict[str, Any]:
    """One ``scrapy crawl site`` in its own process: peak RSS, seconds, stats."""
    stats_file = workdir / f"{name}.log"
    argv = [SCRAPY, "crawl", "site", "-a", f"url={url}"]
    for setting, value in {
        "ARCHIVE_URL": f"sqlite:///{workdir / f'{name}.db'}",
        "AUTOTHROTTLE_ENABLED": "false",
        "CONCURRENT_REQUESTS_PER_DOMAIN": "16",
        "NEWSCRAWL_FRONTIER_DIR": str(workdir / f"{name}-frontier"),
        "LOG_LEVEL": "INFO",
        "LOG_FILE": str(stats_file),
    }.items():
        argv += ["-s", f"{setting}={value}"]
    env = {**os.environ, "NEWSCRAWL_ALLOW_PRIVATE_NETWORKS": "true"}
    process = subprocess.Popen(argv, cwd=PROJECT, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    log = stats_file.read_text()
    stats: dict[str, Any] = {}
    for line in log.splitlines():
        line = line.strip(" {},")
        if line.startswith("'") and "': " in line:
            key, _, value = line.partition("': ")
            stats[key.strip("'")] = value
    return {
        "exit": os.waitstatus_to_exitcode(status),
        "rss_mib": usage.ru_maxrss / 1024,  # Linux reports KiB
        "seconds": float(stats.get("elapsed_time_seconds", "nan")),
        "stored": int(stats.get("archive/stored/new", "0")),
        "stops": {
            key.removeprefix("newscrawl/"): value
            for key, value in stats.items()
            if key.startswith(("newscrawl/bounded/", "newscrawl/trap/"))
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200, help="good articles (200)")
    parser.add_argument("--copies", type=int, default=10, help="copies of each hostile case (10)")
    parser.add_argument("--bomb-mib", type=int, default=512, help="a bomb's size inflated (512)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--cases",
        default="bombs,firehose,calendar",
        help="hostile cases served, comma-separated (default: bombs,firehose,calendar)",
    )
    args = parser.parse_args()
    cases = frozenset(args.cases.split(","))

    print(f"building {args.bomb_mib} MiB bombs ...", flush=True)
    bomb = bombs(args.bomb_mib)
    wire = ", ".join(f"{name} {len(data) // 1024} KiB" for name, data in bomb.items())
    print(f"on the wire: {wire}")
    hostile = Site(args.articles, args.copies, bomb, cases)
    plain = Site(args.articles, 0, bomb, cases)
    results: dict[str, list[dict[str, Any]]] = {"plain": [], "hostile": []}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for round_no in range(args.rounds):
                order = ["plain", "hostile"] if round_no % 2 == 0 else ["hostile", "plain"]
                for kind in order:
                    site = hostile if kind == "hostile" else plain
                    r = crawl(site.url, Path(tmp), f"{kind}-{round_no}")
                    results[kind].append(r)
                    print(
                        f"round {round_no + 1} {kind:7}: exit {r['exit']}, peak RSS"
                        f" {r['rss_mib']:.0f} MiB, {r['seconds']:.1f} s, {r['stored']} stories"
                        + (f", stops {json.dumps(r['stops'])}" if r["stops"] else ""),
                        flush=True,
                    )
    finally:
        hostile.close()
        plain.close()
    medians = {k: statistics.median(r["rss_mib"] for r in v) for k, v in results.items()}
    print(
        f"median peak RSS: plain {medians['plain']:.0f} MiB, hostile {medians['hostile']:.0f} MiB"
        f" ({args.copies} copies of {args.cases}, bombs of {args.bomb_mib} MiB);"
        f" ratio hostile/plain {medians['hostile'] / medians['plain']:.2f}"
    )
    lost = [r["stored"] for r in results["hostile"] if r["stored"] != args.articles]
    print("good articles stored in every hostile crawl" if not lost else f"LOST: stored {lost}")


if __name__ == "__main__":
    main()
