"""The ``publisher`` build (a national publisher's site) over HTTP: its pages, links and truth."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

import lxml.etree
import lxml.html
import pytest

from demosite.builds import SiteTruth, TruthStory, load
from demosite.builds.publisher import SECTIONS, SITE_NAME
from demosite.process import BuildProcess
from demosite.server import DemoServer, serve
from tests.demosite.helpers import http_get as get

LONDON = ZoneInfo("Europe/London")
Answer = tuple[int, dict[str, str], bytes]

# What the body container holds besides the story, and must stay out of the truth's body.
FURNITURE = (
    "Sign up to",
    "after newsletter promotion",
    "skip past newsletter promotion",
    "Privacy Notice",
    "Related:",
    "Support us",
    "support our journalism",
    "Photograph:",
    "Explore more on these topics",
    "Most viewed",
    "More from",
    "Share on",
    "Key event",
    "Show key events only",
)


@pytest.fixture(scope="module")
def server() -> Iterator[DemoServer]:
    with serve(load("publisher")) as running:
        yield running


@pytest.fixture(scope="module")
def origin(server: DemoServer) -> str:
    return server.url.rstrip("/")


@pytest.fixture(scope="module")
def truth(origin: str) -> SiteTruth:
    return load("publisher").ground_truth(origin)


def page(url: str) -> Any:
    status, _, body = get(url)
    assert status == 200, url
    return lxml.html.document_fromstring(body.decode("utf-8"))


def text(element: Any) -> str:
    return " ".join(element.text_content().split())


def jsonld(doc: Any) -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = []
    for script in doc.xpath('//script[@type="application/ld+json"]/text()'):
        data = json.loads(script)
        nodes += data if isinstance(data, list) else [data]
    return nodes


def story_node(doc: Any) -> dict[str, Any]:
    found = [n for n in jsonld(doc) if n["@type"] in ("NewsArticle", "LiveBlogPosting")]
    assert len(found) == 1
    return found[0]


def canonical(doc: Any) -> str:
    (href,) = doc.xpath('//link[@rel="canonical"]/@href')
    return str(href)


def same_site_links(doc: Any, url: str, origin: str) -> set[str]:
    """Every ``<a href>`` of the page that stays on the site, absolute, without fragment."""
    links = set()
    for href in doc.xpath("//a/@href"):
        absolute = urljoin(url, href).split("#", 1)[0]
        if absolute.startswith(origin + "/") or absolute == origin:
            links.add(absolute)
    return links


def body_blocks(doc: Any) -> list[str]:
    """The paragraphs and subheadings of the body container, without what sits in asides
    (newsletter promotion, related link), figures and the promotion's closing line."""
    (container,) = doc.xpath('//*[@id="maincontent"]')
    return [
        text(element)
        for element in container.xpath(".//p | .//h2")
        if not element.xpath("ancestor::aside | ancestor::figure")
        and "after-promo" not in (element.get("class") or "")
    ]


def by_url(truth: SiteTruth) -> dict[str, TruthStory]:
    return {story.url: story for story in truth.stories}


# --- The truth itself ---------------------------------------------------------------------------


def test_truth_is_derived_consistently(truth: SiteTruth, origin: str) -> None:
    urls = [story.url for story in truth.stories]
    aliases = [alias for story in truth.stories for alias in story.aliases]
    assert len(urls) == len(set(urls)) == 14
    assert not set(urls) & set(aliases)
    assert not (set(urls) | set(aliases)) & truth.others.keys()
    for story in truth.stories:
        # /world/2024/mar/12/slug: the address's date is the publication day in London.
        parts = urlsplit(story.url).path.split("/")
        year, month, day = parts[-4:-1]
        published = datetime.strptime(f"{year} {month} {day}", "%Y %b %d").date()
        assert published.isoformat() == story.published, story.url
        assert story.title and story.body and story.section in SECTIONS.values()
        assert len(story.body.split("\n\n")) >= 2
    kinds = set(truth.others.values())
    assert {"home", "listing", "tag", "author", "archive", "about", "contact"} <= kinds
    assert {"privacy", "terms", "help", "newsletters"} <= kinds
    assert truth.others[origin + "/"] == "home"


def test_load_gives_the_same_truth_each_time(origin: str) -> None:
    assert load("publisher").ground_truth(origin) == load("publisher").ground_truth(origin)
    assert load("publisher").pages(origin) == load("publisher").pages(origin)


# --- Headers and charset -----------------------------------------------------------------------


def test_html_pages_are_utf8_with_validators(truth: SiteTruth) -> None:
    for url in [story.url for story in truth.stories] + sorted(truth.others):
        status, headers, body = get(url)
        assert status == 200, url
        assert headers["content-type"] == "text/html; charset=UTF-8", url
        assert body.startswith(b"<!DOCTYPE html>"), url
        assert b'<meta charset="utf-8">' in body[:200], url
        body.decode("utf-8")  # strictly: a wrong byte fails here
        assert headers["etag"] and headers["last-modified"], url


def test_non_ascii_text_round_trips(origin: str) -> None:
    doc = page(origin + "/profile/tomasz-wojcik")
    assert text(doc.xpath("//h1")[0]) == "Tomasz Wójcik"
    status, _, body = get(
        origin + "/world/2024/mar/12/eu-ministers-late-night-deal-north-sea-fishing-quotas"
    )
    assert status == 200
    assert "€40m".encode() in body and "“Nobody leaves".encode() in body


def test_a_conditional_get_is_answered_304(truth: SiteTruth) -> None:
    url = truth.stories[0].url
    _, headers, _ = get(url)
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        connection.request("GET", parts.path, headers={"If-None-Match": headers["etag"]})
        assert connection.getresponse().status == 304
    finally:
        connection.close()


# --- Every address of the truth, and every link ----------------------------------------------


def test_every_truth_address_answers_as_it_should(truth: SiteTruth) -> None:
    for story in truth.stories:
        doc = page(story.url)
        assert canonical(doc) == story.url
        assert doc.xpath('//meta[@property="og:type"]/@content') == ["article"]
        for alias in story.aliases:
            status, headers, _ = get(alias)
            if status == 301:
                assert headers["location"] == story.url, alias
            else:
                assert status == 200, alias
                assert canonical(page(alias)) == story.url, alias
    for url in truth.others:
        doc = page(url)
        assert canonical(doc) == url
        assert doc.xpath('//meta[@property="og:type"]/@content') == ["website"], url
        assert not [n for n in jsonld(doc) if "Article" in n["@type"] or "Blog" in n["@type"]]


def test_following_links_from_home_reaches_exactly_the_truth(truth: SiteTruth, origin: str) -> None:
    stories = {story.url for story in truth.stories}
    aliases = {alias: story.url for story in truth.stories for alias in story.aliases}
    known = stories | aliases.keys() | truth.others.keys()
    seen: set[str] = set()
    queue = [origin + "/"]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        assert url in known, f"{url} is linked but not in the ground truth"
        status, headers, body = get(url)
        if status == 301:
            assert aliases.get(url) == headers["location"]
            queue.append(headers["location"])
            continue
        assert status == 200, url
        doc = lxml.html.document_fromstring(body.decode("utf-8"))
        queue.extend(same_site_links(doc, url, origin) - seen)
    assert seen == known


def test_an_unknown_address_is_404(origin: str) -> None:
    assert get(origin + "/world/2024/mar/12/no-such-story")[0] == 404


# --- Each story's fields on its page ----------------------------------------------------------


def test_titles(truth: SiteTruth) -> None:
    for story in truth.stories:
        doc = page(story.url)
        assert text(doc.xpath("//h1")[0]) == story.title
        assert doc.xpath('//meta[@property="og:title"]/@content') == [story.title]
        assert story_node(doc)["headline"] == story.title
        assert text(doc.xpath("//title")[0]) == f"{story.title} | {story.section} | {SITE_NAME}"


def test_publication_days_in_london(truth: SiteTruth) -> None:
    for story in truth.stories:
        doc = page(story.url)
        published = datetime.fromisoformat(story_node(doc)["datePublished"])
        assert published.utcoffset() is not None, "dates carry their offset"
        assert published.astimezone(LONDON).date().isoformat() == story.published
        (meta,) = doc.xpath('//meta[@property="article:published_time"]/@content')
        assert datetime.fromisoformat(meta) == published
    # A story published after midnight in London is on the day before in UTC: the zone
    # matters, which is why the truth is in the site's own.
    late = next(s for s in truth.stories if "queensland" in s.url)
    moment = datetime.fromisoformat(story_node(page(late.url))["datePublished"])
    assert late.published == "2024-04-02" and moment.astimezone(ZoneInfo("UTC")).day == 1


def test_authors_are_the_people_of_the_byline(truth: SiteTruth) -> None:
    for story in truth.stories:
        doc = page(story.url)
        (byline,) = doc.xpath('//div[@class="byline"]')
        assert tuple(text(a) for a in byline.xpath('.//a[@rel="author"]')) == story.authors
        people = tuple(n["name"] for n in story_node(doc)["author"] if n["@type"] == "Person")
        assert people == story.authors, story.url
    bylines = {text(page(s.url).xpath('//div[@class="byline"]')[0]): s for s in truth.stories}
    assert bylines["Agence France-Presse"].authors == ()
    assert bylines["National Ledger staff and agencies"].authors == ()
    assert bylines["Helena Marsh and Tomasz Wójcik in Brussels"].authors == (
        "Helena Marsh",
        "Tomasz Wójcik",
    )
    assert bylines["Liam Gorman and agencies"].authors == ("Liam Gorman",)
    assert bylines["Ruth Kavanagh (now) and Sam Ellery (earlier)"].authors == (
        "Ruth Kavanagh",
        "Sam Ellery",
    )
    assert bylines["Priya NatarajanEconomics editor"].authors == ("Priya Natarajan",)


def test_tags_are_the_topics_block(truth: SiteTruth) -> None:
    for story in truth.stories:
        doc = page(story.url)
        (block,) = doc.xpath('//div[@class="submeta"]')
        assert "Explore more on these topics" in text(block)
        names = tuple(text(a) for a in block.xpath('.//ul[@class="submeta-keywords"]//a'))
        assert names == story.tags
        (meta,) = doc.xpath('//meta[@property="article:tag"]/@content')
        assert tuple(meta.split(",")) == story.tags
    # The explainer's kicker links a tone tag, which is not one of its topics.
    explainer = next(s for s in truth.stories if "explained" in s.url)
    kicker = page(explainer.url).xpath('//a[@class="kicker"]')[0]
    assert text(kicker) == "Explainer" and "Explainers" not in explainer.tags


def test_body_is_the_text_of_the_body_container(truth: SiteTruth) -> None:
    for story in truth.stories:
        doc = page(story.url)
        assert body_blocks(doc) == story.body.split("\n\n"), story.url
        (standfirst,) = doc.xpath('//div[@data-component="standfirst"]')
        assert text(standfirst) not in story.body


def test_furniture_is_on_the_pages_but_not_in_the_truth(truth: SiteTruth) -> None:
    found: set[str] = set()
    for story in truth.stories:
        page_text = text(page(story.url))
        found |= {phrase for phrase in FURNITURE if phrase in page_text}
        for phrase in FURNITURE:
            assert phrase not in story.body, (phrase, story.url)
    assert found == set(FURNITURE)
    # The promotion sits between paragraphs of the body container, not after it.
    story = next(s for s in truth.stories if "water-companies" in s.url)
    (container,) = page(story.url).xpath('//*[@id="maincontent"]')
    assert container.xpath('./aside[@class="email-signup"]/following-sibling::p[not(@class)]')
    assert container.xpath('./aside[@class="rich-link"]') == []
    leasehold = next(s for s in truth.stories if "leasehold" in s.url)
    (container,) = page(leasehold.url).xpath('//*[@id="maincontent"]')
    assert text(container.xpath('./aside[@class="rich-link"]')[0]).startswith("Related: ")


def test_the_moved_story_answers_301_at_its_old_address(truth: SiteTruth, origin: str) -> None:
    moved = next(s for s in truth.stories if "/politics/2024/mar/10/" in s.url)
    old = origin + "/uk-news/2024/mar/10/" + moved.url.rsplit("/", 1)[1]
    assert moved.aliases == (old,)
    status, headers, body = get(old)
    assert (status, headers["location"], body) == (301, moved.url, b"")
    # Still linked from an older listing and an older story, not from the current front.
    assert old in same_site_links(page(origin + "/uk-news/2024/mar/10/all"), old, origin)
    leasehold = next(s for s in truth.stories if "leasehold" in s.url)
    assert old in same_site_links(page(leasehold.url), leasehold.url, origin)
    assert old not in same_site_links(page(origin + "/uk-news"), origin, origin)
    assert moved.url in same_site_links(page(origin + "/politics"), origin, origin)


def test_the_live_blog(truth: SiteTruth) -> None:
    live = next(s for s in truth.stories if "/live/" in s.url)
    doc = page(live.url)
    node = story_node(doc)
    assert node["@type"] == "LiveBlogPosting"
    updates = node["liveBlogUpdate"]
    times = [datetime.fromisoformat(u["datePublished"]) for u in updates]
    assert times == sorted(times, reverse=True) and len(times) == 7
    assert node["coverageStartTime"] == node["datePublished"]
    assert doc.xpath('//noscript/meta[@http-equiv="refresh"]')
    assert "setInterval" in "".join(doc.xpath("//script[not(@type)]/text()"))
    key_events = doc.xpath('//div[@class="key-events"]//a/@href')
    assert len(key_events) == 4
    for href in key_events:
        assert doc.xpath(f'//article[@id="{href[1:]}"]'), href
    # Every update's text is in the truth's body, in page order; the key events list is not.
    for update in updates:
        assert update["articleBody"] in live.body
    assert "Key events" not in live.body
    (filtered,) = live.aliases
    assert filtered == live.url + "?filterKeyEvents=true"
    only_key = page(filtered)
    assert canonical(only_key) == live.url
    assert len(only_key.xpath('//article[@class="block"]')) == 4


# --- Listings ----------------------------------------------------------------------------------


def test_fronts_and_tags_are_paged(truth: SiteTruth, origin: str) -> None:
    for path in ("/world", "/world/extreme-weather"):
        first = page(origin + path)
        assert origin + path + "?page=2" in same_site_links(first, origin + path, origin)
        second = page(origin + path + "?page=2")
        assert origin + path in same_site_links(second, origin + path, origin)
        assert truth.others[origin + path + "?page=2"] in ("listing", "tag")
        cards = [
            a.get("href")
            for doc in (first, second)
            for a in doc.xpath('//ul[@class="items"]//a[@class="card-link"]')
        ]
        assert len(cards) == len(set(cards)) > 3
        assert set(cards) <= {story.url for story in truth.stories}
    world = [s.url for s in truth.stories if s.section == "World news"]
    listed = [
        a.get("href")
        for n in ("", "?page=2")
        for a in page(origin + "/world" + n).xpath('//ul[@class="items"]//a')
    ]
    assert sorted(listed) == sorted(world)


def test_footer_pages(origin: str, truth: SiteTruth) -> None:
    footer = page(origin + "/").xpath("//footer")[0]
    links = {text(a): a.get("href") for a in footer.xpath(".//a")}
    expected = {
        "About us": "about",
        "Contact us": "contact",
        "Help": "help",
        "Privacy policy": "privacy",
        "Terms & conditions": "terms",
        "Newsletters": "newsletters",
    }
    for label, kind in expected.items():
        assert truth.others[links[label]] == kind, label


# --- Feeds and sitemaps ------------------------------------------------------------------------


def test_feeds_are_valid_rss_of_the_stories(truth: SiteTruth, origin: str) -> None:
    stories = by_url(truth)
    for path in ["/"] + [f"/{key}" for key in SECTIONS]:
        (href,) = page(origin + path).xpath(
            '//link[@rel="alternate"][@type="application/rss+xml"]/@href'
        )
        status, headers, body = get(href)
        assert status == 200 and headers["content-type"].startswith("application/rss+xml")
        channel = lxml.etree.fromstring(body).find("channel")
        assert channel is not None
        items = channel.findall("item")
        assert items
        for item in items:
            url = item.findtext("link")
            assert url in stories
            published = parsedate_to_datetime(item.findtext("pubDate") or "")
            assert published.astimezone(LONDON).date().isoformat() == stories[url].published
            assert item.findtext("title") == stories[url].title


def test_robots_names_a_valid_news_sitemap_of_every_story(truth: SiteTruth, origin: str) -> None:
    status, headers, body = get(origin + "/robots.txt")
    assert status == 200 and headers["content-type"].startswith("text/plain")
    sitemaps = [line.split(":", 1)[1].strip() for line in body.decode().splitlines()
                if line.startswith("Sitemap:")]  # fmt: skip
    assert sitemaps == [origin + "/sitemaps/news.xml"]
    status, _, xml = get(sitemaps[0])
    assert status == 200
    ns = {
        "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
        "n": "http://www.google.com/schemas/sitemap-news/0.9",
    }
    root = lxml.etree.fromstring(xml)
    assert sorted(root.xpath("//s:url/s:loc/text()", namespaces=ns)) == sorted(by_url(truth))
    for url in root.xpath("//s:url", namespaces=ns):
        day = datetime.fromisoformat(url.xpath("string(.//n:publication_date)", namespaces=ns))
        loc = url.xpath("string(s:loc)", namespaces=ns)
        assert day.astimezone(LONDON).date().isoformat() == by_url(truth)[loc].published


# --- As the tests' subprocess serves it --------------------------------------------------------


def test_build_process_serves_the_build() -> None:
    process = BuildProcess("publisher")
    try:
        status, headers, _ = get(process.url)
        assert status == 200 and headers["content-type"] == "text/html; charset=UTF-8"
        truth = process.ground_truth()
        assert truth == load("publisher").ground_truth(process.url.rstrip("/"))
        assert all(story.url.startswith(process.url) for story in truth.stories)
        assert get(truth.stories[-1].url)[0] == 200
    finally:
        process.stop()
