"""``archive health`` after real crawls: a site where nothing listens is down, the unchanged
demo site is ok; the alerts (a shell command, a webhook) carry the verdict, and a failing alert
is reported without hiding it."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from archive.cli import main
from demosite import RunningSite
from tests.crawl.helpers import crawl_settings, run_crawl


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A port where nothing listens: bound and held, never listening, so connections are
    refused and no other process can take it while the test runs."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        yield holder.getsockname()[1]


class Hook(BaseHTTPRequestHandler):
    """A webhook that keeps what it was sent; answers with the server's ``status``."""

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        server: Any = self.server
        server.received.append((self.headers["Content-Type"], json.loads(body)))
        self.send_response(server.status)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def webhook() -> Iterator[Any]:
    server: Any = HTTPServer(("127.0.0.1", 0), Hook)
    server.received = []
    server.status = 204
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@deferred_f_from_coro_f
async def test_a_site_where_nothing_listens_is_down(
    archive_url: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    webhook: Any,
    closed_port: int,
) -> None:
    url = f"http://127.0.0.1:{closed_port}/"
    for _ in range(3):
        crawler = await run_crawl(crawl_settings(archive_url, RETRY_TIMES=0), url=url)
        assert crawler.stats is not None
        assert crawler.stats.get_value("newscrawl/crawl/nothing_fetched") == 1, (
            crawler.stats.get_stats()
        )

    assert main(["--db", archive_url, "health"]) == 1
    out = capsys.readouterr().out
    site, state = out.split()[:2]
    assert (site, state) == ("127.0.0.1", "DOWN")
    assert (
        "  - the last 3 crawls could fetch nothing from the site (crawl 3: nothing_fetched)" in out
    )

    # The alert command gets the verdict in its environment and the summary on stdin.
    command = (
        f'echo "$ARCHIVE_HEALTH_SITE $ARCHIVE_HEALTH_STATE" > {tmp_path}/verdict;'
        f' printf %s "$ARCHIVE_HEALTH_REASONS" > {tmp_path}/reasons;'
        f' printf %s "$ARCHIVE_HEALTH_SUMMARY" > {tmp_path}/summary; cat > {tmp_path}/stdin'
    )
    hook = f"http://127.0.0.1:{webhook.server_address[1]}/hook"
    argv = ["--db", archive_url, "health", "--notify-command", command, "--notify-url", hook]
    assert main(argv) == 1
    assert (tmp_path / "verdict").read_text() == "127.0.0.1 down\n"
    reasons = (tmp_path / "reasons").read_text().splitlines()
    assert reasons == [
        "the last 3 crawls could fetch nothing from the site (crawl 3: nothing_fetched)",
        "no successful crawl",
    ]
    summary = (tmp_path / "summary").read_text()
    assert summary == "newscrawl health: 127.0.0.1 is down: " + "; ".join(reasons)
    assert (tmp_path / "stdin").read_text() == summary + "\n"
    ((kind, sent),) = webhook.received
    assert kind == "application/json"
    assert sent["site"] == "127.0.0.1" and sent["state"] == "down"
    assert sent["text"] == sent["summary"] == summary
    assert sent["reasons"] == reasons
    capsys.readouterr()

    # A failing alert is reported (exit 3), after the verdicts, which it never hides.
    webhook.status = 500
    argv = ["--db", archive_url, "health", "--notify-command", "echo nope >&2; exit 7"]
    assert main([*argv, "--notify-url", hook]) == 3
    out, err = capsys.readouterr()
    assert out.startswith("127.0.0.1") and " DOWN " in out
    assert "alert for 127.0.0.1 not sent: --notify-command exited 7: nope" in err
    assert "alert for 127.0.0.1 not sent: --notify-url answered HTTP 500" in err
    closed = f"http://127.0.0.1:{closed_port}/"
    assert main(["--db", archive_url, "health", "--notify-url", closed]) == 3
    assert "--notify-url could not be reached" in capsys.readouterr().err

    # Only http and https: refused before anything is judged or sent.
    for bad in ("ftp://example.com/hook", "file:///etc/passwd", "example.com/hook"):
        assert main(["--db", archive_url, "health", "--notify-url", bad]) == 2
        out, err = capsys.readouterr()
        assert out == "" and "must be an http:// or https:// URL" in err


@deferred_f_from_coro_f
async def test_the_unchanged_demo_site_is_ok_after_two_crawls(
    demo_site: RunningSite, archive_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The first crawl stores every story, the second finds nothing new but sees them all:
    ok with any window (not "collapsed"), and no alert is sent."""
    for _ in range(2):
        await run_crawl(crawl_settings(archive_url), url=demo_site.url)
    alert = tmp_path / "alert.txt"
    for window in ("1", "2", "3"):
        argv = ["--db", archive_url, "health", "--window", window]
        assert main([*argv, "--notify-command", f"touch {alert}"]) == 0, capsys.readouterr()
        out = capsys.readouterr().out
        stored = len(demo_site.ground_truth())
        assert out.split()[:2] == ["127.0.0.1", "OK"]
        assert out.rstrip().endswith(f"new by crawl (newest first): 0, {stored}")
    assert not alert.exists()


def test_the_help_states_the_rules(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["health", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    for rule in (
        "down the last crawl could fetch nothing from the site",
        "failing the last crawl ended with a status other than finished",
        "older than --max-age hours",
        "collapsed the last --window (or more) finished crawls in a row found no new or"
        " changed story and the finished crawl before that run found some, unless each of the"
        " last --window crawls still saw at least half as many of the site's stories",
        "crawls that did not count what they saw are judged on new stories alone",
        "stale no finished crawl found a new or changed story for longer than usual",
        "2 x the longest gap between crawls that found some",
        "never less than --stale-floor hours",
        "0 every site ok; 1 a site is not ok; 2 bad arguments; 3 a site is not ok and an"
        " alert could not be sent",
        "ARCHIVE_HEALTH_SITE, ARCHIVE_HEALTH_STATE, ARCHIVE_HEALTH_REASONS",
    ):
        assert rule in text, rule
