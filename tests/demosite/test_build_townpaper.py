"""The townpaper build (The Millbrook Gazette) over real HTTP: its pages are what its ground
truth says they are."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, date
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit
from zoneinfo import ZoneInfo

import lxml.html
import pytest

from demosite import DemoServer, serve
from demosite.builds import SiteTruth, TruthStory, load
from demosite.builds import townpaper as build
from demosite.process import BuildProcess

LATIN1 = "text/html; charset=ISO-8859-1"
MONTHS = {name[:3]: number for number, name in enumerate(build._MONTHS, start=1)}


@pytest.fixture(scope="module")
def server() -> Iterator[DemoServer]:
    with serve(load("townpaper")) as running:
        yield running


@pytest.fixture(scope="module")
def origin(server: DemoServer) -> str:
    return server.url.rstrip("/")


@pytest.fixture(scope="module")
def truth(origin: str) -> SiteTruth:
    return load("townpaper").ground_truth(origin)


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), error.read()


def parse(body: bytes) -> Any:
    return lxml.html.document_fromstring(body.decode("iso-8859-1"))


def words(text: str) -> str:
    return " ".join(text.split())


def same_site_links(doc: Any, page_url: str) -> set[str]:
    """Every ``<a href>`` of *doc* that stays on the site, absolute, without its fragment."""
    site = urlsplit(page_url).netloc
    found = set()
    for href in doc.xpath("//a/@href"):
        url = urldefrag(urljoin(page_url, href.strip())).url
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.netloc == site:
            found.add(url)
    return found


def html_urls(truth: SiteTruth) -> set[str]:
    urls = set(truth.others)
    for story in truth.stories:
        urls |= {story.url, *story.aliases}
    return urls


def test_every_page_is_latin1_and_says_so(truth: SiteTruth) -> None:
    for url in sorted(html_urls(truth)):
        status, headers, body = get(url)
        assert status == 200, url
        assert headers["Content-Type"] == LATIN1, url
        assert b'<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">' in body
        # Every page has the copyright sign at least: latin-1 bytes, not UTF-8.
        assert "©".encode("iso-8859-1") in body, url
        with pytest.raises(UnicodeDecodeError):
            body.decode("utf-8")
    story = next(s for s in truth.stories if "Zoë Brontë" in s.authors)
    body = get(story.url)[2]
    assert "By Zoë Brontë".encode("iso-8859-1") in body
    # What latin-1 cannot hold (a dash) is a numeric character reference, as old CMSes keep it.
    dashed = next(s for s in truth.stories if "\u2014" in s.body)
    assert b"&#8212;" in get(dashed.url)[2]


def test_no_structured_metadata_anywhere(truth: SiteTruth) -> None:
    for url in sorted(html_urls(truth)):
        doc = parse(get(url)[2])
        assert not doc.xpath("//script[@type='application/ld+json']"), url
        assert not doc.xpath("//meta[@property or starts-with(@name, 'og:')]"), url
        assert not doc.xpath("//*[@itemscope or @itemprop or @itemtype]"), url
        assert not doc.xpath("//time | //link[@rel='canonical']"), url


def test_every_link_resolves_to_a_page_the_truth_classifies(origin: str, truth: SiteTruth) -> None:
    classified = html_urls(truth)
    seen, queue = {origin + "/"}, [origin + "/"]
    while queue:
        url = queue.pop()
        status, headers, body = get(url)
        assert status == 200, url
        assert headers["Content-Type"] == LATIN1, url
        assert url in classified, f"{url} is linked but the ground truth does not name it"
        for link in same_site_links(parse(body), url) - seen:
            seen.add(link)
            queue.append(link)
    assert seen == classified, "every page of the truth is reachable by links from the home page"
    kinds = set(truth.others.values())
    assert {"home", "listing", "archive", "tag", "about", "contact", "privacy"} <= kinds


def printed_day(text: str) -> date:
    """The publication day from a story's date line ("Posted: Tuesday, March 12, 2024 4:15 PM"
    or "Mar. 8, 2024")."""
    found = re.search(r"Posted: \w+, (\w{3})\w* (\d{1,2}), (\d{4})", text) or re.search(
        r"\b(\w{3})\. (\d{1,2}), (\d{4})", text
    )
    assert found is not None, text
    month, day, year = found.groups()
    return date(int(year), MONTHS[month], int(day))


def story_parts(story: TruthStory) -> tuple[Any, str, str]:
    """The story page, its story table's text, and its byline and date block's text."""
    doc = parse(get(story.url)[2])
    (table,) = doc.xpath("//table[.//font[@size='+2']][not(.//table[.//font[@size='+2']])]")
    (byline,) = doc.xpath("//font[b[starts-with(normalize-space(), 'By ')]]")
    return doc, words(table.text_content()), words(byline.text_content())


def test_each_story_page_shows_its_truth(truth: SiteTruth) -> None:
    assert 10 <= len(truth.stories) <= 15
    for story in truth.stories:
        doc, text, byline = story_parts(story)
        assert doc.findtext(".//title") == f"The Millbrook Gazette - {story.title}"
        assert [words(h.text_content()) for h in doc.xpath("//font[@size='+2']/b")] == [story.title]
        for paragraph in story.body.split("\n\n"):
            assert words(paragraph) in text, (story.url, paragraph[:40])
        body_paragraphs = [words(p.text_content()) for p in doc.xpath("//td/p[not(font)]")]
        assert body_paragraphs == [words(p) for p in story.body.split("\n\n")], story.url
        assert byline.startswith("By "), story.url
        for author in story.authors:
            assert author in byline, (story.url, author)
        if not story.authors:
            assert re.match(r"By (Gazette Staff|The Associated Press)\b", byline), byline
        assert printed_day(byline).isoformat() == story.published, story.url
        tags = doc.xpath("//p[font[starts-with(normalize-space(), 'Tags:')]]//a")
        assert tuple(a.text_content() for a in tags) == story.tags, story.url
        assert [a.get("href") for a in tags] == [
            build.tag_path(t).removeprefix("/news/") for t in story.tags
        ]


def test_bylines_and_dates_are_as_varied_as_real_ones(truth: SiteTruth) -> None:
    lines = [story_parts(s)[2] for s in truth.stories]
    for expected in (
        r"By Zoë Brontë, Staff Writer Posted: ",
        r"By Tom Reilly and Ana Costa Posted: Tuesday, March 12, 2024 4:15 PM \| Updated: ",
        r"By Gazette Staff (Posted: |\w{3}\. )",
        r"By The Associated Press \w{3}\. \d+, 2024 ",
        r"By Zoë Brontë Mar\. 8, 2024 ",
    ):
        assert any(re.match(expected, line) for line in lines), expected
    by_authors = {s.authors for s in truth.stories}
    assert ("Tom Reilly", "Ana Costa") in by_authors and () in by_authors


def test_published_is_the_day_in_chicago(truth: SiteTruth) -> None:
    """Some stories' local day is not their UTC day: the truth is the local one."""
    zone = ZoneInfo(build.TIMEZONE)
    differ = [
        s
        for s in build.STORIES
        if s.posted.replace(tzinfo=zone).astimezone(UTC).date() != s.posted.date()
    ]
    assert len(differ) >= 2
    published = {s.url: s.published for s in truth.stories}
    for story in differ:
        url = next(u for u in published if u.endswith(build.story_path(story)))
        assert published[url] == story.posted.date().isoformat()


def test_boilerplate_is_on_the_page_but_not_in_the_truth(truth: SiteTruth) -> None:
    commented = [s for s in build.STORIES if s.comments]
    assert commented
    for story in commented:
        url = next(t for t in truth.stories if t.url.endswith(build.story_path(story)))
        text = story_parts(url)[0].text_content()
        assert f"Comments ({len(story.comments)})" in text
        for comment in story.comments:
            assert words(comment.text) in words(text)
            assert comment.text not in url.body
    for story in build.STORIES:
        if story.photo is not None:
            url = next(t for t in truth.stories if t.url.endswith(build.story_path(story)))
            assert story.photo.caption in words(story_parts(url)[1])
            assert story.photo.caption not in url.body
        if story.deck is not None:
            url = next(t for t in truth.stories if t.url.endswith(build.story_path(story)))
            assert story.deck in story_parts(url)[1] and story.deck not in url.body
    home = words(parse(get(truth.stories[0].url)[2]).text_content())
    for furniture in ("MILLBROOK WEATHER", "CLASSIFIEDS", "LETTERS TO THE EDITOR", "Copyright"):
        assert furniture in home


def test_print_views_are_aliases_of_their_story(server: DemoServer, truth: SiteTruth) -> None:
    for story in truth.stories:
        (alias,) = story.aliases
        assert re.search(r"/news/print\.php\?id=\d+$", alias)
        story_doc = parse(get(story.url)[2])
        (link,) = story_doc.xpath("//a[normalize-space() = 'Printer-friendly version']/@href")
        assert urljoin(story.url, link) == alias
        status, _, body = get(alias)
        assert status == 200
        doc = parse(body)
        assert doc.findtext(".//title") == f"The Millbrook Gazette - {story.title}"
        assert words(doc.findtext(".//h2") or "") == story.title
        text = words(doc.text_content())
        for paragraph in story.body.split("\n\n"):
            assert words(paragraph) in text
        assert printed_day(text).isoformat() == story.published
        assert not doc.xpath("//link[@rel='canonical']")
        (back,) = doc.xpath("//a[normalize-space() = 'Return to story']/@href")
        assert urljoin(alias, back) == story.url
        path = alias.removeprefix(server.url.rstrip("/"))
        assert server.site.kind(path) == "view"
        assert server.site.kind(story.url.removeprefix(server.url.rstrip("/"))) == "article"


def listed(origin: str, path: str) -> list[str]:
    """The stories a listing page links to by headline, in order."""
    url = origin + path
    doc = parse(get(url)[2])
    return [urljoin(url, href) for href in doc.xpath("//p/a[b]/@href")]


def test_listings_paginate(origin: str, truth: SiteTruth) -> None:
    march = [s.url for s in truth.stories if s.published.startswith("2024-03")]
    first = listed(origin, "/news/archive.php?m=2024-03")
    assert first == listed(origin, "/news/archive.php?m=2024-03&page=1")
    second = listed(origin, "/news/archive.php?m=2024-03&page=2")
    assert len(first) == build.ARCHIVE_PAGE_SIZE and second
    assert first + second == march
    assert get(origin + "/news/archive.php?m=2024-03&page=2")[0] == 200
    local = [s.url for s in truth.stories if s.section == "Local News"]
    pages = listed(origin, "/news/section.php?s=local") + listed(
        origin, "/news/section.php?s=local&start=4"
    )
    assert pages == local and len(local) > build.SECTION_PAGE_SIZE
    assert truth.others[origin + "/news/section.php?s=local&start=4"] == "listing"
    assert truth.others[origin + "/news/archive.php?m=2024-03&page=2"] == "archive"
    home = listed(origin, "/")
    assert home[: build.HOME_TEASERS - 1] == [s.url for s in truth.stories[1 : build.HOME_TEASERS]]
    tagged = [s.url for s in truth.stories if "school board" in s.tags]
    assert listed(origin, "/news/tag.php?t=school-board") == tagged and len(tagged) >= 2


def test_unknown_addresses_are_not_found(origin: str) -> None:
    assert get(origin + "/news/story.php?id=9999")[0] == 404
    assert get(origin + "/news/print.php?id=1")[0] == 404
    assert get(origin + "/wp-admin/")[0] == 404


def test_the_build_is_deterministic(origin: str) -> None:
    one, two = load("townpaper"), load("townpaper")
    assert one.pages(origin) == two.pages(origin)
    assert one.ground_truth(origin) == two.ground_truth(origin)


def test_the_command_serves_the_build() -> None:
    process = BuildProcess("townpaper")
    try:
        truth = process.ground_truth()
        assert all(
            s.url.startswith(process.url.rstrip("/") + "/news/story.php?id=") for s in truth.stories
        )
        status, headers, body = get(truth.stories[-1].url)
        assert status == 200 and headers["Content-Type"] == LATIN1
        assert truth.stories[-1].title.encode("iso-8859-1") in body
    finally:
        process.stop()
