"""The duplicate cases: one story under many addresses, wire copies, distinct stories on one
topic, and the site a week later; checked against the ground truth."""

from __future__ import annotations

import http.client
import itertools
import re
import subprocess
import sys
from collections import deque
from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import pytest

from demosite import DemoServer, DemoSite, serve
from demosite.model import SITE_NOW
from demosite.process import ROOT
from tests.demosite.helpers import BASE, ORIGIN, jsonld_graph, normalise, parse

LEGACY = "http://127.0.0.1:8124/"
LEGACY_ORIGIN = LEGACY.rstrip("/")
TRACKING = re.compile(r"^(utm_[a-z]+|fbclid|gclid)$")


@pytest.fixture(scope="module")
def site() -> DemoSite:
    return DemoSite(articles=60, seed=7)


@pytest.fixture(scope="module")
def truth(site: DemoSite) -> dict[str, dict[str, Any]]:
    return {story["url"]: story for story in site.ground_truth(BASE, LEGACY)}


def without_tracking(url: str) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if not TRACKING.match(k)]
    return urlunsplit(parts._replace(query=urlencode(query), fragment=""))


def get(site: DemoSite, url: str) -> tuple[int, dict[str, str], bytes]:
    """*url* on the site served at BASE with the legacy origin at LEGACY, as HTTP would."""
    if url.startswith(LEGACY_ORIGIN + "/"):
        return 301, {"Location": ORIGIN + url.removeprefix(LEGACY_ORIGIN)}, b""
    return site.render(url.removeprefix(ORIGIN), BASE, LEGACY)


def hrefs(body: bytes, url: str) -> list[str]:
    """Every ``<a href>`` of the page at *url*, absolute, without fragments; queries kept."""
    return [urljoin(url, h).split("#", 1)[0] for h in parse(body).xpath("//a/@href")]


def on_site(url: str) -> bool:
    return url.startswith((ORIGIN + "/", LEGACY_ORIGIN + "/"))


def crawl(site: DemoSite) -> dict[str, list[str]]:
    """Every address the site links to (from pages answering 200), with the pages linking it."""
    linked: dict[str, list[str]] = {}
    queue = deque([ORIGIN + "/"])
    seen = set(queue)
    while queue:
        url = queue.popleft()
        status, headers, body = get(site, url)
        found = [headers["Location"]] if status == 301 else []
        if status == 200 and headers["Content-Type"].startswith("text/html"):
            for link in hrefs(body, url):
                if on_site(link):
                    linked.setdefault(link, []).append(url)
                    found.append(link)
        for link in found:
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return linked


def resolve(site: DemoSite, url: str) -> tuple[str, bytes]:
    """Follow redirects to the page *url* ends on; its canonical URL (or its own) and body."""
    for _ in range(5):
        status, headers, body = get(site, url)
        if status != 301:
            if status != 200:
                return url, body  # the feed and the like are not served
            canonical = parse(body).xpath('//link[@rel="canonical"]/@href')
            return (canonical[0] if canonical else url), body
        url = headers["Location"]
    raise AssertionError(f"redirect loop at {url}")


@pytest.fixture(scope="module")
def linked(site: DemoSite) -> dict[str, list[str]]:
    return crawl(site)


def test_every_case_has_instances_on_the_test_site(site: DemoSite) -> None:
    model = site.model
    assert len(model.wires) >= 2
    assert max(len(w.members) for w in model.wires) == 3
    assert len(model.topic_groups) >= 2
    assert len(model.by_old_path) >= 2
    kinds = [kind for a in model.articles for kind in a.variant_links.values()]
    assert kinds.count("amp") >= 2 and kinds.count("old") >= 2 and kinds.count("legacy") >= 2


def test_tracking_parameter_links_serve_the_article(
    site: DemoSite, truth: dict[str, dict[str, Any]], linked: dict[str, list[str]]
) -> None:
    tracked = {url for url in linked if urlsplit(url).query}
    params = {k for url in tracked for k, _ in parse_qsl(urlsplit(url).query)}
    assert {"utm_source", "utm_medium", "fbclid"} <= params
    assert all(TRACKING.match(k) for k in params)
    stories = {without_tracking(url) for url in tracked}
    assert len(stories) >= 4 and stories <= set(truth)
    assert any(ORIGIN + "/" in pages for url in tracked for pages in [linked[url]])
    for url in tracked:
        clean = without_tracking(url)
        assert get(site, url) == get(site, clean)
        assert resolve(site, url)[0] == clean
        assert url not in truth[clean]["aliases"]


def story_text(doc: Any, container: str) -> str:
    (content,) = doc.xpath(container)
    return "\n\n".join(normalise(e.text_content()) for e in content if e.tag in ("p", "h2"))


def test_amp_pages(
    site: DemoSite, truth: dict[str, dict[str, Any]], linked: dict[str, list[str]]
) -> None:
    for url, story in truth.items():
        doc = parse(get(site, url)[2])
        assert doc.xpath('//link[@rel="amphtml"]/@href') == [url + "amp/"]
        status, headers, body = get(site, url + "amp/")
        assert status == 200 and headers["Content-Type"] == "text/html; charset=UTF-8"
        amp = parse(body)
        assert "amp" in amp.attrib or "⚡" in amp.attrib
        assert amp.xpath('//link[@rel="canonical"]/@href') == [url]
        assert amp.xpath("//h1/text()") == [story["title"]]
        assert story_text(amp, '//div[@class="amp-wp-article-content"]') == story["body"]
        (article,) = [n for n in jsonld_graph(amp) if n["@type"] in ("NewsArticle", "Article")]
        assert article["headline"] == story["title"]
        assert article["mainEntityOfPage"]["@id"] == url
        assert not amp.xpath('//nav | //aside | //*[@class="date-bar"]')
    amp_links = {u for u in linked if u.endswith("/amp/")}
    assert len(amp_links) >= 2
    assert all(u.removesuffix("amp/") in truth for u in amp_links)
    # Reached through READ MORE promos in other stories.
    for u in amp_links:
        source = parse(get(site, linked[u][0])[2])
        promos = source.xpath('//p/strong[starts-with(., "READ MORE:")]/a/@href')
        assert u.removeprefix(ORIGIN) in promos


def test_print_views(site: DemoSite, truth: dict[str, dict[str, Any]]) -> None:
    for url, story in truth.items():
        article = parse(get(site, url)[2])
        assert article.xpath('//a[normalize-space()="Print this story"]/@href') == [url + "print/"]
        status, _headers, body = get(site, url + "print/")
        assert status == 200
        doc = parse(body)
        assert doc.xpath("//body/@class") == ["print"]
        assert doc.xpath('//meta[@name="robots"]/@content') == ["noindex, follow"]
        assert doc.xpath('//link[@rel="canonical"]/@href') == [url]
        assert story_text(doc, '//div[@class="print-content"]') == story["body"]
        assert not doc.xpath('//script | //nav | //meta[@property="og:type"] | //aside')
        assert url + "print/" in story["aliases"]


def test_old_slugs_redirect_and_are_linked(
    site: DemoSite, truth: dict[str, dict[str, Any]], linked: dict[str, list[str]]
) -> None:
    for path, index in site.model.by_old_path.items():
        article = site.model.articles[index]
        assert path != article.path and path.split("/")[1:4] == article.path.split("/")[1:4]
        status, headers, body = site.render(path, BASE)
        assert (status, headers["Location"], body) == (301, ORIGIN + article.path, b"")
        assert ORIGIN + path in linked
        assert ORIGIN + path in truth[ORIGIN + article.path]["aliases"]


def test_aliases_are_exactly_the_linked_other_addresses(
    site: DemoSite, truth: dict[str, dict[str, Any]], linked: dict[str, list[str]]
) -> None:
    expected: dict[str, set[str]] = {url: set() for url in truth}
    for url in linked:
        clean = without_tracking(url)
        if clean in truth:
            continue
        canonical, _body = resolve(site, url)
        if canonical in truth:
            expected[canonical].add(clean)
    for url, story in truth.items():
        assert story["aliases"] == sorted(expected[url]), url
    assert any(a.startswith(LEGACY_ORIGIN) for s in truth.values() for a in s["aliases"])


def test_without_a_legacy_origin_there_are_no_legacy_links(site: DemoSite) -> None:
    for story in site.ground_truth(BASE):
        assert not [a for a in story["aliases"] if not a.startswith(ORIGIN + "/")]
    for article in site.model.articles:
        assert b"8124" not in site.render(article.path, BASE)[2]


def shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return set(zip(words, words[1:], words[2:], words[3:], strict=False))


def jaccard(a: str, b: str) -> float:
    first, second = shingles(a), shingles(b)
    return len(first & second) / len(first | second)


def sentences(text: str) -> set[str]:
    return {s for s in re.split(r"(?<=[.”])\s+", text) if len(s.split()) >= 8}


def test_wire_copies(site: DemoSite, truth: dict[str, dict[str, Any]]) -> None:
    stories = list(truth.values())
    clusters: dict[str, list[dict[str, Any]]] = {}
    for story in stories:
        if story["cluster"] is not None:
            clusters.setdefault(story["cluster"], []).append(story)
        else:
            assert story["duplicate_of"] is None
    assert len(clusters) >= 2
    for members in clusters.values():
        original, *copies = sorted(members, key=lambda s: s["published_at"])
        assert original["duplicate_of"] is None
        assert len({s["agency"] for s in members}) == 1 and original["agency"]
        assert all(s["authors"] == [] for s in members)
        for copy in copies:
            assert copy["duplicate_of"] == original["url"]
            assert copy["published_at"] > original["published_at"]
            assert copy["title"] != original["title"] and copy["url"] != original["url"]
            assert copy["body"] != original["body"]
        for a, b in itertools.combinations(members, 2):
            assert jaccard(a["body"], b["body"]) >= 0.8, (a["url"], b["url"])
    bylines = {s["agency"] for s in stories if s["agency"]}
    assert {"Reuters", "AP"} <= bylines


def test_distinct_stories_on_one_topic(site: DemoSite, truth: dict[str, dict[str, Any]]) -> None:
    groups: dict[str, list[dict[str, Any]]] = {}
    for story in truth.values():
        if story["distinct_topic_group"] is not None:
            groups.setdefault(story["distinct_topic_group"], []).append(story)
    assert len(groups) >= 2
    for members in groups.values():
        assert len({s["section"] for s in members}) == 1
        for a, b in itertools.combinations(members, 2):
            assert jaccard(a["body"], b["body"]) < 0.4
            assert len(sentences(a["body"]) & sentences(b["body"])) >= 2, "shared boilerplate"
            assert a["cluster"] is None and b["cluster"] is None


def test_duplicate_pairs(site: DemoSite, truth: dict[str, dict[str, Any]]) -> None:
    pairs = site.duplicate_pairs(BASE)
    assert len(pairs) == len(set(pairs))
    positives = {(a, b) for a, b, duplicate in pairs if duplicate}
    negatives = {(a, b) for a, b, duplicate in pairs if not duplicate}
    assert len(positives) >= 4 and len(negatives) >= 2
    for key in ("cluster", "distinct_topic_group"):
        groups: dict[str, list[str]] = {}
        for url, story in truth.items():
            if story[key] is not None:
                groups.setdefault(story[key], []).append(url)
        expected = {pair for urls in groups.values() for pair in itertools.combinations(urls, 2)}
        assert (positives if key == "cluster" else negatives) == expected
    for a, b, _ in pairs:
        assert truth[a]["published_at"] <= truth[b]["published_at"]


@pytest.fixture(scope="module")
def later() -> DemoSite:
    return DemoSite(articles=60, seed=7, week=1)


def test_a_week_later_is_a_superset(
    site: DemoSite, later: DemoSite, truth: dict[str, dict[str, Any]]
) -> None:
    after = {story["url"]: story for story in later.ground_truth(BASE, LEGACY)}
    assert set(truth) < set(after)
    for url, story in truth.items():
        assert after[url] == story
    new = [after[url] for url in set(after) - set(truth)]
    assert len(new) >= 4
    for story in new:
        assert SITE_NOW < story["published_at"] <= story["modified_at"] <= SITE_NOW + timedelta(7)
        # Only the print view: no promo links a new story's other addresses yet.
        assert story["aliases"] == [story["url"] + "print/"]
    old_clusters = {s["cluster"] for s in truth.values()} - {None}
    assert any(s["cluster"] in old_clusters and s["duplicate_of"] in truth for s in new)
    old_groups = {s["distinct_topic_group"] for s in truth.values()} - {None}
    assert any(s["distinct_topic_group"] in old_groups for s in new)
    labelled = set(later.duplicate_pairs(BASE)) - set(site.duplicate_pairs(BASE))
    assert {d for _a, _b, d in labelled} == {True, False}


def without_listings(body: bytes) -> bytes:
    """The page without what moves on with the week: the date bar, the sidebar's latest news
    and the tag cloud (which lists every tag in use)."""
    for pattern in (
        rb'<div class="date-bar">.*?</div>',
        rb'<section class="widget widget_recent_entries">.*?</section>',
        rb'<section class="other-tags">.*?</section>',
    ):
        body = re.sub(pattern, b"", body, flags=re.S)
    return body


def test_week_zero_pages_are_unchanged_a_week_later(site: DemoSite, later: DemoSite) -> None:
    paths = [p for p in site.paths() if re.match(r"^/20\d\d/", p)]
    assert paths and set(paths) <= set(later.paths())
    for path in [*paths, *site.model.by_old_path]:
        before = site.render(path, BASE, LEGACY)
        after = later.render(path, BASE, LEGACY)
        # The ETag follows the bytes, which the date bar and sidebar change every week.
        assert before[0] == after[0], path
        assert {**before[1], "ETag": ""} == {**after[1], "ETag": ""}, path
        assert without_listings(before[2]) == without_listings(after[2]), path
    assert b"Thursday, June 2, 2022" in later.render("/", BASE)[2]
    assert b"Thursday, May 26, 2022" in site.render("/", BASE)[2]


# -- over HTTP ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server() -> Iterator[DemoServer]:
    with serve(DemoSite(articles=60, seed=7), legacy_port=0) as running:
        yield running


def request(url: str) -> tuple[int, dict[str, str], bytes]:
    parts = urlsplit(url)
    assert parts.hostname is not None and parts.port is not None
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
    try:
        connection.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""))
        response = connection.getresponse()
        return response.status, dict(response.headers), response.read()
    finally:
        connection.close()


def test_legacy_origin_redirects_everything(server: DemoServer) -> None:
    assert server.legacy_url is not None and server.legacy_url != server.url
    assert server.legacy_url == f"http://127.0.0.1:{server.legacy_port}/"
    article = server.site.model.articles[5]
    for path in (article.path, "/", "/no/such/page/?utm_source=x", article.amp_path):
        status, headers, body = request(server.legacy_url + path[1:])
        assert status == 301 and body == b""
        assert headers["Location"] == server.url + path[1:]


def test_pages_link_through_the_legacy_origin(server: DemoServer) -> None:
    assert server.legacy_url is not None
    truth = server.site.ground_truth(server.url, server.legacy_url)
    legacy_aliases = [a for s in truth for a in s["aliases"] if a.startswith(server.legacy_url)]
    assert len(legacy_aliases) >= 2
    found: set[str] = set()
    for story in truth:
        status, _headers, body = request(story["url"])
        assert status == 200
        found |= {h for h in hrefs(body, story["url"]) if h.startswith(server.legacy_url)}
    assert found == set(legacy_aliases)
    for alias in legacy_aliases:
        status, headers, _ = request(alias)
        assert status == 301
        assert request(headers["Location"])[0] == 200


def test_old_slug_and_views_over_http(server: DemoServer) -> None:
    model = server.site.model
    path, index = next(iter(model.by_old_path.items()))
    status, headers, _ = request(server.url + path[1:])
    assert (status, headers["Location"]) == (301, server.url + model.articles[index].path[1:])
    article = model.articles[index]
    for view in (article.amp_path, article.print_path):
        status, _headers, body = request(server.url + view[1:])
        assert status == 200
        canonical = parse(body).xpath('//link[@rel="canonical"]/@href')
        assert canonical == [server.url + article.path[1:]]


def test_command_prints_the_legacy_origin_second() -> None:
    proc = subprocess.Popen(
        [
            *(sys.executable, "-m", "demosite", "--port", "0", "--articles", "12"),
            *("--legacy-port", "0", "--week", "1"),
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        second = proc.stdout.readline()
        assert first.startswith("Serving the demo news site at http://127.0.0.1:")
        assert second.startswith("Legacy origin at http://127.0.0.1:")
        url, legacy = first.split()[-1], second.split()[-1]
        assert url != legacy and legacy.endswith("/")
        status, headers, _ = request(legacy + "about/")
        assert (status, headers["Location"]) == (301, url + "about/")
        assert b"June 2, 2022" in request(url)[2]
    finally:
        proc.terminate()
        assert proc.wait(timeout=10) == 0
        assert proc.stdout is not None
        proc.stdout.close()
