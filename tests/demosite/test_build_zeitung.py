"""The ``zeitung`` build (a German regional daily) served over HTTP: its pages, links and truth."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urljoin

import lxml.html
import pytest

from demosite.builds import SiteTruth, StaticBuild, TruthStory, load
from demosite.builds.zeitung import MONTHS, NOW, SITE_NAME, TIMEZONE, Build, local
from demosite.process import BuildProcess
from demosite.server import DemoServer, serve
from tests.demosite.helpers import http_get as get

Answer = tuple[int, dict[str, str], bytes]

GERMAN_LONG = re.compile(r"^(\d{1,2})\. (\w+) (\d{4}), (\d{2}):(\d{2}) Uhr$")
GERMAN_SHORT = re.compile(r"^(\d{2})\.(\d{2})\.(\d{4}), (\d{2}):(\d{2}) Uhr$")
RELATIVE = re.compile(r"\bvor \d+ (Minuten|Stunden?)\b|\bgestern\b")


@pytest.fixture(scope="module")
def server() -> Iterator[DemoServer]:
    with serve(load("zeitung")) as running:
        yield running


@pytest.fixture(scope="module")
def origin(server: DemoServer) -> str:
    return server.url.rstrip("/")


@pytest.fixture(scope="module")
def truth(origin: str) -> SiteTruth:
    return load("zeitung").ground_truth(origin)


def parse(body: bytes) -> Any:
    return lxml.html.document_fromstring(body.decode("utf-8"))


def text(element: Any) -> str:
    return " ".join(element.text_content().split())


def links(url: str, doc: Any, origin: str) -> set[str]:
    """Every same-origin ``<a href>`` of *doc*, absolute, without its fragment."""
    found = set()
    for href in doc.xpath("//a/@href"):
        target = urljoin(url, href.strip()).split("#", 1)[0]
        if target.startswith(origin + "/"):
            found.add(target)
    return found


def canonical(doc: Any) -> str:
    (href,) = doc.xpath('//link[@rel="canonical"]/@href')
    return str(href)


def meta(doc: Any, attribute: str, name: str) -> list[str]:
    return [str(value) for value in doc.xpath(f'//meta[@{attribute}="{name}"]/@content')]


def story_paragraphs(doc: Any) -> list[str]:
    """The story text's paragraphs, without the promos that sit between them."""
    return [
        text(p)
        for p in doc.xpath('//div[@class="artikel-text"]/p')
        if p.get("class") != "lesen-sie-auch"
    ]


def all_addresses(truth: SiteTruth) -> set[str]:
    addresses = set(truth.others)
    for story in truth.stories:
        addresses |= {story.url, *story.aliases}
    return addresses


# -- the build itself ----------------------------------------------------------------------


def test_the_build_is_deterministic_and_its_clock_is_the_served_moment() -> None:
    origin = "http://127.0.0.1:8123"
    first, second = Build().pages(origin), Build().pages(origin)
    assert {path: page.body for path, page in first.items()} == {
        path: page.body for path, page in second.items()
    }
    assert Build().ground_truth(origin) == Build().ground_truth(origin)
    # Teasers say "vor 2 Stunden" from the moment the pages are dated (Last-Modified).
    assert local(NOW).astimezone(UTC) == StaticBuild.modified


def test_the_truth_is_a_real_sites_mix(truth: SiteTruth) -> None:
    stories = truth.stories
    assert 10 <= len(stories) <= 14
    lengths = [len(story.body.split("\n\n")) for story in stories]
    assert min(lengths) == 2 and max(lengths) == 10
    assert sum(1 for n in lengths if n <= 3) >= 3, "some short stories"
    # Bylines of one person, of several, and of a desk or an agency (no authors).
    assert {len(story.authors) for story in stories} >= {0, 1, 2, 3}
    kinds = set(truth.others.values())
    assert kinds >= {
        "home", "listing", "tag", "author", "archive", "search",
        "about", "contact", "privacy", "terms",
    }  # fmt: skip
    assert sum(1 for story in stories if story.aliases) >= 2


# -- HTTP ------------------------------------------------------------------------------------


def test_every_page_is_german_utf8_html(truth: SiteTruth) -> None:
    for url in sorted({story.url for story in truth.stories} | set(truth.others)):
        status, headers, body = get(url)
        assert status == 200, url
        assert headers["content-type"] == "text/html; charset=utf-8", url
        assert "etag" in headers and "last-modified" in headers, url
        page = body.decode("utf-8")  # strict: raises on anything but UTF-8
        assert page.startswith('<!DOCTYPE html>\n<html lang="de">'), url
        assert '<meta charset="utf-8">' in page, url
    # Umlauts and German quotes go out as UTF-8 bytes, not entities.
    haushalt = get(truth.stories[0].url)[2]
    assert "beschließt".encode() in haushalt and "„".encode() in haushalt


def test_every_address_of_the_truth_answers_as_it_should(truth: SiteTruth) -> None:
    for story in truth.stories:
        status, _, body = get(story.url)
        assert status == 200, story.url
        assert canonical(parse(body)) == story.url
        for alias in story.aliases:
            status, headers, body = get(alias)
            if status == 301:
                assert headers["location"] == story.url, alias
            else:
                assert status == 200, alias
                assert canonical(parse(body)) == story.url, alias
    for url in truth.others:
        status, _, body = get(url)
        assert status == 200, url
        assert canonical(parse(body)) == url


def test_every_link_leads_to_a_page_the_truth_classifies(origin: str, truth: SiteTruth) -> None:
    """Following every ``<a href>`` from the home page reaches exactly the truth's addresses."""
    known = all_addresses(truth)
    home = origin + "/"
    assert truth.others[home] == "home"
    seen, queue = {home}, [home]
    while queue:
        url = queue.pop()
        status, headers, body = get(url)
        assert status in (200, 301), url
        if status == 301:
            target = headers["location"]
            assert target in known, f"{url} redirects to {target}, which the truth lacks"
            found = {target}
        else:
            found = links(url, parse(body), origin)
        for target in found - seen:
            assert target in known, f"{url} links to {target}, which the truth lacks"
            seen.add(target)
            queue.append(target)
    assert seen == known, f"never linked: {sorted(known - seen)}"


def test_unknown_addresses_are_not_found(origin: str) -> None:
    assert get(origin + "/lokales/gibt-es-nicht-a999999.html")[0] == 404
    assert get(origin + "/thema/gibt-es-nicht/")[0] == 404


def test_robots_txt_keeps_crawlers_off_the_search_page(origin: str, truth: SiteTruth) -> None:
    status, headers, body = get(origin + "/robots.txt")
    assert status == 200 and headers["content-type"].startswith("text/plain")
    assert "Disallow: /suche/" in body.decode()
    assert truth.others[origin + "/suche/"] == "search"
    # The search page is linked from every page's header.
    header = parse(get(truth.stories[0].url)[2]).xpath("//header[@class='kopf']")[0]
    assert "/suche/" in header.xpath(".//a/@href")


# -- story pages -----------------------------------------------------------------------------


def german_moment(printed: str) -> datetime:
    """``12. März 2024, 14:35 Uhr`` or ``12.03.2024, 14:35 Uhr`` as a (local) datetime."""
    long, short = GERMAN_LONG.match(printed), GERMAN_SHORT.match(printed)
    if long:
        day, month, year, hour, minute = (
            int(long[1]), MONTHS.index(long[2]) + 1, int(long[3]), int(long[4]), int(long[5])
        )  # fmt: skip
    else:
        assert short, f"{printed!r} is not a German date"
        day, month, year, hour, minute = (int(group) for group in short.groups())
    return datetime(year, month, day, hour, minute)


def dateline(doc: Any) -> datetime:
    (printed,) = [text(span) for span in doc.xpath("//span[@class='datum']")]
    return german_moment(printed)


def assert_dateline(story: TruthStory, doc: Any) -> None:
    assert dateline(doc).date().isoformat() == story.published, story.url


def test_each_story_page_shows_its_truth(truth: SiteTruth) -> None:
    for story in truth.stories:
        doc = parse(get(story.url)[2])
        # The headline alone is the title; the kicker precedes it inside the h1.
        assert text(doc.xpath("//title")[0]) == f"{story.title} | {SITE_NAME}"
        assert meta(doc, "property", "og:title") == [story.title]
        (h1,) = doc.xpath("//h1")
        assert text(h1).endswith(story.title) and text(h1) != story.title, story.url
        assert story_paragraphs(doc) == story.body.split("\n\n"), story.url
        byline = text(doc.xpath("//span[@class='autor']")[0])
        if story.authors:
            assert byline.startswith("Von "), story.url
            assert [name for name in story.authors if name in byline] == list(story.authors)
        else:
            assert byline in ("Von Redaktion", "dpa"), story.url
        assert_dateline(story, doc)
        (tag_box,) = doc.xpath("//div[@class='schlagwoerter']")
        assert text(tag_box).startswith("Schlagwörter:")
        assert tuple(text(a) for a in tag_box.xpath(".//a")) == story.tags
        assert all(href.startswith("/thema/") for href in tag_box.xpath(".//a/@href"))


def test_structured_data_is_partial(truth: SiteTruth) -> None:
    with_author = 0
    for story in truth.stories:
        doc = parse(get(story.url)[2])
        assert meta(doc, "property", "og:type") == ["article"]
        assert meta(doc, "property", "og:description"), story.url
        assert not doc.xpath("//meta[starts-with(@property, 'article:')]"), story.url
        assert not doc.xpath("//time"), story.url
        for script in doc.xpath('//script[@type="application/ld+json"]/text()'):
            types = {node["@type"] for node in json.loads(script)["@graph"]}
            assert types == {"NewsMediaOrganization", "WebSite"}, story.url
        authors = meta(doc, "name", "author")
        if authors:
            with_author += 1
            assert authors == [", ".join(story.authors)], story.url
    assert 0 < with_author < len(truth.stories), "<meta name=author> on some stories only"


def test_dates_relative_on_teasers_only_and_stand_is_not_the_publication(
    origin: str, truth: SiteTruth
) -> None:
    stands = 0
    for story in truth.stories:
        page = parse(get(story.url)[2])
        article = text(page.xpath("//article[@class='artikel']")[0])
        assert not RELATIVE.search(article), story.url
        for stand in page.xpath("//span[@class='aktualisiert']"):
            stands += 1
            printed = text(stand)
            assert GERMAN_SHORT.match(printed.removeprefix("Stand: ")), story.url
            # "Stand" is the last change, a later moment than the publication.
            assert german_moment(printed.removeprefix("Stand: ")) > dateline(page), story.url
    assert stands >= 2
    home = text(parse(get(origin + "/")[2]))
    assert "vor 2 Stunden" in home and "gestern, " in home


def test_a_story_after_midnight_keeps_its_local_day(truth: SiteTruth) -> None:
    """The truth's day is Berlin's: 00:20 on the 14th is still the 13th in UTC."""
    (story,) = [s for s in truth.stories if "einbruch-in-baeckerei" in s.url]
    assert story.published == "2024-03-14"
    doc = parse(get(story.url)[2])
    assert text(doc.xpath("//span[@class='datum']")[0]) == "14.03.2024, 00:20 Uhr"
    moment = local(datetime(2024, 3, 14, 0, 20))
    assert moment.astimezone(UTC).date() == date(2024, 3, 13)
    assert TIMEZONE == "Europe/Berlin"


def test_furniture_sits_around_and_inside_the_story_text(truth: SiteTruth) -> None:
    promos = ads = 0
    for story in truth.stories:
        page = get(story.url)[2].decode()
        doc = parse(page.encode())
        body = doc.xpath("//div[@class='artikel-text']")[0]
        promos += len(body.xpath(".//p[@class='lesen-sie-auch']"))
        ads += len(body.xpath(".//span[text()='Anzeige']"))
        for phrase in ("Mehr zum Thema", "Artikel teilen", "Jetzt abonnieren", "Cookies"):
            assert phrase in page, f"{story.url}: no {phrase!r}"
        for caption in doc.xpath("//figcaption"):
            # Captions credit the photographer; they are not part of the text.
            assert "Foto:" in text(caption)
            assert text(caption) not in story.body
    assert promos >= 3 and ads >= len(truth.stories) - 1


# -- listings and aliases -------------------------------------------------------------------


def test_sections_paginate_with_seite(origin: str, truth: SiteTruth) -> None:
    for section in ("lokales", "sport"):
        first_url = f"{origin}/{section}/"
        first = parse(get(first_url)[2])
        (next_href,) = first.xpath("//a[@rel='next']/@href")
        assert next_href == "?seite=2"  # relative: a query string alone
        second_url = urljoin(first_url, next_href)
        assert second_url == f"{origin}/{section}/?seite=2"
        assert truth.others[second_url] == "listing"
        second = parse(get(second_url)[2])
        teasers_1 = set(first.xpath("//h2[@class='teaser-titel']/text()"))
        teasers_2 = set(second.xpath("//h2[@class='teaser-titel']/text()"))
        assert teasers_1 and teasers_2 and not teasers_1 & teasers_2
    last = parse(get(f"{origin}/lokales/?seite=3")[2])
    assert not last.xpath("//a[@rel='next']")


def test_the_paywall_teaser_leads_to_the_full_story(origin: str, truth: SiteTruth) -> None:
    plus_links = []
    for url, kind in truth.others.items():
        if kind in ("listing", "home"):
            doc = parse(get(url)[2])
            plus_links += [
                urljoin(url, href)
                for href in doc.xpath("//a[normalize-space()='Weiterlesen mit Plus']/@href")
            ]
    assert len(set(plus_links)) == 1
    (story,) = [s for s in truth.stories if s.url == plus_links[0]]
    assert story_paragraphs(parse(get(story.url)[2])) == story.body.split("\n\n")
    assert len(story.body.split("\n\n")) >= 8


def test_aliases_serve_or_redirect_to_the_same_story(truth: SiteTruth) -> None:
    kinds = set()
    for story in truth.stories:
        for alias in story.aliases:
            status, headers, body = get(alias)
            if status == 301:
                kinds.add("redirect")
                assert headers["location"] == story.url
            else:
                kinds.add("canonical")
                doc = parse(body)
                assert story_paragraphs(doc) == story.body.split("\n\n")
                assert meta(doc, "property", "og:title") == [story.title]
    assert kinds == {"redirect", "canonical"}


def test_tag_author_and_archive_pages_list_the_stories(origin: str, truth: SiteTruth) -> None:
    for url, kind in truth.others.items():
        if kind not in ("tag", "author"):
            continue
        listed = links(url, parse(get(url)[2]), origin)
        stories = {s.url for s in truth.stories}
        assert listed & stories, f"{url} lists no story"
    anna = parse(get(origin + "/autor/anna-mueller/")[2])
    assert text(anna.xpath("//h1")[0]) == "Anna Müller"
    day = parse(get(origin + "/archiv/2024-03-12/")[2])
    archived = links(origin + "/archiv/2024-03-12/", day, origin)
    assert {s.url for s in truth.stories if s.published == "2024-03-12"} <= archived


def test_build_process_serves_it_with_its_truth() -> None:
    process = BuildProcess("zeitung")
    try:
        truth = process.ground_truth()
        assert truth.stories[0].url.startswith(process.url.rstrip("/") + "/lokales/")
        status, _, body = get(truth.stories[0].url)
        assert status == 200 and truth.stories[0].title in body.decode()
    finally:
        process.stop()
