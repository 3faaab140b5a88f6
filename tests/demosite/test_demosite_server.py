"""The demo site over real HTTP: ``serve()`` in-process and the command in a subprocess."""

from __future__ import annotations

import http.client
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from newscrawl.demosite import DemoServer, DemoSite, serve


@pytest.fixture(scope="module")
def server() -> Iterator[DemoServer]:
    with serve(DemoSite(articles=30, seed=5)) as running:
        yield running


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), error.read()


def test_serves_pages_as_rendered(server: DemoServer) -> None:
    assert server.url == f"http://127.0.0.1:{server.port}/"
    site = server.site
    article = site.model.articles[-1]
    status, headers, body = get(server.url.rstrip("/") + article.path)
    assert status == 200
    assert body == site.render(article.path, server.url)[2]
    assert headers["Content-Type"] == "text/html; charset=UTF-8"
    assert int(headers["Content-Length"]) == len(body)
    assert f'<link rel="canonical" href="{server.url}{article.path[1:]}">'.encode() in body
    truth = site.ground_truth(server.url)
    assert truth[-1]["url"] == server.url + article.path[1:]


def test_status_codes(server: DemoServer) -> None:
    assert get(server.url)[0] == 200
    assert get(server.url + "robots.txt")[0] == 200
    status, headers, body = get(server.url + "no/such/page/")
    assert status == 404
    assert headers["Content-Type"].startswith("text/html")
    assert b"can&#8217;t be found" in body or "can’t be found".encode() in body
    # urllib follows the redirect to the slashed address.
    assert get(server.url + "category/news")[0] == 200


def test_keep_alive_serves_many_requests_on_one_connection(server: DemoServer) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    try:
        paths = ["/", "/missing/", *server.site.paths()[:20]]
        sockets = set()
        for path in paths:
            connection.request("GET", path)
            response = connection.getresponse()
            body = response.read()
            assert response.status == (404 if path == "/missing/" else 200)
            assert len(body) == int(response.headers["Content-Length"])
            assert response.headers.get("Connection", "keep-alive").lower() != "close"
            sockets.add(id(connection.sock))
        assert len(sockets) == 1, "the connection was reused for every request"
        connection.request("HEAD", "/")
        head = connection.getresponse()
        assert head.read() == b""
        assert int(head.headers["Content-Length"]) > 0
    finally:
        connection.close()


def test_shutdown_closes_open_connections() -> None:
    server = serve(DemoSite(articles=5, seed=1))
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    connection.request("GET", "/")
    connection.getresponse().read()
    server.shutdown()
    with pytest.raises((ConnectionError, http.client.HTTPException, OSError)):
        connection.request("GET", "/")
        connection.getresponse().read()
    connection.close()


def test_module_command_prints_its_url_then_serves_until_terminated() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "newscrawl.demosite", "--port", "0", "--articles", "12"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.startswith("Serving the demo news site at http://127.0.0.1:")
        url = line.rsplit(" ", 1)[1].strip()
        assert url.endswith("/")
        assert get(url)[0] == 200
    finally:
        proc.terminate()
        assert proc.wait(timeout=10) == 0
        assert proc.stdout is not None
        proc.stdout.close()
