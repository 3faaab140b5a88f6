"""``newscrawl extract URL``: one page fetched over real HTTP as a crawl fetches it (the project's
user agent, robots.txt, the private-network guard), its page kind and fields printed; a saved
file still works with ``--url``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.request import urlopen

import pytest

from demosite import RunningSite
from newscrawl import __version__

NEWSCRAWL = Path(sys.executable).parent / "newscrawl"


def extract(
    *args: str, allow_private: bool = True, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NEWSCRAWL_ALLOW_PRIVATE_NETWORKS": "true" if allow_private else "false"}
    return subprocess.run(
        [NEWSCRAWL, "extract", *args], capture_output=True, text=True, timeout=120, env=env, cwd=cwd
    )


def an_article(site: RunningSite) -> str:
    return site.ground_truth()[0]["url"]


def test_a_url_is_fetched_and_shown_with_its_page_kind(
    demo_site: RunningSite, tmp_path: Path
) -> None:
    url = an_article(demo_site)
    truth = {s["url"]: s for s in demo_site.ground_truth()}[url]
    # From any folder: the project's settings, not a scrapy.cfg nearby.
    done = extract(url, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    page = json.loads(done.stdout)
    assert page["page_kind"] == "article"
    assert page["fetched"] == {"url": url, "status": 200}
    assert page["title"] == truth["title"]
    assert page["body"] == truth["body"]
    assert page["provenance"]["title"]
    home = json.loads(extract(demo_site.url).stdout)
    assert home["page_kind"] == "listing"


def test_robots_txt_the_guard_and_http_errors_are_one_line_exit_1(demo_site: RunningSite) -> None:
    refused = extract(an_article(demo_site), allow_private=False)
    assert refused.returncode == 1 and refused.stdout == ""
    assert refused.stderr.strip().endswith(
        "not a public address; set NEWSCRAWL_ALLOW_PRIVATE_NETWORKS=true to crawl private networks"
    )
    assert len(refused.stderr.splitlines()) == 1
    forbidden = extract(demo_site.url + "wp-admin/options.php")
    assert forbidden.returncode == 1
    assert "robots.txt of the site forbids fetching it" in forbidden.stderr
    missing = extract(demo_site.url + "no-such-page/")
    assert missing.returncode == 1 and "the server answered 404" in missing.stderr
    for bad, message in [
        ("ftp://example.com/x", "only http and https"),
        ("https://", "absolute URL"),
    ]:
        done = extract(bad)
        assert done.returncode == 2 and message in done.stderr, done.stderr


def test_a_saved_file_still_works_with_its_url(demo_site: RunningSite, tmp_path: Path) -> None:
    url = an_article(demo_site)
    saved = tmp_path / "page.html"
    with urlopen(url) as answer:
        saved.write_bytes(answer.read())
    done = extract(str(saved), "--url", url)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["title"] == json.loads(extract(url).stdout)["title"]
    no_url = extract(str(saved))
    assert no_url.returncode == 2 and "--url" in no_url.stderr


class _Recorder(BaseHTTPRequestHandler):
    agents: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Recorder.agents.append(self.path + " " + self.headers.get("User-Agent", ""))
        body = b"<html><head><title>A page</title></head><body><p>Hello.</p></body></html>"
        status = 404 if self.path == "/robots.txt" else 200
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def recorder() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_it_asks_robots_txt_first_with_the_projects_user_agent(recorder: str) -> None:
    _Recorder.agents.clear()
    done = extract(recorder + "page/")
    assert done.returncode == 0, done.stderr
    paths = [line.split(" ", 1)[0] for line in _Recorder.agents]
    assert paths == ["/robots.txt", "/page/"]
    assert all(f"newscrawl/{__version__}" in line for line in _Recorder.agents)
