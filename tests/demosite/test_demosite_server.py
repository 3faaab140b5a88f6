"""The demo site over real HTTP: ``serve()`` in-process and the command in a subprocess."""

from __future__ import annotations

import hashlib
import http.client
import json
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from email.utils import parsedate_to_datetime

import pytest

from demosite import DemoServer, DemoSite, serve
from demosite.process import ROOT


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
        [sys.executable, "-m", "demosite", "--port", "0", "--articles", "12"],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
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


# -- conditional GET and /__stats__ ------------------------------------------------------------


def request(
    server: DemoServer, path: str, method: str = "GET", **headers: str
) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    try:
        connection.request(method, path, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.headers), response.read()
    finally:
        connection.close()


def stats(server: DemoServer, path: str = "/__stats__") -> dict[str, dict[str, int]]:
    status, headers, body = request(server, path)
    assert status == 200 and headers["Content-Type"] == "application/json"
    counts: dict[str, dict[str, int]] = json.loads(body)
    return counts


@pytest.fixture
def fresh() -> Iterator[DemoServer]:
    with serve(DemoSite(articles=30, seed=5, edits=2)) as running:
        yield running


def test_pages_carry_validators(fresh: DemoServer) -> None:
    site = fresh.site
    article = site.model.articles[3]
    status, headers, body = request(fresh, article.path)
    assert status == 200
    assert headers["ETag"] == '"' + hashlib.sha256(body).hexdigest()[:40] + '"'
    modified = parsedate_to_datetime(headers["Last-Modified"])
    assert modified == article.modified.replace(microsecond=0)
    assert headers["Last-Modified"].endswith(" GMT")
    for path in ("/", "/feed/", "/sitemap_index.xml", "/about/", "/robots.txt"):
        status, headers, body = request(fresh, path)
        assert status == 200 and headers["ETag"].startswith('"'), path
        assert parsedate_to_datetime(headers["Last-Modified"]) == site.model.now, path


def test_if_none_match_and_if_modified_since_give_304(fresh: DemoServer) -> None:
    path = fresh.site.model.articles[3].path
    _status, headers, _body = request(fresh, path)
    tag, date = headers["ETag"], headers["Last-Modified"]

    status, headers, body = request(fresh, path, **{"If-None-Match": tag})
    assert (status, body) == (304, b"")
    assert headers["ETag"] == tag and headers["Last-Modified"] == date
    assert "Content-Length" not in headers
    assert request(fresh, path, **{"If-None-Match": f'"other", W/{tag}'})[0] == 304
    assert request(fresh, path, **{"If-None-Match": "*"})[0] == 304
    assert request(fresh, path, **{"If-None-Match": '"other"'})[0] == 200

    assert request(fresh, path, **{"If-Modified-Since": date})[0] == 304
    later = "Fri, 01 Jan 2100 00:00:00 GMT"
    assert request(fresh, path, **{"If-Modified-Since": later})[0] == 304
    earlier = "Sat, 01 Jan 2000 00:00:00 GMT"
    assert request(fresh, path, **{"If-Modified-Since": earlier})[0] == 200
    assert request(fresh, path, **{"If-Modified-Since": "yesterday"})[0] == 200
    # If-None-Match wins: a changed page is sent even when its date says otherwise.
    both = {"If-None-Match": '"other"', "If-Modified-Since": later}
    assert request(fresh, path, **both)[0] == 200
    assert request(fresh, path, "HEAD", **{"If-None-Match": tag})[0] == 304


def test_304_keeps_the_connection_usable(fresh: DemoServer) -> None:
    path = fresh.site.model.articles[3].path
    tag = request(fresh, path)[1]["ETag"]
    connection = http.client.HTTPConnection("127.0.0.1", fresh.port, timeout=5)
    try:
        for conditional in (True, False, True):
            connection.request("GET", path, headers={"If-None-Match": tag} if conditional else {})
            response = connection.getresponse()
            body = response.read()
            assert response.status == (304 if conditional else 200)
            assert (body == b"") == conditional
    finally:
        connection.close()


def test_an_edited_article_is_sent_again_after_the_edit() -> None:
    """A copy fetched before the edit is stale; other articles' copies stay current."""
    with serve(DemoSite(articles=30, seed=5)) as before:
        saved = {a.path: request(before, a.path)[1] for a in before.site.model.articles}
        port = before.port
    # The same address, so that pages are the same bytes but for the edits.
    with serve(DemoSite(articles=30, seed=5, edits=2), port=port) as after:
        edited = {
            url.removeprefix(after.url.rstrip("/")) for url in after.site.edited_urls(after.url)
        }
        assert len(edited) == 2
        for path, headers in saved.items():
            by_tag = request(after, path, **{"If-None-Match": headers["ETag"]})[0]
            by_date = request(after, path, **{"If-Modified-Since": headers["Last-Modified"]})[0]
            expected = 200 if path in edited else 304
            assert (by_tag, by_date) == (expected, expected), path
        counts = after.stats()
        assert counts["article"] == {"200": 4, "304": 56}


def test_stats_count_answers_by_kind_and_status(fresh: DemoServer) -> None:
    assert stats(fresh) == {
        kind: {"200": 0, "304": 0}
        for kind in ("article", "view", "listing", "feed", "sitemap", "other")
    }
    article = fresh.site.model.articles[0]
    tag = request(fresh, article.path)[1]["ETag"]
    request(fresh, article.path, **{"If-None-Match": tag})
    request(fresh, article.path, **{"If-None-Match": tag})
    request(fresh, article.print_path)
    request(fresh, "/")
    request(fresh, "/category/news/page/2/")
    request(fresh, "/feed/")
    request(fresh, "/category/news/feed/atom/")
    request(fresh, "/sitemap_index.xml")
    request(fresh, "/news-sitemap.xml")
    request(fresh, "/missing/")
    request(fresh, "/about/")
    counts = stats(fresh)
    assert counts["article"] == {"200": 1, "304": 2}
    assert counts["view"] == {"200": 1, "304": 0}
    assert counts["listing"]["200"] >= 1
    assert counts["feed"] == {"200": 2, "304": 0}
    assert counts["sitemap"] == {"200": 2, "304": 0}
    assert counts["other"] == {"200": 1, "304": 0, "404": 1}
    assert stats(fresh) == counts, "reading the counts is not counted"
    assert fresh.stats() == counts

    assert stats(fresh, "/__stats__?reset=1") == counts
    assert stats(fresh)["article"] == {"200": 0, "304": 0}
    request(fresh, article.path)
    status, _headers, body = request(fresh, "/__stats__/reset", "POST")
    assert status == 200 and json.loads(body)["article"] == {"200": 1, "304": 0}
    assert stats(fresh)["article"] == {"200": 0, "304": 0}
    assert request(fresh, "/", "POST")[0] == 405
    request(fresh, article.path)
    fresh.reset_stats()
    assert fresh.stats()["article"] == {"200": 0, "304": 0}


def test_stats_are_not_linked_anywhere(fresh: DemoServer) -> None:
    for path in ("/", "/robots.txt", "/sitemap_index.xml", "/feed/"):
        assert b"__stats__" not in request(fresh, path)[2]
    assert not [p for p in fresh.site.paths() if "__stats__" in p]
