"""The web view over HTTP (Starlette's TestClient, the app in this process), on SQLite and
PostgreSQL: search and its filters and paging, a story, its versions and diffs, the sites and
their charts; every stored text escaped."""

from __future__ import annotations

import re
from xml.etree import ElementTree

from lxml import html
from starlette.testclient import TestClient

from archive.web.app import PAGE_SIZE
from tests.web.archive_data import (
    HOSTILE_TITLE,
    SITE,
    STORIES,
    WIRE_SITE,
    Built,
    section_of,
)


def page(client: TestClient, path: str, status: int = 200) -> html.HtmlElement:
    response = client.get(path)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("text/html")
    return html.fromstring(response.text)


def titles(document: html.HtmlElement) -> list[str]:
    return [a.text_content() for a in document.cssselect("li.result a.title")]


def test_the_listing_pages_through_every_story_newest_first(client: TestClient) -> None:
    total = STORIES + 3  # the hostile story, the wire story and its copy
    document = page(client, "/")
    assert f"{total} stories, page 1 of 3" in document.get_element_by_id("count").text_content()
    seen: list[str] = []
    while True:
        seen.extend(titles(document))
        following = document.cssselect("a[rel=next]")
        if not following:
            break
        document = page(client, following[0].get("href"))
        assert document.cssselect("a[rel=prev]")
    assert len(seen) == len(set(seen)) == total
    assert len(titles(document)) == total - 2 * PAGE_SIZE


def test_search_ranks_marks_and_pages(client: TestClient) -> None:
    document = page(client, "/?q=harbour")
    found = titles(document)
    # Title words weigh more: the "Harbour story" titles come first.
    assert found[0].startswith("Harbour story")
    marked = page(client, "/?q=grain").cssselect("p.snippet mark")
    assert marked and {mark.text_content().lower() for mark in marked} == {"grain"}
    assert len(found) == PAGE_SIZE and document.cssselect("a[rel=next]")
    rest = page(client, "/?q=harbour&page=2")
    assert not set(titles(rest)) & set(found)


def test_filters_narrow_search_and_listing(client: TestClient) -> None:
    business = titles(page(client, "/?section=business"))
    expected = [n for n in range(1, STORIES + 1) if section_of(n) == "Business"]
    assert len(business) == len(expected)
    # Odd numbers have "Harbour" in the title; a third of them are in Business.
    harbour_business = titles(page(client, "/?q=harbour+story&section=Business"))
    assert sorted(harbour_business) == sorted(
        f"Harbour story number {n}" for n in expected if n % 2
    )
    assert len(titles(page(client, f"/?site={WIRE_SITE}"))) == 1
    by_author = titles(page(client, "/?author=grace+hopper"))
    assert by_author and all(title.startswith("Story number") for title in by_author)
    assert titles(page(client, "/?tag=climate")) == by_author
    # Dates are the publication days (a bare "until" includes its day).
    one_day = titles(page(client, "/?since=2024-05-01&until=2024-05-01"))
    assert one_day and len(one_day) < STORIES


def test_bad_input_is_a_400_page_with_the_reason(client: TestClient) -> None:
    document = page(client, '/?q="unclosed', 400)
    assert "unclosed quote" in document.get_element_by_id("error").text_content()
    assert "not a date" in page(client, "/?since=yesterday", 400).text_content()
    assert "not a number" in page(client, "/?page=two", 400).text_content()
    assert "no story 424242" in page(client, "/story/424242", 404).text_content()
    assert page(client, "/site/nowhere.example", 404) is not None


def test_a_story_page_shows_fields_provenance_aliases_and_versions(
    client: TestClient, built: Built
) -> None:
    response = client.get("/story", params={"url": built.edited_url}, follow_redirects=False)
    assert response.status_code == 303
    document = page(client, response.headers["location"])
    assert document.get_element_by_id("title").text_content() == (
        "Harbour story number 1, corrected"
    )
    fields = document.get_element_by_id("fields").text_content()
    assert "Ada Lovelace" in fields and "jsonld" in fields and "byline" in fields
    versions = document.get_element_by_id("versions")
    assert "Versions (3)" in versions.text_content()
    assert "title, body: +" in versions.text_content()
    assert len(versions.cssselect("a.diff-link")) == 2
    # A story found through its alias is the same page.
    alias = client.get("/story", params={"url": built.alias_url}, follow_redirects=False)
    hostile = page(client, alias.headers["location"])
    assert built.alias_url in hostile.get_element_by_id("aliases").text_content()


def test_near_duplicates_link_each_other(client: TestClient, built: Built) -> None:
    location = client.get("/story", params={"url": built.copy_url}, follow_redirects=False)
    document = page(client, location.headers["location"])
    cluster = document.get_element_by_id("near-duplicates")
    links = [a.text_content() for a in cluster.cssselect("a")]
    assert links == [built.wire_url]
    assert "earliest" in cluster.text_content()


def test_the_diff_shows_removed_and_added_words(client: TestClient, built: Built) -> None:
    location = client.get("/story", params={"url": built.edited_url}, follow_redirects=False)
    story = location.headers["location"]
    document = page(client, f"{story}/diff?from=1&to=3")
    title = document.get_element_by_id("field-title")
    assert [i.text_content() for i in title.cssselect("ins")] == ["1, corrected"]
    assert [d.text_content() for d in title.cssselect("del")] == ["1"]
    body = document.get_element_by_id("field-body")
    assert "now with a correction and more." in " ".join(
        i.text_content() for i in body.cssselect("ins")
    )
    assert "same" in document.get_element_by_id("field-authors").get("class")
    # The default: the newest version against the one before it.
    latest = page(client, f"{story}/diff")
    changed = latest.get_element_by_id("field-body")
    assert [i.text_content() for i in changed.cssselect("ins")] == ["correction and more."]
    assert [d.text_content() for d in changed.cssselect("del")] == ["correction."]
    assert "not between 1 and 3" in page(client, f"{story}/diff?from=9", 400).text_content()
    first = page(client, f"{story}/version/1")
    assert first.get_element_by_id("title").text_content() == "Harbour story number 1"


def test_every_stored_text_is_escaped(client: TestClient, built: Built) -> None:
    location = client.get("/story", params={"url": built.hostile_url}, follow_redirects=False)
    for path in (location.headers["location"], "/?q=opening", "/?q=mayor", "/"):
        response = client.get(path)
        assert response.status_code == 200
        assert "<script>" not in response.text
        assert "<b>council</b>" not in response.text and "<img src=x" not in response.text
        assert "&lt;script&gt;" in response.text
        document = html.fromstring(response.text)
        assert not document.cssselect("script, img, main b, main i, main em")
        # No page may run a script, whatever slipped through.
        assert "script-src" not in response.headers["content-security-policy"]
        assert "default-src 'none'" in response.headers["content-security-policy"]
    story = html.fromstring(client.get(location.headers["location"]).text)
    assert story.get_element_by_id("title").text_content() == HOSTILE_TITLE


def test_sites_show_counts_and_health(client: TestClient) -> None:
    document = page(client, "/sites")
    rows = {
        row.cssselect("td a")[0].text_content(): row.text_content()
        for row in document.get_element_by_id("sites").cssselect("tr")[1:]
    }
    assert set(rows) == {SITE, WIRE_SITE}
    assert str(STORIES + 2) in rows[SITE] and "healthy" in rows[SITE]


def test_a_site_page_draws_its_charts_as_svg(client: TestClient) -> None:
    response = client.get(f"/site/{SITE}?days=30")
    assert response.status_code == 200
    document = html.fromstring(response.text)
    assert document.get_element_by_id("health").text_content() == "healthy"
    charts = re.findall(r"<svg.*?</svg>", response.text, re.S)
    assert len(charts) == 3
    for chart in charts:
        ElementTree.fromstring(chart)  # well-formed XML: a browser draws it
    published = ElementTree.fromstring(charts[0])
    bars = published.findall("{http://www.w3.org/2000/svg}rect")
    assert len(bars) == 30
    # Every story of the site falls in these 30 days: the bars add up to all of them.
    counted = [
        int(re.search(r": (\d+) stories", bar.findtext("{http://www.w3.org/2000/svg}title", ""))[1])
        for bar in bars
    ]
    assert sum(counted) == STORIES + 2
    crawls = document.get_element_by_id("crawls")
    rows = crawls.cssselect("table.crawls tr")[1:]
    assert len(rows) == 3  # the wire site's crawl is not this site's
    assert [r.cssselect("td")[8].text_content() for r in rows] == ["1", "0", "0"]


def test_static_files_and_no_outside_resources(client: TestClient) -> None:
    css = client.get("/static/style.css")
    assert css.status_code == 200 and "svg.chart" in css.text
    for path in ("/", "/sites", f"/site/{SITE}"):
        document = html.fromstring(client.get(path).text)
        for element in document.xpath(
            "//*[@src or @href][self::link or self::script or self::img]"
        ):
            address = element.get("src") or element.get("href")
            assert not re.match(r"(https?:)?//", address), address
